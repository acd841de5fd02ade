"""Evidence attached to cases, kept in the content-addressed store.

On a shared server the database holds the bytes as well (app.db.blobs), and the
local store is a cache: a workstation that lacks a file fetches it from the database,
hash-checked, so every workstation of the office can open, verify and sign with it.
"""

from __future__ import annotations

import builtins
import hashlib
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.blobs import (
    blob_chunks,
    check_shareable_size,
    database_mismatch,
    has_blob,
    put_blob,
)
from app.db.rows import EvidenceRow
from app.domain.models import Evidence
from app.errors import IntegrityError
from app.security import access
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
        """Copy ``source`` into the store and attach it to the case (once per item).

        On a server the bytes go into the database in the same unit of work as the row.
        """
        access.require_case_assessor(self._ws, case_id)
        source = Path(source)
        display = safe_display_name(name or source.name)
        with self._ws.session() as session:
            _editable(session, case_id)
        if self._ws.evidence_in_database and source.is_file():
            check_shareable_size(source.stat().st_size, display)
        sha256, size = self._ws.store.add(source)
        with self._ws.session() as session:
            case = _editable(session, case_id)
            if self._ws.evidence_in_database:
                check_shareable_size(size, display)  # it may have grown while copied
                if not has_blob(session, sha256):
                    put_blob(session, sha256, self._ws.store.path_for(sha256))
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
        """Detach evidence from its case; the stored bytes stay (others may share them).

        That holds for the database copy on a server too: the bytes are shared by hash
        across cases, and deleting them when the last row goes would race with another
        workstation attaching the same file at that moment.
        """
        access.require_evidence_assessor(self._ws, evidence_id)
        with self._ws.session() as session:
            row = self._get(session, evidence_id)
            _editable(session, row.case_id)
            session.delete(row)

    def export(self, evidence_id: int, destination: Path) -> Path:
        """Write a hash-verified copy, e.g. to open or preview it."""
        with self._ws.session() as session:
            sha256 = self._get(session, evidence_id).sha256
        self._ensure_local(sha256)
        return self._ws.store.export(sha256, destination)

    def verify(self, case_id: int) -> builtins.list[tuple[Evidence, str]]:
        """Every evidence file of the case whose stored bytes are missing or altered.

        On a server the database copy is the record and is checked too.
        """
        problems = []
        verdicts: dict[str, str | None] = {}
        for evidence in self.list(case_id):
            if evidence.sha256 not in verdicts:
                try:
                    self._verify_one(evidence.sha256)
                    verdicts[evidence.sha256] = None
                except IntegrityError as err:
                    verdicts[evidence.sha256] = err.message()
            message = verdicts[evidence.sha256]
            if message is not None:
                problems.append((evidence, message))
        return problems

    def _verify_one(self, sha256: str) -> None:
        store = self._ws.store
        if not self._ws.evidence_in_database:
            store.verify(sha256)
            return
        with self._ws.session() as session:
            if not has_blob(session, sha256):
                # Added before the database kept bytes, on this workstation: upload it.
                self._verify_local(sha256)
                put_blob(session, sha256, store.path_for(sha256))
                return
            if not store.path_for(sha256).exists():
                store.fill(sha256, blob_chunks(session, sha256), database_mismatch(sha256))
                return
            # A copy altered on this workstation is reported, not quietly replaced.
            store.verify(sha256)
            digest = hashlib.sha256()
            for chunk in blob_chunks(session, sha256):
                digest.update(chunk)
            if digest.hexdigest() != sha256:
                raise database_mismatch(sha256)

    def _verify_local(self, sha256: str) -> None:
        if not self._ws.store.path_for(sha256).exists():
            raise IntegrityError(
                f"证据文件既不在共享数据库中，也不在本工作站：{sha256}"
                "（请在添加它的工作站上运行 ihsa evidence verify 以上传）",
                f"evidence file is neither in the shared database nor on this workstation: "
                f"{sha256} (run ihsa evidence verify on the workstation that added it to "
                "upload it)",
            )
        self._ws.store.verify(sha256)

    def _ensure_local(self, sha256: str) -> None:
        """On a server, fetch a file this workstation lacks from the database, hash-checked.

        A local copy that is there but altered is left for the store to report.
        """
        if not self._ws.evidence_in_database or self._ws.store.path_for(sha256).exists():
            return
        with self._ws.session() as session:
            # Nothing in the database either: the store's own error is raised by the caller.
            self._ws.store.fill(sha256, blob_chunks(session, sha256), database_mismatch(sha256))

    @staticmethod
    def _get(session: Session, evidence_id: int) -> EvidenceRow:
        return get_row(session, EvidenceRow, evidence_id, "证据", "evidence")
