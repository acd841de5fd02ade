"""Roles enforced in the services: each protected action refused to the wrong person."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.enums import CaseStatus, CaseType, Result, Role
from app.security.access import PermissionDenied
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from tests.accounts.conftest import Office
from tests.helpers import answer_every_item

APK_RESULT = {"file": {"name": "a.apk", "sha256": "ab" * 32}, "rule_status": {}, "findings": []}


def _submitted(office: Office) -> int:
    ws = office.as_user("zhang")
    answer_every_item(ws, office.case_id)
    ws.cases.set_status(office.case_id, CaseStatus.SUBMITTED)
    return office.case_id


@pytest.mark.parametrize("who", ["zhao", "wu"])
def test_only_the_case_assessor_changes_its_answers_evidence_and_apk_results(
    office: Office, who: str, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"screen")
    ws = office.as_user(who)
    case_id = office.case_id
    refused = [
        lambda: ws.cases.set_answer(case_id, "IH-AUTH-01", Result.PASS),
        lambda: ws.assessment.import_answers(case_id, {"IH-AUTH-01": "pass"}),
        lambda: ws.assessment.apply_apk_result(case_id, APK_RESULT),
        lambda: ws.cases.record_apk_analysis(case_id, APK_RESULT),
        lambda: ws.evidence.add(case_id, shot),
        lambda: ws.cases.set_status(case_id, CaseStatus.SUBMITTED),
        lambda: ws.cases.update_info(
            case_id, application_id=None, case_type=CaseType.INITIAL, assessor=who
        ),
    ]
    for action in refused:
        with pytest.raises(PermissionDenied, match="zhang"):
            action()
    office.as_user("zhang")
    evidence = ws.evidence.add(case_id, shot)
    ws.cases.set_answer(case_id, "IH-AUTH-01", Result.PASS)
    office.as_user(who)
    with pytest.raises(PermissionDenied):
        ws.evidence.remove(evidence.id)
    office.as_user("alice")  # an admin may correct a case
    ws.evidence.remove(evidence.id)
    ws.cases.set_answer(case_id, "IH-AUTH-01", Result.FAIL)


def test_approving_is_for_the_named_reviewer_never_the_assessor(office: Office) -> None:
    case_id = _submitted(office)
    ws = office.workspace
    for who, why in (("zhang", "复核员角色"), ("wu", "zhao"), ("alice", "zhao")):
        office.as_user(who)
        with pytest.raises(PermissionDenied, match=why):
            ws.cases.set_status(case_id, CaseStatus.APPROVED)
    office.as_user("zhao")
    assert ws.cases.set_status(case_id, CaseStatus.APPROVED).status == CaseStatus.APPROVED
    office.as_user("zhang")
    with pytest.raises(PermissionDenied):
        ws.cases.set_status(case_id, CaseStatus.ARCHIVED)
    office.as_user("alice")
    assert ws.cases.set_status(case_id, CaseStatus.ARCHIVED).status == CaseStatus.ARCHIVED


def test_a_reviewer_cannot_review_a_case_they_assess(office: Office) -> None:
    ws = office.as_user("zhao")  # assessor and reviewer
    own = ws.cases.create(NewCase(office.organisation_id, CaseType.INITIAL, assessor="zhao"))
    answer_every_item(ws, own.id)
    ws.cases.set_status(own.id, CaseStatus.SUBMITTED)
    with pytest.raises(PermissionDenied, match="不能复核自己"):
        ws.cases.set_status(own.id, CaseStatus.APPROVED)
    with pytest.raises(PermissionDenied, match="不能复核自己"):
        ws.cases.set_status(own.id, CaseStatus.IN_PROGRESS)  # sending back is a review too
    office.as_user("wu")
    assert ws.cases.set_status(own.id, CaseStatus.IN_PROGRESS).status == CaseStatus.IN_PROGRESS


def test_opening_cases_names_real_accounts_in_their_roles(office: Office) -> None:
    ws = office.as_user("zhang")
    new = NewCase(office.organisation_id, CaseType.INITIAL, assessor="zhao")
    with pytest.raises(PermissionDenied, match="自己"):
        ws.cases.create(new)
    with pytest.raises(PermissionDenied, match="复核员"):
        ws.cases.create(NewCase(office.organisation_id, CaseType.INITIAL, "zhang", reviewer="张"))
    office.as_user("wu")
    with pytest.raises(PermissionDenied, match="评估员"):
        ws.cases.create(NewCase(office.organisation_id, CaseType.INITIAL, assessor="wu"))
    office.as_user("alice")  # an admin assigns cases to assessors
    assert ws.cases.create(new).assessor == "zhao"
    with pytest.raises(PermissionDenied, match="评估员"):
        ws.cases.create(NewCase(office.organisation_id, CaseType.INITIAL, assessor="wu"))


def test_registers_are_kept_by_reviewers_and_admins(office: Office) -> None:
    ws = office.as_user("zhang")
    with pytest.raises(PermissionDenied, match="管理员、复核员"):
        ws.organisations.add("乙医院", "91350100M000100Y43")
    app = ApplicationInput(office.organisation_id, "云医院", "cn.example.app")
    with pytest.raises(PermissionDenied):
        ws.applications.add(app)
    office.as_user("wu")
    added = ws.applications.add(app)
    ws.organisations.update(
        office.organisation_id, name="甲医院（总院）", credit_code_text="123301004700123455"
    )
    office.as_user("zhang")
    with pytest.raises(PermissionDenied):
        ws.applications.update(added.id, app)


def test_user_management_is_for_admins(office: Office) -> None:
    ws = office.as_user("zhao")
    for action in (
        lambda: ws.accounts.create("li", "Another#Pass-99", [Role.ASSESSOR]),
        lambda: ws.accounts.set_roles("zhang", [Role.REVIEWER]),
        lambda: ws.accounts.set_active("zhang", False),
        lambda: ws.accounts.reset_password("zhang", "Another#Pass-99"),
    ):
        with pytest.raises(PermissionDenied, match="管理员"):
            action()


def test_nobody_signed_in_may_read_but_not_change(office: Office) -> None:
    ws = office.workspace
    ws.accounts.sign_out()
    assert ws.cases.get(office.case_id).assessor == "zhang"
    with pytest.raises(PermissionDenied, match="登录"):
        ws.cases.set_answer(office.case_id, "IH-AUTH-01", Result.PASS)
    assert "sign_out" in [e.action for e in ws.audit.list(entity="users")]


def test_only_the_assessor_signs_and_only_the_reviewer_countersigns(
    office: Office, tmp_path: Path
) -> None:
    from app.security.keystore import create_self_signed
    from app.services.reports import countersign_report, generate_report

    if office.workspace.engine.dialect.name != "sqlite":
        pytest.skip("rendering and signing are the same on both databases (about 2 s)")
    identity = create_self_signed("张检查", tmp_path / "a.p12", "correct horse 42")
    case_id = _submitted(office)
    ws = office.workspace
    out = tmp_path / "report.pdf"
    for who in ("zhao", "alice"):
        office.as_user(who)
        with pytest.raises(PermissionDenied, match="签署"):
            generate_report(ws, case_id, out, identity=identity)
    office.as_user("zhang")
    generate_report(ws, case_id, out, identity=identity)
    for who, why in (("zhang", "复核员角色"), ("wu", "zhao")):
        office.as_user(who)
        with pytest.raises(PermissionDenied, match=why):
            countersign_report(ws, out, identity, tmp_path / "twice.pdf")
    office.as_user("zhao")
    countersign_report(ws, out, identity, tmp_path / "twice.pdf")
    signed = ws.audit.list(case_id=case_id, action="report_signed")
    assert [e.actor for e in signed] == ["zhao", "zhang"]
