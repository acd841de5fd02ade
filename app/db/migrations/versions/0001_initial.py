"""Initial schema: the whole domain model of DESIGN.md §4.

Revision ID: 0001_initial
Revises: 
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.base


revision: str = '0001_initial'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', app.db.base.UtcDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.String(length=60), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=400), nullable=False),
    sa.Column('created_at', app.db.base.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_organisations_credit_code'))
    )
    op.create_table('rule_packs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('pack_id', sa.String(length=100), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('stored_at', app.db.base.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_rule_packs'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', app.db.base.UtcDateTime(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.base.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('package', sa.String(length=255), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('official_cert_sha256', sa.JSON(), nullable=False),
    sa.Column('official_version_code', sa.Integer(), nullable=True),
    sa.Column('official_version_name', sa.String(length=100), nullable=False),
    sa.Column('official_apk_sha256', sa.String(length=64), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('authorization_code', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', app.db.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_applications_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('organisation_id', 'package', 'platform', name=op.f('uq_applications_organisation_id'))
    )
    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_contacts_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('case_type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('assessor', sa.String(length=100), nullable=False),
    sa.Column('reviewer', sa.String(length=100), nullable=False),
    sa.Column('site', sa.String(length=200), nullable=False),
    sa.Column('assessment_date', sa.Date(), nullable=True),
    sa.Column('pack_sha256', sa.String(length=64), nullable=True),
    sa.Column('pack_id', sa.String(length=100), nullable=False),
    sa.Column('pack_version', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('grade', sa.String(length=1), nullable=True),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('lock_owner', sa.String(length=200), nullable=False),
    sa.Column('lock_acquired_at', app.db.base.UtcDateTime(), nullable=True),
    sa.Column('created_at', app.db.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', app.db.base.UtcDateTime(), nullable=False),
    sa.Column('submitted_at', app.db.base.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_cases_application_id_applications')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_cases_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['pack_sha256'], ['rule_packs.sha256'], name=op.f('fk_cases_pack_sha256_rule_packs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)

    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', app.db.base.UtcDateTime(), nullable=False),
    sa.Column('closed_at', app.db.base.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_incidents_application_id_applications')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_incidents_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('auto_result', sa.String(length=20), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('updated_at', app.db.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_answers_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('case_id', 'item_id', name=op.f('uq_answers_case_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_case_id'), ['case_id'], unique=False)

    op.create_table('apk_analyses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('package', sa.String(length=255), nullable=False),
    sa.Column('version_code', sa.Integer(), nullable=True),
    sa.Column('analyzer_version', sa.String(length=40), nullable=False),
    sa.Column('duration_s', sa.Float(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_apk_analyses_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_apk_analyses'))
    )
    with op.batch_alter_table('apk_analyses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apk_analyses_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_apk_analyses_file_sha256'), ['file_sha256'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('captured_at', app.db.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_evidence_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('case_id', 'sha256', 'item_id', name=op.f('uq_evidence_case_id'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_sha256'), ['sha256'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sent_at', app.db.base.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_notifications_contact_id_contacts')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_notifications_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    op.create_table('rectifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=True),
    sa.Column('rule_id', sa.String(length=60), nullable=True),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closed_at', app.db.base.UtcDateTime(), nullable=True),
    sa.Column('created_at', app.db.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_rectifications_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectifications'))
    )
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectifications_case_id'), ['case_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('signer', sa.String(length=300), nullable=False),
    sa.Column('signed_at', app.db.base.UtcDateTime(), nullable=True),
    sa.Column('created_at', app.db.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_reports_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_case_id'), ['case_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_case_id'))

    op.drop_table('reports')
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectifications_case_id'))

    op.drop_table('rectifications')
    op.drop_table('notifications')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_sha256'))
        batch_op.drop_index(batch_op.f('ix_evidence_case_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('apk_analyses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apk_analyses_file_sha256'))
        batch_op.drop_index(batch_op.f('ix_apk_analyses_case_id'))

    op.drop_table('apk_analyses')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_case_id'))

    op.drop_table('answers')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_organisation_id'))

    op.drop_table('incidents')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.drop_index(batch_op.f('ix_cases_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_cases_application_id'))

    op.drop_table('cases')
    op.drop_table('contacts')
    op.drop_table('applications')
    op.drop_table('users')
    op.drop_table('rule_packs')
    op.drop_table('organisations')
    op.drop_table('audit_events')

