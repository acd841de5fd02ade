"""Entry point of ``ihsa``: global options, sub-command modules, error handling.

Each sub-command lives in its own ``*_cmd`` module with a ``register(subparsers)``
function that adds its parser and sets ``func(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from app import __version__
from app.errors import KnownError
from app.i18n import set_language

COMMAND_MODULES = (
    "app.cli.db_cmd",
    "app.cli.org_cmd",
    "app.cli.app_cmd",
    "app.cli.case_cmd",
    "app.cli.evidence_cmd",
    "app.cli.demo_cmd",
    "app.cli.analyze_cmd",
    "app.cli.rules_cmd",
    "app.cli.score_cmd",
    "app.cli.report_cmd",
    "app.cli.verify_cmd",
    "app.cli.cert_cmd",
    "app.cli.user_cmd",
    "app.cli.audit_cmd",
    "app.cli.registry_cmd",
    "app.cli.rectify_cmd",
    "app.cli.incident_cmd",
    "app.cli.stats_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ihsa",
        description="IHSA Workstation 互联网医院安全评估工作站 — command line",
    )
    parser.add_argument("--version", action="version", version=f"ihsa {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL (default: IHSA_DB_URL or the "
        "embedded SQLite database in the data folder)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data folder (default: IHSA_DATA_DIR or the user data folder)",
    )
    parser.add_argument("--lang", choices=["zh", "en"], help="language of messages (default zh)")
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=os.environ.get("IHSA_USER") or None,
        help="sign in as NAME once accounts exist (default IHSA_USER); the password is "
        "asked for, or read from IHSA_PASSWORD",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader that went away shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        # `ihsa … | head`: the reader has all it wanted; stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # the status of a process ended by SIGPIPE
    except KnownError as exc:
        print(f"ihsa: {exc.message()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("ihsa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
