"""Case hand-over: a stable case identity, the hand-over log, imported audit events.

``cases.uid`` names a case on every workstation a bundle carries it to; existing
cases get a new random one. ``case_handovers`` records each export and import
(what the conflict rules of an import read); ``imported_audit_events`` keeps the
audit events that arrived with a case, outside the local hash chain.

Revision ID: 0003_handover
Revises: 0002_evidence_blobs
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UtcDateTime

revision: str = '0003_handover'
down_revision: str | None = '0002_evidence_blobs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added with a temporary default so SQLite needs no table rebuild, then filled.
    op.add_column(
        'cases', sa.Column('uid', sa.String(length=36), nullable=False, server_default='')
    )
    bind = op.get_bind()
    cases = sa.table('cases', sa.column('id', sa.Integer), sa.column('uid', sa.String))
    for (case_id,) in bind.execute(sa.select(cases.c.id)).all():
        bind.execute(
            sa.update(cases).where(cases.c.id == case_id).values(uid=str(uuid.uuid4()))
        )
    op.create_index(op.f('ix_cases_uid'), 'cases', ['uid'], unique=True)
    if bind.dialect.name != 'sqlite':
        op.alter_column('cases', 'uid', server_default=None)

    op.create_table('case_handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('content_digest', sa.String(length=64), nullable=False),
    sa.Column('signer', sa.String(length=300), nullable=False),
    sa.Column('signer_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_handovers_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_handovers'))
    )
    op.create_index(op.f('ix_case_handovers_case_id'), 'case_handovers', ['case_id'], unique=False)
    op.create_table('imported_audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.String(length=60), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_imported_audit_events_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_audit_events')),
    sa.UniqueConstraint('case_id', 'hash', name=op.f('uq_imported_audit_events_case_id'))
    )
    op.create_index(op.f('ix_imported_audit_events_case_id'), 'imported_audit_events', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_imported_audit_events_case_id'), table_name='imported_audit_events')
    op.drop_table('imported_audit_events')
    op.drop_index(op.f('ix_case_handovers_case_id'), table_name='case_handovers')
    op.drop_table('case_handovers')
    op.drop_index(op.f('ix_cases_uid'), table_name='cases')
    op.drop_column('cases', 'uid')
