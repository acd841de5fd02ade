"""The analyzer's bundled data (rules/apk/*.yaml) and the rule pack's checklist links.

Loaded once per process: an analysis of a small APK takes a few milliseconds,
re-reading YAML each time would dominate it.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.paths import analyzer_data_dir, rules_dir

EXCLUDED_PACK_FILES = {"pack.yaml", "scoring.yaml"}

try:  # libyaml is several times faster when present
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: str
    kind: str  # weakness | control
    title: dict[str, str]
    remediation: dict[str, str]


@dataclass(frozen=True)
class AnalyzerData:
    rules: dict[str, RuleInfo]
    library_prefixes: tuple[str, ...]
    dangerous_permissions: frozenset[str]
    irrelevant_permissions: dict[str, dict[str, str]]


def _load(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader) or {}


@functools.lru_cache(maxsize=1)
def analyzer_data() -> AnalyzerData:
    folder = analyzer_data_dir()
    catalog = _load(folder / "catalog.yaml")
    rules = {}
    for entry in catalog.get("rules", []):
        rules[entry["id"]] = RuleInfo(
            id=entry["id"],
            severity=entry["severity"],
            kind=entry.get("kind", "weakness"),
            title=dict(entry["title"]),
            remediation=dict(entry["remediation"]),
        )
    libraries = _load(folder / "libraries.yaml")
    permissions = _load(folder / "permissions.yaml")
    return AnalyzerData(
        rules=rules,
        library_prefixes=tuple(libraries.get("prefixes", [])),
        dangerous_permissions=frozenset(permissions.get("dangerous", [])),
        irrelevant_permissions=dict(permissions.get("irrelevant", {})),
    )


def checklist_items() -> dict[str, list[str]]:
    """Rule id -> ids of the rule-pack items whose ``apk_rules`` list it.

    Reads the top-level domain files of the current rule pack (re-read when they
    change); a missing or unreadable pack yields an empty mapping (the analysis
    is still complete).
    """
    folder = rules_dir()
    try:
        files = tuple(
            sorted(
                (entry.name, entry.stat().st_mtime_ns, entry.stat().st_size)
                for entry in os.scandir(folder)
                if entry.name.endswith(".yaml")
                and entry.name not in EXCLUDED_PACK_FILES
                and entry.is_file()
            )
        )
    except OSError:
        return {}
    return _checklist_items(str(folder), files)


@functools.lru_cache(maxsize=4)
def _checklist_items(folder: str, files: tuple[tuple[str, int, int], ...]) -> dict[str, list[str]]:
    mapping: dict[str, list[str]] = {}
    for name, _mtime, _size in files:
        try:
            document = _load(Path(folder) / name)
        except (OSError, yaml.YAMLError):
            continue
        items = document.get("items") if isinstance(document, dict) else None
        for item in items or []:
            if not isinstance(item, dict) or not item.get("id"):
                continue
            for rule_id in item.get("apk_rules") or []:
                bucket = mapping.setdefault(str(rule_id), [])
                if item["id"] not in bucket:
                    bucket.append(str(item["id"]))
    return mapping
