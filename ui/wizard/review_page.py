"""Review page: live score and grade, per-domain chart, open problems, submit, report.

Everything is already saved, so "Save draft and close" only closes. Submitting
is refused, with every open item listed here (each one a link back to it),
while items are unanswered or an n/a lacks its justification. The PDF report
can be exported (and signed) and verified from here at any time; a report of an
unfinished case says it is provisional.
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

from app.errors import KnownError
from app.i18n import pick
from app.rules import FinishProblem, ScoreResult
from ui.dialogs import report_dialogs
from ui.widgets.chart_canvas import ChartCanvas
from ui.wizard.case_context import CaseContext
from ui.workers import Pools

GRADE_COLOURS = {"A": "#2e7d32", "B": "#b26a00", "C": "#c62828"}
ITEM_ID_ROLE = QtCore.Qt.ItemDataRole.UserRole


class ReviewPage(QtWidgets.QWizardPage):
    """Signals:
    item_requested(item_id): the assessor wants to fix this item (the wizard goes there).
    submitted(case_id): the case was submitted.
    """

    item_requested = QtCore.Signal(str)
    submitted = QtCore.Signal(int)
    key = "review"

    def __init__(
        self, context: CaseContext, pools: Pools, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pools = pools
        self.result: ScoreResult | None = None
        self.problems: list[FinishProblem] = []

        self.score_label = QtWidgets.QLabel(self)
        self.grade_label = QtWidgets.QLabel(self)
        self.rule_label = QtWidgets.QLabel(self)
        self.rule_label.setWordWrap(True)
        self.handling_label = QtWidgets.QLabel(self)
        self.handling_label.setWordWrap(True)
        self.chart = ChartCanvas(self)
        self.domains = QtWidgets.QTreeWidget(self)
        self.domains.setRootIsDecorated(False)
        self.domains.setColumnCount(4)
        self.domains.setUniformRowHeights(True)
        self.domains.header().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.domains.header().setStretchLastSection(False)
        self.problems_label = QtWidgets.QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problem_list = QtWidgets.QListWidget(self)
        self.problem_list.setWordWrap(True)
        self.problem_list.itemActivated.connect(self._on_problem_activated)
        self.problem_list.itemDoubleClicked.connect(self._on_problem_activated)
        self.problems_label.setBuddy(self.problem_list)
        self.message = QtWidgets.QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QtWidgets.QPushButton(self)
        self.export_button.clicked.connect(self.export_report)
        self.verify_button = QtWidgets.QPushButton(self)
        self.verify_button.clicked.connect(self.verify_report)

        headline = QtWidgets.QHBoxLayout()
        headline.addWidget(self.score_label)
        headline.addSpacing(24)
        headline.addWidget(self.grade_label)
        headline.addStretch(1)
        left = QtWidgets.QVBoxLayout()
        left.addLayout(headline)
        left.addWidget(self.rule_label)
        left.addWidget(self.handling_label)
        left.addWidget(self.domains, 1)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.chart, 3)
        right.addWidget(self.problems_label)
        right.addWidget(self.problem_list, 2)
        columns = QtWidgets.QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        report_row = QtWidgets.QHBoxLayout()
        report_row.addWidget(self.message, 1)
        report_row.addWidget(self.export_button)
        report_row.addWidget(self.verify_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(report_row)

        context.answer_saved.connect(self._on_answers_changed)
        context.answers_reloaded.connect(self._on_answers_changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Review and submit"))
        self.setSubTitle(
            self.tr("Everything is saved as you work. Submit when every item is answered.")
        )
        self.domains.setHeaderLabels(
            [self.tr("Domain"), self.tr("Answered"), self.tr("Fulfilled"), self.tr("Points")]
        )
        self.export_button.setText(self.tr("E&xport report…"))
        self.export_button.setToolTip(
            self.tr("Write the case's PDF report, signed with your certificate if you choose")
        )
        self.verify_button.setText(self.tr("&Verify report…"))
        self.verify_button.setToolTip(
            self.tr("Check a report's signatures and compare it with this database")
        )
        if self.result is not None or self.problems:
            self.refresh()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- content ---------------------------------------------------------------------

    def initializePage(self) -> None:
        self.message.clear()
        self.refresh()
        if self.problem_list.count():
            self.problem_list.setCurrentRow(0)
        self.problem_list.setFocus()

    def _on_answers_changed(self, *_: object) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Score the case now (fast: pure arithmetic over the pinned pack)."""
        try:
            self.result = self.context.score()
        except KnownError as err:
            self.result = None
            self.score_label.setText(html.escape(err.message()))
            self.grade_label.clear()
            self.rule_label.clear()
            self.handling_label.clear()
        else:
            self._show_score(self.result)
        self.problems = self.context.finish_problems()
        self._show_problems()

    def _show_score(self, result: ScoreResult) -> None:
        provisional = self.tr(" (provisional)") if result.provisional else ""
        self.score_label.setText(
            f"<span style='font-size:20pt'><b>{result.score}</b></span> / 100"
            f"{html.escape(provisional)}"
        )
        grade = result.grade.value
        self.grade_label.setText(
            html.escape(self.tr("Grade")) + " "
            f"<span style='font-size:20pt; color:{GRADE_COLOURS.get(grade, '#000')}'>"
            f"<b>{grade}</b></span>"
        )
        self.rule_label.setText(self.tr("Grade rule: {0}").format(pick(result.reason)))
        self.handling_label.setText(self.tr("Handling: {0}").format(pick(result.handling)))
        self.domains.clear()
        rows: list[tuple[str, float | None]] = []
        for domain in result.domains:
            done, total = self.context.domain_progress(domain.domain_id)
            percent = None if domain.fraction is None else float(domain.fraction) * 100
            points = (
                "—"
                if domain.points is None or domain.max_points is None
                else f"{float(domain.points):.1f} / {float(domain.max_points):.1f}"
            )
            self.domains.addTopLevelItem(
                QtWidgets.QTreeWidgetItem(
                    [
                        pick(domain.title),
                        f"{done}/{total}",
                        self.tr("n/a") if percent is None else f"{percent:.0f} %",
                        points,
                    ]
                )
            )
            rows.append((pick(domain.title), percent))
        for column in range(1, 4):
            self.domains.resizeColumnToContents(column)
        from ui.widgets.domain_chart import domain_figure

        self.chart.show_figure(
            domain_figure(
                rows,
                title=self.tr("Fulfilment by domain (%)"),
                na_text=self.tr("n/a"),
                dpi=self.logicalDpiX(),
            )
        )

    def _show_problems(self) -> None:
        self.problem_list.clear()
        for problem in self.problems:
            item = self.context.pack.item(problem.item_id)
            row = QtWidgets.QListWidgetItem(
                f"{problem.item_id} — {pick(problem.text)}\n{pick(item.title)}"
            )
            row.setData(ITEM_ID_ROLE, problem.item_id)
            row.setToolTip(self.tr("Enter or double-click to open this item"))
            self.problem_list.addItem(row)
        if self.problems:
            self.problems_label.setText(
                self.tr("&Open items ({0}) — Enter or double-click goes to the item:").format(
                    len(self.problems)
                )
            )
        else:
            self.problems_label.setText(self.tr("No open items: the case can be submitted."))
        self.problem_list.setVisible(bool(self.problems))

    def _on_problem_activated(self, row: QtWidgets.QListWidgetItem) -> None:
        self.item_requested.emit(row.data(ITEM_ID_ROLE))

    # -- report ----------------------------------------------------------------------

    def export_report(self) -> report_dialogs.ExportDialog:
        """Save typed text first, so the report shows everything the assessor entered."""
        self.context.flush_edits()
        return report_dialogs.open_export(
            self.context.workspace, self.pools, self.context.case, self
        )

    def verify_report(self) -> report_dialogs.VerifyDialog | None:
        return report_dialogs.open_verify(self.context.workspace, self.pools, self)

    # -- submit ----------------------------------------------------------------------

    def validatePage(self) -> bool:
        """Finish = submit: refused with the open items listed, else the case is submitted."""
        if not self.context.editable:
            return True
        self.refresh()
        if self.problems:
            self.message.setText(
                "<span style='color:#c62828'><b>"
                + html.escape(
                    self.tr("Cannot submit: {0} item(s) still open (listed above).").format(
                        len(self.problems)
                    )
                )
                + "</b></span>"
            )
            self.problem_list.setCurrentRow(0)
            self.problem_list.setFocus()
            return False
        try:
            self.context.assessment.submit(self.context.case_id)
        except KnownError as err:
            self.message.setText(f"<span style='color:#c62828'>{html.escape(err.message())}</span>")
            return False
        self.context.notify_reloaded()
        self.submitted.emit(self.context.case_id)
        return True
