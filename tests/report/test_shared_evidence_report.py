"""The reviewer signs on another workstation of the office than the assessor used."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.errors import IntegrityError
from app.services.reports import generate_report, list_reports, verify_report
from app.services.workspace import Workspace
from tests.report.factories import make_case


def test_report_is_signed_on_a_workstation_that_never_had_the_files(
    pg_url: str,
    tmp_path: Path,
    assessor,  # type: ignore[no-untyped-def]
) -> None:
    station_a = Workspace.open(pg_url, data_dir=tmp_path / "station-a")
    station_b = Workspace.open(pg_url, data_dir=tmp_path / "station-b")
    try:
        case_id = make_case(station_a, tmp_path / "files", evidence=3)
        assert not station_b.store.root.exists()  # B never had any of the files
        out = tmp_path / "signed-on-b.pdf"
        record = generate_report(station_b, case_id, out, identity=assessor)
        assert record.signer and out.is_file()
        assert verify_report(station_b, out).ok
        assert verify_report(station_a, out).ok
        for evidence in station_b.evidence.list(case_id):
            assert station_b.store.path_for(evidence.sha256).is_file()
    finally:
        station_a.close()
        station_b.close()


def test_signing_is_refused_when_the_database_copy_is_damaged(
    pg_url: str,
    tmp_path: Path,
    assessor,  # type: ignore[no-untyped-def]
) -> None:
    station_a = Workspace.open(pg_url, data_dir=tmp_path / "station-a")
    station_b = Workspace.open(pg_url, data_dir=tmp_path / "station-b")
    try:
        case_id = make_case(station_a, tmp_path / "files", evidence=1)
        with station_a.engine.begin() as conn:
            conn.execute(text("UPDATE evidence_blobs SET data = 'forged'::bytea"))
        out = tmp_path / "refused.pdf"
        with pytest.raises(IntegrityError) as info:
            generate_report(station_b, case_id, out, identity=assessor)
        assert "fails its hash check, not signing" in info.value.message("en")
        assert "数据库中的证据文件已被篡改或损坏" in info.value.message("zh")
        assert not out.exists() and list_reports(station_b, case_id) == []
    finally:
        station_a.close()
        station_b.close()
