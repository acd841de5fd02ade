"""The wizard's remembered state, in the workstation's QSettings (INI, user scope).

Same file and keys as the main window's settings (organisation "IHSA",
application "ihsa-workstation"); the wizard reads the default assessor and keeps
where each case was left, so reopening resumes there.
"""

from __future__ import annotations

from PySide6 import QtCore

ORGANISATION = "IHSA"
APPLICATION = "ihsa-workstation"
DEFAULT_ASSESSOR = "assessor/default_name"
GUIDANCE_EXPANDED = "wizard/guidance_expanded"
WIZARD_GEOMETRY = "wizard/geometry"


def settings() -> QtCore.QSettings:
    return QtCore.QSettings(
        QtCore.QSettings.Format.IniFormat,
        QtCore.QSettings.Scope.UserScope,
        ORGANISATION,
        APPLICATION,
    )


def default_assessor() -> str:
    return str(settings().value(DEFAULT_ASSESSOR, "") or "")


def last_position(case_id: int) -> tuple[str, str]:
    """(page key, item id) where the assessor last was in this case."""
    store = settings()
    page = str(store.value(f"wizard/case_{case_id}/page", "") or "")
    item = str(store.value(f"wizard/case_{case_id}/item", "") or "")
    return page, item


def remember_position(case_id: int, page: str, item: str) -> None:
    store = settings()
    store.setValue(f"wizard/case_{case_id}/page", page)
    store.setValue(f"wizard/case_{case_id}/item", item)
    store.sync()  # on disk at once: a crash must not lose the place
