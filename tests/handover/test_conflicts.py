"""A case that exists on both sides: continued, older, diverged, or open for editing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.rows import CaseHandoverRow
from app.domain.enums import Result
from app.errors import ConflictError
from app.security.keystore import SigningIdentity
from app.services.workspace import Workspace
from tests.handover.conftest import change_answer, make_case, row_counts


@pytest.fixture
def handed_over(
    laptop: Workspace, office: Workspace, identity: SigningIdentity, tmp_path: Path
) -> tuple[int, int]:
    """The laptop's case exported to the office: (laptop id, office id)."""
    case_id = make_case(laptop, tmp_path / "files")
    laptop.handover.export_case(case_id, tmp_path / "v1.ihsa-case", identity=identity)
    here = office.handover.import_bundle(tmp_path / "v1.ihsa-case").case_id
    assert here is not None
    return case_id, here


def _result(ws: Workspace, case_id: int, index: int) -> Result:
    item = ws.assessment.pack(case_id).items[index].id
    return next(a.result for a in ws.cases.answers(case_id) if a.item_id == item)


def test_a_reviewed_case_comes_back_to_an_unchanged_laptop(
    laptop: Workspace,
    office: Workspace,
    identity: SigningIdentity,
    tmp_path: Path,
    handed_over: tuple[int, int],
) -> None:
    case_id, here = handed_over
    laptop.cases.acquire_lock(case_id, "wizard")  # looking at a case is not changing it
    laptop.cases.release_lock(case_id, "wizard")
    change_answer(office, here, 1, Result.PARTIAL)
    office.handover.export_case(here, tmp_path / "v2.ihsa-case", identity=identity)

    result = laptop.handover.import_bundle(tmp_path / "v2.ihsa-case")

    assert result.case == "replaced" and result.conflict is None and result.case_id == case_id
    assert _result(laptop, case_id, 1) == Result.PARTIAL
    assert laptop.cases.get(case_id).score == office.cases.get(here).score
    assert len(laptop.evidence.list(case_id)) == 3


def test_changes_on_both_sides_are_a_conflict_until_replace(
    laptop: Workspace,
    office: Workspace,
    identity: SigningIdentity,
    tmp_path: Path,
    handed_over: tuple[int, int],
) -> None:
    case_id, here = handed_over
    change_answer(office, here, 1, Result.PARTIAL)
    office.handover.export_case(here, tmp_path / "v2.ihsa-case", identity=identity)
    change_answer(laptop, case_id, 0, Result.FAIL)  # the inspector kept working
    counts = row_counts(laptop)

    with pytest.raises(ConflictError) as info:
        laptop.handover.import_bundle(tmp_path / "v2.ihsa-case")
    assert "changed since it was handed over" in info.value.message("en")
    assert f"id {case_id}" in info.value.message("en")
    assert row_counts(laptop) == counts and _result(laptop, case_id, 0) == Result.FAIL
    plan = laptop.handover.import_bundle(tmp_path / "v2.ihsa-case", dry_run=True)
    assert plan.conflict is not None and plan.case == "replaced"

    forced = laptop.handover.import_bundle(tmp_path / "v2.ihsa-case", replace=True)

    assert forced.case == "replaced"
    assert (
        _result(laptop, case_id, 0) == Result.PASS and _result(laptop, case_id, 1) == Result.PARTIAL
    )
    with laptop.session() as session:
        log = session.scalars(
            select(CaseHandoverRow).where(CaseHandoverRow.direction == "import")
        ).one()
        assert log.details["forced"] is True
        kept = log.details["replaced"]["answers"]  # the overwritten local work is kept
        assert any(a["result"] == "fail" and a["note"] == "" for a in kept)


def test_an_older_bundle_does_not_undo_later_work(
    laptop: Workspace,
    office: Workspace,
    identity: SigningIdentity,
    tmp_path: Path,
    handed_over: tuple[int, int],
) -> None:
    case_id, here = handed_over
    change_answer(office, here, 1, Result.PARTIAL)
    office.handover.export_case(here, tmp_path / "v2.ihsa-case", identity=identity)
    laptop.handover.import_bundle(tmp_path / "v2.ihsa-case")

    with pytest.raises(ConflictError) as info:
        laptop.handover.import_bundle(tmp_path / "v1.ihsa-case")

    assert "older version" in info.value.message("en")
    assert _result(laptop, case_id, 1) == Result.PARTIAL


def test_a_case_open_for_editing_is_never_replaced(
    laptop: Workspace,
    office: Workspace,
    identity: SigningIdentity,
    tmp_path: Path,
    handed_over: tuple[int, int],
) -> None:
    case_id, here = handed_over
    change_answer(office, here, 1, Result.PARTIAL)
    office.handover.export_case(here, tmp_path / "v2.ihsa-case", identity=identity)
    laptop.cases.acquire_lock(case_id, "张检查@laptop")

    with pytest.raises(ConflictError, match="张检查@laptop"):
        laptop.handover.import_bundle(tmp_path / "v2.ihsa-case", replace=True)
    plan = laptop.handover.import_bundle(tmp_path / "v2.ihsa-case", dry_run=True)
    assert plan.blocked is not None and not plan.can_import
