"""The statistics dialog: choose a period, see the figures and a chart, export the PDF.

Figures and charts are computed in a job; the PDF is written in a job with a progress
bar and a Cancel button. The chart shown is the same Figure the PDF embeds.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from app import i18n as core_i18n
from app.errors import JobCancelled
from app.jobs import CancelToken, ProgressSink
from app.services.statistics import (
    Period,
    Statistics,
    compute_statistics,
    parse_period,
    period_between,
    write_statistics_report,
)
from app.services.workspace import Workspace
from ui.errors import show_error
from ui.incidents import dialogs
from ui.widgets.chart_canvas import ChartCanvas
from ui.workers import Job, Pools

KINDS = ("quarter", "month", "year", "range")


class StatisticsDialog(QtWidgets.QDialog):
    """Signals:
    figures_shown(stats): the figures of the chosen period are on screen.
    report_written(path): the PDF was exported.
    """

    figures_shown = QtCore.Signal(object)
    report_written = QtCore.Signal(object)

    def __init__(
        self, workspace: Workspace, pools: Pools, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statistics_dialog")
        self.workspace = workspace
        self.pools = pools
        self.stats: Statistics | None = None
        self._compute_job: Job | None = None
        self._export_job: Job | None = None
        today = date.today()
        self.kind_combo = QtWidgets.QComboBox()
        self.year_spin = QtWidgets.QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.part_combo = QtWidgets.QComboBox()
        self.from_edit = QtWidgets.QDateEdit(QtCore.QDate(today.year, 1, 1))
        self.to_edit = QtWidgets.QDateEdit(QtCore.QDate.currentDate())
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QtWidgets.QPushButton()
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_figures)
        self.kind_label = QtWidgets.QLabel()
        self.kind_label.setBuddy(self.kind_combo)
        period = QtWidgets.QHBoxLayout()
        for widget in (
            self.kind_label,
            self.kind_combo,
            self.year_spin,
            self.part_combo,
            self.from_edit,
            self.to_edit,
            self.show_button,
        ):
            period.addWidget(widget)
        period.addStretch(1)
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("statistics_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self.chart = ChartCanvas()
        self.chart.setMinimumSize(520, 320)
        body = QtWidgets.QHBoxLayout()
        body.addWidget(self.summary, 1)
        body.addWidget(self.chart, 2)
        self.language_combo = QtWidgets.QComboBox()
        for text, code in dialogs.LANGUAGES:
            self.language_combo.addItem(text, code)
        self.language_combo.setCurrentIndex(0 if core_i18n.language() == "zh" else 1)
        self.language_label = QtWidgets.QLabel()
        self.language_label.setBuddy(self.language_combo)
        self.export_button = QtWidgets.QPushButton()
        self.export_button.clicked.connect(self.export_pdf)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.cancel_button = QtWidgets.QPushButton()
        self.cancel_button.clicked.connect(self.cancel_export)
        self.cancel_button.hide()
        self.close_button = QtWidgets.QPushButton()
        self.close_button.clicked.connect(self.reject)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.language_label)
        bottom.addWidget(self.language_combo)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addStretch(0)
        bottom.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(period)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.retranslate()
        quarter = (today.month - 1) // 3
        self.part_combo.setCurrentIndex(quarter)
        self.export_button.setEnabled(False)
        self.resize(1000, 560)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Periodic statistics"))
        self.kind_label.setText(self.tr("&Period:"))
        kind = max(self.kind_combo.currentIndex(), 0)
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItems(
            [self.tr("Quarter"), self.tr("Month"), self.tr("Year"), self.tr("From – to")]
        )
        self.kind_combo.setCurrentIndex(kind)
        self.kind_combo.blockSignals(False)
        self.show_button.setText(self.tr("&Show"))
        self.language_label.setText(self.tr("Report &language:"))
        self.export_button.setText(self.tr("&Export PDF…"))
        self.cancel_button.setText(self.tr("&Cancel"))
        self.close_button.setText(self.tr("Close"))
        self._kind_changed()
        if self.stats is not None:
            self.summary.setText(self.describe(self.stats))

    def _kind_changed(self) -> None:
        kind = KINDS[max(self.kind_combo.currentIndex(), 0)]
        part = self.part_combo.currentIndex()
        self.part_combo.clear()
        if kind == "quarter":
            self.part_combo.addItems([f"Q{q}" for q in range(1, 5)])
        elif kind == "month":
            self.part_combo.addItems([f"{m:02d}" for m in range(1, 13)])
        self.part_combo.setCurrentIndex(max(min(part, self.part_combo.count() - 1), 0))
        self.year_spin.setVisible(kind != "range")
        self.part_combo.setVisible(kind in ("quarter", "month"))
        self.from_edit.setVisible(kind == "range")
        self.to_edit.setVisible(kind == "range")

    def period(self) -> Period:
        kind = KINDS[self.kind_combo.currentIndex()]
        year = self.year_spin.value()
        if kind == "quarter":
            return parse_period(f"{year}-Q{self.part_combo.currentIndex() + 1}")
        if kind == "month":
            return parse_period(f"{year}-{self.part_combo.currentIndex() + 1:02d}")
        if kind == "year":
            return parse_period(str(year))
        return period_between(self.from_edit.date().toPython(), self.to_edit.date().toPython())

    # ------------------------------------------------------------- figures

    def show_figures(self) -> Job | None:
        if self._compute_job is not None:
            return None
        try:
            period = self.period()
        except Exception as exc:
            show_error(self, exc)
            return None
        lang = str(self.language_combo.currentData())
        workspace = self.workspace

        def compute(progress: ProgressSink, cancel: CancelToken) -> tuple[Statistics, Any]:
            from app.report.fonts import find_cjk_font
            from app.report.statistics_charts import overview_chart

            stats = compute_statistics(workspace, period, progress, cancel)
            return stats, overview_chart(stats, lang, find_cjk_font())

        job = Job(compute)
        job.signals.succeeded.connect(self._figures_ready)
        job.signals.failed.connect(lambda exc: show_error(self, exc))
        job.signals.finished.connect(self._compute_finished)
        self.show_button.setEnabled(False)
        self._compute_job = self.pools.start(job, self.pools.analysis)
        return self._compute_job

    def _compute_finished(self) -> None:
        self._compute_job = None
        self.show_button.setEnabled(True)

    def _figures_ready(self, result: tuple[Statistics, Any]) -> None:
        self.stats, figure = result
        self.summary.setText(self.describe(self.stats))
        self.chart.show_figure(figure)
        self.export_button.setEnabled(True)
        self.figures_shown.emit(self.stats)

    def describe(self, stats: Statistics) -> str:
        a, apk, r, i = stats.assessments, stats.apk, stats.rectifications, stats.incidents
        e = html.escape
        mean = f"{a.score_mean:.1f}" if a.score_mean is not None else "—"
        lines = [
            f"<h3>{e(stats.period.label)}</h3>",
            f"<p>{e(stats.period.start.isoformat())} – {e(stats.period.last_day.isoformat())}</p>",
            "<table cellspacing='3'>",
            self._row(self.tr("Assessment cases"), a.total),
            self._row(self.tr("Concluded official assessments"), a.concluded),
            self._row(self.tr("Mean score"), mean),
            self._row(
                self.tr("Grades A / B / C"),
                f"{a.grades['A']} / {a.grades['B']} / {a.grades['C']}",
            ),
            self._row(self.tr("APK files analysed"), apk.files),
            self._row(
                self.tr("Counterfeit or tampered / outdated"),
                f"{apk.counterfeit + apk.tampered} / {apk.outdated}",
            ),
            self._row(
                self.tr("Open / overdue rectifications"), f"{r.open_at_end} / {r.overdue_at_end}"
            ),
            self._row(self.tr("Incidents recorded"), i.total),
            self._row(
                self.tr("Notices on time / late / overdue"),
                f"{i.notice_on_time} / {i.notice_late} / {i.notice_missing}",
            ),
            self._row(
                self.tr("Escalated / to escalate"), f"{i.escalated} / {i.escalation_required}"
            ),
            "</table>",
        ]
        if stats.empty:
            lines.append(f"<p>{e(self.tr('Nothing was recorded in this period.'))}</p>")
        return "".join(lines)

    @staticmethod
    def _row(key: str, value: object) -> str:
        return f"<tr><td>{html.escape(key)}</td><td><b>{html.escape(str(value))}</b></td></tr>"

    # --------------------------------------------------------------- export

    def export_pdf(self) -> Job | None:
        if self._export_job is not None or self.stats is None:
            return None
        period = self.stats.period
        start = Path.home() / f"IHSA-statistics-{period.label.replace(' ', '')}.pdf"
        path = dialogs.ask_save_path(
            self, self.tr("Export statistics report"), start, self.tr("PDF reports (*.pdf)")
        )
        if path is None:
            return None
        lang = str(self.language_combo.currentData())
        workspace = self.workspace

        def write(progress: ProgressSink, cancel: CancelToken) -> Path:
            return write_statistics_report(
                workspace, period, path, lang=lang, progress=progress, cancel=cancel
            )[1]

        job = Job(write)
        job.signals.progress_changed.connect(
            lambda fraction, _stage: self.progress.setValue(round(100 * fraction))
        )
        job.signals.succeeded.connect(self._exported)
        job.signals.failed.connect(self._export_failed)
        job.signals.finished.connect(self._export_finished)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.export_button.setEnabled(False)
        self._export_job = self.pools.start(job, self.pools.analysis)
        return self._export_job

    def cancel_export(self) -> None:
        if self._export_job is not None:
            self._export_job.cancel()

    def _exported(self, path: Path) -> None:
        self.report_written.emit(path)
        QtWidgets.QMessageBox.information(
            self, self.tr("Report exported"), self.tr("Saved to %1").replace("%1", str(path))
        )

    def _export_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, JobCancelled):
            show_error(self, exc)

    def _export_finished(self) -> None:
        self._export_job = None
        self.progress.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(True)

    def reject(self) -> None:
        self.cancel_export()
        super().reject()
