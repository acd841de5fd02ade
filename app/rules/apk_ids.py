"""The analyzer rule ids a pack's ``apk_rules`` may name.

They come from the analyzer's catalogue, which is part of the program
(``app.paths.analyzer_data_dir()``), never from the pack's folder: every pack
is checked against the analyzer that will actually run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app import paths


def analyzer_catalog_path() -> Path:
    return paths.analyzer_data_dir() / "catalog.yaml"


def catalog_rule_ids(data: Any) -> set[str] | None:
    """Rule ids in a parsed catalogue ``{rules: [{id: ...}, ...]}``; None if not that shape."""
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        return None
    ids = [entry.get("id") if isinstance(entry, dict) else None for entry in rules]
    found = {i for i in ids if isinstance(i, str) and i}
    return found if len(found) == len(ids) else None
