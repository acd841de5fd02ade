"""Reports from the database: data assembly, signing, the reports table, digest checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.enums import Result, Severity
from app.errors import IntegrityError
from app.rules import default_pack
from app.services.reports import (
    build_report_data,
    countersign_report,
    generate_report,
    list_reports,
    verify_report,
)
from app.services.workspace import Workspace
from tests.report.factories import APK_RESULT, make_case


@pytest.fixture
def case_id(workspace: Workspace, tmp_path: Path) -> int:
    return make_case(workspace, tmp_path / "files", evidence=3)


def test_report_data_follows_the_pack_and_answers(workspace: Workspace, case_id: int) -> None:
    data = build_report_data(workspace, case_id, "en")
    pack = default_pack()
    assert [d.domain_id for d in data.domains] == [d.id for d in pack.domains]
    assert [i.item_id for i in data.items] == [i.id for i in pack.items]
    answers = {a.item_id: a for a in workspace.cases.answers(case_id)}
    for item in data.items:
        assert item.result == answers[item.item_id].result
    assert data.score is not None and 0 <= data.score <= 100
    assert data.grade is not None and data.handling is not None
    assert sum(d.weight for d in data.domains) == 100
    failing = {i.item_id for i in data.items if i.result in (Result.FAIL, Result.PARTIAL)}
    checklist = {f.ref for f in data.findings if f.origin == "checklist"}
    assert checklist == failing
    apk_refs = {f.ref for f in data.findings if f.origin == "apk"}
    assert apk_refs == {f["rule_id"] for f in APK_RESULT["findings"]}
    trust_all = next(f for f in data.findings if f.ref == "APK-TLS-TRUST-ALL")
    assert trust_all.severity == Severity.CRITICAL
    assert len(trust_all.evidence) == 4  # three lines and a "(+3)" note
    assert data.apk is not None and data.apk.version_code == 118
    assert data.apk.signature["en"] == (
        "signature verification failed: v2: content digest mismatch (SHA-256)"
    )
    assert len(data.evidence) == 3
    assert data.pack == pack.ref()


def test_unanswered_items_make_the_report_provisional(workspace: Workspace, tmp_path: Path) -> None:
    case_id = make_case(workspace, tmp_path / "f", answered=10, evidence=0, with_apk=False)
    data = build_report_data(workspace, case_id)
    assert data.provisional
    assert data.result_counts()[Result.NOT_ASSESSED] == len(default_pack().items) - 10
    assert data.apk is None


def test_signed_report_is_recorded_and_verifies_against_the_database(
    workspace: Workspace,
    case_id: int,
    tmp_path: Path,
    assessor,
    reviewer,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "report.pdf"
    record = generate_report(workspace, case_id, out, identity=assessor)
    assert record.signer == "张三" and record.signed_at is not None
    assert record.path == str(out.resolve())
    assert list_reports(workspace, case_id) == [record]
    result = verify_report(workspace, out)
    assert result.ok and result.digest_status == "match"
    assert result.file_sha256 == record.file_sha256

    outcome, second = countersign_report(workspace, out, reviewer)
    assert outcome.signer == "Li Si" and second is not None
    assert [r.signer for r in list_reports(workspace, case_id)] == ["张三", "Li Si"]
    assert verify_report(workspace, out).ok


def test_changed_answer_after_the_report_fails_verification(
    workspace: Workspace,
    case_id: int,
    tmp_path: Path,
    assessor,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "report.pdf"
    generate_report(workspace, case_id, out, identity=assessor)
    first = workspace.cases.answers(case_id)[0]
    workspace.cases.set_answer(case_id, first.item_id, Result.PASS, note=first.note + " edited")
    result = verify_report(workspace, out)
    assert result.signatures_ok  # the file itself is untouched
    assert not result.ok and result.digest_status == "mismatch"


def test_report_of_a_case_elsewhere_is_not_digest_checked(
    workspace: Workspace,
    case_id: int,
    tmp_path: Path,
    assessor,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "report.pdf"
    generate_report(workspace, case_id, out, identity=assessor)
    other = Workspace.open(data_dir=tmp_path / "other")
    try:
        result = verify_report(other, out)
    finally:
        other.close()
    assert result.ok and result.digest_status == "not_checked"


def test_altered_evidence_blocks_signing(
    workspace: Workspace,
    case_id: int,
    tmp_path: Path,
    assessor,  # type: ignore[no-untyped-def]
) -> None:
    evidence = workspace.evidence.list(case_id)[0]
    stored = workspace.store.path_for(evidence.sha256)
    stored.chmod(0o644)
    stored.write_bytes(b"tampered")
    out = tmp_path / "report.pdf"
    with pytest.raises(IntegrityError):
        generate_report(workspace, case_id, out, identity=assessor)
    assert not out.exists()
    assert list_reports(workspace, case_id) == []


def test_unsigned_report_in_english(workspace: Workspace, case_id: int, tmp_path: Path) -> None:
    out = tmp_path / "report-en.pdf"
    record = generate_report(workspace, case_id, out, lang="en")
    assert record.signer == "" and record.signed_at is None and record.lang == "en"
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Internet Hospital Security Assessment Report" in text
    assert not verify_report(workspace, out).ok  # unsigned: nothing to vouch for it
