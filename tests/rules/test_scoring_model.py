"""The evaluation model of DESIGN.md §6, one hand-computed example per rule."""

from __future__ import annotations

import copy
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from app.domain.enums import Grade, Result
from app.domain.models import Answer
from app.errors import ValidationError
from app.rules import auto_result, finish_problems, load_pack, score
from tests.rules.packbuilder import SCORING, domain, item, write_pack

ALL_PASS = {
    "IH-X-01": "pass",
    "IH-X-02": "pass",
    "IH-X-03": "pass",
    "IH-Y-01": "pass",
    "IH-Y-02": "pass",
}


def test_weighted_fractions_and_na_exclusion(tiny_dir: Path) -> None:
    pack = load_pack(tiny_dir)
    # X: (3·1 + 2·0.5 + 1·0) / 6 = 2/3 ; Y: medium is n/a → 3·1 / 3 = 1
    # score = 100 · (60·2/3 + 40·1) / 100 = 80.0
    answers = {
        "IH-X-01": "pass",
        "IH-X-02": "partial",
        "IH-X-03": "fail",
        "IH-Y-01": "pass",
        "IH-Y-02": "na",
    }
    result = score(pack, answers)
    assert result.score == Decimal("80.0")
    assert result.grade is Grade.B
    assert not result.provisional
    x, y = result.domains
    assert (x.fraction, x.points) == (Fraction(2, 3), Fraction(40))
    assert (y.fraction, y.points) == (Fraction(1), Fraction(40))
    # Same answers but Y's medium item failed instead of n/a: Y = 3/5, score = 40 + 24.
    assert score(pack, {**answers, "IH-Y-02": "fail"}).score == Decimal("64.0")


def test_domain_without_applicable_item_is_excluded(tiny_dir: Path) -> None:
    pack = load_pack(tiny_dir)
    # Y all n/a → only X counts: 100 · 60·(2/3) / 60 = 66.666… → 66.7
    answers = {
        "IH-X-01": "pass",
        "IH-X-02": "partial",
        "IH-X-03": "fail",
        "IH-Y-01": "na",
        "IH-Y-02": "na",
    }
    result = score(pack, answers)
    assert result.score == Decimal("66.7")
    y = result.domains[1]
    assert not y.applicable and y.fraction is None and y.points is None
    assert result.to_json()["domains"]["Y"] == {"fraction": None, "points": None}
    assert result.to_json()["domains"]["X"] == {"fraction": 0.6667, "points": 66.67}


def test_partial_on_a_veto_item_caps_the_grade_at_b(tiny_dir: Path) -> None:
    pack = load_pack(tiny_dir)
    # X: (3·0.5 + 2 + 1) / 6 = 0.75 → 45 ; Y: 40 → 85.0, enough for A but the veto item is partial.
    result = score(pack, {**ALL_PASS, "IH-X-01": "partial"})
    assert result.score == Decimal("85.0")
    assert result.grade is Grade.B
    assert result.veto_partial == ("IH-X-01",) and result.veto_failed == ()
    assert "IH-X-01" in result.reason["en"] and "not A" in result.reason["en"]
    assert result.handling["en"] == "rectify within 30 days" and result.deadline_days == 30


def test_failed_veto_item_gives_c_whatever_the_score(tiny_dir: Path) -> None:
    pack = load_pack(tiny_dir)
    result = score(pack, {**ALL_PASS, "IH-X-01": "fail"})
    assert result.score == Decimal("70.0")  # X: 3/6 → 30, Y: 40
    assert result.grade is Grade.C
    assert result.veto_failed == ("IH-X-01",)
    assert result.to_json()["veto_failed"] == ["IH-X-01"]
    assert result.to_json("en")["handling"] == "removal"


def test_all_pass_is_a(tiny_dir: Path) -> None:
    result = score(load_pack(tiny_dir), ALL_PASS)
    assert (result.score, result.grade, result.deadline_days) == (Decimal("100.0"), Grade.A, 365)


def _rounding_pack(root: Path, passed: int, failed: int) -> Path:
    """One domain, two items whose weight overrides make the score passed/(passed+failed)·100."""
    items = [item("IH-R-01", "high", weight=passed), item("IH-R-02", "high", weight=failed)]
    return write_pack(root, [domain("R", 100, items)])


def test_rounding_half_up_at_84_95_gives_a(tmp_path: Path) -> None:
    pack = load_pack(_rounding_pack(tmp_path / "p", 1699, 301))  # exactly 84.95
    result = score(pack, {"IH-R-01": "pass", "IH-R-02": "fail"})
    assert result.exact_score == Fraction(8495, 100)
    assert result.score == Decimal("85.0") and str(result.score) == "85.0"
    assert result.grade is Grade.A
    assert result.to_json()["score"] == 85.0


def test_just_below_84_95_rounds_down_to_b(tmp_path: Path) -> None:
    pack = load_pack(_rounding_pack(tmp_path / "p", 16989, 3011))  # 84.945
    result = score(pack, {"IH-R-01": "pass", "IH-R-02": "fail"})
    assert result.score == Decimal("84.9")
    assert result.grade is Grade.B


def test_everything_not_assessed_is_a_provisional_zero(tiny_dir: Path) -> None:
    pack = load_pack(tiny_dir)
    result = score(pack, {})
    assert result.score == Decimal("0.0") and result.grade is Grade.C
    assert result.provisional
    assert result.not_assessed == tuple(i.id for i in pack.items)
    assert score(pack, {**ALL_PASS, "IH-Y-02": "not_assessed"}).provisional


def test_numbers_come_from_scoring_yaml(tmp_path: Path) -> None:
    scoring = copy.deepcopy(SCORING)
    scoring["grades"][0]["min_score"] = 90
    scoring["result_values"]["partial"] = 0.25
    scoring["severity_weights"]["high"] = 5
    scoring["grades"][1]["handling"] = {"zh": "六十日内整改", "en": "rectify within 60 days"}
    root = write_pack(
        tmp_path / "p",
        [domain("X", 100, [item("IH-X-01", "high"), item("IH-X-02", "low")])],
        scoring=scoring,
    )
    result = score(load_pack(root), {"IH-X-01": "pass", "IH-X-02": "partial"})
    # (5·1 + 1·0.25) / 6 = 0.875 → 87.5: an A by the default rules, a B with min_score 90.
    assert result.score == Decimal("87.5")
    assert result.grade is Grade.B
    assert result.to_json("en")["handling"] == "rectify within 60 days"


def test_unknown_ids_and_values_are_reported_together(tiny_dir: Path) -> None:
    pack = load_pack(tiny_dir)
    with pytest.raises(ValidationError) as caught:
        score(
            pack, {"IH-X-01": "pass", "IH-NOPE-1": "pass", "IH-NOPE-2": "fail", "IH-Y-01": "good"}
        )
    text = caught.value.message("en")
    assert "IH-NOPE-1" in text and "IH-NOPE-2" in text and "IH-Y-01='good'" in text


def test_everything_na_cannot_be_scored(tiny_dir: Path) -> None:
    pack = load_pack(tiny_dir)
    with pytest.raises(ValidationError) as caught:
        score(pack, dict.fromkeys(ALL_PASS, "na"))
    assert caught.value.message("en") == "nothing to score: every item is n/a"


def test_renamed_ids_are_followed_and_deleted_ids_refused(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "p",
        [domain("X", 100, [item("IH-X-02", "high")])],
        pack={"renamed": {"IH-X-01": "IH-X-02"}, "deleted": ["IH-X-09"]},
    )
    pack = load_pack(root)
    assert score(pack, {"IH-X-01": "pass"}).results == {"IH-X-02": Result.PASS}
    assert pack.item("IH-X-01").id == "IH-X-02"
    with pytest.raises(ValidationError) as caught:
        score(pack, {"IH-X-09": "pass"})
    assert "deleted from the rule pack: IH-X-09" in caught.value.message("en")


def test_finish_requires_every_answer_and_justified_na(tiny_dir: Path) -> None:
    pack = load_pack(tiny_dir)
    answers = {
        "IH-X-01": Answer(case_id=1, item_id="IH-X-01", result=Result.NA, justification="  "),
        "IH-X-02": {"result": "na", "justification": "no such system on site"},
        "IH-X-03": "na",
        "IH-Y-01": Result.PASS,
    }
    problems = finish_problems(pack, answers)
    assert [(p.item_id, p.reason) for p in problems] == [
        ("IH-X-01", "na_without_justification"),
        ("IH-X-03", "na_without_justification"),
        ("IH-Y-02", "not_assessed"),
    ]
    assert problems[2].message("en") == "IH-Y-02: not assessed yet"
    done = {**ALL_PASS, "IH-X-02": {"result": "na", "justification": "not used"}}
    assert finish_problems(pack, done) == []


def test_auto_result_follows_the_analyzer_contract(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "p",
        [
            domain(
                "M", 100, [item("IH-M-01", apk_rules=["APK-MAN-DEBUGGABLE", "APK-MAN-TEST-ONLY"])]
            )
        ],
    )
    target = load_pack(root).item("IH-M-01")
    assert (
        auto_result(target, {"APK-MAN-DEBUGGABLE": "fired", "APK-MAN-TEST-ONLY": "unknown"})
        is Result.FAIL
    )
    assert (
        auto_result(target, {"APK-MAN-DEBUGGABLE": "clear", "APK-MAN-TEST-ONLY": "clear"})
        is Result.PASS
    )
    assert (
        auto_result(target, {"APK-MAN-DEBUGGABLE": "clear", "APK-MAN-TEST-ONLY": "unknown"}) is None
    )
    assert auto_result(target, {"APK-MAN-DEBUGGABLE": "clear"}) is None
