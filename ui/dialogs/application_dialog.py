"""Add or edit an application of the register (official release facts included)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtGui, QtWidgets

from app.domain.enums import AppStatus, Platform
from app.domain.fingerprints import normalise_sha256
from app.domain.models import Application, Organisation
from app.services.applications import ApplicationInput
from app.services.workspace import Workspace
from ui.dialogs.form_dialog import ERROR_STYLE, FormDialog, lines_of
from ui.dialogs.organisation_dialog import HINT_STYLE, OK_STYLE
from ui.icons import icon
from ui.models import labels
from ui.workers import Pools

MAX_VERSION_CODE = 2**31 - 1


def bad_fingerprint_lines(text: str) -> list[int]:
    """1-based numbers of the non-empty lines that are not SHA-256 fingerprints."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and normalise_sha256(line) is None
    ]


class ApplicationDialog(FormDialog):
    """Fields of an application; ``application`` given means edit, else add."""

    def __init__(
        self,
        workspace: Workspace,
        pools: Pools,
        organisations: list[Organisation],
        application: Application | None = None,
        organisation_id: int | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(pools, parent)
        self._workspace = workspace
        self._application = application
        self.setWindowTitle(
            self.tr("Edit application") if application else self.tr("New application")
        )
        self.setWindowIcon(icon("application"))
        fixed = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)

        self.organisation_combo = QtWidgets.QComboBox()
        for organisation in organisations:
            self.organisation_combo.addItem(organisation.name, organisation.id)
        self.name_edit = QtWidgets.QLineEdit()
        self.package_edit = QtWidgets.QLineEdit()
        self.package_edit.setPlaceholderText("cn.example.hospital")
        self.platform_combo = QtWidgets.QComboBox()
        for kind in Platform:
            self.platform_combo.addItem(labels.platform(kind), kind.value)
        self.certs_edit = QtWidgets.QPlainTextEdit()
        self.certs_edit.setFont(fixed)
        self.certs_edit.setTabChangesFocus(True)
        self.certs_edit.setPlaceholderText(
            self.tr("One SHA-256 fingerprint per line (64 hex digits, colons allowed)")
        )
        self.certs_edit.setFixedHeight(self.certs_edit.fontMetrics().lineSpacing() * 4 + 16)
        self.certs_status = QtWidgets.QLabel()
        self.certs_status.setObjectName("certs_status")
        self.certs_status.setWordWrap(True)
        self.certs_status.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Maximum
        )
        self.version_code_spin = QtWidgets.QSpinBox()
        self.version_code_spin.setRange(0, MAX_VERSION_CODE)
        self.version_code_spin.setSpecialValueText(self.tr("not set"))
        self.version_code_spin.setMinimumWidth(140)
        self.version_name_edit = QtWidgets.QLineEdit()
        self.version_name_edit.setPlaceholderText("1.2.0")
        self.apk_sha_edit = QtWidgets.QLineEdit()
        self.apk_sha_edit.setFont(fixed)
        self.channels_edit = QtWidgets.QPlainTextEdit()
        self.channels_edit.setTabChangesFocus(True)
        self.channels_edit.setPlaceholderText(self.tr("One distribution channel per line"))
        self.channels_edit.setFixedHeight(self.channels_edit.fontMetrics().lineSpacing() * 3 + 16)
        self.authorization_edit = QtWidgets.QLineEdit()
        self.status_combo = QtWidgets.QComboBox()
        for status in AppStatus:
            self.status_combo.addItem(labels.app_status(status), status.value)

        version = QtWidgets.QHBoxLayout()
        version.addWidget(self.version_code_spin)
        version_name_label = QtWidgets.QLabel(self.tr("Version &name:"))
        version_name_label.setBuddy(self.version_name_edit)
        version.addWidget(version_name_label)
        version.addWidget(self.version_name_edit, 1)

        self.form.addRow(self.tr("&Organisation:"), self.organisation_combo)
        self.form.addRow(self.tr("&Name:"), self.name_edit)
        self.form.addRow(self.tr("&Package:"), self.package_edit)
        self.form.addRow(self.tr("P&latform:"), self.platform_combo)
        self.form.addRow(self.tr("Official &certificates:"), self.certs_edit)
        self.form.addRow("", self.certs_status)
        version_code_label = QtWidgets.QLabel(self.tr("&Version code:"))
        version_code_label.setBuddy(self.version_code_spin)
        self.form.addRow(version_code_label, version)
        self.form.addRow(self.tr("Official APK SHA-&256:"), self.apk_sha_edit)
        self.form.addRow(self.tr("C&hannels:"), self.channels_edit)
        self.form.addRow(self.tr("A&uthorization code:"), self.authorization_edit)
        self.form.addRow(self.tr("&Status:"), self.status_combo)

        self.certs_edit.textChanged.connect(self._update_certs_status)
        if application:
            self._fill(application)
            self.status_combo.setEnabled(False)  # changes go through the registry, with a reason
        elif organisation_id is not None:
            self._select_organisation(organisation_id)
        self._update_certs_status()
        self.resize(720, self.sizeHint().height())

    def _select_organisation(self, organisation_id: int) -> None:
        index = self.organisation_combo.findData(organisation_id)
        if index >= 0:
            self.organisation_combo.setCurrentIndex(index)

    def _fill(self, application: Application) -> None:
        self._select_organisation(application.organisation_id)
        self.name_edit.setText(application.name)
        self.package_edit.setText(application.package)
        self.platform_combo.setCurrentIndex(self.platform_combo.findData(application.platform))
        self.certs_edit.setPlainText("\n".join(application.official_cert_sha256))
        self.version_code_spin.setValue(application.official_version_code or 0)
        self.version_name_edit.setText(application.official_version_name)
        self.apk_sha_edit.setText(application.official_apk_sha256)
        self.channels_edit.setPlainText("\n".join(application.channels))
        self.authorization_edit.setText(application.authorization_code)
        self.status_combo.setCurrentIndex(self.status_combo.findData(application.status))

    def _update_certs_status(self) -> None:
        text = self.certs_edit.toPlainText()
        bad = bad_fingerprint_lines(text)
        if bad:
            message = self.tr("Not a SHA-256 fingerprint on line %1").replace(
                "%1", ", ".join(str(n) for n in bad)
            )
            self.certs_status.setText(message)
            self.certs_status.setStyleSheet(ERROR_STYLE)
            return
        count = len(lines_of(text))
        if count:
            self.certs_status.setText("✓ " + self.tr("%n certificate(s)", "", count))
            self.certs_status.setStyleSheet(OK_STYLE)
        else:
            self.certs_status.setText(
                self.tr("Without a certificate, counterfeit builds cannot be recognised")
            )
            self.certs_status.setStyleSheet(HINT_STYLE)

    def application_input(self) -> ApplicationInput:
        """The form's content as the service's input (validated by the service)."""
        code = self.version_code_spin.value()
        organisation_id = self.organisation_combo.currentData()
        return ApplicationInput(
            organisation_id=int(organisation_id) if organisation_id is not None else 0,
            name=self.name_edit.text(),
            package=self.package_edit.text(),
            platform=Platform(self.platform_combo.currentData()),
            official_cert_sha256=tuple(lines_of(self.certs_edit.toPlainText())),
            official_version_code=code or None,
            official_version_name=self.version_name_edit.text(),
            official_apk_sha256=self.apk_sha_edit.text(),
            channels=tuple(lines_of(self.channels_edit.toPlainText())),
            authorization_code=self.authorization_edit.text(),
            status=AppStatus(self.status_combo.currentData()),
        )

    def save_call(self) -> Callable[[], Application]:
        data = self.application_input()
        service = self._workspace.applications
        if self._application is None:
            return lambda: service.add(data)
        application_id = self._application.id
        return lambda: service.update(application_id, data)

    def submit(self) -> None:
        if self.organisation_combo.count() == 0:
            self.show_error_inline(self.tr("Register the organisation first."))
            return
        super().submit()
