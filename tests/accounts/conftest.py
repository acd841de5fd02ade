"""An office with accounts, on SQLite and (with IHSA_TEST_PG_URL) PostgreSQL.

alice: admin + reviewer · zhang: assessor · zhao: assessor + reviewer · wu: reviewer.
Case ``office.case_id`` is assessed by zhang with zhao as its named reviewer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.domain.enums import CaseType, Role
from app.security import accounts as passwords
from app.services.cases import NewCase
from app.services.workspace import Workspace

CODE = "123301004700123455"
PASSWORDS = {
    "alice": "Chief#Office-2026",
    "zhang": "Field#Inspect-26",
    "zhao": "Second#Pair-26x",
    "wu": "Quiet#Review-77",
}
ROLES = {
    "alice": (Role.ADMIN, Role.REVIEWER),
    "zhang": (Role.ASSESSOR,),
    "zhao": (Role.ASSESSOR, Role.REVIEWER),
    "wu": (Role.REVIEWER,),
}


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast scrypt for tests about roles and audit, not about hashing cost."""
    monkeypatch.setattr(passwords, "CURRENT", passwords.HashParameters(10, 8, 1))


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_url, data_dir=tmp_path / "ws")
    yield ws
    ws.close()


@dataclass
class Office:
    workspace: Workspace
    organisation_id: int
    case_id: int

    def as_user(self, name: str) -> Workspace:
        """The same workspace, signed in as ``name``."""
        self.workspace.accounts.sign_in(name, PASSWORDS[name])
        return self.workspace


@pytest.fixture
def office(workspace: Workspace, cheap_hashes: None) -> Office:
    organisation = workspace.organisations.add("甲医院", CODE)  # single-user mode still
    for name in ("alice", "zhang", "zhao", "wu"):
        workspace.accounts.create(name, PASSWORDS[name], ROLES[name])
    case = workspace.cases.create(
        NewCase(organisation.id, CaseType.INITIAL, assessor="zhang", reviewer="zhao")
    )
    return Office(workspace, organisation.id, case.id)
