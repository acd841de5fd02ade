"""``ihsa rules``: validate a rule pack, show what it holds, export its structure.

``validate`` prints every problem on its own line (file: item: message) and
exits 1 if there is any; ``info`` and ``export`` refuse an invalid pack the same way.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app import paths
from app.cli.output import print_json, print_table, to_jsonable
from app.i18n import pick
from app.rules import PackProblem, PackValidationError, RulePack, load_pack
from app.rules.loader import json_number


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("rules", help="rule packs: validate, info, export")
    sub = parser.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    validate = sub.add_parser("validate", help="check a rule pack; list every problem")
    _add_dir(validate)
    validate.add_argument("--json", action="store_true", help="machine-readable result")
    validate.set_defaults(func=_validate)

    info = sub.add_parser("info", help="id, version, hash and item counts of a pack")
    _add_dir(info)
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(func=_info)

    export = sub.add_parser("export", help="domains, items, weights and grades of a pack")
    _add_dir(export)
    export.add_argument("--json", action="store_true", help="machine-readable output")
    export.set_defaults(func=_export)


def _add_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir", nargs="?", type=Path, metavar="DIR", help="rule pack folder (default: bundled rules)"
    )


def _load(args: argparse.Namespace) -> RulePack | None:
    """The pack, or None after printing its problems (the caller exits 1)."""
    try:
        return load_pack(args.dir or paths.rules_dir())
    except PackValidationError as exc:
        if getattr(args, "json", False) and args.rules_command == "validate":
            print_json({"valid": False, "problems": [_problem_json(p) for p in exc.problems]})
        else:
            for problem in exc.problems:
                print(problem.message())
            print(exc.message())
        return None


def _problem_json(problem: PackProblem) -> dict[str, str]:
    return {
        "file": problem.file,
        "where": problem.where,
        "zh": problem.zh,
        "en": problem.en,
        "message": problem.message(),
    }


def _validate(args: argparse.Namespace) -> int:
    pack = _load(args)
    if pack is None:
        return 1
    if args.json:
        print_json({"valid": True, "problems": [], **_identity(pack)})
    else:
        print(f"OK {pack.id} {pack.version} sha256={pack.hash} ({len(pack.items)} items)")
    return 0


def _identity(pack: RulePack) -> dict[str, Any]:
    return {"id": pack.id, "version": pack.version, "hash": pack.hash}


def _info(args: argparse.Namespace) -> int:
    pack = _load(args)
    if pack is None:
        return 1
    if args.json:
        print_json(
            {
                **_identity(pack),
                "date": pack.date,
                "title": pack.title,
                "issuer": pack.issuer,
                "items": len(pack.items),
                "domains": {d.id: len(d.items) for d in pack.domains},
            }
        )
        return 0
    print(f"{pick(pack.title)}")
    print(f"{pack.id} {pack.version} ({pack.date}) — {pick(pack.issuer)}")
    print(f"sha256 {pack.hash}")
    rows: list[tuple[object, ...]] = [
        (
            d.id,
            pick(d.title),
            json_number(d.weight),
            len(d.items),
            sum(1 for i in d.items if i.veto),
            sum(1 for i in d.items if i.apk_rules),
        )
        for d in pack.domains
    ]
    rows.append(("", "", "", len(pack.items), sum(1 for i in pack.items if i.veto), ""))
    print_table(("domain", "title", "weight", "items", "veto", "apk"), rows)
    return 0


def export_structure(pack: RulePack) -> dict[str, Any]:
    """The ``rules export --json`` document: what automated checks compare."""
    return {
        "pack": _identity(pack),
        "domains": [
            {
                "id": d.id,
                "title": dict(d.title),
                "weight": json_number(d.weight),
                "items": [
                    {
                        "id": i.id,
                        "severity": i.severity,
                        "weight": json_number(i.weight),
                        "veto": i.veto,
                    }
                    for i in d.items
                ],
            }
            for d in pack.domains
        ],
        "grades": to_jsonable(pack.content["scoring"]["grades"]),
    }


def _export(args: argparse.Namespace) -> int:
    pack = _load(args)
    if pack is None:
        return 1
    if args.json:
        print_json(export_structure(pack))
        return 0
    rows = [
        (i.id, i.severity, json_number(i.weight), "veto" if i.veto else "", pick(i.title))
        for i in pack.items
    ]
    print_table(("item", "severity", "weight", "veto", "title"), rows)
    return 0
