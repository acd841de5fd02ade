"""Engine factory: SQLite pragmas on every connection, PostgreSQL through psycopg 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from app.errors import ValidationError

BUSY_TIMEOUT_MS = 5000
# A shared server that does not answer must not freeze the program for minutes.
CONNECT_TIMEOUT_S = 10
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL, or None for other dialects and memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def parse_url(url: str) -> URL:
    """Parse a database URL; plain ``postgresql://`` (and ``postgres://``) mean psycopg 3.

    SQLAlchemy 2.0 maps plain ``postgresql://`` to psycopg2, which is not installed:
    psycopg 3 is the driver the product ships.
    """
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        # The text is not echoed: it may hold a password.
        raise ValidationError(
            "无法识别数据库地址（应为 sqlite:///文件路径 或 "
            "postgresql://用户:密码@主机:端口/数据库）",
            "the database URL cannot be read (expected sqlite:///path/to/file or "
            "postgresql://user:password@host:port/database)",
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ValidationError(
            f"不支持的数据库类型：{parsed.get_backend_name()}（支持 SQLite 和 PostgreSQL）",
            f"unsupported database type: {parsed.get_backend_name()} "
            "(SQLite and PostgreSQL are supported)",
        )
    return parsed


def make_engine(url: str | URL) -> Engine:
    parsed = parse_url(url) if isinstance(url, str) else url
    try:
        if parsed.get_backend_name() == "postgresql":
            # A row another assessor holds locked is waited for as long as SQLite's busy
            # timeout, then reported as locked, instead of freezing the program.
            options = f"-c lock_timeout={BUSY_TIMEOUT_MS} {parsed.query.get('options', '')}"
            return create_engine(
                parsed,
                pool_pre_ping=True,
                connect_args={
                    "connect_timeout": CONNECT_TIMEOUT_S,
                    "application_name": "ihsa",
                    "options": options.strip(),
                },
            )
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    except (ImportError, exc.NoSuchModuleError) as err:
        raise ValidationError(
            f"数据库驱动 {parsed.drivername} 不可用：{err}",
            f"database driver {parsed.drivername} is not available: {err}",
        ) from err
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is switched off so that SQLAlchemy's
    # "begin" event below controls BEGIN (SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()
        if mode and str(mode[0]).lower() == "wal":
            cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _begin_sqlite(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")
