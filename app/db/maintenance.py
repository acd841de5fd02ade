"""Checks and verified backups of the case database."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from app.db import rows  # noqa: F401  (registers every table on the metadata)
from app.db.base import Base
from app.db.engine import sqlite_path
from app.db.migrate import current_revision, head_revision
from app.errors import StorageError, ValidationError
from app.security.evidence_store import os_error


@dataclass
class CheckReport:
    revision: str | None
    head: str
    integrity: str
    schema_differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.revision == self.head and self.integrity == "ok" and not self.schema_differences


def check(engine: Engine) -> CheckReport:
    """Revision, SQLite integrity and ORM-vs-database schema comparison."""
    integrity = "ok"
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows_ = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
            integrity = "; ".join(str(r[0]) for r in rows_)
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [str(d) for d in compare_metadata(context, Base.metadata)]
    return CheckReport(current_revision(engine), head_revision(), integrity, diffs)


def backup(engine: Engine, destination: Path, *, overwrite: bool = False) -> Path:
    """Copy a live SQLite database consistently, verify the copy, then move it in place."""
    source = sqlite_path(engine.url)
    if source is None:
        raise ValidationError(
            "只有内置 SQLite 数据库可以由本程序备份；PostgreSQL 请使用 pg_dump",
            "only the embedded SQLite database can be backed up here; use pg_dump for PostgreSQL",
        )
    destination = destination.resolve()
    if destination == source.resolve():
        raise ValidationError("备份不能覆盖数据库本身", "a backup cannot overwrite the database")
    if destination.exists() and not overwrite:
        raise ValidationError(
            f"备份文件已存在：{destination}", f"backup file already exists: {destination}"
        )
    partial = destination.with_name(destination.name + ".partial")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        src = sqlite3.connect(source)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        if verdict != "ok":
            raise StorageError(
                f"备份校验失败：{verdict}", f"the backup failed its integrity check: {verdict}"
            )
        os.replace(partial, destination)
    except sqlite3.DatabaseError as err:
        partial.unlink(missing_ok=True)
        raise StorageError(f"备份失败：{err}", f"backup failed: {err}") from err
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise os_error(err, str(destination)) from err
    return destination
