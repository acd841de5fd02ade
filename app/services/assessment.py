"""The assessment of a case against its pinned rule pack: score, finish checks, APK answers.

A case is pinned to the pack it is first assessed with (id, version and content
hash; the pack's full snapshot is stored once in ``rule_packs``), so reopening
an old case always shows and scores the items it was assessed against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.db.rows import AnswerRow, CaseRow, RulePackRow
from app.domain.enums import AnswerSource, CaseStatus, Result
from app.domain.models import Answer, Case, RulePackRef
from app.errors import ConflictError, ValidationError
from app.i18n import pick
from app.rules import FinishProblem, RulePack, ScoreResult, auto_result, default_pack
from app.rules import finish_problems as pack_finish_problems
from app.rules import score as pack_score
from app.services.cases import _editable, _reload

if TYPE_CHECKING:
    from app.services.workspace import Workspace

# Notes written by the APK analysis start with this marker, so a later analysis
# may replace them while an assessor's own note is never overwritten.
AUTO_NOTE_MARK = "[APK]"


@dataclass(frozen=True)
class AutoAnswers:
    """What one APK analysis did to the case's answers."""

    applied: tuple[str, ...]  # items answered (or re-answered) automatically
    kept: tuple[str, ...]  # items whose manual or overridden answer differs and was kept
    undecided: tuple[str, ...]  # items the analysis feeds but could not decide


class AssessmentService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    # -- pinned pack -------------------------------------------------------------

    def pack(self, case_id: int) -> RulePack:
        """The case's pinned pack; an unpinned case is pinned to the default pack now."""
        with self._ws.session() as session:
            row = _reload(session, case_id)
            if row.pack_sha256:
                stored = session.get(RulePackRow, row.pack_sha256)
                if stored is not None:
                    return RulePack.from_snapshot(stored.content)
        pack = default_pack()
        self.pin(case_id, pack)
        return pack

    def pin(self, case_id: int, pack: RulePack) -> RulePackRef:
        """Pin ``pack`` to the case (once; a different pack later is refused)."""
        with self._ws.session() as session:
            row = _reload(session, case_id)
            if row.pack_sha256 and row.pack_sha256 != pack.hash:
                raise ConflictError(
                    f"案件 {case_id} 已绑定规则包 {row.pack_id} {row.pack_version}",
                    f"case {case_id} is already pinned to rule pack {row.pack_id} "
                    f"{row.pack_version}",
                )
            if session.get(RulePackRow, pack.hash) is None:
                session.add(
                    RulePackRow(
                        sha256=pack.hash,
                        pack_id=pack.id,
                        version=pack.version,
                        content=pack.snapshot(),
                    )
                )
                session.flush()
            row.pack_sha256, row.pack_id, row.pack_version = pack.hash, pack.id, pack.version
        return pack.ref()

    def lock_holder(self, case_id: int) -> str:
        """Who holds the case's edit lock ("" if nobody): to recognise a crashed holder."""
        with self._ws.session() as session:
            return _reload(session, case_id).lock_owner

    # -- score and finishing -----------------------------------------------------

    def score(self, case_id: int) -> ScoreResult:
        """The live score; also recorded on the case while it is editable."""
        pack = self.pack(case_id)
        result = pack_score(pack, self._answers(case_id, pack))
        with self._ws.session() as session:
            row = _reload(session, case_id)
            if CaseStatus(row.status) in (CaseStatus.DRAFT, CaseStatus.IN_PROGRESS):
                _record_score(row, result)
        return result

    def finish_problems(self, case_id: int) -> list[FinishProblem]:
        pack = self.pack(case_id)
        return pack_finish_problems(pack, self._answers(case_id, pack))

    def submit(self, case_id: int) -> Case:
        """Finish the case: refused, with every problem named, until it is complete."""
        pack = self.pack(case_id)
        answers = self._answers(case_id, pack)
        problems = pack_finish_problems(pack, answers)
        if problems:
            listed_zh = "；".join(p.message("zh") for p in problems[:10])
            listed_en = "; ".join(p.message("en") for p in problems[:10])
            more = len(problems) - 10
            if more > 0:
                listed_zh += f"；另有 {more} 项"
                listed_en += f"; and {more} more"
            raise ValidationError(
                f"案件 {case_id} 还不能提交（{len(problems)} 项待处理）：{listed_zh}",
                f"case {case_id} cannot be submitted yet ({len(problems)} open): {listed_en}",
                code="unfinished",
            )
        result = pack_score(pack, answers)
        with self._ws.session() as session:
            _editable(session, case_id)
            row = _reload(session, case_id)
            _record_score(row, result)
        return self._ws.cases.set_status(case_id, CaseStatus.SUBMITTED)

    # -- APK analysis → answers --------------------------------------------------

    def apply_apk_result(self, case_id: int, analysis: Mapping[str, Any]) -> AutoAnswers:
        """Pre-fill the items the analysis can decide, marked as automatic answers.

        Unanswered and automatic answers take the analysis's verdict; an assessor's
        manual or overridden answer is kept (and reported when it differs).
        """
        pack = self.pack(case_id)
        statuses = rule_statuses(analysis)
        findings = _findings_by_rule(analysis)
        existing = {a.item_id: a for a in self._ws.cases.answers(case_id)}
        applied: list[str] = []
        kept: list[str] = []
        undecided: list[str] = []
        for item in pack.items:
            if not item.apk_rules:
                continue
            verdict = auto_result(item, statuses)
            if verdict is None:
                undecided.append(item.id)
                continue
            answer = existing.get(item.id)
            if _assessor_owns(answer):
                assert answer is not None
                if answer.result != verdict:
                    kept.append(item.id)
                continue
            note = _auto_note(analysis, item.apk_rules, statuses, findings)
            if answer is not None and answer.note and not answer.note.startswith(AUTO_NOTE_MARK):
                note = answer.note
            self._ws.cases.set_answer(
                case_id,
                item.id,
                verdict,
                note=note,
                justification=answer.justification if answer else "",
                source=AnswerSource.APK_AUTO,
            )
            applied.append(item.id)
        return AutoAnswers(tuple(applied), tuple(kept), tuple(undecided))

    def _answers(self, case_id: int, pack: RulePack) -> dict[str, Answer]:
        """The case's answers to items of its pack (answers to other ids are ignored)."""
        with self._ws.session() as session:
            rows = session.scalars(select(AnswerRow).where(AnswerRow.case_id == case_id))
            answers = [r.to_domain() for r in rows]
        known = set(pack.renamed) | {item.id for item in pack.items}
        return {a.item_id: a for a in answers if a.item_id in known}


def _record_score(row: CaseRow, result: ScoreResult) -> None:
    row.score = float(result.score)
    row.grade = result.grade.value
    row.provisional = result.provisional


def _assessor_owns(answer: Answer | None) -> bool:
    """A manual answer (other than 'not assessed') or an override is the assessor's word."""
    if answer is None:
        return False
    if answer.source == AnswerSource.OVERRIDE:
        return True
    return answer.source == AnswerSource.MANUAL and answer.result != Result.NOT_ASSESSED


def rule_statuses(analysis: Mapping[str, Any]) -> dict[str, str]:
    """Analyzer rule id → "fired" | "clear" | "unknown", from the analysis result.

    ``rules`` may be a mapping (id → status, or id → {"status": ...}) or a list of
    ``{"id", "status"}``; rules with a finding count as fired.
    """
    raw = analysis.get("rules") or {}
    statuses: dict[str, str] = {}
    if isinstance(raw, Mapping):
        for rule_id, value in raw.items():
            status = value.get("status") if isinstance(value, Mapping) else value
            statuses[str(rule_id)] = str(status)
    elif isinstance(raw, list):
        for entry in raw:
            if isinstance(entry, Mapping) and "id" in entry:
                statuses[str(entry["id"])] = str(entry.get("status", "unknown"))
    for rule_id in _findings_by_rule(analysis):
        statuses[rule_id] = "fired"
    return statuses


def _findings_by_rule(analysis: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for finding in analysis.get("findings") or []:
        if isinstance(finding, Mapping):
            rule_id = finding.get("rule") or finding.get("id")
            if rule_id:
                found.setdefault(str(rule_id), finding)
    return found


def _auto_note(
    analysis: Mapping[str, Any],
    rule_ids: tuple[str, ...],
    statuses: Mapping[str, str],
    findings: Mapping[str, Mapping[str, Any]],
) -> str:
    """The evidence behind an automatic answer, in the current language."""
    file_info = analysis.get("file") or {}
    name = file_info.get("name", "")
    sha = str(file_info.get("sha256", ""))[:16]
    lines = [f"{AUTO_NOTE_MARK} {name} (sha256 {sha}…)"]
    for rule_id in rule_ids:
        status = statuses.get(rule_id, "unknown")
        finding = findings.get(rule_id)
        if finding is None:
            lines.append(f"{rule_id}: {status}")
            continue
        title = finding.get("title") or ""
        text = pick(title) if isinstance(title, Mapping) else str(title)
        lines.append(f"{rule_id}: {status} — {text}".rstrip(" —"))
        for evidence in _evidence_lines(finding)[:5]:
            lines.append(f"  · {evidence}")
    return "\n".join(lines)


def _evidence_lines(finding: Mapping[str, Any]) -> list[str]:
    evidence = finding.get("evidence")
    if evidence is None:
        return []
    if isinstance(evidence, str):
        return [evidence]
    if isinstance(evidence, Mapping):
        return [f"{k}: {v}" for k, v in evidence.items()]
    return [
        pick(e) if isinstance(e, Mapping) and ("zh" in e or "en" in e) else str(e) for e in evidence
    ]
