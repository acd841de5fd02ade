"""The main window: case list, filters, sorting, shortcuts, wizard hand-off, layout memory."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from app.domain.enums import CaseStatus, CaseType, Grade
from app.domain.models import Case
from app.services.cases import NewCase
from app.services.workspace import Workspace
from tests.ui import main_support
from tests.ui.main_support import WindowFactory
from ui import main_window as main_window_module
from ui.models.case_table import CaseColumn, CaseCriteria

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(main_support.OFFSCREEN_NOISE)]
demo_workspace = main_support.demo_workspace
open_window = main_support.open_window

VALID_CODE = "91350100M000100Y43"


def _second_case(workspace: Workspace) -> Case:
    """Another hospital with a draft case from last year (the demo case is in progress)."""
    org = workspace.organisations.add("乙市中心医院", VALID_CODE)
    return workspace.cases.create(
        NewCase(
            organisation_id=org.id,
            case_type=CaseType.SPOT_CHECK,
            assessor="李评估",
            assessment_date=date(date.today().year - 1, 6, 1),
        )
    )


def _ids_shown(window: main_window_module.MainWindow) -> list[int]:
    proxy = window.case_proxy
    return [int(proxy.index(row, CaseColumn.ID).data()) for row in range(proxy.rowCount())]


def test_opens_on_the_workspace_with_the_demo_case_listed(
    open_window: WindowFactory, demo_workspace: Workspace
) -> None:
    window = open_window()
    assert window.case_model.rowCount() == 1
    organisation = window.case_proxy.index(0, CaseColumn.ORGANISATION).data()
    assert organisation == "示例市第一人民医院（互联网医院）"
    assert str(demo_workspace.data_dir) in window.database_label.text()
    assert "1" in window.case_count_label.text()
    assert window.organisation_model.rowCount() == 1
    assert window.application_model.rowCount() == 1
    assert "ihsa-internet-hospital" in window.rule_pack_label.text()


def test_search_and_filters_narrow_the_list(
    open_window: WindowFactory, demo_workspace: Workspace
) -> None:
    other = _second_case(demo_workspace)
    window = open_window()
    assert sorted(_ids_shown(window)) == [1, other.id]

    window.search_edit.setText("乙市")
    assert _ids_shown(window) == [other.id]
    assert "1" in window.case_count_label.text() and "2" in window.case_count_label.text()
    window.search_edit.setText("乙市 张检查")  # every word must match
    assert _ids_shown(window) == []
    window.search_edit.clear()

    window.organisation_filter.setCurrentIndex(window.organisation_filter.findData(1))
    assert _ids_shown(window) == [1]
    assert window.application_filter.count() == 2  # "all" + the demo organisation's app
    window.clear_filters()
    assert len(_ids_shown(window)) == 2

    window.status_filter.setCurrentIndex(window.status_filter.findData("draft"))
    assert _ids_shown(window) == [other.id]
    window.clear_filters()

    window.from_check.setChecked(True)
    window.from_date.setDate(QtCore.QDate(date.today().year, 1, 1))
    assert _ids_shown(window) == [1]
    window.from_check.setChecked(False)
    window.to_check.setChecked(True)
    window.to_date.setDate(QtCore.QDate(date.today().year - 1, 12, 31))
    assert _ids_shown(window) == [other.id]


def test_grade_and_date_criteria() -> None:
    graded = Case(1, 1, None, CaseType.INITIAL, CaseStatus.APPROVED, "甲", grade=Grade.B)
    ungraded = Case(2, 1, None, CaseType.INITIAL, CaseStatus.DRAFT, "乙")
    only_b = CaseCriteria(grade=Grade.B)
    assert only_b.accepts(graded) and not only_b.accepts(ungraded)
    dated = CaseCriteria(date_from=date(2025, 1, 1))
    assert not dated.accepts(graded)  # a case without a date is outside any range


def test_sorting_by_number_and_date(open_window: WindowFactory, demo_workspace: Workspace) -> None:
    other = _second_case(demo_workspace)
    window = open_window()
    window.case_view.sortByColumn(CaseColumn.ID, QtCore.Qt.SortOrder.AscendingOrder)
    assert _ids_shown(window) == [1, other.id]
    window.case_view.sortByColumn(CaseColumn.ID, QtCore.Qt.SortOrder.DescendingOrder)
    assert _ids_shown(window) == [other.id, 1]
    window.case_view.sortByColumn(CaseColumn.DATE, QtCore.Qt.SortOrder.AscendingOrder)
    assert _ids_shown(window) == [other.id, 1]  # last year's case first


def test_double_click_opens_the_case_in_the_wizard_and_its_changes_refresh_the_list(
    open_window: WindowFactory,
    demo_workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    opened: list[int] = []

    class FakeWizard(QtWidgets.QDialog):
        case_changed = QtCore.Signal(int)

    wizard = FakeWizard()
    qtbot.addWidget(wizard)

    def open_assessment(workspace, pools, case_id, parent):  # type: ignore[no-untyped-def]
        opened.append(case_id)
        return wizard

    fake = SimpleNamespace(open_assessment=open_assessment)
    monkeypatch.setattr(main_window_module, "wizard_module", lambda: fake)
    window = open_window()
    other = _second_case(demo_workspace)  # appears only after the refresh
    index = window.case_proxy.index(0, CaseColumn.ORGANISATION)
    window.case_view.doubleClicked.emit(index)
    assert opened == [1]
    window.case_view.sortByColumn(CaseColumn.ID, QtCore.Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(window.data_refreshed, timeout=10_000):
        wizard.case_changed.emit(other.id)  # e.g. a case the wizard just created
    assert window.selected_case() is not None and window.selected_case().id == other.id


def test_every_main_action_has_its_shortcut(open_window: WindowFactory) -> None:
    window = open_window()
    expected = {
        window.new_case_action: "Ctrl+N",
        window.open_case_action: "Ctrl+O",
        window.find_action: "Ctrl+F",
        window.refresh_action: "F5",
        window.quit_action: "Ctrl+Q",
    }
    for action, keys in expected.items():
        assert QtGui.QKeySequence(keys) in action.shortcuts(), action.text()
    toolbar_texts = [a.iconText() for a in window.toolbar.actions() if not a.isSeparator()]
    assert all(toolbar_texts)
    assert window.toolbar.toolButtonStyle() != QtCore.Qt.ToolButtonStyle.ToolButtonIconOnly


def test_find_focuses_the_search_field(open_window: WindowFactory, qtbot: QtBot) -> None:
    window = open_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.find_action.trigger()
    qtbot.waitUntil(window.search_edit.hasFocus, timeout=2000)


def test_window_layout_is_remembered_across_a_restart(
    open_window: WindowFactory, settings_dir: Path
) -> None:
    window = open_window()
    window.resize(700, 500)  # the offscreen screen is 800×600
    window.case_view.sortByColumn(CaseColumn.ASSESSOR, QtCore.Qt.SortOrder.AscendingOrder)
    window.case_splitter.setSizes([450, 230])
    splitter_sizes = window.case_splitter.sizes()
    window.close()
    assert any(settings_dir.rglob("*.ini"))

    again = open_window()
    assert again.size() == QtCore.QSize(700, 500)
    header = again.case_view.horizontalHeader()
    assert header.sortIndicatorSection() == CaseColumn.ASSESSOR
    assert header.sortIndicatorOrder() == QtCore.Qt.SortOrder.AscendingOrder
    assert again.case_splitter.sizes() == splitter_sizes


def test_open_case_shows_the_wizard_once_and_closing_the_window_releases_the_case(
    open_window: WindowFactory, demo_workspace: Workspace, qtbot: QtBot
) -> None:
    from ui.wizard import AssessmentWizard

    def wizards() -> list[AssessmentWizard]:
        return [
            w
            for w in QtWidgets.QApplication.topLevelWidgets()
            if isinstance(w, AssessmentWizard) and w.isVisible()
        ]

    window = open_window()
    window.show()
    window.open_selected_case()
    assert [w.case_id for w in wizards()] == [1]
    window.open_case(1)  # already open: brought to the front, not opened twice
    assert len(wizards()) == 1

    window.close()
    qtbot.waitUntil(lambda: not wizards(), timeout=5000)
    demo_workspace.cases.acquire_lock(1, "someone-else")  # the wizard let go of the case
