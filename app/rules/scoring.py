"""The evaluation model: answers → score (0..100, lower = riskier) → grade → handling.

Every number (severity weights, result values, domain weights, thresholds,
deadlines) comes from the pack's ``scoring.yaml``; this module only applies
DESIGN.md §6:

- item weight wᵢ: the item's override, else its severity weight;
- result value rᵢ: pass / partial / fail / not_assessed from the pack; n/a items
  are left out of both sums; a not-assessed item counts its value (0 by default)
  and makes the score provisional;
- domain fraction f_d = Σ wᵢ·rᵢ / Σ wᵢ over the domain's applicable items;
- score = score_max · Σ W_d·f_d / Σ W_d over domains with an applicable item,
  rounded half-up to the pack's decimals;
- grade: the first grade rule (in pack order) whose minimum the *rounded* score
  reaches and none of whose forbidden results occurs on a veto item.

Arithmetic is exact (``Fraction``); only the final rounding produces a ``Decimal``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from app.domain.enums import Grade, Result
from app.domain.models import RulePackRef
from app.errors import ValidationError
from app.i18n import pick
from app.rules.model import GradeRule, RulePack, Text

RESULT_LABELS: dict[Result, dict[str, str]] = {
    Result.PASS: {"zh": "符合", "en": "pass"},
    Result.PARTIAL: {"zh": "部分符合", "en": "partial"},
    Result.FAIL: {"zh": "不符合", "en": "fail"},
    Result.NA: {"zh": "不适用", "en": "n/a"},
    Result.NOT_ASSESSED: {"zh": "未评估", "en": "not assessed"},
}


@dataclass(frozen=True)
class DomainScore:
    """One domain's share of the score.

    ``fraction`` and ``points`` are None when the domain has no applicable item
    (every item n/a): it is then left out of the score altogether.
    """

    domain_id: str
    title: Text
    weight: Fraction
    fraction: Fraction | None
    points: Fraction | None
    max_points: Fraction | None
    counts: Mapping[Result, int]

    @property
    def applicable(self) -> bool:
        return self.fraction is not None


@dataclass(frozen=True)
class ScoreResult:
    """A score that explains itself: breakdown, the grade rule that fired and why."""

    pack: RulePackRef
    score: Decimal  # rounded half-up to the pack's decimals
    exact_score: Fraction
    grade: Grade
    provisional: bool  # some applicable item is not assessed
    domains: tuple[DomainScore, ...]
    grade_rule: GradeRule
    reason: Text  # why this grade: the rule that fired and the rules that did not
    veto_failed: tuple[str, ...]
    veto_partial: tuple[str, ...]
    not_assessed: tuple[str, ...]
    results: Mapping[str, Result] = field(repr=False)

    @property
    def handling(self) -> Text:
        return self.grade_rule.handling

    @property
    def deadline_days(self) -> int | None:
        return self.grade_rule.deadline_days

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The ``ihsa score --json`` document (texts in ``lang``)."""
        return {
            "score": float(self.score),
            "grade": self.grade.value,
            "provisional": self.provisional,
            "domains": {
                d.domain_id: {
                    "fraction": None if d.fraction is None else float(round_half_up(d.fraction, 4)),
                    "points": None if d.points is None else float(round_half_up(d.points, 2)),
                }
                for d in self.domains
            },
            "grade_rule": pick(self.reason, lang),
            "veto_failed": list(self.veto_failed),
            "handling": pick(self.handling, lang),
        }


@dataclass(frozen=True)
class FinishProblem:
    """Why a case cannot be finished yet, tied to the item the GUI should open."""

    item_id: str
    reason: str  # "not_assessed" | "na_without_justification"
    text: Text

    def message(self, lang: str | None = None) -> str:
        return f"{self.item_id}: {pick(self.text, lang)}"


def round_half_up(value: Fraction, decimals: int) -> Decimal:
    """Round exactly, halves away from zero (84.95 → 85.0), as the model requires."""
    scale = 10**decimals
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    rounded = Decimal(magnitude if value >= 0 else -magnitude).scaleb(-decimals)
    return rounded


def normalise_answers(pack: RulePack, answers: Mapping[str, Any]) -> dict[str, Result]:
    """Item id → Result for a mapping of answers; unknown ids or values are errors.

    A value may be a ``Result``, its string code, an object with a ``result``
    attribute (``app.domain.models.Answer``) or a mapping with a ``result`` key.
    Ids renamed by the pack are followed. Every problem is reported at once.
    """
    results: dict[str, Result] = {}
    unknown: list[str] = []
    deleted: list[str] = []
    bad_values: list[str] = []
    duplicates: list[str] = []
    for raw_id, value in answers.items():
        item_id = pack.renamed.get(raw_id, raw_id)
        if not pack.has_item(item_id):
            (deleted if raw_id in pack.deleted else unknown).append(str(raw_id))
            continue
        result = _result_of(value)
        if result is None:
            bad_values.append(f"{raw_id}={_describe(value)}")
            continue
        if item_id in results:
            duplicates.append(f"{raw_id}→{item_id}")
            continue
        results[item_id] = result
    parts_zh: list[str] = []
    parts_en: list[str] = []
    if unknown:
        parts_zh.append(f"规则包中没有这些条目：{', '.join(sorted(unknown))}")
        parts_en.append(f"items not in the rule pack: {', '.join(sorted(unknown))}")
    if deleted:
        parts_zh.append(f"这些条目已从规则包删除：{', '.join(sorted(deleted))}")
        parts_en.append(f"items deleted from the rule pack: {', '.join(sorted(deleted))}")
    if bad_values:
        allowed = ", ".join(r.value for r in Result)
        parts_zh.append(f"无效的结果值（应为 {allowed}）：{', '.join(bad_values)}")
        parts_en.append(f"invalid results (expected {allowed}): {', '.join(bad_values)}")
    if duplicates:
        parts_zh.append(f"同一条目以新旧 id 各答一次：{', '.join(duplicates)}")
        parts_en.append(f"item answered under both its old and new id: {', '.join(duplicates)}")
    if parts_en:
        raise ValidationError(
            f"答案无效（规则包 {pack.id} {pack.version}）：" + "；".join(parts_zh),
            f"invalid answers for rule pack {pack.id} {pack.version}: " + "; ".join(parts_en),
            code="invalid_answers",
        )
    return results


def score(pack: RulePack, answers: Mapping[str, Any]) -> ScoreResult:
    """Score a case. Items missing from ``answers`` are not assessed.

    Raises ``ValidationError`` for unknown ids or values, or when every item is
    n/a (there is then nothing to score).
    """
    results = normalise_answers(pack, answers)
    model = pack.scoring
    domain_parts: list[tuple[Any, Fraction | None, dict[Result, int]]] = []
    for domain in pack.domains:
        earned = possible = Fraction(0)
        counts = dict.fromkeys(Result, 0)
        for item in domain.items:
            result = results.get(item.id, Result.NOT_ASSESSED)
            counts[result] += 1
            if result is Result.NA:
                continue
            possible += item.weight
            earned += item.weight * model.result_values[result]
        domain_parts.append((domain, earned / possible if possible else None, counts))

    applicable_weight = sum(
        (domain.weight for domain, fraction, _ in domain_parts if fraction is not None), Fraction(0)
    )
    if applicable_weight == 0:
        raise ValidationError(
            "无法评分：所有条目均为不适用",
            "nothing to score: every item is n/a",
            code="nothing_applicable",
        )
    domains: list[DomainScore] = []
    exact = Fraction(0)
    for domain, fraction, counts in domain_parts:
        max_points = points = None
        if fraction is not None:
            max_points = model.score_max * domain.weight / applicable_weight
            points = max_points * fraction
            exact += points
        domains.append(
            DomainScore(
                domain.id, domain.title, domain.weight, fraction, points, max_points, counts
            )
        )
    rounded = round_half_up(exact, model.decimals)

    def veto_items(result: Result) -> tuple[str, ...]:
        return tuple(
            i.id for i in pack.items if i.veto and results.get(i.id, Result.NOT_ASSESSED) is result
        )

    veto_by_result = {r: veto_items(r) for r in (Result.FAIL, Result.PARTIAL, Result.NOT_ASSESSED)}
    fired, reason = _grade(model.grades, rounded, veto_by_result)
    not_assessed = tuple(
        i.id for i in pack.items if results.get(i.id, Result.NOT_ASSESSED) is Result.NOT_ASSESSED
    )
    return ScoreResult(
        pack=pack.ref(),
        score=rounded,
        exact_score=exact,
        grade=fired.grade,
        provisional=bool(not_assessed),
        domains=tuple(domains),
        grade_rule=fired,
        reason=reason,
        veto_failed=veto_by_result[Result.FAIL],
        veto_partial=veto_by_result[Result.PARTIAL],
        not_assessed=not_assessed,
        results=results,
    )


def _grade(
    rules: tuple[GradeRule, ...], rounded: Decimal, veto: Mapping[Result, tuple[str, ...]]
) -> tuple[GradeRule, Text]:
    """The first rule that holds, with the reasons the rules before it did not."""
    value = Fraction(rounded)
    missed_zh: list[str] = []
    missed_en: list[str] = []
    for rule in rules:
        blockers = [(r, veto[r]) for r in Result if r in rule.forbid_veto and veto.get(r)]
        if value >= rule.min_score and not blockers:
            if missed_en and rule.min_score <= 0 and not rule.forbid_veto:
                # The catch-all grade: the reasons are exactly why the others failed.
                return rule, {
                    "zh": f"{rule.grade}：{'；'.join(missed_zh)}",
                    "en": f"{rule.grade}: {'; '.join(missed_en)}",
                }
            zh = f"{rule.grade}：得分 {rounded} ≥ {_show(rule.min_score)}"
            en = f"{rule.grade}: score {rounded} >= {_show(rule.min_score)}"
            if rule.forbid_veto:
                states_zh = "或".join(
                    RESULT_LABELS[r]["zh"] for r in Result if r in rule.forbid_veto
                )
                states_en = " or ".join(
                    RESULT_LABELS[r]["en"] for r in Result if r in rule.forbid_veto
                )
                zh += f"，且无否决项{states_zh}"
                en += f" and no veto item {states_en}"
            if missed_en:
                zh += f"（{'；'.join(missed_zh)}）"
                en += f" ({'; '.join(missed_en)})"
            return rule, {"zh": zh, "en": en}
        why_zh: list[str] = []
        why_en: list[str] = []
        if value < rule.min_score:
            why_zh.append(f"得分 {rounded} < {_show(rule.min_score)}")
            why_en.append(f"score {rounded} < {_show(rule.min_score)}")
        for result, ids in blockers:
            why_zh.append(f"否决项{RESULT_LABELS[result]['zh']}：{', '.join(ids)}")
            why_en.append(f"veto item {RESULT_LABELS[result]['en']}: {', '.join(ids)}")
        missed_zh.append(f"未达 {rule.grade}：{'，'.join(why_zh)}")
        missed_en.append(f"not {rule.grade}: {', '.join(why_en)}")
    # The loader guarantees the last rule always holds.
    raise AssertionError("grade rules of a validated pack always yield a grade")


def finish_problems(pack: RulePack, answers: Mapping[str, Any]) -> list[FinishProblem]:
    """What stops a case from being finished, in pack order (empty when it can be).

    Every item must be answered (not ``not_assessed`` or missing) and every n/a
    must carry a written justification (``justification`` attribute or key).
    """
    results = normalise_answers(pack, answers)
    justifications = {
        pack.renamed.get(raw_id, raw_id): _justification_of(value)
        for raw_id, value in answers.items()
    }
    problems: list[FinishProblem] = []
    for item in pack.items:
        result = results.get(item.id, Result.NOT_ASSESSED)
        if result is Result.NOT_ASSESSED:
            problems.append(
                FinishProblem(item.id, "not_assessed", {"zh": "尚未评估", "en": "not assessed yet"})
            )
        elif result is Result.NA and not justifications.get(item.id, "").strip():
            problems.append(
                FinishProblem(
                    item.id,
                    "na_without_justification",
                    {"zh": "不适用须填写书面理由", "en": "n/a needs a written justification"},
                )
            )
    return problems


def _result_of(value: Any) -> Result | None:
    if isinstance(value, Mapping):
        value = value.get("result")
    elif not isinstance(value, str) and hasattr(value, "result"):
        value = value.result
    if isinstance(value, Result):
        return value
    if isinstance(value, str):
        try:
            return Result(value)
        except ValueError:
            return None
    return None


def _justification_of(value: Any) -> str:
    if isinstance(value, Mapping):
        found = value.get("justification")
    else:
        found = getattr(value, "justification", "")
    return found if isinstance(found, str) else ""


def _describe(value: Any) -> str:
    text = repr(value.get("result") if isinstance(value, Mapping) else value)
    return text if len(text) <= 40 else text[:37] + "..."


def _show(number: Fraction) -> str:
    if number.denominator == 1:
        return str(number.numerator)
    return str(Decimal(number.numerator) / Decimal(number.denominator))
