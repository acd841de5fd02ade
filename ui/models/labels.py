"""Translated display names for the domain's stored codes (enums)."""

from __future__ import annotations

from PySide6 import QtCore

from app.domain.enums import AppStatus, CaseStatus, CaseType, Platform


def case_status(status: CaseStatus) -> str:
    return {
        CaseStatus.DRAFT: QtCore.QCoreApplication.translate("Labels", "Draft"),
        CaseStatus.IN_PROGRESS: QtCore.QCoreApplication.translate("Labels", "In progress"),
        CaseStatus.SUBMITTED: QtCore.QCoreApplication.translate("Labels", "Submitted"),
        CaseStatus.APPROVED: QtCore.QCoreApplication.translate("Labels", "Approved"),
        CaseStatus.ARCHIVED: QtCore.QCoreApplication.translate("Labels", "Archived"),
    }[CaseStatus(status)]


def case_type(kind: CaseType) -> str:
    return {
        CaseType.INITIAL: QtCore.QCoreApplication.translate("Labels", "Initial assessment"),
        CaseType.PERIODIC: QtCore.QCoreApplication.translate("Labels", "Periodic assessment"),
        CaseType.SPOT_CHECK: QtCore.QCoreApplication.translate("Labels", "Spot check"),
        CaseType.READMISSION: QtCore.QCoreApplication.translate("Labels", "Re-admission"),
        CaseType.SELF_ASSESSMENT: QtCore.QCoreApplication.translate("Labels", "Self-assessment"),
    }[CaseType(kind)]


def app_status(status: AppStatus) -> str:
    return {
        AppStatus.REGISTERED: QtCore.QCoreApplication.translate("Labels", "Registered"),
        AppStatus.ACTIVE: QtCore.QCoreApplication.translate("Labels", "Active"),
        AppStatus.SUSPENDED: QtCore.QCoreApplication.translate("Labels", "Suspended"),
        AppStatus.REMOVED: QtCore.QCoreApplication.translate("Labels", "Removed"),
    }[AppStatus(status)]


def platform(kind: Platform) -> str:
    return {
        Platform.ANDROID: "Android",
        Platform.IOS: "iOS",
        Platform.MINIPROGRAM: QtCore.QCoreApplication.translate("Labels", "Mini program"),
        Platform.WEB: QtCore.QCoreApplication.translate("Labels", "Web"),
    }[Platform(kind)]
