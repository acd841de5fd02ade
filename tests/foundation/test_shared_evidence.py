"""Evidence on a shared server reaches every workstation; SQLite keeps it on disk only.

Two workspaces on one PostgreSQL database with different data folders stand for two
workstations of an office.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import MetaData, Table, func, select, text

from app.cli.main import main
from app.db import blobs, maintenance
from app.db.engine import make_engine, sqlite_url
from app.db.migrate import alembic_config, current_revision, head_revision
from app.db.rows import EvidenceBlobRow, EvidenceRow
from app.domain.enums import CaseType
from app.errors import IntegrityError, ValidationError
from app.security.evidence_store import EvidenceStore
from app.services.cases import NewCase
from app.services.workspace import Workspace


def _new_case(ws: Workspace) -> int:
    org = ws.organisations.add("甲医院", "123301004700123455")
    return ws.cases.create(NewCase(org.id, CaseType.INITIAL, "张三")).id


def _blob_chunks(ws: Workspace) -> int:
    with ws.session() as session:
        return session.scalar(select(func.count()).select_from(EvidenceBlobRow)) or 0


@pytest.fixture
def office(pg_url: str, tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """Workstation A and workstation B on the same server, each with its own data folder."""
    a = Workspace.open(pg_url, data_dir=tmp_path / "station-a")
    b = Workspace.open(pg_url, data_dir=tmp_path / "station-b")
    yield a, b
    a.close()
    b.close()


def test_evidence_added_on_one_workstation_is_read_on_another(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = office
    case_id = _new_case(a)
    screenshot = tmp_path / "登录页.png"
    # Over two pieces, so the order of the pieces matters.
    content = os.urandom(2 * blobs.CHUNK_BYTES + 12345)
    screenshot.write_bytes(content)
    added = a.evidence.add(case_id, screenshot, item_id="IH-AUTH-01", description="双因素")

    assert _blob_chunks(a) == 3
    assert not b.store.path_for(added.sha256).exists()
    assert [e.sha256 for e in b.evidence.list(case_id)] == [added.sha256]
    copy = b.evidence.export(added.id, tmp_path / "copy-on-b.png")
    assert copy.read_bytes() == content
    assert b.store.read(added.sha256) == content  # cached in B's own store, verified
    assert b.evidence.verify(case_id) == []
    assert a.evidence.verify(case_id) == []


def test_verify_on_another_workstation_fetches_what_it_lacks(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = office
    case_id = _new_case(a)
    source = tmp_path / "policy.pdf"
    source.write_bytes(b"%PDF-1.7 password policy")
    added = a.evidence.add(case_id, source)
    assert b.evidence.verify(case_id) == []
    assert b.store.read(added.sha256) == b"%PDF-1.7 password policy"


def test_a_blob_corrupted_in_the_database_is_an_integrity_problem(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = office
    case_id = _new_case(a)
    source = tmp_path / "log.txt"
    source.write_bytes(b"audit log of the hospital")
    added = a.evidence.add(case_id, source)
    with a.engine.begin() as conn:
        conn.execute(
            text("UPDATE evidence_blobs SET data = :forged WHERE sha256 = :sha"),
            {"forged": b"audit log of the hospita1", "sha": added.sha256},
        )

    problems = b.evidence.verify(case_id)
    assert [p[0].id for p in problems] == [added.id]
    assert "数据库中的证据文件已被篡改或损坏" in problems[0][1]
    with pytest.raises(IntegrityError) as info:
        b.evidence.export(added.id, tmp_path / "copy.txt")
    assert "hash mismatch" in info.value.message("en")
    assert not (tmp_path / "copy.txt").exists()
    assert not b.store.path_for(added.sha256).exists()  # the bad bytes were not kept
    # The workstation that still has a good local copy reports the record as damaged too.
    assert [p[0].id for p in a.evidence.verify(case_id)] == [added.id]


def test_a_copy_altered_on_the_workstation_is_reported_not_replaced(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, _ = office
    case_id = _new_case(a)
    source = tmp_path / "config.txt"
    source.write_bytes(b"PasswordMinLength=12")
    added = a.evidence.add(case_id, source)
    a.store.path_for(added.sha256).write_bytes(b"PasswordMinLength=4")
    assert [p[0].id for p in a.evidence.verify(case_id)] == [added.id]
    assert a.store.path_for(added.sha256).read_bytes() == b"PasswordMinLength=4"


def test_files_too_large_for_the_server_are_refused_before_copying(
    pg_url: str, tmp_path: Path
) -> None:
    ws = Workspace.open(pg_url, data_dir=tmp_path / "station")
    case_id = _new_case(ws)
    huge = tmp_path / "capture.pcap"
    with huge.open("wb") as fh:  # sparse: no disk space used
        fh.truncate(blobs.MAX_SHARED_EVIDENCE_BYTES + 1)
    with pytest.raises(ValidationError) as info:
        ws.evidence.add(case_id, huge)
    assert "at most 256 MB" in info.value.message("en")
    assert "最多 256 MB" in info.value.message("zh")
    assert ws.evidence.list(case_id) == []
    assert _blob_chunks(ws) == 0
    assert not ws.store.root.exists() or not any(ws.store.root.rglob("*"))
    ws.close()


def test_sqlite_keeps_evidence_on_disk_only(tmp_path: Path) -> None:
    ws = Workspace.open(data_dir=tmp_path / "laptop")
    case_id = _new_case(ws)
    source = tmp_path / "shot.png"
    source.write_bytes(b"\x89PNG screenshot")
    added = ws.evidence.add(case_id, source)
    assert not ws.evidence_in_database
    assert _blob_chunks(ws) == 0
    assert ws.store.path_for(added.sha256).read_bytes() == b"\x89PNG screenshot"
    ws.store.path_for(added.sha256).unlink()
    assert "缺失" in ws.evidence.verify(case_id)[0][1]  # nowhere else to fetch it from
    ws.close()


def _new_case_at_0001(ws: Workspace) -> int:
    """A case written with 0001's own columns: today's ORM rows have later ones."""
    cases = Table("cases", MetaData(), autoload_with=ws.engine)
    org = ws.organisations.add("甲医院", "123301004700123455")
    now = datetime.now(UTC)
    with ws.engine.begin() as connection:
        inserted = connection.execute(
            cases.insert().values(
                organisation_id=org.id,
                case_type=CaseType.INITIAL.value,
                status="draft",
                assessor="张三",
                reviewer="",
                site="",
                pack_id="ihsa-internet-hospital",
                pack_version="1.0.0",
                provisional=True,
                lock_owner="",
                created_at=now,
                updated_at=now,
            )
        )
    return int(inserted.inserted_primary_key[0])


def _database_at_0001_with_evidence(url: str, data_dir: Path, files: dict[str, bytes]) -> dict:
    """A database as 0001 left it, with evidence rows; only some files in this store."""
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0001_initial")
    engine.dispose()
    ws = Workspace.open(url, data_dir=data_dir, migrate=False)
    case_id = _new_case_at_0001(ws)
    shas = {}
    for name, content in files.items():
        source = data_dir.parent / name
        source.write_bytes(content)
        sha256, size = ws.store.add(source)
        shas[name] = sha256
        with ws.session() as session:
            session.add(
                EvidenceRow(
                    case_id=case_id, sha256=sha256, original_name=name, size=size, media_type=""
                )
            )
    ws.close()
    return {"case_id": case_id, **shas}


def test_migration_backfills_a_server_from_the_files_present_here(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    station_a = tmp_path / "station-a"
    made = _database_at_0001_with_evidence(
        pg_url, station_a, {"here.png": b"on A", "elsewhere.pdf": b"only on C"}
    )
    # The file added on workstation C never reached A's store.
    station_c_source = tmp_path / "c-source.pdf"
    station_c_source.write_bytes(b"only on C")
    EvidenceStore(station_a / "evidence").path_for(made["elsewhere.pdf"]).unlink()

    code = main(["--db", pg_url, "--data-dir", str(station_a), "db", "upgrade"])
    out = capsys.readouterr().out
    assert code == 0 and f"revision {head_revision()}" in out
    assert "copied into the database: 1" in out
    assert f"missing here: {made['elsewhere.pdf']}" in out

    b = Workspace.open(pg_url, data_dir=tmp_path / "station-b")
    assert current_revision(b.engine) == head_revision()
    assert maintenance.check(b.engine).ok
    here = next(e for e in b.evidence.list(made["case_id"]) if e.original_name == "here.png")
    assert b.evidence.export(here.id, tmp_path / "here.png").read_bytes() == b"on A"
    problems = b.evidence.verify(made["case_id"])
    assert [p[0].original_name for p in problems] == ["elsewhere.pdf"]
    assert "既不在共享数据库中，也不在本工作站" in problems[0][1]

    # Workstation C, which has the file, uploads it when it verifies the case.
    c = Workspace.open(pg_url, data_dir=tmp_path / "station-c")
    c.store.add(station_c_source)
    assert c.evidence.verify(made["case_id"]) == []
    assert b.evidence.verify(made["case_id"]) == []
    b.close()
    c.close()


def test_migration_on_sqlite_leaves_the_files_on_disk(tmp_path: Path) -> None:
    data_dir = tmp_path / "laptop"
    url = sqlite_url(data_dir / "ihsa.db")
    data_dir.mkdir()
    made = _database_at_0001_with_evidence(url, data_dir, {"shot.png": b"screen"})
    ws = Workspace.open(data_dir=data_dir)
    assert current_revision(ws.engine) == head_revision()
    assert ws.evidence_backfill.stored == [] and ws.evidence_backfill.missing == []
    assert _blob_chunks(ws) == 0
    assert ws.evidence.verify(made["case_id"]) == []
    assert maintenance.check(ws.engine).ok
    ws.close()


def test_db_check_matches_on_both_databases(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", db_url, "--data-dir", str(tmp_path / "d"), "db", "check"])
    out = capsys.readouterr().out
    assert code == 0 and "schema:     matches" in out
