"""ihsa user add|list|roles|disable|enable|unlock|reset|passwd|whoami."""

from __future__ import annotations

import argparse

from app.cli.common import add_json_flag, open_workspace
from app.cli.output import print_json, print_table
from app.cli.signin import NEW_PASSWORD_ENV, PASSWORD_ENV, read_password
from app.domain.enums import Role
from app.domain.models import User

_ROLES = [r.value for r in Role]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "user",
        help="local accounts (admin)",
        description="Local accounts. Without any account the workstation runs in single-user "
        "mode; the first account must be an admin and switches sign-in on (--user NAME). "
        f"New passwords are asked for, or read from {NEW_PASSWORD_ENV}.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument(
        "--role",
        action="append",
        choices=_ROLES,
        required=True,
        dest="roles",
        help="repeat for several roles",
    )
    add.add_argument("--display-name", default="")
    add_json_flag(add)
    add.set_defaults(func=_add)

    listing = actions.add_parser("list", help="list accounts")
    add_json_flag(listing)
    listing.set_defaults(func=_list)

    roles = actions.add_parser("roles", help="replace an account's roles")
    roles.add_argument("username")
    roles.add_argument("--role", action="append", choices=_ROLES, required=True, dest="roles")
    roles.set_defaults(func=_set_roles)

    for name, text in (
        ("disable", "stop an account from signing in"),
        ("enable", "let a disabled account sign in again"),
        ("unlock", "lift a lockout after wrong passwords"),
        ("reset", "set a temporary password the user must change"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("username")
        action.set_defaults(func=_by_name, verb=name)

    passwd = actions.add_parser(
        "passwd", help=f"change your own password (current from {PASSWORD_ENV} or a prompt)"
    )
    passwd.set_defaults(func=_passwd)

    whoami = actions.add_parser("whoami", help="who the command line acts as")
    whoami.set_defaults(func=_whoami)


def _add(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    password = read_password(NEW_PASSWORD_ENV, args.username, confirm=True)
    user = workspace.accounts.create(
        args.username, password, args.roles, display_name=args.display_name
    )
    if args.json:
        print_json(user)
    else:
        print(f"user {user.username} created ({_roles(user)})")
    return 0


def _list(args: argparse.Namespace) -> int:
    users = open_workspace(args).accounts.list()
    if args.json:
        print_json(users)
        return 0
    print_table(
        ["user", "name", "roles", "active", "locked until", "failures", "must change"],
        [
            (
                u.username,
                u.display_name,
                _roles(u),
                "yes" if u.active else "no",
                u.locked_until.astimezone().strftime("%Y-%m-%d %H:%M") if u.locked_until else "",
                u.failed_logins,
                "yes" if u.must_change_password else "",
            )
            for u in users
        ],
    )
    return 0


def _roles(user: User) -> str:
    return ",".join(sorted(r.value for r in user.roles))


def _set_roles(args: argparse.Namespace) -> int:
    user = open_workspace(args).accounts.set_roles(args.username, args.roles)
    print(f"user {user.username}: {_roles(user)}")
    return 0


def _by_name(args: argparse.Namespace) -> int:
    accounts = open_workspace(args).accounts
    if args.verb == "reset":
        accounts.reset_password(
            args.username, read_password(NEW_PASSWORD_ENV, args.username, confirm=True)
        )
        print(f"user {args.username}: temporary password set (to be changed at first use)")
    elif args.verb == "unlock":
        accounts.unlock(args.username)
        print(f"user {args.username} unlocked")
    else:
        user = accounts.set_active(args.username, args.verb == "enable")
        print(f"user {user.username} {'enabled' if user.active else 'disabled'}")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    name = workspace.actor.username if workspace.actor.signed_in else "?"
    current = read_password(PASSWORD_ENV, name)
    workspace.accounts.change_password(current, read_password(NEW_PASSWORD_ENV, name, confirm=True))
    print(f"password of {name} changed")
    return 0


def _whoami(args: argparse.Namespace) -> int:
    actor = open_workspace(args).actor
    if actor.single_user:
        print(f"{actor.username} (single-user mode: no accounts, every role)")
    elif actor.signed_in:
        print(f"{actor.label()} ({','.join(sorted(r.value for r in actor.roles))})")
    else:
        print("not signed in (use --user NAME)")
    return 0
