"""Small helpers shared by test modules."""

from __future__ import annotations

import socket

from app.domain.enums import Result
from app.services.workspace import Workspace


def answer_every_item(workspace: Workspace, case_id: int, result: Result = Result.PASS) -> None:
    """Answer every item of the case's pack, so that the case can be submitted."""
    pack = workspace.assessment.pack(case_id)
    workspace.assessment.import_answers(case_id, {item.id: result.value for item in pack.items})


def free_loopback_port() -> int:
    """A loopback TCP port nothing listens on (bound and released, never connected)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
