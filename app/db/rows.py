"""ORM rows for the domain model of DESIGN.md §4.

Rows never leave a service: ``to_domain()`` turns them into frozen dataclasses.
Types stay dialect-neutral (no SQLite-only features) so PostgreSQL works too.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, utcnow
from app.domain import models as m
from app.domain.enums import (
    AnswerSource,
    AppStatus,
    CaseStatus,
    CaseType,
    Grade,
    IncidentCategory,
    NoticeChannel,
    Platform,
    RecipientKind,
    Result,
)


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    level: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    contacts: Mapped[list[ContactRow]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="ContactRow.id"
    )

    def to_domain(self) -> m.Organisation:
        return m.Organisation(
            id=self.id,
            name=self.name,
            credit_code=self.credit_code,
            level=self.level,
            address=self.address,
            contacts=tuple(c.to_domain() for c in self.contacts),
            created_at=self.created_at,
        )


class ContactRow(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[OrganisationRow] = relationship(back_populates="contacts")

    def to_domain(self) -> m.Contact:
        return m.Contact(name=self.name, role=self.role, phone=self.phone, email=self.email)


class ApplicationRow(Base):
    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("organisation_id", "package", "platform"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(200))
    package: Mapped[str] = mapped_column(String(255))
    platform: Mapped[str] = mapped_column(String(20), default=Platform.ANDROID.value)
    official_cert_sha256: Mapped[list[str]] = mapped_column(default=list)
    official_version_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    official_version_name: Mapped[str] = mapped_column(String(100), default="")
    official_apk_sha256: Mapped[str] = mapped_column(String(64), default="")
    channels: Mapped[list[str]] = mapped_column(default=list)
    authorization_code: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(20), default=AppStatus.REGISTERED.value)
    # When the next periodic re-assessment is due (grade A handling); None: not set.
    reassessment_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    organisation: Mapped[OrganisationRow] = relationship()

    def to_domain(self) -> m.Application:
        return m.Application(
            id=self.id,
            organisation_id=self.organisation_id,
            name=self.name,
            package=self.package,
            platform=Platform(self.platform),
            official_cert_sha256=tuple(self.official_cert_sha256 or ()),
            official_version_code=self.official_version_code,
            official_version_name=self.official_version_name,
            official_apk_sha256=self.official_apk_sha256,
            channels=tuple(self.channels or ()),
            authorization_code=self.authorization_code,
            status=AppStatus(self.status),
            created_at=self.created_at,
        )


class RulePackRow(Base):
    """A hash-addressed snapshot of a rule pack, so pinned cases score offline forever."""

    __tablename__ = "rule_packs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(40))
    content: Mapped[dict[str, Any]] = mapped_column()
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)


def new_case_uid() -> str:
    """A case's identity on every workstation it travels to (DESIGN §10 hand-over)."""
    return str(uuid.uuid4())


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, index=True, default=new_case_uid)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id"), nullable=True, index=True
    )
    case_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.DRAFT.value, index=True)
    assessor: Mapped[str] = mapped_column(String(100))
    reviewer: Mapped[str] = mapped_column(String(100), default="")
    site: Mapped[str] = mapped_column(String(200), default="")
    assessment_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    pack_sha256: Mapped[str | None] = mapped_column(ForeignKey("rule_packs.sha256"), nullable=True)
    pack_id: Mapped[str] = mapped_column(String(100), default="")
    pack_version: Mapped[str] = mapped_column(String(40), default="")
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    grade: Mapped[str | None] = mapped_column(String(1), nullable=True)
    provisional: Mapped[bool] = mapped_column(Boolean, default=True)
    lock_owner: Mapped[str] = mapped_column(String(200), default="")
    lock_acquired_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    organisation: Mapped[OrganisationRow] = relationship()
    application: Mapped[ApplicationRow | None] = relationship()

    def to_domain(self) -> m.Case:
        pack = (
            m.RulePackRef(self.pack_id, self.pack_version, self.pack_sha256)
            if self.pack_sha256
            else None
        )
        return m.Case(
            id=self.id,
            organisation_id=self.organisation_id,
            application_id=self.application_id,
            case_type=CaseType(self.case_type),
            status=CaseStatus(self.status),
            assessor=self.assessor,
            reviewer=self.reviewer,
            site=self.site,
            assessment_date=self.assessment_date,
            pack=pack,
            score=self.score,
            grade=Grade(self.grade) if self.grade else None,
            provisional=self.provisional,
            created_at=self.created_at,
            updated_at=self.updated_at,
            submitted_at=self.submitted_at,
            organisation_name=self.organisation.name if self.organisation else "",
            application_name=self.application.name if self.application else "",
        )


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("case_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    result: Mapped[str] = mapped_column(String(20), default=Result.NOT_ASSESSED.value)
    note: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default=AnswerSource.MANUAL.value)
    auto_result: Mapped[str | None] = mapped_column(String(20), nullable=True)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def to_domain(self) -> m.Answer:
        return m.Answer(
            case_id=self.case_id,
            item_id=self.item_id,
            result=Result(self.result),
            note=self.note,
            justification=self.justification,
            source=AnswerSource(self.source),
            auto_result=Result(self.auto_result) if self.auto_result else None,
            override_reason=self.override_reason,
            updated_at=self.updated_at,
        )


class EvidenceRow(Base):
    """A file attached to a case; its bytes live in the content-addressed store."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("case_id", "sha256", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    captured_at: Mapped[datetime] = mapped_column(default=utcnow)

    def to_domain(self) -> m.Evidence:
        return m.Evidence(
            id=self.id,
            case_id=self.case_id,
            sha256=self.sha256,
            original_name=self.original_name,
            size=self.size,
            item_id=self.item_id,
            description=self.description,
            media_type=self.media_type,
            captured_at=self.captured_at,
        )


class EvidenceBlobRow(Base):
    """One piece of an evidence file's bytes, kept in the database on a shared server.

    Workstations of an office have their own data folders, so on a server the database
    holds the bytes too (once per SHA-256, like the disk store); on SQLite the table
    stays empty. Files are cut into pieces of ``app.db.blobs.CHUNK_BYTES`` so that
    neither writing nor reading holds a whole file in memory.
    """

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    chunk: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ApkAnalysisRow(Base):
    __tablename__ = "apk_analyses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=True, index=True
    )
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    package: Mapped[str] = mapped_column(String(255), default="")
    version_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    analyzer_version: Mapped[str] = mapped_column(String(40), default="")
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    result: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RectificationRow(Base):
    """A finding the hospital must fix, with its deadline (grade B handling).

    ``source_key`` ("item:IH-AUTH-03", "apk:APK-NET-CLEARTEXT") is unique per case,
    so approving or importing a case twice never creates a second copy.
    """

    __tablename__ = "rectifications"
    __table_args__ = (UniqueConstraint("case_id", "source_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    source_key: Mapped[str] = mapped_column(String(120))
    item_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    rule_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    severity: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    # The latest action's words: fix note, verification note or waiver justification.
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_ref: Mapped[str] = mapped_column(String(300), default="")
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    case: Mapped[CaseRow] = relationship()


class RectificationEventRow(Base):
    """One step of a rectification's life (created, fixed, verified, waived, reopened)."""

    __tablename__ = "rectification_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rectification_id: Mapped[int] = mapped_column(
        ForeignKey("rectifications.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_ref: Mapped[str] = mapped_column(String(300), default="")
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ApplicationStatusEventRow(Base):
    """One change of an application's status, with its written reason (history)."""

    __tablename__ = "application_status_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    # The approved case that caused the change (grade handling, re-admission), if any.
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthorizationCodeRow(Base):
    """An issued authorization code: its typable id and the signed statement."""

    __tablename__ = "authorization_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    code_id: Mapped[str] = mapped_column(String(20), unique=True)
    serial: Mapped[int] = mapped_column(Integer, unique=True)
    statement: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(String(32))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), nullable=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), default=IncidentCategory.OTHER.value)
    severity: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    discovered_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_by: Mapped[str] = mapped_column(String(100), default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    reopened_at: Mapped[datetime | None] = mapped_column(nullable=True)
    organisation: Mapped[OrganisationRow] = relationship()
    application: Mapped[ApplicationRow | None] = relationship()
    notifications: Mapped[list[NotificationRow]] = relationship(
        cascade="all, delete-orphan", order_by="NotificationRow.id"
    )
    events: Mapped[list[IncidentEventRow]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentEventRow.id"
    )


class NotificationRow(Base):
    """One notice to one recipient; the recipient is copied, so edits of contacts keep it."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    recipient_kind: Mapped[str] = mapped_column(String(20), default=RecipientKind.CONTACT.value)
    recipient_name: Mapped[str] = mapped_column(String(100), default="")
    recipient_role: Mapped[str] = mapped_column(String(100), default="")
    recipient_phone: Mapped[str] = mapped_column(String(40), default="")
    recipient_email: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(40), default="letter")
    lang: Mapped[str] = mapped_column(String(5), default="zh")
    body: Mapped[str] = mapped_column(Text, default="")
    letter_sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    delivered_by: Mapped[str] = mapped_column(String(100), default="")

    def to_domain(self) -> m.Notification:
        return m.Notification(
            id=self.id,
            incident_id=self.incident_id,
            recipient_kind=RecipientKind(self.recipient_kind),
            recipient_name=self.recipient_name,
            recipient_role=self.recipient_role,
            recipient_phone=self.recipient_phone,
            recipient_email=self.recipient_email,
            channel=NoticeChannel(self.channel),
            lang=self.lang,
            body=self.body,
            letter_sha256=self.letter_sha256,
            created_at=self.created_at,
            created_by=self.created_by,
            sent_at=self.sent_at,
            delivered_by=self.delivered_by,
        )


class IncidentEventRow(Base):
    """The history of an incident: recorded, notified, closed, reopened... by whom, when."""

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> m.IncidentEvent:
        return m.IncidentEvent(at=self.at, actor=self.actor, action=self.action, note=self.note)


class IncidentPolicyRow(Base):
    """The office's notice deadlines and escalation recipient (one row, id 1).

    Kept in the database so every workstation sharing a server applies the same rules.
    """

    __tablename__ = "incident_policy"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_hours: Mapped[dict[str, Any]] = mapped_column()
    escalation_threshold: Mapped[str] = mapped_column(String(20))
    escalation_name: Mapped[str] = mapped_column(String(100), default="")
    escalation_role: Mapped[str] = mapped_column(String(100), default="")
    escalation_phone: Mapped[str] = mapped_column(String(40), default="")
    escalation_email: Mapped[str] = mapped_column(String(200), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    file_sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text, default="")
    lang: Mapped[str] = mapped_column(String(5), default="zh")
    digest: Mapped[str] = mapped_column(String(64), default="")
    signer: Mapped[str] = mapped_column(String(300), default="")
    signed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    # Comma-separated Role codes: one person may assess some cases and review others'.
    roles: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(Text)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by an administrator's reset: the password only serves to choose a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEventRow(Base):
    """Append-only log; each row carries the hash of its predecessor."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60), default="")
    entity_id: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # A copy of details["case_id"], indexed: a case's history is read by it.
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))


class CaseHandoverRow(Base):
    """One export or import of a case bundle on this database.

    ``content_digest`` is the case's content at that moment; with ``details["history"]``
    (the digests the bundle said the case had before) it tells whether a bundle
    continues the local copy, is older than it, or diverged from it.
    """

    __tablename__ = "case_handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(10))  # "export" or "import"
    outcome: Mapped[str] = mapped_column(String(20))  # exported / created / replaced
    bundle_id: Mapped[str] = mapped_column(String(36))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    content_digest: Mapped[str] = mapped_column(String(64))
    signer: Mapped[str] = mapped_column(String(300), default="")
    signer_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ImportedAuditEventRow(Base):
    """An audit event of a case that arrived in a bundle, kept verbatim.

    It belongs to another workstation's hash chain, so it cannot join the local
    chain; it is kept beside it, once per hash, and travels on with the case.
    """

    __tablename__ = "imported_audit_events"
    __table_args__ = (UniqueConstraint("case_id", "hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    bundle_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column()
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60), default="")
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))
