"""Local accounts: sign-in with lockout, user management, password changes.

While the database holds no account the workstation runs in single-user mode (the OS
user, every role). Creating the first account — which must be an administrator —
switches it to enforced sign-in; this workspace is then signed in as that account,
whose password its creator has just chosen.
"""

from __future__ import annotations

import builtins
import getpass
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.rows import UserRow
from app.domain.enums import Role
from app.domain.models import Principal, User
from app.errors import ConflictError, NotFoundError, ValidationError
from app.security import audit
from app.security.access import PermissionDenied, require
from app.security.accounts import (
    check_password,
    check_username,
    decode_roles,
    encode_roles,
    hash_password,
    needs_rehash,
    spend_hash_time,
    verify_password,
)

if TYPE_CHECKING:
    from app.services.workspace import Workspace

MAX_FAILURES = 5  # consecutive wrong passwords before the account locks
LOCKOUT = timedelta(minutes=15)
_WRONG = ("用户名或口令错误", "wrong user name or password")


@dataclass(frozen=True)
class _Outcome:
    principal: Principal | None
    refusal: tuple[str, str] | None


class AccountService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace
        self.max_failures = MAX_FAILURES
        self.lockout = LOCKOUT
        self.clock: Callable[[], datetime] = utcnow

    # ------------------------------------------------------------- principal

    def any_exist(self) -> bool:
        with self._ws.session() as session:
            return session.scalar(select(UserRow.id).limit(1)) is not None

    def unsigned_principal(self) -> Principal:
        """Single-user (the OS user, every role) without accounts; else nobody yet."""
        if self.any_exist():
            return Principal(username="")
        return Principal(
            username=_os_user(), roles=frozenset(Role), single_user=True, display_name=""
        )

    def confirm_single_user(self) -> Principal:
        """Re-check single-user mode: another program may have created the first account."""
        if self._ws.actor.single_user and self.any_exist():
            self._ws.actor = Principal(username="")
        return self._ws.actor

    def sign_in(self, username: str, password: str) -> Principal:
        """Check the password; five wrong ones in a row lock the account for 15 minutes.

        Every attempt is recorded in the audit log. An unknown name and a wrong password
        get the same message and take the same time.
        """
        name = unicodedata.normalize("NFC", username.strip())
        with self._ws.session() as session:
            audit.act_as(session, name or "?")
            outcome = self._attempt(session, name, password)
        if outcome.principal is None:
            assert outcome.refusal is not None
            raise PermissionDenied(*outcome.refusal, code="sign_in_refused")
        self._ws.actor = outcome.principal
        return outcome.principal

    def sign_out(self) -> None:
        actor = self._ws.actor
        if actor.signed_in:
            with self._ws.session() as session:
                audit.act_as(session, actor.username)
                audit.note(session, "sign_out", entity="users", entity_id=actor.username)
        self._ws.actor = self.unsigned_principal()

    def _attempt(self, session: Session, name: str, password: str) -> _Outcome:
        row = session.scalar(select(UserRow).where(UserRow.username == name).with_for_update())
        now = self.clock()
        if row is None:
            spend_hash_time(password)
            audit.note(session, "sign_in_failed", entity="users", details={"reason": "unknown"})
            return _Outcome(None, _WRONG)
        if row.locked_until is not None and row.locked_until > now:
            audit.note(
                session,
                "sign_in_refused",
                entity="users",
                entity_id=row.id,
                details={"reason": "locked"},
            )
            return _Outcome(None, _locked(row.locked_until))
        if not verify_password(password, row.password_hash):
            row.failed_logins += 1
            audit.note(
                session,
                "sign_in_failed",
                entity="users",
                entity_id=row.id,
                details={"reason": "password", "failures": row.failed_logins},
            )
            if row.failed_logins < self.max_failures:
                return _Outcome(None, _WRONG)
            row.locked_until, row.failed_logins = now + self.lockout, 0
            audit.note(
                session,
                "lockout",
                entity="users",
                entity_id=row.id,
                details={"until": row.locked_until},
            )
            return _Outcome(None, _locked(row.locked_until))
        if not row.active:
            audit.note(
                session,
                "sign_in_refused",
                entity="users",
                entity_id=row.id,
                details={"reason": "disabled"},
            )
            return _Outcome(None, (f"账户 {name} 已停用", f"the account {name} is disabled"))
        if row.failed_logins or row.locked_until is not None:
            row.failed_logins, row.locked_until = 0, None
        if needs_rehash(row.password_hash):
            row.password_hash = hash_password(password)
        audit.note(session, "sign_in", entity="users", entity_id=row.id)
        return _Outcome(_principal(row), None)

    # ------------------------------------------------------------ management

    def create(
        self,
        username: str,
        password: str,
        roles: Iterable[Role | str],
        *,
        display_name: str = "",
    ) -> User:
        """Add an account (admin only; the first account must be an administrator)."""
        require(self._ws, Role.ADMIN)
        name = check_username(username)
        role_text = encode_roles(roles)
        check_password(password, name)
        first = False
        with self._ws.session() as session:
            first = session.scalar(select(UserRow.id).limit(1)) is None
            if first and Role.ADMIN not in decode_roles(role_text):
                raise ValidationError(
                    "第一个账户必须是管理员（否则无人能管理账户）",
                    "the first account must be an administrator (or nobody could manage accounts)",
                )
            if session.scalar(select(UserRow.id).where(UserRow.username == name)) is not None:
                raise ConflictError(f"用户名已存在：{name}", f"the user name exists: {name}")
            row = UserRow(
                username=name,
                display_name=display_name.strip(),
                roles=role_text,
                password_hash=hash_password(password),
                failed_logins=0,
                active=True,
                must_change_password=False,
            )
            session.add(row)
            session.flush()
            user = _user(row)
            principal = _principal(row)
        if first:  # sign-in is enforced from now on; the creator chose this password
            self._ws.actor = principal
        return user

    def list(self) -> builtins.list[User]:
        with self._ws.session() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]

    def get(self, username: str) -> User:
        with self._ws.session() as session:
            return _user(_get(session, username))

    def set_roles(self, username: str, roles: Iterable[Role | str]) -> User:
        require(self._ws, Role.ADMIN)
        role_text = encode_roles(roles)
        with self._ws.session() as session:
            row = _get(session, username)
            if Role.ADMIN not in decode_roles(role_text):
                _keep_an_admin(session, row)
            row.roles = role_text
            session.flush()
            return _user(row)

    def set_active(self, username: str, active: bool) -> User:
        """Disable or re-enable an account (it then cannot sign in; history is kept)."""
        actor = require(self._ws, Role.ADMIN)
        with self._ws.session() as session:
            row = _get(session, username)
            if not active:
                if row.username == actor.username:
                    raise ConflictError("不能停用自己的账户", "you cannot disable your own account")
                _keep_an_admin(session, row)
            row.active = active
            session.flush()
            return _user(row)

    def unlock(self, username: str) -> User:
        require(self._ws, Role.ADMIN)
        with self._ws.session() as session:
            row = _get(session, username)
            row.failed_logins, row.locked_until = 0, None
            audit.note(session, "unlock", entity="users", entity_id=row.id)
            session.flush()
            return _user(row)

    def reset_password(self, username: str, new_password: str) -> User:
        """An administrator sets a temporary password; the user must change it first."""
        require(self._ws, Role.ADMIN)
        with self._ws.session() as session:
            row = _get(session, username)
            check_password(new_password, row.username)
            row.password_hash = hash_password(new_password)
            row.must_change_password = True
            row.failed_logins, row.locked_until = 0, None
            audit.note(session, "password_reset", entity="users", entity_id=row.id)
            session.flush()
            return _user(row)

    def change_password(self, current_password: str, new_password: str) -> None:
        """The signed-in user's own password; the current one is checked first."""
        actor = self._ws.actor
        if not actor.signed_in:
            raise PermissionDenied("请先登录", "sign in first")
        if new_password == current_password:
            raise ValidationError("新口令不能与旧口令相同", "the new password must differ")
        check_password(new_password, actor.username)
        with self._ws.session() as session:
            row = _get(session, actor.username)
            if not verify_password(current_password, row.password_hash):
                raise PermissionDenied("当前口令错误", "the current password is wrong")
            row.password_hash = hash_password(new_password)
            row.must_change_password = False
            audit.note(session, "password_changed", entity="users", entity_id=row.id)
            session.flush()
            principal = _principal(row)
        self._ws.actor = principal


def _get(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username.strip()))
    if row is None:
        raise NotFoundError(f"没有该用户：{username}", f"no such user: {username}")
    return row


def _keep_an_admin(session: Session, row: UserRow) -> None:
    """Refuse to remove the last active administrator (nobody could manage accounts)."""
    if Role.ADMIN not in decode_roles(row.roles) or not row.active:
        return
    admins = session.scalar(
        select(func.count())
        .select_from(UserRow)
        .where(UserRow.active.is_(True), UserRow.roles.contains(Role.ADMIN.value))
    )
    if (admins or 0) <= 1:
        raise ConflictError(
            f"{row.username} 是唯一的在用管理员，不能停用或撤销其管理员角色",
            f"{row.username} is the only active administrator and must stay one",
        )


def _principal(row: UserRow) -> Principal:
    return Principal(
        username=row.username,
        display_name=row.display_name,
        roles=decode_roles(row.roles),
        must_change_password=row.must_change_password,
    )


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        roles=decode_roles(row.roles),
        active=row.active,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
        must_change_password=row.must_change_password,
        created_at=row.created_at,
    )


def _locked(until: datetime) -> tuple[str, str]:
    local = until.astimezone().strftime("%H:%M")
    return (
        f"账户因连续输错口令已锁定，请于 {local} 后再试",
        f"the account is locked after repeated wrong passwords; try again after {local}",
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or password database
        return "local"
