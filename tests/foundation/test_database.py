"""Schema, migrations and the database errors a user can run into."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.db import maintenance
from app.db.base import Base
from app.db.engine import make_engine, sqlite_url
from app.db.migrate import current_revision, head_revision
from app.errors import StorageError, ValidationError
from app.services.workspace import Workspace


def test_new_database_is_migrated_to_head_and_matches_the_orm(tmp_path: Path) -> None:
    ws = Workspace.open(data_dir=tmp_path)
    assert current_revision(ws.engine) == head_revision()
    with ws.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert maintenance.check(ws.engine).ok


def test_every_connection_has_the_sqlite_pragmas(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_an_unversioned_existing_database_is_upgraded_on_open(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    sqlite3.connect(db).close()  # an empty file, as an old install could leave
    ws = Workspace.open(sqlite_url(db), tmp_path)
    assert current_revision(ws.engine) == head_revision()


def test_corrupt_database_file_gives_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "ihsa.db"
    db.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError) as info:
        Workspace.open(data_dir=tmp_path)
    assert "损坏" in info.value.message("zh")
    assert "corrupt" in info.value.message("en")
    assert db.read_bytes().startswith(b"this is not")  # nothing overwritten


def test_read_only_database_refuses_writes_clearly(tmp_path: Path) -> None:
    ws = Workspace.open(data_dir=tmp_path)
    ws.organisations.add("甲医院", "123301004700123455")
    ws.close()
    url = f"sqlite:///file:{tmp_path / 'ihsa.db'}?mode=ro&uri=true"
    ro = Workspace(make_engine(url), tmp_path)
    assert [o.name for o in ro.organisations.list()] == ["甲医院"]
    with pytest.raises(StorageError) as info:
        ro.organisations.add("乙医院", "91350100M000100Y43")
    assert "read-only" in info.value.message("en")


def test_locked_database_reports_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace.open(data_dir=tmp_path)
    ws.close()
    monkeypatch.setattr("app.db.engine.BUSY_TIMEOUT_MS", 50)
    ws = Workspace.open(data_dir=tmp_path)
    holder = sqlite3.connect(tmp_path / "ihsa.db")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as info:
            ws.organisations.add("甲医院", "123301004700123455")
        assert "locked" in info.value.message("en")
    finally:
        holder.rollback()
        holder.close()
    assert ws.organisations.list() == []  # the refused write left nothing half-done


def test_data_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError):
        Workspace.open(data_dir=blocker / "data")


def test_backup_is_a_verified_copy(workspace: Workspace, tmp_path: Path) -> None:
    workspace.organisations.add("甲医院", "123301004700123455")
    target = maintenance.backup(workspace.engine, tmp_path / "backups" / "copy.db")
    copy = Workspace.open(sqlite_url(target), tmp_path / "other")
    assert [o.name for o in copy.organisations.list()] == ["甲医院"]
    with pytest.raises(ValidationError):
        maintenance.backup(workspace.engine, target)  # no silent overwrite


def test_backup_on_a_full_disk_leaves_no_partial_file(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("app.db.maintenance.os.replace", full)
    with pytest.raises(StorageError) as info:
        maintenance.backup(workspace.engine, tmp_path / "copy.db")
    assert "disk full" in info.value.message("en")
    assert list(tmp_path.glob("copy.db*")) == []
