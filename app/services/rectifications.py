"""Rectifications (整改): listing by case, application or organisation, and their steps.

open → fixed (the hospital's note and an evidence reference) → verified (by someone
other than who marked it fixed) ; fixed → open again when the fix does not hold ;
open or fixed → waived (with a written justification). Each step is kept as an event,
recorded under the workspace's actor. Anyone signed in records a fix (an assessor
usually types in what the hospital reports); verifying, reopening and waiving are a
reviewer's or an administrator's. In single-user mode one person holds every role, so
the four-eyes rule on verification cannot apply there.
A rectification is overdue when it is still open after its due date.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from app.db.base import utcnow
from app.db.rows import CaseRow, RectificationEventRow, RectificationRow
from app.domain.enums import SEVERITY_ORDER, RectificationStatus, Role
from app.domain.models import Principal, Rectification, RectificationEvent
from app.errors import ConflictError, ValidationError
from app.registry.lifecycle import (
    CLOSED_RECTIFICATION,
    RECTIFICATION_ACTIONS,
    RECTIFICATION_TEXT,
)
from app.security import access
from app.services.lookup import get_row
from app.services.registry import checked_reason

if TYPE_CHECKING:
    from app.services.workspace import Workspace

STATES = ("all", "open", "overdue", "fixed", "closed")


@dataclass(frozen=True)
class RectificationQuery:
    case_id: int | None = None
    application_id: int | None = None
    organisation_id: int | None = None
    state: str = "all"  # one of STATES


class RectificationService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def list(
        self, where: RectificationQuery | None = None, today: date | None = None
    ) -> builtins.list[Rectification]:
        """Matching rectifications: overdue first, then by due date and severity."""
        where = where or RectificationQuery()
        if where.state not in STATES:
            raise ValidationError(
                f"未知的整改状态筛选：{where.state}（可用：{', '.join(STATES)}）",
                f"unknown rectification filter: {where.state} (use {', '.join(STATES)})",
            )
        today = today or date.today()
        with self._ws.session() as session:
            found = [_domain(r, today) for r in session.scalars(_query(where, today)).unique()]
        found.sort(
            key=lambda r: (
                not r.overdue,
                r.status in {s.value for s in CLOSED_RECTIFICATION},
                r.due_date or date.max,
                _severity_rank(r.severity),
                r.id,
            )
        )
        return found

    def get(self, rectification_id: int, today: date | None = None) -> Rectification:
        with self._ws.session() as session:
            return _domain(_get(session, rectification_id), today or date.today())

    def fix(self, rectification_id: int, note: str, *, evidence_ref: str = "") -> Rectification:
        """The hospital reports the fix: what was done, and where the proof is."""
        actor = access.require(self._ws, *access.ANY_ROLE)
        return self._step(rectification_id, "fix", checked_reason(note), actor, evidence_ref)

    def verify(self, rectification_id: int, note: str = "") -> Rectification:
        """A reviewer confirms the fix held (not the person who reported it)."""
        actor = access.require(self._ws, Role.REVIEWER, Role.ADMIN)
        return self._step(rectification_id, "verify", " ".join(note.split()), actor, "")

    def reopen(self, rectification_id: int, reason: str) -> Rectification:
        """The fix did not hold: back to open, with the reason."""
        actor = access.require(self._ws, Role.REVIEWER, Role.ADMIN)
        return self._step(rectification_id, "reopen", checked_reason(reason), actor, "")

    def waive(self, rectification_id: int, justification: str) -> Rectification:
        """Not required after all (e.g. the feature was withdrawn), with the justification."""
        actor = access.require(self._ws, Role.REVIEWER, Role.ADMIN)
        return self._step(rectification_id, "waive", checked_reason(justification), actor, "")

    def history(self, rectification_id: int) -> builtins.list[RectificationEvent]:
        with self._ws.session() as session:
            _get(session, rectification_id)
            rows = session.scalars(
                select(RectificationEventRow)
                .where(RectificationEventRow.rectification_id == rectification_id)
                .order_by(RectificationEventRow.at, RectificationEventRow.id)
            )
            return [
                RectificationEvent(
                    id=r.id,
                    rectification_id=r.rectification_id,
                    action=r.action,
                    from_status=r.from_status,
                    to_status=r.to_status,
                    note=r.note,
                    evidence_ref=r.evidence_ref,
                    actor=r.actor,
                    at=r.at,
                )
                for r in rows
            ]

    def _step(
        self,
        rectification_id: int,
        action: str,
        note: str,
        actor: Principal,
        evidence_ref: str,
    ) -> Rectification:
        evidence_ref = evidence_ref.strip()
        sources, target = RECTIFICATION_ACTIONS[action]
        with self._ws.session() as session:
            row = _get(session, rectification_id, for_update=True)
            current = RectificationStatus(row.status)
            if current not in sources:
                allowed = " / ".join(RECTIFICATION_TEXT[s]["zh"] for s in sorted(sources))
                allowed_en = " / ".join(RECTIFICATION_TEXT[s]["en"] for s in sorted(sources))
                raise ConflictError(
                    f"整改项 {row.id} 当前为「{RECTIFICATION_TEXT[current]['zh']}」，"
                    f"不能执行此操作（仅限：{allowed}）",
                    f"rectification {row.id} is {RECTIFICATION_TEXT[current]['en']}: this step "
                    f"needs it to be {allowed_en}",
                )
            if action == "verify" and not actor.single_user:
                _refuse_self_verification(session, row, actor.username)
            row.status = target.value
            row.note = note
            if action == "fix":
                row.evidence_ref = evidence_ref
            row.closed_at = utcnow() if target in CLOSED_RECTIFICATION else None
            session.add(
                RectificationEventRow(
                    rectification_id=row.id,
                    action=action,
                    from_status=current.value,
                    to_status=target.value,
                    note=note,
                    evidence_ref=evidence_ref,
                    actor=actor.username,
                    at=utcnow(),
                )
            )
            session.flush()
            return _domain(row, date.today())


def _refuse_self_verification(session: Session, row: RectificationRow, by: str) -> None:
    fixer = session.scalar(
        select(RectificationEventRow.actor)
        .where(
            RectificationEventRow.rectification_id == row.id,
            RectificationEventRow.action == "fix",
        )
        .order_by(RectificationEventRow.id.desc())
        .limit(1)
    )
    if fixer is not None and fixer == by:
        raise ConflictError(
            f"整改项 {row.id} 由 {by} 标记为已整改，须由另一人复核",
            f"rectification {row.id} was marked fixed by {by}; someone else must verify it",
        )


def _query(where: RectificationQuery, today: date) -> Select[RectificationRow]:
    query = (
        select(RectificationRow)
        .join(CaseRow, RectificationRow.case_id == CaseRow.id)
        .options(
            joinedload(RectificationRow.case).joinedload(CaseRow.application),
            joinedload(RectificationRow.case).joinedload(CaseRow.organisation),
        )
    )
    if where.case_id is not None:
        query = query.where(RectificationRow.case_id == where.case_id)
    if where.application_id is not None:
        query = query.where(CaseRow.application_id == where.application_id)
    if where.organisation_id is not None:
        query = query.where(CaseRow.organisation_id == where.organisation_id)
    open_code = RectificationStatus.OPEN.value
    if where.state == "open":
        query = query.where(RectificationRow.status == open_code)
    elif where.state == "overdue":
        query = query.where(RectificationRow.status == open_code, RectificationRow.due_date < today)
    elif where.state == "fixed":
        query = query.where(RectificationRow.status == RectificationStatus.FIXED.value)
    elif where.state == "closed":
        query = query.where(RectificationRow.status.in_([s.value for s in CLOSED_RECTIFICATION]))
    return query


def _get(session: Session, rectification_id: int, *, for_update: bool = False) -> RectificationRow:
    if for_update:
        row = session.get(
            RectificationRow,
            rectification_id,
            with_for_update={"of": RectificationRow},
            populate_existing=True,
        )
        if row is not None:
            return row
    return get_row(session, RectificationRow, rectification_id, "整改项", "rectification")


def _domain(row: RectificationRow, today: date) -> Rectification:
    case = row.case
    return Rectification(
        id=row.id,
        case_id=row.case_id,
        source_key=row.source_key,
        severity=row.severity,
        title=row.title,
        title_en=row.title_en,
        status=row.status,
        due_date=row.due_date,
        item_id=row.item_id,
        rule_id=row.rule_id,
        note=row.note,
        evidence_ref=row.evidence_ref,
        closed_at=row.closed_at,
        created_at=row.created_at,
        overdue=is_overdue(row.status, row.due_date, today),
        application_id=case.application_id if case else None,
        application_name=case.application.name if case and case.application else "",
        organisation_id=case.organisation_id if case else None,
        organisation_name=case.organisation.name if case and case.organisation else "",
    )


def is_overdue(status: str, due: date | None, today: date) -> bool:
    return status == RectificationStatus.OPEN.value and due is not None and due < today


def _severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)
