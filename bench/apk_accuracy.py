"""Accuracy of the APK analyzer against the real APKs' ground truth.

Runs the analyzer (isolated, in parallel) on every APK of a folder (default
``<repo>/../shared/apks``) and compares with ``ground_truth.json`` in it:

* facts that must be exact: package, minSdk, targetSdk, every signing fact,
  debuggable, allowBackup, cleartext, exported_unprotected, packer (packed or not);
* code checks (``checks.*``), scored only where the expected value is not null:
  per-check recall and precision, and overall.

Usage: python bench/apk_accuracy.py [FOLDER] [--workers N]
tests/apk/test_accuracy.py asserts the same numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.apk.assess import CHECK_KEYS  # noqa: E402
from app.apk.isolation import analyze_many  # noqa: E402

DEFAULT_FOLDER = REPO / ".." / "shared" / "apks"
SIGNING_KEYS = (
    "v1",
    "v2",
    "v3",
    "v31",
    "unsigned",
    "android_debug_cert",
    "aosp_test_key_subject",
    "v1_signer_digests",
    "cert_subjects",
    "cert_key",
)
MANIFEST_KEYS = ("debuggable", "allowBackup", "cleartext", "exported_unprotected")
AOSP_TEST_SUBJECT = (
    "1.2.840.113549.1.9.1=android@android.com,CN=Android,OU=Android,O=Android,"
    "L=Mountain View,ST=California,C=US"
)
# Lists whose order carries no meaning are compared as sets.
_UNORDERED = {"v1_signer_digests", "cert_subjects", "cert_key", "exported_unprotected"}


def _pick(mapping: dict[str, Any], *names: str) -> Any:
    for name in names:
        if name in mapping:
            return mapping[name]
    return None


def observed_facts(result: dict[str, Any]) -> dict[str, Any]:
    """The analyzer's JSON result expressed in the ground truth's field names."""
    signing = result.get("signing") or {}
    manifest = result.get("manifest") or {}
    # Every certificate of the v1/v2/v3 signatures (chains and lineages included);
    # v3.1 rotated keys are listed apart by the analyzer, as in the ground truth.
    certs = list(signing.get("certificates") or [])
    subjects = list(dict.fromkeys(str(c.get("subject", "")) for c in certs))
    schemes = {k: bool(signing.get(k)) for k in ("v1", "v2", "v3", "v31")}
    facts: dict[str, Any] = {
        "package": result.get("package"),
        "minSdk": result.get("min_sdk"),
        "targetSdk": result.get("target_sdk"),
        **schemes,
        "unsigned": not any(schemes.values()),
        "android_debug_cert": any("CN=Android Debug" in s for s in subjects),
        "aosp_test_key_subject": any(s == AOSP_TEST_SUBJECT for s in subjects),
        "v1_signer_digests": signing.get("v1_signer_digests") or [],
        "cert_subjects": subjects,
        "cert_key": list(dict.fromkeys(c.get("key") for c in certs)),
        "debuggable": manifest.get("debuggable"),
        "allowBackup": _pick(manifest, "allowBackup", "allow_backup"),
        "cleartext": _pick(manifest, "cleartext", "cleartext_traffic"),
        "exported_unprotected": manifest.get("exported_unprotected"),
        "packer": bool(result.get("packers")),
    }
    checks = result.get("checks") or {}
    for key in CHECK_KEYS:
        facts[key] = (checks.get(key) or {}).get("result")
    return facts


def expected_facts(expected: dict[str, Any]) -> dict[str, Any]:
    facts = {k: expected.get(k) for k in ("package", "minSdk", "targetSdk", *MANIFEST_KEYS)}
    facts.update({k: expected["signing"].get(k) for k in SIGNING_KEYS})
    packer = expected.get("packer")
    facts["packer"] = None if packer is None else bool(packer)
    facts.update({k: expected.get(k) for k in CHECK_KEYS})
    return facts


def _same(key: str, expected: Any, observed: Any) -> bool:
    if key in _UNORDERED and isinstance(expected, list) and isinstance(observed, list):
        return sorted(map(str, expected)) == sorted(map(str, observed))
    return expected == observed


@dataclass
class Score:
    fact_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fact_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mismatches: list[str] = field(default_factory=list)
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    tn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[str] = field(default_factory=list)

    def add(self, name: str, expected: dict[str, Any], observed: dict[str, Any]) -> None:
        for key, want in expected.items():
            if want is None:
                continue
            got = observed.get(key)
            if key in CHECK_KEYS:
                self._add_check(name, key, bool(want), got)
                continue
            self.fact_total[key] += 1
            if _same(key, want, got):
                self.fact_right[key] += 1
            else:
                self.mismatches.append(f"{name}: {key} expected {want!r}, got {got!r}")

    def _add_check(self, name: str, key: str, want: bool, got: Any) -> None:
        if want and got is True:
            self.tp[key] += 1
        elif want:
            self.fn[key] += 1
            self.mismatches.append(f"{name}: check {key} missed (got {got!r})")
        elif got is True:
            self.fp[key] += 1
            self.mismatches.append(f"{name}: check {key} false positive")
        else:
            self.tn[key] += 1

    @property
    def recall(self) -> float:
        tp, fn = sum(self.tp.values()), sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def precision(self) -> float:
        tp, fp = sum(self.tp.values()), sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def wrong_facts(self) -> list[str]:
        return [m for m in self.mismatches if ": check " not in m]


def evaluate(folder: Path, workers: int | None = None) -> Score:
    """Analyse every APK listed in the folder's ground truth and score the results."""
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    entries = [e for e in truth if (folder / e["file"]).is_file()]
    results = analyze_many([folder / e["file"] for e in entries], workers=workers)
    score = Score()
    for entry, result in zip(entries, results, strict=True):
        if "error" in result:
            score.failures.append(f"{entry['file']}: {result['error']}")
            continue
        score.add(entry["file"], expected_facts(entry["expected"]), observed_facts(result))
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    if not (args.folder / "ground_truth.json").is_file():
        print(f"no ground_truth.json in {args.folder}", file=sys.stderr)
        return 2
    score = evaluate(args.folder, args.workers)
    print(f"{'fact':28} {'right':>6} {'of':>4} {'accuracy':>9}")
    for key in sorted(score.fact_total):
        right, total = score.fact_right[key], score.fact_total[key]
        print(f"{key:28} {right:6} {total:4} {right / total:9.1%}")
    print()
    print(f"{'check':28} {'TP':>4} {'FN':>4} {'FP':>4} {'TN':>4} {'recall':>8} {'precision':>9}")
    for key in CHECK_KEYS:
        tp, fn, fp, tn = score.tp[key], score.fn[key], score.fp[key], score.tn[key]
        if tp + fn + fp + tn == 0:
            continue
        recall = f"{tp / (tp + fn):.0%}" if tp + fn else "-"
        precision = f"{tp / (tp + fp):.0%}" if tp + fp else "-"
        print(f"{key:28} {tp:4} {fn:4} {fp:4} {tn:4} {recall:>8} {precision:>9}")
    print(f"\ncode checks overall: recall {score.recall:.1%}, precision {score.precision:.1%}")
    for line in score.failures + score.mismatches:
        print("  " + line)
    exact = not score.wrong_facts() and not score.failures
    print(f"signing and manifest facts exact: {'yes' if exact else 'NO'}")
    return 0 if exact and score.recall >= 0.95 and score.precision >= 0.90 else 1


if __name__ == "__main__":
    raise SystemExit(main())
