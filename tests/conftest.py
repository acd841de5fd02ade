"""Test isolation: headless Qt, a private data folder, an in-memory keyring."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pyhanko.sign  # noqa: F401  (see below)
import pytest
from keyring.backend import KeyringBackend

from app import i18n
from app.services.workspace import Workspace

# asn1crypto builds its name -> OID map of CMS attributes the first time one is
# parsed or built, and never again; pyHanko (and asn1crypto.tsp) add names to it
# when imported. The product parses APK signatures only in analysis children,
# but this one process runs both, so pyHanko is imported before any test runs.

SHARED_APKS = Path(__file__).resolve().parents[1].parent / "shared" / "apks"


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


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The product never touches the network: any IP connection attempt fails the test."""
    real_connect = socket.socket.connect

    def refuse(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network access attempted: {address!r}")
        real_connect(sock, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


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
