"""Enumerations of the domain; values are the stable codes stored and exported."""

from __future__ import annotations

from enum import StrEnum


class CaseType(StrEnum):
    INITIAL = "initial"
    PERIODIC = "periodic"
    SPOT_CHECK = "spot_check"
    READMISSION = "readmission"
    SELF_ASSESSMENT = "self_assessment"


class CaseStatus(StrEnum):
    DRAFT = "draft"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ARCHIVED = "archived"


# Forward moves of the case life-cycle, plus the reviewer sending a case back.
ALLOWED_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.DRAFT: frozenset({CaseStatus.IN_PROGRESS}),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.SUBMITTED}),
    CaseStatus.SUBMITTED: frozenset({CaseStatus.APPROVED, CaseStatus.IN_PROGRESS}),
    CaseStatus.APPROVED: frozenset({CaseStatus.ARCHIVED}),
    CaseStatus.ARCHIVED: frozenset(),
}

# Statuses in which answers and evidence may still change.
EDITABLE_STATUSES = frozenset({CaseStatus.DRAFT, CaseStatus.IN_PROGRESS})


class Result(StrEnum):
    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    NA = "na"
    NOT_ASSESSED = "not_assessed"


class AnswerSource(StrEnum):
    MANUAL = "manual"
    APK_AUTO = "apk_auto"
    OVERRIDE = "override"


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


# Severity codes, most severe first (the order findings are listed in).
SEVERITY_ORDER: tuple[str, ...] = tuple(s.value for s in Severity)


class AppStatus(StrEnum):
    REGISTERED = "registered"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REMOVED = "removed"


class Platform(StrEnum):
    ANDROID = "android"
    IOS = "ios"
    MINIPROGRAM = "miniprogram"
    WEB = "web"


class Role(StrEnum):
    ASSESSOR = "assessor"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class RectificationStatus(StrEnum):
    OPEN = "open"
    FIXED = "fixed"
    VERIFIED = "verified"
    WAIVED = "waived"


class IncidentCategory(StrEnum):
    """What happened, in the terms a health regulator classifies incidents by."""

    COUNTERFEIT_APP = "counterfeit_app"  # counterfeit or repackaged app in a channel
    OUTDATED_BUILD = "outdated_build"  # unregistered or outdated build distributed
    DATA_LEAK = "data_leak"
    UNAUTHORISED_ACCESS = "unauthorised_access"
    ILLEGAL_COLLECTION = "illegal_collection"  # personal information collected unlawfully
    MALWARE = "malware"
    NETWORK_ATTACK = "network_attack"  # intrusion, DDoS, defacement
    VULNERABILITY = "vulnerability"
    OUTAGE = "outage"
    OTHER = "other"


class IncidentSeverity(StrEnum):
    """The four levels of China's national incident classification, most severe first."""

    CRITICAL = "critical"  # 特别重大
    HIGH = "high"  # 重大
    MEDIUM = "medium"  # 较大
    LOW = "low"  # 一般


INCIDENT_SEVERITY_ORDER: tuple[IncidentSeverity, ...] = tuple(IncidentSeverity)


class IncidentStatus(StrEnum):
    OPEN = "open"
    NOTIFIED = "notified"
    CLOSED = "closed"


class NoticeChannel(StrEnum):
    """How a notice reaches its recipient; the product only prepares the text."""

    LETTER = "letter"
    PHONE = "phone"
    EMAIL = "email"


class RecipientKind(StrEnum):
    CONTACT = "contact"  # a contact the organisation registered
    ESCALATION = "escalation"  # the office major risks are escalated to
