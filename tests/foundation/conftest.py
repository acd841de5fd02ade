"""The foundation tests run on SQLite and, with IHSA_TEST_PG_URL, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.workspace import Workspace


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_url, data_dir=tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def sqlite_workspace(tmp_path: Path) -> Iterator[Workspace]:
    """For what only the embedded database has: pragmas, file backups."""
    ws = Workspace.open(data_dir=tmp_path / "ws")
    yield ws
    ws.close()
