"""Assessing a case: its pinned pack, live score, APK auto-answers, submission."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.db.base import utcnow
from app.db.rows import AnswerRow
from app.domain.enums import AnswerSource, CaseStatus, Result
from app.domain.models import Case, RulePackRef
from app.errors import ConflictError, IntegrityError, ValidationError
from app.i18n import pick
from app.rules import FinishProblem, RulePack, ScoreResult, auto_result, finish_problems
from app.rules.scoring import normalise_answers
from app.security import access
from app.services import packs
from app.services.cases import (
    _editable,
    _reload,
    _touch,
    answer_rows,
    check_transition,
    pack_of,
    rescore,
)

if TYPE_CHECKING:
    from app.services.workspace import Workspace

_MAX_EVIDENCE_IN_NOTE = 3


# Notes written by an APK analysis start with this mark, so a later analysis may
# replace them while an assessor's own note is never overwritten.
AUTO_NOTE_MARK = "[APK]"


@dataclass(frozen=True)
class AutoAnswers:
    """What one APK analysis did to the case's answers."""

    applied: tuple[str, ...]  # items answered (or re-answered) automatically
    kept: tuple[str, ...]  # manual or overridden answers the analysis contradicts, kept
    undecided: tuple[str, ...]  # items the analysis feeds but could not decide


class AssessmentService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def pack(self, case_id: int) -> RulePack:
        with self._ws.session() as session:
            return pack_of(session, _reload(session, case_id))

    def score(self, case_id: int) -> ScoreResult:
        """Score with the case's pinned pack (and keep the figures on the case)."""
        with self._ws.session() as session:
            return rescore(session, _reload(session, case_id))

    def finish_problems(self, case_id: int) -> list[FinishProblem]:
        """What still blocks submission: unanswered items, n/a without justification."""
        with self._ws.session() as session:
            case = _reload(session, case_id)
            answers = {
                r.item_id: {"result": r.result, "justification": r.justification}
                for r in answer_rows(session, case_id)
            }
            return finish_problems(pack_of(session, case), answers)

    def submit(self, case_id: int) -> Case:
        """Finish the assessment: complete answers and intact evidence, then submitted."""
        access.require_case_assessor(self._ws, case_id)
        with self._ws.session() as session:
            check_transition(_reload(session, case_id), CaseStatus.SUBMITTED)
        problems = self.finish_problems(case_id)
        if problems:
            shown = "; ".join(p.item_id for p in problems[:5])
            more = len(problems) - 5
            tail_zh = f" 等 {len(problems)} 项" if more > 0 else ""
            tail_en = f" and {more} more" if more > 0 else ""
            raise ValidationError(
                f"尚不能提交：{shown}{tail_zh} 未评估或不适用缺少理由",
                f"cannot submit yet: {shown}{tail_en} not assessed or n/a without justification",
            )
        damaged = self._ws.evidence.verify(case_id)
        if damaged:
            names = ", ".join(e.original_name for e, _ in damaged)
            raise IntegrityError(
                f"证据文件校验失败，不能提交：{names}",
                f"evidence failed its integrity check, cannot submit: {names}",
            )
        with self._ws.session() as session:
            case = _reload(session, case_id)
            check_transition(case, CaseStatus.SUBMITTED)  # again: another window may have moved it
            rescore(session, case)
            case.status = CaseStatus.SUBMITTED.value
            case.submitted_at = utcnow()
            session.flush()
            return case.to_domain()

    def import_answers(self, case_id: int, answers: Mapping[str, Any]) -> int:
        """Set many answers at once (all or nothing); returns how many were set.

        Values are a result code or ``{"result", "note", "justification"}``, as in
        the answers file of ``ihsa score``; unknown ids or values refuse the lot.
        """
        access.require_case_assessor(self._ws, case_id)
        with self._ws.session() as session:
            case = _editable(session, case_id)
            pack = pack_of(session, case)
            results = normalise_answers(pack, answers)
            rows = {r.item_id: r for r in answer_rows(session, case_id)}
            for raw_id, value in answers.items():
                item_id = pack.item(raw_id).id
                row = rows.get(item_id)
                if row is None:
                    row = AnswerRow(case_id=case_id, item_id=item_id)
                    session.add(row)
                    rows[item_id] = row
                details = value if isinstance(value, Mapping) else {}
                row.result = results[item_id].value
                row.note = str(details.get("note") or "")
                row.justification = str(details.get("justification") or "")
                row.source = AnswerSource.MANUAL.value
                row.override_reason = ""
            session.flush()
            _touch(case)
            rescore(session, case)
            return len(results)

    def pin(self, case_id: int, pack: RulePack) -> RulePackRef:
        """Pin ``pack`` to a case that has no pack yet (a different pack is refused)."""
        access.require_case_assessor(self._ws, case_id)
        with self._ws.session() as session:
            case = _reload(session, case_id)
            if case.pack_sha256 and case.pack_sha256 != pack.hash:
                raise ConflictError(
                    f"案件 {case_id} 已绑定规则包 {case.pack_id} {case.pack_version}",
                    f"case {case_id} is already pinned to rule pack {case.pack_id} "
                    f"{case.pack_version}",
                )
            packs.pin(session, pack)
            case.pack_sha256, case.pack_id, case.pack_version = pack.hash, pack.id, pack.version
            return pack.ref()

    def lock_holder(self, case_id: int) -> str:
        """Who holds the case's edit lock ("" if nobody), to recognise a crashed holder."""
        with self._ws.session() as session:
            return _reload(session, case_id).lock_owner

    def apply_apk_result(self, case_id: int, result: Mapping[str, Any]) -> AutoAnswers:
        """Pre-fill the items an analysis decides, marked as automatic answers.

        Unanswered and automatic answers take the analysis's verdict; an assessor's
        manual or overridden answer is kept, with the automatic result recorded
        beside it so the disagreement is visible. Undecided rules leave items alone.
        (Store the analysis itself with ``cases.record_apk_analysis``.)
        """
        access.require_case_assessor(self._ws, case_id)
        statuses: Mapping[str, str] = result.get("rule_status") or {}
        findings = [f for f in result.get("findings") or [] if isinstance(f, Mapping)]
        applied: list[str] = []
        kept: list[str] = []
        undecided: list[str] = []
        with self._ws.session() as session:
            case = _editable(session, case_id)
            rows = {r.item_id: r for r in answer_rows(session, case_id)}
            for item in pack_of(session, case).items:
                if not item.apk_rules:
                    continue
                auto = auto_result(item, statuses)
                if auto is None:
                    undecided.append(item.id)
                    continue
                row = rows.get(item.id)
                if row is None:
                    row = AnswerRow(case_id=case_id, item_id=item.id, note="", justification="")
                    session.add(row)
                row.auto_result = auto.value
                if _assessor_owns(row):
                    if row.result != auto.value:
                        kept.append(item.id)
                    continue
                row.result = auto.value
                row.source = AnswerSource.APK_AUTO.value
                if not row.note or row.note.startswith(AUTO_NOTE_MARK):
                    row.note = _auto_note(item.apk_rules, statuses, findings, result)
                applied.append(item.id)
            session.flush()
            _touch(case)
            rescore(session, case)
        return AutoAnswers(tuple(applied), tuple(kept), tuple(undecided))


def _assessor_owns(row: AnswerRow) -> bool:
    """A manual answer (other than 'not assessed') or an override is the assessor's word."""
    if row.source == AnswerSource.OVERRIDE.value:
        return True
    return row.source == AnswerSource.MANUAL.value and row.result not in (
        None,
        Result.NOT_ASSESSED.value,
    )


def _auto_note(
    rule_ids: tuple[str, ...],
    statuses: Mapping[str, str],
    findings: list[Mapping[str, Any]],
    result: Mapping[str, Any],
) -> str:
    """The evidence behind an automatic answer: the file, each rule and what it saw."""
    file_info = result.get("file") or {}
    sha = str(file_info.get("sha256", ""))[:16]
    lines = [f"{AUTO_NOTE_MARK} {file_info.get('name', '')} (sha256 {sha}…)"]
    by_rule = {str(f.get("rule_id")): f for f in findings}
    for rule_id in rule_ids:
        status = statuses.get(rule_id, "unknown")
        finding = by_rule.get(rule_id)
        title = pick(finding["title"]) if finding and finding.get("title") else ""
        lines.append(f"{rule_id}: {status}" + (f" — {title}" if title else ""))
        for evidence in ((finding or {}).get("evidence") or [])[:_MAX_EVIDENCE_IN_NOTE]:
            lines.append(f"  · {evidence}")
    return "\n".join(lines)
