"""Composition root of the desktop program (``ihsa-gui``).

Builds the QApplication, installs translators and the crash handler, opens the
workspace (asking for another data folder when the database cannot be opened),
seeds the demo on a first run and shows the main window.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6 import QtCore, QtGui, QtWidgets

import app
from app.errors import KnownError
from app.services.demo import seed_demo
from app.services.workspace import Workspace
from ui.app_settings import APPLICATION, ORGANISATION, AppSettings
from ui.i18n import LanguageSwitcher

log = logging.getLogger(__name__)

LOG_FILE = "ihsa-gui.log"
# Set to N: quit N ms after the main window is shown (the bundle's smoke check).
SMOKE_QUIT_ENV = "IHSA_SMOKE_QUIT_MS"
AskForFolder = Callable[[KnownError, Path], Path | None]


def open_workspace_interactively(data_folder: Path, ask: AskForFolder) -> Workspace | None:
    """Open the workspace; on a KnownError let ``ask`` pick another folder or give up.

    ``ask(error, folder)`` returns the next folder to try, or None to quit. A bug
    (any other exception) is not caught here: it belongs to the crash handler.
    """
    folder = data_folder
    while True:
        try:
            return Workspace.open(data_dir=folder)
        except KnownError as error:
            log.warning("cannot open the workspace in %s: %s", folder, error.message("en"))
            chosen = ask(error, folder)
            if chosen is None:
                return None
            folder = chosen


def seed_first_run(workspace: Workspace) -> bool:
    """Seed the demo into an empty database so a new user sees a case; True if seeded."""
    if workspace.organisations.list() or workspace.cases.list():
        return False
    seed_demo(workspace)
    return True


def setup_logging(data_folder: Path) -> Path | None:
    """Log to a rotating file in the data folder (or the temp folder); returns its path."""
    for folder in (data_folder / "logs", Path(tempfile.gettempdir()) / "ihsa-workstation"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                folder / LOG_FILE, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
            )
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        return folder / LOG_FILE
    return None


def schedule_smoke_quit(quit_app: Callable[[], object]) -> bool:
    """Honour IHSA_SMOKE_QUIT_MS: log that the window is up and quit after the delay."""
    delay = os.environ.get(SMOKE_QUIT_ENV, "").strip()
    if not delay.isdigit():
        return False
    log.info("%s: main window shown, quitting in %s ms", SMOKE_QUIT_ENV, delay)
    QtCore.QTimer.singleShot(int(delay), quit_app)
    return True


class CrashHandler:
    """``sys.excepthook``: log the traceback, then show it in the crash dialog."""

    def __init__(self, log_file: Path | None) -> None:
        self.log_file = log_file
        self._showing = False

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("unhandled exception\n%s", text)
        if issubclass(exc_type, KeyboardInterrupt):
            QtWidgets.QApplication.quit()
            return
        if self._showing or QtWidgets.QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        from ui.dialogs.crash_dialog import CrashDialog

        self._showing = True
        try:
            dialog = CrashDialog(text, self.log_file, QtWidgets.QApplication.activeWindow())
            dialog.exec()
            if dialog.quit_requested:
                QtWidgets.QApplication.exit(70)
        finally:
            self._showing = False


def create_application(argv: list[str]) -> QtWidgets.QApplication:
    QtGui.QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        QtCore.Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    qt_app = QtWidgets.QApplication(argv)
    qt_app.setOrganizationName(ORGANISATION)
    qt_app.setApplicationName(APPLICATION)
    qt_app.setApplicationVersion(app.__version__)
    qt_app.setDesktopFileName(APPLICATION)
    from ui.icons import icon

    qt_app.setWindowIcon(icon("app"))
    return qt_app


def run() -> int:
    """Start the workstation; returns the process exit code."""
    multiprocessing.freeze_support()
    qt_app = create_application(sys.argv)
    from ui.garbage import GuiThreadCollector

    GuiThreadCollector(qt_app)  # owned by the application object
    settings = AppSettings()
    data_folder = settings.data_folder()
    sys.excepthook = CrashHandler(setup_logging(data_folder))
    languages = LanguageSwitcher(qt_app)
    languages.apply(settings.language)

    from ui.dialogs.startup_error_dialog import StartupErrorDialog

    workspace = open_workspace_interactively(data_folder, StartupErrorDialog.ask)
    if workspace is None:
        return 1
    if workspace.data_dir != data_folder:  # the user chose another folder: keep using it
        settings.data_folder_setting = str(workspace.data_dir)
    if seed_first_run(workspace):
        log.info("first run: demo case seeded in %s", workspace.data_dir)
    from ui.accounts import sign_in_at_start

    if not sign_in_at_start(workspace):
        workspace.close()
        return 0

    from ui.main_window import MainWindow
    from ui.workers import Pools

    window = MainWindow(workspace, Pools(), settings, languages)
    window.show()
    schedule_smoke_quit(qt_app.quit)
    try:
        return qt_app.exec()
    finally:
        workspace.close()


if __name__ == "__main__":
    raise SystemExit(run())
