"""The regulator's registry: application status life-cycle, authorization codes, indicators.

Status changes and code issuance are kept as history rows (who, when, why); a code
is revoked whenever its application is suspended or removed, so a verifier with the
registry sees it. Who acts is the workspace's actor: reviewers and administrators keep
the registry (``access.REGISTER_EDITORS``), and only an administrator creates the
regulator's signing key. ``change_status`` and ``revoke_codes`` work inside a caller's
session, for grade handling on case approval (app.services.handling).
"""

from __future__ import annotations

import builtins
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.rows import (
    ApkAnalysisRow,
    ApplicationRow,
    ApplicationStatusEventRow,
    AuthorizationCodeRow,
    CaseRow,
    RectificationRow,
)
from app.domain.enums import AppStatus, CaseStatus, CaseType, Grade, RectificationStatus, Role
from app.domain.models import (
    AppIndicators,
    AuthorizationCode,
    BuildAlert,
    GradePoint,
    StatusChange,
)
from app.errors import ConflictError, NotFoundError, ValidationError
from app.registry import codes, regulator_key
from app.registry.lifecycle import (
    APP_TRANSITIONS,
    MIN_REASON_CHARS,
    PASSING_GRADES,
    REVOKING_STATUSES,
    STATUS_TEXT,
    allowed_next,
)
from app.registry.regulator_key import PublicKey, UnlockedKey
from app.security import access, audit
from app.services.lookup import get_row

if TYPE_CHECKING:
    from app.services.workspace import Workspace

DEFAULT_VALID_DAYS = 365
MAX_VALID_DAYS = 3 * 365
APPROVED_STATUSES = (CaseStatus.APPROVED.value, CaseStatus.ARCHIVED.value)


class RegistryService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    # ------------------------------------------------------------ life-cycle

    def set_status(
        self,
        application_id: int,
        status: AppStatus,
        reason: str,
        *,
        case_id: int | None = None,
    ) -> StatusChange:
        """Move an application along its life-cycle, with a written reason.

        Back from removed (清出) needs ``case_id``: an approved re-admission case of
        this application, graded A or B, started after the removal.
        """
        actor = access.require(self._ws, *access.REGISTER_EDITORS)
        status = AppStatus(status)
        reason = checked_reason(reason)
        with self._ws.session() as session:
            row = _application(session, application_id, for_update=True)
            current = AppStatus(row.status)
            if current == AppStatus.REMOVED and status == AppStatus.ACTIVE:
                if case_id is None:
                    raise ConflictError(
                        f"应用 {row.id} 已清出：只能凭已批准、评级为 A 或 B 的重新接入评估案件"
                        "恢复接入（请指定案件编号）",
                        f"application {row.id} was removed: it returns to active only through an "
                        "approved re-admission case graded A or B (give its case id)",
                    )
                check_readmission_case(session, row, case_id)
            elif case_id is not None:
                _case_of(session, row, case_id)
            event = change_status(session, row, status, reason, actor.username, case_id=case_id)
            return _status_change(event)

    def history(self, application_id: int) -> builtins.list[StatusChange]:
        """Status changes, oldest first."""
        with self._ws.session() as session:
            _application(session, application_id)
            rows = session.scalars(
                select(ApplicationStatusEventRow)
                .where(ApplicationStatusEventRow.application_id == application_id)
                .order_by(ApplicationStatusEventRow.at, ApplicationStatusEventRow.id)
            )
            return [_status_change(r) for r in rows]

    # ---------------------------------------------------- authorization codes

    def create_key(self, issuer: str, passphrase: str) -> PublicKey:
        """Create this workstation's code-signing key (an administrator's act, once).

        The key lives in the data folder, not the database; the audit log records
        who created it and its key id.
        """
        access.require(self._ws, Role.ADMIN)
        public = regulator_key.create(self._ws.data_dir, issuer, passphrase)
        with self._ws.session() as session:
            audit.note(
                session,
                "regulator_key_created",
                entity="regulator_key",
                entity_id=public.key_id,
                details={"issuer": public.issuer, "fingerprint": public.fingerprint},
            )
        return public

    def issue_code(
        self,
        application_id: int,
        key: UnlockedKey,
        *,
        valid_days: int = DEFAULT_VALID_DAYS,
        valid_from: date | None = None,
    ) -> AuthorizationCode:
        """Sign a new code for an active application; earlier codes are superseded."""
        actor = access.require(self._ws, *access.REGISTER_EDITORS)
        if not 1 <= valid_days <= MAX_VALID_DAYS:
            raise ValidationError(
                f"有效天数应在 1 到 {MAX_VALID_DAYS} 之间：{valid_days}",
                f"validity must be 1 to {MAX_VALID_DAYS} days: {valid_days}",
            )
        start = valid_from or date.today()
        with self._ws.session() as session:
            row = _application(session, application_id, for_update=True)
            if row.status != AppStatus.ACTIVE.value:
                shown = STATUS_TEXT[AppStatus(row.status)]
                raise ConflictError(
                    f"应用 {row.id} 状态为「{shown['zh']}」：只能为已接入的应用签发授权码",
                    f"application {row.id} is {shown['en']}: codes are issued only to active "
                    "applications",
                )
            serial = (session.scalar(select(func.max(AuthorizationCodeRow.serial))) or 0) + 1
            code_id = _unused_code_id(session)
            statement = codes.Statement(
                code_id=code_id,
                serial=serial,
                key_id=key.public.key_id,
                issuer=key.public.issuer,
                organisation_name=row.organisation.name,
                credit_code=row.organisation.credit_code,
                application_name=row.name,
                package=row.package,
                platform=row.platform,
                cert_sha256=tuple(row.official_cert_sha256 or ()),
                valid_from=start,
                valid_until=start + timedelta(days=valid_days - 1),
                issued_on=date.today(),
            )
            revoke_codes(session, row.id, f"由授权码 {code_id} 取代 / superseded by {code_id}")
            code = AuthorizationCodeRow(
                application_id=row.id,
                code_id=code_id,
                serial=serial,
                statement=codes.sign_statement(statement, key.private_key),
                key_id=key.public.key_id,
                valid_from=statement.valid_from,
                valid_until=statement.valid_until,
                issued_by=actor.username,
            )
            session.add(code)
            row.authorization_code = code_id
            session.flush()
            return _code(code)

    def issued_codes(self, application_id: int) -> builtins.list[AuthorizationCode]:
        """Every code issued to the application, newest first."""
        with self._ws.session() as session:
            _application(session, application_id)
            rows = session.scalars(
                select(AuthorizationCodeRow)
                .where(AuthorizationCodeRow.application_id == application_id)
                .order_by(AuthorizationCodeRow.serial.desc())
            )
            return [_code(r) for r in rows]

    def revoke_code(self, code_id: str, reason: str) -> AuthorizationCode:
        """Withdraw one code (e.g. it leaked); the application's status is unchanged."""
        actor = access.require(self._ws, *access.REGISTER_EDITORS)
        reason = checked_reason(reason)
        canonical = codes.parse_code_id(code_id)
        with self._ws.session() as session:
            row = session.scalar(
                select(AuthorizationCodeRow).where(AuthorizationCodeRow.code_id == canonical)
            )
            if canonical is None or row is None:
                raise NotFoundError(
                    f"登记库中没有授权码 {code_id.strip()}",
                    f"no authorization code {code_id.strip()} in the registry",
                )
            if row.revoked_at is not None:
                raise ConflictError(
                    f"授权码 {row.code_id} 已于 {row.revoked_at:%Y-%m-%d} 撤销",
                    f"code {row.code_id} was already revoked on {row.revoked_at:%Y-%m-%d}",
                )
            row.revoked_at, row.revoked_reason = utcnow(), f"{reason}（{actor.username}）"
            session.flush()
            return _code(row)

    def verify_code(
        self, text: str, public_key: PublicKey, today: date | None = None
    ) -> codes.Verification:
        """Verify a signed statement or a typed code id against the key and this registry.

        A typed id is looked up and its stored statement verified; a statement must
        verify by itself, then the registry adds revocation and the application's state.
        """
        today = today or date.today()
        with self._ws.session() as session:
            if codes.looks_like_code_id(text):
                canonical = codes.parse_code_id(text)
                if canonical is None:
                    return codes.Verification(codes.Outcome.MALFORMED, registry_checked=True)
                row = _code_row(session, canonical)
                if row is None:
                    return codes.Verification(codes.Outcome.UNKNOWN, registry_checked=True)
                text = row.statement
            offline = codes.verify_signed(text, public_key.key, today)
            if offline.statement is None or offline.outcome in (
                codes.Outcome.TAMPERED,
                codes.Outcome.WRONG_KEY,
            ):
                return _checked(offline)
            row = _code_row(session, offline.statement.code_id)
            if row is None or row.serial != offline.statement.serial:
                return codes.Verification(
                    codes.Outcome.UNKNOWN, offline.statement, registry_checked=True
                )
            if row.revoked_at is not None:
                return codes.Verification(
                    codes.Outcome.REVOKED,
                    offline.statement,
                    registry_checked=True,
                    detail=f"{row.revoked_at:%Y-%m-%d}: {row.revoked_reason}",
                )
            return _checked(offline)

    # ------------------------------------------------------------ indicators

    def indicators(self, application_id: int, today: date | None = None) -> AppIndicators:
        today = today or date.today()
        with self._ws.session() as session:
            row = _application(session, application_id)
            last_event = session.scalar(
                select(ApplicationStatusEventRow)
                .where(ApplicationStatusEventRow.application_id == application_id)
                .order_by(ApplicationStatusEventRow.at.desc(), ApplicationStatusEventRow.id.desc())
                .limit(1)
            )
            trend = tuple(
                GradePoint(
                    case_id=c.id,
                    case_type=CaseType(c.case_type),
                    assessment_date=c.assessment_date,
                    grade=Grade(c.grade) if c.grade else None,
                    score=c.score,
                )
                for c in session.scalars(
                    select(CaseRow)
                    .where(
                        CaseRow.application_id == application_id,
                        CaseRow.status.in_(APPROVED_STATUSES),
                        CaseRow.case_type != CaseType.SELF_ASSESSMENT.value,
                    )
                    .order_by(CaseRow.assessment_date, CaseRow.id)
                )
            )
            open_rows = list(
                session.scalars(
                    select(RectificationRow)
                    .join(CaseRow, RectificationRow.case_id == CaseRow.id)
                    .where(
                        CaseRow.application_id == application_id,
                        RectificationRow.status == RectificationStatus.OPEN.value,
                    )
                )
            )
            code_row = session.scalar(
                select(AuthorizationCodeRow)
                .where(AuthorizationCodeRow.application_id == application_id)
                .order_by(AuthorizationCodeRow.serial.desc())
                .limit(1)
            )
            return AppIndicators(
                application=row.to_domain(),
                organisation_name=row.organisation.name,
                status_since=last_event.at if last_event else row.created_at,
                last_assessment=trend[-1] if trend else None,
                trend=trend,
                reassessment_due=row.reassessment_due,
                reassessment_overdue=bool(row.reassessment_due and row.reassessment_due < today),
                open_rectifications=len(open_rows),
                overdue_rectifications=sum(
                    1 for r in open_rows if r.due_date is not None and r.due_date < today
                ),
                code=_code(code_row) if code_row else None,
                code_state=_code_state(code_row, today),
                build_alerts=tuple(_build_alerts(session, row)),
            )


# --------------------------------------------------------- in-session helpers


def change_status(
    session: Session,
    row: ApplicationRow,
    status: AppStatus,
    reason: str,
    actor: str,
    *,
    case_id: int | None = None,
) -> ApplicationStatusEventRow:
    """Record one legal status change (refusing illegal ones) and revoke codes if due."""
    current = AppStatus(row.status)
    if status not in APP_TRANSITIONS[current]:
        allowed = allowed_next(current)
        zh_allowed = "、".join(STATUS_TEXT[s]["zh"] for s in allowed) or "—"
        en_allowed = ", ".join(STATUS_TEXT[s]["en"] for s in allowed) or "—"
        old, new = STATUS_TEXT[current], STATUS_TEXT[status]
        raise ConflictError(
            f"应用 {row.id} 不能从「{old['zh']}」变为「{new['zh']}」（可变为：{zh_allowed}）",
            f"application {row.id} cannot go from {old['en']} to {new['en']} "
            f"(allowed: {en_allowed})",
        )
    event = ApplicationStatusEventRow(
        application_id=row.id,
        from_status=current.value,
        to_status=status.value,
        reason=reason,
        actor=actor,
        case_id=case_id,
        at=utcnow(),
    )
    session.add(event)
    row.status = status.value
    if status in REVOKING_STATUSES:
        revoke_codes(session, row.id, f"应用{STATUS_TEXT[status]['zh']} / {status.value}: {reason}")
    session.flush()
    return event


def revoke_codes(session: Session, application_id: int, reason: str) -> int:
    """Revoke every live code of the application; returns how many."""
    rows = session.scalars(
        select(AuthorizationCodeRow).where(
            AuthorizationCodeRow.application_id == application_id,
            AuthorizationCodeRow.revoked_at.is_(None),
        )
    ).all()
    now = utcnow()
    for code in rows:
        code.revoked_at, code.revoked_reason = now, reason
    return len(rows)


def check_readmission_case(session: Session, app_row: ApplicationRow, case_id: int) -> CaseRow:
    """The case that may bring a removed application back, or a clear refusal."""
    case = _case_of(session, app_row, case_id)
    problems_zh, problems_en = [], []
    if case.case_type != CaseType.READMISSION.value:
        problems_zh.append("不是重新接入评估")
        problems_en.append("it is not a re-admission assessment")
    if case.status not in APPROVED_STATUSES:
        problems_zh.append("尚未批准")
        problems_en.append("it is not approved")
    if case.grade is None or Grade(case.grade) not in PASSING_GRADES:
        problems_zh.append(f"评级为 {case.grade or '—'}（需 A 或 B）")
        problems_en.append(f"its grade is {case.grade or '-'} (A or B needed)")
    removed_at = session.scalar(
        select(func.max(ApplicationStatusEventRow.at)).where(
            ApplicationStatusEventRow.application_id == app_row.id,
            ApplicationStatusEventRow.to_status == AppStatus.REMOVED.value,
        )
    )
    if removed_at is not None and case.created_at < removed_at:
        problems_zh.append("创建早于清出（需清出后的新评估）")
        problems_en.append("it was opened before the removal (a new assessment is needed)")
    if problems_zh:
        raise ConflictError(
            f"案件 {case_id} 不能作为重新接入依据：{'；'.join(problems_zh)}",
            f"case {case_id} cannot re-admit the application: {'; '.join(problems_en)}",
        )
    return case


def checked_reason(reason: str) -> str:
    text = " ".join(reason.split())
    if len(text) < MIN_REASON_CHARS:
        raise ValidationError(
            f"请写明理由（至少 {MIN_REASON_CHARS} 个字）",
            f"write the reason (at least {MIN_REASON_CHARS} characters)",
        )
    return text


def _application(
    session: Session, application_id: int, *, for_update: bool = False
) -> ApplicationRow:
    if for_update:
        row = session.get(
            ApplicationRow,
            application_id,
            with_for_update={"of": ApplicationRow},
            populate_existing=True,
        )
        if row is not None:
            return row
    return get_row(session, ApplicationRow, application_id, "应用", "application")


def _case_of(session: Session, app_row: ApplicationRow, case_id: int) -> CaseRow:
    case = get_row(session, CaseRow, case_id, "案件", "case")
    if case.application_id != app_row.id:
        raise ValidationError(
            f"案件 {case_id} 不是应用 {app_row.id} 的评估",
            f"case {case_id} is not an assessment of application {app_row.id}",
        )
    return case


def _code_row(session: Session, code_id: str) -> AuthorizationCodeRow | None:
    return session.scalar(
        select(AuthorizationCodeRow).where(AuthorizationCodeRow.code_id == code_id)
    )


def _unused_code_id(session: Session) -> str:
    while True:  # 50 random bits: a collision is astronomically rare, but cheap to rule out
        code_id = codes.new_code_id()
        if _code_row(session, code_id) is None:
            return code_id


def _checked(result: codes.Verification) -> codes.Verification:
    return codes.Verification(
        result.outcome, result.statement, registry_checked=True, detail=result.detail
    )


def _code_state(row: AuthorizationCodeRow | None, today: date) -> str:
    if row is None:
        return "none"
    if row.revoked_at is not None:
        return "revoked"
    if today < row.valid_from:
        return "not_yet_valid"
    if today > row.valid_until:
        return "expired"
    return "valid"


def _build_alerts(session: Session, app_row: ApplicationRow) -> list[BuildAlert]:
    """Counterfeit, tampered and outdated builds in the app's analyses and channel sweeps."""
    rows = session.scalars(
        select(ApkAnalysisRow)
        .outerjoin(CaseRow, ApkAnalysisRow.case_id == CaseRow.id)
        .where(
            or_(
                CaseRow.application_id == app_row.id,
                (ApkAnalysisRow.case_id.is_(None)) & (ApkAnalysisRow.package == app_row.package),
            )
        )
        .order_by(ApkAnalysisRow.created_at.desc(), ApkAnalysisRow.id.desc())
    )
    alerts: list[BuildAlert] = []
    seen: set[tuple[str, str]] = set()
    for analysis in rows:
        consistency: dict[str, Any] = (analysis.result or {}).get("consistency") or {}
        kinds = []
        if consistency.get("tampered"):
            kinds.append("tampered")
        elif consistency.get("cert") == "mismatch":
            kinds.append("counterfeit")
        if consistency.get("version") == "outdated":
            kinds.append("outdated")
        for kind in kinds:
            if (analysis.file_sha256, kind) in seen:
                continue
            seen.add((analysis.file_sha256, kind))
            alerts.append(
                BuildAlert(
                    kind=kind,
                    file_name=analysis.file_name,
                    file_sha256=analysis.file_sha256,
                    version_code=analysis.version_code,
                    seen_at=analysis.created_at,
                    case_id=analysis.case_id,
                    verdict_zh=str(consistency.get("verdict_zh") or ""),
                    verdict_en=str(consistency.get("verdict_en") or ""),
                )
            )
    return alerts


def _status_change(row: ApplicationStatusEventRow) -> StatusChange:
    return StatusChange(
        id=row.id,
        application_id=row.application_id,
        from_status=AppStatus(row.from_status) if row.from_status else None,
        to_status=AppStatus(row.to_status),
        reason=row.reason,
        actor=row.actor,
        at=row.at,
        case_id=row.case_id,
    )


def _code(row: AuthorizationCodeRow) -> AuthorizationCode:
    return AuthorizationCode(
        id=row.id,
        application_id=row.application_id,
        code_id=row.code_id,
        serial=row.serial,
        statement=row.statement,
        key_id=row.key_id,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        issued_by=row.issued_by,
        issued_at=row.issued_at,
        revoked_at=row.revoked_at,
        revoked_reason=row.revoked_reason,
    )
