"""Incident register: categories, discovery time, who/when, history, notice policy.

Incidents gain a category, the time the regulator learned of them, the case they came
from, who recorded and closed them and why, and when they were last reopened; the
existing ``occurred_at`` seeds ``discovered_at`` and ``created_at`` of older rows.
Notifications keep a copy of their recipient (contacts may be edited later; the
contact link is cleared instead of blocking the edit), the letter's hash, who
prepared it and who recorded its delivery. ``incident_events`` holds each incident's
history; ``incident_policy`` the office's notice deadlines and escalation recipient.

Revision ID: 0006_incidents
Revises: 0005_registry
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.base

revision: str = '0006_incidents'
down_revision: str | None = '0005_registry'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Older rows take the 1970 placeholder for an instant, then their occurred_at.
    placeholder = sa.text("'1970-01-01 00:00:00'")
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('category', sa.String(length=40), nullable=False, server_default='other')
        )
        for column in ('discovered_at', 'created_at', 'updated_at'):
            batch_op.add_column(
                sa.Column(
                    column, app.db.base.UtcDateTime(), nullable=False, server_default=placeholder
                )
            )
        for column in ('recorded_by', 'closed_by'):
            batch_op.add_column(
                sa.Column(column, sa.String(length=100), nullable=False, server_default='')
            )
        batch_op.add_column(sa.Column('resolution', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('reopened_at', app.db.base.UtcDateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_incidents_case_id_cases'), 'cases', ['case_id'], ['id'],
            ondelete='SET NULL',
        )
        batch_op.create_index(
            batch_op.f('ix_incidents_discovered_at'), ['discovered_at'], unique=False
        )
    op.execute(
        "UPDATE incidents SET discovered_at = occurred_at, created_at = occurred_at, "
        "updated_at = occurred_at"
    )

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        for name, length in (
            ('recipient_name', 100),
            ('recipient_role', 100),
            ('recipient_phone', 40),
            ('recipient_email', 200),
            ('letter_sha256', 64),
            ('created_by', 100),
            ('delivered_by', 100),
        ):
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default='')
            )
        batch_op.add_column(
            sa.Column(
                'recipient_kind', sa.String(length=20), nullable=False, server_default='contact'
            )
        )
        batch_op.add_column(
            sa.Column('lang', sa.String(length=5), nullable=False, server_default='zh')
        )
        batch_op.add_column(sa.Column('created_at', app.db.base.UtcDateTime(), nullable=True))
        batch_op.drop_constraint('fk_notifications_contact_id_contacts', type_='foreignkey')
        batch_op.create_foreign_key(
            batch_op.f('fk_notifications_contact_id_contacts'), 'contacts', ['contact_id'],
            ['id'], ondelete='SET NULL',
        )
        batch_op.create_index(
            batch_op.f('ix_notifications_incident_id'), ['incident_id'], unique=False
        )
    # Older notices: copy the contact they went to; "created" when sent, else now.
    op.execute(
        "UPDATE notifications SET recipient_name = COALESCE((SELECT c.name FROM contacts c "
        "WHERE c.id = notifications.contact_id), ''), created_at = COALESCE(sent_at, "
        "CURRENT_TIMESTAMP)"
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column(
            'created_at', existing_type=app.db.base.UtcDateTime(), nullable=False
        )

    op.create_table('incident_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('at', app.db.base.UtcDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_events_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_events'))
    )
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_events_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_hours', sa.JSON(), nullable=False),
    sa.Column('escalation_threshold', sa.String(length=20), nullable=False),
    sa.Column('escalation_name', sa.String(length=100), nullable=False),
    sa.Column('escalation_role', sa.String(length=100), nullable=False),
    sa.Column('escalation_phone', sa.String(length=40), nullable=False),
    sa.Column('escalation_email', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', app.db.base.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_policy'))
    )


def downgrade() -> None:
    op.drop_table('incident_policy')
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_events_incident_id'))
    op.drop_table('incident_events')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_incident_id'))
        batch_op.drop_constraint('fk_notifications_contact_id_contacts', type_='foreignkey')
        batch_op.create_foreign_key(
            batch_op.f('fk_notifications_contact_id_contacts'), 'contacts', ['contact_id'],
            ['id'],
        )
        for name in (
            'created_at', 'lang', 'recipient_kind', 'delivered_by', 'created_by',
            'letter_sha256', 'recipient_email', 'recipient_phone', 'recipient_role',
            'recipient_name',
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_discovered_at'))
        batch_op.drop_constraint('fk_incidents_case_id_cases', type_='foreignkey')
        for name in (
            'reopened_at', 'resolution', 'closed_by', 'updated_at', 'created_at',
            'recorded_by', 'discovered_at', 'category', 'case_id',
        ):
            batch_op.drop_column(name)
