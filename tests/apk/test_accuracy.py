"""The analyzer against the ground truth of real APKs (../shared/apks).

Signing and manifest facts must be exact; code checks need >= 95 % recall and
>= 90 % precision over the checks whose expected value is known.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.apk_accuracy import Score, evaluate

APKS = Path(__file__).resolve().parents[2] / ".." / "shared" / "apks"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def score() -> Score:
    if not (APKS / "ground_truth.json").is_file():
        pytest.skip(f"real APK corpus not found at {APKS.resolve()}")
    return evaluate(APKS, workers=2)


def test_every_real_apk_is_analysed(score: Score) -> None:
    assert score.failures == []


def test_signing_and_manifest_facts_are_exact(score: Score) -> None:
    assert score.wrong_facts() == []
    for key in ("v1", "v2", "v3", "cert_subjects", "debuggable", "allowBackup", "packer"):
        assert score.fact_total[key] >= 30


def test_no_benign_app_is_called_packed_and_packed_ones_are(score: Score) -> None:
    assert not [m for m in score.mismatches if ": packer " in m]
    assert score.fact_total["packer"] == score.fact_right["packer"]


def test_code_checks_recall_and_precision(score: Score) -> None:
    assert sum(score.tp.values()) + sum(score.fn.values()) > 0
    assert score.recall >= 0.95, score.mismatches
    assert score.precision >= 0.90, score.mismatches
