"""Evidence bytes in the database, so every workstation sharing a server can read them.

On a server, the files already in this workstation's evidence store are copied in
(verified against their hash); rows whose file is not here are reported, not fatal —
the workstation that has them uploads them with `ihsa evidence verify` (also run
before a case is submitted or a report signed).
On SQLite the table is created (the schemas stay identical) and stays empty.

Revision ID: 0002_evidence_blobs
Revises: 0001_initial
"""

import hashlib
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

revision: str = '0002_evidence_blobs'
down_revision: str | None = '0001_initial'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK_BYTES = 1 << 20


def upgrade() -> None:
    op.create_table('evidence_blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('chunk', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', 'chunk', name=op.f('pk_evidence_blobs'))
    )
    backfill = context.config.attributes.get("evidence_backfill")
    if op.get_bind().dialect.name == "sqlite" or backfill is None:
        return
    _copy_local_files(Path(context.config.attributes["evidence_root"]), backfill)


def _copy_local_files(root: Path, backfill: dict[str, list[str]]) -> None:
    bind = op.get_bind()
    blobs = sa.table(
        'evidence_blobs', sa.column('sha256'), sa.column('chunk'), sa.column('data')
    )
    hashes = bind.execute(sa.text("SELECT DISTINCT sha256 FROM evidence ORDER BY sha256"))
    for sha256 in [row[0] for row in hashes]:
        path = root / sha256[:2] / sha256
        if not path.is_file() or _file_sha256(path) != sha256:
            backfill["missing"].append(sha256)
            continue
        with path.open("rb") as fh:
            index = 0
            while True:
                data = fh.read(CHUNK_BYTES)
                if index > 0 and not data:
                    break
                bind.execute(sa.insert(blobs).values(sha256=sha256, chunk=index, data=data))
                index += 1
        backfill["stored"].append(sha256)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def downgrade() -> None:
    op.drop_table('evidence_blobs')
