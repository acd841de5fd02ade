"""Error paths: refused submission, bad APK files, closing during an analysis."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtWidgets

from app.domain.enums import CaseStatus, Result
from app.domain.models import Case
from app.services.workspace import Workspace
from tests.ui.wizard_helpers import close, domain_page, open_wizard
from ui.wizard import AssessmentWizard, PageId
from ui.wizard.apk_page import ApkPage
from ui.wizard.domain_page import DomainPage

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def wizard(
    request: pytest.FixtureRequest, workspace: Workspace, pools, case: Case
) -> AssessmentWizard:
    return open_wizard(request, workspace, pools, case.id)


def test_submit_is_refused_while_an_na_lacks_its_justification(
    qtbot, workspace: Workspace, case: Case, wizard: AssessmentWizard
) -> None:
    items = wizard.pack.items
    for item in items[1:]:
        workspace.cases.set_answer(case.id, item.id, Result.PASS)
    wizard.context.reload()
    # The assessor marks the first item n/a but writes no justification.
    assert wizard.go_to_item(items[0].id)
    page = wizard.currentPage()
    assert isinstance(page, DomainPage)
    qtbot.keyClick(page.list, "4")
    assert page.editor.justification.property("missing") is True
    assert page.editor.justification.toolTip()

    assert wizard.go_to_page(PageId.REVIEW)
    review = wizard.review_page
    assert review is not None
    assert [(p.item_id, p.reason) for p in review.problems] == [
        (items[0].id, "na_without_justification")
    ]
    assert items[0].id in review.problem_list.item(0).text()
    wizard.button(QtWidgets.QWizard.WizardButton.FinishButton).click()
    assert wizard.isVisible() and wizard.currentId() == PageId.REVIEW
    assert "1" in review.message.text()
    assert workspace.cases.get(case.id).status == CaseStatus.IN_PROGRESS

    # The listed item leads back to the highlighted field; justifying it allows submitting.
    review.item_requested.emit(items[0].id)
    page = wizard.currentPage()
    assert isinstance(page, DomainPage) and page.current_item_id() == items[0].id
    page.editor.justification.setPlainText("本院不提供该项服务")
    page.editor.flush()
    assert wizard.go_to_page(PageId.REVIEW)
    assert review.problems == []
    wizard.button(QtWidgets.QWizard.WizardButton.FinishButton).click()
    assert workspace.cases.get(case.id).status == CaseStatus.SUBMITTED


def test_a_submitted_case_opens_read_only(
    qtbot, request: pytest.FixtureRequest, workspace: Workspace, pools, case: Case
) -> None:
    service = workspace.assessment
    for item in service.pack(case.id).items:
        workspace.cases.set_answer(case.id, item.id, Result.PASS)
    service.submit(case.id)
    page = domain_page(open_wizard(request, workspace, pools, case.id))
    assert not page.editor.result_box.isEnabled()
    qtbot.keyClick(page.list, "3")
    assert workspace.cases.answers(case.id)[0].result == Result.PASS
    assert not page.editor.evidence.attach_button.isEnabled()


def test_a_bad_apk_file_gives_a_clear_message_and_loses_nothing(
    qtbot, workspace: Workspace, case: Case, wizard: AssessmentWizard, tmp_path: Path
) -> None:
    first_item = wizard.pack.items[0].id
    workspace.cases.set_answer(case.id, first_item, Result.PARTIAL, note="已核对")
    wizard.context.reload()
    assert wizard.go_to_page(PageId.APK)
    page = wizard.currentPage()
    assert isinstance(page, ApkPage)
    bogus = tmp_path / "hospital.apk"
    bogus.write_bytes(b"this is not a zip archive at all" * 10)
    with qtbot.waitSignal(page.analysis_finished, timeout=120000):
        page.analyse_files([bogus])
    message = page.rows[0].stage.text()
    assert "hospital.apk" in page.rows[0].name.text()
    assert "未能分析" in message or "Not analysed" in message
    assert not page.running()
    assert workspace.cases.apk_analyses(case.id) == []
    answers = workspace.cases.answers(case.id)
    assert [(a.item_id, a.result, a.note) for a in answers] == [
        (first_item, Result.PARTIAL, "已核对")
    ]
    assert wizard.isVisible()


def test_closing_during_an_analysis_stops_it(
    qtbot, workspace: Workspace, case: Case, wizard: AssessmentWizard, tmp_path: Path, pools
) -> None:
    from tests.apk.builders import vulnerable_apk

    assert wizard.go_to_page(PageId.APK)
    page = wizard.currentPage()
    assert isinstance(page, ApkPage)
    page.analyse_files([vulnerable_apk(tmp_path)])
    assert page.running()
    close(wizard)
    pools.shutdown()
    assert workspace.cases.apk_analyses(case.id) == []
    assert workspace.cases.answers(case.id) == []


def test_cancel_stops_one_analysis_and_keeps_the_page_usable(
    qtbot, workspace: Workspace, case: Case, wizard: AssessmentWizard, tmp_path: Path
) -> None:
    from tests.apk.builders import clean_apk

    assert wizard.go_to_page(PageId.APK)
    page = wizard.currentPage()
    assert isinstance(page, ApkPage)
    with qtbot.waitSignal(page.analysis_finished, timeout=120000):
        page.analyse_files([clean_apk(tmp_path)])
        page.rows[0].cancel_button.click()
    assert "取消" in page.rows[0].stage.text() or "Cancelled" in page.rows[0].stage.text()
    assert workspace.cases.apk_analyses(case.id) == []
    with qtbot.waitSignal(page.analysis_finished, timeout=120000):
        page.analyse_files([clean_apk(tmp_path, name="again.apk")])
    assert len(workspace.cases.apk_analyses(case.id)) == 1
    assert page.history.count() == 1


def test_a_dropped_folder_is_analysed_file_by_file_and_an_empty_one_is_explained(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    workspace: Workspace,
    case: Case,
    wizard: AssessmentWizard,
    tmp_path: Path,
) -> None:
    assert wizard.go_to_page(PageId.APK)
    page = wizard.currentPage()
    assert isinstance(page, ApkPage)
    channel = tmp_path / "channel"
    channel.mkdir()
    (channel / "copy-a.apk").write_bytes(b"not a zip" * 10)
    (channel / "notes.txt").write_text("ignored")
    with qtbot.waitSignal(page.analysis_finished, timeout=120000):
        page.analyse_files([channel])
    assert [row.name.text() for row in page.rows] == ["copy-a.apk"]

    shown: list[str] = []
    monkeypatch.setattr(
        "ui.wizard.apk_page.show_error", lambda _parent, exc: shown.append(exc.message("en"))
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    page.analyse_files([empty])
    assert shown == [f"no APK files in the folder: {empty}"]
    assert len(page.rows) == 1  # nothing new started
