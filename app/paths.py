"""Where the program finds its data: the one place that knows about bundles.

Bundled read-only data (``rules/``, ``resources/``) lives beside the source tree,
or under ``sys._MEIPASS`` in a PyInstaller build. User data (database, evidence
store, logs) lives in the platform's user data folder unless ``IHSA_DATA_DIR``
says otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_ID


def bundle_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def rules_dir() -> Path:
    return Path(os.environ.get("IHSA_RULES_DIR") or bundle_root() / "rules")


def analyzer_data_dir() -> Path:
    """The APK analyzer's own data (rule catalogue, packers, SDKs, permissions).

    Part of the program, not of a rule pack: always the bundled copy, whatever
    ``IHSA_RULES_DIR`` says, so a pack without an ``apk/`` folder still works.
    """
    return bundle_root() / "rules" / "apk"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def user_data_dir() -> Path:
    override = os.environ.get("IHSA_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
