"""Signing the command line in: ``--user NAME``, the password from a prompt or the environment."""

from __future__ import annotations

import getpass
import os
import sys

from app.domain.models import Principal
from app.errors import ValidationError
from app.services.workspace import Workspace

PASSWORD_ENV = "IHSA_PASSWORD"
NEW_PASSWORD_ENV = "IHSA_NEW_PASSWORD"


def sign_in(workspace: Workspace, username: str) -> Principal:
    if not workspace.accounts.any_exist():
        raise ValidationError(
            "尚无账户（单用户模式），请去掉 --user；用 ihsa user add 创建第一个管理员",
            "there are no accounts yet (single-user mode): leave out --user; create the "
            "first administrator with ihsa user add",
        )
    principal = workspace.accounts.sign_in(username, read_password(PASSWORD_ENV, username))
    if principal.must_change_password:
        print(
            f"ihsa: {username} 须先修改口令 / must change the password first: ihsa user passwd",
            file=sys.stderr,
        )
    return principal


def read_password(variable: str, username: str, *, confirm: bool = False) -> str:
    """From ``variable`` (scripts), else asked without echo; refused without either."""
    value = os.environ.get(variable)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise ValidationError(
            f"需要 {username} 的口令：在终端中运行，或设置环境变量 {variable}",
            f"the password of {username} is needed: run in a terminal or set {variable}",
        )
    label = "新口令 / new password" if variable == NEW_PASSWORD_ENV else "口令 / password"
    value = getpass.getpass(f"{label} ({username}): ")
    if confirm and getpass.getpass(f"{label} ({username}) 再次 / again: ") != value:
        raise ValidationError("两次输入的口令不一致", "the two passwords differ")
    return value
