"""Every broken or hostile bundle is refused with one clear message, and nothing is written."""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.errors import KnownError
from app.handover import container
from app.handover.manifest import MANIFEST_NAME, SIGNATURE_NAME
from app.security.keystore import SigningIdentity
from app.services.workspace import Workspace
from tests.handover.conftest import make_case, rewrite_bundle, row_counts, store_files


@pytest.fixture
def signed(laptop: Workspace, identity: SigningIdentity, tmp_path: Path) -> Path:
    case_id = make_case(laptop, tmp_path / "files")
    bundle = tmp_path / "case.ihsa-case"
    laptop.handover.export_case(case_id, bundle, identity=identity)
    return bundle


@pytest.fixture
def unsigned(laptop: Workspace, tmp_path: Path) -> Path:
    case_id = make_case(laptop, tmp_path / "files")
    bundle = tmp_path / "unsigned.ihsa-case"
    laptop.handover.export_case(case_id, bundle, identity=None)
    return bundle


def refused(
    office: Workspace, bundle: Path, *words: str, inspectable: bool = False, **options: bool
) -> KnownError:
    """Import must fail with a message containing ``words`` and leave no trace;
    inspecting the bundle fails too, unless ``inspectable``."""
    counts, files = row_counts(office), store_files(office)
    with pytest.raises(KnownError) as info:
        office.handover.import_bundle(bundle, **options)
    message = info.value.message("en")
    assert "\n" not in message
    for word in words:
        assert word in message, message
    assert row_counts(office) == counts
    assert store_files(office) == files  # no staged copies left behind
    if not inspectable:
        with pytest.raises(KnownError):
            office.handover.inspect(bundle)
    return info.value


def _manifest_edit(edit: Callable[[dict], None]) -> Callable[[str, bytes], bytes | None]:
    def change(name: str, data: bytes) -> bytes | None:
        if name != MANIFEST_NAME:
            return data
        body = json.loads(data)
        edit(body)
        return json.dumps(body).encode()

    return change


def test_not_a_bundle(office: Workspace, tmp_path: Path) -> None:
    junk = tmp_path / "report.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + b"x" * 1000)
    refused(office, junk, "not a case bundle")
    refused(office, tmp_path / "missing.ihsa-case", "not found")


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_truncated_bundle(office: Workspace, signed: Path, tmp_path: Path, keep: float) -> None:
    data = signed.read_bytes()
    cut = tmp_path / "cut.ihsa-case"
    cut.write_bytes(data[: int(len(data) * keep)])
    refused(office, cut, "damaged or incomplete")


def test_corrupted_evidence_bytes(office: Workspace, signed: Path, tmp_path: Path) -> None:
    data = bytearray(signed.read_bytes())
    with zipfile.ZipFile(signed) as archive:
        info = next(i for i in archive.infolist() if i.filename.startswith("evidence/"))
    data[info.header_offset + 200] ^= 0xFF  # inside the stored or deflated bytes
    damaged = tmp_path / "flipped.ihsa-case"
    damaged.write_bytes(bytes(data))
    refused(office, damaged, "evidence")


def test_wrong_format_and_future_version(office: Workspace, unsigned: Path, tmp_path: Path) -> None:
    other = rewrite_bundle(
        unsigned, tmp_path / "other.zip", _manifest_edit(lambda b: b.update(format="other"))
    )
    refused(office, other, "not an IHSA case bundle", allow_unsigned=True)
    future = rewrite_bundle(
        unsigned, tmp_path / "v9.zip", _manifest_edit(lambda b: b.update(format_version=9))
    )
    refused(office, future, "version", "upgrade", allow_unsigned=True)
    broken = rewrite_bundle(
        unsigned, tmp_path / "json.zip", lambda n, d: b"{not json" if n == MANIFEST_NAME else d
    )
    refused(office, broken, "not valid JSON", allow_unsigned=True)
    missing = rewrite_bundle(
        unsigned, tmp_path / "field.zip", _manifest_edit(lambda b: b["case"].pop("status"))
    )
    refused(office, missing, "case.status", allow_unsigned=True)


@pytest.mark.parametrize(
    "name", ["../../etc/evil", "/abs/path", "evidence/../../x", "evidence\\..\\x", "notes.txt"]
)
def test_unexpected_and_path_traversal_entries(
    office: Workspace, signed: Path, tmp_path: Path, name: str
) -> None:
    hostile = rewrite_bundle(signed, tmp_path / "hostile.zip", extra={name: b"boom"})
    refused(office, hostile, "unexpected file")
    assert not (tmp_path / "etc").exists()


def test_duplicate_entry(office: Workspace, signed: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(signed) as archive:
        manifest = archive.read(MANIFEST_NAME)
    twice = tmp_path / "twice.zip"
    with pytest.warns(UserWarning):  # zipfile itself warns about the duplicate name
        rewrite_bundle(signed, twice, extra={MANIFEST_NAME: manifest})
    refused(office, twice, "twice")


def test_evidence_not_listed_or_missing(office: Workspace, signed: Path, tmp_path: Path) -> None:
    extra = rewrite_bundle(signed, tmp_path / "extra.zip", extra={"evidence/" + "0" * 64: b"x"})
    refused(office, extra, "does not list")
    with zipfile.ZipFile(signed) as archive:
        first = min(n for n in archive.namelist() if n.startswith("evidence/"))
    lacking = rewrite_bundle(
        signed, tmp_path / "lacking.zip", lambda n, d: None if n == first else d
    )
    refused(office, lacking, "lacks")


def test_zip_bomb_is_stopped_by_the_declared_sizes(
    office: Workspace, signed: Path, tmp_path: Path
) -> None:
    """An entry whose ZIP headers understate what it inflates to."""
    with zipfile.ZipFile(signed) as archive:
        name = next(n for n in archive.namelist() if n.startswith("evidence/"))
        size = archive.getinfo(name).file_size
    bomb = rewrite_bundle(
        signed, tmp_path / "bomb.zip", lambda n, d: bytes(20_000_000) if n == name else d
    )
    data = bytearray(bomb.read_bytes())
    # Patch the central directory's uncompressed size down to what the manifest declares.
    header = data.find(b"PK\x01\x02")
    while data[header + 46 : header + 46 + len(name)] != name.encode():
        header = data.find(b"PK\x01\x02", header + 1)
    struct.pack_into("<I", data, header + 24, size)
    bomb.write_bytes(bytes(data))
    refused(office, bomb, "evidence")


def test_oversized_manifest(
    office: Workspace, signed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(container, "MAX_MANIFEST_BYTES", 1000)
    monkeypatch.setattr("app.handover.verify.MAX_MANIFEST_BYTES", 1000)
    refused(office, signed, "implausible size")


def test_unsigned_needs_explicit_consent(office: Workspace, unsigned: Path) -> None:
    error = refused(office, unsigned, "not signed", inspectable=True)
    assert error.code == "unsigned"
    result = office.handover.import_bundle(unsigned, allow_unsigned=True)
    assert result.case == "created" and result.bundle.signer is None
    assert any("unsigned" in note["en"] for note in result.notes)


def test_a_score_that_does_not_follow_from_the_answers(
    office: Workspace, unsigned: Path, tmp_path: Path
) -> None:
    inflated = rewrite_bundle(
        unsigned, tmp_path / "score.zip", _manifest_edit(lambda b: b["case"].update(score=99.0))
    )
    refused(
        office, inflated, "does not follow from its answers", inspectable=True, allow_unsigned=True
    )


def test_signature_entry_removed_is_not_an_unsigned_bundle(
    office: Workspace, signed: Path, tmp_path: Path
) -> None:
    stripped = rewrite_bundle(
        signed, tmp_path / "stripped.zip", lambda n, d: None if n == SIGNATURE_NAME else d
    )
    refused(office, stripped, "signature is missing", allow_unsigned=True)
