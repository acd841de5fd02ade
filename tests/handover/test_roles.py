"""Who may hand cases over, and what an approved case does to the office's register.

The office has accounts: alice (admin), zhang (assessor), wu (reviewer). Exporting
and importing are for anyone signed in; overwriting a changed local copy, and
importing an approved case (which applies its grade's handling to the register),
are for reviewers and administrators. Inspecting and dry runs need no role.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.rows import ApplicationStatusEventRow, AuditEventRow, CaseHandoverRow, RectificationRow
from app.domain.enums import AppStatus, CaseStatus, Result, Role
from app.errors import ConflictError
from app.security import accounts as passwords
from app.security.access import PermissionDenied
from app.security.keystore import SigningIdentity
from app.services.workspace import Workspace
from tests.handover.conftest import change_answer, make_case, row_counts

PASSWORDS = {"alice": "Chief#Office-2026", "zhang": "Field#Inspect-26", "wu": "Quiet#Review-77"}


@pytest.fixture
def accounts(office: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The office with accounts; signed in as alice, who created them."""
    monkeypatch.setattr(passwords, "CURRENT", passwords.HashParameters(10, 8, 1))
    office.accounts.create("alice", PASSWORDS["alice"], [Role.ADMIN])
    office.accounts.create("zhang", PASSWORDS["zhang"], [Role.ASSESSOR])
    office.accounts.create("wu", PASSWORDS["wu"], [Role.REVIEWER])
    return office


def as_user(ws: Workspace, name: str) -> Workspace:
    ws.accounts.sign_in(name, PASSWORDS[name])
    return ws


def approve(ws: Workspace, case_id: int) -> None:
    """Answer every item (a veto item partial: grade B), submit and approve."""
    items = ws.assessment.pack(case_id).items
    answers = {item.id: "pass" for item in items[3:]}
    answers[[item for item in items if item.veto][-1].id] = "partial"
    ws.assessment.import_answers(case_id, answers)
    ws.cases.set_status(case_id, CaseStatus.SUBMITTED)
    ws.cases.set_status(case_id, CaseStatus.APPROVED)
    assert ws.cases.get(case_id).grade is not None


def _refused_for_role(err: pytest.ExceptionInfo[PermissionDenied], zh: str, en: str) -> None:
    assert zh in err.value.message("zh") and en in err.value.message("en")


def test_signed_out_nobody_exports_or_imports_but_anyone_may_look(
    laptop: Workspace, accounts: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    bundle = tmp_path / "case.ihsa-case"
    laptop.handover.export_case(make_case(laptop, tmp_path / "files"), bundle, identity=identity)
    here = as_user(accounts, "zhang").handover.import_bundle(bundle).case_id
    assert here is not None
    accounts.accounts.sign_out()
    counts = row_counts(accounts)

    with pytest.raises(PermissionDenied) as export:
        accounts.handover.export_case(here, tmp_path / "out.ihsa-case", identity=identity)
    with pytest.raises(PermissionDenied) as imported:
        accounts.handover.import_bundle(bundle)

    for err in (export, imported):
        _refused_for_role(err, "请先登录", "sign in first")
    assert not (tmp_path / "out.ihsa-case").exists() and row_counts(accounts) == counts
    assert accounts.handover.inspect(bundle).case_uid
    assert accounts.handover.import_bundle(bundle, dry_run=True).case == "unchanged"


def test_an_assessor_exports_and_imports_in_their_own_name(
    laptop: Workspace, accounts: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    bundle = tmp_path / "case.ihsa-case"
    laptop.handover.export_case(make_case(laptop, tmp_path / "files"), bundle, identity=identity)
    zhang = as_user(accounts, "zhang")

    result = zhang.handover.import_bundle(bundle)
    back = zhang.handover.export_case(
        result.case_id or 0, tmp_path / "back.ihsa-case", identity=None
    )

    assert result.case == "created"
    assert zhang.handover.inspect(back.path).exported_by == "zhang"
    with accounts.session() as session:
        log = session.scalars(select(CaseHandoverRow).order_by(CaseHandoverRow.id)).all()
        assert [(row.direction, row.actor) for row in log] == [
            ("import", "zhang"),
            ("export", "zhang"),
        ]
        inserted = session.scalars(
            select(AuditEventRow.actor).where(
                AuditEventRow.entity == "answers",
                AuditEventRow.details["case_id"].as_integer() == result.case_id,
            )
        ).all()
        assert inserted and set(inserted) == {"zhang"}


def test_overwriting_a_changed_local_copy_is_for_reviewers(
    laptop: Workspace, accounts: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    laptop.handover.export_case(case_id, tmp_path / "v1.ihsa-case", identity=identity)
    here = as_user(accounts, "alice").handover.import_bundle(tmp_path / "v1.ihsa-case").case_id
    assert here is not None
    change_answer(accounts, here, 0, Result.FAIL)  # the office's own change
    change_answer(laptop, case_id, 0, Result.PARTIAL)  # and the laptop's, since
    laptop.handover.export_case(case_id, tmp_path / "v2.ihsa-case", identity=identity)
    zhang = as_user(accounts, "zhang")

    with pytest.raises(ConflictError):
        zhang.handover.import_bundle(tmp_path / "v2.ihsa-case")
    with pytest.raises(PermissionDenied) as refused:
        zhang.handover.import_bundle(tmp_path / "v2.ihsa-case", replace=True)
    _refused_for_role(refused, "复核员", "reviewer")
    assert zhang.handover.import_bundle(tmp_path / "v2.ihsa-case", dry_run=True).conflict

    forced = as_user(accounts, "wu").handover.import_bundle(tmp_path / "v2.ihsa-case", replace=True)

    assert forced.case == "replaced" and forced.case_id == here
    with accounts.session() as session:
        last = session.scalars(select(CaseHandoverRow).order_by(CaseHandoverRow.id.desc())).first()
        assert last is not None and (last.outcome, last.actor) == ("replaced", "wu")
        assert last.details["forced"] is True


def _register(ws: Workspace, case_id: int) -> tuple[str, list[str], int]:
    """The case's application status, who changed it for this case, its rectifications."""
    case = ws.cases.get(case_id)
    assert case.application_id is not None
    with ws.session() as session:
        actors = session.scalars(
            select(ApplicationStatusEventRow.actor).where(
                ApplicationStatusEventRow.case_id == case_id
            )
        ).all()
        rectifications = session.scalar(
            select(func.count())
            .select_from(RectificationRow)
            .where(RectificationRow.case_id == case_id)
        )
    return ws.applications.get(case.application_id).status.value, list(actors), rectifications or 0


def test_an_approved_case_applies_its_handling_here_once_and_only_for_a_reviewer(
    laptop: Workspace, accounts: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    approve(laptop, case_id)
    status, _actors, rectifications = _register(laptop, case_id)
    assert status == AppStatus.ACTIVE.value and rectifications == 2
    bundle = tmp_path / "approved.ihsa-case"
    laptop.handover.export_case(case_id, bundle, identity=identity)
    zhang = as_user(accounts, "zhang")
    counts = row_counts(accounts)

    with pytest.raises(PermissionDenied) as refused:
        zhang.handover.import_bundle(bundle)
    _refused_for_role(refused, "复核员", "reviewer")
    plan = zhang.handover.import_bundle(bundle, dry_run=True)
    assert any("handling" in note["en"] for note in plan.notes)
    assert row_counts(accounts) == counts

    result = as_user(accounts, "wu").handover.import_bundle(bundle)

    here = result.case_id
    assert result.case == "created" and here is not None
    # Admitted here too, in the reviewer's name; the travelled rectifications are not doubled.
    assert _register(accounts, here) == (AppStatus.ACTIVE.value, ["wu"], 2)
    assert any("applied the handling of grade B" in note["en"] for note in result.notes)
    # The laptop's "active" is not copied into the new register entry: the import moved it.
    assert any("not taken over" in note["en"] for note in result.notes)
    counts = row_counts(accounts)
    assert accounts.handover.import_bundle(bundle).case == "unchanged"
    assert row_counts(accounts) == counts


def test_single_user_import_of_an_approved_case_applies_its_handling(
    laptop: Workspace, office: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    approve(laptop, case_id)
    bundle = tmp_path / "approved.ihsa-case"
    laptop.handover.export_case(case_id, bundle, identity=identity)

    here = office.handover.import_bundle(bundle).case_id

    assert here is not None
    assert _register(office, here) == (AppStatus.ACTIVE.value, [office.actor.username], 2)
