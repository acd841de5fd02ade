"""Domain records returned by services: frozen, detached from any session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.enums import (
    AnswerSource,
    AppStatus,
    CaseStatus,
    CaseType,
    Grade,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    NoticeChannel,
    Platform,
    RecipientKind,
    Result,
    Role,
)


@dataclass(frozen=True)
class Contact:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    credit_code: str
    level: str = ""
    address: str = ""
    contacts: tuple[Contact, ...] = ()
    created_at: datetime | None = None


@dataclass(frozen=True)
class Application:
    id: int
    organisation_id: int
    name: str
    package: str
    platform: Platform = Platform.ANDROID
    official_cert_sha256: tuple[str, ...] = ()
    official_version_code: int | None = None
    official_version_name: str = ""
    official_apk_sha256: str = ""
    channels: tuple[str, ...] = ()
    authorization_code: str = ""
    status: AppStatus = AppStatus.REGISTERED
    created_at: datetime | None = None


@dataclass(frozen=True)
class RulePackRef:
    """The rule pack a case is pinned to."""

    pack_id: str
    version: str
    sha256: str


@dataclass(frozen=True)
class Case:
    id: int
    organisation_id: int
    application_id: int | None
    case_type: CaseType
    status: CaseStatus
    assessor: str
    reviewer: str = ""
    site: str = ""
    assessment_date: date | None = None
    pack: RulePackRef | None = None
    score: float | None = None
    grade: Grade | None = None
    provisional: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None
    submitted_at: datetime | None = None
    organisation_name: str = ""
    application_name: str = ""


@dataclass(frozen=True)
class Answer:
    case_id: int
    item_id: str
    result: Result
    note: str = ""
    justification: str = ""
    source: AnswerSource = AnswerSource.MANUAL
    auto_result: Result | None = None
    override_reason: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Evidence:
    id: int
    case_id: int
    sha256: str
    original_name: str
    size: int
    item_id: str | None = None
    description: str = ""
    media_type: str = ""
    captured_at: datetime | None = None


@dataclass(frozen=True)
class CaseFilter:
    organisation_id: int | None = None
    application_id: int | None = None
    status: CaseStatus | None = None
    grade: Grade | None = None
    assessor: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None
    statuses: tuple[CaseStatus, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class User:
    """A local account (never carries its password hash out of the service)."""

    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    failed_logins: int = 0
    locked_until: datetime | None = None
    must_change_password: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in account, or the OS user of a workstation without accounts.

    ``single_user`` is True while no account exists: the one inspector of a laptop holds
    every role, as before accounts were introduced. ``username`` is "" when accounts
    exist but nobody has signed in (such a principal may read, never change).
    """

    username: str
    display_name: str = ""
    roles: frozenset[Role] = frozenset()
    single_user: bool = False
    must_change_password: bool = False

    @property
    def signed_in(self) -> bool:
        return bool(self.username) and not self.single_user

    def has(self, role: Role) -> bool:
        return role in self.roles

    def label(self) -> str:
        """The name shown in the status bar and audit lists."""
        if self.display_name and self.display_name != self.username:
            return f"{self.display_name} ({self.username})"
        return self.username


@dataclass(frozen=True)
class AuditEvent:
    """One link of the hash-chained audit log."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    @property
    def case_id(self) -> int | None:
        value = self.details.get("case_id")
        return value if isinstance(value, int) else None


# --------------------------------------------------------------- registry (0003)


@dataclass(frozen=True)
class StatusChange:
    """One entry of an application's status history."""

    id: int
    application_id: int
    from_status: AppStatus | None  # None: the first status recorded
    to_status: AppStatus
    reason: str
    actor: str
    at: datetime
    case_id: int | None = None


@dataclass(frozen=True)
class AuthorizationCode:
    """An issued code: ``code_id`` is typed by people, ``statement`` is what verifies."""

    id: int
    application_id: int
    code_id: str
    serial: int
    statement: str
    key_id: str
    valid_from: date
    valid_until: date
    issued_by: str
    issued_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str = ""


@dataclass(frozen=True)
class Rectification:
    id: int
    case_id: int
    source_key: str
    severity: str
    title: str
    title_en: str
    status: str  # a RectificationStatus code
    due_date: date | None = None
    item_id: str | None = None
    rule_id: str | None = None
    note: str = ""
    evidence_ref: str = ""
    closed_at: datetime | None = None
    created_at: datetime | None = None
    overdue: bool = False  # open and past its due date, on the day it was read
    application_id: int | None = None
    application_name: str = ""
    organisation_id: int | None = None
    organisation_name: str = ""


@dataclass(frozen=True)
class RectificationEvent:
    id: int
    rectification_id: int
    action: str
    from_status: str
    to_status: str
    note: str
    evidence_ref: str
    actor: str
    at: datetime


@dataclass(frozen=True)
class GradePoint:
    """One approved assessment of an application, for its grade and score trend."""

    case_id: int
    case_type: CaseType
    assessment_date: date | None
    grade: Grade | None
    score: float | None


@dataclass(frozen=True)
class BuildAlert:
    """A build seen in an APK analysis that is not the registered official release."""

    kind: str  # "counterfeit" (other certificate), "tampered", "outdated"
    file_name: str
    file_sha256: str
    version_code: int | None
    seen_at: datetime | None
    case_id: int | None
    verdict_zh: str
    verdict_en: str


@dataclass(frozen=True)
class AppIndicators:
    """The monitoring indicators of one application (DESIGN.md §2 业务监测指标体系)."""

    application: Application
    organisation_name: str
    status_since: datetime | None
    last_assessment: GradePoint | None
    trend: tuple[GradePoint, ...]
    reassessment_due: date | None
    reassessment_overdue: bool
    open_rectifications: int
    overdue_rectifications: int
    code: AuthorizationCode | None
    code_state: str  # "valid", "expired", "not_yet_valid", "revoked", "none"
    build_alerts: tuple[BuildAlert, ...]


@dataclass(frozen=True)
class IncidentEvent:
    """One step of an incident's history: who did what, when."""

    at: datetime
    actor: str
    action: str  # recorded, updated, notice_prepared, notified, escalated, closed, reopened
    note: str = ""


@dataclass(frozen=True)
class Notification:
    """One notice to one recipient; ``sent_at`` is None until its delivery is recorded.

    The recipient is copied when the notice is prepared, so the record stays true
    after the organisation's contacts are edited.
    """

    id: int
    incident_id: int
    recipient_kind: RecipientKind
    recipient_name: str
    recipient_role: str
    recipient_phone: str
    recipient_email: str
    channel: NoticeChannel
    lang: str
    body: str
    letter_sha256: str
    created_at: datetime
    created_by: str
    sent_at: datetime | None = None
    delivered_by: str = ""


@dataclass(frozen=True)
class Incident:
    """A recorded incident with its notice deadline and state under the current policy."""

    id: int
    organisation_id: int
    organisation_name: str
    title: str
    description: str
    category: IncidentCategory
    severity: IncidentSeverity
    status: IncidentStatus
    occurred_at: datetime
    discovered_at: datetime
    recorded_by: str
    created_at: datetime
    application_id: int | None = None
    application_name: str = ""
    case_id: int | None = None
    closed_at: datetime | None = None
    closed_by: str = ""
    resolution: str = ""
    reopened_at: datetime | None = None
    notice_due_at: datetime | None = None  # the organisation must be notified by then
    notified_at: datetime | None = None  # first delivered notice of the current cycle
    escalation_required: bool = False
    escalated_at: datetime | None = None
    overdue: tuple[str, ...] = ()  # "notice" and/or "escalation" when late and still missing
    notifications: tuple[Notification, ...] = ()
    events: tuple[IncidentEvent, ...] = ()


@dataclass(frozen=True)
class NoticePolicy:
    """How fast incidents must be notified, and where major ones are escalated.

    ``notice_hours`` gives the hours from discovery (or reopening) within which the
    organisation's contacts must have received the notice, per severity.
    """

    notice_hours: dict[IncidentSeverity, int]
    escalation_threshold: IncidentSeverity
    escalation: Contact | None = None
    issuer: str = ""  # the office that signs the letters
    updated_by: str = ""
    updated_at: datetime | None = None
