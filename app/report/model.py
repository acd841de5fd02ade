"""Everything a report shows, as plain data.

``app.services.reports.build_report_data`` fills a ``ReportData`` from the
database and the rule engine; rendering, signing and tests only ever see this
object, so they need no database. Bilingual texts are ``{zh, en}`` mappings and
are chosen at render time by ``ReportData.lang``; user-entered text (notes,
names) is printed as entered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.enums import AnswerSource, CaseType, Grade, Result, Severity
from app.domain.models import RulePackRef

Text = Mapping[str, str]

SEVERITY_ORDER: tuple[Severity, ...] = (
    Severity.CRITICAL,
    Severity.HIGH,
    Severity.MEDIUM,
    Severity.LOW,
    Severity.INFO,
)


@dataclass(frozen=True)
class ItemRow:
    """One checklist item with the answer given to it."""

    item_id: str
    title: Text
    methods: tuple[str, ...]  # interview / document / config / test
    severity: Severity
    result: Result
    veto: bool = False
    note: str = ""
    justification: str = ""
    source: AnswerSource = AnswerSource.MANUAL
    evidence: tuple[str, ...] = ()  # names of evidence files attached to this item


@dataclass(frozen=True)
class DomainSection:
    """A checklist domain: its share of the score and its items."""

    domain_id: str
    title: Text
    weight: float  # W_d; the default pack's weights sum to 100
    fraction: float | None  # f_d in [0, 1]; None when no item applies
    points: float  # contribution to the 100-point score
    max_points: float  # what a perfect domain would contribute
    items: tuple[ItemRow, ...] = ()

    def count(self, result: Result) -> int:
        return sum(1 for item in self.items if item.result == result)


@dataclass(frozen=True)
class FindingEntry:
    """A problem the organisation must fix: a failed item or an APK finding."""

    severity: Severity
    title: Text
    origin: str  # "checklist" or "apk"
    ref: str  # checklist item id or APK analyzer rule id
    remediation: Text  # what to do (APK findings); may be empty
    affected_items: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # evidence file names or analyzer evidence lines
    due_date: date | None = None
    veto: bool = False
    observation: str = ""  # what the assessor found (the item's note)
    requirement: Text = field(default_factory=dict)  # how the item is checked and what passes


@dataclass(frozen=True)
class Handling:
    """What follows from the grade, and why the grade is what it is."""

    action: Text
    deadline: date | None
    grade_rule: Text  # the grade rule that fired, in words


@dataclass(frozen=True)
class CertificateEntry:
    sha256: str
    subject: str
    issuer: str
    not_before: str
    not_after: str
    signature_algorithm: str


@dataclass(frozen=True)
class ApkFindingEntry:
    rule_id: str
    severity: Severity
    title: Text
    checklist_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApkSummary:
    package: str
    version_name: str
    version_code: int | None
    file_name: str = ""
    file_sha256: str = ""
    certificates: tuple[CertificateEntry, ...] = ()
    consistency: Text = field(default_factory=dict)  # verdict in words
    signature: Text = field(default_factory=dict)  # signature check in words
    packers: tuple[tuple[Text, str], ...] = ()  # (name, vendor)
    sdks: tuple[tuple[Text, str, str], ...] = ()  # (name, vendor, category)
    findings: tuple[ApkFindingEntry, ...] = ()


@dataclass(frozen=True)
class EvidenceEntry:
    name: str
    sha256: str
    size: int
    item_id: str = ""
    description: str = ""


@dataclass(frozen=True)
class ReportData:
    lang: str
    case_id: int
    case_type: CaseType
    organisation: str
    credit_code: str
    application: str
    package: str
    assessor: str
    reviewer: str
    site: str
    assessment_date: date | None
    generated_at: datetime
    score: float | None
    grade: Grade | None
    provisional: bool
    pack: RulePackRef
    digest: str
    domains: tuple[DomainSection, ...]
    handling: Handling | None = None
    findings: tuple[FindingEntry, ...] = ()
    apk: ApkSummary | None = None
    evidence: tuple[EvidenceEntry, ...] = ()

    @property
    def self_assessment(self) -> bool:
        return self.case_type == CaseType.SELF_ASSESSMENT

    @property
    def items(self) -> tuple[ItemRow, ...]:
        return tuple(item for domain in self.domains for item in domain.items)

    def result_counts(self) -> Counter[Result]:
        return Counter(item.result for item in self.items)

    def findings_by_severity(self) -> list[FindingEntry]:
        """Most severe first; veto items first within a severity; then by reference."""
        rank = {sev: i for i, sev in enumerate(SEVERITY_ORDER)}
        return sorted(self.findings, key=lambda f: (rank[f.severity], not f.veto, f.ref))
