"""The audit log as the user sees it: list events, verify the chain, record named events."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from app.domain.models import AuditEvent
from app.security import audit
from app.security.audit import ChainReport

if TYPE_CHECKING:
    from app.services.workspace import Workspace


class AuditService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def list(
        self,
        *,
        case_id: int | None = None,
        actor: str | None = None,
        action: str | None = None,
        entity: str | None = None,
        limit: int | None = None,
        newest_first: bool = True,
    ) -> builtins.list[AuditEvent]:
        with self._ws.session() as session:
            return audit.events(
                session,
                case_id=case_id,
                actor=actor,
                action=action,
                entity=entity,
                limit=limit,
                newest_first=newest_first,
            )

    def verify(self) -> ChainReport:
        """Check the whole chain and this workstation's anchor; an intact log moves the
        anchor to its newest event, so a later cut is noticed here too."""
        anchor = self._ws.audit_anchor
        with self._ws.session() as session:
            report = audit.verify_chain(session, anchor.read())
        if report.intact and report.head_id:
            anchor.advance(report.head_id, report.head_hash)
        return report

    def record(
        self,
        action: str,
        *,
        entity: str = "",
        entity_id: object = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        """A named event as its own unit of work (e.g. a report written to a file)."""
        with self._ws.session() as session:
            audit.note(session, action, entity=entity, entity_id=entity_id, details=details)
