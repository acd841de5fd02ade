"""What approving a case does to its application (DESIGN.md §6, rules/scoring.yaml).

A → routine monitoring: the next re-assessment is due ``deadline_days`` after the
assessment. B → a rectification per failed or partial item, and per high or critical
APK finding no such item covers, due ``deadline_days`` after approval; the re-check
is their verification. C → the application is removed (清出), its codes revoked.
A passing (A/B) case admits a registered application, and a passing re-admission
case brings a removed one back. Self-assessments never change anything.

Everything here is idempotent: approving or importing the same case again finds
what it did the first time and adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.rows import (
    ApkAnalysisRow,
    ApplicationRow,
    ApplicationStatusEventRow,
    CaseRow,
    RectificationEventRow,
    RectificationRow,
)
from app.domain.enums import AppStatus, CaseType, Grade, RectificationStatus, Result
from app.errors import KnownError
from app.registry.lifecycle import PASSING_GRADES
from app.rules import RulePack
from app.services.cases import answer_rows, pack_of
from app.services.registry import change_status, check_readmission_case

FINDING_SEVERITIES = ("critical", "high")


@dataclass(frozen=True)
class Handling:
    """What one approval did (empty when it had nothing left to do)."""

    grade: Grade | None
    status_change: str | None = None  # the application's new status code
    reassessment_due: date | None = None
    rectifications_created: int = 0


def apply_grade_handling(session: Session, case: CaseRow, actor: str, today: date) -> Handling:
    """Apply the handling of an approved case's grade, within the caller's session."""
    if case.grade is None or case.case_type == CaseType.SELF_ASSESSMENT.value:
        return Handling(None)
    grade = Grade(case.grade)
    pack = pack_of(session, case)
    deadline = _deadline_days(pack, grade)
    created = 0
    if grade == Grade.B:
        created = _create_rectifications(session, case, pack, actor, today, deadline)
    app = session.get(ApplicationRow, case.application_id) if case.application_id else None
    if app is None:
        return Handling(grade, rectifications_created=created)
    due = None
    if grade == Grade.A and deadline is not None:
        due = (case.assessment_date or today) + timedelta(days=deadline)
        app.reassessment_due = due
    status = _status_change(session, case, app, grade, actor)
    return Handling(grade, status, due, created)


def _deadline_days(pack: RulePack, grade: Grade) -> int | None:
    for rule in pack.scoring.grades:
        if rule.grade == grade:
            return rule.deadline_days
    return None


def _status_change(
    session: Session, case: CaseRow, app: ApplicationRow, grade: Grade, actor: str
) -> str | None:
    if _already_handled(session, case, app):
        return None
    current = AppStatus(app.status)
    score = f"{case.score:.1f}" if case.score is not None else "—"
    if grade == Grade.C and current != AppStatus.REMOVED:
        reason = (
            f"案件 {case.id} 批准，评级 C（得分 {score}）：清出风控平台 / "
            f"case {case.id} approved with grade C (score {score}): removed from the platform"
        )
        change_status(session, app, AppStatus.REMOVED, reason, actor, case_id=case.id)
        return AppStatus.REMOVED.value
    if grade not in PASSING_GRADES:
        return None
    if current == AppStatus.REGISTERED:
        reason = (
            f"案件 {case.id} 批准，评级 {grade.value}（得分 {score}）：准予接入 / "
            f"case {case.id} approved with grade {grade.value} (score {score}): admitted"
        )
    elif current == AppStatus.REMOVED and case.case_type == CaseType.READMISSION.value:
        try:
            check_readmission_case(session, app, case.id)
        except KnownError:
            return None  # e.g. opened before the removal: the regulator decides by hand
        reason = (
            f"重新接入评估案件 {case.id} 批准，评级 {grade.value}（得分 {score}）：恢复接入 / "
            f"re-admission case {case.id} approved with grade {grade.value} (score {score}): "
            "re-admitted"
        )
    else:
        return None
    change_status(session, app, AppStatus.ACTIVE, reason, actor, case_id=case.id)
    return AppStatus.ACTIVE.value


def _already_handled(session: Session, case: CaseRow, app: ApplicationRow) -> bool:
    """This case already changed the application's status once (a repeated approval)."""
    return (
        session.scalar(
            select(ApplicationStatusEventRow.id)
            .where(
                ApplicationStatusEventRow.application_id == app.id,
                ApplicationStatusEventRow.case_id == case.id,
            )
            .limit(1)
        )
        is not None
    )


def _create_rectifications(
    session: Session,
    case: CaseRow,
    pack: RulePack,
    actor: str,
    today: date,
    deadline: int | None,
) -> int:
    due = today + timedelta(days=deadline) if deadline is not None else None
    existing = set(
        session.scalars(
            select(RectificationRow.source_key).where(RectificationRow.case_id == case.id)
        )
    )
    wanted: list[RectificationRow] = []
    failed_items: set[str] = set()
    for answer in answer_rows(session, case.id):
        if answer.result not in (Result.FAIL.value, Result.PARTIAL.value):
            continue
        if not pack.has_item(answer.item_id):
            continue
        item = pack.item(answer.item_id)
        failed_items.add(item.id)
        result_zh = "不符合" if answer.result == Result.FAIL.value else "部分符合"
        wanted.append(
            RectificationRow(
                case_id=case.id,
                source_key=f"item:{item.id}",
                item_id=item.id,
                severity=item.severity,
                title=f"{item.id} {item.title.get('zh', '')}（{result_zh}）",
                title_en=f"{item.id} {item.title.get('en', '')} ({answer.result})",
                due_date=due,
            )
        )
    for finding in _serious_findings(session, case.id):
        covered = set(finding.get("checklist_items") or ()) & failed_items
        if covered:
            continue  # the item's rectification already covers what this finding shows
        rule_id = str(finding.get("rule_id") or "")
        title = finding.get("title") or {}
        wanted.append(
            RectificationRow(
                case_id=case.id,
                source_key=f"apk:{rule_id}",
                rule_id=rule_id,
                severity=str(finding.get("severity") or "high"),
                title=f"{rule_id} {title.get('zh', '')}",
                title_en=f"{rule_id} {title.get('en', '')}",
                due_date=due,
            )
        )
    created = 0
    for row in wanted:
        if row.source_key in existing:
            continue
        existing.add(row.source_key)
        session.add(row)
        session.flush()
        session.add(
            RectificationEventRow(
                rectification_id=row.id,
                action="create",
                to_status=RectificationStatus.OPEN.value,
                note=f"案件 {case.id} 评级 B / case {case.id} graded B",
                actor=actor,
            )
        )
        created += 1
    return created


def _serious_findings(session: Session, case_id: int) -> Iterable[Mapping[str, Any]]:
    """High and critical weaknesses of the case's analyses, once per rule."""
    seen: set[str] = set()
    for result in session.scalars(
        select(ApkAnalysisRow.result)
        .where(ApkAnalysisRow.case_id == case_id)
        .order_by(ApkAnalysisRow.id.desc())
    ):
        for finding in (result or {}).get("findings") or ():
            if not isinstance(finding, Mapping):
                continue
            rule_id = finding.get("rule_id")
            if not rule_id or rule_id in seen or finding.get("severity") not in FINDING_SEVERITIES:
                continue
            seen.add(str(rule_id))
            yield finding
