"""Report actions: export (render and sign) a case's PDF report, verify a report.

Rendering, signing and verifying run as ``Job``s on ``pools.analysis``; the
dialogs only collect choices and show results. Everything that may ask the user
something (file choosers, the certificate passphrase) happens on the GUI thread
before a job starts: a worker never prompts. The certificate passphrase is read
from the OS keyring first and asked for only when it is not stored there.

Dialogs are opened with ``open()`` (window-modal, the event loop keeps running);
the file choosers are module functions so tests can replace them.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app import i18n as core_i18n
from app.domain.models import Case
from app.errors import JobCancelled, KnownError
from app.files import unused_path
from app.i18n import pick
from app.report.verify import (
    DIGEST_MATCH,
    DIGEST_MISMATCH,
    DOCMDP_TEXT,
    SIGNATURE_CERTIFICATION,
    VerificationResult,
)
from app.security import keystore
from app.security.keystore import SigningIdentity
from app.services.reports import ReportRecord, generate_report, verify_report
from app.services.workspace import Workspace
from ui import app_settings
from ui.errors import show_error
from ui.workers import Job, Pools

REPORT_P12 = "report/p12"
REPORT_FOLDER = "report/folder"
OK_COLOUR = "#2e7d32"
ERROR_COLOUR = "#c62828"
NOTE_COLOUR = "#8a5a00"
LANGUAGES = (("中文", "zh"), ("English", "en"))  # each language named in itself


def settings() -> QtCore.QSettings:
    return QtCore.QSettings(
        QtCore.QSettings.Format.IniFormat,
        QtCore.QSettings.Scope.UserScope,
        app_settings.ORGANISATION,
        app_settings.APPLICATION,
    )


def report_folder() -> Path:
    """Where reports go: the folder used last, else Documents, else the home folder."""
    remembered = str(settings().value(REPORT_FOLDER, "") or "")
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.DocumentsLocation
    )
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def default_report_path(case_id: int, folder: Path, today: date | None = None) -> Path:
    """``IHSA-case-<id>-<date>.pdf`` in ``folder``, numbered so no file is replaced."""
    return unused_path(folder, f"IHSA-case-{case_id}-{(today or date.today()).isoformat()}", ".pdf")


def remembered_p12() -> Path | None:
    value = str(settings().value(REPORT_P12, "") or "")
    return Path(value) if value else None


def remember_p12(path: Path) -> None:
    store = settings()
    store.setValue(REPORT_P12, str(path))
    store.sync()


def remember_folder(folder: Path) -> None:
    store = settings()
    store.setValue(REPORT_FOLDER, str(folder))
    store.sync()


# -- file choosers (tests replace these) --------------------------------------------------


def ask_save_path(parent: QtWidgets.QWidget, title: str, start: Path, filters: str) -> Path | None:
    """A native "save as" chooser (it asks before replacing a file); None when cancelled."""
    name, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, str(start), filters)
    return Path(name) if name else None


def ask_open_path(parent: QtWidgets.QWidget, title: str, start: Path, filters: str) -> Path | None:
    name, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, str(start), filters)
    return Path(name) if name else None


def open_file(path: Path) -> bool:
    """Open a file with the desktop's default program; False when none is available."""
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))


def pdf_filter() -> str:
    return QtCore.QCoreApplication.translate("ReportDialogs", "PDF reports (*.pdf)")


def p12_filter() -> str:
    return QtCore.QCoreApplication.translate("ReportDialogs", "Signing certificates (*.p12 *.pfx)")


def verify_title() -> str:
    return QtCore.QCoreApplication.translate("ReportDialogs", "Choose a report to verify")


def coloured(text: str, colour: str, *, bold: bool = False) -> str:
    body = html.escape(text)
    if bold:
        body = f"<b>{body}</b>"
    return f"<span style='color:{colour}'>{body}</span>"


def _message_label(parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def fit_to_screen(dialog: QtWidgets.QDialog, width: int, height: int) -> None:
    """Open at ``width`` × ``height`` but never larger than the screen (small screens, 200 %)."""
    screen = dialog.screen() or QtGui.QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    dialog.resize(min(width, available.width() - 24), min(height, available.height() - 48))


def _keyring_note() -> str:
    return QtCore.QCoreApplication.translate(
        "ReportDialogs",
        "No system keyring is available, so the passphrase was not stored; "
        "you will be asked for it again next time.",
    )


# -- passphrase ---------------------------------------------------------------------------


class PassphraseDialog(QtWidgets.QDialog):
    """Asks for the passphrase of a PKCS#12 file and unlocks it.

    A wrong passphrase is shown inline and the dialog stays open for another try.

    Signals:
    unlocked(identity, remembered): the certificate opened; ``remembered`` tells
        whether the passphrase is now in the OS keyring.
    """

    unlocked = QtCore.Signal(object, bool)

    def __init__(self, p12: Path, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.p12 = p12
        self.setWindowTitle(self.tr("Certificate passphrase"))
        prompt = QtWidgets.QLabel(
            self.tr("Enter the passphrase of the signing certificate {0}:").format(p12.name),
            self,
        )
        prompt.setWordWrap(True)
        self.passphrase = QtWidgets.QLineEdit(self)
        self.passphrase.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        prompt.setBuddy(self.passphrase)
        self.error = _message_label(self)
        self.error.setObjectName("passphrase_error")
        self.error.hide()
        note = QtWidgets.QLabel(
            self.tr("It is stored in the system keyring, so you are asked only once.")
            if keystore.keyring_available()
            else self.tr("No system keyring is available: you are asked each time you sign."),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        try:
            identity = keystore.open_identity(self.p12, self.passphrase.text())
        except KnownError as err:
            self.error.setText(coloured(err.message(), ERROR_COLOUR))
            self.error.show()
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        remembered = keystore.remember_passphrase(identity)
        super().accept()
        self.unlocked.emit(identity, remembered)


# -- new certificate ----------------------------------------------------------------------


class CertificateDialog(QtWidgets.QDialog):
    """Creates a self-signed assessor certificate (PKCS#12), like ``ihsa cert new``.

    Signals:
    created(identity, remembered): the file was written; ``remembered`` tells
        whether its passphrase is now in the OS keyring.
    """

    created = QtCore.Signal(object, bool)

    def __init__(self, holder: str, folder: Path, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create a signing certificate"))
        intro = QtWidgets.QLabel(
            self.tr(
                "A self-signed certificate lets you sign reports offline. It is valid for "
                "three years; give the file and its passphrase only to yourself."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.holder = QtWidgets.QLineEdit(holder, self)
        self.organisation = QtWidgets.QLineEdit(self)
        self.organisation.setPlaceholderText(self.tr("optional, e.g. your inspection body"))
        self.path = QtWidgets.QLineEdit(str(self._free_path(folder, holder)), self)
        browse = QtWidgets.QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QtWidgets.QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.passphrase = QtWidgets.QLineEdit(self)
        self.repeat = QtWidgets.QLineEdit(self)
        for line in (self.passphrase, self.repeat):
            line.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(
            self.tr("at least {0} characters").format(keystore.MIN_PASSPHRASE)
        )
        self.error = _message_label(self)
        self.error.setObjectName("certificate_error")
        self.error.hide()
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Holder's name:"), self.holder)
        form.addRow(self.tr("&Organisation:"), self.organisation)
        file_label = QtWidgets.QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, path_row)
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow(self.tr("&Repeat:"), self.repeat)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.addButton(
            self.tr("&Create"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def _free_path(folder: Path, holder: str) -> Path:
        stem = "".join(c for c in holder.strip() if c not in '\\/:*?"<>|') or "assessor"
        path = folder / f"{stem}-signing.p12"
        number = 2
        while path.exists():
            path = folder / f"{stem}-signing-{number}.p12"
            number += 1
        return path

    def _browse(self) -> None:
        chosen = ask_save_path(
            self, self.tr("Save the certificate as"), Path(self.path.text()), p12_filter()
        )
        if chosen is not None:
            self.path.setText(str(chosen.with_suffix(".p12") if not chosen.suffix else chosen))

    def _show_error(self, text: str) -> None:
        self.error.setText(coloured(text, ERROR_COLOUR))
        self.error.show()

    def accept(self) -> None:
        if self.passphrase.text() != self.repeat.text():
            self._show_error(self.tr("The two passphrases differ."))
            self.repeat.selectAll()
            self.repeat.setFocus()
            return
        if not self.path.text().strip():
            self._show_error(self.tr("Choose where to save the certificate."))
            return
        try:
            identity = keystore.create_self_signed(
                self.holder.text(),
                Path(self.path.text().strip()).expanduser(),
                self.passphrase.text(),
                org=self.organisation.text(),
            )
        except KnownError as err:
            self._show_error(err.message())
            return
        remembered = keystore.remember_passphrase(identity)
        super().accept()
        self.created.emit(identity, remembered)


# -- export -------------------------------------------------------------------------------


def stage_text(stage: str) -> str:
    """A service's progress stage in the user's words."""
    translate = QtCore.QCoreApplication.translate
    texts = {
        "data": translate("ReportDialogs", "Reading the case…"),
        "chart": translate("ReportDialogs", "Drawing the chart…"),
        "layout": translate("ReportDialogs", "Laying out the report…"),
        "pages": translate("ReportDialogs", "Writing pages…"),
        "read": translate("ReportDialogs", "Signing…"),
        "sign": translate("ReportDialogs", "Signing…"),
        "write": translate("ReportDialogs", "Saving…"),
        "verify": translate("ReportDialogs", "Checking signatures…"),
        "done": translate("ReportDialogs", "Done"),
    }
    return texts.get(stage, "")


class ExportDialog(QtWidgets.QDialog):
    """Choose file, language and signing certificate; render (and sign) the report.

    Signals:
    exported(record): the report was written and recorded.
    """

    exported = QtCore.Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        pools: Pools,
        case: Case,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.pools = pools
        self.case = case
        self.job: Job | None = None
        self.record: ReportRecord | None = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self.certificate_dialog: CertificateDialog | None = None
        self._identity: SigningIdentity | None = None
        self._confirmed_overwrite: Path | None = None
        self._close_when_done = False
        self._note = ""
        self.setWindowTitle(self.tr("Export report — case {0}").format(case.id))

        heading = QtWidgets.QLabel(self)
        heading.setWordWrap(True)
        name = case.organisation_name + (
            f" · {case.application_name}" if case.application_name else ""
        )
        case_text = self.tr("Case {0}").format(case.id)
        heading.setText(f"<b>{html.escape(case_text)}</b> · {html.escape(name)}")

        self.path = QtWidgets.QLineEdit(str(default_report_path(case.id, report_folder())), self)
        self.path.textChanged.connect(self._forget_confirmation)
        self.choose_path_button = QtWidgets.QPushButton(self.tr("&Browse…"), self)
        self.choose_path_button.clicked.connect(self.choose_path)
        path_row = QtWidgets.QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.choose_path_button)

        self.language = QtWidgets.QComboBox(self)
        for text, code in LANGUAGES:
            self.language.addItem(text, code)
        self.language.setCurrentIndex(max(self.language.findData(core_i18n.language()), 0))

        remembered = remembered_p12()
        self.sign = QtWidgets.QCheckBox(self.tr("&Sign the report with my certificate"), self)
        self.sign.setChecked(remembered is not None and remembered.is_file())
        self.p12 = QtWidgets.QLineEdit(str(remembered) if remembered else "", self)
        self.p12.setPlaceholderText(self.tr("your signing certificate (.p12)"))
        self.p12.textChanged.connect(self._certificate_changed)
        self.choose_p12_button = QtWidgets.QPushButton(self.tr("Br&owse…"), self)
        self.choose_p12_button.clicked.connect(self.choose_p12)
        self.create_button = QtWidgets.QPushButton(self.tr("Create &certificate…"), self)
        self.create_button.clicked.connect(self.create_certificate)
        p12_row = QtWidgets.QHBoxLayout()
        p12_row.addWidget(self.p12, 1)
        p12_row.addWidget(self.choose_p12_button)
        p12_row.addWidget(self.create_button)
        self.certificate_info = QtWidgets.QLabel(self)
        self.certificate_info.setWordWrap(True)
        self.certificate_info.setStyleSheet("color: palette(placeholder-text);")
        self.sign.toggled.connect(self._update_enabled)

        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.cancel_button = QtWidgets.QPushButton(self.tr("Cancel e&xport"), self)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.cancel_button.hide()
        progress_row = QtWidgets.QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.status = _message_label(self)
        self.status.setObjectName("export_status")

        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        file_label = QtWidgets.QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, path_row)
        language_label = QtWidgets.QLabel(self.tr("&Language:"), self)
        language_label.setBuddy(self.language)
        form.addRow(language_label, self.language)
        form.addRow("", self.sign)
        p12_label = QtWidgets.QLabel(self.tr("Ce&rtificate:"), self)
        p12_label.setBuddy(self.p12)
        form.addRow(p12_label, p12_row)
        form.addRow("", self.certificate_info)

        self.buttons = QtWidgets.QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(
            self.tr("&Open report"), QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(self.open_report)
        self.open_button.hide()
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QtWidgets.QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.close_button = self.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._update_enabled()
        fit_to_screen(self, 680, self.sizeHint().height())

    # -- choices -----------------------------------------------------------------------

    def output_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def choose_path(self) -> None:
        chosen = ask_save_path(
            self, self.tr("Save the report as"), self.output_path(), pdf_filter()
        )
        if chosen is not None:
            self.path.setText(str(chosen))
            self._confirmed_overwrite = chosen  # the chooser asked already

    def choose_p12(self) -> None:
        current = self.p12.text().strip()
        start = Path(current).parent if current else report_folder()
        chosen = ask_open_path(
            self, self.tr("Choose your signing certificate"), start, p12_filter()
        )
        if chosen is not None:
            self.p12.setText(str(chosen))
            self.sign.setChecked(True)

    def create_certificate(self) -> CertificateDialog:
        current = self.p12.text().strip()
        folder = Path(current).parent if current and Path(current).parent.is_dir() else None
        dialog = CertificateDialog(self.case.assessor, folder or report_folder(), self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._certificate_created)
        self.certificate_dialog = dialog
        dialog.open()
        return dialog

    def _certificate_created(self, identity: SigningIdentity, remembered: bool) -> None:
        self.p12.setText(str(identity.p12_path))
        self._identity = identity
        self.sign.setChecked(True)
        remember_p12(identity.p12_path)
        self._show_identity(identity)
        if remembered:
            self._show_status(self.tr("Certificate created: {0}").format(identity.p12_path))
        else:
            self._show_status(_keyring_note(), NOTE_COLOUR)

    def _certificate_changed(self) -> None:
        self._identity = None
        self.certificate_info.clear()

    def _show_identity(self, identity: SigningIdentity) -> None:
        kind = self.tr("self-signed") if identity.self_signed else self.tr("issued by an authority")
        self.certificate_info.setText(
            self.tr("Holder: {0} · valid until {1} · {2}").format(
                identity.subject_name, f"{identity.not_after:%Y-%m-%d}", kind
            )
        )

    def _forget_confirmation(self) -> None:
        self._confirmed_overwrite = None

    def _update_enabled(self) -> None:
        running = self.job is not None
        for widget in (
            self.path,
            self.choose_path_button,
            self.language,
            self.sign,
            self.export_button,
        ):
            widget.setEnabled(not running)
        signing = self.sign.isChecked() and not running
        for widget in (self.p12, self.choose_p12_button, self.create_button):
            widget.setEnabled(signing)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)

    def _show_status(self, text: str, colour: str | None = None, *, bold: bool = False) -> None:
        self.status.setText(coloured(text, colour, bold=bold) if colour else html.escape(text))

    # -- export ------------------------------------------------------------------------

    def export(self) -> None:
        """Check the choices, unlock the certificate (asking if needed), start the job."""
        if self.job is not None:
            return
        if not self.path.text().strip():
            self._show_status(self.tr("Choose where to save the report."), ERROR_COLOUR)
            return
        path = self.output_path()
        if not path.parent.is_dir():
            self._show_status(
                self.tr("The folder {0} does not exist.").format(path.parent), ERROR_COLOUR
            )
            return
        if path.exists() and self._confirmed_overwrite != path:
            self._confirmed_overwrite = path
            self._show_status(
                self.tr("{0} exists. Press Export again to replace it.").format(path.name),
                NOTE_COLOUR,
            )
            return
        if not self.sign.isChecked():
            self._start(path, None)
            return
        p12_text = self.p12.text().strip()
        if not p12_text:
            self._show_status(
                self.tr("Choose your signing certificate, or create one."), ERROR_COLOUR
            )
            return
        p12 = Path(p12_text).expanduser()
        if self._identity is not None and self._identity.p12_path == p12:
            self._start(path, self._identity)
            return
        try:
            stored = keystore.stored_passphrase(p12)
            identity = self._open_with(p12, stored) if stored is not None else None
        except KnownError as err:
            self._show_status(err.message(), ERROR_COLOUR)
            return
        if identity is not None:
            self._unlocked(identity, True, path)
            return
        dialog = PassphraseDialog(p12, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unlocked.connect(lambda ident, remembered: self._unlocked(ident, remembered, path))
        dialog.rejected.connect(
            lambda: self._show_status(self.tr("Not exported: no passphrase was given."))
        )
        self.passphrase_dialog = dialog
        dialog.open()

    @staticmethod
    def _open_with(p12: Path, stored: str) -> SigningIdentity | None:
        """The keyring's passphrase opens the file, or None when it is stale."""
        try:
            return keystore.open_identity(p12, stored)
        except KnownError as err:
            if err.code != "passphrase":
                raise
            return None

    def _unlocked(self, identity: SigningIdentity, remembered: bool, path: Path) -> None:
        self.passphrase_dialog = None
        try:
            keystore.check_usable(identity)
        except KnownError as err:
            self._show_status(err.message(), ERROR_COLOUR)
            return
        self._identity = identity
        remember_p12(identity.p12_path)
        self._show_identity(identity)
        self._start(path, identity, "" if remembered else _keyring_note())

    def _start(self, path: Path, identity: SigningIdentity | None, note: str = "") -> None:
        workspace, case_id, lang = self.workspace, self.case.id, str(self.language.currentData())
        remember_folder(path.parent)
        self.record = None
        self.open_button.hide()
        self._note = note

        def run(progress, cancel):  # type: ignore[no-untyped-def]
            return generate_report(
                workspace,
                case_id,
                path,
                lang=lang,
                identity=identity,
                progress=progress,
                cancel=cancel,
            )

        job = Job(run)
        job.signals.progress_changed.connect(self._on_progress)
        job.signals.succeeded.connect(self._on_exported)
        job.signals.failed.connect(self._on_failed)
        job.signals.finished.connect(self._on_finished)
        self.job = job
        self.destroyed.connect(job.cancel_token.cancel)  # the wizard closed under the dialog
        self.progress.setValue(0)
        self._show_status(stage_text("data"))
        self._update_enabled()
        self.cancel_button.setFocus()
        self.pools.start(job, self.pools.analysis)

    def cancel_export(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self._show_status(self.tr("Cancelling…"))

    def _on_progress(self, fraction: float, stage: str) -> None:
        if self.job is not None and not self.job.cancel_token.cancelled:
            self.progress.setValue(round(fraction * 100))
            text = stage_text(stage)
            if text:
                self._show_status(text)

    def _on_exported(self, record: ReportRecord) -> None:
        self.record = record
        self.progress.setValue(100)
        signed = (
            self.tr("Signed by {0}.").format(record.signer)
            if record.signer
            else self.tr("Not signed.")
        )
        lines = [
            coloured(self.tr("Report saved: {0}").format(record.path), OK_COLOUR, bold=True),
            html.escape(signed),
            html.escape(self.tr("SHA-256 of the file: {0}").format(record.file_sha256)),
        ]
        if self._note:
            lines.append(coloured(self._note, NOTE_COLOUR))
        self.status.setText("<br>".join(lines))
        self.open_button.show()
        self.open_button.setFocus()
        self.exported.emit(record)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, JobCancelled):
            self._show_status(self.tr("Export cancelled; no file was written."))
        elif isinstance(exc, KnownError):
            self._show_status(exc.message(), ERROR_COLOUR)
        else:
            self._show_status(self.tr("The report could not be produced."), ERROR_COLOUR)
            show_error(self, exc)

    def _on_finished(self) -> None:
        self.job = None
        self._update_enabled()
        if self._close_when_done:
            self.done(QtWidgets.QDialog.DialogCode.Rejected)

    def open_report(self) -> None:
        if self.record is not None and not open_file(Path(self.record.path)):
            self._show_status(self.tr("No program to open PDF files was found."), NOTE_COLOUR)

    def reject(self) -> None:
        """Closing during an export cancels it; the window closes once the job stopped."""
        if self.job is not None:
            self._close_when_done = True
            self.cancel_export()
            return
        super().reject()


# -- verify -------------------------------------------------------------------------------


class VerifyDialog(QtWidgets.QDialog):
    """Verifies a report's signatures and compares its digest with the database.

    Signals:
    verified(result): a verification finished (``result.ok`` is the verdict).
    """

    verified = QtCore.Signal(object)
    COLUMNS = 7

    def __init__(
        self,
        workspace: Workspace | None,
        pools: Pools,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.pools = pools
        self.job: Job | None = None
        self.verification: VerificationResult | None = None
        self._close_when_done = False
        self.setWindowTitle(self.tr("Verify report"))

        self.path = QtWidgets.QLineEdit(self)
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("choose a signed PDF report"))
        self.choose_button = QtWidgets.QPushButton(self.tr("&Choose…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        path_row = QtWidgets.QHBoxLayout()
        path_row.addWidget(QtWidgets.QLabel(self.tr("Report:"), self))
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.choose_button)

        self.verdict = _message_label(self)
        self.verdict.setObjectName("verdict")
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.verdict.setFont(font)
        self.note = _message_label(self)
        self.summary = _message_label(self)
        self.signatures = QtWidgets.QTreeWidget(self)
        self.signatures.setRootIsDecorated(False)
        self.signatures.setColumnCount(self.COLUMNS)
        self.signatures.setUniformRowHeights(True)
        self.signatures.setMinimumHeight(self.fontMetrics().height() * 5)
        self.signatures.setHeaderLabels(
            [
                self.tr("Signer"),
                self.tr("Signed at"),
                self.tr("Intact"),
                self.tr("Valid"),
                self.tr("Certificate"),
                self.tr("Covers whole document"),
                self.tr("Type"),
            ]
        )
        self.signatures.header().setStretchLastSection(False)
        self.signatures.header().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.certificates = _message_label(self)
        self.digest = _message_label(self)
        self.problems = _message_label(self)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Close, self
        )
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Close).setText(
            self.tr("Close")
        )
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(path_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.verdict)
        layout.addWidget(self.note)
        layout.addWidget(self.summary)
        layout.addWidget(self.signatures, 1)
        layout.addWidget(self.certificates)
        layout.addWidget(self.digest)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.signatures.hide()
        fit_to_screen(self, 820, 400)

    def choose_file(self) -> Path | None:
        """Ask for a PDF and verify it; None when the user chose nothing."""
        current = self.path.text()
        start = Path(current).parent if current else report_folder()
        chosen = ask_open_path(self, verify_title(), start, pdf_filter())
        if chosen is not None:
            self.verify(chosen)
        return chosen

    def verify(self, path: Path) -> None:
        if self.job is not None:
            return
        workspace = self.workspace
        self.path.setText(str(path))
        remember_folder(path.parent)
        self.verification = None
        self.verdict.setText(html.escape(self.tr("Checking {0}…").format(path.name)))
        for widget in (self.note, self.summary, self.certificates, self.digest, self.problems):
            widget.clear()
        self.signatures.clear()
        self.signatures.hide()

        def run(progress, cancel):  # type: ignore[no-untyped-def]
            return verify_report(workspace, path, progress=progress, cancel=cancel)

        job = Job(run)
        job.signals.progress_changed.connect(lambda f, _s: self.progress.setValue(round(f * 100)))
        job.signals.succeeded.connect(self._show_result)
        job.signals.failed.connect(self._on_failed)
        job.signals.finished.connect(self._on_finished)
        self.job = job
        self.destroyed.connect(job.cancel_token.cancel)
        self.progress.setValue(0)
        self.progress.show()
        self.choose_button.setEnabled(False)
        self.pools.start(job, self.pools.analysis)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, JobCancelled):
            self.verdict.clear()
            return
        message = exc.message() if isinstance(exc, KnownError) else str(exc)
        self.verdict.setText(
            coloured(self.tr("Cannot verify: {0}").format(message), ERROR_COLOUR, bold=True)
        )
        self.verdict.setProperty("ok", False)
        if not isinstance(exc, KnownError):
            show_error(self, exc)

    def _on_finished(self) -> None:
        self.job = None
        self.progress.hide()
        self.choose_button.setEnabled(True)
        if self._close_when_done:
            self.done(QtWidgets.QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        if self.job is not None:
            self._close_when_done = True
            self.job.cancel()
            return
        super().reject()

    # -- the result --------------------------------------------------------------------

    def _yes_no(self, item: QtWidgets.QTreeWidgetItem, column: int, value: bool) -> None:
        item.setText(column, self.tr("Yes") if value else self.tr("No"))
        item.setForeground(column, QtGui.QColor(OK_COLOUR if value else ERROR_COLOUR))

    def _show_result(self, result: VerificationResult) -> None:
        self.verification = result
        self.verdict.setProperty("ok", result.ok)
        self.verdict.setText(self._verdict_text(result))
        if result.ok and any(s.self_signed and not s.trusted for s in result.signatures):
            self.note.setText(
                coloured(
                    self.tr(
                        "The signing certificate is self-signed: compare its SHA-256 below "
                        "with the one the assessor gave you."
                    ),
                    NOTE_COLOUR,
                )
            )
        summary = [
            self.tr("{0} signature(s) · case {1} · file SHA-256 {2}").format(
                len(result.signatures),
                result.case_id if result.case_id is not None else "—",
                result.file_sha256,
            )
        ]
        certification = next(
            (s for s in result.signatures if s.kind == SIGNATURE_CERTIFICATION), None
        )
        if certification is not None:
            allowed = DOCMDP_TEXT.get(certification.docmdp_permission or 0)
            summary.append(
                self.tr("Certified by {0} ({1})").format(
                    certification.signer,
                    pick(allowed) if allowed else f"DocMDP P={certification.docmdp_permission}",
                )
            )
        self.summary.setText("<br>".join(html.escape(line) for line in summary))
        self.signatures.clear()
        for signature in result.signatures:
            when = (
                signature.signing_time.astimezone().strftime("%Y-%m-%d %H:%M:%S")
                if signature.signing_time
                else "—"
            )
            signer = signature.signer + (
                f" ({signature.organisation})" if signature.organisation else ""
            )
            row = QtWidgets.QTreeWidgetItem([signer or "—", when])
            self._yes_no(row, 2, signature.intact)
            self._yes_no(row, 3, signature.valid)
            if signature.trusted:
                row.setText(4, self.tr("Trusted"))
                row.setForeground(4, QtGui.QColor(OK_COLOUR))
            elif signature.self_signed:
                row.setText(4, self.tr("Self-signed"))
                row.setForeground(4, QtGui.QColor(NOTE_COLOUR))
            else:
                row.setText(4, self.tr("Not trusted"))
                row.setForeground(4, QtGui.QColor(NOTE_COLOUR))
            self._yes_no(row, 5, signature.covers_whole_file)
            if not signature.covers_whole_file and signature.ok:
                row.setText(5, self.tr("No (later signatures only)"))
                row.setForeground(5, QtGui.QColor(OK_COLOUR))  # the normal countersigned state
            if signature.kind == SIGNATURE_CERTIFICATION:
                row.setText(6, self.tr("Certification"))
            else:
                row.setText(6, self.tr("Approval"))
            tip = "\n".join(pick(p) for p in signature.problems)
            for column in range(self.COLUMNS):
                row.setToolTip(column, tip)
            self.signatures.addTopLevelItem(row)
        for column in range(1, self.COLUMNS):
            self.signatures.resizeColumnToContents(column)
        self.signatures.setVisible(bool(result.signatures))
        fingerprints = [
            html.escape(self.tr("{0}: {1}").format(s.signer or s.field_name, s.certificate_sha256))
            for s in result.signatures
            if s.certificate_sha256
        ]
        if fingerprints:
            self.certificates.setText(
                html.escape(self.tr("Certificate SHA-256:")) + "<br>" + "<br>".join(fingerprints)
            )
        self.digest.setText(self._digest_text(result))
        problems = [pick(p) for p in result.problems]
        for signature in result.signatures:
            problems += [
                self.tr("{0}: {1}").format(signature.signer or signature.field_name, pick(p))
                for p in signature.problems
            ]
        self.problems.setText(
            "<br>".join(coloured(text, ERROR_COLOUR) for text in problems) if problems else ""
        )
        self.verified.emit(result)

    def _verdict_text(self, result: VerificationResult) -> str:
        if result.ok:
            text = "✔ " + self.tr("Valid: the report is unaltered and every signature verifies.")
            return coloured(text, OK_COLOUR, bold=True)
        if result.signatures_ok and result.digest_status == DIGEST_MISMATCH:
            text = "✘ " + self.tr(
                "Not current: the signatures verify, but the case changed after this "
                "report was produced."
            )
        elif not result.signatures:
            text = "✘ " + self.tr("Not valid: the file carries no signature.")
        else:
            text = "✘ " + self.tr("Not valid: the file was altered or a signature does not verify.")
        return coloured(text, ERROR_COLOUR, bold=True)

    def _digest_text(self, result: VerificationResult) -> str:
        label = self.tr("Answers and evidence digest:")
        if result.digest_status == DIGEST_MATCH:
            return f"{html.escape(label)} " + coloured(
                self.tr("matches case {0} in this database").format(result.case_id), OK_COLOUR
            )
        if result.digest_status == DIGEST_MISMATCH:
            return f"{html.escape(label)} " + coloured(
                self.tr("differs from case {0} in this database").format(result.case_id),
                ERROR_COLOUR,
            )
        if result.case_id is None or not result.printed_digest:
            return f"{html.escape(label)} " + html.escape(self.tr("not in this report"))
        return f"{html.escape(label)} " + html.escape(
            self.tr("not checked: case {0} is not in this database").format(result.case_id)
        )


# -- entry points -------------------------------------------------------------------------


def open_export(
    workspace: Workspace, pools: Pools, case: Case, parent: QtWidgets.QWidget | None
) -> ExportDialog:
    """Open the export dialog for ``case`` (window-modal, non-blocking)."""
    dialog = ExportDialog(workspace, pools, case, parent)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_verify(
    workspace: Workspace | None, pools: Pools, parent: QtWidgets.QWidget | None
) -> VerifyDialog | None:
    """Ask for a report and verify it in a new dialog; None when no file was chosen."""
    dialog = VerifyDialog(workspace, pools, parent)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    chosen = ask_open_path(parent or dialog, verify_title(), report_folder(), pdf_filter())
    if chosen is None:
        dialog.deleteLater()
        return None
    dialog.open()
    dialog.verify(chosen)
    return dialog
