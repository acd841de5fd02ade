"""Incident and statistics tests run on SQLite and, with IHSA_TEST_PG_URL, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import i18n
from app.domain.enums import IncidentCategory, IncidentSeverity
from app.domain.models import Application, Contact, Organisation
from app.security import accounts as passwords
from app.services.applications import ApplicationInput
from app.services.incidents import IncidentInput
from app.services.workspace import Workspace
from tests.accounts.conftest import PASSWORDS, ROLES

CODE_A = "123301004700123455"
CODE_B = "91350100M000100Y43"


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_url, data_dir=tmp_path / "ws")
    yield ws
    ws.close()


@dataclass(frozen=True)
class Hospital:
    org: Organisation
    app: Application


@pytest.fixture
def hospital(workspace: Workspace) -> Hospital:
    org = workspace.organisations.add(
        "甲医院",
        CODE_A,
        contacts=[
            Contact("王敏", "信息科科长", "0571-1", "wm@a.example.cn"),
            Contact("李强", "数据安全负责人", "", "lq@a.example.cn"),
        ],
    )
    app = workspace.applications.add(ApplicationInput(org.id, "云医院", "cn.example.a"))
    return Hospital(org, app)


def hours_ago(hours: float) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


def incident_input(
    hospital: Hospital,
    *,
    severity: IncidentSeverity = IncidentSeverity.MEDIUM,
    discovered: datetime | None = None,
    **changes: object,
) -> IncidentInput:
    values: dict[str, object] = {
        "organisation_id": hospital.org.id,
        "title": "渠道发现仿冒安装包",
        "category": IncidentCategory.COUNTERFEIT_APP,
        "severity": severity,
        "discovered_at": discovered or hours_ago(1),
        "application_id": hospital.app.id,
    }
    values.update(changes)
    return IncidentInput(**values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def english_messages() -> None:
    """Errors read in English here, so ``match=`` can name the exact refusal."""
    i18n.set_language("en")


@pytest.fixture
def office(workspace: Workspace, hospital: Hospital, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The hospital (registered in single-user mode), then the office's accounts; nobody
    signed in."""
    monkeypatch.setattr(passwords, "CURRENT", passwords.HashParameters(10, 8, 1))
    for name in ("alice", "zhang", "wu"):
        workspace.accounts.create(name, PASSWORDS[name], ROLES[name])
    workspace.accounts.sign_out()  # creating the first admin signed alice in
    return workspace


def as_user(workspace: Workspace, name: str) -> Workspace:
    workspace.accounts.sign_in(name, PASSWORDS[name])
    return workspace
