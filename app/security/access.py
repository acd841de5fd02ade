"""Roles enforced in the services: one call at the top of each method that changes data.

The actor is ``workspace.actor`` (app/services/workspace.py): the signed-in account,
or — while the database has no account at all — the OS user holding every role
(single-user mode, the one-inspector laptop). Who may do what:

* assessor — the case's own answers, evidence, APK results, submission and signature
  (``require_case_assessor``; an admin may correct a case too, but never signs it);
* reviewer — approving or sending back a submitted case and countersigning its report,
  never for a case they assess (``require_case_reviewer``);
* admin — user management; admin or reviewer — the organisation and application
  registers (their official facts decide counterfeit verdicts, so the assessor measured
  against them should not set them).

Every refusal is a ``PermissionDenied`` with a bilingual one-line message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from app.db.rows import CaseRow, EvidenceRow, UserRow
from app.domain.enums import CaseStatus, Role
from app.domain.models import Principal
from app.errors import KnownError
from app.security.accounts import decode_roles

if TYPE_CHECKING:
    from pathlib import Path

    from app.services.workspace import Workspace

ROLE_NAMES = {
    Role.ASSESSOR: ("评估员", "assessor"),
    Role.REVIEWER: ("复核员", "reviewer"),
    Role.ADMIN: ("管理员", "administrator"),
}
ANY_ROLE = (Role.ASSESSOR, Role.REVIEWER, Role.ADMIN)
# Who keeps the organisation and application registers.
REGISTER_EDITORS = (Role.ADMIN, Role.REVIEWER)


class PermissionDenied(KnownError):
    code = "permission"


def require(workspace: Workspace, *roles: Role) -> Principal:
    """The actor, if signed in (or single-user) with one of ``roles``; else refused."""
    actor = _signed_in(workspace)
    if actor.single_user or any(actor.has(role) for role in roles):
        return actor
    zh = "、".join(ROLE_NAMES[r][0] for r in roles)
    en = " or ".join(ROLE_NAMES[r][1] for r in roles)
    raise PermissionDenied(
        f"{actor.username} 无权执行此操作（需要{zh}角色）",
        f"{actor.username} may not do this (it needs the {en} role)",
    )


def require_case_assessor(workspace: Workspace, case_id: int | None) -> Principal:
    """The case's assessor (or an admin) may change its answers, evidence and APK results."""
    if case_id is None:
        return require(workspace, *ANY_ROLE)
    actor = _signed_in(workspace)
    if actor.single_user or actor.has(Role.ADMIN):
        return actor
    people = _case_people(workspace, case_id)
    if people is not None and actor.has(Role.ASSESSOR) and people[0] == actor.username:
        return actor
    raise PermissionDenied(
        f"只有案件 {case_id} 的评估员（{people[0] if people else '—'}）或管理员可以修改它",
        f"only case {case_id}'s assessor ({people[0] if people else '—'}) or an administrator "
        "may change it",
    )


def require_case_signer(workspace: Workspace, case_id: int) -> Principal:
    """Only the case's own assessor signs its report (an admin does not sign for them)."""
    actor = _signed_in(workspace)
    if actor.single_user:
        return actor
    people = _case_people(workspace, case_id)
    if people is not None and actor.has(Role.ASSESSOR) and people[0] == actor.username:
        return actor
    raise PermissionDenied(
        f"只有案件 {case_id} 的评估员（{people[0] if people else '—'}）可以签署其报告",
        f"only case {case_id}'s assessor ({people[0] if people else '—'}) may sign its report",
    )


def require_case_reviewer(workspace: Workspace, case_id: int) -> Principal:
    """A reviewer who is not the case's assessor (and is its named reviewer, if one is named)."""
    actor = require(workspace, Role.REVIEWER)
    if actor.single_user:
        return actor
    people = _case_people(workspace, case_id)
    if people is None:
        return actor  # the service reports the missing case in its own words
    assessor, reviewer = people
    if assessor == actor.username:
        raise PermissionDenied(
            f"{actor.username} 是案件 {case_id} 的评估员，不能复核自己的评估",
            f"{actor.username} assesses case {case_id} and cannot review it",
        )
    if reviewer and reviewer != actor.username:
        raise PermissionDenied(
            f"案件 {case_id} 指定的复核员是 {reviewer}",
            f"case {case_id}'s named reviewer is {reviewer}",
        )
    return actor


def require_status_change(workspace: Workspace, case_id: int, status: CaseStatus) -> Principal:
    """Approving or sending back is a review; archiving is a reviewer's or admin's; the
    rest (starting, submitting) belongs to the assessor."""
    current = _case_status(workspace, case_id)
    sending_back = status == CaseStatus.IN_PROGRESS and current == CaseStatus.SUBMITTED.value
    if status == CaseStatus.APPROVED or sending_back:
        return require_case_reviewer(workspace, case_id)
    if status == CaseStatus.ARCHIVED:
        return require(workspace, Role.REVIEWER, Role.ADMIN)
    return require_case_assessor(workspace, case_id)


def require_case_people(
    workspace: Workspace, assessor: str, reviewer: str, case_id: int | None = None
) -> Principal:
    """Opening or re-assigning a case: an assessor opens their own, an admin any.

    With accounts, the named assessor and reviewer must be active accounts holding
    those roles, so that the rules above can recognise them.
    """
    if case_id is None:
        actor = require(workspace, Role.ASSESSOR, Role.ADMIN)
    else:
        actor = require_case_assessor(workspace, case_id)
    if actor.single_user:
        return actor
    assessor, reviewer = assessor.strip(), reviewer.strip()
    if not actor.has(Role.ADMIN) and assessor != actor.username:
        raise PermissionDenied(
            f"评估员只能为自己开立案件（请填写 {actor.username}）",
            f"an assessor opens cases for themselves only (enter {actor.username})",
        )
    with workspace.session() as session:
        roles = dict(
            session.execute(
                select(UserRow.username, UserRow.roles).where(
                    UserRow.username.in_([assessor, reviewer]), UserRow.active.is_(True)
                )
            ).all()
        )
    for name, role in ((assessor, Role.ASSESSOR), (reviewer, Role.REVIEWER)):
        if name and role not in decode_roles(roles.get(name, "")):
            zh, en = ROLE_NAMES[role]
            raise PermissionDenied(
                f"{name} 不是有效的{zh}账户", f"{name} is not an active account with the {en} role"
            )
    return actor


def require_evidence_assessor(workspace: Workspace, evidence_id: int) -> Principal:
    with workspace.session() as session:
        case_id = session.scalar(select(EvidenceRow.case_id).where(EvidenceRow.id == evidence_id))
    if case_id is None:
        return require(workspace, *ANY_ROLE)  # the service reports the missing evidence
    return require_case_assessor(workspace, case_id)


def require_countersigner(workspace: Workspace, pdf_path: Path) -> Principal:
    """The report's case reviewer, when the case is in this database."""
    actor = _signed_in(workspace)
    if actor.single_user:
        return actor
    from app.report.sign import report_info

    case_text = report_info(pdf_path.read_bytes(), pdf_path).get("case_id", "")
    if not case_text.isdigit():
        return require(workspace, Role.REVIEWER)
    return require_case_reviewer(workspace, int(case_text))


def _signed_in(workspace: Workspace) -> Principal:
    actor = workspace.actor
    if actor.single_user:
        # Another program on this database may have created the first account since.
        actor = workspace.accounts.confirm_single_user()
        if actor.single_user:
            return actor
    if not actor.signed_in:
        raise PermissionDenied(
            "请先登录（命令行：ihsa --user 用户名 …）",
            "sign in first (command line: ihsa --user NAME …)",
        )
    if actor.must_change_password:
        raise PermissionDenied(
            f"{actor.username} 须先修改管理员重置的口令（ihsa user passwd）",
            f"{actor.username} must first change the password an administrator reset "
            "(ihsa user passwd)",
        )
    return actor


def _case_people(workspace: Workspace, case_id: int) -> tuple[str, str] | None:
    with workspace.session() as session:
        row = session.execute(
            select(CaseRow.assessor, CaseRow.reviewer).where(CaseRow.id == case_id)
        ).first()
    return (row[0], row[1]) if row else None


def _case_status(workspace: Workspace, case_id: int) -> str | None:
    with workspace.session() as session:
        return session.scalar(select(CaseRow.status).where(CaseRow.id == case_id))


def require_report_author(workspace: Workspace, case_id: int, *, signed: bool) -> Principal:
    """A signed report is the case assessor's; an unsigned draft anyone signed in may print."""
    if signed:
        return require_case_signer(workspace, case_id)
    return require(workspace, *ANY_ROLE)
