"""The assessment wizard, opened by the main window.

``open_assessment(workspace, pools, case_id, parent)`` resumes a case;
``open_new_assessment(workspace, pools, parent)`` starts with the case form.
Both return the (non-modal, shown) wizard, or None when the case cannot be
opened (another window edits it, or it does not exist) after telling the user
why. The wizard emits ``case_changed(int)`` whenever the case changes.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
import uuid

from PySide6 import QtWidgets

from app.errors import ConflictError, KnownError
from app.services.workspace import Workspace
from ui.errors import show_error
from ui.wizard.assessment_wizard import AssessmentWizard, PageId
from ui.workers import Pools

__all__ = ["AssessmentWizard", "PageId", "lock_owner", "open_assessment", "open_new_assessment"]


def lock_owner() -> str:
    """Who holds a case: user, host and process, plus a token unique to this window."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"{user}@{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        synchronize = 0x00100000
        handle = ctypes.windll.kernel32.OpenProcess(synchronize, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(owner: str) -> bool:
    """A lock left by a program on this machine that is no longer running (a crash)."""
    try:
        who, pid_text, _ = owner.rsplit(":", 2)
        host = who.split("@", 1)[1]
        pid = int(pid_text)
    except (ValueError, IndexError):
        return False
    return host == socket.gethostname() and pid != os.getpid() and not _process_alive(pid)


def _acquire(workspace: Workspace, case_id: int, owner: str) -> None:
    try:
        workspace.cases.acquire_lock(case_id, owner)
    except ConflictError:
        if not _stale(workspace.assessment.lock_holder(case_id)):
            raise
        workspace.cases.release_lock(case_id, owner, force=True)
        workspace.cases.acquire_lock(case_id, owner)


def open_assessment(
    workspace: Workspace, pools: Pools, case_id: int, parent: QtWidgets.QWidget | None
) -> AssessmentWizard | None:
    """Open an existing case where the assessor left it; None if it cannot be opened."""
    owner = lock_owner()
    try:
        _acquire(workspace, case_id, owner)
        try:
            case = workspace.cases.get(case_id)
            pack = workspace.assessment.pack(case_id)
        except BaseException:
            workspace.cases.release_lock(case_id, owner)
            raise
    except KnownError as err:
        show_error(parent, err)
        return None
    wizard = AssessmentWizard(workspace, pools, pack, owner, case, parent)
    wizard.show()
    wizard.resume()
    return wizard


def open_new_assessment(
    workspace: Workspace, pools: Pools, parent: QtWidgets.QWidget | None
) -> AssessmentWizard | None:
    """Start a new case: the case form first; the case exists once the assessor continues."""
    wizard = AssessmentWizard(workspace, pools, None, lock_owner(), None, parent)
    wizard.show()
    return wizard
