"""The workstation's own icons (hand-drawn SVGs under resources/icons)."""

from __future__ import annotations

from functools import cache

from PySide6 import QtGui

from app.paths import resources_dir


@cache
def icon(name: str) -> QtGui.QIcon:
    """``resources/icons/<name>.svg`` as a QIcon (cached; call after QApplication exists)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"missing icon {path}")
    return QtGui.QIcon(str(path))
