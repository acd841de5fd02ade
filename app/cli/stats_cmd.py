"""ihsa stats show|report: periodic statistics as text, JSON or a PDF with charts."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from app.cli.common import open_workspace
from app.cli.output import print_json, print_table
from app.domain.enums import INCIDENT_SEVERITY_ORDER, Grade
from app.errors import ValidationError
from app.i18n import language
from app.report.incident_texts import CATEGORY_SHORT, SEVERITY_NAMES, name
from app.services.cases import parse_date
from app.services.statistics import (
    Period,
    Statistics,
    compute_statistics,
    current_quarter,
    parse_period,
    period_between,
    write_statistics_report,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "stats",
        help="periodic statistics (定期统计)",
        description="Statistics for a period: assessments by type and status, grades and "
        "scores, most-failed checklist items, APK consistency and hardening, rectifications, "
        "incidents and notice timeliness. The default period is the current quarter.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the figures", description="Print the figures.")
    _period_options(show)
    show.add_argument("--json", action="store_true", help="print JSON instead of text")
    show.set_defaults(func=_show)
    report = actions.add_parser(
        "report",
        help="write the PDF report with charts",
        description="Write the statistics report as a PDF with charts.",
    )
    _period_options(report)
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    report.add_argument(
        "--report-lang",
        choices=["zh", "en"],
        help="report language (default: the global --lang, else Chinese)",
    )
    report.add_argument("--json", action="store_true", help="also print the figures as JSON")
    report.set_defaults(func=_report)


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--period", metavar="PERIOD", help="2026-Q3, 2026-07 or 2026 (default: this quarter)"
    )
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day (included)")


def period_of(args: argparse.Namespace) -> Period:
    ranged = args.date_from is not None or args.date_to is not None
    if args.period and ranged:
        raise ValidationError(
            "--period 与 --from/--to 不能同时使用", "use either --period or --from/--to, not both"
        )
    if ranged:
        if args.date_from is None or args.date_to is None:
            raise ValidationError(
                "--from 与 --to 须同时给出", "--from and --to must be given together"
            )
        return period_between(parse_date(args.date_from), parse_date(args.date_to))
    return parse_period(args.period) if args.period else current_quarter()


def _show(args: argparse.Namespace) -> int:
    stats = compute_statistics(open_workspace(args), period_of(args))
    if args.json:
        print_json(stats)
        return 0
    _print_text(stats)
    return 0


def _report(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    stats, path = write_statistics_report(
        open_workspace(args),
        period_of(args),
        args.out,
        lang=args.report_lang or language(),
    )
    if args.json:
        print_json(stats)
        return 0
    print(f"statistics report written: {path} ({time.perf_counter() - started:.1f} s)")
    return 0


def _print_text(stats: Statistics) -> None:
    lang = language()
    p = stats.period
    a, apk, r, i = stats.assessments, stats.apk, stats.rectifications, stats.incidents
    print(f"period {p.label}: {p.start} to {p.last_day}")
    print(f"assessments: {a.total} ({', '.join(f'{k} {v}' for k, v in a.by_type.items() if v)})")
    print(f"  by status: {', '.join(f'{k} {v}' for k, v in a.by_status.items() if v) or '—'}")
    print(f"  concluded official: {a.concluded}")
    if a.score_mean is not None:
        print(
            f"  score mean {a.score_mean:.1f}, median {a.score_median:.1f}, "
            f"range {a.score_min:.1f}–{a.score_max:.1f}"
        )
        print(f"  grades: {', '.join(f'{g.value} {a.grades[g.value]}' for g in Grade)}")
    if a.most_failed:
        print("  most failed items:")
        print_table(
            ["  item", "fail", "partial"],
            [(f"  {f.item_id}", f.fail, f.partial) for f in a.most_failed],
        )
    print(
        f"APK files: {apk.files} (compared {apk.compared}): counterfeit {apk.counterfeit}, "
        f"tampered {apk.tampered}, other package {apk.package_mismatch}, outdated {apk.outdated}"
    )
    print(
        f"  packed {apk.packed}, obfuscated only {apk.obfuscated_only}, "
        f"unprotected {apk.unprotected}"
    )
    print(
        f"rectifications: raised {r.created}, closed {r.closed}, open {r.open_at_end}, "
        f"overdue {r.overdue_at_end}"
    )
    print(f"incidents: {i.total}")
    if i.total:
        print(
            "  by severity: "
            + ", ".join(
                f"{name(SEVERITY_NAMES, s, lang)} {i.by_severity[s.value]}"
                for s in INCIDENT_SEVERITY_ORDER
            )
        )
        print(
            "  by category: "
            + ", ".join(
                f"{name(CATEGORY_SHORT, k, lang)} {v}" for k, v in i.by_category.items() if v
            )
        )
        print(
            f"  notices: on time {i.notice_on_time}, late {i.notice_late}, overdue "
            f"{i.notice_missing}, not yet due {i.notice_pending}; escalated "
            f"{i.escalated}/{i.escalation_required}"
        )
    if i.overdue:
        print(f"  now overdue: {', '.join(str(x.id) for x in i.overdue)}")
