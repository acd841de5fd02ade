"""ihsa evidence add|list|verify."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.output import print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("evidence", help="evidence files of cases", description="evidence")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="copy a file into the evidence store and attach it")
    add.add_argument("case_id", type=positive_int)
    add.add_argument("file", type=Path)
    add.add_argument("--item", help="checklist item id the evidence supports")
    add.add_argument("--description", default="")
    add_json_flag(add)
    add.set_defaults(func=_add)

    listing = actions.add_parser("list", help="list a case's evidence")
    listing.add_argument("case_id", type=positive_int)
    add_json_flag(listing)
    listing.set_defaults(func=_list)

    verify = actions.add_parser("verify", help="check every evidence file against its hash")
    verify.add_argument("case_id", type=positive_int)
    verify.set_defaults(func=_verify)


def _add(args: argparse.Namespace) -> int:
    evidence = open_workspace(args).evidence.add(
        args.case_id, args.file, item_id=args.item, description=args.description
    )
    if args.json:
        print_json(evidence)
    else:
        print(f"evidence {evidence.id} attached: {evidence.original_name} sha256 {evidence.sha256}")
    return 0


def _list(args: argparse.Namespace) -> int:
    items = open_workspace(args).evidence.list(args.case_id)
    if args.json:
        print_json(items)
    else:
        print_table(
            ["id", "item", "sha256", "size", "name"],
            [(e.id, e.item_id or "", e.sha256, e.size, e.original_name) for e in items],
        )
    return 0


def _verify(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    problems = workspace.evidence.verify(args.case_id)
    total = len(workspace.evidence.list(args.case_id))
    for evidence, message in problems:
        print(f"FAIL {evidence.id} {evidence.original_name}: {message}")
    print(f"{total - len(problems)} of {total} evidence files intact")
    return 1 if problems else 0
