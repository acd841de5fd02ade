"""The registry with accounts: who may change what, and whose name the history keeps.

chief: admin only · wu: reviewer · zhang: assessor · zhao: assessor + reviewer.
The application and a grade-B case's rectifications are made in single-user mode,
before the first account switches sign-in on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.domain.enums import AppStatus, CaseStatus, CaseType, Grade, Role
from app.domain.models import Application
from app.errors import ConflictError
from app.registry import regulator_key
from app.security import accounts as passwords
from app.security.access import PermissionDenied
from app.services.cases import NewCase
from app.services.workspace import Workspace
from tests.registry.support import PASSPHRASE, approved_case, graded_answers, register_app

PASSWORDS = {
    "chief": "Head#Office-2026",
    "wu": "Quiet#Review-77",
    "zhang": "Field#Inspect-26",
    "zhao": "Second#Pair-26x",
}
ROLES = {
    "chief": (Role.ADMIN,),
    "wu": (Role.REVIEWER,),
    "zhang": (Role.ASSESSOR,),
    "zhao": (Role.ASSESSOR, Role.REVIEWER),
}


@dataclass
class Office:
    workspace: Workspace
    application: Application
    rectification_ids: list[int]

    def as_user(self, name: str) -> Workspace:
        self.workspace.accounts.sign_in(name, PASSWORDS[name])
        return self.workspace


@pytest.fixture
def office(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Office:
    monkeypatch.setattr(passwords, "CURRENT", passwords.HashParameters(10, 8, 1))  # fast
    _org, app = register_app(workspace)
    approved_case(workspace, app, Grade.B)  # admits the app, opens three rectifications
    ids = [r.id for r in workspace.rectifications.list()]
    for name in ("chief", "wu", "zhang", "zhao"):  # the first (an admin) enforces sign-in
        workspace.accounts.create(name, PASSWORDS[name], ROLES[name])
    return Office(workspace, workspace.applications.get(app.id), ids)


def _refused(call: Callable[[], Any], who: str, zh_role: str, en_role: str) -> None:
    with pytest.raises(PermissionDenied) as refused:
        call()
    assert refused.value.message("zh") == f"{who} 无权执行此操作（需要{zh_role}角色）"
    assert refused.value.message("en") == f"{who} may not do this (it needs the {en_role} role)"


def test_status_changes_are_for_reviewers_and_admins(office: Office) -> None:
    app_id = office.application.id
    ws = office.as_user("zhang")
    _refused(
        lambda: ws.registry.set_status(app_id, AppStatus.SUSPENDED, "渠道发现仿冒版本待查"),
        "zhang",
        "管理员、复核员",
        "administrator or reviewer",
    )
    assert ws.applications.get(app_id).status == AppStatus.ACTIVE
    office.as_user("wu").registry.set_status(app_id, AppStatus.SUSPENDED, "渠道发现仿冒版本待查")
    office.as_user("chief").registry.set_status(app_id, AppStatus.ACTIVE, "核实为旧包，恢复接入")
    history = ws.registry.history(app_id)
    assert [(h.to_status, h.actor) for h in history[-2:]] == [
        (AppStatus.SUSPENDED, "wu"),
        (AppStatus.ACTIVE, "chief"),
    ]


def test_only_an_admin_creates_the_regulator_key(office: Office) -> None:
    ws = office.as_user("wu")
    _refused(
        lambda: ws.registry.create_key("示例省卫健委", PASSPHRASE),
        "wu",
        "管理员",
        "administrator",
    )
    assert not regulator_key.exists(ws.data_dir)
    public = office.as_user("chief").registry.create_key("示例省卫健委", PASSPHRASE)
    assert regulator_key.exists(ws.data_dir)
    [event] = ws.audit.list(action="regulator_key_created")
    assert (event.actor, event.entity_id) == ("chief", public.key_id)


def test_codes_are_issued_and_revoked_by_reviewers_and_admins(office: Office) -> None:
    app_id = office.application.id
    office.as_user("chief").registry.create_key("示例省卫健委", PASSPHRASE)
    key = regulator_key.unlock(office.workspace.data_dir, passphrase=PASSPHRASE)
    ws = office.as_user("zhang")
    _refused(
        lambda: ws.registry.issue_code(app_id, key),
        "zhang",
        "管理员、复核员",
        "administrator or reviewer",
    )
    assert ws.registry.issued_codes(app_id) == []  # reading stays open to everyone
    code = office.as_user("zhao").registry.issue_code(app_id, key)
    assert code.issued_by == "zhao"
    ws = office.as_user("zhang")
    _refused(
        lambda: ws.registry.revoke_code(code.code_id, "授权码在网上泄露"),
        "zhang",
        "管理员、复核员",
        "administrator or reviewer",
    )
    revoked = office.as_user("wu").registry.revoke_code(code.code_id, "授权码在网上泄露")
    assert revoked.revoked_reason == "授权码在网上泄露（wu）"


def test_anyone_signed_in_records_a_fix_reviewers_and_admins_close_it(office: Office) -> None:
    first, second, third = office.rectification_ids
    ws = office.as_user("zhang")
    ws.rectifications.fix(first, "医院报告：已启用口令复杂度策略", evidence_ref="证据 #12")
    for call in (
        lambda: ws.rectifications.verify(first, "现场抽查确认"),
        lambda: ws.rectifications.reopen(first, "复查发现仍可使用弱口令"),
        lambda: ws.rectifications.waive(second, "该功能已下线，不再适用"),
    ):
        _refused(call, "zhang", "复核员、管理员", "reviewer or administrator")
    assert ws.rectifications.get(first).status == "fixed"
    assert ws.rectifications.get(second).status == "open"
    office.as_user("wu").rectifications.verify(first, "现场抽查确认")
    office.as_user("chief").rectifications.waive(second, "该功能已下线，不再适用")
    office.as_user("wu").rectifications.fix(third, "医院报告：已关闭调试接口")
    office.as_user("zhao").rectifications.reopen(third, "复查发现接口仍开放")
    steps = {
        rid: [(s.action, s.actor) for s in ws.rectifications.history(rid)[1:]]
        for rid in (first, second, third)
    }
    assert steps == {
        first: [("fix", "zhang"), ("verify", "wu")],
        second: [("waive", "chief")],
        third: [("fix", "wu"), ("reopen", "zhao")],
    }


def test_whoever_recorded_a_fix_cannot_verify_it(office: Office) -> None:
    first = office.rectification_ids[0]
    ws = office.as_user("zhao")
    ws.rectifications.fix(first, "医院报告：已启用口令复杂度策略")
    with pytest.raises(ConflictError) as refused:
        ws.rectifications.verify(first)
    assert refused.value.message("zh") == f"整改项 {first} 由 zhao 标记为已整改，须由另一人复核"
    assert "someone else must verify" in refused.value.message("en")
    assert office.as_user("wu").rectifications.verify(first).status == "verified"


def test_nobody_signed_in_changes_nothing(office: Office) -> None:
    ws = office.workspace
    ws.accounts.sign_out()
    first = office.rectification_ids[0]
    for call in (
        lambda: ws.rectifications.fix(first, "医院报告：已整改"),
        lambda: ws.registry.set_status(office.application.id, AppStatus.SUSPENDED, "暂停待查"),
        lambda: ws.registry.create_key("示例省卫健委", PASSPHRASE),
    ):
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert "请先登录" in refused.value.message("zh")
        assert "sign in first" in refused.value.message("en")
    assert ws.rectifications.get(first).status == "open"


def test_approval_records_the_signed_in_reviewer_in_what_it_does(office: Office) -> None:
    """Grade handling on approval runs as the approving reviewer, not a name from the case."""
    _org, app = register_app(office.workspace, package="cn.example.second")
    ws = office.as_user("zhang")
    case = ws.cases.create(
        NewCase(
            organisation_id=app.organisation_id,
            application_id=app.id,
            case_type=CaseType.INITIAL,
            assessor="zhang",
            reviewer="zhao",
        )
    )
    ws.assessment.import_answers(case.id, graded_answers(ws, case.id, Grade.B))
    ws.cases.set_status(case.id, CaseStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        ws.cases.set_status(case.id, CaseStatus.APPROVED)  # an assessor never approves
    assert office.as_user("zhao").cases.set_status(case.id, CaseStatus.APPROVED).grade == Grade.B
    [admitted] = ws.registry.history(app.id)
    assert (admitted.to_status, admitted.actor, admitted.case_id) == (
        AppStatus.ACTIVE,
        "zhao",
        case.id,
    )
    created = ws.rectifications.list()
    mine = [r.id for r in created if r.case_id == case.id]
    assert mine and all(ws.rectifications.history(rid)[0].actor == "zhao" for rid in mine)
