"""The parsed rule pack: immutable records the loader builds and the scorer reads.

A pack is data (``rules/*.yaml``); these classes only give it names and types.
Numbers are kept as exact ``Fraction`` values so that scoring never suffers
binary floating-point error (a score of 84.95 must round to 85.0, not 84.9).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

from app.domain.enums import Grade, Result
from app.domain.models import RulePackRef
from app.errors import NotFoundError
from app.i18n import pick

# Bilingual text as everywhere in the program: {"zh": ..., "en": ...}.
Text = Mapping[str, str]

METHODS = ("interview", "document", "config", "test")
SEVERITIES = ("high", "medium", "low")
REF_STATUSES = ("cited", "unverified", "derived", "practice")

# How a reference's status is shown next to it; "cited" needs no remark.
REF_STATUS_LABELS: dict[str, dict[str, str]] = {
    "unverified": {"zh": "条款原文未核实", "en": "clause text not verified"},
    "derived": {"zh": "据此引申", "en": "derived from this clause"},
    "practice": {"zh": "行业实践，无条款依据", "en": "good practice, no clause found"},
}


@dataclass(frozen=True)
class Ref:
    """A reference to a standard or regulation, with how firmly it is sourced.

    ``status``: ``cited`` (clause found in the sources), ``unverified`` (the
    document is right but the clause number or text was not retrieved),
    ``derived`` (the requirement is inferred from the clause, not stated in it),
    ``practice`` (no clause; good practice only, ``doc`` may be empty).
    """

    doc: str
    clause: str = ""
    status: str = "cited"

    def label(self, lang: str | None = None) -> str:
        text = " ".join(part for part in (self.doc, self.clause) if part)
        remark = REF_STATUS_LABELS.get(self.status)
        if remark is None:
            return text
        remark_text = pick(remark, lang)
        return f"{text} ({remark_text})" if text else remark_text


@dataclass(frozen=True)
class Item:
    """One assessable checklist item."""

    id: str
    domain_id: str
    title: Text
    guidance: Text
    method: tuple[str, ...]
    severity: str
    veto: bool
    weight: Fraction  # effective weight: the override, else the severity weight
    weight_override: Fraction | None
    refs: tuple[Ref, ...]
    evidence_hint: Text
    apk_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Domain:
    id: str
    title: Text
    weight: Fraction
    items: tuple[Item, ...]


@dataclass(frozen=True)
class GradeRule:
    """A grade and the condition under which it is awarded.

    Rules are tried in pack order; the first whose ``min_score`` is reached and
    none of whose ``forbid_veto`` results occurs on a veto item fires.
    """

    grade: Grade
    min_score: Fraction
    forbid_veto: frozenset[Result]
    rule: Text  # the condition in words, shown in the report
    handling: Text  # what happens to the app
    deadline_days: int | None


@dataclass(frozen=True)
class ScoringModel:
    score_max: Fraction
    decimals: int
    severity_weights: Mapping[str, Fraction]
    result_values: Mapping[Result, Fraction]  # pass, partial, fail, not_assessed
    domain_weight_total: Fraction
    grades: tuple[GradeRule, ...]


@dataclass(frozen=True, eq=False)
class RulePack:
    """A validated rule pack. Build it with ``load_pack`` or ``RulePack.from_snapshot``."""

    id: str
    version: str
    date: str
    issuer: Text
    title: Text
    languages: tuple[str, ...]
    domains: tuple[Domain, ...]
    scoring: ScoringModel
    renamed: Mapping[str, str] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()
    # The normalised content the hash covers; set by the loader.
    content: Mapping[str, Any] = field(default_factory=dict, repr=False)
    hash: str = ""

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """Every item, in pack order (domain by domain)."""
        return tuple(item for domain in self.domains for item in domain.items)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def _items_by_apk_rule(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for item in self.items:
            for rule_id in item.apk_rules:
                index.setdefault(rule_id, []).append(item.id)
        return {rule_id: tuple(ids) for rule_id, ids in index.items()}

    def item(self, item_id: str) -> Item:
        """The item with this id (an id renamed by the pack is followed)."""
        found = self._items_by_id.get(self.renamed.get(item_id, item_id))
        if found is None:
            raise NotFoundError(
                f"规则包 {self.id} {self.version} 中没有条目 {item_id}",
                f"rule pack {self.id} {self.version} has no item {item_id}",
            )
        return found

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items_by_id

    def domain(self, domain_id: str) -> Domain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise NotFoundError(
            f"规则包 {self.id} 中没有领域 {domain_id}",
            f"rule pack {self.id} has no domain {domain_id}",
        )

    def items_for_apk_rule(self, rule_id: str) -> tuple[str, ...]:
        """Ids of the items an analyzer rule feeds (empty if none)."""
        return self._items_by_apk_rule.get(rule_id, ())

    def apk_rule_index(self) -> dict[str, tuple[str, ...]]:
        """Analyzer rule id → ids of the items it feeds."""
        return dict(self._items_by_apk_rule)

    def ref(self) -> RulePackRef:
        """What a case stores to pin this pack."""
        return RulePackRef(pack_id=self.id, version=self.version, sha256=self.hash)

    def snapshot(self) -> dict[str, Any]:
        """Everything needed to score and display the items offline, JSON-ready.

        ``RulePack.from_snapshot(pack.snapshot())`` yields a pack with the same hash.
        """
        return {**copy.deepcopy(dict(self.content)), "hash": self.hash}

    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any]) -> RulePack:
        """Rebuild a pinned pack; its recorded hash must match its content."""
        from app.rules.loader import pack_from_snapshot

        return pack_from_snapshot(snapshot)
