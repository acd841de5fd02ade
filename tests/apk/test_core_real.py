"""The pipeline on real APKs from ../shared/apks (skipped when the corpus is absent).

The formal accuracy score is tests/apk/test_accuracy.py; these pin down a few
facts per app that the readers must get exactly right.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.apk.pipeline import analyze_file

APKS = Path(
    os.environ.get("IHSA_TEST_APKS")
    or Path(__file__).resolve().parents[2] / ".." / "shared" / "apks"
)

pytestmark = pytest.mark.slow


def _analyze(name: str) -> dict:
    path = APKS / name
    if not path.is_file():
        pytest.skip(f"real APK {name} not found in {APKS.resolve()}")
    return analyze_file(path)


def test_insecure_bank() -> None:
    report = _analyze("InsecureBankv2__InsecureBankv2.apk")
    assert (report["package"], report["min_sdk"], report["target_sdk"]) == (
        "com.android.insecurebankv2", 15, 22,
    )  # fmt: skip
    signing = report["signing"]
    assert (signing["v1"], signing["v2"], signing["debug_certificate"]) == (True, False, False)
    assert [c["subject"] for c in signing["certificates"]] == [
        "CN=Dinesh Shetty,OU=Services,O=SI,L=Boston,ST=MA"
    ]
    manifest = report["manifest"]
    assert manifest["debuggable"] is True
    assert manifest["exported_launcher"] == ["activity:com.android.insecurebankv2.LoginActivity"]
    assert (
        "provider:com.android.insecurebankv2.TrackUserContentProvider"
        in manifest["exported_unprotected"]
    )
    checks = report["checks"]
    for key in ("webview_js_enabled", "weak_crypto", "hardcoded_secrets", "root_detection"):
        assert checks[key]["result"] is True, key
    assert checks["webview_js_interface"]["result"] is False  # only library code uses it
    assert report["rule_status"]["APK-SIGN-JANUS"] == "fired"


@pytest.mark.parametrize(
    ("name", "debuggable"),
    [
        ("androguard__apksig_debuggable-boolean.apk", True),
        ("androguard__apksig_debuggable-resource.apk", False),  # @bool resolves to false
    ],
)
def test_debuggable_flag(name: str, debuggable: bool) -> None:
    assert _analyze(name)["manifest"]["debuggable"] is debuggable


def test_rotated_v31_certificate_is_listed_apart() -> None:
    signing = _analyze("androguard__apksig_v31-ec-p256-2-tgt-33-1-tgt-28-targetSdk-30.apk")[
        "signing"
    ]
    assert (signing["v1"], signing["v2"], signing["v3"], signing["v31"]) == (True,) * 4
    assert [c["subject"] for c in signing["certificates"]] == ["CN=ec-p256"]
    assert [c["subject"] for c in signing["v31_certificates"]] == ["CN=ec-p256_2"]


def test_dex_only_archive_is_analysed_with_a_degraded_note() -> None:
    report = _analyze("androguard__multidex.apk")
    assert report["checks"]["multidex"]["result"] is True
    assert report["signing"]["signed"] is False
    assert report["completeness"]["degraded"]


def test_packed_app_is_never_reported_clean() -> None:
    report = _analyze("rednaga-training__bangcle_nh.four.apk")
    assert report["completeness"]["packed"] is True
    assert report["checks"]["insecure_trustmanager"]["result"] is None
    assert report["rule_status"]["APK-SIGN-DEBUG-CERT"] == "fired"  # AOSP test key


def test_obfuscated_crackme_and_its_protections() -> None:
    report = _analyze("owasp-mastg__UnCrackable-Level1.apk")
    checks = report["checks"]
    assert checks["obfuscation"]["result"] is True
    assert checks["root_detection"]["result"] is True
    assert checks["anti_debug"]["result"] is True
    assert report["rule_status"]["APK-CRYPTO-ECB"] == "fired"
