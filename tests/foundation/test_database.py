"""Schema, migrations and the database errors a user can run into."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import make_url

from app.db import maintenance
from app.db.base import Base
from app.db.engine import make_engine, sqlite_url
from app.db.migrate import current_revision, head_revision
from app.errors import ConflictError, StorageError, ValidationError
from app.services.workspace import Workspace
from tests.conftest import NetworkGuard
from tests.helpers import free_loopback_port


def test_new_database_is_migrated_to_head_and_matches_the_orm(db_url: str, tmp_path: Path) -> None:
    ws = Workspace.open(db_url, tmp_path)
    assert current_revision(ws.engine) == head_revision()
    with ws.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert maintenance.check(ws.engine).ok
    ws.close()
    again = Workspace.open(db_url, tmp_path)  # a second program opening it: nothing to do
    assert current_revision(again.engine) == head_revision()
    again.close()


def test_schema_check_reports_a_drifted_database(db_url: str, tmp_path: Path) -> None:
    ws = Workspace.open(db_url, tmp_path)
    with ws.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE organisations ADD COLUMN stray INTEGER")
    report = maintenance.check(ws.engine)
    assert not report.ok and any("stray" in d for d in report.schema_differences)
    ws.close()


def test_postgresql_urls_use_psycopg_3() -> None:
    assert make_engine("postgresql://u:p@127.0.0.1/db").dialect.driver == "psycopg"
    assert make_engine("postgres://u:p@127.0.0.1/db").dialect.driver == "psycopg"
    assert make_engine(sqlite_url(Path("x.db"))).dialect.driver == "pysqlite"


def test_server_login_problems_are_one_clear_line(pg_url: str, tmp_path: Path) -> None:
    good = make_url(pg_url)
    wrong_password = good.set(password="not-the-password")
    with pytest.raises(StorageError) as info:
        Workspace.open(wrong_password.render_as_string(hide_password=False), tmp_path)
    assert "refused the login" in info.value.message("en")
    assert "not-the-password" not in info.value.message("en")
    assert "拒绝登录" in info.value.message("zh")
    missing = good.set(database="ihsa_no_such_database")
    with pytest.raises(StorageError) as info:
        Workspace.open(missing.render_as_string(hide_password=False), tmp_path)
    assert "has no database 'ihsa_no_such_database'" in info.value.message("en")


def test_a_server_that_is_down_is_one_clear_line(tmp_path: Path, no_network: NetworkGuard) -> None:
    port = free_loopback_port()
    no_network.allow("127.0.0.1", port)
    with pytest.raises(StorageError) as info:
        Workspace.open(f"postgresql://ihsa:secret@127.0.0.1:{port}/ihsa", tmp_path)
    assert info.value.message("en") == (
        f"cannot connect to the database server 127.0.0.1:{port} (not running or unreachable)"
    )


def test_the_product_opens_no_other_server_connection(tmp_path: Path) -> None:
    """The guard itself: a server the test did not allow is never contacted."""
    with pytest.raises(AssertionError, match="network access attempted"):
        Workspace.open(f"postgresql://ihsa:x@127.0.0.1:{free_loopback_port()}/ihsa", tmp_path)


def test_a_server_database_is_not_backed_up_here(pg_url: str, tmp_path: Path) -> None:
    ws = Workspace.open(pg_url, tmp_path / "data")
    with pytest.raises(ValidationError) as info:
        maintenance.backup(ws.engine, tmp_path / "copy.db")
    assert "pg_dump" in info.value.message("en") and "pg_dump" in info.value.message("zh")
    assert not (tmp_path / "copy.db").exists()
    ws.close()


def test_over_long_text_and_nul_are_refused_alike_on_every_database(
    workspace: Workspace,
) -> None:
    with pytest.raises(ValidationError) as info:
        workspace.organisations.add("医" * 201, "123301004700123455")
    assert info.value.message("en") == ("organisations.name takes at most 200 characters (got 201)")
    with pytest.raises(ValidationError) as info:
        workspace.organisations.add("甲医院\x00", "123301004700123455")
    assert "NUL" in info.value.message("en")
    assert workspace.organisations.list() == []
    workspace.organisations.add("医" * 200, "123301004700123455")  # the limit itself is fine
    assert len(workspace.organisations.list()[0].name) == 200


def test_a_duplicate_saved_between_check_and_write_is_a_conflict(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two assessors registering the same hospital at once: the database decides."""
    workspace.organisations.add("甲医院", "123301004700123455")
    # The second assessor's duplicate check ran before the first one's commit.
    monkeypatch.setattr("app.services.organisations._refuse_duplicate", lambda *_: None)
    with pytest.raises(ConflictError) as info:
        workspace.organisations.add("甲医院（重复）", "123301004700123455")
    assert "another user saved the same record" in info.value.message("en")
    assert [o.name for o in workspace.organisations.list()] == ["甲医院"]


def test_every_connection_has_the_sqlite_pragmas(sqlite_workspace: Workspace) -> None:
    with sqlite_workspace.engine.connect() as conn:
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


def test_backup_is_a_verified_copy(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    sqlite_workspace.organisations.add("甲医院", "123301004700123455")
    target = maintenance.backup(sqlite_workspace.engine, tmp_path / "backups" / "copy.db")
    copy = Workspace.open(sqlite_url(target), tmp_path / "other")
    assert [o.name for o in copy.organisations.list()] == ["甲医院"]
    with pytest.raises(ValidationError):
        maintenance.backup(sqlite_workspace.engine, target)  # no silent overwrite


def test_backup_on_a_full_disk_leaves_no_partial_file(
    sqlite_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("app.db.maintenance.os.replace", full)
    with pytest.raises(StorageError) as info:
        maintenance.backup(sqlite_workspace.engine, tmp_path / "copy.db")
    assert "disk full" in info.value.message("en")
    assert list(tmp_path.glob("copy.db*")) == []
