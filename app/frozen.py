"""Start-up adjustments that only the PyInstaller bundle needs (called by its entry scripts)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_ID


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def keep_matplotlib_cache(cache_root: Path | None = None) -> Path | None:
    """Give matplotlib a lasting cache folder; returns it, or None if left alone.

    PyInstaller's matplotlib run-time hook points ``MPLCONFIGDIR`` at a temporary
    folder removed at exit, so matplotlib would rebuild its font list at every
    start (0.5 s with 130 fonts, seconds on a Windows machine with many more).
    The user cache folder keeps it; if that cannot be created the temporary one stays.
    """
    if not is_frozen():
        return None
    if cache_root is None:
        import platformdirs

        cache_root = Path(platformdirs.user_cache_dir(APP_ID, appauthor=False))
    folder = cache_root / "matplotlib"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    os.environ["MPLCONFIGDIR"] = str(folder)
    return folder
