"""The strict loader: every kind of problem is reported, all at once, with file and id."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from app.errors import IntegrityError, KnownError, NotFoundError
from app.rules import PackValidationError, RulePack, load_pack
from tests.rules.packbuilder import SCORING, domain, dump, item, two_domain_pack, write_pack


def problems_of(root: Path) -> list[str]:
    with pytest.raises(PackValidationError) as caught:
        load_pack(root)
    assert isinstance(caught.value, KnownError)
    return [p.message("en") for p in caught.value.problems]


def test_many_problems_in_many_files_are_reported_together(tmp_path: Path) -> None:
    scoring = copy.deepcopy(SCORING)
    del scoring["severity_weights"]["low"]
    scoring["decimal"] = 1
    bad_item = item("IH-X-02", "hgh", veto="yes", colour="red", apk_rules=["APK-NOT-A-RULE"])
    del bad_item["guidance"]
    bad_item["title"] = {"zh": "", "en": "title"}
    bad_item["method"] = ["probe"]
    root = write_pack(
        tmp_path / "p",
        [
            domain("X", 60, [item("IH-X-01"), bad_item]),
            domain("Y", 30, [item("IH-X-01"), item("IH-Y-01", refs=[{"clause": "1.2"}])]),
        ],
        scoring=scoring,
    )
    problems = problems_of(root)
    expected = [
        "scoring.yaml: scoring has unknown field 'decimal'",
        "scoring.yaml: severity_weights has no weight for severity 'low'",
        "x.yaml: IH-X-02: item has unknown field 'colour'",
        "x.yaml: IH-X-02: item is missing field 'guidance'",
        "x.yaml: IH-X-02: field 'title' has no zh text",
        "x.yaml: IH-X-02: field 'method' value 'probe' is not one of "
        "interview, document, config, test",
        "x.yaml: IH-X-02: field 'severity' value 'hgh' is not one of high, medium, low",
        "x.yaml: IH-X-02: field 'veto' must be true or false",
        "x.yaml: IH-X-02: apk_rules names 'APK-NOT-A-RULE', which is not an analyzer rule",
        "y.yaml: IH-Y-01: ref has no doc (only status: practice may omit it)",
    ]
    for message in expected:
        assert message in problems, (message, problems)
    assert sum("guidance" in p for p in problems) == 1  # a missing field is reported once


def test_duplicate_ids_and_weight_sum(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "p",
        [domain("X", 60, [item("IH-X-01")]), domain("Y", 30, [item("IH-X-01")])],
    )
    problems = problems_of(root)
    assert "y.yaml: IH-X-01: item id already used in x.yaml" in problems
    assert "scoring.yaml: domain_weight_total: domain weights sum to 90, declared 100" in problems


def test_duplicate_domain_ids(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "p", [domain("X", 50, [item("IH-X-01")]), domain("X", 50, [item("IH-X-02")])]
    )
    # Both domains are named X, so write_pack writes them to the same file name; rename one.
    pack_yaml = yaml.safe_load((root / "pack.yaml").read_text(encoding="utf-8"))
    dump(root / "x2.yaml", domain("X", 50, [item("IH-X-02")]))
    pack_yaml["domains"] = ["x.yaml", "x2.yaml"]
    dump(root / "pack.yaml", pack_yaml)
    assert "x2.yaml: X: domain id already used in x.yaml" in problems_of(root)


def test_yaml_syntax_error_duplicate_keys_and_unlisted_files(tmp_path: Path) -> None:
    root = two_domain_pack(tmp_path / "p")
    (root / "x.yaml").write_text("domain: {id: X\nitems: [\n", encoding="utf-8")
    text = (root / "y.yaml").read_text(encoding="utf-8")
    (root / "y.yaml").write_text(text + "items: []\n", encoding="utf-8")
    (root / "stray.yaml").write_text("a: 1\n", encoding="utf-8")
    problems = problems_of(root)
    assert any(p.startswith("x.yaml: line ") and "YAML syntax error" in p for p in problems)
    assert any(p.startswith("y.yaml: line ") and "duplicate key 'items'" in p for p in problems)
    assert "stray.yaml: file is not listed in pack.yaml domains" in problems


def test_missing_files_and_bad_pack_metadata(tmp_path: Path) -> None:
    root = two_domain_pack(tmp_path / "p")
    (root / "scoring.yaml").unlink()
    meta = yaml.safe_load((root / "pack.yaml").read_text(encoding="utf-8"))
    meta["version"] = 1.0
    meta["languages"] = ["zh", "fr"]
    meta["domains"].append("missing.yaml")
    meta["renamed"] = {"IH-X-01": "IH-Q-01"}
    dump(root / "pack.yaml", meta)
    problems = problems_of(root)
    assert "scoring.yaml: file not found" in problems
    assert "missing.yaml: file not found" in problems
    assert "pack.yaml: field 'version' must be a non-empty string" in problems
    assert "pack.yaml: unsupported languages fr (supported: zh, en)" in problems


def test_grade_rules_are_checked(tmp_path: Path) -> None:
    scoring = copy.deepcopy(SCORING)
    scoring["grades"][1]["min_score"] = 90  # B above A
    scoring["grades"][2]["forbid_veto"] = ["fail"]  # C no longer always applies
    scoring["result_values"]["partial"] = 2
    root = write_pack(tmp_path / "p", [domain("X", 100, [item("IH-X-01")])], scoring=scoring)
    problems = problems_of(root)
    assert "scoring.yaml: grades: B has a higher min_score than A before it" in problems
    assert (
        "scoring.yaml: grades: the last grade C must always apply (min_score 0, no forbid_veto)"
        in problems
    )
    assert "scoring.yaml: result_values.partial must be within 0..1" in problems


def test_renamed_and_deleted_must_not_dangle(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "p",
        [domain("X", 100, [item("IH-X-01")])],
        pack={"renamed": {"IH-X-01": "IH-X-02", "IH-OLD-1": "IH-GONE-1"}, "deleted": ["IH-X-01"]},
    )
    problems = problems_of(root)
    assert "pack.yaml: renamed IH-X-01: old id is still a current item" in problems
    assert "pack.yaml: renamed IH-X-01: new id IH-X-02 does not exist" in problems
    assert "pack.yaml: renamed IH-OLD-1: new id IH-GONE-1 does not exist" in problems
    assert "pack.yaml: deleted IH-X-01: deleted id is still a current item" in problems


def test_apk_rules_are_checked_against_the_bundled_analyzer_catalogue(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "p",
        [domain("X", 100, [item("IH-X-01", apk_rules=["APK-MAN-DEBUGGABLE", "APK-NO-SUCH"])])],
    )
    # A catalogue inside the pack's folder is not the analyzer's: it changes nothing.
    (root / "apk").mkdir()
    dump(root / "apk" / "catalog.yaml", {"rules": [{"id": "APK-NO-SUCH"}]})
    problems = problems_of(root)
    assert "x.yaml: IH-X-01: apk_rules names 'APK-NO-SUCH', which is not an analyzer rule" in (
        problems
    )
    assert not [p for p in problems if "APK-MAN-DEBUGGABLE" in p]


def test_missing_directory_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        load_pack(tmp_path / "nowhere")


def test_hash_ignores_formatting_and_key_order_but_not_content(tmp_path: Path) -> None:
    first = load_pack(two_domain_pack(tmp_path / "a"))
    root = two_domain_pack(tmp_path / "b")
    for name in ("x.yaml", "y.yaml", "scoring.yaml", "pack.yaml"):
        data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
        # Reversed key order, flow style, a comment and different whitespace.
        text = yaml.safe_dump(
            _reverse_keys(data), allow_unicode=True, sort_keys=False, default_flow_style=True
        )
        (root / name).write_text("# reformatted\n" + text, encoding="utf-8")
    assert load_pack(root).hash == first.hash

    changed = two_domain_pack(tmp_path / "c")
    data = yaml.safe_load((changed / "y.yaml").read_text(encoding="utf-8"))
    data["items"][1]["guidance"]["en"] = "check and record twice"
    dump(changed / "y.yaml", data)
    assert load_pack(changed).hash != first.hash


def _reverse_keys(value):
    if isinstance(value, dict):
        return {k: _reverse_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(v) for v in value]
    return value


def test_snapshot_round_trips_and_detects_tampering(tiny_dir: Path) -> None:
    import json

    pack = load_pack(tiny_dir)
    snapshot = json.loads(json.dumps(pack.snapshot()))  # must survive JSON storage
    again = RulePack.from_snapshot(snapshot)
    assert again.hash == pack.hash == snapshot["hash"]
    assert [i.id for i in again.items] == [i.id for i in pack.items]
    assert again.item("IH-X-01").guidance == pack.item("IH-X-01").guidance
    assert again.ref() == pack.ref()

    snapshot["domains"][0]["items"][0]["severity"] = "low"
    with pytest.raises(IntegrityError):
        RulePack.from_snapshot(snapshot)
    snapshot["domains"][0]["items"][0]["severity"] = "extreme"
    with pytest.raises(PackValidationError):
        RulePack.from_snapshot(snapshot)
