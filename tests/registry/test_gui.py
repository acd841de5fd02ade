"""The registry in the main window: the details dialog, driven as a user would."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets
from pytestqt.qtbot import QtBot

from app.domain.enums import AppStatus, Role
from app.security import accounts as passwords
from app.services.demo import seed_regulator_demo
from app.services.workspace import Workspace
from tests.registry.test_roles import PASSWORDS
from tests.ui.main_support import OFFSCREEN_NOISE, ROOT
from tests.ui.wizard_helpers import isolate_settings
from ui.app_settings import AppSettings
from ui.i18n import LanguageSwitcher, default_qm_dir
from ui.main_window import MainWindow
from ui.registry import ApplicationDetailDialog, RegistryMenu
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)]


@pytest.fixture(autouse=True)
def gui_thread_garbage(tmp_path: Path) -> Iterator[None]:
    """Private QSettings; garbage collected on the GUI thread only (see tests/ui)."""
    isolate_settings(tmp_path / "settings")
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def pools() -> Iterator[Pools]:
    pools = Pools()
    yield pools
    pools.shutdown()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(data_dir=tmp_path / "ws")
    seed_regulator_demo(ws)
    yield ws
    ws.close()


@pytest.fixture
def dialog(qtbot: QtBot, demo: Workspace, pools: Pools) -> ApplicationDetailDialog:
    return _open_details(qtbot, demo, pools)


def _open_details(qtbot: QtBot, demo: Workspace, pools: Pools) -> ApplicationDetailDialog:
    window = MainWindow(demo, pools, AppSettings())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_refreshed, timeout=10_000):
        pass
    menu = window.registry_menu
    assert isinstance(menu, RegistryMenu)
    assert menu.details_action.shortcut().toString() == "Ctrl+Shift+D"
    window.tabs.setCurrentIndex(2)
    window.application_view.selectRow(0)
    opened = menu.open_details()
    assert opened is not None
    qtbot.waitUntil(lambda: opened.snapshot is not None, timeout=10_000)
    return opened


def _wait_idle(qtbot: QtBot, dialog: ApplicationDetailDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def test_details_show_status_history_code_and_rectifications(
    dialog: ApplicationDetailDialog,
) -> None:
    assert dialog.history_view.rowCount() == 3
    assert dialog.rectification_view.rowCount() == 3
    assert dialog.statement_view.toPlainText().startswith("IHSA1.")
    assert "valid" in dialog.indicator_values["code"].text()
    assert "1 open" in dialog.indicator_values["rectifications"].text()
    choices = [dialog.new_status_combo.itemData(i) for i in range(dialog.new_status_combo.count())]
    assert choices == ["suspended", "removed"]


def test_status_change_needs_a_reason_and_lands_in_the_history(
    qtbot: QtBot, dialog: ApplicationDetailDialog, demo: Workspace
) -> None:
    dialog.new_status_combo.setCurrentIndex(dialog.new_status_combo.findData("suspended"))
    dialog.reason_edit.setText("  ")
    dialog.apply_status_button.click()
    _wait_idle(qtbot, dialog)
    assert dialog.error_label.isVisibleTo(dialog) and "理由" in dialog.error_label.text()
    dialog.reason_edit.setText("渠道发现仿冒包，暂停接入")
    qtbot.keyClick(dialog.reason_edit, QtCore.Qt.Key.Key_Return)  # Enter applies
    qtbot.waitUntil(lambda: dialog.history_view.rowCount() == 4, timeout=10_000)
    assert demo.applications.get(dialog.application_id).status == AppStatus.SUSPENDED
    assert "revoked" in dialog.indicator_values["code"].text() or "已撤销" in (
        dialog.indicator_values["code"].text()
    )
    assert not dialog.issue_button.isEnabled()  # codes only for active applications


def test_verify_a_pasted_code_and_a_tampered_one(
    qtbot: QtBot, dialog: ApplicationDetailDialog
) -> None:
    statement = dialog.statement_view.toPlainText()
    dialog.tabs.setCurrentIndex(1)
    dialog.copy_button.click()
    assert QtWidgets.QApplication.clipboard().text() == statement
    dialog.paste_edit.setPlainText(statement)
    dialog.verify_button.click()
    _wait_idle(qtbot, dialog)
    assert dialog.verification is not None and dialog.verification.valid
    assert dialog.verify_result.text().startswith("✓")
    dialog.paste_edit.setPlainText(
        statement[:30] + ("x" if statement[30] != "x" else "y") + statement[31:]
    )
    dialog.verify_button.click()
    _wait_idle(qtbot, dialog)
    assert dialog.verification is not None and not dialog.verification.valid
    assert dialog.verify_result.text().startswith("✗")
    dialog.paste_edit.setPlainText("")
    dialog.verify_button.click()
    assert "Paste a code" in dialog.error_label.text()


def test_issue_a_new_code_replaces_the_shown_one(
    qtbot: QtBot, dialog: ApplicationDetailDialog, demo: Workspace
) -> None:
    before = dialog.statement_view.toPlainText()
    dialog.days_spin.setValue(30)
    dialog.issue_button.click()  # the demo key's passphrase is in the (test) keyring
    qtbot.waitUntil(lambda: dialog.statement_view.toPlainText() != before, timeout=10_000)
    codes = demo.registry.issued_codes(dialog.application_id)
    assert len(codes) == 2 and codes[1].revoked_at is not None
    assert (codes[0].valid_until - codes[0].valid_from).days == 29


def test_rectification_steps_from_the_table(
    qtbot: QtBot, dialog: ApplicationDetailDialog, demo: Workspace
) -> None:
    dialog.tabs.setCurrentIndex(2)
    snapshot = dialog.snapshot
    assert snapshot is not None
    row = next(i for i, r in enumerate(snapshot.rectifications) if r.status == "open")
    target = snapshot.rectifications[row].id
    dialog.rectification_view.selectRow(row)
    assert dialog.step_buttons["fix"].isEnabled() and not dialog.step_buttons["verify"].isEnabled()
    dialog.step_buttons["fix"].click()  # no note typed: refused, nothing lost
    _wait_idle(qtbot, dialog)
    assert dialog.error_label.isVisibleTo(dialog)
    dialog.note_edit.setText("已关闭调试接口")
    dialog.evidence_edit.setText("证据 #5")
    dialog.step_buttons["fix"].click()
    qtbot.waitUntil(lambda: demo.rectifications.get(target).status == "fixed", timeout=10_000)
    assert demo.rectifications.get(target).evidence_ref == "证据 #5"


def _with_accounts(demo: Workspace, monkeypatch: pytest.MonkeyPatch, sign_in: str) -> None:
    """chief (admin), wu (reviewer) and zhang (assessor); signed in as ``sign_in``."""
    monkeypatch.setattr(passwords, "CURRENT", passwords.HashParameters(10, 8, 1))  # fast
    for name, roles in (
        ("chief", (Role.ADMIN,)),
        ("wu", (Role.REVIEWER,)),
        ("zhang", (Role.ASSESSOR,)),
    ):
        demo.accounts.create(name, PASSWORDS[name], roles)
    demo.accounts.sign_in(sign_in, PASSWORDS[sign_in])


def test_an_assessor_records_fixes_but_the_registry_actions_are_closed(
    qtbot: QtBot, demo: Workspace, pools: Pools, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_accounts(demo, monkeypatch, "zhang")
    dialog = _open_details(qtbot, demo, pools)
    assert not dialog.status_box.isEnabled() and not dialog.issue_button.isEnabled()
    assert "zhang" in dialog.issue_button.toolTip()
    assert not hasattr(dialog, "actor_edit")  # nobody types in who they are
    dialog.tabs.setCurrentIndex(2)
    snapshot = dialog.snapshot
    assert snapshot is not None
    statuses = [r.status for r in snapshot.rectifications]
    dialog.rectification_view.selectRow(statuses.index("fixed"))
    assert not dialog.step_buttons["verify"].isEnabled()
    assert not dialog.step_buttons["reopen"].isEnabled()
    row = statuses.index("open")
    target = snapshot.rectifications[row].id
    dialog.rectification_view.selectRow(row)
    assert dialog.step_buttons["fix"].isEnabled() and not dialog.step_buttons["waive"].isEnabled()
    dialog.note_edit.setText("医院报告：已关闭调试接口")
    dialog.step_buttons["fix"].click()
    qtbot.waitUntil(lambda: demo.rectifications.get(target).status == "fixed", timeout=10_000)
    assert demo.rectifications.history(target)[-1].actor == "zhang"


def test_a_refused_action_shows_the_message_and_keeps_the_input(
    qtbot: QtBot, demo: Workspace, pools: Pools, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_accounts(demo, monkeypatch, "wu")
    dialog = _open_details(qtbot, demo, pools)
    assert dialog.status_box.isEnabled() and dialog.status_box.toolTip() == ""
    demo.accounts.sign_in("zhang", PASSWORDS["zhang"])  # someone else took the seat
    dialog.new_status_combo.setCurrentIndex(dialog.new_status_combo.findData("suspended"))
    dialog.reason_edit.setText("渠道发现仿冒包，暂停接入")
    dialog.apply_status_button.click()
    _wait_idle(qtbot, dialog)
    assert dialog.error_label.isVisibleTo(dialog)
    assert "zhang 无权执行此操作" in dialog.error_label.text()
    assert dialog.reason_edit.text() == "渠道发现仿冒包，暂停接入"
    assert demo.applications.get(dialog.application_id).status == AppStatus.ACTIVE
    demo.accounts.sign_in("wu", PASSWORDS["wu"])
    dialog.apply_status_button.click()
    qtbot.waitUntil(lambda: dialog.history_view.rowCount() == 4, timeout=10_000)
    assert dialog.history_view.item(0, 3).text() == "wu"


def test_the_menu_without_a_selection_says_what_to_do(
    qtbot: QtBot, demo: Workspace, pools: Pools
) -> None:
    window = MainWindow(demo, pools, AppSettings())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_refreshed, timeout=10_000):
        pass
    window.tabs.setCurrentIndex(2)
    window.application_view.clearSelection()
    window.application_view.setCurrentIndex(QtCore.QModelIndex())
    assert window.registry_menu.open_details() is None
    assert "Select" in window.statusBar().currentMessage() or "请先选择" in (
        window.statusBar().currentMessage()
    )


def test_chinese_by_default_english_selectable(
    qtbot: QtBot, demo: Workspace, pools: Pools, qapp: QtWidgets.QApplication
) -> None:
    subprocess.run(
        [str(ROOT / "scripts" / "build_translations.sh"), "--release"],
        check=True,
        env=dict(os.environ, PYTHON=sys.executable),
        capture_output=True,
    )
    languages = LanguageSwitcher(qapp, default_qm_dir())
    try:
        languages.apply("zh")
        window = MainWindow(demo, pools, AppSettings(), languages)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.data_refreshed, timeout=10_000):
            pass
        assert window.registry_menu.title() == "监管登记(&G)"
        window.tabs.setCurrentIndex(2)
        window.application_view.selectRow(0)
        dialog = window.registry_menu.open_details()
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.snapshot is not None, timeout=10_000)
        assert dialog.windowTitle() == "应用详情"
        assert dialog.tabs.tabText(2) == "整改"
        languages.apply("en")  # widgets receive the language change as an event
        qtbot.waitUntil(lambda: dialog.windowTitle() == "Application details", timeout=5000)
        assert window.registry_menu.title() == "Re&gistry"
    finally:
        languages.uninstall()


def test_every_registry_string_has_a_chinese_translation(tmp_path: Path) -> None:
    """Scan ui/registry into a copy of its .ts: nothing new, nothing left unfinished."""
    import xml.etree.ElementTree as ET

    import PySide6

    lupdate = Path(PySide6.__file__).parent / "lupdate"
    if not os.access(lupdate, os.X_OK):
        pytest.skip(f"{lupdate} is not shipped with this PySide6")
    sources = sorted(str(p) for p in (ROOT / "ui" / "registry").rglob("*.py"))
    ts = tmp_path / "ihsa_zh_CN_registry.ts"
    ts.write_bytes((ROOT / "resources" / "i18n" / "ihsa_zh_CN_registry.ts").read_bytes())
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(ts)], check=True)
    untranslated = [
        message.findtext("source")
        for message in ET.parse(ts).getroot().iter("message")
        if message.find("translation").get("type") == "unfinished"
    ]
    assert untranslated == []
