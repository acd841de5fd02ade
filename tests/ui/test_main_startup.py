"""Start-up: database errors offer another folder, first run seeds the demo, crashes are shown."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6 import QtWidgets
from pytestqt.qtbot import QtBot

from app.errors import KnownError, StorageError
from app.services.workspace import DB_FILE, Workspace
from ui import main as main_module
from ui.dialogs.crash_dialog import CrashDialog
from ui.dialogs.startup_error_dialog import StartupErrorDialog


def _corrupt_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / DB_FILE).write_bytes(b"this is not a database" * 300)
    return folder


def test_corrupt_database_asks_for_another_folder_and_opens_there(tmp_path: Path) -> None:
    broken = _corrupt_folder(tmp_path)
    asked: list[tuple[str, Path]] = []

    def ask(error: KnownError, folder: Path) -> Path | None:
        asked.append((error.message("en"), folder))
        return tmp_path / "fresh"

    workspace = main_module.open_workspace_interactively(broken, ask)
    assert workspace is not None
    try:
        assert workspace.data_dir == tmp_path / "fresh"
        assert workspace.cases.list() == []
    finally:
        workspace.close()
    assert len(asked) == 1
    assert "corrupt" in asked[0][0] and asked[0][1] == broken
    assert (broken / DB_FILE).read_bytes().startswith(b"this is not a database")  # untouched


def test_choosing_quit_gives_up_without_a_workspace(tmp_path: Path) -> None:
    broken = _corrupt_folder(tmp_path)
    assert main_module.open_workspace_interactively(broken, lambda _e, _f: None) is None


@pytest.mark.gui
def test_startup_error_dialog_explains_the_problem_without_a_traceback(
    qtbot: QtBot, tmp_path: Path
) -> None:
    error = StorageError("数据库文件已损坏", "the database file is corrupt")
    dialog = StartupErrorDialog(error, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.message_label.text() == "数据库文件已损坏"
    assert dialog.choose_button.isEnabled()
    assert dialog.chosen_folder is None


@pytest.mark.gui
def test_an_unreachable_server_is_named_and_can_be_retried(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IHSA_DB_URL", "postgresql://assessor:s3cret@db.office.example:5432/ihsa")
    server = Workspace.configured_server()
    assert server == "postgresql+psycopg://assessor:***@db.office.example:5432/ihsa"
    error = StorageError("无法连接数据库服务器", "cannot connect to the database server")
    dialog = StartupErrorDialog(error, tmp_path, server=server)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QtWidgets.QLabel))
    assert "db.office.example" in texts and "s3cret" not in texts
    assert str(tmp_path) not in texts  # another folder would not help
    dialog.choose_button.click()  # Try again: the same folder, the same server
    assert dialog.chosen_folder == tmp_path


def test_no_server_is_named_for_sqlite(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("IHSA_DB_URL", raising=False)
    assert Workspace.configured_server() is None
    monkeypatch.setenv("IHSA_DB_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert Workspace.configured_server() is None


def test_first_run_seeds_the_demo_once(tmp_path: Path) -> None:
    from app.services.workspace import Workspace

    workspace = Workspace.open(data_dir=tmp_path / "new")
    try:
        assert main_module.seed_first_run(workspace) is True
        assert len(workspace.cases.list()) == 1
        assert main_module.seed_first_run(workspace) is False
        assert len(workspace.cases.list()) == 1
    finally:
        workspace.close()


@pytest.mark.gui
def test_crash_handler_logs_the_traceback_and_shows_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    log_file = main_module.setup_logging(tmp_path / "data")
    assert log_file == tmp_path / "data" / "logs" / main_module.LOG_FILE
    shown: list[CrashDialog] = []

    def fake_exec(dialog: CrashDialog) -> int:
        shown.append(dialog)
        qtbot.addWidget(dialog)
        return 0

    monkeypatch.setattr(CrashDialog, "exec", fake_exec)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        main_module.CrashHandler(log_file)(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                handler.close()
        root.handlers, root.level = handlers, level

    assert len(shown) == 1
    assert "RuntimeError: boom in a slot" in shown[0].details.toPlainText()
    assert str(log_file) in shown[0].log_label.text()
    assert "boom in a slot" in log_file.read_text(encoding="utf-8")
