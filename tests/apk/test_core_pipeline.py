"""analyze_file: the JSON contract, packed apps, official-version consistency,
checklist links, progress and cancellation, and not-an-APK errors."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.apk.catalog import analyzer_data
from app.apk.errors import ApkError
from app.apk.pipeline import analyze_file
from app.errors import JobCancelled, ValidationError
from app.jobs import CancelToken
from tests.apk.builders import (
    CLEAN_CLEAR,
    VULNERABLE_FIRES,
    DexBuilder,
    manifest_xml,
    other_release_cert,
    release_cert,
)

MakeApk = Callable[..., Path]
CHECK_KEYS = {
    "webview_js_enabled",
    "webview_js_interface",
    "webview_ssl_error_ignored",
    "insecure_trustmanager",
    "insecure_hostname_verifier",
    "weak_crypto",
    "hardcoded_secrets",
    "cleartext_http_urls",
    "sql_injection",
    "sensitive_logging",
    "root_detection",
    "anti_debug",
    "obfuscation",
    "multidex",
}


def _dex() -> DexBuilder:
    dex = DexBuilder()
    dex.add_class("Lcom/example/hospital/MainActivity;").constructor()
    return dex


def test_report_follows_the_json_contract(vulnerable_apk: Path) -> None:
    report = analyze_file(vulnerable_apk)
    for key in (
        "file", "package", "version_code", "version_name", "min_sdk", "target_sdk", "signing",
        "manifest", "checks", "packers", "sdks", "findings", "rule_status", "consistency",
        "completeness", "native_libs", "timings", "analyzer_version",
    ):  # fmt: skip
        assert key in report, key
    assert set(report["checks"]) == CHECK_KEYS
    for check in report["checks"].values():
        assert set(check) == {"result", "evidence"}
        assert check["result"] in (True, False, None)
    assert set(report["rule_status"]) == set(analyzer_data().rules)
    for finding in report["findings"]:
        assert set(finding) >= {
            "rule_id", "severity", "title", "remediation", "evidence", "checklist_items",
        }  # fmt: skip
        assert report["rule_status"][finding["rule_id"]] == "fired"
        assert set(finding["title"]) == {"zh", "en"}
    assert report["file"]["size"] == vulnerable_apk.stat().st_size


def test_sample_apps_fire_and_clear_what_they_were_built_for(
    vulnerable_apk: Path, clean_apk: Path
) -> None:
    fired = analyze_file(vulnerable_apk)["rule_status"]
    assert {rule for rule in VULNERABLE_FIRES if fired[rule] != "fired"} == set()
    clear = analyze_file(clean_apk)["rule_status"]
    assert {rule for rule in CLEAN_CLEAR if clear[rule] != "clear"} == set()


def test_packed_app_leaves_code_checks_undecided(make_apk: MakeApk) -> None:
    apk = make_apk(
        dex=[_dex()],
        files={"lib/armeabi-v7a/libjiagu.so": b"\x7fELF", "assets/libjiagu_a64.so": b"x"},
    )
    report = analyze_file(apk)
    assert report["completeness"]["packed"] is True
    assert report["packers"]
    for key in CHECK_KEYS - {"multidex"}:
        assert report["checks"][key]["result"] is None, key
    assert report["rule_status"]["APK-TLS-TRUST-ALL"] == "unknown"
    assert report["rule_status"]["APK-RES-NO-ROOT-DETECT"] == "unknown"
    assert report["rule_status"]["APK-RES-NO-HARDENING"] == "clear"


def test_official_certificate_and_version_consistency(make_apk: MakeApk) -> None:
    apk = make_apk(sign="v1v2", cert=release_cert(), manifest=manifest_xml(version_code=7))
    fingerprint = release_cert().sha256.upper()
    colons = ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2))
    same = analyze_file(apk, official_certs=[colons], official_version_code=7)
    assert (same["consistency"]["cert"], same["consistency"]["version"]) == ("match", "current")
    assert same["rule_status"]["APK-CONS-CERT-MISMATCH"] == "clear"

    other = analyze_file(apk, official_certs=[other_release_cert().sha256], official_version_code=9)
    assert (other["consistency"]["cert"], other["consistency"]["version"]) == (
        "mismatch",
        "outdated",
    )
    fired = {f["rule_id"]: f["severity"] for f in other["findings"]}
    assert fired["APK-CONS-CERT-MISMATCH"] == "critical"
    assert "APK-CONS-VERSION-OUTDATED" in fired

    newer = analyze_file(apk, official_version_code=3)["consistency"]
    assert (newer["cert"], newer["version"]) == ("unknown", "newer")
    assert analyze_file(apk)["rule_status"]["APK-CONS-CERT-MISMATCH"] == "unknown"


def test_another_package_name_is_reported_and_its_version_not_compared(
    make_apk: MakeApk,
) -> None:
    apk = make_apk(
        sign="v1v2",
        cert=release_cert(),
        manifest=manifest_xml(package="com.other.clinic", version_code=3),
    )
    other = analyze_file(
        apk,
        official_certs=[release_cert().sha256],
        official_version_code=9,
        official_package="cn.example.hospital",
    )
    consistency = other["consistency"]
    assert (consistency["package"], consistency["cert"], consistency["version"]) == (
        "mismatch",
        "match",
        "unknown",  # versionCode 3 of another app says nothing about release 9
    )
    assert "com.other.clinic" in consistency["verdict_zh"]
    assert "cn.example.hospital" in consistency["verdict_en"]
    fired = {f["rule_id"]: f for f in other["findings"]}
    assert fired["APK-CONS-PACKAGE-MISMATCH"]["severity"] == "high"
    assert "APK-CONS-VERSION-OUTDATED" not in fired

    same = analyze_file(apk, official_package="com.other.clinic")
    assert same["consistency"]["package"] == "match"
    assert same["rule_status"]["APK-CONS-PACKAGE-MISMATCH"] == "clear"
    assert analyze_file(apk)["rule_status"]["APK-CONS-PACKAGE-MISMATCH"] == "unknown"


def test_bad_official_fingerprint_is_a_validation_error(make_apk: MakeApk) -> None:
    with pytest.raises(ValidationError):
        analyze_file(make_apk(), official_certs=["not-a-fingerprint"])


def test_findings_name_the_checklist_items_of_the_rule_pack(
    make_apk: MakeApk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a pack without the analyzer's own data (apk/): that stays the program's
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "mobile.yaml").write_text(
        "items:\n"
        "  - id: IH-MOB-01\n    apk_rules: [APK-MAN-DEBUGGABLE, APK-MAN-ALLOW-BACKUP]\n"
        "  - id: IH-MOB-02\n    apk_rules: [APK-MAN-DEBUGGABLE]\n",
        encoding="utf-8",
    )
    (pack / "scoring.yaml").write_text(
        "items:\n  - id: NOT-AN-ITEM\n    apk_rules: [APK-MAN-DEBUGGABLE]\n", encoding="utf-8"
    )
    monkeypatch.setenv("IHSA_RULES_DIR", str(pack))
    report = analyze_file(make_apk(manifest=manifest_xml(application={"debuggable": True})))
    items = {f["rule_id"]: f["checklist_items"] for f in report["findings"]}
    assert items["APK-MAN-DEBUGGABLE"] == ["IH-MOB-01", "IH-MOB-02"]
    assert items["APK-MAN-ALLOW-BACKUP"] == ["IH-MOB-01"]

    for name in ("mobile.yaml", "scoring.yaml"):
        (pack / name).unlink()
    report = analyze_file(make_apk(name="b.apk"))
    assert all(f["checklist_items"] == [] for f in report["findings"])


def test_progress_is_reported_and_cancellation_stops_the_analysis(make_apk: MakeApk) -> None:
    apk = make_apk(dex=[_dex(), _dex()])
    seen: list[tuple[float, str]] = []
    analyze_file(apk, progress=lambda fraction, stage="": seen.append((fraction, stage)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {"manifest", "signing", "dex:classes2.dex"} <= {stage for _, stage in seen}

    token = CancelToken()
    token.cancel()
    with pytest.raises(JobCancelled):
        analyze_file(apk, cancel=token)


def test_not_an_android_package_raises_apk_error(tmp_path: Path, make_apk: MakeApk) -> None:
    text = tmp_path / "notes.apk"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ApkError):
        analyze_file(text)
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("readme.txt", "no android here")
    with pytest.raises(ApkError):
        analyze_file(plain)


def test_missing_manifest_with_dex_is_degraded_not_rejected(tmp_path: Path) -> None:
    apk = tmp_path / "nomanifest.apk"
    with zipfile.ZipFile(apk, "w") as archive:
        archive.writestr("classes.dex", _dex().encode())
        archive.writestr("classes2.dex", _dex().encode())
    report = analyze_file(apk)
    assert report["package"] is None
    assert report["checks"]["multidex"]["result"] is True
    assert report["rule_status"]["APK-MAN-DEBUGGABLE"] == "unknown"
    assert report["rule_status"]["APK-PARSE-DEGRADED"] == "fired"
    assert any("AndroidManifest" in note for note in report["completeness"]["degraded"])


def test_damaged_dex_is_degraded_and_code_checks_undecided(make_apk: MakeApk) -> None:
    report = analyze_file(make_apk(dex=[b"dex\n035\x00" + b"\xff" * 200]))
    assert report["completeness"]["code_analysis"] == "failed"
    assert report["checks"]["insecure_trustmanager"]["result"] is None
    assert report["rule_status"]["APK-PARSE-DEGRADED"] == "fired"
