"""ihsa incident add|list|show|edit|close|reopen|notify|delivered|overdue|policy."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.output import print_json, print_table
from app.domain.enums import (
    INCIDENT_SEVERITY_ORDER,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    NoticeChannel,
)
from app.domain.models import Contact, Incident, NoticePolicy
from app.errors import ValidationError
from app.i18n import language
from app.report.incident_texts import (
    CATEGORY_SHORT,
    CHANNEL_NAMES,
    EVENT_NAMES,
    OVERDUE_NAMES,
    RECIPIENT_NAMES,
    SEVERITY_NAMES,
    STATUS_NAMES,
    name,
)
from app.services.incidents import IncidentFilter, IncidentInput, NoticeRequest

TIME_HELP = "YYYY-MM-DD HH:MM in local time (or ISO 8601 with an offset, or 'now')"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "incident",
        help="incident register and notices (事件通报)",
        description="Record incidents against organisations, prepare notice letters for their "
        "registered contacts (and the escalation recipient for major ones), record deliveries, "
        "close and reopen. Nothing is sent over the network: letters and texts are written "
        "for you to deliver.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="record an incident", description="Record an incident.")
    _incident_fields(add, required=True)
    add_json_flag(add)
    add.set_defaults(func=_add)

    edit = actions.add_parser(
        "edit", help="correct an incident's facts", description="Change the given fields only."
    )
    edit.add_argument("id", type=positive_int, help="incident id")
    _incident_fields(edit, required=False)
    add_json_flag(edit)
    edit.set_defaults(func=_edit)

    listing = actions.add_parser("list", help="list incidents", description="List incidents.")
    listing.add_argument("--org", type=positive_int, metavar="ID", help="only this organisation")
    listing.add_argument("--status", choices=[s.value for s in IncidentStatus])
    listing.add_argument("--severity", choices=[s.value for s in IncidentSeverity])
    listing.add_argument("--category", choices=[c.value for c in IncidentCategory])
    listing.add_argument("--search", metavar="TEXT", help="in title, description, organisation")
    listing.add_argument("--overdue", action="store_true", help="only overdue notices")
    add_json_flag(listing)
    listing.set_defaults(func=_list)

    show = actions.add_parser(
        "show", help="an incident with its notices and history", description="Show an incident."
    )
    show.add_argument("id", type=positive_int, help="incident id")
    add_json_flag(show)
    show.set_defaults(func=_show)

    close = actions.add_parser(
        "close",
        help="close a notified incident",
        description="Close an incident whose notice (and escalation, if required) was delivered.",
    )
    close.add_argument("id", type=positive_int, help="incident id")
    close.add_argument("--resolution", required=True, help="how the incident was resolved")
    add_json_flag(close)
    close.set_defaults(func=_close)

    reopen = actions.add_parser(
        "reopen",
        help="reopen a closed incident",
        description="Reopen a closed incident; it must be notified again within its deadline.",
    )
    reopen.add_argument("id", type=positive_int, help="incident id")
    reopen.add_argument("--reason", required=True, help="why it is reopened")
    add_json_flag(reopen)
    reopen.set_defaults(func=_reopen)

    notify = actions.add_parser(
        "notify",
        help="prepare the notice (letter PDF, e-mail or phone text) and record it",
        description="Prepare the notice to the organisation's registered contacts (and to the "
        "escalation recipient when the severity requires it) and record one notification per "
        "recipient. A letter needs --out FILE.pdf; e-mail and phone texts are printed, and "
        "written to --out when given. Record the delivery now with --delivered, or later with "
        "'ihsa incident delivered'.",
    )
    notify.add_argument("id", type=positive_int, help="incident id")
    notify.add_argument(
        "--channel", choices=[c.value for c in NoticeChannel], default=NoticeChannel.LETTER.value
    )
    notify.add_argument(
        "--contact",
        action="append",
        metavar="NAME",
        help="a registered contact to notify (repeatable; default: every contact)",
    )
    notify.add_argument("--out", type=Path, metavar="FILE", help="the letter PDF or text file")
    notify.add_argument(
        "--letter-lang",
        dest="letter_lang",
        choices=["zh", "en"],
        help="language of the notice (default: the global --lang, else Chinese)",
    )
    notify.add_argument(
        "--delivered",
        nargs="?",
        const="now",
        metavar="WHEN",
        help=f"record the delivery at once (a call made, a letter handed over); {TIME_HELP}",
    )
    add_json_flag(notify)
    notify.set_defaults(func=_notify)

    delivered = actions.add_parser(
        "delivered",
        help="record that a prepared notice reached its recipient",
        description="Record the delivery of a notification (ids are shown by 'incident show').",
    )
    delivered.add_argument("notification", type=positive_int, help="notification id")
    delivered.add_argument("--at", default="now", metavar="WHEN", help=TIME_HELP)
    add_json_flag(delivered)
    delivered.set_defaults(func=_delivered)

    overdue = actions.add_parser(
        "overdue",
        help="incidents whose notice or escalation is overdue",
        description="Incidents not closed whose notice deadline passed without a delivered "
        "notice (or, for major ones, without a delivered escalation). Exit status 3 when any.",
    )
    add_json_flag(overdue)
    overdue.set_defaults(func=_overdue)

    policy = actions.add_parser(
        "policy",
        help="show or set notice deadlines and the escalation recipient",
        description="Without options: show the policy. Deadlines are hours from discovery "
        "(defaults: critical 1, high 4, medium 24, low 72); incidents at or above the threshold "
        "(default high) also go to the escalation recipient.",
    )
    policy.add_argument(
        "--hours", metavar="SEV=H,...", help="e.g. critical=1,high=4,medium=24,low=72"
    )
    policy.add_argument("--threshold", choices=[s.value for s in IncidentSeverity])
    policy.add_argument(
        "--escalation", metavar="NAME,ROLE,PHONE,EMAIL", help="the office major risks go to"
    )
    policy.add_argument("--no-escalation", action="store_true", help="remove the recipient")
    policy.add_argument("--issuer", metavar="TEXT", help="the office that signs the letters")
    add_json_flag(policy)
    policy.set_defaults(func=_policy)


# -- arguments ------------------------------------------------------------------------------


def _incident_fields(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--org", type=positive_int, required=required, metavar="ID")
    parser.add_argument("--title", required=required)
    parser.add_argument(
        "--category", required=required, choices=[c.value for c in IncidentCategory]
    )
    parser.add_argument(
        "--severity",
        required=required,
        choices=[s.value for s in IncidentSeverity],
        help="critical 特别重大, high 重大, medium 较大, low 一般",
    )
    parser.add_argument(
        "--discovered", metavar="WHEN", help=f"when the office learned of it ({TIME_HELP})"
    )
    parser.add_argument("--occurred", metavar="WHEN", help="when it happened (default: discovered)")
    parser.add_argument("--description", help="what happened")
    parser.add_argument("--app", type=positive_int, metavar="ID", help="the application involved")
    parser.add_argument("--case", type=positive_int, metavar="ID", help="the related case")


def parse_when(text: str) -> datetime:
    """Local 'YYYY-MM-DD HH:MM', ISO 8601 with an offset, or 'now' → an aware datetime."""
    value = text.strip()
    if value.lower() == "now":
        return datetime.now().astimezone()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            f"时间格式应为 YYYY-MM-DD HH:MM：{text}", f"times are written YYYY-MM-DD HH:MM: {text}"
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()


# -- commands -------------------------------------------------------------------------------


def _add(args: argparse.Namespace) -> int:
    data = IncidentInput(
        organisation_id=args.org,
        title=args.title,
        category=args.category,
        severity=args.severity,
        discovered_at=parse_when(args.discovered or "now"),
        occurred_at=parse_when(args.occurred) if args.occurred else None,
        description=args.description or "",
        application_id=args.app,
        case_id=args.case,
    )
    incident = open_workspace(args).incidents.add(data)
    return _print_one(args, incident, "recorded")


def _edit(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    current = workspace.incidents.get(args.id)
    data = IncidentInput(
        organisation_id=args.org or current.organisation_id,
        title=args.title if args.title is not None else current.title,
        category=args.category or current.category,
        severity=args.severity or current.severity,
        discovered_at=parse_when(args.discovered) if args.discovered else current.discovered_at,
        occurred_at=parse_when(args.occurred) if args.occurred else current.occurred_at,
        description=args.description if args.description is not None else current.description,
        application_id=args.app if args.app is not None else current.application_id,
        case_id=args.case if args.case is not None else current.case_id,
    )
    return _print_one(args, workspace.incidents.update(args.id, data), "updated")


def _list(args: argparse.Namespace) -> int:
    where = IncidentFilter(
        organisation_id=args.org,
        status=IncidentStatus(args.status) if args.status else None,
        severity=IncidentSeverity(args.severity) if args.severity else None,
        category=IncidentCategory(args.category) if args.category else None,
        text=args.search,
        overdue_only=args.overdue,
    )
    incidents = open_workspace(args).incidents.list(where)
    if args.json:
        print_json(incidents)
        return 0
    _print_rows(incidents)
    return 0


def _show(args: argparse.Namespace) -> int:
    incident = open_workspace(args).incidents.get(args.id)
    if args.json:
        print_json(incident)
        return 0
    lang = language()
    rows = [
        ("organisation", f"{incident.organisation_name} (id {incident.organisation_id})"),
        ("application", incident.application_name or "—"),
        ("case", incident.case_id or "—"),
        ("category", name(CATEGORY_SHORT, incident.category, lang)),
        ("severity", name(SEVERITY_NAMES, incident.severity, lang)),
        ("status", name(STATUS_NAMES, incident.status, lang)),
        ("occurred", _time(incident.occurred_at)),
        ("discovered", _time(incident.discovered_at)),
        ("recorded by", incident.recorded_by),
        ("notice due", _time(incident.notice_due_at)),
        ("notified", _time(incident.notified_at)),
        (
            "escalation",
            (_time(incident.escalated_at) if incident.escalation_required else "not required"),
        ),
        ("overdue", _overdue_text(incident) or "—"),
    ]
    if incident.closed_at:
        rows += [
            ("closed", f"{_time(incident.closed_at)} by {incident.closed_by}"),
            ("resolution", incident.resolution),
        ]
    print(f"incident {incident.id}: {incident.title}")
    for key, value in rows:
        print(f"  {key + ':':<14}{value}")
    if incident.description:
        print(f"  {'description:':<14}{incident.description}")
    if incident.notifications:
        print("\nnotifications:")
        print_table(
            ["id", "recipient", "kind", "channel", "prepared", "delivered", "by"],
            [
                (
                    n.id,
                    n.recipient_name,
                    name(RECIPIENT_NAMES, n.recipient_kind, lang),
                    name(CHANNEL_NAMES, n.channel, lang),
                    _time(n.created_at),
                    _time(n.sent_at) if n.sent_at else "not yet",
                    n.delivered_by or n.created_by,
                )
                for n in incident.notifications
            ],
        )
    print("\nhistory:")
    print_table(
        ["at", "who", "what", "note"],
        [
            (_time(e.at), e.actor, name(EVENT_NAMES, e.action, lang), e.note)
            for e in incident.events
        ],
    )
    return 0


def _close(args: argparse.Namespace) -> int:
    incident = open_workspace(args).incidents.close(args.id, args.resolution)
    return _print_one(args, incident, "closed")


def _reopen(args: argparse.Namespace) -> int:
    incident = open_workspace(args).incidents.reopen(args.id, args.reason)
    return _print_one(args, incident, "reopened")


def _notify(args: argparse.Namespace) -> int:
    request = NoticeRequest(
        channel=NoticeChannel(args.channel),
        lang=args.letter_lang or language(),
        contacts=tuple(args.contact) if args.contact else None,
        delivered_at=parse_when(args.delivered) if args.delivered else None,
    )
    result = open_workspace(args).incidents.notify(args.id, request, out_path=args.out)
    if args.json:
        print_json(result)
        return 0
    if request.channel != NoticeChannel.LETTER and args.out is None:
        print(result.text)
    if result.path is not None:
        print(f"notice written: {result.path}")
    for n in result.notifications:
        state = f"delivered {_time(n.sent_at)}" if n.sent_at else "to deliver"
        print(f"notification {n.id}: {n.recipient_name} ({n.recipient_kind.value}) — {state}")
    if not any(n.sent_at for n in result.notifications):
        print("record each delivery with: ihsa incident delivered NOTIFICATION_ID [--at WHEN]")
    return 0


def _delivered(args: argparse.Namespace) -> int:
    incident = open_workspace(args).incidents.record_delivery(
        args.notification, parse_when(args.at)
    )
    return _print_one(args, incident, "delivery recorded for")


def _overdue(args: argparse.Namespace) -> int:
    incidents = open_workspace(args).incidents.overdue()
    if args.json:
        print_json(incidents)
    elif incidents:
        _print_rows(incidents)
    else:
        print("no overdue notices")
    return 3 if incidents else 0


def _policy(args: argparse.Namespace) -> int:
    service = open_workspace(args).incidents
    current = service.policy()
    changes = (args.hours, args.threshold, args.escalation, args.issuer)
    if any(value is not None for value in changes) or args.no_escalation:
        if args.escalation and args.no_escalation:
            raise ValidationError(
                "--escalation 与 --no-escalation 不能同时使用",
                "--escalation and --no-escalation exclude each other",
            )
        escalation = current.escalation
        if args.escalation:
            escalation = _contact(args.escalation)
        if args.no_escalation:
            escalation = None
        current = service.set_policy(
            NoticePolicy(
                notice_hours=_hours(args.hours, current.notice_hours),
                escalation_threshold=IncidentSeverity(args.threshold)
                if args.threshold
                else current.escalation_threshold,
                escalation=escalation,
                issuer=args.issuer if args.issuer is not None else current.issuer,
            )
        )
    if args.json:
        print_json(current)
        return 0
    print("notice deadlines (hours from discovery):")
    for severity in INCIDENT_SEVERITY_ORDER:
        print(f"  {severity.value:<9}{current.notice_hours[severity]}")
    print(f"escalate at or above: {current.escalation_threshold.value}")
    person = current.escalation
    print(
        "escalation recipient: "
        + (
            ", ".join(p for p in (person.name, person.role, person.phone, person.email) if p)
            if person
            else "not set"
        )
    )
    print(f"issuer: {current.issuer or 'not set'}")
    if current.updated_by:
        print(f"last changed by {current.updated_by} at {_time(current.updated_at)}")
    return 0


# -- output ---------------------------------------------------------------------------------


def _print_one(args: argparse.Namespace, incident: Incident, verb: str) -> int:
    if args.json:
        print_json(incident)
    else:
        overdue = _overdue_text(incident)
        print(
            f"incident {incident.id} {verb}: {incident.title} "
            f"[{incident.status.value}, notice due {_time(incident.notice_due_at)}"
            + (f", {overdue}" if overdue else "")
            + "]"
        )
    return 0


def _print_rows(incidents: list[Incident]) -> None:
    lang = language()
    print_table(
        ["id", "discovered", "organisation", "title", "category", "severity", "status", "due"],
        [
            (
                i.id,
                _time(i.discovered_at),
                i.organisation_name,
                i.title,
                name(CATEGORY_SHORT, i.category, lang),
                name(SEVERITY_NAMES, i.severity, lang),
                name(STATUS_NAMES, i.status, lang),
                _overdue_text(i) or _time(i.notice_due_at),
            )
            for i in incidents
        ],
    )


def _overdue_text(incident: Incident) -> str:
    return ", ".join(name(OVERDUE_NAMES, kind) for kind in incident.overdue)


def _time(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


def _contact(text: str) -> Contact:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 4 or not parts[0]:
        raise ValidationError(
            f"上报对象格式应为 名称,职务,电话,邮箱：{text}",
            f"the escalation recipient is written NAME,ROLE,PHONE,EMAIL: {text}",
        )
    parts += [""] * (4 - len(parts))
    return Contact(*parts)


def _hours(text: str | None, current: dict[IncidentSeverity, int]) -> dict[IncidentSeverity, int]:
    hours = dict(current)
    if text is None:
        return hours
    for part in text.split(","):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in {s.value for s in IncidentSeverity}:
            raise ValidationError(
                f"时限格式应为 级别=小时（critical/high/medium/low）：{part}",
                f"deadlines are written SEVERITY=HOURS (critical/high/medium/low): {part}",
            )
        try:
            hours[IncidentSeverity(key)] = int(value.strip())
        except ValueError:
            raise ValidationError(
                f"时限须为整数小时：{part}", f"a deadline is a whole number of hours: {part}"
            ) from None
    return hours
