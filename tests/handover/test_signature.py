"""Tampering with a signed bundle is caught, and a re-signed one names who re-signed it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app import i18n
from app.errors import IntegrityError
from app.handover.manifest import MANIFEST_NAME, SIGNATURE_NAME
from app.handover.signature import sign_manifest
from app.security.keystore import SigningIdentity
from app.services.workspace import Workspace
from tests.handover.conftest import make_case, rewrite_bundle, row_counts


@pytest.fixture(autouse=True)
def english() -> None:
    i18n.set_language("en")  # the shared conftest restores Chinese afterwards


@pytest.fixture
def signed(laptop: Workspace, identity: SigningIdentity, tmp_path: Path) -> Path:
    case_id = make_case(laptop, tmp_path / "files")
    bundle = tmp_path / "case.ihsa-case"
    laptop.handover.export_case(case_id, bundle, identity=identity)
    return bundle


def _with_failed_answer(name: str, data: bytes) -> bytes | None:
    if name != MANIFEST_NAME:
        return data
    body = json.loads(data)
    body["answers"][0]["note"] = "改过的备注"
    return json.dumps(body, ensure_ascii=False).encode()


def test_a_changed_answer_breaks_the_signature(
    office: Workspace, signed: Path, tmp_path: Path
) -> None:
    tampered = rewrite_bundle(signed, tmp_path / "tampered.zip", _with_failed_answer)
    counts = row_counts(office)
    with pytest.raises(IntegrityError, match="changed after it was signed"):
        office.handover.import_bundle(tampered)
    with pytest.raises(IntegrityError, match="changed after it was signed"):
        office.handover.inspect(tampered)
    assert row_counts(office) == counts


def test_a_swapped_evidence_file_is_caught(office: Workspace, signed: Path, tmp_path: Path) -> None:
    def swap(name: str, data: bytes) -> bytes | None:
        return bytes(reversed(data)) if name.startswith("evidence/") else data

    swapped = rewrite_bundle(signed, tmp_path / "swapped.zip", swap)
    counts = row_counts(office)
    with pytest.raises(IntegrityError, match="altered or swapped"):
        office.handover.import_bundle(swapped)
    assert row_counts(office) == counts


def test_a_replaced_signature_names_the_real_signer(
    office: Workspace, signed: Path, other_identity: SigningIdentity, tmp_path: Path
) -> None:
    """Someone re-signs the unchanged manifest with their own certificate."""

    def resign(name: str, data: bytes) -> bytes | None:
        return data if name != SIGNATURE_NAME else None

    stripped = rewrite_bundle(signed, tmp_path / "stripped.zip", resign)
    with zipfile.ZipFile(signed) as archive:
        manifest = archive.read(MANIFEST_NAME)
    resigned = rewrite_bundle(
        stripped,
        tmp_path / "resigned.zip",
        extra={SIGNATURE_NAME: sign_manifest(manifest, other_identity)},
    )
    with pytest.raises(IntegrityError) as info:
        office.handover.import_bundle(resigned)
    message = info.value.message("en")
    assert "Mallory" in message and other_identity.fingerprint[:16] in message
    assert "张检查" in message and "replaced" in message


def test_a_tampered_and_re_signed_bundle_is_shown_with_its_signer(
    laptop: Workspace,
    office: Workspace,
    signed: Path,
    identity: SigningIdentity,
    other_identity: SigningIdentity,
    tmp_path: Path,
) -> None:
    """A consistent forgery verifies, but the user sees who signed it and that the
    certificate differs from the one that signed this case before."""
    office.handover.import_bundle(signed)
    with zipfile.ZipFile(signed) as archive:
        body = json.loads(archive.read(MANIFEST_NAME))
    body["answers"][0]["note"] = "伪造"
    body["signer"] = {"fingerprint": other_identity.fingerprint, "subject": "Mallory"}
    forged_manifest = json.dumps(body, ensure_ascii=False).encode()
    forged = rewrite_bundle(
        signed,
        tmp_path / "forged.zip",
        lambda name, data: {
            MANIFEST_NAME: forged_manifest,
            SIGNATURE_NAME: sign_manifest(forged_manifest, other_identity),
        }.get(name, data),
    )

    summary = office.handover.inspect(forged)
    assert summary.signer is not None
    assert (summary.signer.subject, summary.signer.fingerprint) == (
        "Mallory",
        other_identity.fingerprint,
    )
    plan = office.handover.import_bundle(forged, dry_run=True)
    assert any(
        "different certificate" in note["en"] and "Mallory" in note["en"] for note in plan.notes
    )
    assert identity.fingerprint != other_identity.fingerprint


def test_a_damaged_signature(office: Workspace, signed: Path, tmp_path: Path) -> None:
    garbled = rewrite_bundle(
        signed,
        tmp_path / "garbled.zip",
        lambda n, d: d[:40] + b"\0" * 40 if n == SIGNATURE_NAME else d,
    )
    with pytest.raises(IntegrityError, match="signature is damaged"):
        office.handover.inspect(garbled)
