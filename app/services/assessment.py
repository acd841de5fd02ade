"""Assessing a case: its pinned pack, live score, APK auto-answers, submission."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.db.base import utcnow
from app.db.rows import AnswerRow
from app.domain.enums import AnswerSource, CaseStatus, Result
from app.domain.models import Answer, Case
from app.errors import ConflictError, IntegrityError, ValidationError
from app.i18n import pick
from app.rules import FinishProblem, RulePack, ScoreResult, auto_result, finish_problems
from app.services.cases import (
    _editable,
    _reload,
    _touch,
    answer_rows,
    pack_of,
    rescore,
)

if TYPE_CHECKING:
    from app.services.workspace import Workspace

_MAX_EVIDENCE_IN_NOTE = 3


@dataclass(frozen=True)
class ApkApplied:
    """What storing an APK analysis on a case changed."""

    analysis_id: int
    answered: tuple[Answer, ...]  # items whose answer now comes from the analysis
    disagreements: tuple[Answer, ...]  # manual/override answers the analysis contradicts


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
            if case.status != CaseStatus.IN_PROGRESS.value:
                raise ConflictError(
                    f"只有评估中的案件可以提交（当前：{case.status}）",
                    f"only a case in progress can be submitted (now {case.status})",
                )
            rescore(session, case)
            case.status = CaseStatus.SUBMITTED.value
            case.submitted_at = utcnow()
            session.flush()
            return case.to_domain()

    def apply_apk_analysis(self, case_id: int, result: Mapping[str, Any]) -> ApkApplied:
        """Store an analysis and pre-fill the items its rules decide.

        Items answered by hand keep their answer; the automatic result is recorded
        beside it so the disagreement is visible. Undecided rules leave items alone.
        """
        analysis_id = self._ws.cases.record_apk_analysis(case_id, dict(result))
        statuses: Mapping[str, str] = result.get("rule_status") or {}
        findings = [f for f in result.get("findings") or [] if isinstance(f, Mapping)]
        answered: list[Answer] = []
        disagreements: list[Answer] = []
        with self._ws.session() as session:
            case = _editable(session, case_id)
            pack = pack_of(session, case)
            rows = {r.item_id: r for r in answer_rows(session, case_id)}
            for item in pack.items:
                auto = auto_result(item, statuses)
                if auto is None:
                    continue
                row = rows.get(item.id)
                if row is None:
                    row = AnswerRow(case_id=case_id, item_id=item.id)
                    session.add(row)
                row.auto_result = auto.value
                by_hand = row.source == AnswerSource.OVERRIDE.value or (
                    row.source == AnswerSource.MANUAL.value
                    and row.result not in (None, Result.NOT_ASSESSED.value)
                )
                if by_hand:
                    session.flush()
                    if row.result != auto.value:
                        disagreements.append(row.to_domain())
                    continue
                row.result = auto.value
                row.source = AnswerSource.APK_AUTO.value
                row.note = _auto_note(item.apk_rules, findings, result)
                session.flush()
                answered.append(row.to_domain())
            _touch(case)
            rescore(session, case)
        return ApkApplied(analysis_id, tuple(answered), tuple(disagreements))


def _auto_note(
    rule_ids: tuple[str, ...], findings: list[Mapping[str, Any]], result: Mapping[str, Any]
) -> str:
    """The finding text an automatic answer carries as its evidence."""
    file_info = result.get("file") or {}
    lines = [f"APK {file_info.get('name', '')} sha256 {str(file_info.get('sha256', ''))[:16]}"]
    fired = [f for f in findings if f.get("rule_id") in rule_ids]
    for finding in fired:
        evidence = [str(e) for e in (finding.get("evidence") or [])[:_MAX_EVIDENCE_IN_NOTE]]
        title = pick(finding.get("title") or {}) if finding.get("title") else ""
        lines.append(
            f"{finding.get('rule_id')}: {title}" + (f" — {'; '.join(evidence)}" if evidence else "")
        )
    if not fired:
        lines.append(
            ", ".join(rule_ids) + ": " + pick({"zh": "未发现问题", "en": "no issue found"})
        )
    return "\n".join(lines)
