"""The wizard's case page edits an assessed case's facts and is read-only once submitted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6 import QtCore
from pytestqt.qtbot import QtBot

from app.domain.enums import CaseStatus, CaseType
from app.domain.models import Case
from app.services.applications import ApplicationInput
from app.services.workspace import Workspace
from tests.helpers import answer_every_item
from tests.ui.wizard_helpers import (
    close_if_open,
    new_case,
    register_hospital,
    type_text,
)
from ui.wizard import AssessmentWizard, PageId, open_assessment
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def case(workspace: Workspace) -> Case:
    """The shared case fixture's hospital, registering a second app to switch to."""
    organisation, application = register_hospital(workspace)
    workspace.applications.add(
        ApplicationInput(
            organisation_id=organisation.id, name="测试小程序", package="cn.example.mp"
        )
    )
    return new_case(workspace, organisation, application)


def opened(workspace: Workspace, pools: Pools, case: Case) -> AssessmentWizard:
    wizard = open_assessment(workspace, pools, case.id, None)
    assert wizard is not None
    return wizard


@pytest.fixture
def wizard(workspace: Workspace, pools: Pools, case: Case) -> Iterator[AssessmentWizard]:
    wizard = opened(workspace, pools, case)
    yield wizard
    close_if_open(wizard)


def test_facts_are_saved_as_they_change(
    qtbot: QtBot, workspace: Workspace, wizard: AssessmentWizard, case: Case
) -> None:
    page = wizard.case_page
    assert wizard.currentId() == PageId.CASE
    assert not page.organisation.isEnabled()
    for widget in (page.application, page.case_type, page.assessor, page.site, page.date):
        assert widget.isEnabled()
    changes: list[int] = []
    wizard.case_changed.connect(changes.append)

    type_text(page.site, "信息中心三楼")
    qtbot.waitUntil(lambda: workspace.cases.get(case.id).site == "信息中心三楼", timeout=5000)
    page.case_type.setCurrentIndex(page.case_type.findData(CaseType.SPOT_CHECK))
    assert workspace.cases.get(case.id).case_type == CaseType.SPOT_CHECK  # at once
    page.application.setCurrentIndex(
        page.application.findText("测试小程序", QtCore.Qt.MatchFlag.MatchStartsWith)
    )
    saved = workspace.cases.get(case.id)
    assert saved.application_name == "测试小程序"
    assert wizard.context is not None and wizard.context.case.application_name == "测试小程序"
    assert "测试小程序" in wizard.windowTitle()
    page.date.setDate(QtCore.QDate(2026, 5, 4))
    assert wizard.go_to_page(PageId.FIRST_DOMAIN)  # leaving the page saves what is pending
    assert workspace.cases.get(case.id).assessment_date.isoformat() == "2026-05-04"
    qtbot.waitUntil(lambda: case.id in changes, timeout=5000)


def test_a_refused_change_is_shown_and_what_was_typed_stays(
    workspace: Workspace, wizard: AssessmentWizard, case: Case
) -> None:
    page = wizard.case_page
    type_text(page.reviewer, case.assessor)
    assert page.flush() is False
    assert "复核人不能与评估人为同一人" in page.notice.text()
    assert page.reviewer.text() == case.assessor
    assert workspace.cases.get(case.id).reviewer == ""
    # Next is refused while the page holds a refused change.
    assert not wizard.go_to_page(PageId.FIRST_DOMAIN)
    assert wizard.currentId() == PageId.CASE
    page.reviewer.setText("李复核")
    page.reviewer.editingFinished.emit()
    assert workspace.cases.get(case.id).reviewer == "李复核"
    assert "复核人" not in page.notice.text()


def test_a_submitted_case_is_read_only(workspace: Workspace, pools: Pools, case: Case) -> None:
    answer_every_item(workspace, case.id)
    workspace.cases.set_status(case.id, CaseStatus.SUBMITTED)
    wizard = opened(workspace, pools, case)
    try:
        page = wizard.case_page
        for widget in (page.application, page.case_type, page.assessor, page.site, page.date):
            assert not widget.isEnabled()
        page.site.setText("改不了")
        page.site.textEdited.emit("改不了")
        assert page.flush() is True  # nothing to save for a read-only case
        assert workspace.cases.get(case.id).site == ""
    finally:
        close_if_open(wizard)
