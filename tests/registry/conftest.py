"""Registry tests run on SQLite and, with IHSA_TEST_PG_URL, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.models import Application, Organisation
from app.registry import regulator_key
from app.services.workspace import Workspace
from tests.registry.support import PASSPHRASE, register_app


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_url, data_dir=tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def registered(workspace: Workspace) -> tuple[Organisation, Application]:
    return register_app(workspace)


@pytest.fixture
def regulator(workspace: Workspace) -> regulator_key.UnlockedKey:
    """The workstation's authorization-code key, created and unlocked."""
    regulator_key.create(workspace.data_dir, "示例省卫生健康委员会", PASSPHRASE)
    return regulator_key.unlock(workspace.data_dir)
