"""Display names of the codes the wizard shows (results, severities, methods).

Codes come from the core; the words are translated here with Qt (context
"Labels"), so they follow the interface language like every other string.
"""

from __future__ import annotations

from PySide6 import QtCore

from app.domain.enums import Result

translate = QtCore.QCoreApplication.translate


# Keyboard order: 1 pass … 5 not assessed.
RESULT_ORDER = (Result.PASS, Result.PARTIAL, Result.FAIL, Result.NA, Result.NOT_ASSESSED)


def result_label(result: Result) -> str:
    names = {
        Result.PASS: translate("Labels", "Pass"),
        Result.PARTIAL: translate("Labels", "Partial"),
        Result.FAIL: translate("Labels", "Fail"),
        Result.NA: translate("Labels", "Not applicable"),
        Result.NOT_ASSESSED: translate("Labels", "Not assessed"),
    }
    return names[Result(result)]


def severity_label(severity: str) -> str:
    names = {
        "high": translate("Labels", "High"),
        "medium": translate("Labels", "Medium"),
        "low": translate("Labels", "Low"),
    }
    names |= {"critical": translate("Labels", "Critical"), "info": translate("Labels", "Info")}
    return names.get(severity, severity)


def method_label(method: str) -> str:
    names = {
        "interview": translate("Labels", "Interview"),
        "document": translate("Labels", "Document review"),
        "config": translate("Labels", "Configuration check"),
        "test": translate("Labels", "Test"),
    }
    return names.get(method, method)


def veto_label() -> str:
    return translate("Labels", "Veto item")


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
