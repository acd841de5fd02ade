"""The open database, its data folder and evidence store, and the services on them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, exc
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import make_engine, sqlite_path, sqlite_url
from app.db.migrate import upgrade
from app.errors import StorageError
from app.paths import user_data_dir
from app.security.evidence_store import EvidenceStore, os_error

if TYPE_CHECKING:
    from app.services.applications import ApplicationService
    from app.services.cases import CaseService
    from app.services.evidence import EvidenceService
    from app.services.organisations import OrganisationService

DB_FILE = "ihsa.db"


class Workspace:
    """Everything one running program works on: open it once, pass it around."""

    def __init__(self, engine: Engine, data_dir: Path) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        db_file = sqlite_path(str(engine.url))
        store_root = (db_file.parent if db_file else data_dir) / "evidence"
        self.store = EvidenceStore(store_root)

    @classmethod
    def open(
        cls, url: str | None = None, data_dir: Path | None = None, *, migrate: bool = True
    ) -> Workspace:
        """Open (creating and migrating if needed) the database at ``url``.

        Without a URL: ``IHSA_DB_URL``, else ``ihsa.db`` in the data folder.
        """
        data_dir = Path(data_dir) if data_dir else user_data_dir()
        url = url or os.environ.get("IHSA_DB_URL") or sqlite_url(data_dir / DB_FILE)
        db_file = sqlite_path(url)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            if db_file is not None:
                db_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise os_error(err, "数据目录 / data folder") from err
        workspace = cls(make_engine(url), data_dir)
        if migrate:
            with database_errors():
                upgrade(workspace.engine)
        return workspace

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with database_errors(), self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    @cached_property
    def organisations(self) -> OrganisationService:
        from app.services.organisations import OrganisationService

        return OrganisationService(self)

    @cached_property
    def applications(self) -> ApplicationService:
        from app.services.applications import ApplicationService

        return ApplicationService(self)

    @cached_property
    def cases(self) -> CaseService:
        from app.services.cases import CaseService

        return CaseService(self)

    @cached_property
    def evidence(self) -> EvidenceService:
        from app.services.evidence import EvidenceService

        return EvidenceService(self)


@contextmanager
def database_errors() -> Iterator[None]:
    """Translate driver errors the user can act on into one-line StorageErrors."""
    try:
        yield
    except exc.DBAPIError as err:
        known = _storage_error(err)
        if known is None:
            raise
        raise known from err
    except OSError as err:
        raise os_error(err, "数据库 / database") from err


def _storage_error(err: exc.DBAPIError) -> StorageError | None:
    text = str(err.orig).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            "数据库正被另一个程序锁定，请稍后重试",
            "the database is locked by another program; try again later",
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(
            "数据库为只读，无法保存更改（检查文件权限）",
            "the database is read-only; changes cannot be saved (check file permissions)",
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            "数据库文件已损坏或不是 IHSA 数据库；请从备份恢复",
            "the database file is corrupt or not an IHSA database; restore it from a backup",
        )
    if "unable to open" in text:
        return StorageError(
            "无法打开数据库文件（目录不存在或无权限）",
            "cannot open the database file (folder missing or no permission)",
        )
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError("磁盘空间已满，无法保存", "disk full: cannot save")
    if isinstance(err, exc.OperationalError):
        return StorageError(f"数据库错误：{err.orig}", f"database error: {err.orig}")
    return None
