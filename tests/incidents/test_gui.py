"""The incidents tab and the statistics dialog, driven as a user would (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from app.domain.enums import IncidentSeverity, IncidentStatus, NoticeChannel
from app.services.incidents import NoticeRequest
from app.services.workspace import Workspace
from tests.incidents.conftest import Hospital, as_user, hours_ago, incident_input
from tests.ui.conftest import collect_on_the_gui_thread, settings_dir  # noqa: F401  (autouse)
from tests.ui.main_support import OFFSCREEN_NOISE
from ui.app_settings import AppSettings
from ui.incidents import dialogs
from ui.main_window import MainWindow
from ui.workers import Pools

pytestmark = [
    pytest.mark.gui,
    pytest.mark.usefixtures("messages"),
    pytest.mark.qt_log_ignore(OFFSCREEN_NOISE),
]


@pytest.fixture
def pools() -> Iterator[Pools]:
    pools = Pools()
    yield pools
    pools.shutdown()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded, never shown modally."""
    shown: list[str] = []

    def record(parent: object, title: str, text: str, *args: object) -> object:
        shown.append(text)
        return QtWidgets.QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", record)
    monkeypatch.setattr(QtWidgets.QMessageBox, "information", record)
    return shown


@pytest.fixture
def window(qtbot, workspace: Workspace, pools: Pools) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(workspace, pools, AppSettings())
    qtbot.addWidget(win)
    return win


def rows(window: MainWindow) -> list[int]:
    proxy = window.incidents.view.proxy
    return [int(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


def wait_idle(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not view.busy, timeout=10000)


def test_tab_menu_and_overdue_highlight(
    window: MainWindow, workspace: Workspace, hospital: Hospital
) -> None:
    late = workspace.incidents.add(
        incident_input(hospital, severity=IncidentSeverity.CRITICAL, discovered=hours_ago(5)),
    )
    workspace.incidents.add(incident_input(hospital))
    menu = window.incidents
    menu.show_action.trigger()
    assert window.tabs.currentWidget() is menu.view
    assert menu.show_action.shortcut().toString() == "Ctrl+4"
    menu.view.refresh()
    assert sorted(rows(window)) == [1, 2]
    model = menu.view.model
    late_row = [i.id for i in model.incidents()].index(late.id)
    background = model.index(late_row, 0).data(QtCore.Qt.ItemDataRole.BackgroundRole)
    assert background is not None
    assert "1" in menu.view.overdue_label.text()
    menu.view.overdue_check.setChecked(True)
    assert rows(window) == [late.id]


def test_record_an_incident_through_the_form(
    qtbot, window: MainWindow, hospital: Hospital, workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    view = window.incidents.view
    dialog = window.incidents.new_action.trigger() or view.findChild(dialogs.IncidentDialog)
    assert isinstance(dialog, dialogs.IncidentDialog)
    dialog.buttons.accepted.emit()  # empty title: refused inline, nothing lost
    qtbot.waitUntil(lambda: not dialog.error_label.isHidden(), timeout=10000)
    assert "title" in dialog.error_label.text()
    dialog.title_edit.setText("渠道发现仿冒安装包")  # QTest types Latin keys only
    dialog.application_combo.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.buttons.accepted.emit()
    (incident,) = workspace.incidents.list()
    assert incident.title == "渠道发现仿冒安装包" and incident.application_id == hospital.app.id
    assert view.selected() is not None and view.selected().id == incident.id


def test_notice_delivery_close_and_reopen(
    qtbot,
    window: MainWindow,
    workspace: Workspace,
    hospital: Hospital,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    incident = workspace.incidents.add(incident_input(hospital))
    view = window.incidents.view
    view.refresh()
    view.select(incident.id)
    assert not view.close_button.isEnabled()
    letter = tmp_path / "notice.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: letter)
    notice = view.notify_selected()
    assert notice is not None
    notice.accept()
    wait_idle(qtbot, view)
    assert letter.read_bytes().startswith(b"%PDF")
    assert view.deliver_button.isEnabled()
    monkeypatch.setattr(dialogs, "ask_item", lambda *a: 0)
    view.record_delivery()
    wait_idle(qtbot, view)
    assert workspace.incidents.get(incident.id).status == IncidentStatus.NOTIFIED
    monkeypatch.setattr(dialogs, "ask_text", lambda *a: "已处置")
    view.close_selected()
    wait_idle(qtbot, view)
    assert workspace.incidents.get(incident.id).status == IncidentStatus.CLOSED
    assert view.reopen_button.isEnabled() and not view.notify_button.isEnabled()
    view.reopen_selected()
    wait_idle(qtbot, view)
    assert workspace.incidents.get(incident.id).status == IncidentStatus.OPEN
    assert "Reopened" in view.details.toPlainText()


def test_refusal_is_shown_and_nothing_changes(
    qtbot,
    window: MainWindow,
    workspace: Workspace,
    hospital: Hospital,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    incident = workspace.incidents.add(incident_input(hospital))
    view = window.incidents.view
    view.refresh()
    view.select(incident.id)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a: "已处置")
    view.close_selected()  # not notified yet
    wait_idle(qtbot, view)
    assert messages and "notify the organisation" in messages[-1]
    assert workspace.incidents.get(incident.id).status == IncidentStatus.OPEN


def test_statistics_dialog_shows_and_exports(
    qtbot,
    window: MainWindow,
    workspace: Workspace,
    hospital: Hospital,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    workspace.incidents.add(incident_input(hospital))
    dialog = window.incidents.statistics_action.trigger() or window.findChild(
        QtWidgets.QDialog, "statistics_dialog"
    )
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.stats is not None, timeout=60000)
    assert dialog.stats.incidents.total == 1
    assert dialog.chart.figure is not None and "1" in dialog.summary.text()
    out = tmp_path / "stats.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: out)
    with qtbot.waitSignal(dialog.report_written, timeout=60000):
        dialog.export_pdf()
    assert out.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(dialog.progress.isHidden, timeout=10000)
    assert dialog.export_button.isEnabled()
    dialog.kind_combo.setCurrentIndex(3)  # from – to
    dialog.from_edit.setDate(QtCore.QDate(2026, 3, 1))
    dialog.to_edit.setDate(QtCore.QDate(2026, 2, 1))
    dialog.show_figures()  # reversed range: refused with a message, nothing computed
    assert dialog.show_button.isEnabled()


def test_signed_in_refusal_is_a_message_and_the_history_names_the_account(
    qtbot,
    office: Workspace,
    hospital: Hospital,
    pools: Pools,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    zhang = as_user(office, "zhang")
    incident = zhang.incidents.add(incident_input(hospital))
    window = MainWindow(zhang, pools, AppSettings())
    qtbot.addWidget(window)
    view = window.incidents.view
    view.refresh()
    view.select(incident.id)
    monkeypatch.setattr(dialogs, "ask_item", lambda *a: 0)
    zhang.incidents.notify(
        incident.id, NoticeRequest(channel=NoticeChannel.PHONE, contacts=("王敏",))
    )
    view.refresh()
    view.select(incident.id)
    view.record_delivery()  # an assessor may record the delivery
    wait_idle(qtbot, view)
    assert zhang.incidents.get(incident.id).status == IncidentStatus.NOTIFIED
    monkeypatch.setattr(dialogs, "ask_text", lambda *a: "已处置")
    view.close_selected()  # closing is a reviewer's
    wait_idle(qtbot, view)
    assert messages and "zhang may not do this" in messages[-1]
    assert zhang.incidents.get(incident.id).status == IncidentStatus.NOTIFIED
    assert "zhang" in view.details.toPlainText()
