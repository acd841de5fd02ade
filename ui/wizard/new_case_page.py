"""The first page: who and what is assessed. Creates the case when the assessor moves on.

For an existing case still being assessed the facts stay editable (all but the
organisation) and are saved as they change, like answers; a refused change shows
the service's message on the page and keeps what was typed. A submitted case's
facts are shown read-only.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from app.domain.enums import EDITABLE_STATUSES, CaseType
from app.domain.models import Case
from app.errors import KnownError
from app.services.cases import NewCase
from app.services.workspace import Workspace
from ui.errors import show_error
from ui.models import labels
from ui.wizard import settings as wizard_settings

SAVE_DELAY_MS = 500
ERROR_COLOUR = "#c62828"


class CaseInfoPage(QtWidgets.QWizardPage):
    """The case's organisation, application, type, people, site and date.

    ``create_case`` is called with the entered data when a new case is confirmed;
    it returns the created case (or raises KnownError, which keeps the page open).

    Signals:
    case_edited(case): the facts of an existing case were saved.
    """

    case_edited = QtCore.Signal(object)
    key = "case"

    def __init__(
        self,
        workspace: Workspace,
        create_case: Callable[[NewCase], Case],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._create_case = create_case
        self.case: Case | None = None
        self._showing = False  # filling the fields from the case is no edit
        self._dirty = False
        self._save_timer = QtCore.QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)

        self.organisation = QtWidgets.QComboBox(self)
        self.organisation.currentIndexChanged.connect(lambda _: self._fill_applications())
        self.application = QtWidgets.QComboBox(self)
        self.case_type = QtWidgets.QComboBox(self)
        for case_type in CaseType:
            self.case_type.addItem("", case_type)
        self.assessor = QtWidgets.QLineEdit(self)
        self.assessor.setText(wizard_settings.default_assessor())
        self.assessor.textChanged.connect(lambda _: self.completeChanged.emit())
        self.reviewer = QtWidgets.QLineEdit(self)
        self.site = QtWidgets.QLineEdit(self)
        self.date = QtWidgets.QDateEdit(QtCore.QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.notice = QtWidgets.QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        for combo in (self.application, self.case_type):
            combo.currentIndexChanged.connect(lambda _: self._edited(at_once=True))
        for line in (self.assessor, self.reviewer, self.site):
            line.textEdited.connect(lambda _: self._edited())
            line.editingFinished.connect(self._flush_if_dirty)
        self.date.dateChanged.connect(lambda _: self._edited())
        self.date.editingFinished.connect(self._flush_if_dirty)

        self.form = QtWidgets.QFormLayout()
        self.form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(
            QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        )
        self._labels: list[QtWidgets.QLabel] = []
        for widget in (
            self.organisation,
            self.application,
            self.case_type,
            self.assessor,
            self.reviewer,
            self.site,
            self.date,
        ):
            label = QtWidgets.QLabel(self)
            label.setBuddy(widget)
            label.setWordWrap(True)
            self._labels.append(label)
            self.form.addRow(label, widget)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        self._fill_organisations()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Case information"))
        self.setSubTitle(
            self.tr(
                "The case is created when you continue; every answer after that is saved at once."
            )
            if self.case is None
            else self.tr("Case {0} · changes are saved as you make them").format(self.case.id)
            if self.editable
            else self.tr("Case {0} · submitted, shown read-only").format(self.case.id)
        )
        texts = [
            self.tr("&Organisation:"),
            self.tr("&Application:"),
            self.tr("Assessment &type:"),
            self.tr("A&ssessor:"),
            self.tr("&Reviewer:"),
            self.tr("S&ite:"),
            self.tr("&Date:"),
        ]
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        for index in range(self.case_type.count()):
            self.case_type.setItemText(index, labels.case_type(self.case_type.itemData(index)))
        if self.application.count():
            self.application.setItemText(0, self.tr("(no application: organisation only)"))
        self.reviewer.setPlaceholderText(self.tr("optional; must differ from the assessor"))
        self.site.setPlaceholderText(self.tr("e.g. hospital information centre, 3rd floor"))
        if not self.organisation.count():
            self.notice.setText(
                self.tr(
                    "No organisation is registered yet. Register the hospital and its "
                    "application in the main window first."
                )
            )

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _fill_organisations(self) -> None:
        self.organisation.clear()
        for organisation in self._workspace.organisations.list():
            self.organisation.addItem(organisation.name, organisation.id)
        self._fill_applications()

    def _fill_applications(self) -> None:
        self.application.clear()
        self.application.addItem(self.tr("(no application: organisation only)"), None)
        organisation_id = self.organisation.currentData()
        if organisation_id is None:
            return
        for application in self._workspace.applications.list(organisation_id):
            self.application.addItem(f"{application.name} ({application.package})", application.id)
        if self.application.count() > 1:
            self.application.setCurrentIndex(1)

    @property
    def editable(self) -> bool:
        return self.case is not None and self.case.status in EDITABLE_STATUSES

    def show_case(self, case: Case) -> None:
        """Display an existing case: editable while assessed, read-only once submitted."""
        self._save_timer.stop()
        self._dirty = False
        self._showing = True
        try:
            self.case = case
            self.organisation.clear()
            self.organisation.addItem(case.organisation_name, case.organisation_id)
            self.application.clear()
            self.application.addItem(self.tr("(no application: organisation only)"), None)
            if case.status in EDITABLE_STATUSES:
                for application in self._workspace.applications.list(case.organisation_id):
                    self.application.addItem(
                        f"{application.name} ({application.package})", application.id
                    )
            if (
                case.application_id is not None
                and self.application.findData(case.application_id) < 0
            ):
                self.application.addItem(case.application_name, case.application_id)
            self.application.setCurrentIndex(max(self.application.findData(case.application_id), 0))
            self.case_type.setCurrentIndex(self.case_type.findData(case.case_type))
            self.assessor.setText(case.assessor)
            self.reviewer.setText(case.reviewer)
            self.site.setText(case.site)
            if case.assessment_date:
                date = case.assessment_date
                self.date.setDate(QtCore.QDate(date.year, date.month, date.day))
        finally:
            self._showing = False
        self.organisation.setEnabled(False)  # evidence and findings belong to it
        for widget in (
            self.application,
            self.case_type,
            self.assessor,
            self.reviewer,
            self.site,
            self.date,
        ):
            widget.setEnabled(self.editable)
        self.notice.clear()
        self.retranslate_ui()

    # -- editing an existing case ------------------------------------------------------

    def _edited(self, *, at_once: bool = False) -> None:
        if self._showing or not self.editable:
            return
        self._dirty = True
        if at_once:
            self.flush()
        else:
            self._save_timer.start()

    def _flush_if_dirty(self) -> None:
        if self._dirty:
            self.flush()

    def flush(self) -> bool:
        """Save changed facts now; False (message on the page) when the service refuses."""
        self._save_timer.stop()
        if not self._dirty or not self.editable:
            return True
        assert self.case is not None
        try:
            case = self._workspace.cases.update_info(
                self.case.id,
                application_id=self.application.currentData(),
                case_type=self.case_type.currentData(),
                assessor=self.assessor.text(),
                reviewer=self.reviewer.text(),
                site=self.site.text(),
                assessment_date=self.date.date().toPython(),
            )
        except KnownError as err:
            self.notice.setText(
                f"<span style='color:{ERROR_COLOUR}'>{html.escape(err.message())}</span>"
            )
            return False
        self._dirty = False
        self.case = case
        self.notice.setText(self.tr("Saved."))
        self.case_edited.emit(case)
        return True

    def new_case_data(self) -> NewCase:
        date = self.date.date()
        return NewCase(
            organisation_id=int(self.organisation.currentData()),
            application_id=self.application.currentData(),
            case_type=self.case_type.currentData(),
            assessor=self.assessor.text(),
            reviewer=self.reviewer.text(),
            site=self.site.text(),
            assessment_date=QtCore.QDate(date).toPython(),
        )

    def isComplete(self) -> bool:
        if self.case is not None:
            return True
        return self.organisation.currentData() is not None and bool(self.assessor.text().strip())

    def validatePage(self) -> bool:
        if self.case is not None:
            return self.flush()
        try:
            self.case = self._create_case(self.new_case_data())
        except KnownError as err:
            show_error(self, err)
            return False
        self.show_case(self.case)
        return True
