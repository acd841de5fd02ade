"""Organisations, applications, cases and answers through the services."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from app.domain import credit_code
from app.domain.enums import AnswerSource, CaseStatus, CaseType, Grade, Result
from app.domain.models import CaseFilter, Contact
from app.errors import ConflictError, KnownError, NotFoundError, ValidationError
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.workspace import Workspace
from tests.helpers import answer_every_item

CODE_A = "123301004700123455"
CODE_B = "91350100M000100Y43"
CERT = "AB:" * 31 + "AB"


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("12330100470012345", "18"),
        ("12330100470012345I", "I"),
        ("123301004700123456", "校验位"),
    ],
)
def test_credit_code_problems_are_specific(code: str, why: str) -> None:
    problem = credit_code.problem(code)
    assert problem is not None and why in problem[0]


def test_real_credit_codes_validate() -> None:
    assert credit_code.problem(CODE_B) is None
    assert credit_code.problem(" 91110000600037341l ") is None  # spaces and case forgiven


def test_organisation_add_list_update(workspace: Workspace) -> None:
    org = workspace.organisations.add(
        " 甲医院 ", CODE_A, level="三级甲等", contacts=[Contact("王敏", "科长", "123")]
    )
    assert org.name == "甲医院" and org.contacts[0].name == "王敏"
    with pytest.raises(ConflictError):
        workspace.organisations.add("重复", CODE_A)
    with pytest.raises(ValidationError):
        workspace.organisations.add("坏代码", "123301004700123456")
    updated = workspace.organisations.update(org.id, name="甲医院（总院）", credit_code_text=CODE_A)
    assert updated.contacts == ()
    assert [o.name for o in workspace.organisations.list()] == ["甲医院（总院）"]
    with pytest.raises(NotFoundError):
        workspace.organisations.get(999)


def test_application_validation(workspace: Workspace) -> None:
    org = workspace.organisations.add("甲医院", CODE_A)
    app = workspace.applications.add(
        ApplicationInput(
            org.id,
            "云医院",
            "cn.example.app",
            official_cert_sha256=[CERT, CERT.lower()],
            official_version_code=12,
            channels=[" 华为 ", ""],
        )
    )
    assert app.official_cert_sha256 == ("ab" * 32,)
    assert app.channels == ("华为",)
    bad_inputs = [
        ApplicationInput(org.id, "x", "not a package"),
        ApplicationInput(org.id, "x", "cn.example.x", official_cert_sha256=["1234"]),
        ApplicationInput(org.id, "x", "cn.example.x", official_version_code=0),
        ApplicationInput(org.id, "", "cn.example.x"),
    ]
    for data in bad_inputs:
        with pytest.raises(ValidationError):
            workspace.applications.add(data)
    with pytest.raises(ConflictError):
        workspace.applications.add(ApplicationInput(org.id, "again", "cn.example.app"))
    with pytest.raises(NotFoundError):
        workspace.applications.add(ApplicationInput(999, "x", "cn.example.y"))
    assert [a.id for a in workspace.applications.list(org.id)] == [app.id]


@pytest.fixture
def case_setup(workspace: Workspace) -> tuple[Workspace, int, int]:
    org = workspace.organisations.add("甲医院", CODE_A)
    app = workspace.applications.add(ApplicationInput(org.id, "云医院", "cn.example.app"))
    return workspace, org.id, app.id


def test_case_creation_and_filters(case_setup: tuple[Workspace, int, int]) -> None:
    ws, org_id, app_id = case_setup
    other = ws.organisations.add("乙医院", CODE_B)
    first = ws.cases.create(
        NewCase(org_id, CaseType.INITIAL, "张三", app_id, assessment_date=date(2026, 1, 5))
    )
    second = ws.cases.create(
        NewCase(
            other.id,
            CaseType.SELF_ASSESSMENT,
            "李四",
            assessment_date=date(2026, 3, 1),
            site="乙院信息科",
        )
    )
    assert first.status == CaseStatus.DRAFT and first.application_name == "云医院"
    assert [c.id for c in ws.cases.list(CaseFilter(organisation_id=org_id))] == [first.id]
    assert [c.id for c in ws.cases.list(CaseFilter(date_from=date(2026, 2, 1)))] == [second.id]
    assert [c.id for c in ws.cases.list(CaseFilter(text="信息科"))] == [second.id]
    assert [c.id for c in ws.cases.list(CaseFilter(text="乙医院"))] == [second.id]
    assert ws.cases.list(CaseFilter(grade=Grade.A)) == []
    assert {c.id for c in ws.cases.list()} == {first.id, second.id}


def test_case_creation_refuses_bad_references(case_setup: tuple[Workspace, int, int]) -> None:
    ws, org_id, app_id = case_setup
    other = ws.organisations.add("乙医院", CODE_B)
    with pytest.raises(ValidationError):
        ws.cases.create(NewCase(other.id, CaseType.INITIAL, "张三", app_id))
    with pytest.raises(ValidationError):
        ws.cases.create(NewCase(org_id, CaseType.INITIAL, "张三", reviewer="张三"))
    with pytest.raises(ValidationError):
        ws.cases.create(NewCase(org_id, CaseType.INITIAL, "  "))
    with pytest.raises(NotFoundError):
        ws.cases.create(NewCase(999, CaseType.INITIAL, "张三"))
    with pytest.raises(NotFoundError):
        ws.cases.get(999)


def test_status_life_cycle(case_setup: tuple[Workspace, int, int]) -> None:
    ws, org_id, _ = case_setup
    case = ws.cases.create(NewCase(org_id, CaseType.PERIODIC, "张三"))
    with pytest.raises(ConflictError) as info:
        ws.cases.set_status(case.id, CaseStatus.APPROVED)
    assert "draft" in info.value.message("en") and "approved" in info.value.message("en")
    ws.cases.set_status(case.id, CaseStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as refused:  # submitting runs the finish checks
        ws.cases.set_status(case.id, CaseStatus.SUBMITTED)
    assert "IH-AUTH-01" in refused.value.message("en")
    assert ws.cases.get(case.id).status == CaseStatus.IN_PROGRESS
    answer_every_item(ws, case.id)
    case = ws.cases.set_status(case.id, CaseStatus.SUBMITTED)
    assert case.submitted_at is not None and not case.provisional
    case = ws.cases.set_status(case.id, CaseStatus.IN_PROGRESS)  # sent back by the reviewer
    for status in (CaseStatus.SUBMITTED, CaseStatus.APPROVED, CaseStatus.ARCHIVED):
        case = ws.cases.set_status(case.id, status)
    with pytest.raises(ConflictError):
        ws.cases.set_status(case.id, CaseStatus.DRAFT)
    assert ws.cases.get(case.id).status == CaseStatus.ARCHIVED


def test_answers_save_immediately_and_freeze_after_submission(
    case_setup: tuple[Workspace, int, int],
) -> None:
    ws, org_id, _ = case_setup
    case = ws.cases.create(NewCase(org_id, CaseType.INITIAL, "张三"))
    ws.cases.set_answer(case.id, "IH-AUTH-01", Result.PASS, note="双因素")
    ws.cases.set_answer(case.id, "IH-AUTH-01", Result.PARTIAL, note="仅医生端")
    ws.cases.set_answer(case.id, "IH-AUD-02", Result.NA, justification="无此功能")
    answers = {a.item_id: a for a in ws.cases.answers(case.id)}
    assert answers["IH-AUTH-01"].result == Result.PARTIAL
    assert answers["IH-AUTH-01"].note == "仅医生端"
    assert ws.cases.get(case.id).status == CaseStatus.IN_PROGRESS  # first answer starts work
    with pytest.raises(NotFoundError):  # not an item of the case's pinned pack
        ws.cases.set_answer(case.id, "../etc", Result.PASS)
    others = [i.id for i in ws.assessment.pack(case.id).items]
    ws.assessment.import_answers(
        case.id, {i: "pass" for i in others if i not in {"IH-AUTH-01", "IH-AUD-02"}}
    )
    assert {a.item_id: a.result for a in ws.cases.answers(case.id)}["IH-AUTH-01"] == Result.PARTIAL
    ws.cases.set_status(case.id, CaseStatus.SUBMITTED)
    with pytest.raises(ConflictError):
        ws.cases.set_answer(case.id, "IH-AUTH-01", Result.FAIL)
    assert {a.item_id: a.result for a in ws.cases.answers(case.id)}["IH-AUTH-01"] == Result.PARTIAL


def test_overriding_an_automatic_answer_needs_a_reason(
    case_setup: tuple[Workspace, int, int],
) -> None:
    ws, org_id, _ = case_setup
    case = ws.cases.create(NewCase(org_id, CaseType.INITIAL, "张三"))
    with pytest.raises(ConflictError):
        ws.cases.set_answer(
            case.id, "IH-MOB-01", Result.PASS, source=AnswerSource.OVERRIDE, override_reason="why"
        )
    ws.cases.set_answer(case.id, "IH-MOB-01", Result.FAIL, source=AnswerSource.APK_AUTO)
    with pytest.raises(ValidationError):
        ws.cases.set_answer(case.id, "IH-MOB-01", Result.PASS, source=AnswerSource.OVERRIDE)
    answer = ws.cases.set_answer(
        case.id,
        "IH-MOB-01",
        Result.PASS,
        source=AnswerSource.OVERRIDE,
        override_reason="官方渠道包已加固，检测样本来自旧版",
    )
    assert answer.auto_result == Result.FAIL and answer.result == Result.PASS
    assert answer.override_reason.startswith("官方渠道包")


def test_apk_analysis_is_stored_on_the_case(case_setup: tuple[Workspace, int, int]) -> None:
    ws, org_id, _ = case_setup
    case = ws.cases.create(NewCase(org_id, CaseType.INITIAL, "张三"))
    result = {
        "file": {"name": "a.apk", "sha256": "0" * 64, "size": 1},
        "package": "cn.x",
        "version_code": 3,
        "timings": {"zip": 0.1, "dex": 0.2},
    }
    ws.cases.record_apk_analysis(case.id, result)
    assert ws.cases.apk_analyses(case.id) == [result]


def test_a_second_editor_is_refused(case_setup: tuple[Workspace, int, int]) -> None:
    ws, org_id, _ = case_setup
    case = ws.cases.create(NewCase(org_id, CaseType.INITIAL, "张三"))
    ws.cases.acquire_lock(case.id, "window-1")
    ws.cases.acquire_lock(case.id, "window-1")  # re-entrant for the same window
    with pytest.raises(ConflictError) as info:
        ws.cases.acquire_lock(case.id, "window-2")
    assert "window-1" in info.value.message("en")
    ws.cases.release_lock(case.id, "window-2")  # not the owner: no effect
    with pytest.raises(ConflictError):
        ws.cases.acquire_lock(case.id, "window-2")
    ws.cases.release_lock(case.id, "window-1")
    ws.cases.acquire_lock(case.id, "window-2")


def test_a_second_workspace_on_the_same_database_is_refused_the_lock(
    db_url: str, tmp_path: Path
) -> None:
    """Two assessors' programs on one (shared) database: one editor per case."""
    first = Workspace.open(db_url, tmp_path / "first")
    second = Workspace.open(db_url, tmp_path / "second")
    org = first.organisations.add("甲医院", CODE_A)
    case = first.cases.create(NewCase(org.id, CaseType.INITIAL, "张三"))
    seen_by_second = second.cases.get(case.id)
    assert seen_by_second.created_at == case.created_at  # timestamps round-trip as aware UTC
    assert case.created_at is not None and case.created_at.utcoffset() == timedelta(0)
    first.cases.acquire_lock(case.id, "张三@pc-1")
    with pytest.raises(ConflictError) as info:
        second.cases.acquire_lock(case.id, "李四@pc-2")
    assert "张三@pc-1" in info.value.message("en")
    assert second.assessment.lock_holder(case.id) == "张三@pc-1"
    first.cases.release_lock(case.id, "张三@pc-1")
    second.cases.acquire_lock(case.id, "李四@pc-2")
    assert first.assessment.lock_holder(case.id) == "李四@pc-2"
    first.close()
    second.close()


def test_two_workspaces_claiming_a_case_at_the_same_moment_get_one_lock(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second claim arrives while the first one has read the case but not written.

    Whichever database decides, exactly one claim succeeds and the other is told
    so; neither overwrites the other (PostgreSQL: the first holds the row FOR
    UPDATE and the second times out on it; SQLite: the first's stale write fails).
    """
    first = Workspace.open(db_url, tmp_path / "first")
    org = first.organisations.add("甲医院", CODE_A)
    case = first.cases.create(NewCase(org.id, CaseType.INITIAL, "张三"))
    monkeypatch.setattr("app.db.engine.BUSY_TIMEOUT_MS", 200)  # the second waits briefly
    second = Workspace.open(db_url, tmp_path / "second")
    outcomes: dict[str, str] = {}

    def claim(workspace: Workspace, owner: str) -> None:
        try:
            workspace.cases.acquire_lock(case.id, owner)
            outcomes[owner] = "granted"
        except KnownError as err:
            outcomes[owner] = f"refused: {err.message('en')}"

    def second_claim_in_between(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "FROM cases" in statement and "second" not in outcomes:
            outcomes["second"] = "started"
            claim(second, "second")

    event.listen(first.engine, "after_cursor_execute", second_claim_in_between)
    claim(first, "first")
    event.remove(first.engine, "after_cursor_execute", second_claim_in_between)
    granted = [owner for owner, outcome in outcomes.items() if outcome == "granted"]
    assert len(granted) == 1, outcomes
    assert first.assessment.lock_holder(case.id) == granted[0]
    loser = "second" if granted == ["first"] else "first"
    assert "locked" in outcomes[loser] or "being edited" in outcomes[loser]
    first.close()
    second.close()
