"""ihsa app status|show|history and ihsa authz …: the regulator's registry on the command line.

``authz verify`` exits 0 for a valid code, 3 for a code that is not valid (tampered,
expired, revoked, …) and 1 for an error (as every command). Changes are recorded under
the signed-in account (``ihsa --user NAME``), or the OS user while there is none.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from app.cli.cert_cmd import add_passphrase_env, passphrase_from_env, prompt_passphrase
from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.output import print_json, print_table
from app.domain.enums import AppStatus, Role
from app.domain.models import BuildAlert
from app.errors import KnownError
from app.files import read_user_file
from app.i18n import pick
from app.registry import codes, regulator_key
from app.registry.lifecycle import STATUS_TEXT
from app.security import access
from app.services.cases import parse_date

NOT_VALID_EXIT = 3


def add_app_actions(actions: argparse._SubParsersAction) -> None:
    """``ihsa app status|show|history`` (called by app_cmd, which owns ``ihsa app``)."""
    status = actions.add_parser(
        "status",
        help="change an application's status (with a written reason)",
        description="Move an application along registered → active → suspended → removed "
        "(清出). Back from removed only with --case: an approved re-admission case graded "
        "A or B. Suspending or removing revokes its authorization codes.",
    )
    status.add_argument("application_id", type=positive_int, metavar="APP_ID")
    status.add_argument("status", choices=[s.value for s in AppStatus])
    status.add_argument("--reason", required=True, help="why (kept in the history)")
    status.add_argument("--case", type=positive_int, help="the case the decision rests on")
    add_json_flag(status)
    status.set_defaults(func=_status)

    show = actions.add_parser(
        "show", help="an application's indicators, status history and authorization code"
    )
    show.add_argument("application_id", type=positive_int, metavar="APP_ID")
    add_json_flag(show)
    show.set_defaults(func=_show)

    history = actions.add_parser("history", help="an application's status history")
    history.add_argument("application_id", type=positive_int, metavar="APP_ID")
    add_json_flag(history)
    history.set_defaults(func=_history)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "authz",
        help="authorization codes (授权码): issue, verify offline, revoke",
        description="Authorization codes: a typable id plus a statement signed with the "
        "regulator's Ed25519 key. Anyone with the exported certificate verifies the "
        "statement offline; revocation is known only to the registry.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    init = actions.add_parser(
        "init-key",
        help="create the regulator's signing key (once per registry workstation; admin)",
        description="Create the Ed25519 key in the data folder, in a passphrase-protected "
        "PKCS#12; the passphrase is kept in the OS keyring. Needs the administrator role.",
    )
    init.add_argument("--issuer", required=True, help="the regulator's name (in every code)")
    add_passphrase_env(init)
    add_json_flag(init)
    init.set_defaults(func=_init_key)

    issue = actions.add_parser("issue", help="issue a code to an active application")
    issue.add_argument("application_id", type=positive_int, metavar="APP_ID")
    issue.add_argument("--days", type=positive_int, default=365, help="validity (default 365)")
    issue.add_argument("--from", dest="valid_from", metavar="YYYY-MM-DD", help="first valid day")
    add_passphrase_env(issue)
    add_json_flag(issue)
    issue.set_defaults(func=_issue)

    verify = actions.add_parser(
        "verify",
        help="verify a code (exit 0 valid, 3 not valid)",
        description="Verify a signed code (or, with the registry, a typed code id). "
        "Without --offline the registry is consulted for revocation.",
    )
    verify.add_argument("code", nargs="?", help="the code; '-' or absent: read standard input")
    verify.add_argument("--file", type=Path, help="read the code from this file")
    verify.add_argument(
        "--key", type=Path, help="the regulator's certificate (default: this workstation's)"
    )
    verify.add_argument(
        "--offline", action="store_true", help="do not open the registry (inspector's laptop)"
    )
    add_json_flag(verify)
    verify.set_defaults(func=_verify)

    export = actions.add_parser(
        "export-key", help="write the regulator's public certificate for inspectors"
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE.pem")
    add_json_flag(export)
    export.set_defaults(func=_export)

    revoke = actions.add_parser("revoke", help="revoke one code (e.g. it leaked)")
    revoke.add_argument("code_id", metavar="CODE_ID")
    revoke.add_argument("--reason", required=True)
    add_json_flag(revoke)
    revoke.set_defaults(func=_revoke)

    listing = actions.add_parser("list", help="codes issued to an application")
    listing.add_argument("application_id", type=positive_int, metavar="APP_ID")
    add_json_flag(listing)
    listing.set_defaults(func=_list)


# ------------------------------------------------------------------- app


def _status(args: argparse.Namespace) -> int:
    change = open_workspace(args).registry.set_status(
        args.application_id, AppStatus(args.status), args.reason, case_id=args.case
    )
    if args.json:
        print_json(change)
    else:
        old = _status_name(change.from_status)
        print(f"application {change.application_id}: {old} → {_status_name(change.to_status)}")
    return 0


def _show(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    indicators = workspace.registry.indicators(args.application_id)
    history = workspace.registry.history(args.application_id)
    if args.json:
        print_json({"indicators": indicators, "history": history})
        return 0
    app = indicators.application
    last = indicators.last_assessment
    code = indicators.code
    rows = [
        ("application", f"{app.id} {app.name} ({app.package})"),
        ("organisation", indicators.organisation_name),
        ("status", f"{_status_name(app.status)} since {_day(indicators.status_since)}"),
        (
            "last assessment",
            f"case {last.case_id} {_day(last.assessment_date)} grade "
            f"{last.grade.value if last.grade else '-'} score {_score(last.score)}"
            if last
            else "-",
        ),
        (
            "trend",
            " → ".join(
                f"{p.grade.value if p.grade else '-'} {_score(p.score)}" for p in indicators.trend
            )
            or "-",
        ),
        (
            "re-assessment due",
            f"{_day(indicators.reassessment_due)}"
            + (" (OVERDUE)" if indicators.reassessment_overdue else ""),
        ),
        (
            "rectifications",
            f"{indicators.open_rectifications} open, {indicators.overdue_rectifications} overdue",
        ),
        (
            "authorization code",
            f"{code.code_id} {indicators.code_state} ({code.valid_from} – {code.valid_until})"
            if code
            else "none",
        ),
        ("builds seen", _alerts(indicators.build_alerts)),
    ]
    print_table(["indicator", "value"], rows)
    if history:
        print()
        print_table(
            ["when", "from", "to", "by", "case", "reason"],
            [
                (
                    f"{h.at:%Y-%m-%d %H:%M}",
                    _status_name(h.from_status),
                    _status_name(h.to_status),
                    h.actor,
                    h.case_id or "",
                    h.reason,
                )
                for h in history
            ],
        )
    return 0


def _history(args: argparse.Namespace) -> int:
    history = open_workspace(args).registry.history(args.application_id)
    if args.json:
        print_json(history)
    else:
        print_table(
            ["when", "from", "to", "by", "case", "reason"],
            [
                (
                    f"{h.at:%Y-%m-%d %H:%M}",
                    _status_name(h.from_status),
                    _status_name(h.to_status),
                    h.actor,
                    h.case_id or "",
                    h.reason,
                )
                for h in history
            ],
        )
    return 0


# ----------------------------------------------------------------- authz


def _init_key(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    passphrase = passphrase_from_env(args.passphrase_env)
    if passphrase is None:
        access.require(workspace, Role.ADMIN)  # before asking for a passphrase in vain
        passphrase = _ask_new_passphrase()
    public = workspace.registry.create_key(args.issuer, passphrase)
    if args.json:
        print_json(_key_json(public))
    else:
        print(f"authorization-code key created for {public.issuer}")
        print(f"key id {public.key_id}; certificate SHA-256 {public.fingerprint}")
    return 0


def _issue(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    access.require(workspace, *access.REGISTER_EDITORS)  # before asking for a passphrase
    key = regulator_key.unlock(
        workspace.data_dir,
        passphrase=passphrase_from_env(args.passphrase_env),
        prompt=prompt_passphrase if sys.stdin.isatty() else None,
    )
    code = workspace.registry.issue_code(
        args.application_id,
        key,
        valid_days=args.days,
        valid_from=parse_date(args.valid_from) if args.valid_from else None,
    )
    if args.json:
        print_json(code)
    else:
        print(
            f"code {code.code_id} (serial {code.serial}) "
            f"valid {code.valid_from} – {code.valid_until}"
        )
        print(code.statement)
    return 0


def _verify(args: argparse.Namespace) -> int:
    text = _code_text(args)
    if args.offline:
        if args.key is None:
            raise KnownError(
                "离线核验需要监管机构证书：--key 文件",
                "offline verification needs the regulator's certificate: --key FILE",
            )
        public = regulator_key.load_public(args.key)
        result = codes.verify_signed(text, public.key, date.today())
    else:
        workspace = open_workspace(args)
        public = (
            regulator_key.load_public(args.key)
            if args.key
            else regulator_key.local_public(workspace.data_dir)
        )
        result = workspace.registry.verify_code(text, public)
    if args.json:
        print_json(
            {
                "outcome": result.outcome.value,
                "valid": result.valid,
                "message": result.message(),
                "registry_checked": result.registry_checked,
                "limit": result.limit(),
                "statement": result.statement,
                "key": _key_json(public),
            }
        )
    else:
        print(("✓ " if result.valid else "✗ ") + result.message())
        statement = result.statement
        if statement is not None:
            lines = [
                ("code", f"{statement.code_id} (serial {statement.serial})"),
                ("issuer", f"{statement.issuer} (key {statement.key_id})"),
                ("organisation", f"{statement.organisation_name} {statement.credit_code}"),
                ("application", f"{statement.application_name} {statement.package}"),
                *(("certificate", cert) for cert in statement.cert_sha256),
                ("valid", f"{statement.valid_from} – {statement.valid_until}"),
            ]
            for label, value in lines:
                print(f"  {label:<13}{value}")
        if result.limit():
            print(f"  note: {result.limit()}")
    return 0 if result.valid else NOT_VALID_EXIT


def _export(args: argparse.Namespace) -> int:
    public = regulator_key.export(open_workspace(args).data_dir, args.out)
    if args.json:
        print_json({**_key_json(public), "file": args.out})
    else:
        print(f"certificate written: {args.out}")
        print(f"key id {public.key_id}; certificate SHA-256 {public.fingerprint}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    code = open_workspace(args).registry.revoke_code(args.code_id, args.reason)
    if args.json:
        print_json(code)
    else:
        print(f"code {code.code_id} revoked")
    return 0


def _list(args: argparse.Namespace) -> int:
    found = open_workspace(args).registry.issued_codes(args.application_id)
    if args.json:
        print_json(found)
    else:
        print_table(
            ["code", "serial", "valid from", "valid until", "issued by", "revoked"],
            [
                (
                    c.code_id,
                    c.serial,
                    c.valid_from,
                    c.valid_until,
                    c.issued_by,
                    f"{c.revoked_at:%Y-%m-%d} {c.revoked_reason}" if c.revoked_at else "",
                )
                for c in found
            ],
        )
    return 0


# ---------------------------------------------------------------- helpers


def _code_text(args: argparse.Namespace) -> str:
    if args.file is not None:
        data = read_user_file(args.file, "授权码文件", "code file")
        return data.decode("utf-8", errors="replace")
    if args.code in (None, "-"):
        return sys.stdin.read()
    return str(args.code)


def _ask_new_passphrase() -> str:
    if not sys.stdin.isatty():
        raise KnownError(
            "无法交互输入口令：请使用 --passphrase-env 变量名",
            "cannot ask for a passphrase without a terminal: use --passphrase-env VAR",
            code="passphrase",
        )
    first = getpass.getpass("新口令 / new passphrase: ")
    if getpass.getpass("再次输入 / repeat: ") != first:
        raise KnownError("两次输入的口令不一致", "the passphrases differ", code="passphrase")
    return first


def _key_json(public: regulator_key.PublicKey) -> dict[str, str]:
    return {"issuer": public.issuer, "key_id": public.key_id, "fingerprint": public.fingerprint}


def _status_name(status: AppStatus | None) -> str:
    return pick(STATUS_TEXT[status]) if status else "—"


def _day(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:%Y-%m-%d}"


def _score(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


def _alerts(alerts: tuple[BuildAlert, ...]) -> str:
    if not alerts:
        return "none"
    counts: dict[str, int] = {}
    for alert in alerts:
        counts[alert.kind] = counts.get(alert.kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
