"""The regulator's registry: application status history, authorization codes,
rectification steps, and the re-assessment due date of grade A handling.

Rectifications get a ``source_key`` unique per case (what the rectification is
about: a checklist item or an analyzer rule), so grade handling never creates a
second copy; rows from before this revision get ``legacy:<id>``.

Revision ID: 0005_registry
Revises: 0004_accounts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.base

revision: str = '0005_registry'
down_revision: str | None = '0004_accounts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('authorization_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.String(length=20), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('issued_by', sa.String(length=100), nullable=False),
    sa.Column('issued_at', app.db.base.UtcDateTime(), nullable=False),
    sa.Column('revoked_at', app.db.base.UtcDateTime(), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_authorization_codes_application_id_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authorization_codes')),
    sa.UniqueConstraint('code_id', name=op.f('uq_authorization_codes_code_id')),
    sa.UniqueConstraint('serial', name=op.f('uq_authorization_codes_serial'))
    )
    with op.batch_alter_table('authorization_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorization_codes_application_id'), ['application_id'], unique=False)

    op.create_table('application_status_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('at', app.db.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_status_events_application_id_applications')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_application_status_events_case_id_cases'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_status_events'))
    )
    with op.batch_alter_table('application_status_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_status_events_application_id'), ['application_id'], unique=False)

    op.create_table('rectification_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rectification_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('evidence_ref', sa.String(length=300), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('at', app.db.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectifications.id'], name=op.f('fk_rectification_events_rectification_id_rectifications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification_events'))
    )
    with op.batch_alter_table('rectification_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_events_rectification_id'), ['rectification_id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reassessment_due', sa.Date(), nullable=True))

    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_key', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('title_en', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('evidence_ref', sa.String(length=300), nullable=False, server_default=''))
    op.execute("UPDATE rectifications SET source_key = 'legacy:' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_rectifications_case_id'), ['case_id', 'source_key'])



def downgrade() -> None:
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_rectifications_case_id'), type_='unique')
        batch_op.drop_column('evidence_ref')
        batch_op.drop_column('note')
        batch_op.drop_column('title_en')
        batch_op.drop_column('source_key')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('reassessment_due')

    with op.batch_alter_table('rectification_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_events_rectification_id'))

    op.drop_table('rectification_events')
    with op.batch_alter_table('application_status_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_status_events_application_id'))

    op.drop_table('application_status_events')
    with op.batch_alter_table('authorization_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorization_codes_application_id'))

    op.drop_table('authorization_codes')
