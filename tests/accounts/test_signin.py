"""Single-user mode, the first account, sign-in, lockout, resets and disabled accounts."""

from __future__ import annotations

import getpass
from datetime import timedelta
from pathlib import Path

import pytest

from app.domain.enums import Role
from app.errors import ConflictError, ValidationError
from app.security.access import PermissionDenied
from app.services.workspace import Workspace
from tests.accounts.conftest import CODE, PASSWORDS, Office


def test_without_accounts_the_os_user_holds_every_role(workspace: Workspace) -> None:
    actor = workspace.actor
    assert actor.single_user and actor.username == getpass.getuser()
    assert actor.roles == frozenset(Role)
    organisation = workspace.organisations.add("甲医院", CODE)  # nothing asks for a password
    events = workspace.audit.list(entity="organisations")
    assert [(e.action, e.actor, e.entity_id) for e in events] == [
        ("insert", getpass.getuser(), str(organisation.id))
    ]


def test_the_first_account_must_be_an_admin_and_switches_sign_in_on(
    workspace: Workspace, cheap_hashes: None, db_url: str, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="管理员"):
        workspace.accounts.create("zhang", PASSWORDS["zhang"], [Role.ASSESSOR])
    assert workspace.accounts.list() == []
    workspace.accounts.create("alice", PASSWORDS["alice"], [Role.ADMIN])
    assert workspace.actor.username == "alice" and not workspace.actor.single_user
    other = Workspace.open(db_url, data_dir=tmp_path / "other")
    try:
        assert not other.actor.single_user and not other.actor.signed_in
        with pytest.raises(PermissionDenied, match="登录"):
            other.organisations.add("乙医院", "91350100M000100Y43")
    finally:
        other.close()


def test_a_program_still_in_single_user_mode_notices_the_first_account(
    workspace: Workspace, cheap_hashes: None, db_url: str, tmp_path: Path
) -> None:
    assert workspace.actor.single_user
    other = Workspace.open(db_url, data_dir=tmp_path / "other")
    other.accounts.create("alice", PASSWORDS["alice"], [Role.ADMIN])
    other.close()
    with pytest.raises(PermissionDenied, match="登录"):
        workspace.organisations.add("甲医院", CODE)


def test_wrong_password_and_unknown_user_get_the_same_answer(office: Office) -> None:
    accounts = office.workspace.accounts
    with pytest.raises(PermissionDenied) as wrong:
        accounts.sign_in("zhang", "Not#The-Password1")
    with pytest.raises(PermissionDenied) as unknown:
        accounts.sign_in("nobody", "Not#The-Password1")
    assert wrong.value.message() == unknown.value.message() == "用户名或口令错误"
    failed = office.workspace.audit.list(action="sign_in_failed")
    assert [e.actor for e in failed] == ["nobody", "zhang"]


def test_five_wrong_passwords_lock_the_account_until_the_time_passes(office: Office) -> None:
    accounts = office.workspace.accounts
    for _ in range(4):
        with pytest.raises(PermissionDenied, match="口令错误"):
            accounts.sign_in("zhang", "Not#The-Password1")
    with pytest.raises(PermissionDenied, match="锁定"):
        accounts.sign_in("zhang", "Not#The-Password1")
    with pytest.raises(PermissionDenied, match="锁定"):  # the right password waits too
        accounts.sign_in("zhang", PASSWORDS["zhang"])
    assert accounts.get("zhang").locked_until is not None
    assert [e.entity_id for e in office.workspace.audit.list(action="lockout")] == [
        str(accounts.get("zhang").id)
    ]
    start = accounts.clock()
    accounts.clock = lambda: start + timedelta(minutes=16)
    assert accounts.sign_in("zhang", PASSWORDS["zhang"]).username == "zhang"
    assert accounts.get("zhang").locked_until is None


def test_an_admin_unlocks_and_only_an_admin(office: Office) -> None:
    accounts = office.workspace.accounts
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            accounts.sign_in("zhang", "Not#The-Password1")
    office.as_user("zhao")
    with pytest.raises(PermissionDenied, match="管理员"):
        accounts.unlock("zhang")
    office.as_user("alice")
    accounts.unlock("zhang")
    assert accounts.sign_in("zhang", PASSWORDS["zhang"]).username == "zhang"


def test_reset_password_must_be_changed_before_anything_else(office: Office) -> None:
    ws = office.as_user("alice")
    ws.accounts.reset_password("zhang", "Temporary#Pass-1")
    principal = ws.accounts.sign_in("zhang", "Temporary#Pass-1")
    assert principal.must_change_password
    with pytest.raises(PermissionDenied, match="修改"):
        ws.cases.set_answer(office.case_id, "IH-AUTH-01", "pass")
    with pytest.raises(PermissionDenied, match="当前口令"):
        ws.accounts.change_password("wrong", "Brand#New-Pass-9")
    with pytest.raises(ValidationError):
        ws.accounts.change_password("Temporary#Pass-1", "short")
    ws.accounts.change_password("Temporary#Pass-1", "Brand#New-Pass-9")
    ws.cases.set_answer(office.case_id, "IH-AUTH-01", "pass")
    assert ws.accounts.sign_in("zhang", "Brand#New-Pass-9").username == "zhang"
    actions = [e.action for e in ws.audit.list(entity="users")]
    assert "password_reset" in actions and "password_changed" in actions


def test_disabled_accounts_cannot_sign_in_and_the_last_admin_stays(office: Office) -> None:
    ws = office.as_user("alice")
    ws.accounts.set_active("zhang", False)
    with pytest.raises(PermissionDenied, match="停用"):
        ws.accounts.sign_in("zhang", PASSWORDS["zhang"])
    ws.accounts.sign_in("alice", PASSWORDS["alice"])
    with pytest.raises(ConflictError):
        ws.accounts.set_active("alice", False)
    with pytest.raises(ConflictError, match="唯一"):
        ws.accounts.set_roles("alice", [Role.REVIEWER])
    ws.accounts.set_active("zhang", True)
    assert ws.accounts.sign_in("zhang", PASSWORDS["zhang"]).username == "zhang"


def test_signing_in_rehashes_a_password_stored_with_old_parameters(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.security import accounts as passwords

    ws = office.workspace
    monkeypatch.setattr(passwords, "CURRENT", passwords.HashParameters(11, 8, 1))
    ws.accounts.sign_in("zhang", PASSWORDS["zhang"])
    from sqlalchemy import select

    from app.db.rows import UserRow

    with ws.session() as session:
        stored = session.scalar(select(UserRow.password_hash).where(UserRow.username == "zhang"))
    assert stored is not None and stored.startswith("scrypt$11$")


def test_password_hashes_never_reach_the_audit_log(office: Office) -> None:
    events = office.workspace.audit.list(entity="users")
    assert events
    for event in events:
        values = event.details.get("values") or {}
        changes = event.details.get("changes") or {}
        assert values.get("password_hash") in (None, "(set)")
        assert "scrypt$" not in repr(event.details)
        assert "password_hash" not in changes or changes["password_hash"] == ["(set)", "(set)"]
