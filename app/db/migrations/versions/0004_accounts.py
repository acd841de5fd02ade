"""Accounts with several roles, forced password changes, and audit events by case.

A small office has people who assess some cases and review others', so a user holds
a set of roles (``roles``, comma-separated codes) instead of one. ``must_change_password``
makes a password an administrator set (reset) usable only to choose a new one.
``audit_events.case_id`` copies ``details["case_id"]`` so a case's history is found by
index on both SQLite and PostgreSQL; ``entity_id`` widens to hold a rule pack's
SHA-256 (64 characters) and composite keys.

Revision ID: 0004_accounts
Revises: 0003_handover
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_accounts'
down_revision: str | None = '0003_handover'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.alter_column(
            'role', new_column_name='roles', type_=sa.String(length=60),
            existing_type=sa.String(length=20), existing_nullable=False,
        )
        batch.add_column(sa.Column(
            'must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()
        ))
    with op.batch_alter_table('audit_events') as batch:
        batch.alter_column(
            'entity_id', type_=sa.String(length=200),
            existing_type=sa.String(length=60), existing_nullable=False,
        )
        batch.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
        batch.create_index(batch.f('ix_audit_events_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_events') as batch:
        batch.drop_index(batch.f('ix_audit_events_case_id'))
        batch.drop_column('case_id')
        batch.alter_column(
            'entity_id', type_=sa.String(length=60),
            existing_type=sa.String(length=200), existing_nullable=False,
        )
    with op.batch_alter_table('users') as batch:
        batch.drop_column('must_change_password')
        batch.alter_column(
            'roles', new_column_name='role', type_=sa.String(length=20),
            existing_type=sa.String(length=60), existing_nullable=False,
        )
