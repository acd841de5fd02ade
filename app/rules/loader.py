"""Load and validate rule packs strictly, reporting every problem at once.

A pack directory holds ``pack.yaml`` (identity, languages, the domain files in
order, ``renamed``/``deleted`` ids), ``scoring.yaml`` (the scoring model) and one
YAML file per domain. Unknown keys, missing fields, bad values, duplicate or
dangling ids and inconsistent weights are all collected and raised together as
one ``PackValidationError``; a pack with any problem is never returned, so
nothing is ever scored from a half-loaded pack.

The content hash is SHA-256 over a canonical JSON serialisation of the
*normalised* content (see ``canonical_json``): pack identity and metadata,
``renamed``/``deleted``, the whole scoring model, every domain and every item
field, in pack order. It does not cover YAML formatting, comments, key order,
file names, or the analyzer catalogue used to check ``apk_rules``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app import paths
from app.domain.enums import Grade, Result
from app.errors import IntegrityError, NotFoundError, ValidationError
from app.i18n import SUPPORTED, pick
from app.rules.apk_ids import analyzer_catalog_path, catalog_rule_ids
from app.rules.model import (
    METHODS,
    REF_STATUSES,
    SEVERITIES,
    Domain,
    GradeRule,
    Item,
    Ref,
    RulePack,
    ScoringModel,
)

SNAPSHOT_FORMAT = "ihsa-rulepack/1"
PACK_FILE = "pack.yaml"
SCORING_FILE = "scoring.yaml"

_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_DOMAIN_ID = re.compile(r"^[A-Z][A-Z0-9]{0,15}$")
_ITEM_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
_DOMAIN_FILE = re.compile(r"^[A-Za-z0-9_.-]+\.ya?ml$")

_PACK_KEYS = {"id", "version", "date", "issuer", "title", "languages", "domains"}
_PACK_OPTIONAL = {"renamed", "deleted"}
_SCORING_KEYS = {
    "score_max",
    "decimals",
    "severity_weights",
    "result_values",
    "domain_weight_total",
    "grades",
}
_GRADE_KEYS = {"grade", "min_score", "forbid_veto", "rule", "handling", "deadline_days"}
_DOMAIN_FILE_KEYS = {"domain", "items"}
_DOMAIN_KEYS = {"id", "title", "weight"}
_ITEM_KEYS = {"id", "title", "guidance", "method", "severity", "veto", "refs", "evidence_hint"}
_ITEM_OPTIONAL = {"weight", "apk_rules"}
_REF_KEYS = {"doc", "clause", "status"}
_SCORED_RESULTS = (Result.PASS, Result.PARTIAL, Result.FAIL, Result.NOT_ASSESSED)


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack: where (file, item or domain id) and what."""

    file: str
    where: str
    zh: str
    en: str

    def message(self, lang: str | None = None) -> str:
        text = pick({"zh": self.zh, "en": self.en}, lang)
        location = f"{self.file}: {self.where}" if self.where else self.file
        return f"{location}: {text}"

    def __str__(self) -> str:
        return self.message()


class PackValidationError(ValidationError):
    """A rule pack failed validation; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: Iterable[PackProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        first_zh = self.problems[0].message("zh") if count else ""
        first_en = self.problems[0].message("en") if count else ""
        super().__init__(
            f"规则包 {source} 无效，共 {count} 处错误；第一处：{first_zh}",
            f"rule pack {source} is invalid, {count} problem(s); first: {first_en}",
            code="invalid_pack",
        )
        self.source = source


class _Problems:
    """Collects problems; every check reports and carries on."""

    def __init__(self) -> None:
        self.items: list[PackProblem] = []

    def add(self, file: str, where: str, zh: str, en: str) -> None:
        self.items.append(PackProblem(file, where, zh, en))


# ---------------------------------------------------------------- YAML reading


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that records duplicate mapping keys instead of keeping the last."""

    duplicates: list[tuple[str, int]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            if key in seen:
                self.duplicates.append((key, key_node.start_mark.line + 1))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path, name: str, problems: _Problems) -> Any:
    """Parse one YAML file; problems are recorded and None returned on failure."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(name, "", "文件不存在", "file not found")
        return None
    except UnicodeDecodeError:
        problems.add(name, "", "不是 UTF-8 编码的文本", "not UTF-8 text")
        return None
    except OSError as exc:
        problems.add(name, "", f"无法读取：{exc.strerror}", f"cannot read: {exc.strerror}")
        return None
    loader = _StrictLoader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.add(name, where, f"YAML 语法错误：{reason}", f"YAML syntax error: {reason}")
        return None
    finally:
        loader.dispose()
    for key, line_number in loader.duplicates:
        problems.add(name, f"line {line_number}", f"键 {key!r} 重复", f"duplicate key {key!r}")
    if data is None:
        problems.add(name, "", "文件为空", "file is empty")
    return data


# ----------------------------------------------------------- field checking

_MISSING: Any = object()  # a required field that is absent: already reported once


def _get(data: Mapping[str, Any], key: str) -> Any:
    return data.get(key, _MISSING)


class _Fields:
    """Checks the fields of one mapping and reports against one location."""

    def __init__(self, problems: _Problems, file: str, where: str) -> None:
        self.problems = problems
        self.file = file
        self.where = where
        self.ok = True

    def fail(self, zh: str, en: str) -> None:
        self.ok = False
        self.problems.add(self.file, self.where, zh, en)

    def mapping(
        self, value: Any, required: set[str], optional: set[str], what: str
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(f"{what} 应为映射（键: 值）", f"{what} must be a mapping (key: value)")
            return None
        for key in sorted(set(value) - required - optional, key=str):
            self.fail(f"{what} 含未知字段 {key!r}", f"{what} has unknown field {key!r}")
        for key in sorted(required - set(value)):
            self.fail(f"{what} 缺少字段 {key!r}", f"{what} is missing field {key!r}")
        return value

    def text(self, value: Any, field: str, languages: Iterable[str]) -> dict[str, str] | None:
        if value is _MISSING:
            self.ok = False
            return None
        langs = tuple(languages)
        if not isinstance(value, dict):
            self.fail(
                f"字段 {field!r} 应为 {{{', '.join(langs)}}} 双语文本",
                f"field {field!r} must be text per language {{{', '.join(langs)}}}",
            )
            return None
        result: dict[str, str] = {}
        for lang in sorted(set(value) - set(SUPPORTED), key=str):
            self.fail(
                f"字段 {field!r} 含未知语言 {lang!r}",
                f"field {field!r} has unknown language {lang!r}",
            )
        for lang in langs:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.fail(f"字段 {field!r} 缺少 {lang} 文本", f"field {field!r} has no {lang} text")
            else:
                result[lang] = text.strip()
        extra = {k: v.strip() for k, v in value.items() if k not in langs and isinstance(v, str)}
        return {**result, **extra} if len(result) == len(langs) else None

    def string(self, value: Any, field: str, pattern: re.Pattern[str] | None = None) -> str | None:
        if value is _MISSING:
            self.ok = False
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(
                f"字段 {field!r} 应为非空字符串", f"field {field!r} must be a non-empty string"
            )
            return None
        if pattern is not None and not pattern.match(value):
            self.fail(
                f"字段 {field!r} 的值 {value!r} 格式不符（{pattern.pattern}）",
                f"field {field!r} value {value!r} does not match {pattern.pattern}",
            )
            return None
        return value.strip()

    def choice(self, value: Any, field: str, choices: Iterable[str]) -> str | None:
        if value is _MISSING:
            self.ok = False
            return None
        options = tuple(choices)
        if not isinstance(value, str) or value not in options:
            self.fail(
                f"字段 {field!r} 的值 {value!r} 不在 {', '.join(options)} 之中",
                f"field {field!r} value {value!r} is not one of {', '.join(options)}",
            )
            return None
        return value

    def boolean(self, value: Any, field: str) -> bool | None:
        if value is _MISSING:
            self.ok = False
            return None
        if not isinstance(value, bool):
            self.fail(
                f"字段 {field!r} 应为 true 或 false", f"field {field!r} must be true or false"
            )
            return None
        return value

    def number(
        self, value: Any, field: str, *, minimum: Fraction | None = None, positive: bool = False
    ) -> Fraction | None:
        if value is _MISSING:
            self.ok = False
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"字段 {field!r} 应为数字", f"field {field!r} must be a number")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.fail(f"字段 {field!r} 应为有限数字", f"field {field!r} must be a finite number")
            return None
        number = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
        if positive and number <= 0:
            self.fail(f"字段 {field!r} 应大于 0", f"field {field!r} must be greater than 0")
            return None
        if minimum is not None and number < minimum:
            self.fail(
                f"字段 {field!r} 不应小于 {minimum}", f"field {field!r} must be at least {minimum}"
            )
            return None
        return number

    def integer(self, value: Any, field: str, low: int, high: int | None = None) -> int | None:
        if value is _MISSING:
            self.ok = False
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"字段 {field!r} 应为整数", f"field {field!r} must be an integer")
            return None
        if value < low or (high is not None and value > high):
            bound = f"{low}..{high}" if high is not None else f">= {low}"
            self.fail(f"字段 {field!r} 应在 {bound} 范围内", f"field {field!r} must be {bound}")
            return None
        return value

    def string_list(
        self, value: Any, field: str, *, allow_empty: bool = True, allow_scalar: bool = False
    ) -> list[str] | None:
        if value is _MISSING:
            self.ok = False
            return None
        if allow_scalar and isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(
                f"字段 {field!r} 应为字符串列表", f"field {field!r} must be a list of strings"
            )
            return None
        if not value and not allow_empty:
            self.fail(f"字段 {field!r} 不能为空", f"field {field!r} must not be empty")
            return None
        duplicates = sorted({v for v in value if value.count(v) > 1})
        if duplicates:
            self.fail(
                f"字段 {field!r} 含重复值 {', '.join(duplicates)}",
                f"field {field!r} repeats {', '.join(duplicates)}",
            )
            return None
        return list(value)


# ----------------------------------------------------------- raw → objects


@dataclass
class _RawPack:
    """File contents before validation; ``domains`` pairs a file label with its data."""

    source: str
    pack: Any
    scoring: Any
    domains: list[tuple[str, Any]]
    pack_file: str = PACK_FILE
    scoring_file: str = SCORING_FILE
    require_domain_files: bool = True


def _build(raw: _RawPack, apk_rule_ids: frozenset[str] | set[str], problems: _Problems) -> RulePack:
    meta = _check_meta(raw, problems)
    languages = meta.get("languages") or ("zh", "en")
    scoring = _check_scoring(raw.scoring, raw.scoring_file, problems, languages)
    severity_weights = scoring.severity_weights if scoring else None
    checked = [
        (file, _check_domain(data, file, problems, languages, severity_weights, apk_rule_ids))
        for file, data in raw.domains
    ]
    domains = [(file, domain) for file, domain in checked if domain is not None]
    _check_cross(
        raw, meta, scoring, domains, complete=len(domains) == len(checked), problems=problems
    )
    if problems.items:
        raise PackValidationError(raw.source, problems.items)
    assert scoring is not None  # no problems means every part parsed
    content = _normalise(meta, scoring, [domain for _file, domain in domains])
    return RulePack(
        id=meta["id"],
        version=meta["version"],
        date=meta["date"],
        issuer=meta["issuer"],
        title=meta["title"],
        languages=tuple(languages),
        domains=tuple(domain for _file, domain in domains),
        scoring=scoring,
        renamed=dict(meta["renamed"]),
        deleted=tuple(meta["deleted"]),
        content=content,
        hash=content_hash(content),
    )


def _check_meta(raw: _RawPack, problems: _Problems) -> dict[str, Any]:
    fields = _Fields(problems, raw.pack_file, "")
    required = _PACK_KEYS if raw.require_domain_files else _PACK_KEYS - {"domains"}
    data = fields.mapping(raw.pack, required, _PACK_OPTIONAL, "pack")
    if data is None:
        return {}
    meta: dict[str, Any] = {}
    languages = fields.string_list(_get(data, "languages"), "languages", allow_empty=False)
    if languages is not None:
        unknown = [lang for lang in languages if lang not in SUPPORTED]
        if unknown:
            fields.fail(
                f"不支持的语言 {', '.join(unknown)}（支持 {', '.join(SUPPORTED)}）",
                f"unsupported languages {', '.join(unknown)} (supported: {', '.join(SUPPORTED)})",
            )
        else:
            meta["languages"] = tuple(languages)
    langs = meta.get("languages") or ("zh", "en")
    meta["id"] = fields.string(_get(data, "id"), "id", _PACK_ID)
    meta["version"] = fields.string(_get(data, "version"), "version")
    meta["date"] = _check_date(data.get("date"), fields)
    meta["issuer"] = fields.text(_get(data, "issuer"), "issuer", langs)
    meta["title"] = fields.text(_get(data, "title"), "title", langs)
    renamed = data.get("renamed", {})
    if not isinstance(renamed, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in renamed.items()
    ):
        fields.fail("renamed 应为 旧id: 新id 的映射", "renamed must map old id: new id")
        renamed = {}
    meta["renamed"] = renamed
    meta["deleted"] = fields.string_list(data.get("deleted", []), "deleted") or []
    return meta


def _check_date(value: Any, fields: _Fields) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    fields.fail(
        f"字段 'date' 的值 {value!r} 不是 YYYY-MM-DD 日期",
        f"field 'date' value {value!r} is not a YYYY-MM-DD date",
    )
    return None


def _check_scoring(
    value: Any, file: str, problems: _Problems, languages: Iterable[str]
) -> ScoringModel | None:
    fields = _Fields(problems, file, "")
    data = fields.mapping(value, _SCORING_KEYS, set(), "scoring")
    if data is None:
        return None
    score_max = fields.number(_get(data, "score_max"), "score_max", positive=True)
    decimals = fields.integer(_get(data, "decimals"), "decimals", 0, 4)
    total = fields.number(_get(data, "domain_weight_total"), "domain_weight_total", positive=True)

    severity_weights: dict[str, Fraction] = {}
    weights = data.get("severity_weights")
    if isinstance(weights, dict):
        for key in sorted(set(weights) - set(SEVERITIES), key=str):
            fields.fail(
                f"severity_weights 含未知严重程度 {key!r}",
                f"severity_weights has unknown severity {key!r}",
            )
        for severity in SEVERITIES:
            if severity not in weights:
                fields.fail(
                    f"severity_weights 缺少严重程度 {severity!r} 的权重",
                    f"severity_weights has no weight for severity {severity!r}",
                )
                continue
            weight = fields.number(weights[severity], f"severity_weights.{severity}", positive=True)
            if weight is not None:
                severity_weights[severity] = weight
    elif "severity_weights" in data:
        fields.fail("severity_weights 应为映射", "severity_weights must be a mapping")

    result_values: dict[Result, Fraction] = {}
    values = data.get("result_values")
    if isinstance(values, dict):
        allowed = [r.value for r in _SCORED_RESULTS]
        for key in sorted(set(values) - set(allowed), key=str):
            hint_zh = "（不适用不计分，不能设值）" if key == Result.NA.value else ""
            hint_en = " (n/a is excluded, it has no value)" if key == Result.NA.value else ""
            fields.fail(
                f"result_values 含未知结果 {key!r}{hint_zh}",
                f"result_values has unknown result {key!r}{hint_en}",
            )
        for result in _SCORED_RESULTS:
            if result.value not in values:
                fields.fail(
                    f"result_values 缺少 {result.value!r}",
                    f"result_values is missing {result.value!r}",
                )
                continue
            number = fields.number(
                values[result.value], f"result_values.{result.value}", minimum=Fraction(0)
            )
            if number is not None and number > 1:
                fields.fail(
                    f"result_values.{result.value} 应在 0..1 之间",
                    f"result_values.{result.value} must be within 0..1",
                )
            elif number is not None:
                result_values[result] = number
        ordered = [result_values.get(r) for r in (Result.FAIL, Result.PARTIAL, Result.PASS)]
        if None not in ordered and not (ordered[0] <= ordered[1] <= ordered[2]):  # type: ignore[operator]
            fields.fail(
                "result_values 应满足 fail ≤ partial ≤ pass",
                "result_values must satisfy fail <= partial <= pass",
            )
    elif "result_values" in data:
        fields.fail("result_values 应为映射", "result_values must be a mapping")

    grades = _check_grades(data.get("grades"), file, problems, languages)
    if not fields.ok or grades is None or None in (score_max, decimals, total):
        return None
    assert score_max is not None and decimals is not None and total is not None
    return ScoringModel(
        score_max=score_max,
        decimals=decimals,
        severity_weights=severity_weights,
        result_values=result_values,
        domain_weight_total=total,
        grades=grades,
    )


def _check_grades(
    value: Any, file: str, problems: _Problems, languages: Iterable[str]
) -> tuple[GradeRule, ...] | None:
    langs = tuple(languages)
    if not isinstance(value, list) or not value:
        problems.add(file, "grades", "grades 应为非空列表", "grades must be a non-empty list")
        return None
    rules: list[GradeRule] = []
    ok = True
    forbid_choices = [r.value for r in (Result.FAIL, Result.PARTIAL, Result.NOT_ASSESSED)]
    for index, entry in enumerate(value):
        grade_name = entry.get("grade") if isinstance(entry, dict) else None
        fields = _Fields(
            problems, file, f"grades[{index}]" + (f" {grade_name}" if grade_name else "")
        )
        data = fields.mapping(entry, _GRADE_KEYS, set(), "grade")
        if data is None:
            ok = False
            continue
        grade = fields.choice(_get(data, "grade"), "grade", [g.value for g in Grade])
        min_score = fields.number(_get(data, "min_score"), "min_score")
        forbid = fields.string_list(_get(data, "forbid_veto"), "forbid_veto")
        if forbid is not None:
            for result in forbid:
                fields.choice(result, "forbid_veto", forbid_choices)
        rule = fields.text(_get(data, "rule"), "rule", langs)
        handling = fields.text(_get(data, "handling"), "handling", langs)
        deadline = data.get("deadline_days")
        if deadline is not None:
            deadline = fields.integer(deadline, "deadline_days", 0)
        if not fields.ok:
            ok = False
            continue
        assert grade is not None and min_score is not None and forbid is not None
        assert rule is not None and handling is not None
        rules.append(
            GradeRule(
                grade=Grade(grade),
                min_score=min_score,
                forbid_veto=frozenset(Result(r) for r in forbid),
                rule=rule,
                handling=handling,
                deadline_days=deadline,
            )
        )
    if not ok:
        return None
    names = [rule.grade.value for rule in rules]
    if sorted(names) != sorted(g.value for g in Grade):
        problems.add(
            file,
            "grades",
            f"每个等级须且仅须出现一次（现为 {', '.join(names)}）",
            f"every grade must appear exactly once (found {', '.join(names)})",
        )
        ok = False
    for higher, lower in itertools.pairwise(rules):
        if lower.min_score > higher.min_score:
            problems.add(
                file,
                "grades",
                f"{lower.grade} 的 min_score 高于其前的 {higher.grade}",
                f"{lower.grade} has a higher min_score than {higher.grade} before it",
            )
            ok = False
    last = rules[-1]
    if last.min_score > 0 or last.forbid_veto:
        problems.add(
            file,
            "grades",
            f"最后一个等级 {last.grade} 须无条件适用（min_score 0、无 forbid_veto）",
            f"the last grade {last.grade} must always apply (min_score 0, no forbid_veto)",
        )
        ok = False
    return tuple(rules) if ok else None


def _check_domain(
    value: Any,
    file: str,
    problems: _Problems,
    languages: Iterable[str],
    severity_weights: Mapping[str, Fraction] | None,
    apk_rule_ids: frozenset[str] | set[str],
) -> Domain | None:
    if value is None:
        return None  # the file could not be read; that is already reported
    langs = tuple(languages)
    fields = _Fields(problems, file, "")
    data = fields.mapping(value, _DOMAIN_FILE_KEYS, set(), "domain file")
    if data is None:
        return None
    head = data.get("domain")
    head_id = head.get("id") if isinstance(head, dict) else None
    head_fields = _Fields(problems, file, str(head_id) if isinstance(head_id, str) else "domain")
    head_data = head_fields.mapping(head, _DOMAIN_KEYS, set(), "domain")
    domain_id = title = weight = None
    if head_data is not None:
        domain_id = head_fields.string(_get(head_data, "id"), "id", _DOMAIN_ID)
        title = head_fields.text(_get(head_data, "title"), "title", langs)
        weight = head_fields.number(_get(head_data, "weight"), "weight", positive=True)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        fields.fail("items 应为非空列表", "items must be a non-empty list")
        raw_items = []
    items = [
        _check_item(
            entry,
            index,
            file,
            str(domain_id or "?"),
            problems,
            langs,
            severity_weights,
            apk_rule_ids,
        )
        for index, entry in enumerate(raw_items)
    ]
    if not (fields.ok and head_fields.ok) or None in items:
        return None
    assert domain_id is not None and title is not None and weight is not None
    return Domain(id=domain_id, title=title, weight=weight, items=tuple(i for i in items if i))


def _check_item(
    value: Any,
    index: int,
    file: str,
    domain_id: str,
    problems: _Problems,
    langs: tuple[str, ...],
    severity_weights: Mapping[str, Fraction] | None,
    apk_rule_ids: frozenset[str] | set[str],
) -> Item | None:
    raw_id = value.get("id") if isinstance(value, dict) else None
    where = raw_id if isinstance(raw_id, str) and raw_id else f"items[{index}]"
    fields = _Fields(problems, file, where)
    data = fields.mapping(value, _ITEM_KEYS, _ITEM_OPTIONAL, "item")
    if data is None:
        return None
    item_id = fields.string(_get(data, "id"), "id", _ITEM_ID)
    title = fields.text(_get(data, "title"), "title", langs)
    guidance = fields.text(_get(data, "guidance"), "guidance", langs)
    evidence_hint = fields.text(_get(data, "evidence_hint"), "evidence_hint", langs)
    method = fields.string_list(
        _get(data, "method"), "method", allow_empty=False, allow_scalar=True
    )
    for entry in method or []:
        fields.choice(entry, "method", METHODS)
    severity = fields.choice(_get(data, "severity"), "severity", SEVERITIES)
    veto = fields.boolean(_get(data, "veto"), "veto")
    override = None
    if "weight" in data:
        override = fields.number(data["weight"], "weight", positive=True)
    refs = _check_refs(data.get("refs"), fields)
    apk_rules = fields.string_list(data.get("apk_rules", []), "apk_rules") or []
    for rule_id in apk_rules:
        if rule_id not in apk_rule_ids:
            fields.fail(
                f"apk_rules 引用了分析器中不存在的规则 {rule_id!r}",
                f"apk_rules names {rule_id!r}, which is not an analyzer rule",
            )
    if not fields.ok or severity_weights is None:
        return None
    assert item_id is not None and title is not None and guidance is not None
    assert evidence_hint is not None and method is not None and severity is not None
    assert veto is not None and refs is not None
    return Item(
        id=item_id,
        domain_id=domain_id,
        title=title,
        guidance=guidance,
        method=tuple(m for m in METHODS if m in method),
        severity=severity,
        veto=veto,
        weight=override if override is not None else severity_weights[severity],
        weight_override=override,
        refs=refs,
        evidence_hint=evidence_hint,
        apk_rules=tuple(sorted(apk_rules)),
    )


def _check_refs(value: Any, fields: _Fields) -> tuple[Ref, ...] | None:
    if not isinstance(value, list) or not value:
        fields.fail(
            "refs 应为非空列表（无条款依据时写 status: practice）",
            "refs must be a non-empty list (use status: practice when no clause exists)",
        )
        return None
    refs: list[Ref] = []
    for entry in value:
        data = fields.mapping(entry, set(), _REF_KEYS, "ref")
        if data is None:
            continue
        status = fields.choice(data.get("status", "cited"), "refs.status", REF_STATUSES)
        doc = data.get("doc", "")
        clause = data.get("clause", "")
        if isinstance(clause, int | float) and not isinstance(clause, bool):
            clause = str(clause)
        if not isinstance(doc, str) or not isinstance(clause, str):
            fields.fail("refs 的 doc 与 clause 应为字符串", "refs doc and clause must be strings")
            continue
        if not doc.strip() and status != "practice":
            fields.fail(
                "引用缺少 doc（仅 status: practice 可省略）",
                "ref has no doc (only status: practice may omit it)",
            )
            continue
        if status is not None:
            refs.append(Ref(doc=doc.strip(), clause=clause.strip(), status=status))
    return tuple(refs) if fields.ok else None


def _check_cross(
    raw: _RawPack,
    meta: Mapping[str, Any],
    scoring: ScoringModel | None,
    domains: list[tuple[str, Domain]],
    *,
    complete: bool,
    problems: _Problems,
) -> None:
    """Checks across files: unique ids, weights summing as declared, renames.

    ``complete`` is false when some domain file is broken; sums and renames are
    then not checked, since they would only repeat that problem as noise.
    """
    seen_items = _check_unique_ids(raw, problems)
    if not raw.domains:
        problems.add(raw.pack_file, "domains", "未列出任何领域", "no domains listed")
    if not complete:
        return
    if scoring is not None and domains:
        total = sum((domain.weight for _file, domain in domains), Fraction(0))
        declared = _show(scoring.domain_weight_total)
        if total != scoring.domain_weight_total:
            problems.add(
                raw.scoring_file,
                "domain_weight_total",
                f"各领域权重之和为 {_show(total)}，而声明为 {declared}",
                f"domain weights sum to {_show(total)}, declared {declared}",
            )
    renamed = dict(meta.get("renamed") or {})
    for old, new in renamed.items():
        if old in seen_items:
            problems.add(
                raw.pack_file,
                f"renamed {old}",
                "旧 id 仍是现有条目",
                "old id is still a current item",
            )
        if new not in seen_items:
            problems.add(
                raw.pack_file,
                f"renamed {old}",
                f"新 id {new} 不存在",
                f"new id {new} does not exist",
            )
    for old in meta.get("deleted") or []:
        if old in seen_items:
            problems.add(
                raw.pack_file,
                f"deleted {old}",
                "已删除的 id 仍是现有条目",
                "deleted id is still a current item",
            )
        if old in renamed:
            problems.add(
                raw.pack_file,
                f"deleted {old}",
                "同时出现在 renamed 与 deleted 中",
                "listed in both renamed and deleted",
            )


def _check_unique_ids(raw: _RawPack, problems: _Problems) -> dict[str, str]:
    """Report duplicate domain and item ids, even in files that have other problems.

    Returns item id → the file it first appears in.
    """
    seen_domains: dict[str, str] = {}
    seen_items: dict[str, str] = {}
    for file, data in raw.domains:
        if not isinstance(data, dict):
            continue
        head = data.get("domain")
        domain_id = head.get("id") if isinstance(head, dict) else None
        if isinstance(domain_id, str):
            if domain_id in seen_domains:
                problems.add(
                    file,
                    domain_id,
                    f"领域 id 已在 {seen_domains[domain_id]} 中使用",
                    f"domain id already used in {seen_domains[domain_id]}",
                )
            seen_domains.setdefault(domain_id, file)
        items = data.get("items")
        for entry in items if isinstance(items, list) else []:
            item_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(item_id, str):
                continue
            if item_id in seen_items:
                problems.add(
                    file,
                    item_id,
                    f"条目 id 已在 {seen_items[item_id]} 中使用",
                    f"item id already used in {seen_items[item_id]}",
                )
            seen_items.setdefault(item_id, file)
    return seen_items


def _show(number: Fraction) -> str:
    return str(number.numerator) if number.denominator == 1 else str(float(number))


# ------------------------------------------------------ canonical content


def json_number(number: Fraction) -> int | float:
    """A number as JSON: an int when integral, else the float it was written as."""
    return number.numerator if number.denominator == 1 else float(number)


def _normalise(
    meta: Mapping[str, Any], scoring: ScoringModel, domains: list[Domain]
) -> dict[str, Any]:
    """The pack as plain JSON data: the snapshot format and what the hash covers."""
    return {
        "format": SNAPSHOT_FORMAT,
        "pack": {
            "id": meta["id"],
            "version": meta["version"],
            "date": meta["date"],
            "issuer": dict(meta["issuer"]),
            "title": dict(meta["title"]),
            "languages": list(meta["languages"] or ("zh", "en")),
            "renamed": dict(sorted(meta["renamed"].items())),
            "deleted": sorted(meta["deleted"]),
        },
        "scoring": {
            "score_max": json_number(scoring.score_max),
            "decimals": scoring.decimals,
            "severity_weights": {k: json_number(v) for k, v in scoring.severity_weights.items()},
            "result_values": {r.value: json_number(v) for r, v in scoring.result_values.items()},
            "domain_weight_total": json_number(scoring.domain_weight_total),
            "grades": [
                {
                    "grade": rule.grade.value,
                    "min_score": json_number(rule.min_score),
                    "forbid_veto": [r.value for r in Result if r in rule.forbid_veto],
                    "rule": dict(rule.rule),
                    "handling": dict(rule.handling),
                    "deadline_days": rule.deadline_days,
                }
                for rule in scoring.grades
            ],
        },
        "domains": [
            {
                "domain": {"id": d.id, "title": dict(d.title), "weight": json_number(d.weight)},
                "items": [_normalise_item(item) for item in d.items],
            }
            for d in domains
        ],
    }


def _normalise_item(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "title": dict(item.title),
        "guidance": dict(item.guidance),
        "method": list(item.method),
        "severity": item.severity,
        "veto": item.veto,
        "refs": [
            {"doc": r.doc}
            | ({"clause": r.clause} if r.clause else {})
            | ({"status": r.status} if r.status != "cited" else {})
            for r in item.refs
        ],
        "evidence_hint": dict(item.evidence_hint),
        "apk_rules": list(item.apk_rules),
    }
    if item.weight_override is not None:
        data["weight"] = json_number(item.weight_override)
    return data


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same content always gives the same bytes."""
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_hash(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


# ------------------------------------------------------------- entry points


def known_apk_rule_ids(problems: _Problems | None = None) -> frozenset[str]:
    """The ids of the analyzer's bundled catalogue, the only ones ``apk_rules`` may name."""
    catalog = analyzer_catalog_path()
    sink = problems or _Problems()
    label = str(catalog)
    data = _read_yaml(catalog, label, sink)
    ids = catalog_rule_ids(data) if data is not None else None
    if ids is None:
        if data is not None:
            sink.add(
                label,
                "",
                "无法从分析器规则目录读出规则 id",
                "cannot read rule ids from the analyzer catalogue",
            )
        return frozenset()
    return frozenset(ids)


def load_pack(pack_dir: Path | str) -> RulePack:
    """Load and validate the pack in ``pack_dir``.

    Raises ``PackValidationError`` listing every problem, or ``NotFoundError``.
    """
    root = Path(pack_dir)
    if not root.is_dir():
        raise NotFoundError(f"规则包目录不存在：{root}", f"rule pack folder not found: {root}")
    problems = _Problems()
    pack_data = _read_yaml(root / PACK_FILE, PACK_FILE, problems)
    scoring_data = _read_yaml(root / SCORING_FILE, SCORING_FILE, problems)
    listed = pack_data.get("domains") if isinstance(pack_data, dict) else None
    domain_files: list[tuple[str, Any]] = []
    if isinstance(listed, list):
        for name in listed:
            if (
                not isinstance(name, str)
                or not _DOMAIN_FILE.match(name)
                or name in (PACK_FILE, SCORING_FILE)
            ):
                problems.add(
                    PACK_FILE,
                    "domains",
                    f"{name!r} 不是本目录下的领域 YAML 文件名",
                    f"{name!r} is not the name of a domain YAML file in this folder",
                )
                continue
            if name in dict(domain_files):
                problems.add(PACK_FILE, "domains", f"{name} 重复列出", f"{name} is listed twice")
                continue
            domain_files.append((name, _read_yaml(root / name, name, problems)))
        unlisted = sorted(
            p.name
            for p in root.iterdir()
            if p.is_file()
            and p.suffix in (".yaml", ".yml")
            and p.name not in (PACK_FILE, SCORING_FILE, *dict(domain_files))
        )
        for name in unlisted:
            if name not in listed:
                problems.add(
                    name,
                    "",
                    "该文件未在 pack.yaml 的 domains 中列出",
                    "file is not listed in pack.yaml domains",
                )
    elif isinstance(pack_data, dict) and "domains" in pack_data:
        problems.add(
            PACK_FILE, "domains", "domains 应为文件名列表", "domains must be a list of file names"
        )
    apk_ids = known_apk_rule_ids(problems)
    if not isinstance(pack_data, dict):
        if pack_data is not None:
            problems.add(
                PACK_FILE, "", "pack 应为映射（键: 值）", "pack must be a mapping (key: value)"
            )
        raise PackValidationError(str(root), problems.items)
    raw = _RawPack(source=str(root), pack=pack_data, scoring=scoring_data, domains=domain_files)
    return _build(raw, apk_ids, problems)


def pack_from_snapshot(snapshot: Mapping[str, Any]) -> RulePack:
    """Rebuild a pack from ``RulePack.snapshot()`` output, checking its recorded hash."""
    problems = _Problems()
    label = "snapshot"
    if not isinstance(snapshot, Mapping) or snapshot.get("format") != SNAPSHOT_FORMAT:
        found = snapshot.get("format") if isinstance(snapshot, Mapping) else type(snapshot).__name__
        raise ValidationError(
            f"不是规则包快照（格式 {found!r}，应为 {SNAPSHOT_FORMAT}）",
            f"not a rule pack snapshot (format {found!r}, expected {SNAPSHOT_FORMAT})",
        )
    extra = set(snapshot) - {"format", "pack", "scoring", "domains", "hash"}
    for key in sorted(extra):
        problems.add(label, "", f"快照含未知字段 {key!r}", f"snapshot has unknown field {key!r}")
    domains = snapshot.get("domains")
    if not isinstance(domains, list):
        problems.add(label, "domains", "domains 应为列表", "domains must be a list")
        domains = []
    raw = _RawPack(
        source=label,
        pack=snapshot.get("pack"),
        scoring=snapshot.get("scoring"),
        domains=[(f"{label}:domains[{i}]", d) for i, d in enumerate(domains)],
        pack_file=f"{label}:pack",
        scoring_file=f"{label}:scoring",
        require_domain_files=False,
    )
    pack = _build(raw, _all_apk_ids(domains), problems)
    recorded = snapshot.get("hash")
    if recorded is not None and recorded != pack.hash:
        raise IntegrityError(
            f"规则包快照已被改动：记录的哈希 {recorded} 与内容哈希 {pack.hash} 不符",
            f"rule pack snapshot was altered: recorded hash {recorded} "
            f"does not match its content {pack.hash}",
        )
    return pack


def _all_apk_ids(domains: list[Any]) -> set[str]:
    """A pinned pack keeps the analyzer ids it was validated with, whatever the catalogue is now."""
    ids: set[str] = set()
    for domain in domains:
        items = domain.get("items") if isinstance(domain, dict) else None
        for item in items if isinstance(items, list) else []:
            rules = item.get("apk_rules") if isinstance(item, dict) else None
            ids.update(r for r in rules if isinstance(r, str)) if isinstance(rules, list) else None
    return ids


@lru_cache(maxsize=1)
def _default_pack(location: str) -> RulePack:
    return load_pack(location)


def default_pack() -> RulePack:
    """The bundled pack (``app.paths.rules_dir()``), loaded once per location."""
    return _default_pack(str(paths.rules_dir()))
