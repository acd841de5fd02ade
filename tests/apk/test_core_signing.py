"""Signature schemes, certificate facts and the signing rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.apk.pipeline import analyze_file
from tests.apk.builders import (
    aosp_test_cert,
    debug_cert,
    ec_cert,
    expired_cert,
    manifest_xml,
    release_cert,
    rsa1024_cert,
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
