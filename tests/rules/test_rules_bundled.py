"""The shipped rule pack: complete, valid, bilingual, and tied to real analyzer rules."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from app.apk.fingerprints import detect_packers, detect_sdks
from app.apk.inventory import Inventory
from app.rules import load_pack
from app.rules.apk_ids import analyzer_catalog_path, catalog_rule_ids
from app.rules.model import REF_STATUSES
from tests.rules.packbuilder import BUNDLED_RULES

EXPECTED_DOMAINS = ["AUTH", "ACL", "AUD", "COL", "TRN", "STO", "USE", "DES", "MOB"]


@pytest.fixture(scope="module")
def pack():
    return load_pack(BUNDLED_RULES)


def test_every_domain_is_present_in_order_with_enough_items(pack):
    assert [d.id for d in pack.domains] == EXPECTED_DOMAINS
    assert len(pack.items) >= 100
    for domain in pack.domains:
        assert len(domain.items) >= 8, domain.id
    assert sum(d.weight for d in pack.domains) == pack.scoring.domain_weight_total == 100


def test_every_text_is_present_in_both_languages(pack):
    for domain in pack.domains:
        assert domain.title["zh"].strip() and domain.title["en"].strip()
    for item in pack.items:
        for field in ("title", "guidance", "evidence_hint"):
            text = getattr(item, field)
            assert text["zh"].strip() and text["en"].strip(), (item.id, field)
    for grade in pack.scoring.grades:
        assert grade.handling["zh"].strip() and grade.handling["en"].strip()


def test_items_are_well_formed(pack):
    assert not [i for i, n in Counter(i.id for i in pack.items).items() if n > 1]
    for item in pack.items:
        assert item.id.startswith(f"IH-{item.domain_id}-"), item.id
        assert item.refs, item.id
        assert all(r.status in REF_STATUSES for r in item.refs)
        assert all(r.doc or r.status == "practice" for r in item.refs)
    assert any(i.veto for i in pack.items)


def test_apk_rules_are_known_analyzer_rules_and_feed_mobile_items(pack):
    catalog = analyzer_catalog_path()
    known = catalog_rule_ids(yaml.safe_load(catalog.read_text(encoding="utf-8")))
    assert known and "APK-MAN-DEBUGGABLE" in known
    fed = {rule for item in pack.items for rule in item.apk_rules}
    assert fed <= known
    mobile = pack.domain("MOB").items
    assert sum(1 for i in mobile if i.apk_rules) > len(mobile) / 2
    for domain_id in ("COL", "TRN", "STO"):
        assert any(i.apk_rules for i in pack.domain(domain_id).items), domain_id
    # The inverse index agrees with the items.
    for rule_id in fed:
        assert all(rule_id in pack.item(i).apk_rules for i in pack.items_for_apk_rule(rule_id))
    assert "IH-MOB-01" in pack.items_for_apk_rule("APK-CONS-CERT-MISMATCH")


def test_grades_and_handling_follow_the_design(pack):
    grades = {g.grade.value: g for g in pack.scoring.grades}
    assert (grades["A"].min_score, grades["B"].min_score) == (85, 60)
    assert grades["A"].deadline_days == 365 and grades["B"].deadline_days == 30
    assert "清出" in grades["C"].handling["zh"]


def test_a_pack_without_the_analyzer_folder_validates_and_fingerprints_still_work(
    pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The analyzer's data belongs to the program, not to whichever pack IHSA_RULES_DIR names."""
    copy = tmp_path / "rules"
    shutil.copytree(BUNDLED_RULES, copy, ignore=shutil.ignore_patterns("apk"))
    assert not (copy / "apk").exists()
    assert load_pack(copy).hash == pack.hash

    monkeypatch.setenv("IHSA_RULES_DIR", str(copy))
    inv = Inventory(
        entry_names=["AndroidManifest.xml", "classes.dex", "lib/arm64-v8a/libjiagu_a64.so"],
        class_descriptors={"Lcom/stub/StubApp;", "Lcom/igexin/sdk/PushManager;"},
        manifest_components=["com.stub.StubApp"],
        manifest_metadata=[],
        native_libs=["libjiagu_a64.so"],
        package="com.example.app",
    )
    assert [p["id"] for p in detect_packers(inv)] == ["qihoo360-jiagu"]
    assert "getui" in {s["id"] for s in detect_sdks(inv)}
