"""Export a case as a signed bundle; preview, then import, a bundle from elsewhere.

Export, preview (a dry-run import that verifies everything) and import each run
as a ``Job`` with progress and a Cancel button; the dialogs only collect choices
and show results. The passphrase, when the keyring lacks it, is asked for on the
GUI thread before a job starts (report_dialogs.PassphraseDialog).
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain.enums import CaseStatus, CaseType
from app.domain.models import Case
from app.errors import JobCancelled, KnownError
from app.files import unused_path
from app.handover.manifest import SUFFIX
from app.handover.results import ExportResult, ImportResult
from app.i18n import pick
from app.jobs import CancelToken, ProgressSink
from app.security import keystore
from app.security.keystore import SigningIdentity
from app.services.workspace import Workspace
from ui.dialogs import report_dialogs
from ui.dialogs.report_dialogs import (
    ERROR_COLOUR,
    NOTE_COLOUR,
    OK_COLOUR,
    PassphraseDialog,
    coloured,
    fit_to_screen,
)
from ui.models import labels
from ui.workers import Job, Pools


def bundle_filter() -> str:
    return QtCore.QCoreApplication.translate("HandoverDialogs", "Case bundles (*{0})").format(
        SUFFIX
    )


def default_bundle_path(case_id: int, folder: Path, today: date | None = None) -> Path:
    """``IHSA-case-<id>-<date>.ihsa-case`` in ``folder``, numbered so no file is replaced."""
    return unused_path(folder, f"IHSA-case-{case_id}-{(today or date.today()).isoformat()}", SUFFIX)


class _JobDialog(QtWidgets.QDialog):
    """A dialog that runs one job at a time with a progress bar and a Cancel button."""

    def __init__(self, pools: Pools, parent: QtWidgets.QWidget | None) -> None:
        super().__init__(parent)
        self.pools = pools
        self.job: Job | None = None
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.stage = QtWidgets.QLabel(self)
        self.stage.hide()
        self.cancel_button = QtWidgets.QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel_job)
        self.cancel_button.hide()
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("handover_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

    def progress_row(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.stage)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        return row

    def run(self, fn: Any, done: Any) -> None:
        job = Job(fn)
        job.signals.progress_changed.connect(self._progress)
        job.signals.succeeded.connect(done)
        job.signals.failed.connect(self._failed)
        job.signals.finished.connect(self._finished)
        self.job = self.pools.start(job, self.pools.analysis)
        self.cancel_button.setText(self.tr("Cancel"))
        self.progress.setValue(0)
        for widget in (self.progress, self.stage, self.cancel_button):
            widget.show()
        self.update_enabled()

    def cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)

    def _progress(self, fraction: float, stage: str) -> None:
        self.progress.setValue(round(fraction * 100))
        texts = {
            "read": self.tr("Reading the case…"),
            "write": self.tr("Writing evidence files…"),
            "verify": self.tr("Checking signature and files…"),
            "merge": self.tr("Merging…"),
            "done": self.tr("Done"),
        }
        self.stage.setText(texts.get(stage, ""))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, JobCancelled):
            self.show_status(self.tr("Cancelled; nothing was changed."), NOTE_COLOUR)
        elif isinstance(exc, KnownError):
            self.show_status(exc.message(), ERROR_COLOUR)
        else:
            from ui.errors import show_error

            show_error(self, exc)

    def _finished(self) -> None:
        self.job = None
        for widget in (self.progress, self.stage, self.cancel_button):
            widget.hide()
        self.cancel_button.setEnabled(True)
        self.update_enabled()

    def show_status(self, text: str, colour: str | None = None) -> None:
        self.status.setText(coloured(text, colour) if colour else html.escape(text))

    def update_enabled(self) -> None:
        """Subclasses enable their controls according to ``self.job``."""

    def reject(self) -> None:
        if self.job is not None:
            self.cancel_job()  # closing while working cancels; nothing half-written stays
        super().reject()


class ExportBundleDialog(_JobDialog):
    """Choose file and certificate; write the case's (signed) bundle.

    Signals:
    exported(result): the bundle was written.
    """

    exported = QtCore.Signal(object)

    def __init__(
        self, workspace: Workspace, pools: Pools, case: Case, parent: QtWidgets.QWidget | None
    ) -> None:
        super().__init__(pools, parent)
        self.workspace = workspace
        self.case = case
        self.result: ExportResult | None = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self.setWindowTitle(self.tr("Export case bundle — case {0}").format(case.id))
        heading = QtWidgets.QLabel(self)
        heading.setWordWrap(True)
        name = case.organisation_name + (
            f" · {case.application_name}" if case.application_name else ""
        )
        case_text = self.tr("Case {0}").format(case.id)
        heading.setText(f"<b>{html.escape(case_text)}</b> · {html.escape(name)}")
        explanation = QtWidgets.QLabel(
            self.tr(
                "The bundle holds the answers, APK analyses, evidence files, reports and "
                "audit events of the case. Hand it over on a USB stick or by mail; the "
                "receiver verifies your signature before importing it."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.path = QtWidgets.QLineEdit(
            str(default_bundle_path(case.id, report_dialogs.report_folder())), self
        )
        self.browse_button = QtWidgets.QPushButton(self.tr("&Browse…"), self)
        self.browse_button.clicked.connect(self.choose_path)
        path_row = QtWidgets.QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse_button)
        remembered = report_dialogs.remembered_p12()
        self.p12 = QtWidgets.QLineEdit(str(remembered) if remembered else "", self)
        self.p12.setPlaceholderText(self.tr("your signing certificate (.p12)"))
        self.p12_button = QtWidgets.QPushButton(self.tr("Br&owse…"), self)
        self.p12_button.clicked.connect(self.choose_p12)
        p12_row = QtWidgets.QHBoxLayout()
        p12_row.addWidget(self.p12, 1)
        p12_row.addWidget(self.p12_button)
        self.unsigned = QtWidgets.QCheckBox(
            self.tr("Export &without a signature (the receiver must accept it explicitly)"), self
        )
        self.unsigned.toggled.connect(self.update_enabled)
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        file_label = QtWidgets.QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, path_row)
        p12_label = QtWidgets.QLabel(self.tr("Ce&rtificate:"), self)
        p12_label.setBuddy(self.p12)
        form.addRow(p12_label, p12_row)
        form.addRow("", self.unsigned)
        self.buttons = QtWidgets.QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QtWidgets.QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        close = self.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addLayout(self.progress_row())
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.update_enabled()
        fit_to_screen(self, 680, self.sizeHint().height())

    def output_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.name.endswith(SUFFIX) else path.with_name(path.name + SUFFIX)

    def choose_path(self) -> None:
        chosen = report_dialogs.ask_save_path(
            self, self.tr("Save the case bundle as"), self.output_path(), bundle_filter()
        )
        if chosen is not None:
            self.path.setText(str(chosen))

    def choose_p12(self) -> None:
        current = self.p12.text().strip()
        start = Path(current).parent if current else report_dialogs.report_folder()
        chosen = report_dialogs.ask_open_path(
            self, self.tr("Choose your signing certificate"), start, report_dialogs.p12_filter()
        )
        if chosen is not None:
            self.p12.setText(str(chosen))
            self.unsigned.setChecked(False)

    def update_enabled(self) -> None:
        idle = self.job is None
        for widget in (self.path, self.browse_button, self.unsigned, self.export_button):
            widget.setEnabled(idle)
        signing = idle and not self.unsigned.isChecked()
        self.p12.setEnabled(signing)
        self.p12_button.setEnabled(signing)

    def export(self) -> None:
        if self.job is not None:
            return
        path = self.output_path()
        if not path.parent.is_dir():
            self.show_status(
                self.tr("The folder {0} does not exist.").format(path.parent), ERROR_COLOUR
            )
            return
        if self.unsigned.isChecked():
            self._start(path, None)
            return
        p12_text = self.p12.text().strip()
        if not p12_text:
            self.show_status(
                self.tr("Choose your signing certificate (or export without a signature)."),
                ERROR_COLOUR,
            )
            return
        p12 = Path(p12_text).expanduser()
        try:
            stored = keystore.stored_passphrase(p12)
            identity = keystore.open_identity(p12, stored) if stored is not None else None
        except KnownError as err:
            if err.code != "passphrase":
                self.show_status(err.message(), ERROR_COLOUR)
                return
            identity = None
        if identity is not None:
            self._start(path, identity)
            return
        dialog = PassphraseDialog(p12, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unlocked.connect(lambda unlocked, _remembered: self._start(path, unlocked))
        self.passphrase_dialog = dialog
        dialog.open()

    def _start(self, path: Path, identity: SigningIdentity | None) -> None:
        if identity is not None:
            report_dialogs.remember_p12(identity.p12_path)
        report_dialogs.remember_folder(path.parent)
        workspace, case_id = self.workspace, self.case.id

        def work(progress: ProgressSink, cancel: CancelToken) -> ExportResult:
            return workspace.handover.export_case(
                case_id,
                path,
                identity=identity,
                overwrite=True,  # the file chooser asked before replacing
                progress=progress,
                cancel=cancel,
            )

        self.show_status("")
        self.run(work, self._exported)

    def _exported(self, result: ExportResult) -> None:
        self.result = result
        if result.signer:
            text = self.tr("Bundle written: {0} — signed by {1}.").format(
                result.path, result.signer
            )
            self.show_status(text, OK_COLOUR)
        else:
            text = self.tr("Unsigned bundle written: {0}.").format(result.path)
            self.show_status(text, NOTE_COLOUR)
        self.exported.emit(result)


class ImportBundleDialog(_JobDialog):
    """Verify a bundle and show what importing it would do; import on request.

    Signals:
    imported(case_id): the case was imported (or found unchanged).
    """

    imported = QtCore.Signal(int)

    def __init__(
        self, workspace: Workspace, pools: Pools, path: Path, parent: QtWidgets.QWidget | None
    ) -> None:
        super().__init__(pools, parent)
        self.workspace = workspace
        self.path = path
        self.preview: ImportResult | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(self.tr("Import case bundle"))
        self.file_label = QtWidgets.QLabel(self)
        bundle_text = self.tr("Bundle:")
        self.file_label.setText(f"<b>{html.escape(bundle_text)}</b> {html.escape(str(path))}")
        self.file_label.setWordWrap(True)
        self.details = QtWidgets.QTextBrowser(self)
        self.details.setObjectName("bundle_preview")
        self.details.setOpenLinks(False)
        self.accept_unsigned = QtWidgets.QCheckBox(
            self.tr("I accept this &unsigned bundle although its origin cannot be confirmed"),
            self,
        )
        self.accept_unsigned.hide()
        self.replace = QtWidgets.QCheckBox(
            self.tr("&Replace the local copy of the case (it is kept in the hand-over log)"),
            self,
        )
        self.replace.hide()
        for box in (self.accept_unsigned, self.replace):
            box.toggled.connect(self.update_enabled)
        self.buttons = QtWidgets.QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QtWidgets.QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.import_button.clicked.connect(self.start_import)
        close = self.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.accept_unsigned)
        layout.addWidget(self.replace)
        layout.addLayout(self.progress_row())
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.update_enabled()
        fit_to_screen(self, 760, 620)

    def start_preview(self) -> None:
        """Verify the bundle and plan the import (a dry run: nothing is written)."""
        workspace, path = self.workspace, self.path

        def work(progress: ProgressSink, cancel: CancelToken) -> ImportResult:
            return workspace.handover.import_bundle(
                path, dry_run=True, progress=progress, cancel=cancel
            )

        self.show_status(self.tr("Checking the bundle…"))
        self.run(work, self._previewed)

    def _previewed(self, plan: ImportResult) -> None:
        self.preview = plan
        self.details.setHtml(self.describe(plan))
        self.accept_unsigned.setVisible(not plan.bundle.signed)
        self.replace.setVisible(plan.conflict is not None and plan.blocked is None)
        if plan.blocked is not None:
            self.show_status(pick(plan.blocked), ERROR_COLOUR)
        elif plan.conflict is not None:
            self.show_status(pick(plan.conflict), ERROR_COLOUR)
        else:
            self.show_status(self.tr("The bundle checks out. Press Import to merge it."), OK_COLOUR)
        self.update_enabled()

    def update_enabled(self) -> None:
        plan = self.preview
        ready = (
            self.job is None
            and self.result is None
            and plan is not None
            and plan.blocked is None
            and (plan.bundle.signed or self.accept_unsigned.isChecked())
            and (plan.conflict is None or self.replace.isChecked())
        )
        self.import_button.setEnabled(ready)
        for box in (self.accept_unsigned, self.replace):
            box.setEnabled(self.job is None and self.result is None)

    def start_import(self) -> None:
        if self.preview is None or self.job is not None:
            return
        workspace, path = self.workspace, self.path
        replace, allow_unsigned = self.replace.isChecked(), self.accept_unsigned.isChecked()

        def work(progress: ProgressSink, cancel: CancelToken) -> ImportResult:
            return workspace.handover.import_bundle(
                path,
                replace=replace,
                allow_unsigned=allow_unsigned,
                progress=progress,
                cancel=cancel,
            )

        self.show_status(self.tr("Importing…"))
        self.run(work, self._imported)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        self.details.setHtml(self.describe(result))
        outcome = {
            "created": self.tr("The case was imported as case {0}."),
            "replaced": self.tr("Case {0} was replaced by the bundle's version."),
            "unchanged": self.tr("Case {0} is already up to date; nothing was changed."),
        }[result.case]
        self.show_status(outcome.format(result.case_id), OK_COLOUR)
        self.update_enabled()
        if result.case_id is not None:
            self.imported.emit(result.case_id)

    # -- the preview text ----------------------------------------------------------------

    def describe(self, result: ImportResult) -> str:
        bundle = result.bundle
        rows: list[tuple[str, str]] = []
        signer = bundle.signer
        if signer is None:
            rows.append(
                (
                    self.tr("Signature"),
                    coloured(self.tr("NONE — unsigned bundle"), ERROR_COLOUR, bold=True),
                )
            )
        else:
            holder = signer.subject + (f" ({signer.organisation})" if signer.organisation else "")
            kind = (
                self.tr("self-signed") if signer.self_signed else self.tr("issued by an authority")
            )
            rows.append(
                (
                    self.tr("Signed by"),
                    coloured(holder, OK_COLOUR, bold=True)
                    + html.escape(f" · {kind} · SHA-256 {signer.fingerprint}"),
                )
            )
        rows.append(
            (
                self.tr("Exported"),
                html.escape(f"{bundle.exported_at:%Y-%m-%d %H:%M} UTC · {bundle.exported_by}"),
            )
        )
        rows.append(
            (
                self.tr("Organisation"),
                html.escape(f"{bundle.organisation_name} ({bundle.credit_code}) · ")
                + self._outcome(result.organisation, result.dry_run),
            )
        )
        if bundle.package:
            rows.append(
                (
                    self.tr("Application"),
                    html.escape(f"{bundle.application_name} ({bundle.package}) · ")
                    + self._outcome(result.application, result.dry_run),
                )
            )
        score = "—" if bundle.score is None else f"{bundle.score:.1f} {bundle.grade or ''}"
        rows.append(
            (
                self.tr("Case"),
                html.escape(
                    f"{labels.case_type(CaseType(bundle.case_type))} · "
                    f"{labels.case_status(CaseStatus(bundle.status))} · "
                    f"{bundle.assessor} · {score} · "
                )
                + self._outcome(result.case, result.dry_run),
            )
        )
        counts = bundle.counts
        rows.append(
            (
                self.tr("Contents"),
                html.escape(
                    self.tr(
                        "{0} answers, {1} evidence files ({2:.1f} MB), {3} APK analyses, "
                        "{4} reports, {5} rectifications, {6} audit events"
                    ).format(
                        counts["answers"],
                        counts["files"],
                        counts["bytes"] / 2**20,
                        counts["apk_analyses"],
                        counts["reports"],
                        counts["rectifications"],
                        counts["audit_events"],
                    )
                ),
            )
        )
        rows.append(
            (
                self.tr("Evidence files"),
                html.escape(
                    self.tr("{0} new, {1} already here").format(
                        result.files_added, result.files_present
                    )
                ),
            )
        )
        rows.append(
            (
                self.tr("Audit events"),
                html.escape(
                    self.tr("{0} new, {1} already here").format(
                        result.audit_events_added, result.audit_events_present
                    )
                ),
            )
        )
        rows.append((self.tr("Rule pack"), html.escape(bundle.rule_pack)))
        table = "".join(
            f"<tr><td style='padding-right:12px'><b>{html.escape(k)}</b></td><td>{v}</td></tr>"
            for k, v in rows
        )
        notes = "".join(f"<li>{coloured(pick(note), NOTE_COLOUR)}</li>" for note in result.notes)
        return f"<table>{table}</table>" + (f"<ul>{notes}</ul>" if notes else "")

    def _outcome(self, outcome: str, dry_run: bool) -> str:
        texts = {
            "created": (self.tr("will be created"), self.tr("created")),
            "matched": (self.tr("found here"), self.tr("found here")),
            "replaced": (self.tr("will replace the local copy"), self.tr("replaced")),
            "unchanged": (self.tr("already up to date"), self.tr("already up to date")),
            "none": ("—", "—"),
        }
        will, did = texts[outcome]
        text = will if dry_run else did
        colour = NOTE_COLOUR if outcome == "replaced" else OK_COLOUR
        return coloured(text, colour)
