"""Evidence attached to cases, kept in the content-addressed store."""

from __future__ import annotations

import builtins
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.rows import EvidenceRow
from app.domain.models import Evidence
from app.errors import IntegrityError
from app.security.evidence_store import safe_display_name
from app.services.cases import _editable, _reload, _touch
from app.services.lookup import get_row

if TYPE_CHECKING:
    from app.services.workspace import Workspace


class EvidenceService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def add(
        self,
        case_id: int,
        source: Path,
        *,
        item_id: str | None = None,
        description: str = "",
        name: str | None = None,
    ) -> Evidence:
        """Copy ``source`` into the store and attach it to the case (once per item)."""
        with self._ws.session() as session:
            _editable(session, case_id)
        sha256, size = self._ws.store.add(Path(source))
        display = safe_display_name(name or Path(source).name)
        with self._ws.session() as session:
            case = _editable(session, case_id)
            existing = session.scalar(
                select(EvidenceRow).where(
                    EvidenceRow.case_id == case_id,
                    EvidenceRow.sha256 == sha256,
                    EvidenceRow.item_id.is_(None)
                    if item_id is None
                    else EvidenceRow.item_id == item_id,
                )
            )
            if existing is not None:
                return existing.to_domain()
            row = EvidenceRow(
                case_id=case_id,
                item_id=item_id,
                sha256=sha256,
                original_name=display,
                size=size,
                media_type=mimetypes.guess_type(display)[0] or "application/octet-stream",
                description=description.strip(),
            )
            session.add(row)
            _touch(case)
            session.flush()
            return row.to_domain()

    def list(self, case_id: int, item_id: str | None = None) -> builtins.list[Evidence]:
        with self._ws.session() as session:
            _reload(session, case_id)
            query = select(EvidenceRow).where(EvidenceRow.case_id == case_id)
            if item_id is not None:
                query = query.where(EvidenceRow.item_id == item_id)
            rows = session.scalars(query.order_by(EvidenceRow.id))
            return [r.to_domain() for r in rows]

    def remove(self, evidence_id: int) -> None:
        """Detach evidence from its case; the stored bytes stay (others may share them)."""
        with self._ws.session() as session:
            row = self._get(session, evidence_id)
            _editable(session, row.case_id)
            session.delete(row)

    def export(self, evidence_id: int, destination: Path) -> Path:
        """Write a hash-verified copy, e.g. to open or preview it."""
        with self._ws.session() as session:
            sha256 = self._get(session, evidence_id).sha256
        return self._ws.store.export(sha256, destination)

    def verify(self, case_id: int) -> builtins.list[tuple[Evidence, str]]:
        """Every evidence file of the case whose stored bytes are missing or altered."""
        problems = []
        for evidence in self.list(case_id):
            try:
                self._ws.store.verify(evidence.sha256)
            except IntegrityError as err:
                problems.append((evidence, err.message()))
        return problems

    @staticmethod
    def _get(session: Session, evidence_id: int) -> EvidenceRow:
        return get_row(session, EvidenceRow, evidence_id, "证据", "evidence")
