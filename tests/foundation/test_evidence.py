"""The content-addressed evidence store and evidence service."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.domain.enums import CaseStatus, CaseType
from app.errors import ConflictError, IntegrityError, NotFoundError, StorageError
from app.security.evidence_store import EvidenceStore, safe_display_name
from app.services.cases import NewCase
from app.services.workspace import Workspace
from tests.helpers import answer_every_item


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    org = workspace.organisations.add("甲医院", "123301004700123455")
    return workspace.cases.create(NewCase(org.id, CaseType.INITIAL, "张三")).id


def test_same_bytes_are_stored_once(workspace: Workspace, case_id: int, tmp_path: Path) -> None:
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    a.write_bytes(b"screenshot")
    b.write_bytes(b"screenshot")
    first = workspace.evidence.add(case_id, a)
    again = workspace.evidence.add(case_id, a)
    other_name = workspace.evidence.add(case_id, b, item_id="IH-AUTH-01")
    assert first.id == again.id and first.sha256 == other_name.sha256
    stored = [p for p in workspace.store.root.rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].name == first.sha256
    assert first.media_type == "image/png"


def test_the_source_is_copied_not_referenced(
    workspace: Workspace, case_id: int, tmp_path: Path
) -> None:
    source = tmp_path / "config.txt"
    source.write_text("PasswordMinLength=12", encoding="utf-8")
    evidence = workspace.evidence.add(case_id, source)
    source.unlink()
    out = workspace.evidence.export(evidence.id, tmp_path / "copy.txt")
    assert out.read_text(encoding="utf-8") == "PasswordMinLength=12"


def test_tampering_is_reported(workspace: Workspace, case_id: int, tmp_path: Path) -> None:
    source = tmp_path / "log.txt"
    source.write_bytes(b"audit log")
    evidence = workspace.evidence.add(case_id, source)
    workspace.store.path_for(evidence.sha256).write_bytes(b"audit lug")
    with pytest.raises(IntegrityError) as info:
        workspace.store.read(evidence.sha256)
    assert "hash mismatch" in info.value.message("en")
    with pytest.raises(IntegrityError):
        workspace.store.export(evidence.sha256, tmp_path / "opened.txt")
    assert not (tmp_path / "opened.txt").exists()  # a damaged copy never reaches the user
    assert not list(tmp_path.glob(".export-*"))
    problems = workspace.evidence.verify(case_id)
    assert [p[0].id for p in problems] == [evidence.id]
    workspace.store.path_for(evidence.sha256).unlink()
    if workspace.evidence_in_database:
        # On a server the database holds the record: the lost copy is fetched again.
        assert workspace.evidence.verify(case_id) == []
        assert workspace.store.read(evidence.sha256) == b"audit log"
    else:
        assert "缺失" in workspace.evidence.verify(case_id)[0][1]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Windows\\evil.exe", "evil.exe"),
        ("..", "unnamed"),
        ("bad\x00name\n.txt", "badname.txt"),
        ("/", "unnamed"),
    ],
)
def test_odd_names_never_reach_the_file_system(
    workspace: Workspace, case_id: int, tmp_path: Path, name: str, shown: str
) -> None:
    source = tmp_path / "x.bin"
    source.write_bytes(name.encode("utf-8", "replace"))
    evidence = workspace.evidence.add(case_id, source, name=name)
    assert evidence.original_name == shown
    assert safe_display_name(name) == shown
    files = [p for p in workspace.store.root.rglob("*") if p.is_file()]
    assert all(p.name == p.parent.name + p.name[2:] for p in files)


def test_hash_arguments_cannot_escape_the_store(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "store")
    with pytest.raises(NotFoundError):
        store.path_for("../" * 5 + "etc/passwd")


def test_missing_source_and_full_disk(
    workspace: Workspace, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(NotFoundError):
        workspace.evidence.add(case_id, tmp_path / "nope.pdf")
    source = tmp_path / "big.bin"
    source.write_bytes(b"x" * 1000)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("app.security.evidence_store.os.fsync", full)
    with pytest.raises(StorageError) as info:
        workspace.evidence.add(case_id, source)
    assert "disk full" in info.value.message("en")
    leftovers = [p for p in workspace.store.root.rglob("*") if p.is_file()]
    assert leftovers == []
    assert workspace.evidence.list(case_id) == []


def test_no_attachments_after_submission(
    workspace: Workspace, case_id: int, tmp_path: Path
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("a")
    workspace.evidence.add(case_id, source)
    assert workspace.cases.get(case_id).status == CaseStatus.IN_PROGRESS  # attaching starts work
    answer_every_item(workspace, case_id)
    workspace.cases.set_status(case_id, CaseStatus.SUBMITTED)
    source.write_text("b")
    with pytest.raises(ConflictError):
        workspace.evidence.add(case_id, source)
    assert len(workspace.evidence.list(case_id)) == 1
