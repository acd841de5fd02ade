"""The Account menu, the signed-in label, the sign-in dialog and the audit log viewer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtWidgets

from app.domain.enums import Role
from app.services.workspace import Workspace
from tests.accounts.conftest import PASSWORDS
from tests.ui.wizard_helpers import isolate_settings
from ui.accounts.sign_in_dialog import SignInDialog
from ui.app_settings import AppSettings
from ui.main_window import MainWindow
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def qt_app(tmp_path: Path) -> QtWidgets.QApplication:
    isolate_settings(tmp_path / "settings")
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert isinstance(app, QtWidgets.QApplication)
    return app


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(data_dir=tmp_path / "ws")
    yield ws
    ws.close()


def _window(ws: Workspace) -> tuple[MainWindow, Pools]:
    pools = Pools()
    return MainWindow(ws, pools, AppSettings()), pools


def test_single_user_mode_is_shown_and_sign_in_is_not_asked(
    qt_app: QtWidgets.QApplication, local: Workspace
) -> None:
    window, pools = _window(local)
    menu = window.accounts_menu  # type: ignore[attr-defined]
    assert "单用户模式" in menu.user_label.text() or "Single-user" in menu.user_label.text()
    assert menu.users_action.isEnabled() and not menu.sign_out_action.isEnabled()
    window.close()
    pools.shutdown()


def test_sign_in_dialog_refuses_then_accepts(
    qt_app: QtWidgets.QApplication, local: Workspace, cheap_hashes: None
) -> None:
    local.accounts.create("alice", PASSWORDS["alice"], [Role.ADMIN])
    local.accounts.sign_out()
    dialog = SignInDialog(local, None, "alice")
    dialog.password_edit.setText("Wrong#Password-1")
    dialog.submit()
    dialog._call.wait()
    assert dialog.error_label.text() == "用户名或口令错误" and dialog.password_edit.text() == ""
    dialog.password_edit.setText(PASSWORDS["alice"])
    dialog.submit()
    dialog._call.wait()
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert local.actor.username == "alice"
    window, pools = _window(local)
    menu = window.accounts_menu  # type: ignore[attr-defined]
    assert "alice" in menu.user_label.text() and menu.sign_out_action.isEnabled()
    window.close()
    pools.shutdown()


def test_audit_viewer_filters_and_verifies(
    qt_app: QtWidgets.QApplication, local: Workspace
) -> None:
    from app.services.demo import seed_demo

    case, _ = seed_demo(local)
    window, pools = _window(local)
    dialog = window.accounts_menu.show_audit_log()  # type: ignore[attr-defined]
    everything = dialog.table.rowCount()
    dialog.case_spin.setValue(case.id)
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("insert"))
    dialog.reload()
    assert 0 < dialog.table.rowCount() < everything
    assert {dialog.table.item(r, 5).text() for r in range(dialog.table.rowCount())} == {
        str(case.id)
    }
    dialog.verify()
    dialog._verify.wait()
    assert dialog.result_label.text().startswith(("完整", "Intact"))
    assert dialog.verify_button.isEnabled()
    dialog.close()
    window.close()
    pools.shutdown()
