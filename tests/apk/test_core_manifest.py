"""Manifest facts as the platform reads them: exported components, flags, cleartext, permissions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.apk.pipeline import analyze_file
from tests.apk.builders import DexBuilder, ResourceTable, encode_axml, manifest_xml

MakeApk = Callable[..., Path]

MAIN_FILTER = (
    '<intent-filter><action android:name="android.intent.action.MAIN"/>'
    '<category android:name="android.intent.category.LAUNCHER"/></intent-filter>'
)
VIEW_FILTER = '<intent-filter><action android:name="android.intent.action.VIEW"/></intent-filter>'


def _manifest(make_apk: MakeApk, **kwargs) -> dict:
    return analyze_file(make_apk(manifest=manifest_xml(**kwargs)))["manifest"]


def test_exported_components_are_computed_from_attribute_filters_and_sdk(
    make_apk: MakeApk,
) -> None:
    components = (
        f'<activity android:name=".Main">{MAIN_FILTER}</activity>'
        '<activity android:name=".Explicit" android:exported="true"/>'
        f'<activity android:name=".Implicit">{VIEW_FILTER}</activity>'
        '<activity android:name=".Private" android:exported="false"/>'
        f'<service android:name=".Guarded" android:permission="com.example.P">{VIEW_FILTER}'
        "</service>"
        '<provider android:name=".Open" android:authorities="a"/>'
        '<provider android:name=".ReadWrite" android:authorities="b" android:exported="true"'
        ' android:readPermission="com.example.R" android:writePermission="com.example.W"/>'
        '<receiver android:name=".ReadOnly" android:exported="true"/>'
    )
    manifest = _manifest(make_apk, min_sdk=16, target_sdk=30, components=components)
    assert manifest["exported_launcher"] == ["activity:.Main"]
    assert manifest["exported_unprotected"] == [
        "activity:.Explicit",
        "activity:.Implicit",
        "provider:.Open",  # providers default to exported while minSdk <= 16
        "receiver:.ReadOnly",
    ]
    assert manifest["exported_with_permission"] == [
        "service:.Guarded (com.example.P)",
        "provider:.ReadWrite (read=com.example.R, write=com.example.W)",
    ]


def test_intent_filters_no_longer_export_implicitly_from_android_12(make_apk: MakeApk) -> None:
    components = f'<activity android:name=".Implicit">{VIEW_FILTER}</activity>'
    manifest = _manifest(make_apk, min_sdk=24, target_sdk=31, components=components)
    assert manifest["exported_unprotected"] == []


def test_application_permission_protects_components(make_apk: MakeApk) -> None:
    components = '<activity android:name=".A" android:exported="true"/>'
    manifest = _manifest(
        make_apk, application={"permission": "com.example.APP"}, components=components
    )
    assert manifest["exported_unprotected"] == []
    assert manifest["exported_with_permission"] == ["activity:.A (com.example.APP)"]


@pytest.mark.parametrize("value", [True, False])
def test_debuggable_through_a_resource_reference_is_resolved(
    make_apk: MakeApk, value: bool
) -> None:
    table = ResourceTable("com.example.hospital")
    table.add("bool", "dbg", value)
    apk = make_apk(resources=table, manifest=manifest_xml(application={"debuggable": "@bool/dbg"}))
    result = analyze_file(apk)
    assert result["manifest"]["debuggable"] is value
    assert result["rule_status"]["APK-MAN-DEBUGGABLE"] == ("fired" if value else "clear")


def test_allow_backup_defaults_to_true_when_absent(make_apk: MakeApk) -> None:
    absent = _manifest(make_apk)
    assert (absent["allow_backup"], absent["allow_backup_explicit"]) == (True, False)
    explicit = _manifest(make_apk, application={"allowBackup": False})
    assert (explicit["allow_backup"], explicit["allow_backup_explicit"]) == (False, True)


@pytest.mark.parametrize(
    ("target_sdk", "application", "expected"),
    [
        (27, {}, True),  # platform default before Android 9
        (28, {}, False),
        (30, {"usesCleartextTraffic": True}, True),
        (22, {"usesCleartextTraffic": False}, False),
    ],
)
def test_cleartext_without_network_security_config(
    make_apk: MakeApk, target_sdk: int, application: dict, expected: bool
) -> None:
    manifest = _manifest(make_apk, target_sdk=target_sdk, application=application)
    assert manifest["cleartext_traffic"] is expected
    assert manifest["network_security_config"] is False


def _nsc_apk(make_apk: MakeApk, nsc: str, **application: object) -> Path:
    table = ResourceTable("com.example.hospital")
    table.add("xml", "network_security_config", "res/xml/network_security_config.xml")
    return make_apk(
        resources=table,
        manifest=manifest_xml(
            application={"networkSecurityConfig": "@xml/network_security_config", **application}
        ),
        xml_files={"res/xml/network_security_config.xml": nsc},
    )


def test_network_security_config_overrides_the_manifest_attribute(make_apk: MakeApk) -> None:
    nsc = (
        '<network-security-config><base-config cleartextTrafficPermitted="false"/>'
        "</network-security-config>"
    )
    result = analyze_file(_nsc_apk(make_apk, nsc, usesCleartextTraffic=True))
    assert result["manifest"]["network_security_config"] is True
    assert result["manifest"]["cleartext_traffic"] is False
    assert result["rule_status"]["APK-NET-CLEARTEXT"] == "clear"


def test_network_security_config_user_cas_cleartext_domains_and_debug_overrides(
    make_apk: MakeApk,
) -> None:
    nsc = (
        "<network-security-config>"
        '<base-config cleartextTrafficPermitted="false"><trust-anchors>'
        '<certificates src="system"/><certificates src="user"/></trust-anchors></base-config>'
        '<domain-config cleartextTrafficPermitted="true"><domain>legacy.example.cn</domain>'
        "</domain-config>"
        '<debug-overrides><trust-anchors><certificates src="user"/></trust-anchors>'
        "</debug-overrides></network-security-config>"
    )
    result = analyze_file(_nsc_apk(make_apk, nsc))
    details = result["manifest"]["network_security"]
    assert details["cleartext_domains"] == ["legacy.example.cn"]
    assert details["user_ca_trusted"] == ["base-config"]
    statuses = result["rule_status"]
    assert statuses["APK-NET-CLEARTEXT"] == "fired"
    assert statuses["APK-NET-USER-CA"] == "fired"
    assert statuses["APK-NET-DEBUG-OVERRIDES"] == "fired"


def test_permissions_are_deduplicated_and_classified(make_apk: MakeApk) -> None:
    manifest = _manifest(
        make_apk,
        permissions=[
            "android.permission.CAMERA",
            "android.permission.READ_SMS",
            "android.permission.CAMERA",
            "android.permission.INTERNET",
        ],
    )
    assert manifest["permissions"] == [
        "android.permission.CAMERA",
        "android.permission.READ_SMS",
        "android.permission.INTERNET",
    ]
    assert manifest["dangerous_permissions"] == [
        "android.permission.CAMERA",
        "android.permission.READ_SMS",
    ]
    assert manifest["irrelevant_permissions"] == ["android.permission.READ_SMS"]


def test_manifest_crafted_with_bogus_attribute_names_counts_as_anti_analysis(
    make_apk: MakeApk,
) -> None:
    data = bytearray(encode_axml(manifest_xml()))
    name = b"v\x00e\x00r\x00s\x00i\x00o\x00n\x00N\x00a\x00m\x00e\x00"  # UTF-16 "versionName"
    at = data.index(name)
    data[at : at + 2] = b"=\x00"  # the attribute's name now reads "=ersionName"
    result = analyze_file(make_apk(manifest=bytes(data), dex=[_tiny_dex()]))
    assert result["checks"]["obfuscation"]["result"] is True
    assert "not an XML name" in result["checks"]["obfuscation"]["evidence"][0]


def _tiny_dex() -> bytes:
    dex = DexBuilder()
    dex.add_class("Lcom/example/hospital/Main;").constructor()
    return dex.encode()
