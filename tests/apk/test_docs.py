"""docs/apk-analysis.md stays true to the analyzer: its rule table and its JSON keys."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from app.apk.pipeline import analyze_file
from tests.apk.builders.samples import vulnerable_apk

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "apk-analysis.md"


def test_the_rule_table_equals_the_catalogue() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from apk_rule_table import rule_table
    finally:
        sys.path.remove(str(REPO / "scripts"))
    text = DOC.read_text(encoding="utf-8")
    documented = text.split("<!-- RULES -->\n", 1)[1].split("\n<!-- /RULES -->", 1)[0]
    assert documented == rule_table(), "run: python scripts/apk_rule_table.py"


def test_every_top_level_key_of_the_json_is_documented(tmp_path: Path) -> None:
    result = analyze_file(vulnerable_apk(tmp_path))
    text = DOC.read_text(encoding="utf-8")
    spans = re.findall(r"`([^`]+)`", text)
    documented = {word for span in spans for word in re.findall(r"[a-z_0-9]+", span)}
    assert set(result) <= documented, sorted(set(result) - documented)
    assert set(result["checks"]) <= documented
