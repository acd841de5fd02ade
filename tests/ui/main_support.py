"""Fixtures shared by the main-window tests (tests/ui/test_main_*.py).

``pools`` and ``settings_dir`` live in tests/ui/conftest.py for every GUI test;
they are re-exported here because some modules still alias them as
``main_support.pools`` / ``main_support.settings_dir``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6 import QtWidgets
from pytestqt.qtbot import QtBot

from app.services.demo import seed_demo
from app.services.workspace import Workspace
from tests.ui import conftest
from ui.app_settings import AppSettings
from ui.i18n import LanguageSwitcher, default_qm_dir
from ui.main_window import MainWindow
from ui.workers import Pools

ROOT = Path(__file__).resolve().parents[2]
# The offscreen platform warns when a window is shown or raised; harmless here.
OFFSCREEN_NOISE = "This plugin does not support (propagateSizeHints|raise)"


@pytest.fixture(scope="session")
def compiled_translations() -> Path:
    """Compile every resources/i18n/*.ts with the project's own build script."""
    env = dict(os.environ, PYTHON=sys.executable)
    subprocess.run(
        [str(ROOT / "scripts" / "build_translations.sh"), "--release"],
        check=True,
        env=env,
        capture_output=True,
    )
    return default_qm_dir()


@pytest.fixture
def demo_workspace(workspace: Workspace) -> Workspace:
    seed_demo(workspace)
    return workspace


@pytest.fixture
def languages(
    qapp: QtWidgets.QApplication, compiled_translations: Path
) -> Iterator[LanguageSwitcher]:
    switcher = LanguageSwitcher(qapp, compiled_translations)
    yield switcher
    switcher.uninstall()  # the QApplication is shared by every test


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def open_window(
    qtbot: QtBot, demo_workspace: Workspace, pools: Pools, settings_dir: Path
) -> WindowFactory:
    """Open a main window (on the demo workspace unless told) once its lists are loaded."""

    def factory(
        workspace: Workspace | None = None, languages: LanguageSwitcher | None = None
    ) -> MainWindow:
        window = MainWindow(workspace or demo_workspace, pools, AppSettings(), languages)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.data_refreshed, timeout=10_000):
            pass  # the window started loading in its constructor
        return window

    return factory


def refreshed(qtbot: QtBot, window: MainWindow) -> None:
    """Reload the window's lists and wait for them."""
    with qtbot.waitSignal(window.data_refreshed, timeout=10_000):
        window.refresh()


pools = conftest.pools  # see the module docstring
settings_dir = conftest.settings_dir
