"""Incident form and the notice dialog.

The questions a worker must never ask (file names, a closing note) are asked here on
the GUI thread, through module functions tests replace, before any job starts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.domain.enums import IncidentCategory, IncidentSeverity, NoticeChannel
from app.domain.models import Application, Incident, Organisation
from app.i18n import pick
from app.report.incident_texts import CATEGORY_NAMES, CHANNEL_NAMES, SEVERITY_NAMES
from app.services.incidents import IncidentInput, NoticeRequest
from app.services.workspace import Workspace
from ui.dialogs.form_dialog import FormDialog
from ui.workers import Pools

LANGUAGES = (("中文", "zh"), ("English", "en"))


def ask_text(parent: QtWidgets.QWidget, title: str, label: str) -> str | None:
    """A multi-line note (closing, reopening); None when cancelled."""
    text, accepted = QtWidgets.QInputDialog.getMultiLineText(parent, title, label)
    return text if accepted else None


def ask_item(parent: QtWidgets.QWidget, title: str, label: str, items: list[str]) -> int | None:
    """The index of one of ``items``; None when cancelled."""
    choice, accepted = QtWidgets.QInputDialog.getItem(parent, title, label, items, 0, False)
    return items.index(choice) if accepted and choice in items else None


def ask_save_path(parent: QtWidgets.QWidget, title: str, start: Path, filters: str) -> Path | None:
    name, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, str(start), filters)
    return Path(name) if name else None


def to_qt(value: datetime) -> QtCore.QDateTime:
    return QtCore.QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def from_qt(value: QtCore.QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch()).astimezone()


def _datetime_edit() -> QtWidgets.QDateTimeEdit:
    edit = QtWidgets.QDateTimeEdit(QtCore.QDateTime.currentDateTime())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


class IncidentDialog(FormDialog):
    """Record a new incident or correct one (``incident`` given)."""

    def __init__(
        self,
        workspace: Workspace,
        pools: Pools,
        organisations: list[Organisation],
        applications: list[Application],
        incident: Incident | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(pools, parent)
        self._workspace = workspace
        self._incident = incident
        self._applications = applications
        self.setWindowTitle(self.tr("Edit incident") if incident else self.tr("New incident"))
        self.organisation_combo = QtWidgets.QComboBox()
        for organisation in organisations:
            self.organisation_combo.addItem(organisation.name, organisation.id)
        self.application_combo = QtWidgets.QComboBox()
        self.case_edit = QtWidgets.QSpinBox()
        self.case_edit.setRange(0, 2**31 - 1)
        self.case_edit.setSpecialValueText(self.tr("none"))
        self.title_edit = QtWidgets.QLineEdit()
        self.title_edit.setMaxLength(300)
        self.category_combo = QtWidgets.QComboBox()
        for category in IncidentCategory:
            self.category_combo.addItem(pick(CATEGORY_NAMES[category]), category.value)
        self.severity_combo = QtWidgets.QComboBox()
        for severity in IncidentSeverity:
            self.severity_combo.addItem(pick(SEVERITY_NAMES[severity]), severity.value)
        self.severity_combo.setCurrentIndex(2)
        self.discovered_edit = _datetime_edit()
        self.occurred_edit = _datetime_edit()
        self.description_edit = QtWidgets.QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.form.addRow(self.tr("&Organisation:"), self.organisation_combo)
        self.form.addRow(self.tr("A&pplication:"), self.application_combo)
        self.form.addRow(self.tr("Related &case:"), self.case_edit)
        self.form.addRow(self.tr("&Title:"), self.title_edit)
        self.form.addRow(self.tr("C&ategory:"), self.category_combo)
        self.form.addRow(self.tr("&Severity:"), self.severity_combo)
        self.form.addRow(self.tr("&Discovered:"), self.discovered_edit)
        self.form.addRow(self.tr("Occ&urred:"), self.occurred_edit)
        self.form.addRow(self.tr("D&escription:"), self.description_edit)
        self.organisation_combo.currentIndexChanged.connect(self._fill_applications)
        self._fill_applications()
        if incident is not None:
            self._fill(incident)
        self.resize(620, 520)

    def _fill_applications(self) -> None:
        organisation_id = self.organisation_combo.currentData()
        self.application_combo.clear()
        self.application_combo.addItem(self.tr("(none)"), None)
        for application in self._applications:
            if application.organisation_id == organisation_id:
                self.application_combo.addItem(application.name, application.id)

    def _fill(self, incident: Incident) -> None:
        self.organisation_combo.setCurrentIndex(
            max(self.organisation_combo.findData(incident.organisation_id), 0)
        )
        self.application_combo.setCurrentIndex(
            max(self.application_combo.findData(incident.application_id), 0)
        )
        self.case_edit.setValue(incident.case_id or 0)
        self.title_edit.setText(incident.title)
        self.category_combo.setCurrentIndex(self.category_combo.findData(incident.category.value))
        self.severity_combo.setCurrentIndex(self.severity_combo.findData(incident.severity.value))
        self.discovered_edit.setDateTime(to_qt(incident.discovered_at))
        self.occurred_edit.setDateTime(to_qt(incident.occurred_at))
        self.description_edit.setPlainText(incident.description)

    def save_call(self) -> Callable[[], Incident]:
        data = IncidentInput(
            organisation_id=int(self.organisation_combo.currentData() or 0),
            title=self.title_edit.text(),
            category=str(self.category_combo.currentData()),
            severity=str(self.severity_combo.currentData()),
            discovered_at=from_qt(self.discovered_edit.dateTime()),
            occurred_at=from_qt(self.occurred_edit.dateTime()),
            description=self.description_edit.toPlainText(),
            application_id=self.application_combo.currentData(),
            case_id=self.case_edit.value() or None,
        )
        service = self._workspace.incidents
        if self._incident is None:
            return lambda: service.add(data)
        incident_id = self._incident.id
        return lambda: service.update(incident_id, data)


class NoticeDialog(QtWidgets.QDialog):
    """How to notify: channel, language, recipients, and whether it was delivered already."""

    def __init__(self, organisation: Organisation, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Produce notice"))
        self.channel_combo = QtWidgets.QComboBox()
        for channel in NoticeChannel:
            self.channel_combo.addItem(pick(CHANNEL_NAMES[channel]), channel.value)
        self.language_combo = QtWidgets.QComboBox()
        for text, code in LANGUAGES:
            self.language_combo.addItem(text, code)
        self.contacts_list = QtWidgets.QListWidget()
        for contact in organisation.contacts:
            detail = " · ".join(p for p in (contact.role, contact.phone, contact.email) if p)
            item = QtWidgets.QListWidgetItem(
                f"{contact.name}（{detail}）" if detail else contact.name
            )
            item.setData(QtCore.Qt.ItemDataRole.UserRole, contact.name)
            item.setCheckState(QtCore.Qt.CheckState.Checked)
            self.contacts_list.addItem(item)
        self.delivered_check = QtWidgets.QCheckBox(self.tr("Already &delivered at:"))
        self.delivered_edit = _datetime_edit()
        self.delivered_edit.setEnabled(False)
        self.delivered_check.toggled.connect(self.delivered_edit.setEnabled)
        delivered = QtWidgets.QHBoxLayout()
        delivered.addWidget(self.delivered_check)
        delivered.addWidget(self.delivered_edit, 1)
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("&Channel:"), self.channel_combo)
        form.addRow(self.tr("&Language:"), self.language_combo)
        form.addRow(self.tr("&Recipients:"), self.contacts_list)
        form.addRow("", delivered)
        hint = QtWidgets.QLabel(
            self.tr(
                "Nothing is sent from this program: the letter or text is saved for you to "
                "deliver. Major incidents are copied to the escalation recipient."
            )
        )
        hint.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(520, 380)

    def request(self) -> NoticeRequest:
        names = []
        for row in range(self.contacts_list.count()):
            item = self.contacts_list.item(row)
            if item.checkState() == QtCore.Qt.CheckState.Checked:
                names.append(str(item.data(QtCore.Qt.ItemDataRole.UserRole)))
        delivered = (
            from_qt(self.delivered_edit.dateTime()) if self.delivered_check.isChecked() else None
        )
        return NoticeRequest(
            channel=NoticeChannel(self.channel_combo.currentData()),
            lang=str(self.language_combo.currentData()),
            contacts=tuple(names),
            delivered_at=delivered,
        )
