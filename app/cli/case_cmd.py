"""ihsa case new|list|show|answer|status (export|import|inspect: handover_cmd)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.handover_cmd import add_case_actions
from app.cli.output import print_json, print_table
from app.cli.score_cmd import read_answers
from app.domain.enums import CaseStatus, CaseType, Grade, Result
from app.domain.models import CaseFilter
from app.errors import ValidationError
from app.services.cases import NewCase, parse_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("case", help="assessment cases", description="assessment cases")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="open a new assessment case")
    new.add_argument("--org", type=positive_int, required=True, help="organisation id")
    new.add_argument("--app", type=positive_int, help="application id")
    new.add_argument("--type", choices=[t.value for t in CaseType], default="initial")
    new.add_argument("--assessor", required=True)
    new.add_argument("--reviewer", default="")
    new.add_argument("--site", default="", help="where the assessment takes place")
    new.add_argument("--date", help="assessment date YYYY-MM-DD (default today)")
    add_json_flag(new)
    new.set_defaults(func=_new)

    listing = actions.add_parser("list", help="list cases, newest first")
    listing.add_argument("--org", type=positive_int)
    listing.add_argument("--app", type=positive_int)
    listing.add_argument("--status", choices=[s.value for s in CaseStatus])
    listing.add_argument("--grade", choices=[g.value for g in Grade])
    listing.add_argument("--from", dest="date_from", help="assessed on or after YYYY-MM-DD")
    listing.add_argument("--to", dest="date_to", help="assessed on or before YYYY-MM-DD")
    listing.add_argument("--search", help="text in organisation, assessor or site")
    add_json_flag(listing)
    listing.set_defaults(func=_list)

    show = actions.add_parser("show", help="show one case with its answers and evidence")
    show.add_argument("case_id", type=positive_int)
    add_json_flag(show)
    show.set_defaults(func=_show)

    answer = actions.add_parser(
        "answer",
        help="answer checklist items: one (ITEM RESULT) or many (--file answers.json)",
        description="Answer one item, or many from a JSON file mapping item ids to a result "
        'code or to {"result", "note", "justification"} (all or nothing).',
    )
    answer.add_argument("case_id", type=positive_int)
    answer.add_argument("item", nargs="?", help="item id, e.g. IH-AUTH-01")
    answer.add_argument("result", nargs="?", choices=[r.value for r in Result])
    answer.add_argument("--note", default="")
    answer.add_argument("--justification", default="", help="required for na before submitting")
    answer.add_argument("--file", type=Path, help="JSON file with many answers")
    add_json_flag(answer)
    answer.set_defaults(func=_answer)

    status = actions.add_parser("status", help="move a case along its life-cycle")
    status.add_argument("case_id", type=positive_int)
    status.add_argument("status", choices=[s.value for s in CaseStatus])
    add_json_flag(status)
    status.set_defaults(func=_status)

    add_case_actions(actions)


def _new(args: argparse.Namespace) -> int:
    case = open_workspace(args).cases.create(
        NewCase(
            organisation_id=args.org,
            application_id=args.app,
            case_type=CaseType(args.type),
            assessor=args.assessor,
            reviewer=args.reviewer,
            site=args.site,
            assessment_date=parse_date(args.date) if args.date else None,
        )
    )
    if args.json:
        print_json(case)
    else:
        print(f"case {case.id} opened ({case.case_type.value}, {case.status.value})")
    return 0


def _list(args: argparse.Namespace) -> int:
    where = CaseFilter(
        organisation_id=args.org,
        application_id=args.app,
        status=CaseStatus(args.status) if args.status else None,
        grade=Grade(args.grade) if args.grade else None,
        date_from=parse_date(args.date_from) if args.date_from else None,
        date_to=parse_date(args.date_to) if args.date_to else None,
        text=args.search,
    )
    cases = open_workspace(args).cases.list(where)
    if args.json:
        print_json(cases)
    else:
        print_table(
            ["id", "organisation", "application", "type", "status", "assessor", "date", "score"],
            [
                (
                    c.id,
                    c.organisation_name,
                    c.application_name,
                    c.case_type.value,
                    c.status.value,
                    c.assessor,
                    c.assessment_date,
                    "" if c.score is None else f"{c.score:.1f} {c.grade or ''}",
                )
                for c in cases
            ],
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    case = workspace.cases.get(args.case_id)
    answers = workspace.cases.answers(case.id)
    evidence = workspace.evidence.list(case.id)
    if args.json:
        print_json({"case": case, "answers": answers, "evidence": evidence})
        return 0
    print(f"case {case.id}: {case.organisation_name} / {case.application_name or '-'}")
    print(f"  type {case.case_type.value}, status {case.status.value}, date {case.assessment_date}")
    print(f"  assessor {case.assessor}, reviewer {case.reviewer or '-'}, site {case.site or '-'}")
    if case.pack:
        print(f"  rule pack {case.pack.pack_id} {case.pack.version} ({case.pack.sha256[:12]})")
    if case.score is not None:
        flag = " (provisional)" if case.provisional else ""
        print(f"  score {case.score:.1f}, grade {case.grade}{flag}")
    print(f"  {len(answers)} answers, {len(evidence)} evidence files")
    for ev in evidence:
        print(f"    {ev.id}  {ev.sha256[:16]}  {ev.size:>10}  {ev.original_name}")
    return 0


def _answer(args: argparse.Namespace) -> int:
    single = args.item is not None or args.result is not None
    if single == (args.file is not None) or (single and not (args.item and args.result)):
        raise ValidationError(
            "请给出 检查项 结果，或 --file 答案文件（二选一）",
            "give either ITEM RESULT or --file FILE",
        )
    workspace = open_workspace(args)
    if args.file is not None:
        count = workspace.assessment.import_answers(args.case_id, read_answers(args.file))
    else:
        workspace.cases.set_answer(
            args.case_id,
            args.item,
            Result(args.result),
            note=args.note,
            justification=args.justification,
        )
        count = 1
    case = workspace.cases.get(args.case_id)
    if args.json:
        print_json({"answered": count, "case": case})
    else:
        flag = " (provisional)" if case.provisional else ""
        print(f"{count} answer(s) saved; case {case.id} score {case.score:.1f} {case.grade}{flag}")
    return 0


def _status(args: argparse.Namespace) -> int:
    case = open_workspace(args).cases.set_status(args.case_id, CaseStatus(args.status))
    if args.json:
        print_json(case)
    else:
        print(f"case {case.id} is now {case.status.value}")
    return 0
