"""The File menu's hand-over actions: export with a certificate, preview and import."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest
from pytestqt.qtbot import QtBot

from app.domain.enums import Role
from app.security import accounts as passwords
from app.security import keystore
from app.security.keystore import SigningIdentity
from app.services.workspace import Workspace
from tests.handover.conftest import make_case
from tests.handover.test_roles import PASSWORDS, approve, as_user
from tests.ui.conftest import collect_on_the_gui_thread, pools, settings_dir  # noqa: F401
from tests.ui.main_support import OFFSCREEN_NOISE
from ui.app_settings import AppSettings
from ui.dialogs import report_dialogs
from ui.handover.dialogs import ExportBundleDialog, ImportBundleDialog
from ui.main_window import MainWindow
from ui.workers import Pools

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)]


@pytest.fixture
def window(qtbot: QtBot, laptop: Workspace, pools: Pools, tmp_path: Path) -> Iterator[MainWindow]:  # noqa: F811
    make_case(laptop, tmp_path / "files")
    main = MainWindow(laptop, pools, AppSettings())
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.data_refreshed, timeout=10_000):
        pass
    yield main


def _finished(qtbot: QtBot, dialog: ExportBundleDialog | ImportBundleDialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)


def test_export_then_import_elsewhere(
    qtbot: QtBot,
    window: MainWindow,
    identity: SigningIdentity,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    actions = window.handover_actions
    assert actions.export_action in window.file_menu.actions()
    assert actions.export_action.isEnabled()
    keystore.remember_passphrase(identity)  # as after the first signing
    dialog = actions.export_selected()
    assert isinstance(dialog, ExportBundleDialog)
    bundle = tmp_path / "handed.ihsa-case"
    dialog.path.setText(str(bundle))
    dialog.p12.setText(str(identity.p12_path))
    dialog.export_button.click()
    _finished(qtbot, dialog)
    assert dialog.result is not None and dialog.result.signer == "张检查", dialog.status.text()
    dialog.close()

    office = Workspace.open(data_dir=tmp_path / "office")
    other = MainWindow(office, window.pools, AppSettings())
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.data_refreshed, timeout=10_000):
        pass
    assert other.case_model.rowCount() == 0
    monkeypatch.setattr(report_dialogs, "ask_open_path", lambda *_args: bundle)
    importer = other.handover_actions.import_bundle()
    assert isinstance(importer, ImportBundleDialog)
    _finished(qtbot, importer)
    assert importer.preview is not None and importer.preview.case == "created"
    assert "张检查" in importer.details.toPlainText()
    assert importer.import_button.isEnabled()
    with qtbot.waitSignal(other.data_refreshed, timeout=20_000):
        importer.import_button.click()
    assert importer.result is not None and importer.result.case == "created"
    assert other.case_model.rowCount() == 1
    assert other.selected_case() is not None
    assert not importer.import_button.isEnabled()  # done: importing again needs a new look
    office.close()


def test_an_unsigned_bundle_needs_consent(
    qtbot: QtBot, window: MainWindow, laptop: Workspace, tmp_path: Path
) -> None:
    bundle = tmp_path / "unsigned.ihsa-case"
    case_id = laptop.cases.list()[0].id
    laptop.handover.export_case(case_id, bundle, identity=None)
    importer = window.handover_actions.import_bundle(bundle)
    assert importer is not None
    _finished(qtbot, importer)
    assert importer.accept_unsigned.isVisible() and not importer.import_button.isEnabled()
    importer.accept_unsigned.setChecked(True)
    assert importer.import_button.isEnabled()
    importer.import_button.click()
    _finished(qtbot, importer)
    assert importer.result is not None and importer.result.case == "unchanged"


def test_a_damaged_bundle_is_reported_in_the_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.ihsa-case"
    junk.write_bytes(b"not a zip at all")
    importer = window.handover_actions.import_bundle(junk)
    assert importer is not None
    _finished(qtbot, importer)
    assert "交接包" in importer.status.text() and not importer.import_button.isEnabled()


def test_a_refused_import_shows_the_reason_in_the_dialog(
    qtbot: QtBot, window: MainWindow, laptop: Workspace, tmp_path: Path,
    identity: SigningIdentity, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(passwords, "CURRENT", passwords.HashParameters(10, 8, 1))
    elsewhere = Workspace.open(data_dir=tmp_path / "elsewhere")
    case_id = make_case(elsewhere, tmp_path / "other-files")
    approve(elsewhere, case_id)
    bundle = tmp_path / "approved.ihsa-case"
    elsewhere.handover.export_case(case_id, bundle, identity=identity)
    elsewhere.close()
    laptop.accounts.create("alice", PASSWORDS["alice"], [Role.ADMIN])
    laptop.accounts.create("zhang", PASSWORDS["zhang"], [Role.ASSESSOR])
    as_user(laptop, "zhang")

    importer = window.handover_actions.import_bundle(bundle)
    assert importer is not None
    _finished(qtbot, importer)
    assert importer.preview is not None and importer.import_button.isEnabled()
    importer.import_button.click()
    _finished(qtbot, importer)

    assert importer.result is None
    assert "zhang" in importer.status.text() and "复核员" in importer.status.text()


def test_every_handover_string_has_a_chinese_translation(tmp_path: Path) -> None:
    lupdate = Path(PySide6.__file__).parent / "lupdate"
    if not os.access(lupdate, os.X_OK):
        pytest.skip(f"{lupdate} is not shipped with this PySide6")
    ts = tmp_path / "handover.ts"
    ts.write_bytes((ROOT / "resources" / "i18n" / "ihsa_zh_CN_handover.ts").read_bytes())
    sources = sorted(str(p) for p in (ROOT / "ui" / "handover").rglob("*.py"))
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(ts)], check=True)
    untranslated = [
        message.findtext("source")
        for message in ET.parse(ts).getroot().iter("message")
        if message.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert untranslated == []
