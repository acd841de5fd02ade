"""Periodic statistics (定期统计): assessments, APK facts, rectifications and incidents.

One read-only pass over the database for a period (month, quarter, year or any
from/to range of days, in local time). Figures that describe a state rather than an
event (open or overdue rectifications, incidents overdue for notice) are taken "as of"
the end of the period, or now for a period that has not ended, so a report on a past
quarter gives the same numbers whenever it is produced.

Grades, scores and failed items count only concluded official assessments (submitted,
approved or archived, not self-assessments): a draft's score is provisional and a
self-assessment is not a grade.
"""

from __future__ import annotations

import re
import statistics as pystats
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db.base import utcnow
from app.db.rows import AnswerRow, ApkAnalysisRow, CaseRow, IncidentRow, RectificationRow
from app.domain.enums import (
    INCIDENT_SEVERITY_ORDER,
    CaseStatus,
    CaseType,
    Grade,
    IncidentCategory,
    IncidentStatus,
    RecipientKind,
    Result,
)
from app.errors import KnownError, ValidationError
from app.jobs import CancelToken, ProgressSink, no_progress
from app.security import access
from app.services import packs
from app.services.incidents import incident_from_row, notice_policy

if TYPE_CHECKING:
    from app.services.workspace import Workspace

CONCLUDED = (CaseStatus.SUBMITTED, CaseStatus.APPROVED, CaseStatus.ARCHIVED)
SCORE_BIN_WIDTH = 10
MOST_FAILED_LIMIT = 10
LIST_LIMIT = 15


@dataclass(frozen=True)
class Period:
    """Days ``start`` (inclusive) to ``end`` (exclusive), in local time."""

    start: date
    end: date
    label: str

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def start_utc(self) -> datetime:
        return _local_midnight(self.start)

    def end_utc(self) -> datetime:
        return _local_midnight(self.end)


@dataclass(frozen=True)
class TrendPoint:
    label: str
    start: date
    cases: int
    mean_score: float | None


@dataclass(frozen=True)
class FailedItem:
    item_id: str
    title: dict[str, str]
    fail: int
    partial: int


@dataclass(frozen=True)
class AssessmentStats:
    total: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    concluded: int
    grades: dict[str, int]
    score_bins: list[int]  # counts per 10 points: [0,10), ..., [90,100]
    score_mean: float | None
    score_median: float | None
    score_min: float | None
    score_max: float | None
    trend: list[TrendPoint]
    most_failed: list[FailedItem]


@dataclass(frozen=True)
class ApkFlag:
    file_name: str
    package: str
    version_code: int | None
    analysed_at: datetime
    problems: list[str]  # counterfeit, tampered, package_mismatch, outdated


@dataclass(frozen=True)
class ApkStats:
    files: int  # distinct files (by SHA-256) analysed in the period
    compared: int  # of those, compared against a registered certificate
    counterfeit: int  # certificate differs from the registered one
    tampered: int  # official certificate, broken signature
    package_mismatch: int
    outdated: int
    packed: int  # a packer/protector was detected
    obfuscated_only: int  # not packed, but obfuscated
    unprotected: int  # neither
    packers: dict[str, int]
    flagged: list[ApkFlag]


@dataclass(frozen=True)
class RectificationRef:
    id: int
    case_id: int
    title: str
    severity: str
    due_date: date | None


@dataclass(frozen=True)
class RectificationStats:
    created: int
    closed: int
    open_at_end: int
    overdue_at_end: int
    open_by_severity: dict[str, int]
    overdue: list[RectificationRef]


@dataclass(frozen=True)
class IncidentRef:
    id: int
    title: str
    organisation: str
    severity: str
    notice_due_at: datetime | None
    overdue: list[str]


@dataclass(frozen=True)
class IncidentStats:
    total: int
    by_category: dict[str, int]
    by_severity: dict[str, int]
    by_status: dict[str, int]
    notice_on_time: int
    notice_late: int
    notice_missing: int  # deadline passed by the end of the period, no notice delivered
    notice_pending: int  # deadline not yet reached
    median_hours_to_notice: float | None
    escalation_required: int
    escalated: int
    overdue: list[IncidentRef] = field(default_factory=list)


@dataclass(frozen=True)
class Statistics:
    period: Period
    generated_at: datetime
    as_of: datetime
    assessments: AssessmentStats
    apk: ApkStats
    rectifications: RectificationStats
    incidents: IncidentStats

    @property
    def empty(self) -> bool:
        return not (
            self.assessments.total
            or self.apk.files
            or self.rectifications.created
            or self.rectifications.open_at_end
            or self.incidents.total
        )


_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_period(text: str) -> Period:
    """``2026-Q3``, ``2026-07`` or ``2026`` as a period of whole days."""
    value = text.strip()
    try:
        if match := _QUARTER.match(value):
            year, quarter = int(match[1]), int(match[2])
            start = date(year, 3 * quarter - 2, 1)
            return Period(start, _add_months(start, 3), f"{year}-Q{quarter}")
        if match := _MONTH.match(value):
            start = date(int(match[1]), int(match[2]), 1)
            return Period(start, _add_months(start, 1), f"{start:%Y-%m}")
        if match := _YEAR.match(value):
            start = date(int(match[1]), 1, 1)
            return Period(start, date(start.year + 1, 1, 1), f"{start.year}")
    except ValueError:
        pass
    raise ValidationError(
        f"统计期间格式应为 2026-Q3、2026-07 或 2026：{text}",
        f"a period is written 2026-Q3, 2026-07 or 2026: {text}",
    )


def period_between(first: date, last: date) -> Period:
    """The days ``first`` to ``last``, both included."""
    if last < first:
        raise ValidationError(
            f"结束日期 {last} 早于开始日期 {first}",
            f"the end date {last} is before the start {first}",
        )
    if (last - first).days > 366 * 10:
        raise ValidationError("统计期间不能超过十年", "a period cannot exceed ten years")
    return Period(first, last + timedelta(days=1), f"{first.isoformat()} – {last.isoformat()}")


def current_quarter(today: date | None = None) -> Period:
    today = today or date.today()
    return parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def compute_statistics(
    workspace: Workspace,
    period: Period,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> Statistics:
    """Every figure of the periodic report, read in one unit of work."""
    cancel = cancel or CancelToken()
    now = utcnow()
    as_of = min(period.end_utc(), now)
    with workspace.session() as session:
        progress(0.05, "assessments")
        assessments = _assessments(session, period)
        cancel.raise_if_cancelled()
        progress(0.35, "apk")
        apk = _apk(session, period, cancel)
        progress(0.65, "rectifications")
        rectifications = _rectifications(session, period, as_of)
        cancel.raise_if_cancelled()
        progress(0.8, "incidents")
        incidents = _incidents(session, period, as_of)
    progress(1.0, "done")
    return Statistics(period, now, as_of, assessments, apk, rectifications, incidents)


def write_statistics_report(
    workspace: Workspace,
    period: Period,
    out_path: Path,
    *,
    lang: str = "zh",
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[Statistics, Path]:
    """Compute the period's figures and write them as a PDF report with charts.

    Only reads the database, but a report leaves the office: someone signed in makes it.
    """
    from app.report.statistics import render_statistics

    access.require(workspace, *access.ANY_ROLE)
    cancel = cancel or CancelToken()

    def computing(fraction: float, stage: str = "") -> None:
        progress(0.2 * fraction, stage)

    def rendering(fraction: float, stage: str = "") -> None:
        progress(0.2 + 0.8 * fraction, stage)

    stats = compute_statistics(workspace, period, computing, cancel)
    policy = workspace.incidents.policy()
    path = render_statistics(
        stats,
        out_path,
        lang=lang,
        policy=policy,
        progress=rendering,
        cancel=cancel,
    )
    return stats, path


# -- assessments ------------------------------------------------------------------------


def _assessments(session: Any, period: Period) -> AssessmentStats:
    cases = list(
        session.scalars(
            select(CaseRow).where(
                CaseRow.assessment_date >= period.start, CaseRow.assessment_date < period.end
            )
        )
    )
    by_type = Counter(c.case_type for c in cases)
    by_status = Counter(c.status for c in cases)
    concluded = [
        c
        for c in cases
        if c.status in {s.value for s in CONCLUDED}
        and c.case_type != CaseType.SELF_ASSESSMENT.value
        and c.score is not None
    ]
    grades = Counter(c.grade for c in concluded if c.grade)
    scores = [float(c.score) for c in concluded if c.score is not None]
    bins = [0] * (100 // SCORE_BIN_WIDTH)
    for value in scores:
        bins[min(int(value // SCORE_BIN_WIDTH), len(bins) - 1)] += 1
    return AssessmentStats(
        total=len(cases),
        by_type={t.value: by_type.get(t.value, 0) for t in CaseType},
        by_status={s.value: by_status.get(s.value, 0) for s in CaseStatus},
        concluded=len(concluded),
        grades={g.value: grades.get(g.value, 0) for g in Grade},
        score_bins=bins,
        score_mean=round(pystats.fmean(scores), 1) if scores else None,
        score_median=round(pystats.median(scores), 1) if scores else None,
        score_min=min(scores) if scores else None,
        score_max=max(scores) if scores else None,
        trend=_trend(period, concluded),
        most_failed=_most_failed(session, concluded),
    )


def _trend(period: Period, concluded: list[CaseRow]) -> list[TrendPoint]:
    """Cases and mean score per month (per week for a period of a month or less)."""
    weekly = (period.end - period.start).days <= 31
    starts: list[date] = []
    cursor = period.start
    while cursor < period.end:
        starts.append(cursor)
        cursor = (
            cursor + timedelta(days=7)
            if weekly
            else _add_months(date(cursor.year, cursor.month, 1), 1)
        )
    points = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else period.end
        scores = [
            float(c.score)
            for c in concluded
            if c.assessment_date is not None
            and start <= c.assessment_date < end
            and c.score is not None
        ]
        label = start.strftime("%m-%d") if weekly else start.strftime("%Y-%m")
        mean = round(pystats.fmean(scores), 1) if scores else None
        points.append(TrendPoint(label, start, len(scores), mean))
    return points


def _most_failed(session: Any, concluded: list[CaseRow]) -> list[FailedItem]:
    if not concluded:
        return []
    by_id = {c.id: c for c in concluded}
    rows = session.scalars(
        select(AnswerRow).where(
            AnswerRow.case_id.in_(list(by_id)),
            AnswerRow.result.in_([Result.FAIL.value, Result.PARTIAL.value]),
        )
    )
    fails: Counter[str] = Counter()
    partials: Counter[str] = Counter()
    titles: dict[str, dict[str, str]] = {}
    for answer in rows:
        (fails if answer.result == Result.FAIL.value else partials)[answer.item_id] += 1
        if answer.item_id not in titles:
            titles[answer.item_id] = _item_title(session, by_id[answer.case_id], answer.item_id)
    ranked = sorted(
        set(fails) | set(partials), key=lambda item: (-fails[item], -partials[item], item)
    )
    return [
        FailedItem(item, titles[item], fails[item], partials[item])
        for item in ranked[:MOST_FAILED_LIMIT]
    ]


def _item_title(session: Any, case: CaseRow, item_id: str) -> dict[str, str]:
    if not case.pack_sha256:
        return {"zh": item_id, "en": item_id}
    try:
        return dict(packs.pinned(session, case.pack_sha256).item(item_id).title)
    except KnownError:
        return {"zh": item_id, "en": item_id}


# -- APK analyses -------------------------------------------------------------------------


def _apk(session: Any, period: Period, cancel: CancelToken) -> ApkStats:
    rows = session.scalars(
        select(ApkAnalysisRow)
        .where(
            ApkAnalysisRow.created_at >= period.start_utc(),
            ApkAnalysisRow.created_at < period.end_utc(),
        )
        .order_by(ApkAnalysisRow.id)
    )
    latest: dict[str, ApkAnalysisRow] = {}
    for row in rows:
        latest[row.file_sha256 or f"row-{row.id}"] = row  # the newest result of each file
        cancel.raise_if_cancelled()
    compared = counterfeit = tampered = package_mismatch = outdated = 0
    packed = obfuscated_only = unprotected = 0
    packers: Counter[str] = Counter()
    flagged: list[ApkFlag] = []
    for row in latest.values():
        result = row.result or {}
        consistency = result.get("consistency") or {}
        problems = []
        if consistency.get("cert") in ("match", "mismatch"):
            compared += 1
        if consistency.get("tampered"):
            tampered += 1
            problems.append("tampered")
        elif consistency.get("cert") == "mismatch":
            counterfeit += 1
            problems.append("counterfeit")
        if consistency.get("package") == "mismatch":
            package_mismatch += 1
            problems.append("package_mismatch")
        if consistency.get("version") == "outdated":
            outdated += 1
            problems.append("outdated")
        found = [p.get("name") or p.get("id") or "?" for p in result.get("packers") or []]
        packers.update(set(found))
        obfuscation = ((result.get("checks") or {}).get("obfuscation") or {}).get("result")
        if found or (result.get("completeness") or {}).get("packed"):
            packed += 1
        elif obfuscation:
            obfuscated_only += 1
        else:
            unprotected += 1
        if problems:
            flagged.append(
                ApkFlag(row.file_name, row.package, row.version_code, row.created_at, problems)
            )
    flagged.sort(key=lambda f: f.analysed_at, reverse=True)
    return ApkStats(
        files=len(latest),
        compared=compared,
        counterfeit=counterfeit,
        tampered=tampered,
        package_mismatch=package_mismatch,
        outdated=outdated,
        packed=packed,
        obfuscated_only=obfuscated_only,
        unprotected=unprotected,
        packers=dict(packers.most_common()),
        flagged=flagged[:LIST_LIMIT],
    )


# -- rectifications -----------------------------------------------------------------------

# Rectification codes (the registry's RectificationStatus): "open" is the hospital's to
# do, "fixed" awaits the regulator's check, "verified" and "waived" are closed (closed_at).
_NOT_CLOSED = ("open", "fixed")


def _rectifications(session: Any, period: Period, as_of: datetime) -> RectificationStats:
    rows = list(
        session.scalars(select(RectificationRow).where(RectificationRow.created_at < as_of))
    )
    start = period.start_utc()
    created = sum(1 for r in rows if r.created_at >= start)
    closed = sum(1 for r in rows if r.closed_at is not None and start <= r.closed_at < as_of)
    as_of_day = as_of.astimezone().date()

    def open_at_end(row: RectificationRow) -> bool:
        if row.closed_at is not None:
            return row.closed_at >= as_of
        return row.status in _NOT_CLOSED

    def overdue_at_end(row: RectificationRow) -> bool:
        late = row.due_date is not None and row.due_date < as_of_day
        # a row closed after as_of was still the hospital's to do then (its "fixed" step
        # is not recorded on the row, so it counts as open)
        return late and (row.closed_at is not None or row.status == "open")

    still_open = [r for r in rows if open_at_end(r)]
    overdue = [r for r in still_open if overdue_at_end(r)]
    overdue.sort(key=lambda r: (r.due_date, r.id))
    return RectificationStats(
        created=created,
        closed=closed,
        open_at_end=len(still_open),
        overdue_at_end=len(overdue),
        open_by_severity=dict(Counter(r.severity for r in still_open).most_common()),
        overdue=[
            RectificationRef(r.id, r.case_id, r.title, r.severity, r.due_date)
            for r in overdue[:LIST_LIMIT]
        ],
    )


# -- incidents ----------------------------------------------------------------------------


def _incidents(session: Any, period: Period, as_of: datetime) -> IncidentStats:
    policy = notice_policy(session)
    now = utcnow()
    rows = session.scalars(
        select(IncidentRow)
        .options(
            selectinload(IncidentRow.organisation),
            selectinload(IncidentRow.application),
            selectinload(IncidentRow.notifications),
            selectinload(IncidentRow.events),
        )
        .where(
            IncidentRow.discovered_at >= period.start_utc(),
            IncidentRow.discovered_at < period.end_utc(),
        )
        .order_by(IncidentRow.discovered_at)
    )
    # Overdue notices are listed as they stand now, when the report is produced.
    incidents = [incident_from_row(row, policy, now) for row in rows]
    on_time = late = missing = pending = 0
    hours: list[float] = []
    overdue: list[IncidentRef] = []
    escalation_required = escalated = 0
    for incident in incidents:
        due = incident.discovered_at + timedelta(hours=policy.notice_hours[incident.severity])
        first = _first_contact_notice(incident, as_of)
        if first is not None:
            hours.append((first - incident.discovered_at).total_seconds() / 3600)
            if first <= due:
                on_time += 1
            else:
                late += 1
        elif due < as_of:
            missing += 1
        else:
            pending += 1
        if incident.escalation_required:
            escalation_required += 1
            if any(
                n.recipient_kind == RecipientKind.ESCALATION
                and n.sent_at is not None
                and n.sent_at < as_of
                for n in incident.notifications
            ):
                escalated += 1
        if incident.overdue:
            overdue.append(
                IncidentRef(
                    incident.id,
                    incident.title,
                    incident.organisation_name,
                    incident.severity.value,
                    incident.notice_due_at,
                    list(incident.overdue),
                )
            )
    by_category = Counter(i.category.value for i in incidents)
    by_severity = Counter(i.severity.value for i in incidents)
    by_status = Counter(i.status.value for i in incidents)
    return IncidentStats(
        total=len(incidents),
        by_category={c.value: by_category.get(c.value, 0) for c in IncidentCategory},
        by_severity={s.value: by_severity.get(s.value, 0) for s in INCIDENT_SEVERITY_ORDER},
        by_status={s.value: by_status.get(s.value, 0) for s in IncidentStatus},
        notice_on_time=on_time,
        notice_late=late,
        notice_missing=missing,
        notice_pending=pending,
        median_hours_to_notice=round(pystats.median(hours), 1) if hours else None,
        escalation_required=escalation_required,
        escalated=escalated,
        overdue=overdue[:LIST_LIMIT],
    )


def _first_contact_notice(incident: Any, as_of: datetime) -> datetime | None:
    """The first delivery to the organisation's contacts, before ``as_of``."""
    times = [
        n.sent_at
        for n in incident.notifications
        if n.recipient_kind == RecipientKind.CONTACT and n.sent_at is not None and n.sent_at < as_of
    ]
    return min(times) if times else None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone().astimezone(UTC)
