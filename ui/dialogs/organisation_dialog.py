"""Add or edit an organisation (hospital) of the register."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain import credit_code
from app.domain.models import Contact, Organisation
from app.i18n import pick
from app.services.workspace import Workspace
from ui.dialogs.form_dialog import ERROR_STYLE, FormDialog
from ui.icons import icon
from ui.workers import Pools

OK_STYLE = "color: #1b7f3b;"
HINT_STYLE = "color: palette(placeholder-text);"
LEVELS = ("三级甲等", "三级乙等", "三级", "二级甲等", "二级乙等", "二级", "一级", "未定级")


class CreditCodeValidator(QtGui.QValidator):
    """Upper-cases as the user types; never blocks input (the label explains problems)."""

    def validate(self, text: str, pos: int) -> tuple[QtGui.QValidator.State, str, int]:
        return QtGui.QValidator.State.Acceptable, text.upper(), pos


def credit_code_feedback(text: str) -> tuple[str, bool | None]:
    """(message, verdict) for a partly typed credit code; verdict None = still typing.

    Uses the GB 32100-2015 check from ``app.domain.credit_code``: after 17 valid
    characters the expected check character is shown.
    """
    code = credit_code.normalise(text)
    translate = QtCore.QCoreApplication.translate
    if not code:
        return translate("OrganisationDialog", "18 characters: digits and capital letters"), None
    bad = sorted({ch for ch in code if ch not in credit_code.ALPHABET})
    if bad or len(code) > 18:
        problem = credit_code.problem(code)
        assert problem is not None
        return pick({"zh": problem[0], "en": problem[1]}), False
    if len(code) < 17:
        return translate("OrganisationDialog", "%n of 18 characters", "", len(code)), None
    expected = credit_code.check_character(code[:17])
    if len(code) == 17:
        message = translate("OrganisationDialog", "Check character should be %1")
        return message.replace("%1", expected), None
    problem = credit_code.problem(code)
    if problem:
        return pick({"zh": problem[0], "en": problem[1]}), False
    return translate("OrganisationDialog", "Valid credit code"), True


class OrganisationDialog(FormDialog):
    """Fields of an organisation; ``organisation`` given means edit, else add."""

    def __init__(
        self,
        workspace: Workspace,
        pools: Pools,
        organisation: Organisation | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(pools, parent)
        self._workspace = workspace
        self._organisation = organisation
        self.setWindowTitle(
            self.tr("Edit organisation") if organisation else self.tr("New organisation")
        )
        self.setWindowIcon(icon("organisation"))

        self.name_edit = QtWidgets.QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Full registered name of the hospital"))
        self.code_edit = QtWidgets.QLineEdit()
        self.code_edit.setValidator(CreditCodeValidator(self.code_edit))
        self.code_edit.setMaxLength(24)
        self.code_edit.setFont(
            QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        )
        self.code_status = QtWidgets.QLabel()
        self.code_status.setObjectName("credit_code_status")
        self.code_status.setWordWrap(True)
        self.code_status.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Maximum
        )
        self.level_combo = QtWidgets.QComboBox()
        self.level_combo.setEditable(True)
        self.level_combo.addItems(["", *LEVELS])
        self.address_edit = QtWidgets.QLineEdit()
        self.contacts_table = QtWidgets.QTableWidget(0, 4)
        self.contacts_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Phone"), self.tr("E-mail")]
        )
        contact_header = self.contacts_table.horizontalHeader()
        metrics = self.contacts_table.fontMetrics()
        for column, sample in enumerate(("欧阳中华名字", "数据安全负责人员", "0571-00000000 ")):
            contact_header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        contact_header.setStretchLastSection(True)
        self.contacts_table.verticalHeader().hide()
        self.contacts_table.setMinimumHeight(120)
        add_contact = QtWidgets.QPushButton(icon("add"), self.tr("&Add contact"))
        add_contact.clicked.connect(self.add_contact_row)
        remove_contact = QtWidgets.QPushButton(icon("remove"), self.tr("&Remove contact"))
        remove_contact.clicked.connect(self._remove_contact_row)
        contact_buttons = QtWidgets.QHBoxLayout()
        contact_buttons.addWidget(add_contact)
        contact_buttons.addWidget(remove_contact)
        contact_buttons.addStretch(1)
        contacts = QtWidgets.QVBoxLayout()
        contacts.addWidget(self.contacts_table)
        contacts.addLayout(contact_buttons)

        self.form.addRow(self.tr("&Name:"), self.name_edit)
        self.form.addRow(self.tr("&Credit code:"), self.code_edit)
        self.form.addRow("", self.code_status)
        self.form.addRow(self.tr("&Level:"), self.level_combo)
        self.form.addRow(self.tr("A&ddress:"), self.address_edit)
        self.form.addRow(self.tr("Contacts:"), contacts)

        self.code_edit.textChanged.connect(self._update_code_status)
        if organisation:
            self._fill(organisation)
        self._update_code_status(self.code_edit.text())
        self.resize(640, 480)

    def _fill(self, organisation: Organisation) -> None:
        self.name_edit.setText(organisation.name)
        self.code_edit.setText(organisation.credit_code)
        self.level_combo.setCurrentText(organisation.level)
        self.address_edit.setText(organisation.address)
        for contact in organisation.contacts:
            self.add_contact_row(contact)

    def add_contact_row(self, contact: Contact | None = None) -> None:
        row = self.contacts_table.rowCount()
        self.contacts_table.insertRow(row)
        values = (
            (contact.name, contact.role, contact.phone, contact.email) if contact else ("",) * 4
        )
        for column, value in enumerate(values):
            self.contacts_table.setItem(row, column, QtWidgets.QTableWidgetItem(value))
        if contact is None:
            self.contacts_table.setCurrentCell(row, 0)
            self.contacts_table.editItem(self.contacts_table.item(row, 0))

    def _remove_contact_row(self) -> None:
        row = self.contacts_table.currentRow()
        if row >= 0:
            self.contacts_table.removeRow(row)

    def contacts(self) -> list[Contact]:
        """Contacts from the table; rows left entirely blank are ignored."""
        result = []
        for row in range(self.contacts_table.rowCount()):
            cells = []
            for column in range(4):
                item = self.contacts_table.item(row, column)
                cells.append(item.text().strip() if item else "")
            if any(cells):
                result.append(Contact(*cells))
        return result

    def _update_code_status(self, text: str) -> None:
        message, verdict = credit_code_feedback(text)
        prefix = "✓ " if verdict else ""
        self.code_status.setText(prefix + message)
        style = {None: HINT_STYLE, True: OK_STYLE, False: ERROR_STYLE}[verdict]
        self.code_status.setStyleSheet(style)

    def save_call(self) -> Callable[[], Organisation]:
        name, code = self.name_edit.text(), self.code_edit.text()
        level, address = self.level_combo.currentText(), self.address_edit.text()
        contacts = self.contacts()
        service = self._workspace.organisations
        if self._organisation is None:
            return lambda: service.add(name, code, level=level, address=address, contacts=contacts)
        organisation_id = self._organisation.id
        return lambda: service.update(
            organisation_id,
            name=name,
            credit_code_text=code,
            level=level,
            address=address,
            contacts=contacts,
        )
