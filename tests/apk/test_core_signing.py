"""Signature schemes, certificate facts and the signing rules."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.apk.consistency import compare, signature_verdict
from app.apk.pipeline import analyze_file
from tests.apk.builders import (
    aosp_test_cert,
    debug_cert,
    ec_cert,
    encode_axml,
    expired_cert,
    manifest_xml,
    other_release_cert,
    release_cert,
    rsa1024_cert,
)
from tests.apk.builders.apk import zip_entries
from tests.apk.builders.signing import (
    SIG_RSA_PKCS1_SHA512,
    SIG_RSA_PSS_SHA256,
    SIG_VERITY_RSA_PKCS1_SHA256,
    V2_BLOCK_ID,
    append_entry,
    flip_stored_byte,
    insert_signing_block,
    jar_signature_files,
    strip_signing_block,
)

MakeApk = Callable[..., Path]


@pytest.mark.parametrize(
    ("sign", "schemes"),
    [
        ("v1", (True, False, False)),
        ("v2", (False, True, False)),
        ("v1v2v3", (True, True, True)),
    ],
)
def test_signature_schemes_are_detected(make_apk: MakeApk, sign: str, schemes: tuple) -> None:
    signing = analyze_file(make_apk(sign=sign))["signing"]
    assert (signing["v1"], signing["v2"], signing["v3"]) == schemes
    assert signing["v31"] is False and signing["signed"] is True


def test_certificate_facts(make_apk: MakeApk) -> None:
    cert = release_cert()
    result = analyze_file(make_apk(sign="v1v2v3", cert=cert))
    (entry,) = result["signing"]["certificates"]
    assert entry["sha256"] == cert.sha256
    assert entry["subject"] == cert.cert.subject.rfc4514_string()
    assert entry["key"] == "RSAPublicKey-2048"
    assert entry["schemes"] == ["v1", "v2", "v3"]
    assert entry["not_before"] < entry["not_after"]
    assert result["signing"]["v1_signer_digests"] == ["SHA-256"]


def test_ec_key_is_reported_with_its_curve_size(make_apk: MakeApk) -> None:
    (entry,) = analyze_file(make_apk(sign="v2", cert=ec_cert()))["signing"]["certificates"]
    assert entry["key"] == "ECPublicKey-256"


def test_unsigned_apk_fires_only_the_unsigned_rule_of_the_signing_group(
    make_apk: MakeApk,
) -> None:
    statuses = analyze_file(make_apk(sign=None))["rule_status"]
    assert statuses["APK-SIGN-UNSIGNED"] == "fired"
    for rule in ("APK-SIGN-DEBUG-CERT", "APK-SIGN-WEAK-ALGO", "APK-SIGN-JANUS"):
        assert statuses[rule] == "clear"


@pytest.mark.parametrize("cert_factory", [debug_cert, aosp_test_cert])
def test_debug_and_aosp_test_certificates_fire(make_apk: MakeApk, cert_factory) -> None:
    result = analyze_file(make_apk(sign="v1v2", cert=cert_factory()))
    assert result["rule_status"]["APK-SIGN-DEBUG-CERT"] == "fired"
    assert result["signing"]["debug_certificate"] is (cert_factory is debug_cert)
    assert result["signing"]["aosp_test_key"] is (cert_factory is aosp_test_cert)


@pytest.mark.parametrize(
    ("kwargs", "evidence"),
    [
        ({"cert": rsa1024_cert(), "sign": "v2"}, "RSAPublicKey-1024"),
        ({"sign": "v1", "v1_digest": "md5"}, "digest MD5"),
        ({"sign": "v1", "v1_digest": "sha1"}, "digest SHA-1"),
    ],
)
def test_weak_signature_algorithms_fire(make_apk: MakeApk, kwargs: dict, evidence: str) -> None:
    result = analyze_file(make_apk(**kwargs))
    assert result["rule_status"]["APK-SIGN-WEAK-ALGO"] == "fired"
    (finding,) = [f for f in result["findings"] if f["rule_id"] == "APK-SIGN-WEAK-ALGO"]
    assert any(evidence in line for line in finding["evidence"])


def test_modern_signature_is_not_weak(make_apk: MakeApk) -> None:
    assert analyze_file(make_apk(sign="v1v2"))["rule_status"]["APK-SIGN-WEAK-ALGO"] == "clear"


@pytest.mark.parametrize(
    ("sign", "min_sdk", "status"), [("v1", 19, "fired"), ("v1", 24, "clear"), ("v1v2", 19, "clear")]
)
def test_janus_needs_v1_only_and_min_sdk_below_24(
    make_apk: MakeApk, sign: str, min_sdk: int, status: str
) -> None:
    apk = make_apk(sign=sign, manifest=manifest_xml(min_sdk=min_sdk))
    assert analyze_file(apk)["rule_status"]["APK-SIGN-JANUS"] == status


def test_expired_certificate_fires(make_apk: MakeApk) -> None:
    result = analyze_file(make_apk(sign="v2", cert=expired_cert()))
    assert result["rule_status"]["APK-SIGN-CERT-EXPIRED"] == "fired"
    assert analyze_file(make_apk(name="ok.apk"))["rule_status"]["APK-SIGN-CERT-EXPIRED"] == "clear"


# -- verification ------------------------------------------------------------------------

STORED = "resources.arsc"  # the one entry the builder stores uncompressed
PAYLOAD = bytes(range(256)) * 64  # raw bytes; the default manifest never reads resources


def _verified(apk: Path, **kwargs) -> dict:
    return analyze_file(apk, **kwargs)["signing"]


@pytest.mark.parametrize("sign", ["v1", "v2", "v3", "v1v2", "v1v2v3"])
@pytest.mark.parametrize("cert_factory", [release_cert, ec_cert])
@pytest.mark.parametrize("min_sdk", [19, 24])
def test_valid_signatures_verify(make_apk: MakeApk, sign: str, cert_factory, min_sdk: int) -> None:
    apk = make_apk(sign=sign, cert=cert_factory(), manifest=manifest_xml(min_sdk=min_sdk))
    result = analyze_file(apk)
    signing = result["signing"]
    assert signing["signature_valid"] is True, signing["verified"]
    assert signing["verified"]["problems"] == []
    for scheme in ("v2", "v3"):
        assert signing["verified"][scheme] is (True if scheme in sign else None)
    relies_on_v1 = "v1" in sign and (min_sdk < 24 or sign == "v1")
    assert signing["verified"]["v1"] is (True if relies_on_v1 else None)
    assert all(s["verified"] is not False for s in signing["signers"])
    assert result["rule_status"]["APK-SIGN-INVALID"] == "clear"


@pytest.mark.parametrize("v1_digest", ["sha1", "md5"])
def test_v1_with_old_digests_and_signed_attributes_verifies(
    make_apk: MakeApk, v1_digest: str
) -> None:
    apk = make_apk(sign="v1", v1_digest=v1_digest, v1_signed_attributes=True)
    assert _verified(apk)["verified"]["v1"] is True


@pytest.mark.parametrize(
    ("algorithm", "name"),
    [(SIG_RSA_PSS_SHA256, "PSS"), (SIG_RSA_PKCS1_SHA512, "SHA-512 content digest")],
)
def test_v2_pss_and_sha512_verify(make_apk: MakeApk, algorithm: int, name: str) -> None:
    signing = _verified(make_apk(sign="v2", block_algorithm=algorithm))
    assert signing["verified"]["v2"] is True, name


def test_flipped_byte_in_a_stored_entry_fails_v2(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v2", resources=PAYLOAD)
    flip_stored_byte(apk, STORED, offset=100)
    result = analyze_file(apk)
    signing = result["signing"]
    assert (signing["verified"]["v2"], signing["signature_valid"]) == (False, False)
    assert any("content digest mismatch" in p for p in signing["verified"]["problems"])
    assert [s["verified"] for s in signing["signers"]] == [False]
    (finding,) = [f for f in result["findings"] if f["rule_id"] == "APK-SIGN-INVALID"]
    assert finding["severity"] == "critical"
    assert any("content digest mismatch" in line for line in finding["evidence"])
    assert "IH-MOB-01" in finding["checklist_items"]


def test_v3_and_v2_share_one_content_digest_and_both_fail(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v2v3", resources=PAYLOAD)
    flip_stored_byte(apk, STORED)
    verified = _verified(apk)["verified"]
    assert (verified["v2"], verified["v3"]) == (False, False)


def test_corrupted_block_signature_fails(make_apk: MakeApk) -> None:
    signing = _verified(make_apk(sign="v2", corrupt_block_signature=True))
    assert signing["verified"]["v2"] is False
    assert any("does not verify" in p for p in signing["verified"]["problems"])


@pytest.mark.parametrize(
    ("algorithm", "reason"),
    [(SIG_VERITY_RSA_PKCS1_SHA256, "verity"), (0x0999, "no supported signature algorithm")],
)
def test_verity_only_or_unknown_algorithm_is_undecided_with_a_reason(
    make_apk: MakeApk, algorithm: int, reason: str
) -> None:
    result = analyze_file(make_apk(sign="v2", block_algorithm=algorithm))
    signing = result["signing"]
    assert (signing["verified"]["v2"], signing["signature_valid"]) == (None, None)
    assert any(reason in p for p in signing["verified"]["problems"])
    assert result["rule_status"]["APK-SIGN-INVALID"] == "unknown"


def test_v1_entry_changed_after_signing_fails(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v1", resources=PAYLOAD)
    flip_stored_byte(apk, STORED)
    signing = _verified(apk)
    assert (signing["verified"]["v1"], signing["signature_valid"]) == (False, False)
    (problem,) = signing["verified"]["problems"]
    assert "does not match" in problem and STORED in problem


def test_v1_entry_missing_from_manifest_fails(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v1")
    append_entry(apk, "assets/injected.bin", b"added after signing")
    signing = _verified(apk)
    assert signing["verified"]["v1"] is False
    assert any(
        "not listed in MANIFEST.MF" in p and "assets/injected.bin" in p
        for p in signing["verified"]["problems"]
    )


def test_meta_inf_entries_are_not_covered_by_v1(make_apk: MakeApk) -> None:
    """Android skips META-INF/ when checking v1 entries; so do we."""
    apk = make_apk(sign="v1")
    append_entry(apk, "META-INF/extra.txt", b"not part of the JAR signature")
    assert _verified(apk)["verified"]["v1"] is True


def test_v1_not_checked_entry_by_entry_when_android_uses_v2(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v1v2", manifest=manifest_xml(min_sdk=24), resources=PAYLOAD)
    flip_stored_byte(apk, STORED)
    verified = _verified(apk)["verified"]
    assert (verified["v1"], verified["v2"]) == (None, False)
    assert any("v1 entry digests not checked" in n for n in verified["notes"])


def test_manifest_rewritten_to_match_a_changed_entry_fails(tmp_path: Path) -> None:
    """An attacker who updates MANIFEST.MF for a patched DEX still cannot fix the .SF."""
    cert = release_cert()
    original = {"AndroidManifest.xml": encode_axml(manifest_xml()), "classes.dex": b"dex\n035"}
    patched = {**original, "classes.dex": b"dex\n035 patched"}
    meta = jar_signature_files(original, cert)
    meta["META-INF/MANIFEST.MF"] = jar_signature_files(patched, cert)["META-INF/MANIFEST.MF"]
    apk = tmp_path / "patched.apk"
    apk.write_bytes(zip_entries({**patched, **meta}))
    verified = _verified(apk)["verified"]
    assert verified["v1"] is False
    assert any("classes.dex" in p and ".SF" in p for p in verified["problems"])


def test_stripped_v2_block_is_detected(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v1v2", manifest=manifest_xml(min_sdk=19))
    strip_signing_block(apk)
    signing = _verified(apk)
    assert (signing["v2"], signing["verified"]["v1"], signing["signature_valid"]) == (
        False,
        False,
        False,
    )
    assert any("stripped" in p for p in signing["verified"]["problems"])


def test_stray_signature_block_signs_nothing(make_apk: MakeApk) -> None:
    """The official CERT.RSA dropped into an APK signed by someone else does not match."""
    official, other = release_cert(), other_release_cert()
    stray = jar_signature_files({"a": b"a"}, official, signer_name="OFFICIAL")
    apk = make_apk(
        sign="v1v2", cert=other, files={"META-INF/OFFICIAL.RSA": stray["META-INF/OFFICIAL.RSA"]}
    )
    result = analyze_file(apk, official_certs=[official.sha256])
    signing = result["signing"]
    assert signing["signature_valid"] is True
    by_source = {s["source"]: s["verified"] for s in signing["signers"] if s["scheme"] == "v1"}
    assert by_source == {"META-INF/CERT.RSA": True, "META-INF/OFFICIAL.RSA": False}
    assert any("OFFICIAL.RSA has no matching .SF" in n for n in signing["verified"]["notes"])
    assert result["consistency"]["cert"] == "mismatch"


def test_official_certificate_on_a_tampered_apk_is_not_a_match(make_apk: MakeApk) -> None:
    cert = release_cert()
    apk = make_apk(sign="v2", cert=cert, resources=PAYLOAD)
    intact = analyze_file(apk, official_certs=[cert.sha256])["consistency"]
    assert (intact["cert"], intact["tampered"]) == ("match", False)
    flip_stored_byte(apk, STORED)
    result = analyze_file(apk, official_certs=[cert.sha256])
    consistency = result["consistency"]
    assert (consistency["cert"], consistency["tampered"]) == ("mismatch", True)
    assert "changed after signing" in consistency["verdict_en"]
    assert "篡改" in consistency["verdict_zh"]
    assert result["rule_status"]["APK-CONS-CERT-MISMATCH"] == "fired"


def test_compare_keeps_match_when_the_signature_verifies_or_is_undecided() -> None:
    cert = release_cert().sha256
    for valid in (True, None):
        assert compare([cert], True, 1, [cert], 1, signature_valid=valid)["cert"] == "match"
    assert compare([cert], True, 1, [cert], 1)["cert"] == "match"  # old callers
    assert compare([cert], True, 1, [cert], 1, signature_valid=False)["cert"] == "mismatch"


def test_unsigned_apk_is_not_judged_invalid(make_apk: MakeApk) -> None:
    result = analyze_file(make_apk(sign=None))
    assert result["signing"]["signature_valid"] is None
    assert result["rule_status"]["APK-SIGN-INVALID"] == "clear"


# -- malformed signatures: a problem line and null, never an exception ----------------


def lp(data: bytes) -> bytes:
    return struct.pack("<I", len(data)) + data


def lp_raw(length: int, data: bytes) -> bytes:
    """A length prefix that lies about what follows."""
    return struct.pack("<I", length) + data


def _signer_blob(**overrides: bytes) -> bytes:
    cert = release_cert()
    parts = {
        "signed_data": lp(lp(b"") + lp(lp(cert.der)) + lp(b"")),
        "signatures": lp(lp(struct.pack("<I", 0x0103) + lp(b"sig"))),
        "public_key": lp(cert.public_key_der),
    }
    parts.update(overrides)
    return parts["signed_data"] + parts["signatures"] + parts["public_key"]


MALFORMED_BLOCKS = {  # kind -> (v2 block value, verdict)
    "huge signers length": (lp_raw(0xFFFFFFF0, b""), None),
    "truncated signer": (lp(lp(b"\x10\x00")), None),
    "huge signed data length": (lp(lp(lp_raw(0x7FFFFFFF, b"abc"))), None),
    "truncated signature record": (lp(lp(_signer_blob(signatures=lp(lp(b"\x03\x01"))))), None),
    "garbage public key": (lp(lp(_signer_blob(public_key=lp(b"not a key")))), None),
    "empty": (b"", None),
    "no signatures": (lp(lp(_signer_blob(signatures=lp(b"")))), False),
}


@pytest.mark.parametrize("kind", list(MALFORMED_BLOCKS))
def test_malformed_v2_block_never_raises(tmp_path: Path, kind: str) -> None:
    value, verdict = MALFORMED_BLOCKS[kind]
    image = zip_entries({"AndroidManifest.xml": encode_axml(manifest_xml())})
    apk = tmp_path / "bad.apk"
    apk.write_bytes(insert_signing_block(image, [(V2_BLOCK_ID, value)]))
    result = analyze_file(apk)
    verified = result["signing"]["verified"]
    assert verified["v2"] is verdict
    assert verified["problems"], kind
    assert result["signing"]["signature_valid"] is verdict
    expected_status = "unknown" if verdict is None else "fired"
    assert result["rule_status"]["APK-SIGN-INVALID"] == expected_status


def test_garbage_pkcs7_is_undecided(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v1")
    bad = make_apk(
        name="bad.apk",
        sign=None,
        files={
            **{n: z for n, z in _meta_inf(apk).items() if not n.endswith(".RSA")},
            "META-INF/CERT.RSA": b"\x30\x82\xff\xff garbage",
        },
    )
    verified = _verified(bad)["verified"]
    assert verified["v1"] in (None, False)
    assert any("CERT.RSA" in p for p in verified["problems"])


def _meta_inf(apk: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(apk) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("META-INF/")}


def test_changed_dex_with_the_original_signature_names_the_entry(tmp_path: Path) -> None:
    """classes.dex is hashed while the DEX stage reads it (not inflated twice): still checked."""
    cert = release_cert()
    original = {
        "AndroidManifest.xml": encode_axml(manifest_xml(min_sdk=19)),
        "classes.dex": b"dex\n035" + bytes(200),
    }
    patched = {**original, "classes.dex": b"dex\n035" + bytes(199) + b"\x01"}
    apk = tmp_path / "repackaged.apk"
    apk.write_bytes(zip_entries({**patched, **jar_signature_files(original, cert)}))
    verified = _verified(apk)["verified"]
    assert verified["v1"] is False
    assert any("does not match" in p and "classes.dex" in p for p in verified["problems"])


def test_archive_stream_matches_read_and_digests_are_tapped(make_apk: MakeApk) -> None:
    from app.apk.archive import ApkArchive

    apk = make_apk(sign=None, files={"assets/big.bin": bytes(range(256)) * 20000})
    with ApkArchive(apk) as archive:
        entry = archive.get("assets/big.bin")
        assert entry is not None
        pieces = list(archive.stream(entry, piece=64 * 1024))
        assert len(pieces) > 1 and b"".join(pieces) == archive.read(entry)
        archive.want_digests({"assets/big.bin": "sha256"})
        data = archive.read("assets/big.bin")
        assert archive.entry_digests["assets/big.bin"] == (
            "sha256",
            hashlib.sha256(data).digest(),
        )


# -- real APKs (skipped when ../shared/apks is absent) -----------------------------------

APKS = Path(__file__).resolve().parents[2] / ".." / "shared" / "apks"
UNSIGNED = {
    "androguard__TestActivity_unsigned.apk",
    "androguard__multidex.apk",
    "quark-apk-samples__diva.apk",
}
# CertChain.apk is a trimmed copy: its .SF says "X-Android-APK-Signed: 2" but the v2
# block is gone (and most entries), so Android 7+ refuses it.
INVALID = {"androguard__CertChain.apk": "stripped"}


def _corpus() -> list[Path]:
    if not APKS.is_dir():
        pytest.skip(f"real APK corpus not found at {APKS.resolve()}")
    return sorted(APKS.glob("*.apk"))


@pytest.mark.slow
def test_every_signed_corpus_apk_verifies_as_its_ground_truth_implies() -> None:
    wrong = []
    for path in _corpus():
        signing = analyze_file(path)["signing"]
        expected = None if path.name in UNSIGNED else path.name not in INVALID
        if signing["signature_valid"] is not expected:
            wrong.append((path.name, signing["signature_valid"], signing["verified"]))
        reason = INVALID.get(path.name)
        if reason and not any(reason in p for p in signing["verified"]["problems"]):
            wrong.append((path.name, "no problem saying", reason))
    assert not wrong


@pytest.mark.slow
def test_partial_signature_stray_block_is_not_a_signer() -> None:
    path = next((p for p in _corpus() if p.name == "androguard__partialsignature.apk"), None)
    if path is None:
        pytest.skip("androguard__partialsignature.apk not in the corpus")
    signing = analyze_file(path)["signing"]
    by_source = {s["source"]: s for s in signing["signers"]}
    assert by_source["META-INF/6AD89F48.RSA"]["verified"] is True
    assert by_source["META-INF/CERT.RSA"]["verified"] is False
    assert (signing["verified"]["v1"], signing["signature_valid"]) == (True, True)
    stray_cert = by_source["META-INF/CERT.RSA"]["certificates"][0]
    fdroid_cert = by_source["META-INF/6AD89F48.RSA"]["certificates"][0]
    consistency = analyze_file(path, official_certs=[stray_cert])["consistency"]
    assert consistency["cert"] == "mismatch"  # the stray block's certificate signs nothing
    assert analyze_file(path, official_certs=[fdroid_cert])["consistency"]["cert"] == "match"


# -- the verdict in words (CLI, wizard, report) ------------------------------------


def test_verdict_of_a_valid_signature_names_the_schemes(make_apk: MakeApk) -> None:
    verdict = signature_verdict(_verified(make_apk(sign="v1v2")))
    assert verdict["zh"].startswith("签名校验通过（")
    assert verdict["en"].startswith("signatures verify (") and "v2" in verdict["en"]


def test_verdict_of_a_file_changed_after_signing_names_the_problem(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v2", resources=PAYLOAD)
    flip_stored_byte(apk, STORED, offset=100)
    verdict = signature_verdict(_verified(apk))
    assert verdict["zh"].startswith("签名校验失败：")
    assert "content digest mismatch" in verdict["en"]


def test_unsigned_and_older_analyses_never_look_verified() -> None:
    assert signature_verdict({"v1": False, "signed": False})["en"] == "unsigned"
    older = signature_verdict({"v1": True, "signed": True, "certificates": []})
    assert older["en"].startswith("signatures not verified")
    undecided = signature_verdict(
        {
            "v2": True,
            "signed": True,
            "signature_valid": None,
            "verified": {"schemes_used": ["v2"], "problems": [], "notes": ["verity only"]},
        }
    )
    assert undecided["en"] == "signatures not fully verified: verity only"
