"""Settings and language: Chinese by default, English at once, remembered across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets
from pytestqt.qtbot import QtBot

from app import i18n as core_i18n
from app.errors import ValidationError
from tests.ui import main_support
from tests.ui.main_support import WindowFactory
from ui.app_settings import AppSettings
from ui.dialogs.about_dialog import AboutDialog
from ui.dialogs.settings_dialog import SettingsValues
from ui.i18n import LanguageSwitcher

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(main_support.OFFSCREEN_NOISE)]
compiled_translations = main_support.compiled_translations
demo_workspace = main_support.demo_workspace
open_window = main_support.open_window
languages = main_support.languages


def test_language_switches_from_chinese_to_english_and_back_at_once(
    open_window: WindowFactory, languages: LanguageSwitcher, qtbot: QtBot
) -> None:
    settings = AppSettings()
    assert settings.language == "zh"  # the default
    languages.apply(settings.language)
    window = open_window(languages=languages)
    assert window.tabs.tabText(0) == "案件"
    assert window.new_case_action.text() == "新建评估(&N)…"
    assert window.case_proxy.headerData(1, QtCore.Qt.Orientation.Horizontal) == "机构"

    window.apply_settings(SettingsValues("en", "", ""))
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Cases")  # Qt posts LanguageChange
    assert window.file_menu.title() == "&File"
    assert core_i18n.language() == "en"
    assert ValidationError("错误", "wrong").message() == "wrong"
    assert AppSettings().language == "en"

    window.apply_settings(SettingsValues("zh", "", ""))
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "案件")
    assert core_i18n.language() == "zh"


def test_missing_translations_fall_back_to_english(
    qapp: QtWidgets.QApplication, tmp_path: Path
) -> None:
    switcher = LanguageSwitcher(qapp, tmp_path / "no-translations")
    assert switcher.apply("zh") == "en"
    assert core_i18n.language() == "en"


def test_settings_are_stored_and_the_data_folder_waits_for_a_restart(
    open_window: WindowFactory, tmp_path: Path
) -> None:
    window = open_window()
    workspace_folder = window.workspace.data_dir
    dialog = window.edit_settings()
    dialog.folder_edit.setText(str(tmp_path / "elsewhere"))
    dialog.assessor_edit.setText("周评估")
    dialog.accept()

    stored = AppSettings()
    assert stored.default_assessor == "周评估"
    assert stored.data_folder_setting == str(tmp_path / "elsewhere")
    assert window.workspace.data_dir == workspace_folder  # not switched under the user's feet
    assert "next start" in window.statusBar().currentMessage()


def test_data_folder_setting_is_used_unless_the_environment_overrides_it(
    settings_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = AppSettings()
    settings.data_folder_setting = str(tmp_path / "chosen")
    monkeypatch.delenv("IHSA_DATA_DIR")
    assert settings.data_folder() == tmp_path / "chosen"
    monkeypatch.setenv("IHSA_DATA_DIR", str(tmp_path / "env"))
    assert settings.data_folder() == tmp_path / "env"


def test_about_lists_the_versions(qtbot: QtBot) -> None:
    dialog = AboutDialog("ihsa-internet-hospital 1.0.0")
    qtbot.addWidget(dialog)
    text = dialog.versions_text()
    for component in ("IHSA Workstation", "Qt", "PySide6", "Python", "ihsa-internet-hospital"):
        assert component in text


def test_every_main_window_string_has_a_chinese_translation(tmp_path: Path) -> None:
    """Scan ui/ (the wizard has its own file) into a copy of our .ts: nothing left unfinished."""
    import os
    import subprocess
    import xml.etree.ElementTree as ET

    import PySide6

    lupdate = Path(PySide6.__file__).parent / "lupdate"
    if not os.access(lupdate, os.X_OK):
        pytest.skip(f"{lupdate} is not shipped with this PySide6")
    root = main_support.ROOT
    own_files = {"wizard", "registry", "incidents", "handover", "accounts"}  # own .ts each
    sources = sorted(
        str(p)
        for p in (root / "ui").rglob("*.py")
        if not own_files & set(p.relative_to(root).parts)
    )
    ts = tmp_path / "ihsa_zh_CN.ts"
    ts.write_bytes((root / "resources" / "i18n" / "ihsa_zh_CN.ts").read_bytes())
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(ts)], check=True)
    untranslated = [
        (context.findtext("name"), message.findtext("source"))
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
        if message.find("translation").get("type") == "unfinished"
    ]
    assert untranslated == []
