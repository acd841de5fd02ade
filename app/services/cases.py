"""Assessment cases: creation, listing, life-cycle, answers and APK results."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from app.db.base import utcnow
from app.db.rows import (
    AnswerRow,
    ApkAnalysisRow,
    ApplicationRow,
    CaseRow,
    OrganisationRow,
)
from app.domain.enums import (
    ALLOWED_TRANSITIONS,
    EDITABLE_STATUSES,
    AnswerSource,
    CaseStatus,
    CaseType,
    Result,
)
from app.domain.models import Answer, Case, CaseFilter
from app.errors import ConflictError, NotFoundError, ValidationError
from app.rules import RulePack, ScoreResult, score
from app.security import access
from app.services import packs

if TYPE_CHECKING:
    from app.services.workspace import Workspace

STATUS_NAMES = {
    CaseStatus.DRAFT: "草稿",
    CaseStatus.IN_PROGRESS: "评估中",
    CaseStatus.SUBMITTED: "已提交",
    CaseStatus.APPROVED: "已批准",
    CaseStatus.ARCHIVED: "已归档",
}


@dataclass(frozen=True)
class NewCase:
    organisation_id: int
    case_type: CaseType
    assessor: str
    application_id: int | None = None
    reviewer: str = ""
    site: str = ""
    assessment_date: date | None = None


class CaseService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def create(self, data: NewCase) -> Case:
        access.require_case_people(self._ws, data.assessor, data.reviewer)
        assessor = _checked_people(data.assessor, data.reviewer)
        with self._ws.session() as session:
            if session.get(OrganisationRow, data.organisation_id) is None:
                raise NotFoundError(
                    f"机构不存在：编号 {data.organisation_id}",
                    f"no organisation with id {data.organisation_id}",
                )
            if data.application_id is not None:
                _check_application(session, data.application_id, data.organisation_id)
            pack = packs.current_pack(self._ws.rules_dir)
            packs.pin(session, pack)
            row = CaseRow(
                pack_sha256=pack.hash,
                pack_id=pack.id,
                pack_version=pack.version,
                organisation_id=data.organisation_id,
                application_id=data.application_id,
                case_type=CaseType(data.case_type).value,
                status=CaseStatus.DRAFT.value,
                assessor=assessor,
                reviewer=data.reviewer.strip(),
                site=data.site.strip(),
                assessment_date=data.assessment_date or date.today(),
            )
            session.add(row)
            session.flush()
            return _reload(session, row.id).to_domain()

    def update_info(
        self,
        case_id: int,
        *,
        application_id: int | None,
        case_type: CaseType,
        assessor: str,
        reviewer: str = "",
        site: str = "",
        assessment_date: date | None = None,
    ) -> Case:
        """Correct the recorded facts of a case still being assessed.

        The organisation is fixed (the case, its evidence and its APK results are
        about that organisation); everything else may change until submission.
        """
        access.require_case_people(self._ws, assessor, reviewer, case_id)
        assessor = _checked_people(assessor, reviewer)
        with self._ws.session() as session:
            row = _editable(session, case_id)
            if application_id is not None:
                _check_application(session, application_id, row.organisation_id)
            row.application_id = application_id
            row.case_type = CaseType(case_type).value
            row.assessor = assessor
            row.reviewer = reviewer.strip()
            row.site = site.strip()
            row.assessment_date = assessment_date or row.assessment_date or date.today()
            row.updated_at = utcnow()
            session.flush()
            session.expire(row)
            return _reload(session, case_id).to_domain()

    def get(self, case_id: int) -> Case:
        with self._ws.session() as session:
            return _reload(session, case_id).to_domain()

    def list(self, where: CaseFilter | None = None) -> builtins.list[Case]:
        where = where or CaseFilter()
        query = (
            select(CaseRow)
            .options(joinedload(CaseRow.organisation), joinedload(CaseRow.application))
            .order_by(CaseRow.updated_at.desc(), CaseRow.id.desc())
        )
        if where.organisation_id is not None:
            query = query.where(CaseRow.organisation_id == where.organisation_id)
        if where.application_id is not None:
            query = query.where(CaseRow.application_id == where.application_id)
        statuses = list(where.statuses) + ([where.status] if where.status else [])
        if statuses:
            query = query.where(CaseRow.status.in_([s.value for s in statuses]))
        if where.grade is not None:
            query = query.where(CaseRow.grade == where.grade.value)
        if where.assessor:
            query = query.where(CaseRow.assessor == where.assessor)
        if where.date_from is not None:
            query = query.where(CaseRow.assessment_date >= where.date_from)
        if where.date_to is not None:
            query = query.where(CaseRow.assessment_date <= where.date_to)
        if where.text:
            # Case-insensitive on every dialect (ILIKE on PostgreSQL); % and _ typed by
            # the user are literal characters, not wildcards.
            text = where.text.strip()
            query = query.join(CaseRow.organisation).where(
                or_(
                    OrganisationRow.name.icontains(text, autoescape=True),
                    CaseRow.assessor.icontains(text, autoescape=True),
                    CaseRow.site.icontains(text, autoescape=True),
                )
            )
        with self._ws.session() as session:
            return [r.to_domain() for r in session.scalars(query).unique()]

    def set_status(self, case_id: int, status: CaseStatus) -> Case:
        """Move a case along its life-cycle; illegal moves are refused.

        Submitting goes through the assessment's finish checks (every item
        answered, n/a justified, evidence intact). Approving applies the grade's
        handling to the application in the same transaction (app.services.handling),
        recorded under the approving reviewer (the workspace's actor).
        """
        if status == CaseStatus.SUBMITTED:
            return self._ws.assessment.submit(case_id)
        actor = access.require_status_change(self._ws, case_id, status)
        with self._ws.session() as session:
            row = _reload(session, case_id)
            check_transition(row, status)
            row.status = status.value
            if status == CaseStatus.APPROVED:
                from app.services.handling import apply_grade_handling

                apply_grade_handling(session, row, actor.username, date.today())
            session.flush()
            return row.to_domain()

    def set_answer(
        self,
        case_id: int,
        item_id: str,
        result: Result,
        *,
        note: str = "",
        justification: str = "",
        source: AnswerSource = AnswerSource.MANUAL,
        override_reason: str = "",
    ) -> Answer:
        """Save one checklist answer at once (the GUI calls this on every change)."""
        access.require_case_assessor(self._ws, case_id)
        result = Result(result)
        with self._ws.session() as session:
            case = _editable(session, case_id)
            item_id = pack_of(session, case).item(item_id).id
            row = session.scalar(
                select(AnswerRow).where(AnswerRow.case_id == case_id, AnswerRow.item_id == item_id)
            )
            if row is None:
                row = AnswerRow(case_id=case_id, item_id=item_id)
                session.add(row)
            if source == AnswerSource.OVERRIDE:
                if not override_reason.strip():
                    raise ValidationError(
                        f"推翻自动结论必须填写理由：{item_id}",
                        f"overriding an automatic answer needs a written reason: {item_id}",
                    )
                if row.auto_result is None:
                    raise ConflictError(
                        f"检查项 {item_id} 没有自动结论可推翻",
                        f"item {item_id} has no automatic answer to override",
                    )
            row.result = result.value
            row.note = note
            row.justification = justification
            row.source = AnswerSource(source).value
            row.override_reason = override_reason.strip() if source == AnswerSource.OVERRIDE else ""
            if source == AnswerSource.APK_AUTO:
                row.auto_result = result.value
            _touch(case)
            session.flush()
            rescore(session, case)
            return row.to_domain()

    def answers(self, case_id: int) -> builtins.list[Answer]:
        with self._ws.session() as session:
            _reload(session, case_id)
            return [r.to_domain() for r in answer_rows(session, case_id)]

    def record_apk_analysis(self, case_id: int | None, result: dict[str, Any]) -> int:
        """Store an analyzer result (the JSON contract of ``ihsa analyze``)."""
        access.require_case_assessor(self._ws, case_id)
        file_info = result.get("file") or {}
        with self._ws.session() as session:
            if case_id is not None:
                _editable(session, case_id)
            row = ApkAnalysisRow(
                case_id=case_id,
                file_name=str(file_info.get("name", "")),
                file_sha256=str(file_info.get("sha256", "")),
                package=str(result.get("package") or ""),
                version_code=result.get("version_code"),
                analyzer_version=str(result.get("analyzer_version", "")),
                duration_s=float(sum((result.get("timings") or {}).values()) or 0.0),
                result=result,
            )
            session.add(row)
            session.flush()
            return row.id

    def apk_analyses(self, case_id: int) -> builtins.list[dict[str, Any]]:
        """Stored analyzer results of a case, newest first."""
        with self._ws.session() as session:
            _reload(session, case_id)
            rows = session.scalars(
                select(ApkAnalysisRow)
                .where(ApkAnalysisRow.case_id == case_id)
                .order_by(ApkAnalysisRow.id.desc())
            )
            return [r.result for r in rows]

    def acquire_lock(self, case_id: int, owner: str) -> Case:
        """Claim a case for editing; a second editor is refused until released.

        The row is read FOR UPDATE: on a shared PostgreSQL server two assessors who
        claim the same case at once are serialised, and the later one sees the first
        one's claim instead of overwriting it (SQLite serialises writers itself).
        """
        with self._ws.session() as session:
            row = _reload(session, case_id, for_update=True)
            if row.lock_owner and row.lock_owner != owner:
                since = (
                    row.lock_acquired_at.strftime("%Y-%m-%d %H:%M") if row.lock_acquired_at else ""
                )
                raise ConflictError(
                    f"案件 {case_id} 正在另一个窗口中编辑（{row.lock_owner}，{since}）",
                    f"case {case_id} is being edited in another window ({row.lock_owner}, {since})",
                )
            row.lock_owner, row.lock_acquired_at = owner, utcnow()
            session.flush()
            return row.to_domain()

    def release_lock(self, case_id: int, owner: str, *, force: bool = False) -> None:
        with self._ws.session() as session:
            row = _reload(session, case_id)
            if force or row.lock_owner == owner:
                row.lock_owner, row.lock_acquired_at = "", None


def _checked_people(assessor: str, reviewer: str) -> str:
    """The assessor's name, stripped; refused when empty or when they review themselves."""
    assessor = assessor.strip()
    if not assessor:
        raise ValidationError("评估人员不能为空", "assessor must not be empty")
    if reviewer.strip() and reviewer.strip() == assessor:
        raise ValidationError(
            "复核人不能与评估人为同一人", "the reviewer cannot be the case's assessor"
        )
    return assessor


def _check_application(session: Session, application_id: int, organisation_id: int) -> None:
    app_row = session.get(ApplicationRow, application_id)
    if app_row is None:
        raise NotFoundError(
            f"应用不存在：编号 {application_id}", f"no application with id {application_id}"
        )
    if app_row.organisation_id != organisation_id:
        raise ValidationError(
            f"应用 {app_row.name} 不属于所选机构",
            f"application {app_row.name} does not belong to this organisation",
        )


def _reload(session: Session, case_id: int, *, for_update: bool = False) -> CaseRow:
    row = session.get(
        CaseRow,
        case_id,
        options=[joinedload(CaseRow.organisation), joinedload(CaseRow.application)],
        with_for_update={"of": CaseRow} if for_update else None,
        populate_existing=for_update,
    )
    if row is None:
        raise NotFoundError(f"案件不存在：编号 {case_id}", f"no case with id {case_id}")
    return row


def _editable(session: Session, case_id: int) -> CaseRow:
    row = _reload(session, case_id)
    status = CaseStatus(row.status)
    if status not in EDITABLE_STATUSES:
        raise ConflictError(
            f"案件 {case_id} 已「{STATUS_NAMES[status]}」，不能再修改",
            f"case {case_id} is {status.value} and can no longer be changed",
        )
    return row


def check_transition(row: CaseRow, status: CaseStatus) -> None:
    """Refuse a move the case life-cycle does not allow, naming the allowed ones."""
    current = CaseStatus(row.status)
    if status not in ALLOWED_TRANSITIONS[current]:
        allowed = ", ".join(s.value for s in sorted(ALLOWED_TRANSITIONS[current])) or "—"
        old, new = STATUS_NAMES[current], STATUS_NAMES[status]
        raise ConflictError(
            f"案件 {row.id} 不能从「{old}」变为「{new}」（允许：{allowed}）",
            f"case {row.id} cannot go from {current.value} to {status.value} (allowed: {allowed})",
        )


def pack_of(session: Session, case: CaseRow) -> RulePack:
    """The case's pinned pack (cases from before pinning get today's pack pinned)."""
    if case.pack_sha256 is None:
        pack = packs.current_pack(None)
        packs.pin(session, pack)
        case.pack_sha256, case.pack_id, case.pack_version = pack.hash, pack.id, pack.version
        return pack
    return packs.pinned(session, case.pack_sha256)


def answer_rows(session: Session, case_id: int) -> builtins.list[AnswerRow]:
    return list(
        session.scalars(
            select(AnswerRow).where(AnswerRow.case_id == case_id).order_by(AnswerRow.item_id)
        )
    )


def rescore(session: Session, case: CaseRow) -> ScoreResult:
    """Score the case with its pinned pack and keep score and grade on the case row."""
    answers = {
        r.item_id: {"result": r.result, "justification": r.justification}
        for r in answer_rows(session, case.id)
    }
    result = score(pack_of(session, case), answers)
    case.score = float(result.score)
    case.grade = result.grade.value
    case.provisional = result.provisional
    return result


def _touch(case: CaseRow) -> None:
    """An answer or attachment on a draft starts the assessment."""
    if case.status == CaseStatus.DRAFT.value:
        case.status = CaseStatus.IN_PROGRESS.value
    case.updated_at = utcnow()


def parse_date(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError as err:
        raise ValidationError(
            f"日期格式应为 YYYY-MM-DD：{text}", f"dates are written YYYY-MM-DD: {text}"
        ) from err
