"""ihsa db upgrade|check|backup."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import add_json_flag, open_workspace
from app.cli.output import print_json
from app.db import maintenance
from app.db.migrate import current_revision


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("db", help="database maintenance", description="database maintenance")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    upgrade = actions.add_parser("upgrade", help="create or migrate the database to head")
    upgrade.set_defaults(func=_upgrade)

    check = actions.add_parser("check", help="check schema revision, integrity and ORM schema")
    add_json_flag(check)
    check.set_defaults(func=_check)

    backup = actions.add_parser("backup", help="write a verified copy of the SQLite database")
    backup.add_argument("path", type=Path, help="backup file to write")
    backup.add_argument("--force", action="store_true", help="overwrite an existing file")
    backup.set_defaults(func=_backup)


def _upgrade(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    print(f"database at revision {current_revision(workspace.engine)}: {workspace.engine.url}")
    backfill = workspace.evidence_backfill
    if backfill.stored:
        print(f"evidence files copied into the database: {len(backfill.stored)}")
    if backfill.missing:
        print(
            f"evidence files not on this workstation: {len(backfill.missing)} "
            "(run `ihsa evidence verify CASE` on the workstation that added them to upload them)"
        )
        for sha256 in backfill.missing:
            print(f"  missing here: {sha256}")
    return 0


def _check(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    report = maintenance.check(workspace.engine)
    if args.json:
        print_json({**report.__dict__, "ok": report.ok})
    else:
        print(f"revision:   {report.revision} (head {report.head})")
        print(f"integrity:  {report.integrity}")
        print(f"schema:     {'matches' if not report.schema_differences else 'DIFFERS'}")
        for diff in report.schema_differences:
            print(f"  {diff}")
        print("OK" if report.ok else "PROBLEMS FOUND")
    return 0 if report.ok else 1


def _backup(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    written = maintenance.backup(workspace.engine, args.path, overwrite=args.force)
    print(f"backup written and verified: {written}")
    return 0
