"""Shared set-up for the wizard tests (plain functions; the fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.enums import CaseType
from app.domain.models import Application, Case, Organisation
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.workspace import Workspace
from ui.wizard import AssessmentWizard, PageId, open_assessment
from ui.wizard import settings as wizard_settings
from ui.wizard.domain_page import DomainPage
from ui.workers import Pools

OFFICIAL_VERSION_CODE = 10


def isolate_settings(folder: Path) -> None:
    """Point the workstation's QSettings (INI, user scope) at a test folder."""
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(folder)
    )
    wizard_settings.settings().clear()


def register_hospital(
    workspace: Workspace, certs: tuple[str, ...] = ()
) -> tuple[Organisation, Application]:
    organisation = workspace.organisations.add("测试市人民医院", "123301004700123455")
    application = workspace.applications.add(
        ApplicationInput(
            organisation_id=organisation.id,
            name="测试医院",
            package="cn.example.clean",
            official_cert_sha256=certs,
            official_version_code=OFFICIAL_VERSION_CODE,
        )
    )
    return organisation, application


def new_case(workspace: Workspace, organisation: Organisation, application: Application) -> Case:
    return workspace.cases.create(
        NewCase(
            organisation_id=organisation.id,
            application_id=application.id,
            case_type=CaseType.INITIAL,
            assessor="张检查",
        )
    )


def open_wizard(
    request: pytest.FixtureRequest, workspace: Workspace, pools: Pools, case_id: int
) -> AssessmentWizard:
    """Open the case's wizard as the main window does; it is closed when the test ends."""
    wizard = open_assessment(workspace, pools, case_id, None)
    assert wizard is not None
    request.addfinalizer(lambda: close_if_open(wizard))
    return wizard


def domain_page(wizard: AssessmentWizard, page_id: int = PageId.FIRST_DOMAIN) -> DomainPage:
    """Walk to a domain page (the first unless told) and return it."""
    assert wizard.go_to_page(page_id)
    page = wizard.currentPage()
    assert isinstance(page, DomainPage)
    return page


def close_if_open(wizard: AssessmentWizard) -> None:
    """Test teardown: wizards delete themselves on close, so only close live ones."""
    if shiboken6.isValid(wizard) and wizard.isVisible():
        close(wizard)


def close(wizard: AssessmentWizard) -> None:
    """Close like the user does (the Close button), which saves and releases the lock."""
    wizard.button(QtWidgets.QWizard.WizardButton.CancelButton).click()


def type_text(widget: QtWidgets.QWidget, text: str) -> None:
    """Type Chinese the way an input method does: one committed string.

    (QTest's key clicks only know keys that exist on a keyboard.)
    """
    widget.setFocus()
    event = QtGui.QInputMethodEvent()
    event.setCommitString(text)
    QtCore.QCoreApplication.sendEvent(widget, event)
