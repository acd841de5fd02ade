"""Render the workstation's windows to PNG files: ``python -m ui.screenshots OUTDIR``.

Uses the demo data in a temporary data folder and temporary settings, never the
user's. Runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.services.demo import seed_demo
from app.services.workspace import Workspace

WINDOW_SIZE = QtCore.QSize(1280, 720)


@contextmanager
def temporary_profile() -> Iterator[Path]:
    """A throw-away data folder and QSettings location."""
    with tempfile.TemporaryDirectory(prefix="ihsa-screenshots-") as folder:
        root = Path(folder)
        QtCore.QSettings.setPath(
            QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(root)
        )
        yield root


def _settle() -> None:
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def _grab(widget: QtWidgets.QWidget, path: Path) -> Path:
    widget.show()
    _settle()
    if not widget.grab().save(str(path), "PNG", 0):  # 0 = smallest file
        raise OSError(f"cannot write {path}")
    return path


def render_all(outdir: Path, lang: str = "zh", apk: Path | None = None) -> list[Path]:
    """Write one PNG per window or dialog into ``outdir``; returns the files.

    With ``apk`` the APK page is shot after that file was analysed on the demo case.
    """
    from ui.app_settings import AppSettings
    from ui.i18n import LanguageSwitcher
    from ui.main_window import MainWindow
    from ui.workers import Pools

    outdir.mkdir(parents=True, exist_ok=True)
    qt_app = QtWidgets.QApplication.instance()
    assert isinstance(qt_app, QtWidgets.QApplication), "create the QApplication first"
    written: list[Path] = []
    with temporary_profile() as profile:
        workspace = Workspace.open(data_dir=profile / "data")
        languages = LanguageSwitcher(qt_app)
        languages.apply(lang)
        pools = Pools()
        try:
            seed_demo(workspace)
            window = MainWindow(workspace, pools, AppSettings(), languages)
            window.resize(WINDOW_SIZE)
            loaded = _wait_for(window.data_refreshed)
            window.show()
            loaded()
            window.select_case(window.case_model.case_at(0).id)
            shots: list[tuple[str, Callable[[], QtWidgets.QWidget]]] = [
                ("main_cases", lambda: window),
                ("main_organisations", lambda: _tab(window, 1)),
                ("main_applications", lambda: _tab(window, 2)),
                ("organisation_dialog", lambda: _edit_first(window, 1)),
                ("organisation_typing", lambda: _typing_credit_code(window)),
                ("application_dialog", lambda: _edit_first(window, 2)),
                ("settings_dialog", window.edit_settings),
                ("about_dialog", window.show_about),
            ]
            for name, make in shots:
                widget = make()
                written.append(_grab(widget, outdir / f"{name}.png"))
                if widget is not window:
                    widget.close()
            written += _wizard_pages(workspace, pools, window, outdir, apk)
            window.close()
        finally:
            pools.shutdown()
            workspace.close()
            languages.uninstall()
    return written


def _wizard_pages(
    workspace: Workspace,
    pools: object,
    window: QtWidgets.QWidget,
    outdir: Path,
    apk: Path | None,
) -> list[Path]:
    """The new-case page, a checklist page, the APK page and the review page."""
    from ui.main_window import wizard_module
    from ui.wizard import PageId

    wizard = wizard_module()
    written = []
    fresh = wizard.open_new_assessment(workspace, pools, window)
    fresh.resize(WINDOW_SIZE)
    written.append(_grab(fresh, outdir / "wizard_new_case.png"))
    fresh.close()
    case_id = workspace.cases.list()[0].id  # the demo case, half answered
    opened = wizard.open_assessment(workspace, pools, case_id, window)
    opened.resize(WINDOW_SIZE)
    for name, page_id in (
        ("wizard_case", PageId.CASE),
        ("wizard_checklist", PageId.FIRST_DOMAIN),
        ("wizard_apk", PageId.APK),
        ("wizard_review", PageId.REVIEW),
    ):
        opened.go_to_page(page_id)
        if page_id == PageId.APK and apk is not None:
            _analyse(opened.currentPage(), apk)
        written.append(_grab(opened, outdir / f"{name}.png"))
    opened.close()
    return written


def _analyse(page: QtWidgets.QWizardPage, apk: Path) -> None:
    """Run a real, isolated analysis of ``apk`` on the page and wait until it ended."""
    finished = _wait_for(page.analysis_finished, "the APK analysis", 300)  # type: ignore[attr-defined]
    page.analyse_files([apk])  # type: ignore[attr-defined]
    finished()


def _wait_for(
    signal: QtCore.SignalInstance, what: str = "the main window's data", seconds: int = 10
) -> Callable[[], None]:
    """Start listening now; the returned function runs the event loop until it fired."""
    loop = QtCore.QEventLoop()
    fired: list[bool] = []
    signal.connect(lambda: (fired.append(True), loop.quit()))

    def wait() -> None:
        if not fired:
            QtCore.QTimer.singleShot(seconds * 1000, loop.quit)
            loop.exec()
        if not fired:
            raise TimeoutError(f"{what} did not finish within {seconds} s")

    return wait


def _tab(window: QtWidgets.QMainWindow, index: int) -> QtWidgets.QWidget:
    window.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
    return window


def _typing_credit_code(window: QtWidgets.QMainWindow) -> QtWidgets.QWidget:
    """A new organisation half typed: the credit code field names the check character."""
    dialog = window.add_organisation()  # type: ignore[attr-defined]
    dialog.name_edit.setText("示例县中医院")
    dialog.code_edit.setText("12330100470012345")
    dialog.address_edit.setText("浙江省示例县人民路 8 号")
    return dialog


def _edit_first(window: QtWidgets.QMainWindow, tab: int) -> QtWidgets.QWidget:
    window.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
    view = window.organisation_view if tab == 1 else window.application_view  # type: ignore[attr-defined]
    view.setCurrentIndex(view.model().index(0, 0))
    if tab == 1:
        return window.edit_selected_organisation()  # type: ignore[attr-defined]
    return window.edit_selected_application()  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description=__doc__)
    parser.add_argument("outdir", type=Path, help="folder for the PNG files")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--apk", type=Path, help="analyse this APK on the APK page first")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.main import create_application

    qt_app = create_application(sys.argv[:1])
    for path in render_all(args.outdir, args.lang, args.apk):
        print(path)
    qt_app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
