"""Domain records returned by services: frozen, detached from any session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

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
