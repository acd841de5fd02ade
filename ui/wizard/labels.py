"""Display names of the codes the wizard shows (results, severities, methods, case types).

Codes come from the core; the words are translated here with Qt (context
"Labels"), so they follow the interface language like every other string.
"""

from __future__ import annotations

from PySide6 import QtCore

from app.domain.enums import CaseType, Result


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("Labels", text)


# Keyboard order: 1 pass … 5 not assessed.
RESULT_ORDER = (Result.PASS, Result.PARTIAL, Result.FAIL, Result.NA, Result.NOT_ASSESSED)


def result_label(result: Result) -> str:
    names = {
        Result.PASS: _tr("Pass"),
        Result.PARTIAL: _tr("Partial"),
        Result.FAIL: _tr("Fail"),
        Result.NA: _tr("Not applicable"),
        Result.NOT_ASSESSED: _tr("Not assessed"),
    }
    return names[Result(result)]


def severity_label(severity: str) -> str:
    names = {"high": _tr("High"), "medium": _tr("Medium"), "low": _tr("Low")}
    names |= {"critical": _tr("Critical"), "info": _tr("Info")}
    return names.get(severity, severity)


def method_label(method: str) -> str:
    names = {
        "interview": _tr("Interview"),
        "document": _tr("Document review"),
        "config": _tr("Configuration check"),
        "test": _tr("Test"),
    }
    return names.get(method, method)


def case_type_label(case_type: CaseType) -> str:
    names = {
        CaseType.INITIAL: _tr("Initial assessment"),
        CaseType.PERIODIC: _tr("Periodic assessment"),
        CaseType.SPOT_CHECK: _tr("Spot check"),
        CaseType.READMISSION: _tr("Re-admission"),
        CaseType.SELF_ASSESSMENT: _tr("Self-assessment"),
    }
    return names[CaseType(case_type)]


def veto_label() -> str:
    return _tr("Veto item")


def auto_label() -> str:
    return _tr("auto (APK analysis)")


def override_label() -> str:
    return _tr("overridden")


# Colours that carry the result at a glance (always next to the result's name).
RESULT_COLOURS = {
    Result.PASS: "#2e7d32",
    Result.PARTIAL: "#b26a00",
    Result.FAIL: "#c62828",
    Result.NA: "#546e7a",
    Result.NOT_ASSESSED: "#757575",
}


def format_size(size: int) -> str:
    units = ("B", "KB", "MB", "GB")
    value = float(size)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
