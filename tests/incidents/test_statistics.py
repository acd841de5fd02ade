"""Periodic statistics: periods, figures from crafted data, the PDF and its JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.cli.output import to_jsonable
from app.db.rows import CaseRow, RectificationRow
from app.domain.enums import CaseStatus, CaseType, IncidentSeverity, NoticeChannel, Result
from app.errors import JobCancelled, ValidationError
from app.jobs import CancelToken
from app.services.cases import NewCase
from app.services.incidents import NoticeRequest
from app.services.statistics import (
    Period,
    compute_statistics,
    parse_period,
    period_between,
    write_statistics_report,
)
from app.services.workspace import Workspace
from tests.helpers import answer_every_item
from tests.incidents.conftest import Hospital, hours_ago, incident_input


def test_periods() -> None:
    assert parse_period("2026-Q3") == Period(date(2026, 7, 1), date(2026, 10, 1), "2026-Q3")
    assert parse_period("2026q4").end == date(2027, 1, 1)
    assert parse_period("2026-02") == Period(date(2026, 2, 1), date(2026, 3, 1), "2026-02")
    assert parse_period("2026").end == date(2027, 1, 1)
    assert period_between(date(2026, 1, 5), date(2026, 1, 5)).end == date(2026, 1, 6)
    for bad in ("2026-Q5", "2026-13", "Q3", "", "26-07"):
        with pytest.raises(ValidationError):
            parse_period(bad)
    with pytest.raises(ValidationError, match="before the start"):
        period_between(date(2026, 2, 1), date(2026, 1, 1))


def this_month() -> Period:
    """The last 40 days: whatever the tests record (up to 30 hours back) falls inside."""
    return period_between(date.today() - timedelta(days=40), date.today())


def concluded_case(workspace: Workspace, hospital: Hospital, result: Result, kind: CaseType) -> int:
    case = workspace.cases.create(
        NewCase(hospital.org.id, kind, "张检查", application_id=hospital.app.id)
    )
    answer_every_item(workspace, case.id, result)
    workspace.cases.set_status(case.id, CaseStatus.SUBMITTED)
    return case.id


def test_assessment_figures_count_only_concluded_official_cases(
    workspace: Workspace, hospital: Hospital
) -> None:
    concluded_case(workspace, hospital, Result.PASS, CaseType.PERIODIC)
    failing = concluded_case(workspace, hospital, Result.FAIL, CaseType.SPOT_CHECK)
    concluded_case(workspace, hospital, Result.FAIL, CaseType.SELF_ASSESSMENT)  # not a grade
    workspace.cases.create(NewCase(hospital.org.id, CaseType.INITIAL, "张检查"))  # a draft
    old = workspace.cases.create(NewCase(hospital.org.id, CaseType.INITIAL, "张检查"))
    with workspace.session() as session:  # assessed long before the period
        session.get(CaseRow, old.id).assessment_date = date(2020, 1, 1)  # type: ignore[union-attr]

    a = compute_statistics(workspace, this_month()).assessments
    assert a.total == 4
    assert a.by_type["self_assessment"] == 1 and a.by_type["initial"] == 1
    assert a.by_status["submitted"] == 3 and a.by_status["draft"] == 1
    assert a.concluded == 2
    assert a.grades == {"A": 1, "B": 0, "C": 1}
    assert a.score_max == 100.0 and a.score_min == 0.0 and a.score_mean == 50.0
    assert a.score_bins[0] == 1 and a.score_bins[-1] == 1
    assert sum(p.cases for p in a.trend) == 2
    failed_ids = {f.item_id for f in a.most_failed}
    pack = workspace.assessment.pack(failing)
    assert failed_ids <= {item.id for item in pack.items} and len(a.most_failed) == 10
    assert all(f.fail == 1 for f in a.most_failed)  # the self-assessment is not counted
    assert a.most_failed[0].title["zh"] == pack.item(a.most_failed[0].item_id).title["zh"]


def apk_result(sha: str, cert: str, version: str, packers: list[str], obfuscated: bool) -> dict:
    return {
        "file": {"name": f"{sha[:4]}.apk", "size": 1, "sha256": sha},
        "package": "cn.example.a",
        "version_code": 10,
        "packers": [{"id": p, "name": p} for p in packers],
        "checks": {"obfuscation": {"result": obfuscated}},
        "completeness": {"packed": bool(packers)},
        "consistency": {"cert": cert, "version": version, "package": "match", "tampered": False},
    }


def test_apk_facts_count_each_file_once(workspace: Workspace) -> None:
    record = workspace.cases.record_apk_analysis
    record(None, apk_result("a" * 64, "mismatch", "current", [], False))
    record(None, apk_result("a" * 64, "mismatch", "outdated", [], True))  # newer result wins
    record(None, apk_result("b" * 64, "match", "current", ["Jiagu"], False))
    record(None, apk_result("c" * 64, "unknown", "unknown", [], False) | {"consistency": None})
    apk = compute_statistics(workspace, this_month()).apk
    assert apk.files == 3 and apk.compared == 2
    assert (apk.counterfeit, apk.outdated, apk.tampered) == (1, 1, 0)
    assert (apk.packed, apk.obfuscated_only, apk.unprotected) == (1, 1, 1)
    assert apk.packers == {"Jiagu": 1}
    assert [f.problems for f in apk.flagged] == [["counterfeit", "outdated"]]


def test_rectifications_as_of_the_end_of_the_period(
    workspace: Workspace, hospital: Hospital
) -> None:
    case = workspace.cases.create(NewCase(hospital.org.id, CaseType.INITIAL, "张检查"))
    today = date.today()
    with workspace.session() as session:
        for number, (status, due, closed) in enumerate(
            (
                ("open", today - timedelta(days=3), None),  # overdue
                ("open", today + timedelta(days=3), None),  # open, not due
                ("fixed", today - timedelta(days=3), None),  # awaits the check: open, not overdue
                ("verified", today - timedelta(days=3), datetime.now(UTC)),  # closed
            )
        ):
            session.add(
                RectificationRow(
                    case_id=case.id,
                    source_key=f"item:IH-TEST-{number}",
                    severity="high",
                    title="整改",
                    due_date=due,
                    status=status,
                    closed_at=closed,
                )
            )
    r = compute_statistics(workspace, this_month()).rectifications
    assert (r.created, r.closed, r.open_at_end, r.overdue_at_end) == (4, 1, 3, 1)
    assert r.open_by_severity == {"high": 3}
    earlier = parse_period(str(today.year - 1))  # nothing existed yet
    assert compute_statistics(workspace, earlier).rectifications.created == 0


def test_incident_timeliness(workspace: Workspace, hospital: Hospital) -> None:
    service = workspace.incidents

    def phone(incident_id: int, delivered: datetime) -> None:
        service.notify(
            incident_id,
            NoticeRequest(channel=NoticeChannel.PHONE, contacts=("王敏",), delivered_at=delivered),
        )

    on_time = service.add(incident_input(hospital, discovered=hours_ago(30)))
    phone(on_time.id, hours_ago(29))
    late = service.add(incident_input(hospital, discovered=hours_ago(30)))
    phone(late.id, hours_ago(2))
    service.add(incident_input(hospital, discovered=hours_ago(30), category="outage"))
    service.add(incident_input(hospital, discovered=hours_ago(1), severity=IncidentSeverity.HIGH))
    i = compute_statistics(workspace, this_month()).incidents
    assert i.total == 4
    assert (i.notice_on_time, i.notice_late, i.notice_missing, i.notice_pending) == (1, 1, 1, 1)
    assert i.median_hours_to_notice == pytest.approx(14.5, abs=0.1)
    assert i.by_category["counterfeit_app"] == 3 and i.by_category["outage"] == 1
    assert i.by_severity == {"critical": 0, "high": 1, "medium": 3, "low": 0}
    assert (i.escalation_required, i.escalated) == (1, 0)
    assert [x.id for x in i.overdue] == [3]


def test_report_pdf_and_json(workspace: Workspace, hospital: Hospital, tmp_path: Path) -> None:
    concluded_case(workspace, hospital, Result.PARTIAL, CaseType.PERIODIC)
    workspace.incidents.add(incident_input(hospital))
    stages: list[str] = []
    out = tmp_path / "stats.pdf"
    stats, path = write_statistics_report(
        workspace, this_month(), out, lang="en", progress=lambda f, s="": stages.append(s)
    )
    assert path == out and out.read_bytes().startswith(b"%PDF")
    assert "charts" in stages and stages[-1] == "done"
    figures = json.loads(json.dumps(to_jsonable(stats)))
    assert figures["incidents"]["total"] == 1 and figures["assessments"]["concluded"] == 1
    if shutil.which("pdffonts") and shutil.which("pdftotext"):
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
        assert "TrueType" in fonts and all(
            line.split()[-5] == "yes" for line in fonts.splitlines()[2:]
        )  # every font embedded
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "Internet Hospital Security Statistics Report" in text
        assert "Figure 1" in text and "甲医院" not in text  # no overdue incident yet


def test_an_empty_period_still_gives_a_report(workspace: Workspace, tmp_path: Path) -> None:
    stats, path = write_statistics_report(workspace, parse_period("2001"), tmp_path / "e.pdf")
    assert stats.empty and path.stat().st_size > 1000


def test_cancel_leaves_no_file(workspace: Workspace, tmp_path: Path) -> None:
    token = CancelToken()

    def cancel_at_charts(fraction: float, stage: str = "") -> None:
        if stage == "charts":
            token.cancel()

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(JobCancelled):
        write_statistics_report(
            workspace, this_month(), folder / "x.pdf", progress=cancel_at_charts, cancel=token
        )
    assert list(folder.iterdir()) == []
