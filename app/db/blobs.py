"""Evidence bytes in a shared database, streamed in pieces so memory stays bounded.

Only used when the database is a server: every workstation has its own data folder,
so the database is the one place all of them can read the files from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.db.rows import EvidenceBlobRow
from app.errors import IntegrityError, ValidationError
from app.security.evidence_store import os_error

CHUNK_BYTES = 1 << 20
# A server keeps every attached file for every workstation; one above this size is
# refused on a server (screenshots and documents are far smaller).
MAX_SHARED_EVIDENCE_BYTES = 256 * 1024 * 1024


def check_shareable_size(size: int, name: str) -> None:
    """Refuse a file too large to keep in the shared database, before any copying."""
    if size > MAX_SHARED_EVIDENCE_BYTES:
        limit = MAX_SHARED_EVIDENCE_BYTES // (1024 * 1024)
        got = size / (1024 * 1024)
        raise ValidationError(
            f"证据文件过大：{name}（{got:.1f} MB），共享数据库中每个文件最多 {limit} MB",
            f"evidence file too large: {name} ({got:.1f} MB); the shared database takes at "
            f"most {limit} MB per file",
        )


def has_blob(session: Session, sha256: str) -> bool:
    found = session.scalar(
        select(EvidenceBlobRow.chunk).where(
            EvidenceBlobRow.sha256 == sha256, EvidenceBlobRow.chunk == 0
        )
    )
    return found is not None


def put_blob(session: Session, sha256: str, path: Path) -> None:
    """Write the file at ``path`` (a verified store copy) into the database, piece by piece.

    The bytes are hashed again as they are sent: a file changed underneath is refused,
    and the session's transaction rolls back with everything else of the unit of work.
    """
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            index = 0
            while True:
                data = fh.read(CHUNK_BYTES)
                if index > 0 and not data:
                    break
                digest.update(data)
                session.execute(
                    insert(EvidenceBlobRow).values(sha256=sha256, chunk=index, data=data)
                )
                index += 1
    except OSError as exc:
        raise os_error(exc, "证据库 / evidence store") from exc
    if digest.hexdigest() != sha256:
        raise IntegrityError(
            f"证据文件在上传数据库时发生变化（哈希不符）：{sha256}",
            f"the evidence file changed while it was written to the database "
            f"(hash mismatch): {sha256}",
        )


def blob_chunks(session: Session, sha256: str) -> Iterator[bytes]:
    """The stored pieces in order, fetched a few at a time (a server-side cursor)."""
    result = session.execute(
        select(EvidenceBlobRow.data)
        .where(EvidenceBlobRow.sha256 == sha256)
        .order_by(EvidenceBlobRow.chunk),
        execution_options={"yield_per": 4},
    )
    for data in result.scalars():
        yield bytes(data)


def database_mismatch(sha256: str) -> IntegrityError:
    return IntegrityError(
        f"数据库中的证据文件已被篡改或损坏（哈希不符）：{sha256}",
        f"evidence file in the database was altered or corrupted (hash mismatch): {sha256}",
    )
