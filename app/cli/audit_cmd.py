"""ihsa audit verify|list: the hash-chained audit log."""

from __future__ import annotations

import argparse

from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.output import print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "audit", help="the audit log of every change", description="the audit log"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    verify = actions.add_parser(
        "verify",
        help="check the whole hash chain; exit 1 at the first broken link",
        description="Check every event's hash and link, and that the log still reaches the "
        "newest event this workstation wrote or verified (audit-anchor.json in the data "
        "folder). Exit status 1 names the first broken link.",
    )
    add_json_flag(verify)
    verify.set_defaults(func=_verify)

    listing = actions.add_parser("list", help="list events, newest first")
    listing.add_argument("--case", type=positive_int, help="events of one case")
    listing.add_argument("--actor", help="events by one user")
    listing.add_argument("--action", dest="event_action", help="e.g. sign_in, update, lockout")
    listing.add_argument("--limit", type=positive_int, default=200, help="default 200")
    add_json_flag(listing)
    listing.set_defaults(func=_list)


def _verify(args: argparse.Namespace) -> int:
    report = open_workspace(args).audit.verify()
    if args.json:
        print_json(
            {
                "intact": report.intact,
                "events": report.events,
                "head_id": report.head_id,
                "head_hash": report.head_hash,
                "anchor_id": report.anchor_id,
                "problem": None
                if report.problem is None
                else {
                    "event_id": report.problem.event_id,
                    "kind": report.problem.kind,
                    "message": report.problem.message(),
                },
            }
        )
    elif report.problem is None:
        anchor = f", anchor #{report.anchor_id}" if report.anchor_id else ""
        print(
            f"audit log intact: {report.events} events, head #{report.head_id} "
            f"{report.head_hash[:16]}…{anchor}"
        )
    else:
        print(
            f"audit log BROKEN at event #{report.problem.event_id} "
            f"({report.problem.kind}): {report.problem.message()}"
        )
    return 0 if report.intact else 1


def _list(args: argparse.Namespace) -> int:
    events = open_workspace(args).audit.list(
        case_id=args.case, actor=args.actor, action=args.event_action, limit=args.limit
    )
    if args.json:
        print_json(events)
        return 0
    print_table(
        ["id", "at", "actor", "action", "entity", "entity id", "case", "details"],
        [
            (
                e.id,
                e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                e.actor,
                e.action,
                e.entity,
                e.entity_id,
                e.case_id or "",
                _summary(e.details),
            )
            for e in events
        ],
    )
    return 0


def _summary(details: dict[str, object]) -> str:
    """The changed fields (or a named event's facts), on one short line."""
    changes = details.get("changes")
    if isinstance(changes, dict):
        text = ", ".join(
            f"{k}={v[1] if isinstance(v, list) and len(v) == 2 else v}" for k, v in changes.items()
        )
    elif isinstance(details.get("values"), dict):
        text = "new record"
    else:
        text = ", ".join(f"{k}={v}" for k, v in details.items() if k != "case_id")
    return text if len(text) <= 60 else text[:59] + "…"
