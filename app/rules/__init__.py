"""Rule packs and the scoring model — the public API.

Loading (strict: any problem in any file → one ``PackValidationError`` listing
them all; a pack with problems is never returned)::

    pack = load_pack(path)          # a directory with pack.yaml, scoring.yaml, domain files
    pack = default_pack()           # app.paths.rules_dir(), cached per location
    pack.id, pack.version, pack.hash, pack.ref()   # ref() -> RulePackRef, what a case pins
    pack.domains -> (Domain(id, title, weight, items), ...)
    pack.items -> every Item in order; pack.item(id) (follows renamed ids)
    pack.items_for_apk_rule("APK-NET-CLEARTEXT") -> item ids; item.apk_rules -> rule ids

Pinning: ``pack.snapshot()`` is a complete JSON-ready dict (everything needed to
show and score the items offline, plus the hash); ``RulePack.from_snapshot(d)``
rebuilds it and raises ``IntegrityError`` if the content no longer matches.

Scoring (DESIGN.md §6; all numbers come from the pack's scoring.yaml)::

    result = score(pack, {"IH-AUTH-01": "pass", ...})   # missing ids = not assessed
    result.score (Decimal), result.grade, result.provisional, result.domains,
    result.reason {zh,en}, result.veto_failed, result.handling {zh,en}, result.deadline_days
    finish_problems(pack, answers) -> [FinishProblem(item_id, reason, text)]  # [] = can finish
    auto_result(item, {"APK-...": "fired"|"clear"|"unknown"}) -> Result | None

Answer values may be ``Result``, its code string, ``app.domain.models.Answer``
or a mapping with ``result`` (and ``justification``). Unknown ids or values
raise ``ValidationError`` naming all of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.enums import Result
from app.rules.loader import (
    PackProblem,
    PackValidationError,
    canonical_json,
    default_pack,
    load_pack,
)
from app.rules.model import Domain, GradeRule, Item, Ref, RulePack, ScoringModel
from app.rules.scoring import (
    RESULT_LABELS,
    DomainScore,
    FinishProblem,
    ScoreResult,
    finish_problems,
    score,
)


def auto_result(item: Item, rule_statuses: Mapping[str, str]) -> Result | None:
    """The automatic answer the APK analysis gives an item, or None to leave it to the assessor.

    Per the analyzer contract: fail if any of the item's rules fired, pass if all
    of them are clear, otherwise (unknown or not reported) no automatic answer.
    """
    if not item.apk_rules:
        return None
    statuses = [rule_statuses.get(rule_id) for rule_id in item.apk_rules]
    if "fired" in statuses:
        return Result.FAIL
    if all(status == "clear" for status in statuses):
        return Result.PASS
    return None


__all__ = [
    "RESULT_LABELS",
    "Domain",
    "DomainScore",
    "FinishProblem",
    "GradeRule",
    "Item",
    "PackProblem",
    "PackValidationError",
    "Ref",
    "RulePack",
    "ScoreResult",
    "ScoringModel",
    "auto_result",
    "canonical_json",
    "default_pack",
    "finish_problems",
    "load_pack",
    "score",
]
