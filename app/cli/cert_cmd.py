"""ihsa cert new|show: the assessor's self-signed signing certificate (PKCS#12)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.cli.output import print_json
from app.errors import KnownError, ValidationError
from app.security import keystore


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "cert",
        help="assessor signing certificates",
        description="assessor signing certificates (PKCS#12)",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    new = actions.add_parser(
        "new",
        help="create a self-signed assessor certificate for offline signing",
        description="Create a self-signed certificate (valid 3 years) and its key in a "
        "passphrase-protected PKCS#12 file; the passphrase is kept in the OS keyring.",
    )
    new.add_argument("--name", required=True, help="holder's name (certificate common name)")
    new.add_argument("--org", default="", help="holder's organisation")
    new.add_argument("--out", required=True, type=Path, metavar="FILE.p12")
    new.add_argument(
        "--key-type",
        choices=keystore.KEY_TYPES,
        default="ec",
        help="ec = P-256 (default), rsa = RSA 3072",
    )
    add_passphrase_env(new)
    new.add_argument("--json", action="store_true", help="print JSON")
    new.set_defaults(func=_new)

    show = actions.add_parser("show", help="show a certificate file's holder and validity")
    show.add_argument("p12", type=Path, metavar="FILE.p12")
    add_passphrase_env(show)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=_show)


def add_passphrase_env(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help="read the PKCS#12 passphrase from this environment variable (for scripts)",
    )


def passphrase_from_env(var: str | None) -> str | None:
    """The passphrase named by --passphrase-env, or None when the option is absent."""
    if not var:
        return None
    value = os.environ.get(var)
    if value is None:
        raise ValidationError(f"环境变量 {var} 未设置", f"environment variable {var} is not set")
    return value


def prompt_passphrase(file_name: str) -> str | None:
    """Ask on the terminal; None when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(f"{file_name} 的口令 / passphrase for {file_name}: ")
    except EOFError:
        return None


def unlock_identity(p12: Path, passphrase_env: str | None) -> keystore.SigningIdentity:
    """Open a signing certificate: --passphrase-env, else keyring, else terminal prompt."""
    interactive = sys.stdin.isatty()
    return keystore.unlock(
        p12,
        passphrase=passphrase_from_env(passphrase_env),
        prompt=prompt_passphrase if interactive else None,
    )


def _new(args: argparse.Namespace) -> int:
    passphrase = passphrase_from_env(args.passphrase_env)
    if passphrase is None:
        passphrase = _ask_new_passphrase()
    identity = keystore.create_self_signed(
        args.name, args.out, passphrase, org=args.org, key_type=args.key_type
    )
    stored = keystore.remember_passphrase(identity)
    if args.json:
        print_json({**_describe(identity), "passphrase_in_keyring": stored})
        return 0
    print(f"certificate written: {identity.p12_path}")
    _print_identity(identity)
    if stored:
        print("passphrase stored in the OS keyring (service ihsa-workstation)")
    else:
        print(
            "ihsa: 没有可用的系统密钥环，口令未保存；签名时将再次询问 / no OS keyring is "
            "available, the passphrase was not stored; you will be asked for it when signing",
            file=sys.stderr,
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    identity = unlock_identity(args.p12, args.passphrase_env)
    stored = keystore.stored_passphrase(args.p12) is not None
    if args.json:
        print_json({**_describe(identity), "passphrase_in_keyring": stored})
        return 0
    _print_identity(identity)
    print(f"passphrase in keyring: {'yes' if stored else 'no'}")
    return 0


def _ask_new_passphrase() -> str:
    if not sys.stdin.isatty():
        raise KnownError(
            "无法交互输入口令：请使用 --passphrase-env 变量名",
            "cannot ask for a passphrase without a terminal: use --passphrase-env VAR",
            code="passphrase",
        )
    first = getpass.getpass("新证书口令 / new passphrase: ")
    second = getpass.getpass("再次输入 / repeat: ")
    if first != second:
        raise ValidationError("两次输入的口令不一致", "the two passphrases differ")
    return first


def _describe(identity: keystore.SigningIdentity) -> dict[str, object]:
    return {
        "file": str(identity.p12_path),
        "subject": identity.subject_name,
        "organisation": identity.organisation,
        "sha256": identity.fingerprint,
        "not_before": identity.not_before,
        "not_after": identity.not_after,
        "self_signed": identity.self_signed,
    }


def _print_identity(identity: keystore.SigningIdentity) -> None:
    print(f"holder:       {identity.subject_name}")
    if identity.organisation:
        print(f"organisation: {identity.organisation}")
    print(f"SHA-256:      {identity.fingerprint}")
    print(f"valid:        {identity.not_before:%Y-%m-%d} — {identity.not_after:%Y-%m-%d}")
