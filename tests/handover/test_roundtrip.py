"""A case exported on the laptop arrives whole at the office, once, however often it is imported."""

from __future__ import annotations

import zipfile
from pathlib import Path

from sqlalchemy import select

from app.db import blobs
from app.db.rows import CaseHandoverRow, CaseRow, ImportedAuditEventRow
from app.handover.manifest import MANIFEST_NAME, SIGNATURE_NAME
from app.security.keystore import SigningIdentity
from app.services.handover import case_content
from app.services.workspace import Workspace
from tests.handover.conftest import CREDIT_CODE, make_case, row_counts, store_files


def _digest(ws: Workspace, case_id: int) -> str:
    with ws.session() as session:
        return case_content(session, session.get(CaseRow, case_id)).digest()


def test_round_trip_carries_the_whole_case(
    laptop: Workspace, office: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    bundle = tmp_path / "case.ihsa-case"
    events = len(laptop.audit.list(case_id=case_id))  # the export's own comes after
    exported = laptop.handover.export_case(case_id, bundle, identity=identity)
    assert exported.files == 2 and exported.audit_events == events > 10
    assert exported.signer_fingerprint == identity.fingerprint
    with zipfile.ZipFile(bundle) as archive:
        assert sorted(archive.namelist())[-2:] == [MANIFEST_NAME, SIGNATURE_NAME]

    result = office.handover.import_bundle(bundle)

    assert (result.case, result.organisation, result.application, result.rule_pack) == (
        "created",
        "created",
        "created",
        "added",
    )
    assert result.files_added == 2 and result.audit_events_added == events
    assert result.bundle.signer is not None and result.bundle.signer.subject == "张检查"
    here = result.case_id
    assert here is not None
    assert _digest(office, here) == _digest(laptop, case_id) == exported.content_digest
    source, copy = laptop.cases.get(case_id), office.cases.get(here)
    assert (copy.score, copy.grade, copy.status, copy.pack) == (
        source.score,
        source.grade,
        source.status,
        source.pack,
    )
    # The receiver scores with the travelled pack and gets the same result.
    assert office.assessment.score(here).score == laptop.assessment.score(case_id).score
    assert office.organisations.get(copy.organisation_id).credit_code == CREDIT_CODE
    assert office.evidence.verify(here) == []
    assert {e.sha256 for e in office.evidence.list(here)} == {
        e.sha256 for e in laptop.evidence.list(case_id)
    }
    assert office.cases.apk_analyses(here) == laptop.cases.apk_analyses(case_id)
    if office.evidence_in_database:
        with office.session() as session:
            assert all(blobs.has_blob(session, e.sha256) for e in office.evidence.list(here))
    with office.session() as session:
        events = session.scalars(select(ImportedAuditEventRow)).all()
        assert {e.actor for e in events} == {laptop.actor.username}
        log = session.scalars(select(CaseHandoverRow)).one()
        assert (log.direction, log.outcome) == ("import", "created")
        assert log.actor == office.actor.username  # single-user mode: the OS user


def test_importing_twice_changes_nothing(
    laptop: Workspace, office: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    bundle = tmp_path / "case.ihsa-case"
    events = len(laptop.audit.list(case_id=case_id))
    laptop.handover.export_case(case_id, bundle, identity=identity)
    first = office.handover.import_bundle(bundle)
    counts, files = row_counts(office), store_files(office)

    again = office.handover.import_bundle(bundle)

    assert again.case == "unchanged" and again.case_id == first.case_id
    assert (again.organisation, again.application, again.rule_pack) == (
        "matched",
        "matched",
        "present",
    )
    assert again.files_added == 0 and again.files_present == 2
    assert again.audit_events_added == 0
    assert again.audit_events_present == events
    assert set(again.records.values()) == {0}
    assert row_counts(office) == counts and store_files(office) == files


def test_registry_entries_are_matched_not_duplicated(
    laptop: Workspace, office: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    bundle = tmp_path / "case.ihsa-case"
    laptop.handover.export_case(case_id, bundle, identity=identity)
    org = office.organisations.add("中国医学科学院北京协和医院", CREDIT_CODE)
    # The same screenshot is already in the office's store from another case.
    shot = laptop.evidence.list(case_id)[0]
    laptop.evidence.export(shot.id, tmp_path / "copy.png")
    from app.domain.enums import CaseType
    from app.services.cases import NewCase

    other = office.cases.create(NewCase(org.id, CaseType.PERIODIC, "王五")).id
    office.evidence.add(other, tmp_path / "copy.png")

    result = office.handover.import_bundle(bundle)

    assert result.organisation == "matched" and result.application == "created"
    assert (result.files_added, result.files_present) == (1, 1)
    assert [o.id for o in office.organisations.list()] == [org.id]
    assert office.cases.get(result.case_id or 0).organisation_id == org.id
    assert any("中国医学科学院北京协和医院" in note["zh"] for note in result.notes)


def test_dry_run_shows_the_plan_and_writes_nothing(
    laptop: Workspace, office: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    bundle = tmp_path / "case.ihsa-case"
    laptop.handover.export_case(case_id, bundle, identity=identity)
    counts = row_counts(office)

    plan = office.handover.import_bundle(bundle, dry_run=True)

    assert plan.dry_run and plan.case == "created" and plan.case_id is None
    assert plan.records["answers"] == 3 and plan.files_added == 2
    assert row_counts(office) == counts and store_files(office) == []


def test_the_office_sends_it_back_and_audit_events_travel_on(
    laptop: Workspace, office: Workspace, identity: SigningIdentity, tmp_path: Path
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    arrived = len(laptop.audit.list(case_id=case_id))
    laptop.handover.export_case(case_id, tmp_path / "out.ihsa-case", identity=identity)
    here = office.handover.import_bundle(tmp_path / "out.ihsa-case").case_id
    assert here is not None
    office_own = len(office.audit.list(case_id=here))
    back = office.handover.export_case(here, tmp_path / "back.ihsa-case", identity=identity)
    # The arrived events go on with the case, with the office's own about its import.
    assert back.audit_events == arrived + office_own

    result = laptop.handover.import_bundle(tmp_path / "back.ihsa-case")

    assert result.case == "unchanged" and result.case_id == case_id
    assert (result.audit_events_present, result.audit_events_added) == (arrived, office_own)
