"""Test isolation: headless Qt, a private data folder, an in-memory keyring, no network.

``db_url`` gives a test an empty database on SQLite and, when ``IHSA_TEST_PG_URL`` is
set (``./setup.sh test`` starts a local PostgreSQL), on that PostgreSQL database too.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import psycopg
import pyhanko.sign  # noqa: F401  (see below)
import pytest
from keyring.backend import KeyringBackend
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy.engine import make_url

from app import i18n
from app.db.engine import sqlite_url
from app.services.workspace import Workspace

# asn1crypto builds its name -> OID map of CMS attributes the first time one is
# parsed or built, and never again; pyHanko (and asn1crypto.tsp) add names to it
# when imported. The product parses APK signatures only in analysis children,
# but this one process runs both, so pyHanko is imported before any test runs.

SHARED_APKS = Path(__file__).resolve().parents[1].parent / "shared" / "apks"

PG_URL_VARIABLE = "IHSA_TEST_PG_URL"
PG_SKIP_REASON = "IHSA_TEST_PG_URL not set (./setup.sh test starts a local PostgreSQL)"
LOOPBACK_HOSTS = ("127.0.0.1", "::1")


class MemoryKeyring(KeyringBackend):
    """Keeps secrets in a dict so tests never reach the real OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("IHSA_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.delenv("IHSA_DB_URL", raising=False)
    monkeypatch.delenv("IHSA_LANG", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    i18n.set_language("zh")
    yield
    keyring.set_keyring(previous)
    i18n.set_language("zh")


class NetworkGuard:
    """The (host, port) pairs a test may connect to: none, unless it asked for one."""

    def __init__(self) -> None:
        self.allowed: set[tuple[str, int]] = set()

    def allow(self, host: str, port: int) -> None:
        if host not in LOOPBACK_HOSTS:
            raise AssertionError(f"only loopback servers may be allowed, not {host!r}")
        self.allowed.add((host, port))

    def check(self, host: object, port: object) -> None:
        if (str(host), int(str(port))) not in self.allowed:
            raise AssertionError(f"network access attempted: {(host, port)!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
    """The product never touches the network: any IP connection attempt fails the test.

    libpq opens its sockets in C, outside Python's socket module, so psycopg's
    connect is guarded too. Only a PostgreSQL test variant allows its loopback server.
    """
    guard = NetworkGuard()
    real_connect = socket.socket.connect
    real_pg_connect = psycopg.Connection.connect

    def refuse(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host, port = address[:2]  # type: ignore[index]
            guard.check(host, port)
        real_connect(sock, address)  # type: ignore[arg-type]

    def guarded_pg_connect(conninfo: str = "", **kwargs: object) -> psycopg.Connection:
        params = conninfo_to_dict(conninfo, **kwargs)
        host = str(params.get("hostaddr") or params.get("host") or "")
        if host.startswith("/") or not host:
            raise AssertionError(f"PostgreSQL connection outside the test server: {host!r}")
        guard.check(host, params.get("port") or 5432)
        return real_pg_connect(conninfo, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(psycopg, "connect", guarded_pg_connect)
    monkeypatch.setattr(psycopg.Connection, "connect", guarded_pg_connect)
    return guard


def empty_postgres_database(url: str) -> None:
    """Drop everything in the test database: end other sessions, recreate ``public``.

    Earlier tests' engines may still hold pooled connections; ending them keeps the
    drop from waiting on their locks (their pools reconnect after pre-ping).
    """
    libpq_url = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq_url) as conn:
        conn.execute("SET lock_timeout = '10s'")
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            # Only our own sessions: autovacuum runs as the superuser, and asking to end
            # it fails the whole fixture ("must be a superuser to terminate ...").
            "AND usename = current_user"
        )
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def empty_test_server_database(guard: NetworkGuard) -> str:
    """The emptied PostgreSQL test database (its server allowed for this test), or skip."""
    url = os.environ.get(PG_URL_VARIABLE)
    if not url:
        pytest.skip(PG_SKIP_REASON)
    parsed = make_url(url)
    guard.allow(parsed.host or "", parsed.port or 5432)
    empty_postgres_database(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, no_network: NetworkGuard) -> str:
    """An empty database: a new SQLite file, or the emptied PostgreSQL test database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "ws" / "ihsa.db")
    return empty_test_server_database(no_network)


@pytest.fixture
def pg_url(no_network: NetworkGuard) -> str:
    """The emptied PostgreSQL test database, for behaviour only a server has."""
    return empty_test_server_database(no_network)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(data_dir=tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def shared_apks() -> Path:
    if not SHARED_APKS.is_dir():
        pytest.skip(f"real APK corpus not available at {SHARED_APKS}")
    return SHARED_APKS
