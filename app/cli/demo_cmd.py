"""ihsa demo: seed the demo organisation, application and case."""

from __future__ import annotations

import argparse

from app.cli.common import add_json_flag, open_workspace
from app.cli.output import print_json
from app.services.demo import seed_demo, seed_regulator_demo


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="seed demo data (idempotent)")
    parser.add_argument(
        "--regulator",
        action="store_true",
        help="also an approved grade-B case with rectifications (the regulator's views)",
    )
    add_json_flag(parser)
    parser.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    case, created = seed_demo(workspace)
    if args.regulator:
        seed_regulator_demo(workspace)
    if args.json:
        print_json({"case": case, "created": created})
    else:
        verb = "created" if created else "already present"
        print(f"demo case {case.id} {verb}: {case.organisation_name} / {case.application_name}")
    return 0
