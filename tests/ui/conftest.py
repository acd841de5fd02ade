"""Fixtures every GUI test may use.

Every GUI test keeps its QSettings in its own tmp_path, never in the user's
profile, and collects Python garbage on the GUI thread only, as the application
does: a collection started by a worker thread could destroy a widget left over
from an earlier test in the wrong thread and crash Qt (see ui/garbage.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtWidgets

from app.domain.models import Case
from app.services.workspace import Workspace
from tests.ui.wizard_helpers import isolate_settings, new_case, register_hospital
from ui.workers import Pools


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def settings_dir(tmp_path: Path) -> Path:
    """QSettings of this test live in tmp_path, never in the user's profile."""
    folder = tmp_path / "settings"
    isolate_settings(folder)
    return folder


@pytest.fixture
def pools() -> Iterator[Pools]:
    pools = Pools()
    yield pools
    pools.shutdown()


@pytest.fixture
def case(workspace: Workspace) -> Case:
    """A fresh initial case of a registered hospital's app."""
    organisation, application = register_hospital(workspace)
    return new_case(workspace, organisation, application)


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages shown in (modal) warning boxes, captured instead of shown."""
    shown: list[str] = []

    def warning(parent: object, title: str, text: str, *args: object) -> object:
        shown.append(text)
        return QtWidgets.QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", warning)
    return shown
