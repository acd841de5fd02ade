"""The hash-chained audit log: what it records, and what verify detects."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli.main import main
from app.domain.enums import AnswerSource, CaseType, Result
from app.errors import ValidationError
from app.security import audit
from app.services.cases import NewCase
from app.services.workspace import Workspace
from tests.accounts.conftest import CODE


def _case(ws: Workspace) -> int:
    organisation = ws.organisations.add("甲医院", CODE)
    return ws.cases.create(NewCase(organisation.id, CaseType.INITIAL, assessor="张检查")).id


def _sql(ws: Workspace, statement: str, **params: object) -> None:
    with ws.engine.begin() as connection:
        connection.execute(text(statement), params)


def test_every_change_is_recorded_with_its_case(workspace: Workspace, tmp_path: Path) -> None:
    case_id = _case(workspace)
    workspace.cases.set_answer(case_id, "IH-AUTH-01", Result.FAIL, note="弱口令可登录")
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"screen " * 1000)
    evidence = workspace.evidence.add(case_id, shot)
    workspace.cases.record_apk_analysis(case_id, {"file": {"name": "a.apk"}, "big": "x" * 5000})
    events = workspace.audit.list(case_id=case_id, newest_first=False)
    seen = [(e.action, e.entity) for e in events]
    assert ("insert", "cases") in seen and ("insert", "answers") in seen
    assert ("update", "cases") in seen  # status and score moved with the answer
    assert ("insert", "evidence") in seen and ("insert", "apk_analyses") in seen
    assert all(e.details["case_id"] == case_id for e in events)
    answer = next(e for e in events if e.entity == "answers")
    assert answer.details["values"]["note"] == "弱口令可登录"
    attached = next(e for e in events if e.entity == "evidence")
    assert attached.entity_id == str(evidence.id)
    assert attached.details["values"]["sha256"] == evidence.sha256
    analysis = next(e for e in events if e.entity == "apk_analyses")
    assert set(analysis.details["values"]["result"]) == {"sha256"}  # not the whole JSON
    assert not workspace.audit.list(entity="evidence_blobs")
    workspace.cases.set_answer(case_id, "IH-AUTH-01", Result.PASS, note="弱口令可登录")
    change = workspace.audit.list(case_id=case_id, entity="answers", limit=1)[0]
    assert change.action == "update"
    assert change.details["changes"] == {"result": ["fail", "pass"]}
    assert workspace.audit.verify().intact


def test_a_closed_workspace_is_freed(tmp_path: Path) -> None:
    """The audit listener must not keep workspaces alive (a GUI reopening its data
    folder again and again, or a long test run, would otherwise keep them all)."""
    ws = Workspace.open(data_dir=tmp_path / "data")
    ws.organisations.add("甲医院", CODE)
    ws.close()
    gone = weakref.ref(ws)
    del ws
    gc.collect()
    assert gone() is None


def test_a_refused_change_leaves_no_event(workspace: Workspace) -> None:
    case_id = _case(workspace)
    before = len(workspace.audit.list())
    with pytest.raises(ValidationError):
        workspace.cases.set_answer(
            case_id, "IH-AUTH-01", Result.PASS, source=AnswerSource.OVERRIDE, override_reason=""
        )
    assert len(workspace.audit.list()) == before
    assert workspace.audit.verify().intact


@pytest.fixture
def logged(workspace: Workspace) -> Workspace:
    """A workspace with a dozen events, verified (so the anchor is at the head)."""
    case_id = _case(workspace)
    for item in ("IH-AUTH-01", "IH-AUTH-02", "IH-AUTH-03"):
        workspace.cases.set_answer(case_id, item, Result.PASS)
    report = workspace.audit.verify()
    assert report.intact and report.events >= 8 and report.anchor_id == report.head_id
    return workspace


def test_verify_finds_an_edited_event(logged: Workspace) -> None:
    _sql(logged, "UPDATE audit_events SET actor = 'mallory' WHERE id = 3")
    problem = logged.audit.verify().problem
    assert problem is not None and (problem.event_id, problem.kind) == (3, "altered")


def test_verify_finds_edited_details(logged: Workspace) -> None:
    _sql(logged, "UPDATE audit_events SET details = '{\"case_id\": 1}' WHERE id = 5")
    problem = logged.audit.verify().problem
    assert problem is not None and (problem.event_id, problem.kind) == (5, "altered")


def test_verify_finds_a_deleted_event(logged: Workspace) -> None:
    _sql(logged, "DELETE FROM audit_events WHERE id = 4")
    problem = logged.audit.verify().problem
    assert problem is not None and (problem.event_id, problem.kind) == (5, "missing")
    assert "#4" in problem.message()


def test_verify_finds_reordered_events(logged: Workspace) -> None:
    for old, new in ((3, -3), (4, 3), (-3, 4)):
        _sql(logged, "UPDATE audit_events SET id = :new WHERE id = :old", new=new, old=old)
    problem = logged.audit.verify().problem
    assert problem is not None and (problem.event_id, problem.kind) == (3, "out_of_order")


def test_verify_finds_the_newest_events_cut_off(logged: Workspace) -> None:
    head = logged.audit.verify().head_id
    _sql(logged, "DELETE FROM audit_events WHERE id > :keep", keep=head - 2)
    report = logged.audit.verify()
    assert report.problem is not None and report.problem.kind == "truncated"
    assert f"#{head}" in report.problem.message()


def test_a_cut_no_anchor_saw_goes_unnoticed(logged: Workspace) -> None:
    """The honest limit: without this workstation's anchor a cut tail looks complete."""
    head = logged.audit.verify().head_id
    logged.audit_anchor.path.unlink()
    _sql(logged, "DELETE FROM audit_events WHERE id > :keep", keep=head - 2)
    report = logged.audit.verify()
    assert report.intact and report.head_id == head - 2


def test_verify_finds_a_chain_rewritten_with_fresh_hashes(logged: Workspace) -> None:
    """Someone who edits an event and re-hashes everything after it is caught by the anchor."""
    _sql(logged, "UPDATE audit_events SET actor = 'mallory' WHERE id = 2")
    with logged.engine.begin() as connection:
        rows = connection.execute(text("SELECT id FROM audit_events ORDER BY id")).all()
    previous = ""
    for (event_id,) in rows:
        with logged.session() as session:
            event = next(e for e in audit.events(session) if e.id == event_id)
        digest = audit.canonical_hash(
            previous,
            event.at,
            event.actor,
            event.action,
            event.entity,
            event.entity_id,
            event.details,
        )
        _sql(
            logged,
            "UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i",
            p=previous,
            h=digest,
            i=event_id,
        )
        previous = digest
    problem = logged.audit.verify().problem
    assert problem is not None and problem.kind == "rewritten"


def test_the_anchor_only_moves_forward_and_survives_damage(logged: Workspace) -> None:
    anchor = logged.audit_anchor
    head = anchor.read()
    assert head is not None
    anchor.advance(1, "0" * 64)
    assert anchor.read() == head
    anchor.path.write_text("{not json", encoding="utf-8")
    assert anchor.read() is None
    assert logged.audit.verify().intact and anchor.read() == head


def test_cli_verify_exits_1_at_the_first_broken_link(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "cli")
    base = ["--db", db_url, "--data-dir", data]
    assert main([*base, "demo"]) == 0
    assert main([*base, "audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    ws = Workspace.open(db_url, data_dir=tmp_path / "cli")
    _sql(ws, "UPDATE audit_events SET entity_id = '99' WHERE id = 7")
    ws.close()
    assert main([*base, "audit", "verify"]) == 1
    assert "#7" in capsys.readouterr().out
    assert main([*base, "audit", "list", "--case", "1", "--json"]) == 0
    assert '"case_id": 1' in capsys.readouterr().out


def test_concurrent_writers_on_a_server_keep_one_chain(pg_url: str, tmp_path: Path) -> None:
    """Four workstations saving answers at once: the chain neither forks nor breaks."""
    stations = [Workspace.open(pg_url, data_dir=tmp_path / f"station{i}") for i in range(4)]
    organisation = stations[0].organisations.add("甲医院", CODE)
    cases = [
        ws.cases.create(NewCase(organisation.id, CaseType.INITIAL, assessor=f"检查员{i}")).id
        for i, ws in enumerate(stations)
    ]
    items = [item.id for item in stations[0].assessment.pack(cases[0]).items[:12]]
    errors: list[BaseException] = []
    start = threading.Barrier(len(stations))

    def save(ws: Workspace, case_id: int) -> None:
        try:
            start.wait()
            for item in items:
                ws.cases.set_answer(case_id, item, Result.PARTIAL)
        except BaseException as err:  # reported below, with the thread's own error
            errors.append(err)

    threads = [
        threading.Thread(target=save, args=pair) for pair in zip(stations, cases, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = stations[0].audit.verify()
    assert report.intact, report.problem
    inserts = stations[0].audit.list(entity="answers", action="insert")
    assert len(inserts) == len(stations) * len(items)
    assert report.events == report.head_id  # ids 1..N without a gap
    for ws in stations:
        ws.close()
