"""A full assessment through the wizard, as an inspector does it, checked against the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from app.domain.enums import AnswerSource, CaseStatus, Result
from app.errors import KnownError
from app.rules import score
from app.services.workspace import Workspace
from tests.apk.builders import release_cert, vulnerable_apk
from tests.ui.wizard_helpers import close, close_if_open, register_hospital, type_text
from ui.wizard import PageId, open_new_assessment
from ui.wizard.apk_page import ApkPage
from ui.wizard.domain_page import DomainPage
from ui.wizard.item_editor import OverrideReasonDialog
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


# Results given to the items of each domain page, in turn (a realistic mix).
MIX = (Result.PASS, Result.PASS, Result.PARTIAL, Result.PASS, Result.FAIL, Result.PASS)


def answer_page(qtbot, page: DomainPage) -> None:
    """Answer the page's open items with the keyboard (keys 1–5), leaving those the APK
    analysis can decide to it."""
    for index in range(page.list.count()):
        page.list.setCurrentRow(index)
        item_id = page.current_item_id()
        assert item_id is not None
        if page.context.result(item_id) != Result.NOT_ASSESSED:
            continue
        if page.context.pack.item(item_id).apk_rules:
            continue
        result = MIX[index % len(MIX)]
        page.list.setFocus()
        qtbot.keyClick(page.list, str(list(Result).index(result) + 1))
        assert page.context.result(item_id) == result


def test_full_assessment_walkthrough(
    qtbot,
    request: pytest.FixtureRequest,
    workspace: Workspace,
    pools: Pools,
    tmp_path: Path,
    shown_errors: list[str],
) -> None:
    official = release_cert().sha256
    organisation, application = register_hospital(workspace, certs=(official,))
    wizard = open_new_assessment(workspace, pools, None)
    assert wizard is not None
    request.addfinalizer(lambda: close_if_open(wizard))

    # Case information: organisation and its application are preselected.
    page = wizard.case_page
    assert page.organisation.currentData() == organisation.id
    assert page.application.currentData() == application.id
    assert not wizard.button(QtWidgets.QWizard.WizardButton.NextButton).isEnabled() or (
        page.assessor.text()
    )
    type_text(page.assessor, "张检查")
    page.site.setText("信息中心机房")
    wizard.next()
    assert wizard.currentId() == PageId.FIRST_DOMAIN
    case_id = wizard.case_id
    assert case_id is not None
    case = workspace.cases.get(case_id)
    assert case.assessor == "张检查" and case.site == "信息中心机房"
    assert case.pack is not None and case.pack.sha256 == wizard.pack.hash

    # One n/a with a typed justification, and one evidence file, on the first page.
    first = wizard.currentPage()
    assert isinstance(first, DomainPage)
    first.list.setCurrentRow(1)
    na_item = first.current_item_id()
    qtbot.keyClick(first.list, "4")
    assert first.editor.justification.isVisible()
    assert first.editor.justification.property("missing") is True
    type_text(first.editor.justification, "该系统不提供远程管理")
    first.editor.flush()
    saved = {a.item_id: a for a in workspace.cases.answers(case_id)}
    assert saved[na_item].result == Result.NA
    assert saved[na_item].justification == "该系统不提供远程管理"

    photo = tmp_path / "机房照片.txt"
    photo.write_text("screenshot of the password policy", encoding="utf-8")
    with qtbot.waitSignal(first.editor.evidence.attach_finished, timeout=10000):
        first.editor.evidence.attach_paths([photo])
    stored = workspace.evidence.list(case_id, na_item)
    assert [e.original_name for e in stored] == ["机房照片.txt"]
    assert first.editor.evidence.table.topLevelItem(0).toolTip(2) == stored[0].sha256

    # Every domain page, with the keyboard; Alt+→ moves on.
    while wizard.currentId() < PageId.APK:
        current = wizard.currentPage()
        assert isinstance(current, DomainPage)
        answer_page(qtbot, current)
        done, total = wizard.context.domain_progress(current.domain.id)
        assert done == total - sum(1 for item in current.domain.items if item.apk_rules)
        qtbot.keyClick(
            current.list, QtCore.Qt.Key.Key_Right, QtCore.Qt.KeyboardModifier.AltModifier
        )
    assert wizard.currentId() == PageId.APK

    # A real analysis of a synthetic APK, in a child process, from a worker thread.
    apk_page = wizard.currentPage()
    assert isinstance(apk_page, ApkPage)
    apk = vulnerable_apk(tmp_path / "apks")
    with qtbot.waitSignal(apk_page.analysis_finished, timeout=120000):
        apk_page.analyse_files([apk])
    analyses = workspace.cases.apk_analyses(case_id)
    assert len(analyses) == 1
    summary = apk_page.summary.toPlainText()
    assert "com.example.vulnhospital" in summary
    assert "签名校验通过" in summary  # the sample is signed and untouched
    # Another package signed by another key than the registered app: said at once, in red.
    outcome = apk_page.rows[-1].stage.text()
    assert "Not the registered package." in outcome
    assert "Not signed with the registered certificate." in outcome
    assert "#c62828" in outcome
    answers = {a.item_id: a for a in workspace.cases.answers(case_id)}
    auto = [a for a in answers.values() if a.source == AnswerSource.APK_AUTO]
    assert auto, "the analysis must pre-fill the items it can decide"
    assert all(wizard.pack.item(a.item_id).apk_rules for a in auto)
    assert all(a.note.startswith("[APK]") for a in auto)

    # Override an automatic answer: refused without a reason, kept with one.
    overridable = next(a for a in auto if a.result == Result.FAIL)
    assert wizard.go_to_item(overridable.item_id)
    domain_page = wizard.currentPage()
    assert isinstance(domain_page, DomainPage)
    assert domain_page.editor.auto_info.isVisible()
    asked: list[str] = []

    def no_reason(cls, parent, item, old, new):  # the assessor confirms an empty reason
        asked.append(item.id)
        return "   "

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(OverrideReasonDialog, "ask", classmethod(no_reason))
        assert not domain_page.editor.choose_result(Result.PASS)
    assert asked == [overridable.item_id]
    assert shown_errors and "理由" in shown_errors[-1]
    kept = {a.item_id: a for a in workspace.cases.answers(case_id)}[overridable.item_id]
    assert kept.source == AnswerSource.APK_AUTO and kept.result == Result.FAIL
    assert domain_page.editor.result_buttons[Result.FAIL].isChecked()

    reason = "现场复测：已在服务端启用证书绑定，客户端问题不影响数据传输"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(OverrideReasonDialog, "ask", classmethod(lambda *a: reason))
        assert domain_page.editor.choose_result(Result.PASS)
    overridden = {a.item_id: a for a in workspace.cases.answers(case_id)}[overridable.item_id]
    assert overridden.source == AnswerSource.OVERRIDE
    assert overridden.result == Result.PASS and overridden.auto_result == Result.FAIL
    assert overridden.override_reason == reason

    # Review lists what the analysis could not decide; each entry leads to its item.
    assert wizard.go_to_page(PageId.REVIEW)
    review = wizard.review_page
    assert review is not None
    while review.problems:
        assert review.problems[0].reason == "not_assessed"
        review.problem_list.setCurrentRow(0)
        review.problem_list.setFocus()
        qtbot.keyClick(review.problem_list, QtCore.Qt.Key.Key_Return)
        item_page = wizard.currentPage()
        assert isinstance(item_page, DomainPage)
        assert item_page.current_item_id() == review.problems[0].item_id
        qtbot.keyClick(item_page.list, "3")
        assert wizard.go_to_page(PageId.REVIEW)

    # The score and grade shown are the engine's, and stored on the case.
    answers = {a.item_id: a for a in workspace.cases.answers(case_id)}
    expected = score(wizard.pack, answers)
    assert review.result is not None
    assert review.result.score == expected.score
    assert f"<b>{expected.score}</b>" in review.score_label.text()
    assert f"<b>{expected.grade.value}</b>" in review.grade_label.text()
    assert review.problems == []
    assert review.chart.figure is not None
    stored_case = workspace.cases.get(case_id)
    assert stored_case.score == pytest.approx(float(expected.score))
    assert stored_case.grade == expected.grade

    wizard.button(QtWidgets.QWizard.WizardButton.FinishButton).click()
    assert workspace.cases.get(case_id).status == CaseStatus.SUBMITTED
    assert workspace.cases.get(case_id).provisional is False
    with pytest.raises(KnownError):
        workspace.assessment.submit(case_id)


def test_new_case_form_refuses_bad_input_and_keeps_it(
    qtbot,
    request: pytest.FixtureRequest,
    workspace: Workspace,
    pools: Pools,
    shown_errors: list[str],
) -> None:
    register_hospital(workspace)
    wizard = open_new_assessment(workspace, pools, None)
    assert wizard is not None
    request.addfinalizer(lambda: close_if_open(wizard))
    page = wizard.case_page
    next_button = wizard.button(QtWidgets.QWizard.WizardButton.NextButton)
    page.assessor.clear()
    assert not next_button.isEnabled()
    page.assessor.setText("王五")
    page.reviewer.setText("王五")
    assert next_button.isEnabled()
    next_button.click()
    assert wizard.currentId() == PageId.CASE
    assert shown_errors and "复核人" in shown_errors[-1]
    assert workspace.cases.list() == []
    assert page.reviewer.text() == "王五"
    page.reviewer.setText("赵六")
    next_button.click()
    assert wizard.currentId() == PageId.FIRST_DOMAIN
    assert [c.reviewer for c in workspace.cases.list()] == ["赵六"]
    close(wizard)
