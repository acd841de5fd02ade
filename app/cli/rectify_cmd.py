"""ihsa rectify list|show|fix|verify|reopen|waive: rectifications (整改) and their steps."""

from __future__ import annotations

import argparse

from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.output import print_json, print_table
from app.domain.enums import RectificationStatus
from app.domain.models import Rectification
from app.i18n import language, pick
from app.registry.lifecycle import RECTIFICATION_TEXT
from app.services.rectifications import STATES, RectificationQuery


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "rectify",
        help="rectifications: list, fix, verify, reopen, waive",
        description="Rectifications created when a grade-B case is approved. Steps: "
        "open → fixed → verified (by someone else); fixed → open (reopen); "
        "open/fixed → waived (with a justification). Anyone signed in records a fix; "
        "verify, reopen and waive need the reviewer or administrator role.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list rectifications (overdue first)")
    listing.add_argument("--case", type=positive_int, help="of this case")
    listing.add_argument("--app", type=positive_int, help="of this application")
    listing.add_argument("--org", type=positive_int, help="of this organisation")
    listing.add_argument("--state", choices=STATES, default="all")
    add_json_flag(listing)
    listing.set_defaults(func=_list)

    show = actions.add_parser("show", help="one rectification and its steps")
    show.add_argument("rectification_id", type=positive_int, metavar="ID")
    add_json_flag(show)
    show.set_defaults(func=_show)

    fix = actions.add_parser("fix", help="mark fixed (the hospital's report)")
    fix.add_argument("rectification_id", type=positive_int, metavar="ID")
    fix.add_argument("--note", required=True, help="what was done")
    fix.add_argument("--evidence", default="", help="where the proof is (evidence id, file…)")
    add_json_flag(fix)
    fix.set_defaults(func=_step, step="fix")

    verify = actions.add_parser("verify", help="confirm a fix (not by who reported it)")
    verify.add_argument("rectification_id", type=positive_int, metavar="ID")
    verify.add_argument("--note", default="", help="how it was checked")
    add_json_flag(verify)
    verify.set_defaults(func=_step, step="verify")

    reopen = actions.add_parser("reopen", help="a reported fix did not hold")
    reopen.add_argument("rectification_id", type=positive_int, metavar="ID")
    reopen.add_argument("--reason", required=True)
    add_json_flag(reopen)
    reopen.set_defaults(func=_step, step="reopen")

    waive = actions.add_parser("waive", help="no longer required (with a justification)")
    waive.add_argument("rectification_id", type=positive_int, metavar="ID")
    waive.add_argument("--justification", required=True)
    add_json_flag(waive)
    waive.set_defaults(func=_step, step="waive")


def _list(args: argparse.Namespace) -> int:
    found = open_workspace(args).rectifications.list(
        RectificationQuery(
            case_id=args.case,
            application_id=args.app,
            organisation_id=args.org,
            state=args.state,
        )
    )
    if args.json:
        print_json(found)
    else:
        print_table(
            ["id", "case", "application", "severity", "due", "status", "title"],
            [
                (
                    r.id,
                    r.case_id,
                    r.application_name,
                    r.severity,
                    f"{r.due_date or '-'}{' OVERDUE' if r.overdue else ''}",
                    _status(r),
                    title(r),
                )
                for r in found
            ],
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    rectification = workspace.rectifications.get(args.rectification_id)
    steps = workspace.rectifications.history(args.rectification_id)
    if args.json:
        print_json({"rectification": rectification, "history": steps})
        return 0
    print(f"{rectification.id} {title(rectification)}")
    print(
        f"case {rectification.case_id}, {rectification.application_name}, due "
        f"{rectification.due_date or '-'}{' OVERDUE' if rectification.overdue else ''}, "
        f"{_status(rectification)}"
    )
    print_table(
        ["when", "step", "by", "note", "evidence"],
        [(f"{s.at:%Y-%m-%d %H:%M}", s.action, s.actor, s.note, s.evidence_ref) for s in steps],
    )
    return 0


def _step(args: argparse.Namespace) -> int:
    service = open_workspace(args).rectifications
    rectification_id = args.rectification_id
    if args.step == "fix":
        result = service.fix(rectification_id, args.note, evidence_ref=args.evidence)
    elif args.step == "verify":
        result = service.verify(rectification_id, args.note)
    elif args.step == "reopen":
        result = service.reopen(rectification_id, args.reason)
    else:
        result = service.waive(rectification_id, args.justification)
    if args.json:
        print_json(result)
    else:
        print(f"rectification {result.id} is now {_status(result)}")
    return 0


def title(rectification: Rectification) -> str:
    """The title in the current language (Chinese unless English was chosen)."""
    if language() == "en" and rectification.title_en:
        return rectification.title_en
    return rectification.title


def _status(rectification: Rectification) -> str:
    return pick(RECTIFICATION_TEXT[RectificationStatus(rectification.status)])
