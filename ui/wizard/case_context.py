"""The wizard's live view of one case: its pinned pack, answers and evidence counts.

Every change goes straight to the database through the case service (one short
transaction, fast enough for the GUI thread), so nothing is ever waiting for a
Save button. Pages listen to the signals to refresh what they show.
"""

from __future__ import annotations

from PySide6 import QtCore

from app.domain.enums import EDITABLE_STATUSES, AnswerSource, Result
from app.domain.models import Answer, Case
from app.rules import FinishProblem, RulePack, ScoreResult
from app.services.workspace import Workspace


class CaseContext(QtCore.QObject):
    """Signals:
    answer_saved(item_id): one answer was written.
    answers_reloaded(): many answers changed at once (APK auto-answers).
    evidence_changed(item_id): evidence of an item was attached or removed.
    case_changed(case_id): anything about the case changed (for the main window).
    flush_requested(): save typed, not yet saved text now (before answers change in bulk).
    """

    answer_saved = QtCore.Signal(str)
    answers_reloaded = QtCore.Signal()
    evidence_changed = QtCore.Signal(str)
    case_changed = QtCore.Signal(int)
    flush_requested = QtCore.Signal()

    def __init__(
        self, workspace: Workspace, case: Case, pack: RulePack, parent: QtCore.QObject | None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case = case
        self.pack = pack
        self.assessment = workspace.assessment
        self._answers: dict[str, Answer] = {}
        self._evidence_counts: dict[str, int] = {}
        self.reload()

    @property
    def case_id(self) -> int:
        return self.case.id

    @property
    def editable(self) -> bool:
        return self.case.status in EDITABLE_STATUSES

    def reload(self) -> None:
        """Read the case, all answers and evidence counts again (cheap: one case)."""
        self.case = self.workspace.cases.get(self.case.id)
        self._answers = {a.item_id: a for a in self.workspace.cases.answers(self.case.id)}
        counts: dict[str, int] = {}
        for evidence in self.workspace.evidence.list(self.case.id):
            if evidence.item_id:
                counts[evidence.item_id] = counts.get(evidence.item_id, 0) + 1
        self._evidence_counts = counts

    def answer(self, item_id: str) -> Answer | None:
        return self._answers.get(item_id)

    def result(self, item_id: str) -> Result:
        answer = self._answers.get(item_id)
        return answer.result if answer else Result.NOT_ASSESSED

    def answers(self) -> dict[str, Answer]:
        return dict(self._answers)

    def evidence_count(self, item_id: str) -> int:
        return self._evidence_counts.get(item_id, 0)

    def needs_justification(self, item_id: str) -> bool:
        answer = self._answers.get(item_id)
        return bool(answer and answer.result == Result.NA and not answer.justification.strip())

    def save(
        self,
        item_id: str,
        *,
        result: Result | None = None,
        note: str | None = None,
        justification: str | None = None,
        source: AnswerSource | None = None,
        override_reason: str | None = None,
    ) -> Answer:
        """Write one answer, keeping every field not given; raises KnownError if refused."""
        current = self._answers.get(item_id)
        new_result = result if result is not None else self.result(item_id)
        new_source = source or (current.source if current else AnswerSource.MANUAL)
        reason = override_reason
        if reason is None:
            reason = current.override_reason if current else ""
        saved = self.workspace.cases.set_answer(
            self.case.id,
            item_id,
            new_result,
            note=note if note is not None else (current.note if current else ""),
            justification=(
                justification
                if justification is not None
                else (current.justification if current else "")
            ),
            source=new_source,
            override_reason=reason,
        )
        self._answers[item_id] = saved
        self.answer_saved.emit(item_id)
        self.case_changed.emit(self.case.id)
        return saved

    def notify_evidence(self, item_id: str) -> None:
        self._evidence_counts[item_id] = len(self.workspace.evidence.list(self.case.id, item_id))
        self.evidence_changed.emit(item_id)
        self.case_changed.emit(self.case.id)

    def flush_edits(self) -> None:
        self.flush_requested.emit()

    def notify_reloaded(self) -> None:
        self.reload()
        self.answers_reloaded.emit()
        self.case_changed.emit(self.case.id)

    def score(self) -> ScoreResult:
        return self.assessment.score(self.case.id)

    def finish_problems(self) -> list[FinishProblem]:
        return self.assessment.finish_problems(self.case.id)

    def domain_progress(self, domain_id: str) -> tuple[int, int]:
        """(answered, total) for a domain: answered = anything but not assessed."""
        items = self.pack.domain(domain_id).items
        done = sum(1 for item in items if self.result(item.id) != Result.NOT_ASSESSED)
        return done, len(items)
