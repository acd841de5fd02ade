"""Packer and SDK recognition from an inventory, and the rule-data loaders."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from app.apk.fingerprints import (
    RuleDataError,
    detect_packers,
    detect_sdks,
    load_packer_rules,
    load_sdk_rules,
    packer_rules_path,
    sdk_rules_path,
)
from app.apk.inventory import Inventory


def _ids(results: list[dict]) -> list[str]:
    return [r["id"] for r in results]


def _benign_inventory(**overrides) -> Inventory:
    """A plain app: its manifest classes are all defined in its DEX."""
    inv = Inventory(
        entry_names=["AndroidManifest.xml", "classes.dex", "resources.arsc", "res/layout/a.xml"],
        class_descriptors={"Lcom/example/app/MainActivity;", "Lcom/example/app/App;"},
        manifest_components=["com.example.app.App", "com.example.app.MainActivity"],
        manifest_metadata=[],
        native_libs=[],
        package="com.example.app",
    )
    for key, value in overrides.items():
        setattr(inv, key, value)
    return inv


# ------------------------------------------------------------ shipped data


def test_shipped_rule_files_are_valid() -> None:
    packers = load_packer_rules(packer_rules_path())
    sdks = load_sdk_rules(sdk_rules_path())
    assert {"qihoo360-jiagu", "bangcle", "ijiami", "tencent-legu", "custom-dex-shell"} <= {
        p.id for p in packers
    }
    ids = {s.id for s in sdks.sdks}
    assert {"getui", "jpush", "umeng-analytics", "wechat-opensdk", "alipay", "okhttp"} <= ids
    assert all(s.category in sdks.categories for s in sdks.sdks)


# --------------------------------------------------------------- packers


def test_two_strong_signals_confirm_jiagu() -> None:
    inv = _benign_inventory(
        entry_names=["AndroidManifest.xml", "classes.dex", "lib/arm64-v8a/libjiagu_a64.so"],
        native_libs=["libjiagu_a64.so"],
        class_descriptors={"Lcom/stub/StubApp;"},
        manifest_components=["com.stub.StubApp", "com.example.app.MainActivity"],
    )
    [jiagu] = detect_packers(inv)
    assert jiagu["id"] == "qihoo360-jiagu"
    assert jiagu["confidence"] == "confirmed"
    assert jiagu["kind"] == "packer"
    assert jiagu["signals"] == len(jiagu["evidence"]) >= 3
    assert "native lib: libjiagu_a64.so" in jiagu["evidence"]
    assert jiagu["name"] == {"zh": "360加固保", "en": "Qihoo 360 Jiagu"}


def test_one_strong_signal_is_only_likely() -> None:
    inv = _benign_inventory(native_libs=["libDexHelper.so"])
    [secneo] = detect_packers(inv)
    assert (secneo["id"], secneo["confidence"], secneo["signals"]) == ("secneo", "likely", 1)


def test_a_single_weak_signal_never_calls_an_app_packed() -> None:
    # assets/classes.jar is a Bangcle hint, but many apps ship such a file.
    assert detect_packers(_benign_inventory(entry_names=["assets/classes.jar"])) == []
    # One Application named like a stub is not enough either.
    assert (
        detect_packers(
            _benign_inventory(
                class_descriptors={"Lcom/example/app/StubApp;", "Lcom/example/app/MainActivity;"},
                manifest_components=["com.example.app.StubApp", "com.example.app.MainActivity"],
            )
        )
        == []
    )


def test_home_made_shell_is_found_by_stub_application_and_hidden_code() -> None:
    inv = _benign_inventory(
        class_descriptors={"Lcom/example/shell/StubApp;", "Landroidx/core/app/X;"},
        manifest_components=[
            "com.example.shell.StubApp",
            "com.example.app.MainActivity",
            "com.example.app.SettingsActivity",
        ],
        manifest_metadata=["application_path"],
    )
    [shell] = detect_packers(inv)
    assert shell["id"] == "custom-dex-shell"
    assert shell["confidence"] == "confirmed"
    assert any(e.startswith("hidden code: 2 of 3") for e in shell["evidence"])


def test_generic_shell_gives_way_to_a_named_product() -> None:
    inv = _benign_inventory(
        native_libs=["libjiagu.so"],
        class_descriptors={"Lcom/stub/StubApp;"},
        manifest_components=["com.stub.StubApp", "com.example.app.MainActivity"],
    )
    assert _ids(detect_packers(inv)) == ["qihoo360-jiagu"]


def test_hidden_code_is_not_claimed_when_no_dex_was_read() -> None:
    # A degraded parse (no classes at all) must not look like hidden code.
    inv = _benign_inventory(
        class_descriptors=set(),
        manifest_components=["com.example.app.StubApp", "com.example.app.MainActivity"],
    )
    assert detect_packers(inv) == []
    inv.manifest_metadata = ["application_path"]
    [shell] = detect_packers(inv)
    assert (shell["confidence"], shell["signals"]) == ("likely", 2)
    assert not any(e.startswith("hidden code") for e in shell["evidence"])


def test_entry_globs_cross_directories_and_match_exact_names() -> None:
    inv = _benign_inventory(
        entry_names=["assets/ijm_lib/armeabi/libexec.so", "assets/ijm_lib/x86/libexec.so"],
        native_libs=["libexecmain.so"],
    )
    [ijiami] = detect_packers(inv)
    assert ijiami["id"] == "ijiami"
    assert "entry: assets/ijm_lib/armeabi/libexec.so" in ijiami["evidence"]
    assert ijiami["confidence"] == "confirmed"


def test_many_entries_are_matched_quickly_enough_to_finish() -> None:
    names = [f"res/drawable/icon_{i}.png" for i in range(100_000)] + ["assets/ijiami.dat"]
    [ijiami] = detect_packers(_benign_inventory(entry_names=names))
    assert ijiami["evidence"] == ["entry: assets/ijiami.dat"]


# ------------------------------------------------------------------ SDKs


def test_sdks_from_classes_components_metadata_and_libs() -> None:
    inv = _benign_inventory(
        class_descriptors={
            "Lcom/igexin/sdk/PushManager;",
            "Lcom/igexin/push/a;",
            "Lokhttp3/OkHttpClient;",
            "Lcom/example/app/MainActivity;",
        },
        manifest_components=["com.example.app.MainActivity", "com.igexin.sdk.PushService"],
        manifest_metadata=["JPUSH_APPKEY"],
        native_libs=["libBaiduMapSDK_base_v7_5_4.so"],
    )
    found = {s["id"]: s for s in detect_sdks(inv)}
    assert set(found) == {"getui", "okhttp", "jpush", "baidu-map"}
    assert found["getui"]["evidence"] == [
        "classes: com.igexin.* (2)",
        "component: com.igexin.sdk.PushService",
    ]
    assert found["getui"]["collects_personal_data"] is True
    assert found["getui"]["category"] == "push"
    assert found["okhttp"]["collects_personal_data"] is False
    assert found["jpush"]["evidence"] == ["meta-data: JPUSH_APPKEY"]
    assert found["baidu-map"]["evidence"] == ["native lib: libBaiduMapSDK_base_v7_5_4.so"]


def test_sdks_survive_packing_through_the_manifest() -> None:
    # Packed: no SDK classes are readable, but the manifest still names them.
    inv = _benign_inventory(
        class_descriptors={"Lcom/stub/StubApp;"},
        manifest_components=[
            "com.stub.StubApp",
            "com.example.app.wxapi.WXEntryActivity",
            "com.tencent.tauth.AuthActivity",
        ],
    )
    ids = _ids(detect_sdks(inv))
    assert "wechat-opensdk" in ids and "tencent-qq-connect" in ids


def test_prefix_needs_a_package_boundary() -> None:
    inv = _benign_inventory(class_descriptors={"Lcom/igexinfoo/A;", "Lrxjava/B;"})
    assert detect_sdks(inv) == []


def test_the_vendors_own_app_is_not_its_own_sdk() -> None:
    inv = _benign_inventory(
        package="com.tencent.mm",
        class_descriptors={"Lcom/tencent/mm/opensdk/Api;", "Lcom/tencent/mm/ui/Launcher;"},
        manifest_components=["com.tencent.mm.ui.Launcher"],
    )
    assert detect_sdks(inv) == []


def test_classes_of_the_app_inside_an_sdk_prefix_are_not_counted() -> None:
    inv = _benign_inventory(
        package="com.amap.api.maps.demo",
        class_descriptors={
            "Lcom/amap/api/maps/demo/MainActivity;",
            "Lcom/amap/api/maps/AMap;",
        },
        manifest_components=["com.amap.api.maps.demo.MainActivity"],
    )
    [amap] = detect_sdks(inv)
    assert amap["evidence"] == ["classes: com.amap.api.maps.* (1)"]


# -------------------------------------------------------------- loaders


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_packer_loader_reports_every_problem_with_its_id(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "packers.yaml",
        """
        schema: 1
        packers:
          - id: good
            name: {zh: 好, en: Good}
            vendor: V
            kind: packer
            signals: [{native_lib: libgood.so}]
          - id: good
            name: {zh: 重复, en: Duplicate}
            vendor: V
            kind: packer
            signals: [{native_lib: libdup.so}]
          - id: bad-keys
            name: {zh: 坏, en: Bad}
            vendor: V
            kind: wrapper
            colour: red
            signals:
              - {native_lib: lib/x/libbad.so}
              - {class: "not a class"}
              - {native_lib: liba.so, entry: assets/a}
              - {hidden_code: yes-please}
              - {metadata: X, weak: maybe}
          - id: no-name
            vendor: 42
            kind: protector
            signals: []
        """,
    )
    with pytest.raises(RuleDataError) as caught:
        load_packer_rules(path)
    errors = caught.value.errors
    expected = [
        "good: duplicate id",
        "bad-keys: unknown key 'colour'",
        "bad-keys: kind must be one of packer, protector",
        "bad-keys signal 1: native_lib 'lib/x/libbad.so': must be a file name",
        "bad-keys signal 2: class 'not a class'",
        "bad-keys signal 3: needs exactly one of",
        "bad-keys signal 4: hidden_code must be true",
        "bad-keys signal 5: weak must be true or false",
        "no-name: missing key 'name'",
        "no-name: vendor must be a non-empty string",
        "no-name: signals must be a non-empty list",
    ]
    for fragment in expected:
        assert any(fragment in e for e in errors), (fragment, errors)
    assert str(path) in caught.value.message("en")


def test_sdk_loader_rejects_unknown_keys_bad_types_and_undeclared_categories(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        "sdks.yaml",
        """
        schema: 1
        categories:
          push: {zh: 推送, en: push}
        sdks:
          - id: ok
            name: {zh: 好, en: OK}
            vendor: V
            category: push
            collects_personal_data: true
            prefixes: [com.ok.]
          - id: broken
            name: {zh: 坏}
            vendor: V
            category: gaming
            collects_personal_data: "yes"
            prefixes: [com.nodot, 7]
            homepage: https://example.com
          - id: empty
            name: {zh: 空, en: Empty}
            vendor: V
            category: push
            collects_personal_data: false
        """,
    )
    with pytest.raises(RuleDataError) as caught:
        load_sdk_rules(path)
    errors = caught.value.errors
    for fragment in [
        "broken: unknown key 'homepage'",
        "broken: name must be a mapping with exactly zh and en",
        "broken: category 'gaming' is not declared",
        "broken: collects_personal_data must be true or false",
        "broken: prefixes 'com.nodot': must be a package prefix",
        "broken: prefixes entries must be non-empty strings, got 7",
        "empty: needs at least one of prefixes",
    ]:
        assert any(fragment in e for e in errors), (fragment, errors)
    assert not any(e.startswith("ok:") for e in errors)


def test_loader_rejects_unreadable_and_non_yaml_files(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match="cannot read"):
        load_packer_rules(tmp_path / "missing.yaml")
    with pytest.raises(RuleDataError, match="not valid YAML"):
        load_packer_rules(_write(tmp_path, "bad.yaml", "packers: [unclosed\n"))
    with pytest.raises(RuleDataError, match="schema must be 1"):
        load_packer_rules(
            _write(
                tmp_path,
                "old.yaml",
                "schema: 2\npackers:\n  - {id: a, name: {zh: a, en: a}, vendor: v, "
                "kind: packer, signals: [{native_lib: liba.so}]}\n",
            )
        )


# ------------------------------------------------------------- real APKs


@pytest.mark.slow
@pytest.mark.parametrize(
    ("file", "packer_id"),
    [
        ("rednaga-training__bangcle_nh.four.apk", "bangcle"),
        ("ZJJiaGuApk__sourceJiaguSigned.apk", "custom-dex-shell"),
    ],
)
def test_real_packed_apks_are_confirmed(shared_apks: Path, file: str, packer_id: str) -> None:
    pipeline = pytest.importorskip("app.apk.pipeline", reason="apk-core has not landed yet")
    result = pipeline.analyze_file(shared_apks / file)
    packers = {p["id"]: p for p in result["packers"] if "id" in p}
    assert packer_id in packers, result["packers"]
    assert packers[packer_id]["confidence"] == "confirmed"
    assert result["completeness"]["packed"] is True
