"""Nothing is lost: answers and notes are saved as they change; reopening resumes in place."""

from __future__ import annotations

import pytest
from PySide6 import QtCore

from app import i18n
from app.domain.enums import Result
from app.domain.models import Case
from app.services.workspace import Workspace
from tests.ui.wizard_helpers import close, domain_page, open_wizard, type_text
from ui.wizard import PageId, open_assessment
from ui.wizard.domain_page import DomainPage
from ui.wizard.item_editor import SAVE_DELAY_MS
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def case_id(case: Case) -> int:
    return case.id


def test_reopening_resumes_on_the_same_page_and_item_with_answers_intact(
    qtbot, request: pytest.FixtureRequest, workspace: Workspace, pools: Pools, case_id: int
) -> None:
    wizard = open_wizard(request, workspace, pools, case_id)
    assert wizard.currentId() == PageId.CASE  # a fresh case starts at its information
    third = PageId.FIRST_DOMAIN + 2
    page = domain_page(wizard, third)
    page.list.setCurrentRow(3)
    item_id = page.current_item_id()
    page.list.setFocus()
    qtbot.keyClick(page.list, "3")  # fail
    type_text(page.editor.note, "日志仅保留 30 天")
    # Closed before the debounce fired: the note must still be saved.
    close(wizard)
    answer = {a.item_id: a for a in workspace.cases.answers(case_id)}[item_id]
    assert answer.result == Result.FAIL
    assert answer.note == "日志仅保留 30 天"

    again = open_wizard(request, workspace, pools, case_id)
    assert again.currentId() == third
    page = again.currentPage()
    assert isinstance(page, DomainPage)
    assert page.current_item_id() == item_id
    assert page.editor.result_buttons[Result.FAIL].isChecked()
    assert page.editor.note.toPlainText() == "日志仅保留 30 天"
    assert again.visitedIds()[0] == PageId.CASE  # Back still works after resuming
    again.back()
    assert again.currentId() == third - 1


def test_typed_note_is_saved_after_a_pause_without_leaving_the_field(
    qtbot, request: pytest.FixtureRequest, workspace: Workspace, pools: Pools, case_id: int
) -> None:
    wizard = open_wizard(request, workspace, pools, case_id)
    page = domain_page(wizard)
    item_id = page.current_item_id()
    type_text(page.editor.note, "已核对口令策略")
    assert workspace.cases.answers(case_id) == []  # not on every keystroke

    def saved() -> None:
        answers = workspace.cases.answers(case_id)
        assert [(a.item_id, a.note) for a in answers] == [(item_id, "已核对口令策略")]

    qtbot.waitUntil(saved, timeout=SAVE_DELAY_MS * 10)
    assert workspace.cases.answers(case_id)[0].result == Result.NOT_ASSESSED


def test_second_window_on_the_same_case_is_refused_with_the_reason(
    qtbot,
    request: pytest.FixtureRequest,
    workspace: Workspace,
    pools: Pools,
    case_id: int,
    shown_errors: list[str],
) -> None:
    first = open_wizard(request, workspace, pools, case_id)
    assert open_assessment(workspace, pools, case_id, None) is None
    assert shown_errors and f"案件 {case_id} 正在另一个窗口中编辑" in shown_errors[0]
    close(first)
    second = open_wizard(request, workspace, pools, case_id)
    assert second.isVisible()


def test_lock_left_by_a_crashed_program_is_taken_over(
    qtbot, request: pytest.FixtureRequest, workspace: Workspace, pools: Pools, case_id: int
) -> None:
    import socket
    import subprocess
    import sys

    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    workspace.cases.acquire_lock(case_id, f"someone@{socket.gethostname()}:{dead_pid}:abcd1234")
    wizard = open_wizard(request, workspace, pools, case_id)
    assert wizard.isVisible()


def test_item_texts_follow_the_interface_language(
    qtbot, request: pytest.FixtureRequest, workspace: Workspace, pools: Pools, case_id: int
) -> None:
    wizard = open_wizard(request, workspace, pools, case_id)
    page = domain_page(wizard)
    item = page.domain.items[0]
    assert item.title["zh"] in page.list.item(0).text()
    assert item.title["zh"] in page.editor.title.text()
    assert page.title() == page.domain.title["zh"]

    i18n.set_language("en")
    QtCore.QCoreApplication.sendEvent(wizard, QtCore.QEvent(QtCore.QEvent.Type.LanguageChange))
    assert item.title["en"] in page.list.item(0).text()
    assert item.title["en"] in page.editor.title.text()
    assert page.title() == page.domain.title["en"]
    assert page.domain.title["en"] in wizard.navigator.item(1).text()
