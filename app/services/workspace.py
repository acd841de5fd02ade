"""The open database, its data folder and evidence store, and the services on them."""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import URL, Engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

from app.db.base import check_text_limits
from app.db.engine import make_engine, parse_url, sqlite_path, sqlite_url
from app.db.migrate import EvidenceBackfill, upgrade
from app.domain.models import Principal
from app.errors import ConflictError, StorageError, ValidationError
from app.paths import user_data_dir
from app.security import audit
from app.security.evidence_store import EvidenceStore, os_error

if TYPE_CHECKING:
    from app.services.accounts import AccountService
    from app.services.applications import ApplicationService
    from app.services.assessment import AssessmentService
    from app.services.audit import AuditService
    from app.services.cases import CaseService
    from app.services.evidence import EvidenceService
    from app.services.handover import HandoverService
    from app.services.incidents import IncidentService
    from app.services.organisations import OrganisationService
    from app.services.rectifications import RectificationService
    from app.services.registry import RegistryService

DB_FILE = "ihsa.db"


class Workspace:
    """Everything one running program works on: open it once, pass it around."""

    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        rules_dir: Path | None = None,
        *,
        record_audit: bool = True,
    ) -> None:
        self.engine = engine
        self.data_dir = data_dir
        # New cases pin the pack in this folder (None: the installed rules/).
        self.rules_dir = rules_dir
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", check_text_limits)
        # Who acts (app.security.access); None until first asked: single-user or sign-in.
        self._actor: Principal | None = None
        self.audit_anchor = audit.Anchor(
            data_dir / audit.ANCHOR_FILE, engine.url.render_as_string(hide_password=True)
        )
        if record_audit:  # off only for a schema older than the log (Workspace.open)
            audit.install(self._sessions, _actor_name_of(weakref.ref(self)), self.audit_anchor)
        # Evidence files live next to a SQLite file; with a server, in the data folder.
        db_file = sqlite_path(engine.url)
        store_root = (db_file.parent if db_file else data_dir) / "evidence"
        self.store = EvidenceStore(store_root)
        # On a server other workstations need the files too: the database keeps them.
        self.evidence_in_database = engine.dialect.name != "sqlite"
        self.evidence_backfill = EvidenceBackfill()

    @staticmethod
    def configured_server() -> str | None:
        """The database server ``IHSA_DB_URL`` names, password hidden; None for SQLite."""
        text = os.environ.get("IHSA_DB_URL")
        if not text:
            return None
        try:
            parsed = parse_url(text)
        except ValidationError:
            return None
        if parsed.get_backend_name() == "sqlite":
            return None
        return parsed.render_as_string(hide_password=True)

    @classmethod
    def open(
        cls,
        url: str | None = None,
        data_dir: Path | None = None,
        *,
        rules_dir: Path | None = None,
        migrate: bool = True,
    ) -> Workspace:
        """Open (creating and migrating if needed) the database at ``url``.

        Without a URL: ``IHSA_DB_URL``, else ``ihsa.db`` in the data folder.
        """
        data_dir = Path(data_dir) if data_dir else user_data_dir()
        parsed = parse_url(url or os.environ.get("IHSA_DB_URL") or sqlite_url(data_dir / DB_FILE))
        db_file = sqlite_path(parsed)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            if db_file is not None:
                db_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise os_error(err, "数据目录 / data folder") from err
        # Without migrating, the schema may predate the audit log's columns.
        workspace = cls(make_engine(parsed), data_dir, rules_dir, record_audit=migrate)
        if migrate:
            with database_errors(workspace.engine.url):
                workspace.evidence_backfill = upgrade(workspace.engine, workspace.store.root)
        return workspace

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with database_errors(self.engine.url), self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    @property
    def actor(self) -> Principal:
        """The signed-in account; without any account, the OS user in single-user mode."""
        if self._actor is None:
            self._actor = self.accounts.unsigned_principal()
        return self._actor

    @actor.setter
    def actor(self, principal: Principal) -> None:
        self._actor = principal

    @cached_property
    def accounts(self) -> AccountService:
        from app.services.accounts import AccountService

        return AccountService(self)

    @cached_property
    def audit(self) -> AuditService:
        from app.services.audit import AuditService

        return AuditService(self)

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
    def assessment(self) -> AssessmentService:
        from app.services.assessment import AssessmentService

        return AssessmentService(self)

    @cached_property
    def evidence(self) -> EvidenceService:
        from app.services.evidence import EvidenceService

        return EvidenceService(self)

    @cached_property
    def handover(self) -> HandoverService:
        from app.services.handover import HandoverService

        return HandoverService(self)

    @cached_property
    def registry(self) -> RegistryService:
        from app.services.registry import RegistryService

        return RegistryService(self)

    @cached_property
    def rectifications(self) -> RectificationService:
        from app.services.rectifications import RectificationService

        return RectificationService(self)

    @cached_property
    def incidents(self) -> IncidentService:
        from app.services.incidents import IncidentService

        return IncidentService(self)


def _actor_name_of(workspace: weakref.ref[Workspace]) -> Callable[[], str]:
    """Who acts, read through a weak reference.

    SQLAlchemy keeps a sessionmaker's listeners in a class-level weak-key table whose
    key is the sessionmaker's own Session class; a listener holding the workspace (and
    so that class) would keep every workspace ever opened alive.
    """

    def actor_name() -> str:
        alive = workspace()
        return alive.actor.username if alive is not None else ""

    return actor_name


@contextmanager
def database_errors(url: URL | None = None) -> Iterator[None]:
    """Translate driver errors the user can act on into one-line StorageErrors."""
    try:
        yield
    except exc.IntegrityError as err:
        conflict = _conflict(err)
        if conflict is None:
            raise  # a NOT NULL or CHECK failure is a bug, not a user's problem
        raise conflict from err
    except exc.DBAPIError as err:
        known = _server_error(err, url) or _storage_error(err)
        if known is None:
            raise
        raise known from err
    except OSError as err:
        raise os_error(err, "数据库 / database") from err


def _conflict(err: exc.IntegrityError) -> ConflictError | None:
    """A constraint the services' own checks let through: another user saved in between.

    The services look for duplicates before writing; on a shared server a second
    assessor can save the same record between that look and the write.
    """
    text = str(err.orig).lower()
    if "unique" in text or "duplicate key" in text:
        return ConflictError(
            "该记录刚被另一位用户同时登记，未保存；请刷新后重试",
            "another user saved the same record at the same moment; nothing was saved — "
            "reload and try again",
        )
    if "foreign key" not in text:
        return None
    return ConflictError(
        "数据已被另一位用户同时修改（引用的记录不存在或已删除），未保存；请刷新后重试",
        "another user changed the data at the same moment (a referenced record is missing); "
        "nothing was saved — reload and try again",
    )


_LOGIN_REFUSED = (
    "password authentication failed",
    "authentication failed",
    "no password supplied",
    "no pg_hba.conf entry",
)
_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "timeout expired",
    "failed to resolve host",
    "could not translate host name",
    "no route to host",
    "network is unreachable",
    "server closed the connection unexpectedly",
)


def _server_error(err: exc.DBAPIError, url: URL | None) -> StorageError | None:
    """A database server that cannot be reached or refuses us, named without the password."""
    if url is None or url.get_backend_name() == "sqlite":
        return None
    if not isinstance(err, exc.OperationalError):
        return None
    text = str(err.orig).lower()
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    if any(marker in text for marker in _LOGIN_REFUSED) or (
        "role" in text and "does not exist" in text
    ):
        return StorageError(
            f"数据库服务器 {server} 拒绝登录：用户名或密码错误（用户 {url.username}）",
            f"the database server {server} refused the login: wrong user name or password "
            f"(user {url.username})",
        )
    if "database" in text and "does not exist" in text:
        return StorageError(
            f"数据库服务器 {server} 上没有数据库 {url.database}（请管理员先创建）",
            f"the database server {server} has no database {url.database!r} "
            "(ask the administrator to create it)",
        )
    if any(marker in text for marker in _UNREACHABLE):
        return StorageError(
            f"无法连接数据库服务器 {server}（服务器未运行或网络不通）",
            f"cannot connect to the database server {server} (not running or unreachable)",
        )
    return None


def _storage_error(err: exc.DBAPIError) -> StorageError | None:
    text = str(err.orig).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text:
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
        first_line = str(err.orig).strip().splitlines()[0] if str(err.orig).strip() else ""
        return StorageError(f"数据库错误：{first_line}", f"database error: {first_line}")
    return None
