"""Recognise packers/protectors and third-party SDKs from an APK's inventory.

The indicator facts live in our own rule data (``rules/apk/packers.yaml`` and
``rules/apk/sdks.yaml``); this module validates that data and matches it
against an :class:`~app.apk.inventory.Inventory`. Nothing here parses files.

Packer decision rule (documented in ``packers.yaml`` too): every signal is
*strong* (an artefact only that product ships) or *weak* (a name others might
use, or a generic sign of hidden code). Strong counts 2 points, weak 1. A
packer is reported ``confirmed`` with at least 3 points from at least two
distinct signals, ``likely`` with exactly 2 points (one strong signal, or two
weak ones), and not at all with a single weak signal. A rule marked
``generic`` (a home-made dex shell) is reported only when no specific product
was found.
"""

from __future__ import annotations

import bisect
import fnmatch
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.apk.inventory import Inventory
from app.errors import ValidationError
from app.paths import analyzer_data_dir

PACKER_SIGNAL_TYPES = ("entry", "native_lib", "class", "application", "metadata", "hidden_code")
PACKER_KINDS = ("packer", "protector")
_STRONG_POINTS = 2
_WEAK_POINTS = 1
_CONFIRMED_POINTS = 3
_LIKELY_POINTS = 2
# A manifest naming several components of which at least this share has no class
# in any DEX file means the real code is stored somewhere we cannot read.
_HIDDEN_SHARE = 0.5
_JAVA_NAME = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")
_JAVA_PREFIX = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*\.$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_EVIDENCE_EXAMPLES = 3


class RuleDataError(ValidationError):
    """Rule data that does not follow its schema; lists every problem at once."""

    code = "rule_data"

    def __init__(self, path: Path, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        joined = "; ".join(self.errors)
        super().__init__(
            f"规则文件 {path} 有 {len(self.errors)} 处错误：{joined}",
            f"rule file {path} has {len(self.errors)} error(s): {joined}",
        )


# ---------------------------------------------------------------- rule models


@dataclass(frozen=True)
class Signal:
    type: str
    value: str  # glob, Java class name or package prefix ("" for hidden_code)
    weak: bool

    @property
    def points(self) -> int:
        return _WEAK_POINTS if self.weak else _STRONG_POINTS


@dataclass(frozen=True)
class PackerRule:
    id: str
    name: Mapping[str, str]
    vendor: str
    kind: str
    generic: bool
    signals: tuple[Signal, ...]


@dataclass(frozen=True)
class SdkRule:
    id: str
    name: Mapping[str, str]
    vendor: str
    category: str
    collects_personal_data: bool
    prefixes: tuple[str, ...]
    components: tuple[str, ...]
    metadata: tuple[str, ...]
    native_libs: tuple[str, ...]


@dataclass(frozen=True)
class SdkRules:
    categories: Mapping[str, Mapping[str, str]]
    sdks: tuple[SdkRule, ...]


# ------------------------------------------------------------------- loading


class _Checker:
    """Collects schema errors as ``id: problem`` strings instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.errors.append(f"{where}: {problem}")

    def keys(self, where: str, item: Mapping[str, Any], required: set[str], allowed: set[str]):
        for key in sorted(set(item) - allowed, key=str):
            self.add(where, f"unknown key {key!r}")
        for key in sorted(required - set(item)):
            self.add(where, f"missing key {key!r}")

    def text(self, where: str, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.add(where, f"{key} must be a non-empty string")
            return ""
        return value

    def bilingual(self, where: str, key: str, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or set(value) != {"zh", "en"}:
            self.add(where, f"{key} must be a mapping with exactly zh and en")
            return {}
        return {lang: self.text(where, f"{key}.{lang}", value[lang]) for lang in ("zh", "en")}

    def boolean(self, where: str, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            self.add(where, f"{key} must be true or false")
            return False
        return value

    def string_list(
        self, where: str, key: str, value: Any, check: Callable[[str], str | None]
    ) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(where, f"{key} must be a list of strings")
            return ()
        out = []
        for item in value:
            if not isinstance(item, str) or not item:
                self.add(where, f"{key} entries must be non-empty strings, got {item!r}")
                continue
            problem = check(item)
            if problem:
                self.add(where, f"{key} {item!r}: {problem}")
            out.append(item)
        return tuple(out)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleDataError(path, [f"cannot read file ({exc.strerror or exc})"]) from exc
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise RuleDataError(path, [f"not valid YAML ({exc})".replace("\n", " ")]) from exc


def _check_glob(value: str) -> str | None:
    if any(ch in value for ch in "[]"):
        return "only * and ? wildcards are supported"
    if value.startswith("/") or "\\" in value:
        return "must be a relative path with forward slashes"
    return None


def _check_java_name_or_prefix(value: str) -> str | None:
    if _JAVA_NAME.match(value) or _JAVA_PREFIX.match(value):
        return None
    return "must be a Java class name or a package prefix ending in '.'"


def _check_java_glob(value: str) -> str | None:
    if _JAVA_NAME.match(value.replace("*", "x").replace("?", "x")):
        return None
    return "must be a Java class name (wildcards * and ? allowed)"


def _check_prefix(value: str) -> str | None:
    return None if _JAVA_PREFIX.match(value) else "must be a package prefix ending in '.'"


def _check_metadata(value: str) -> str | None:
    return None if value.strip() == value else "must not have surrounding spaces"


def _check_lib(value: str) -> str | None:
    if "/" in value:
        return "must be a file name without a directory"
    return _check_glob(value)


_SIGNAL_CHECKS: dict[str, Callable[[str], str | None]] = {
    "entry": _check_glob,
    "native_lib": _check_lib,
    "class": _check_java_name_or_prefix,
    "application": _check_java_glob,
    "metadata": _check_metadata,
}


def _items(path: Path, data: Any, list_key: str, allowed_top: set[str], c: _Checker) -> list:
    if not isinstance(data, dict):
        raise RuleDataError(path, ["top level must be a mapping"])
    for key in sorted(set(data) - allowed_top, key=str):
        c.add("(top)", f"unknown key {key!r}")
    if data.get("schema") != 1:
        c.add("(top)", "schema must be 1")
    items = data.get(list_key)
    if not isinstance(items, list) or not items:
        c.add("(top)", f"{list_key} must be a non-empty list")
        return []
    return items


def _item_id(index: int, item: Any, seen: set[str], c: _Checker) -> str | None:
    if not isinstance(item, dict):
        c.add(f"#{index + 1}", "must be a mapping")
        return None
    raw = item.get("id")
    where = raw if isinstance(raw, str) and raw else f"#{index + 1}"
    if not isinstance(raw, str) or not _ID.match(raw):
        c.add(where, "id must be lower-case letters, digits and '-'")
    elif raw in seen:
        c.add(where, "duplicate id")
    else:
        seen.add(raw)
    return where


def load_packer_rules(path: Path) -> tuple[PackerRule, ...]:
    """Read and validate a packer rule file; raise RuleDataError listing every problem."""
    c = _Checker()
    rules: list[PackerRule] = []
    seen: set[str] = set()
    for index, item in enumerate(
        _items(path, _read_yaml(path), "packers", {"schema", "packers"}, c)
    ):
        where = _item_id(index, item, seen, c)
        if where is None:
            continue
        c.keys(
            where,
            item,
            required={"id", "name", "vendor", "kind", "signals"},
            allowed={"id", "name", "vendor", "kind", "generic", "signals"},
        )
        kind = item.get("kind")
        if kind not in PACKER_KINDS:
            c.add(where, f"kind must be one of {', '.join(PACKER_KINDS)}")
        signals = _packer_signals(where, item.get("signals"), c)
        rules.append(
            PackerRule(
                id=where,
                name=c.bilingual(where, "name", item.get("name")),
                vendor=c.text(where, "vendor", item.get("vendor")),
                kind=str(kind),
                generic=c.boolean(where, "generic", item.get("generic", False)),
                signals=signals,
            )
        )
    if c.errors:
        raise RuleDataError(path, c.errors)
    return tuple(rules)


def _packer_signals(where: str, raw: Any, c: _Checker) -> tuple[Signal, ...]:
    if not isinstance(raw, list) or not raw:
        c.add(where, "signals must be a non-empty list")
        return ()
    signals = []
    for number, entry in enumerate(raw, start=1):
        at = f"{where} signal {number}"
        if not isinstance(entry, dict):
            c.add(at, "must be a mapping such as {native_lib: libx.so}")
            continue
        types = [k for k in entry if k in PACKER_SIGNAL_TYPES]
        for key in sorted(set(entry) - set(PACKER_SIGNAL_TYPES) - {"weak"}, key=str):
            c.add(at, f"unknown key {key!r}")
        if len(types) != 1:
            c.add(at, f"needs exactly one of {', '.join(PACKER_SIGNAL_TYPES)}")
            continue
        kind = types[0]
        weak = c.boolean(at, "weak", entry.get("weak", False))
        value = entry[kind]
        if kind == "hidden_code":
            if value is not True:
                c.add(at, "hidden_code must be true")
            signals.append(Signal(kind, "", weak))
            continue
        if not isinstance(value, str) or not value:
            c.add(at, f"{kind} must be a non-empty string")
            continue
        problem = _SIGNAL_CHECKS[kind](value)
        if problem:
            c.add(at, f"{kind} {value!r}: {problem}")
        signals.append(Signal(kind, value, weak))
    return tuple(signals)


def load_sdk_rules(path: Path) -> SdkRules:
    """Read and validate an SDK rule file; raise RuleDataError listing every problem."""
    c = _Checker()
    data = _read_yaml(path)
    items = _items(path, data, "sdks", {"schema", "categories", "sdks"}, c)
    categories: dict[str, dict[str, str]] = {}
    raw_categories = data.get("categories")
    if not isinstance(raw_categories, dict) or not raw_categories:
        c.add("(top)", "categories must be a non-empty mapping of id to {zh, en}")
    else:
        for key, label in raw_categories.items():
            categories[str(key)] = c.bilingual(f"category {key}", "label", label)
    sdks: list[SdkRule] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = _item_id(index, item, seen, c)
        if where is None:
            continue
        c.keys(
            where,
            item,
            required={"id", "name", "vendor", "category", "collects_personal_data"},
            allowed={
                "id",
                "name",
                "vendor",
                "category",
                "collects_personal_data",
                "prefixes",
                "components",
                "metadata",
                "native_libs",
            },
        )
        category = item.get("category")
        if category not in categories:
            c.add(where, f"category {category!r} is not declared under categories")
        rule = SdkRule(
            id=where,
            name=c.bilingual(where, "name", item.get("name")),
            vendor=c.text(where, "vendor", item.get("vendor")),
            category=str(category),
            collects_personal_data=c.boolean(
                where, "collects_personal_data", item.get("collects_personal_data")
            ),
            prefixes=c.string_list(where, "prefixes", item.get("prefixes"), _check_prefix),
            components=c.string_list(where, "components", item.get("components"), _check_java_glob),
            metadata=c.string_list(where, "metadata", item.get("metadata"), _check_metadata),
            native_libs=c.string_list(where, "native_libs", item.get("native_libs"), _check_lib),
        )
        if not (rule.prefixes or rule.components or rule.metadata or rule.native_libs):
            c.add(where, "needs at least one of prefixes, components, metadata, native_libs")
        sdks.append(rule)
    if c.errors:
        raise RuleDataError(path, c.errors)
    return SdkRules(categories=categories, sdks=tuple(sdks))


@functools.cache
def _default_packer_rules(path: Path) -> tuple[PackerRule, ...]:
    return load_packer_rules(path)


@functools.cache
def _default_sdk_rules(path: Path) -> SdkRules:
    return load_sdk_rules(path)


def packer_rules_path() -> Path:
    return analyzer_data_dir() / "packers.yaml"


def sdk_rules_path() -> Path:
    return analyzer_data_dir() / "sdks.yaml"


# ------------------------------------------------------------------ matching


@functools.cache
def _glob_matcher(pattern: str) -> Callable[[str], bool]:
    """Compiled once per pattern; the common ``head*tail`` form needs no regex."""
    if "?" not in pattern and pattern.count("*") == 1:
        head, tail = pattern.split("*")
        least = len(head) + len(tail)
        return lambda name: len(name) >= least and name.startswith(head) and name.endswith(tail)
    if "*" in pattern or "?" in pattern:
        return re.compile(fnmatch.translate(pattern)).match  # type: ignore[return-value]
    return pattern.__eq__


def _first_match(pattern: str, names: Iterable[str]) -> str | None:
    match = _glob_matcher(pattern)
    return next((name for name in names if match(name)), None)


def _java_to_descriptor(name: str) -> str:
    """``com.stub.StubApp`` → ``Lcom/stub/StubApp;``; ``com.stub.`` → ``Lcom/stub/``."""
    if name.endswith("."):
        return "L" + name.replace(".", "/")
    return "L" + name.replace(".", "/") + ";"


class _ClassIndex:
    """Sorted class descriptors, so a package prefix is two binary searches, not a scan."""

    def __init__(self, descriptors: set[str]) -> None:
        self._set = descriptors
        self._sorted = sorted(descriptors)

    def __bool__(self) -> bool:
        return bool(self._sorted)

    def __contains__(self, descriptor: str) -> bool:
        return descriptor in self._set

    def count_prefix(self, prefix: str) -> int:
        lo = bisect.bisect_left(self._sorted, prefix)
        hi = bisect.bisect_left(self._sorted, prefix + "\U0010ffff")
        return hi - lo


# The pipeline asks for packers and then SDKs of the same inventory: sorting a
# large app's classes once is enough. The set itself is kept so its id cannot
# be reused by another inventory while cached.
_last_index: tuple[set[str], int, _ClassIndex] | None = None


def _class_index(inv: Inventory) -> _ClassIndex:
    global _last_index
    descriptors = inv.class_descriptors
    if (
        _last_index is not None
        and _last_index[0] is descriptors
        and _last_index[1] == len(descriptors)
    ):
        return _last_index[2]
    index = _ClassIndex(descriptors)
    _last_index = (descriptors, len(descriptors), index)
    return index


class _EntryIndex:
    """ZIP entry names grouped by first path segment, so each glob sees few names."""

    def __init__(self, names: Iterable[str]) -> None:
        self._by_top: dict[str, list[str]] = {}
        self._all: list[str] = []
        for name in names:
            self._all.append(name)
            self._by_top.setdefault(name.split("/", 1)[0], []).append(name)

    def first(self, pattern: str) -> str | None:
        literal_head = re.split(r"[*?]", pattern, maxsplit=1)[0]
        if "/" in literal_head:
            candidates = self._by_top.get(literal_head.split("/", 1)[0], [])
        else:
            candidates = self._all
        return _first_match(pattern, candidates)


def _hidden_code_evidence(inv: Inventory, classes: _ClassIndex) -> str | None:
    """Evidence that the manifest's components are missing from every DEX file."""
    if not classes or not inv.manifest_components:
        return None
    components = list(dict.fromkeys(inv.manifest_components))
    missing = [c for c in components if _java_to_descriptor(c) not in classes]
    if not missing or len(missing) < _HIDDEN_SHARE * len(components):
        return None
    examples = ", ".join(missing[:_EVIDENCE_EXAMPLES])
    return (
        f"hidden code: {len(missing)} of {len(components)} manifest classes are not "
        f"defined in any DEX file (e.g. {examples})"
    )


def _signal_evidence(
    signal: Signal, inv: Inventory, entries: _EntryIndex, classes: _ClassIndex
) -> str | None:
    if signal.type == "entry":
        hit = entries.first(signal.value)
        return f"entry: {hit}" if hit else None
    if signal.type == "native_lib":
        hit = _first_match(signal.value, inv.native_libs)
        return f"native lib: {hit}" if hit else None
    if signal.type == "class":
        descriptor = _java_to_descriptor(signal.value)
        if signal.value.endswith("."):
            count = classes.count_prefix(descriptor)
            return f"classes: {signal.value}* ({count})" if count else None
        return f"class: {descriptor}" if descriptor in classes else None
    if signal.type == "application":
        hit = _first_match(signal.value, inv.manifest_components)
        return f"manifest class: {hit}" if hit else None
    if signal.type == "metadata":
        hit = _first_match(signal.value, inv.manifest_metadata)
        return f"meta-data: {hit}" if hit else None
    return _hidden_code_evidence(inv, classes)


def _confidence(points: int, signals: int) -> str | None:
    if points >= _CONFIRMED_POINTS and signals >= 2:
        return "confirmed"
    if points >= _LIKELY_POINTS:
        return "likely"
    return None


def detect_packers(
    inv: Inventory, rules: Sequence[PackerRule] | None = None
) -> list[dict[str, Any]]:
    """Packers and protectors whose signals add up (see the module docstring).

    Each result is ``{id, name{zh,en}, vendor, kind, evidence, signals, confidence}``;
    ``kind`` is "packer" when the product hides the DEX code (code checks are then
    incomplete) and "protector" for runtime protection that leaves code readable.
    """
    if rules is None:
        rules = _default_packer_rules(packer_rules_path())
    entries = _EntryIndex(inv.entry_names)
    classes = _class_index(inv)
    specific: list[dict[str, Any]] = []
    generic: list[dict[str, Any]] = []
    for rule in rules:
        evidence: list[str] = []
        points = 0
        for signal in rule.signals:
            found = _signal_evidence(signal, inv, entries, classes)
            if found:
                evidence.append(found + (" [weak]" if signal.weak else ""))
                points += signal.points
        confidence = _confidence(points, len(evidence))
        if confidence is None:
            continue
        result = {
            "id": rule.id,
            "name": dict(rule.name),
            "vendor": rule.vendor,
            "kind": rule.kind,
            "evidence": evidence,
            "signals": len(evidence),
            "confidence": confidence,
        }
        (generic if rule.generic else specific).append(result)
    return specific or generic


def detect_sdks(inv: Inventory, rules: SdkRules | None = None) -> list[dict[str, Any]]:
    """Third-party SDKs found by class prefix, manifest component, meta-data or native lib.

    Classes inside the app's own package do not count, so an SDK vendor's own
    app is not reported as embedding its SDK; nor do manifest components there,
    unless an SDK's component pattern names them (WeChat requires its
    ``<package>.wxapi.WXEntryActivity`` inside the app's package). Each result
    is ``{id, name{zh,en}, vendor, category, collects_personal_data, evidence}``.
    """
    if rules is None:
        rules = _default_sdk_rules(sdk_rules_path())
    classes = _class_index(inv)
    own = inv.package + "." if inv.package else None
    own_descriptor = _java_to_descriptor(own) if own else None
    components = list(dict.fromkeys(inv.manifest_components))
    found: list[dict[str, Any]] = []
    for sdk in rules.sdks:
        evidence: list[str] = []
        for prefix in sdk.prefixes:
            count = _count_foreign(classes, _java_to_descriptor(prefix), own_descriptor)
            if count:
                evidence.append(f"classes: {prefix}* ({count})")
        matched_components = [
            c
            for c in components
            if any(_glob_matcher(p)(c) for p in sdk.components)
            or (c.startswith(sdk.prefixes) and not (own and c.startswith(own)))
        ]
        evidence += [f"component: {c}" for c in matched_components[:_EVIDENCE_EXAMPLES]]
        if len(matched_components) > _EVIDENCE_EXAMPLES:
            evidence.append(f"component: … {len(matched_components)} in all")
        for pattern in sdk.metadata:
            hit = _first_match(pattern, inv.manifest_metadata)
            if hit:
                evidence.append(f"meta-data: {hit}")
        for pattern in sdk.native_libs:
            hit = _first_match(pattern, inv.native_libs)
            if hit:
                evidence.append(f"native lib: {hit}")
        if evidence:
            found.append(
                {
                    "id": sdk.id,
                    "name": dict(sdk.name),
                    "vendor": sdk.vendor,
                    "category": sdk.category,
                    "collects_personal_data": sdk.collects_personal_data,
                    "evidence": evidence,
                }
            )
    return found


def _count_foreign(classes: _ClassIndex, prefix: str, own: str | None) -> int:
    """Classes under ``prefix`` that are not in the app's own package."""
    if own and prefix.startswith(own):
        return 0
    count = classes.count_prefix(prefix)
    if own and own.startswith(prefix):
        count -= classes.count_prefix(own)
    return count


def sdk_category_label(category: str, rules: SdkRules | None = None) -> Mapping[str, str]:
    """Bilingual label of an SDK category, for summaries and reports."""
    if rules is None:
        rules = _default_sdk_rules(sdk_rules_path())
    return rules.categories.get(category, {"zh": category, "en": category})
