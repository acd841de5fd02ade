"""APK analysis page: analyse the hospital's app in isolated processes, show and apply results.

Each chosen file is analysed by ``app.apk.isolation.analyze_isolated`` in a child
process, started from a worker thread (never the GUI thread), with its own
progress bar and Cancel button. A finished analysis is stored on the case and
pre-fills the checklist items it can decide (marked automatic).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.apk.inputs import expand_inputs
from app.domain.models import Application
from app.errors import JobCancelled, KnownError
from app.i18n import language
from app.jobs import CancelToken, ProgressSink
from app.services.assessment import AutoAnswers
from ui.errors import show_error
from ui.widgets.file_drop import FileDropFilter
from ui.wizard.apk_summary import alerts, summary_html
from ui.wizard.case_context import CaseContext
from ui.workers import Job, Pools

Analyzer = Callable[..., dict[str, Any]]


def isolated_analyzer(path: Path, **options: Any) -> dict[str, Any]:
    """The real analyzer: one child process per file, with time and memory limits."""
    from app.apk.isolation import analyze_isolated

    return analyze_isolated(path, **options)


def start_analysis_server(progress: ProgressSink, cancel: CancelToken) -> None:
    """Get the analysis process server ready while the inspector picks files."""
    from app.apk.isolation import start_server

    start_server()


class ApkRunRow(QtWidgets.QFrame):
    """One file being analysed: name, progress bar, stage and Cancel."""

    def __init__(self, path: Path, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.job: Job | None = None
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.name = QtWidgets.QLabel(path.name, self)
        self.name.setToolTip(str(path))
        self.bar = QtWidgets.QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.stage = QtWidgets.QLabel(self)
        self.stage.setWordWrap(True)
        self.stage.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QtWidgets.QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setIcon(
            self.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_DialogCancelButton)
        )
        self.cancel_button.clicked.connect(self.cancel)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.bar, 2)
        top.addWidget(self.cancel_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.stage)
        self.stage.setText(self.tr("Waiting…"))

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.stage.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(False)

    def show_progress(self, fraction: float, stage: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        self.stage.setText(stage)

    def show_outcome(self, text: str, colour: str) -> None:
        self.cancel_button.hide()
        self.stage.setText(f"<span style='color:{colour}'>{html.escape(text)}</span>")


class ApkPage(QtWidgets.QWizardPage):
    """Signals:
    analysis_finished(file_name): a file's analysis ended (stored, failed or cancelled).
    """

    analysis_finished = QtCore.Signal(str)
    key = "apk"
    analyzer: Analyzer = staticmethod(isolated_analyzer)
    timeout_s = 300.0

    def __init__(
        self, context: CaseContext, pools: Pools, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pools = pools
        self.rows: list[ApkRunRow] = []
        # What each analysis run in this window did to the answers, by APK SHA-256.
        self._auto: dict[str, AutoAnswers] = {}

        self.intro = QtWidgets.QLabel(self)
        self.intro.setWordWrap(True)
        self.registered = QtWidgets.QLabel(self)
        self.registered.setWordWrap(True)
        self.choose_button = QtWidgets.QPushButton(self)
        self.choose_button.setIcon(
            self.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_DialogOpenButton)
        )
        self.choose_button.clicked.connect(self.choose_files)
        self.drop_hint = QtWidgets.QLabel(self)
        self.drop_hint.setWordWrap(True)
        runs_box = QtWidgets.QWidget(self)
        self.runs_layout = QtWidgets.QVBoxLayout(runs_box)
        self.runs_layout.setContentsMargins(0, 0, 0, 0)
        self.history_label = QtWidgets.QLabel(self)
        self.history = QtWidgets.QComboBox(self)
        self.history.currentIndexChanged.connect(lambda _: self._show_selected())
        self.history_label.setBuddy(self.history)
        self.summary = QtWidgets.QTextBrowser(self)
        self.summary.setOpenLinks(False)

        choose = QtWidgets.QHBoxLayout()
        choose.addWidget(self.choose_button)
        choose.addWidget(self.drop_hint, 1)
        history = QtWidgets.QHBoxLayout()
        history.addWidget(self.history_label)
        history.addWidget(self.history, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.registered)
        layout.addLayout(choose)
        layout.addWidget(runs_box)
        layout.addLayout(history)
        layout.addWidget(self.summary, 1)

        self.drop_filter = FileDropFilter(self, folders=True)
        self.drop_filter.files_dropped.connect(self.analyse_files)
        self._analyses: list[dict[str, Any]] = []
        self.retranslate_ui()

    # -- texts -----------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("APK analysis"))
        self.setSubTitle(
            self.tr(
                "Analyse the hospital's Android app offline; its findings pre-fill the checklist."
            )
        )
        self.intro.setText(
            self.tr(
                "Each file is analysed in a separate process with time and memory limits, so "
                "you can keep working. Results are stored on the case; items the analysis "
                "decides are answered automatically and marked “auto”."
            )
        )
        self.choose_button.setText(self.tr("&Choose APK files…"))
        self.drop_hint.setText(
            self.tr("…or drop .apk files (or a folder of them) anywhere on this page.")
        )
        self.history_label.setText(self.tr("Stored &analyses:"))
        self._show_registered()
        self._show_selected()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def application(self) -> Application | None:
        app_id = self.context.case.application_id
        return self.context.workspace.applications.get(app_id) if app_id is not None else None

    def _show_registered(self) -> None:
        application = self.application()
        if application is None:
            text = self.tr(
                "This case has no registered application: signing certificate and version "
                "cannot be compared with the official release."
            )
        else:
            text = self.tr(
                "Compared with the registered release of {0} ({1}): versionCode {2}, "
                "{3} official certificate(s)."
            ).format(
                application.name,
                application.package,
                application.official_version_code or "—",
                len(application.official_cert_sha256),
            )
        self.registered.setText(text)

    # -- history ---------------------------------------------------------------------

    def initializePage(self) -> None:
        self.refresh_history()
        self.choose_button.setEnabled(self.context.editable)
        self.choose_button.setFocus()
        if self.context.editable and type(self).analyzer is isolated_analyzer:
            self.pools.start(Job(start_analysis_server))

    def refresh_history(self, select_first: bool = False) -> None:
        current = self.history.currentIndex()
        self._analyses = self.context.workspace.cases.apk_analyses(self.context.case_id)
        self.history.blockSignals(True)
        self.history.clear()
        for analysis in self._analyses:
            info = analysis.get("file") or {}
            self.history.addItem(
                f"{info.get('name', '?')} · {analysis.get('package') or '?'} · "
                f"{analysis.get('version_name') or ''} ({analysis.get('version_code')})"
            )
        self.history.blockSignals(False)
        if self._analyses:
            self.history.setCurrentIndex(0 if select_first or current < 0 else current)
        self._show_selected()

    def _show_selected(self) -> None:
        index = self.history.currentIndex()
        if not (0 <= index < len(self._analyses)):
            self.summary.setHtml(
                "<p>" + html.escape(self.tr("No APK has been analysed for this case yet.")) + "</p>"
            )
            return
        analysis = self._analyses[index]
        auto = self._auto.get(str((analysis.get("file") or {}).get("sha256", "")))
        self.summary.setHtml(summary_html(analysis, self.application(), auto))

    # -- running ---------------------------------------------------------------------

    @classmethod
    def ask_files(cls, parent: QtWidgets.QWidget) -> list[Path]:
        """The file dialog (replaced in tests)."""
        names, _ = QtWidgets.QFileDialog.getOpenFileNames(
            parent,
            QtCore.QCoreApplication.translate("ApkPage", "Choose APK files"),
            "",
            QtCore.QCoreApplication.translate(
                "ApkPage", "Android apps (*.apk *.xapk *.apks *.apkm);;All files (*)"
            ),
        )
        return [Path(name) for name in names]

    def choose_files(self) -> None:
        self.analyse_files(self.ask_files(self))

    def analyse_files(self, paths: Sequence[Path]) -> None:
        """Analyse each file; a folder (dropped, e.g. a channel sweep) stands for its apps."""
        if not self.context.editable:
            return
        try:
            paths = expand_inputs([Path(p) for p in paths])
        except KnownError as err:
            show_error(self, err)
            return
        application = self.application()
        options: dict[str, Any] = {
            "official_certs": tuple(application.official_cert_sha256) if application else (),
            "official_version_code": application.official_version_code if application else None,
            "official_package": (application.package or None) if application else None,
            "timeout": self.timeout_s,
        }
        for path in paths:
            self._start(Path(path), options)

    def _start(self, path: Path, options: dict[str, Any]) -> None:
        row = ApkRunRow(path, self)
        self.rows.append(row)
        self.runs_layout.addWidget(row)
        analyzer = type(self).analyzer

        def analyse(progress: ProgressSink, cancel: CancelToken) -> dict[str, Any]:
            return analyzer(path, progress=progress, cancel=cancel, **options)

        job = Job(analyse)
        row.job = job
        job.signals.progress_changed.connect(row.show_progress)
        job.signals.succeeded.connect(lambda result: self._succeeded(row, result))
        job.signals.failed.connect(lambda exc: self._failed(row, exc))
        self.pools.start(job)

    def _succeeded(self, row: ApkRunRow, result: dict[str, Any]) -> None:
        row.job = None
        self.context.flush_edits()
        try:
            self.context.workspace.cases.record_apk_analysis(self.context.case_id, result)
            auto = self.context.assessment.apply_apk_result(self.context.case_id, result)
        except KnownError as err:
            row.show_outcome(err.message(), "#c62828")
            self.analysis_finished.emit(row.path.name)
            return
        row.show_progress(1.0, "")
        found = alerts(result)
        done = self.tr("Done: {0} finding(s); {1} item(s) answered automatically.").format(
            len(result.get("findings") or []), len(auto.applied)
        )
        separator = "" if language() == "zh" else " "  # Chinese sentences run on
        row.show_outcome(separator.join([done, *found]), "#c62828" if found else "#2e7d32")
        self.context.notify_reloaded()
        self._auto[str((result.get("file") or {}).get("sha256", ""))] = auto
        self.refresh_history(select_first=True)
        self.analysis_finished.emit(row.path.name)

    def _failed(self, row: ApkRunRow, exc: BaseException) -> None:
        row.job = None
        if isinstance(exc, JobCancelled):
            row.show_outcome(self.tr("Cancelled."), "#546e7a")
        elif isinstance(exc, KnownError):
            row.show_outcome(self.tr("Not analysed: {0}").format(exc.message()), "#c62828")
        else:
            row.show_outcome(self.tr("Failed: {0}").format(exc), "#c62828")
            show_error(self, exc)
        self.analysis_finished.emit(row.path.name)

    def running(self) -> list[ApkRunRow]:
        return [row for row in self.rows if row.job is not None]

    def shutdown(self) -> None:
        """Stop every running analysis (the wizard is closing)."""
        for row in self.running():
            job = row.job
            assert job is not None
            job.signals.succeeded.disconnect()
            job.signals.failed.disconnect()
            job.signals.progress_changed.disconnect()
            job.cancel()
            row.job = None

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.matches(QtGui.QKeySequence.StandardKey.Open):
            self.choose_files()
            return
        super().keyPressEvent(event)
