"""Two workstations and a case worth handing over between them.

``laptop`` is the inspector's embedded SQLite database; ``office`` is the receiving
workstation on ``db_url`` (SQLite, and PostgreSQL when IHSA_TEST_PG_URL is set).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.base import Base
from app.db.rows import RectificationRow, ReportRow
from app.domain.enums import CaseType, Result
from app.security import keystore
from app.security.keystore import SigningIdentity
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.workspace import Workspace

CREDIT_CODE = "12100000400000624D"
PASSPHRASE = "handover-pass"


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(data_dir=tmp_path / "laptop")
    yield ws
    ws.close()


@pytest.fixture
def office(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_url, data_dir=tmp_path / "office")
    yield ws
    ws.close()


@pytest.fixture
def identity(tmp_path: Path) -> SigningIdentity:
    return keystore.create_self_signed(
        "张检查", tmp_path / "zhang.p12", PASSPHRASE, org="省卫健委检查组"
    )


@pytest.fixture
def other_identity(tmp_path: Path) -> SigningIdentity:
    return keystore.create_self_signed("Mallory", tmp_path / "mallory.p12", PASSPHRASE)


def make_case(ws: Workspace, folder: Path) -> int:
    """A case with answers, two evidence files (one shared by two items), an APK
    analysis, a report record and a rectification; the audit log records all of it."""
    org = ws.organisations.add("北京协和医院", CREDIT_CODE, level="三级甲等")
    app = ws.applications.add(
        ApplicationInput(organisation_id=org.id, name="协和App", package="cn.pumch.app")
    )
    case_id = ws.cases.create(
        NewCase(org.id, CaseType.INITIAL, "张检查", application_id=app.id, site="门诊楼")
    ).id
    items = [item.id for item in ws.assessment.pack(case_id).items]
    ws.assessment.import_answers(
        case_id,
        {
            items[0]: "pass",
            items[1]: {"result": "fail", "note": "弱口令"},
            items[2]: {"result": "na", "justification": "无此功能"},
        },
    )
    folder.mkdir(parents=True, exist_ok=True)
    shot, log = folder / "登录页.png", folder / "server.log"
    shot.write_bytes(os.urandom(300_000))
    log.write_bytes(b"GET /login 200\n" * 5000)
    ws.evidence.add(case_id, shot, item_id=items[0], description="登录页截图")
    ws.evidence.add(case_id, shot, item_id=items[1])
    ws.evidence.add(case_id, log)
    ws.cases.record_apk_analysis(
        case_id,
        {
            "file": {"name": "app.apk", "sha256": "ab" * 32},
            "package": "cn.pumch.app",
            "version_code": 42,
            "analyzer_version": "1.0",
            "timings": {"zip": 0.25, "dex": 1.5},
            "findings": [{"rule": "APK-DEBUG", "status": "fail"}],
        },
    )
    now = datetime(2025, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
    with ws.session() as session:
        session.add(
            ReportRow(
                case_id=case_id,
                file_sha256="cd" * 32,
                path="C:\\Users\\zhang\\Documents\\IHSA-case-1.pdf",
                signer="张检查",
                signed_at=now,
            )
        )
        session.add(
            RectificationRow(
                case_id=case_id,
                source_key=f"item:{items[1]}",
                severity="high",
                title="修复弱口令",
                due_date=date(2025, 4, 1),
            )
        )
    return case_id


def change_answer(ws: Workspace, case_id: int, index: int, result: Result) -> None:
    item = ws.assessment.pack(case_id).items[index].id
    ws.cases.set_answer(case_id, item, result, justification="理由" if result == Result.NA else "")


def row_counts(ws: Workspace) -> dict[str, int]:
    """Rows per table: 'nothing written' means these do not change."""
    with ws.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def store_files(ws: Workspace) -> list[str]:
    """Every file and folder under the evidence store (staging leftovers included)."""
    root = ws.store.root
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def rewrite_bundle(
    source: Path,
    target: Path,
    change: Callable[[str, bytes], bytes | None] = lambda _name, data: data,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """Copy a bundle entry by entry; ``change`` may alter an entry or drop it (None)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                out.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target
