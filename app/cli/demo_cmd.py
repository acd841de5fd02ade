"""ihsa demo: seed the demo organisation, application and case."""

from __future__ import annotations

import argparse

from app.cli.common import add_json_flag, open_workspace
from app.cli.output import print_json
from app.services.demo import seed_demo


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="seed demo data (idempotent)")
    add_json_flag(parser)
    parser.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    case, created = seed_demo(open_workspace(args))
    if args.json:
        print_json({"case": case, "created": created})
    else:
        verb = "created" if created else "already present"
        print(f"demo case {case.id} {verb}: {case.organisation_name} / {case.application_name}")
    return 0
