"""The main window: the case list, the organisation and application registers."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets
from sqlalchemy.engine import make_url

from app.db.engine import sqlite_path
from app.domain.enums import CaseStatus, Grade
from app.domain.models import Application, Case, Organisation
from app.errors import KnownError
from app.rules import default_pack
from app.services.workspace import Workspace
from ui import accounts, app_settings, incidents
from ui import registry as registry_ui
from ui.app_settings import AppSettings
from ui.dialogs.about_dialog import AboutDialog
from ui.dialogs.application_dialog import ApplicationDialog
from ui.dialogs.organisation_dialog import OrganisationDialog
from ui.dialogs.settings_dialog import SettingsDialog, SettingsValues
from ui.errors import show_error
from ui.handover import install as install_handover
from ui.i18n import LanguageSwitcher
from ui.icons import icon
from ui.models import labels
from ui.models.case_table import (
    CASE_ROLE,
    CaseColumn,
    CaseCriteria,
    CaseFilterProxy,
    CaseTableModel,
)
from ui.models.registers import (
    RECORD_ROLE,
    ApplicationTableModel,
    OrganisationTableModel,
)
from ui.workers import Job, Pools

log = logging.getLogger(__name__)


def wizard_module() -> Any:
    """The assessment wizard's entry points (``open_assessment``, ``open_new_assessment``).

    Imported on first use: the wizard pulls in the rule engine and charts, which the
    main window does not need to start.
    """
    from ui import wizard

    return wizard


@dataclass(frozen=True)
class Snapshot:
    """Everything the window lists, read in one background job."""

    cases: list[Case]
    organisations: list[Organisation]
    applications: list[Application]
    rule_pack: str


def read_snapshot(workspace: Workspace) -> Snapshot:
    return Snapshot(
        cases=workspace.cases.list(),
        organisations=workspace.organisations.list(),
        applications=workspace.applications.list(),
        rule_pack=rule_pack_summary(),
    )


def rule_pack_summary() -> str:
    """ "<id> <version>" of the bundled rule pack, or why it cannot be used."""
    try:
        pack = default_pack()
    except KnownError as err:
        return err.message()
    return f"{pack.id} {pack.version}"


def database_location(workspace: Workspace) -> str:
    """The SQLite file, or the server URL without its password."""
    url = str(workspace.engine.url)
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)


class MainWindow(QtWidgets.QMainWindow):
    """Lists cases and registers; opens cases in the assessment wizard.

    Signals:
        data_refreshed(): the lists were reloaded from the database.
    """

    data_refreshed = QtCore.Signal()

    def __init__(
        self,
        workspace: Workspace,
        pools: Pools,
        settings: AppSettings,
        languages: LanguageSwitcher | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.pools = pools
        self.settings = settings
        self.languages = languages
        self._refresh_job: Job | None = None
        self._refresh_again = False
        self._wizards: list[QtWidgets.QDialog] = []
        self._rule_pack = "—"
        self._select_after_refresh: int | None = None
        self.setObjectName("main_window")
        self.setWindowIcon(icon("app"))

        self.case_model = CaseTableModel(self)
        self.case_proxy = CaseFilterProxy(self)
        self.case_proxy.setSourceModel(self.case_model)
        self.organisation_model = OrganisationTableModel(self)
        self.application_model = ApplicationTableModel(self)

        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._create_cases_tab(), icon("open_case"), "")
        self.tabs.addTab(self._create_organisations_tab(), icon("organisation"), "")
        self.tabs.addTab(self._create_applications_tab(), icon("application"), "")
        self.setCentralWidget(self.tabs)
        self._create_status_bar()
        accounts.install(self)
        registry_ui.install(self)
        self.retranslate()
        self._restore_layout()
        self._update_case_actions()
        install_handover(self)
        incidents.install(self)
        self.refresh()

    # ----------------------------------------------------------------- building

    def _action(
        self, icon_name: str | None, slot: Any, shortcut: QtGui.QKeySequence | str | None = None
    ) -> QtGui.QAction:
        action = QtGui.QAction(self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        keys = QtGui.QKeySequence.StandardKey
        self.new_case_action = self._action("new_case", self.new_assessment, keys.New)
        self.open_case_action = self._action("open_case", self.open_selected_case, keys.Open)
        self.export_report_action = self._action(None, self.export_selected_report, "Ctrl+E")
        self.verify_report_action = self._action(None, self.verify_report)
        self.refresh_action = self._action("refresh", self.refresh, keys.Refresh)
        self.find_action = self._action("search", self.focus_search, keys.Find)
        self.settings_action = self._action("settings", self.edit_settings, "Ctrl+,")
        self.quit_action = self._action("quit", self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QtGui.QAction.MenuRole.QuitRole)
        self.new_organisation_action = self._action("organisation", self.add_organisation)
        self.edit_organisation_action = self._action("edit", self.edit_selected_organisation)
        self.new_application_action = self._action("application", self.add_application)
        self.edit_application_action = self._action("edit", self.edit_selected_application)
        self.show_cases_action = self._action(None, lambda: self.tabs.setCurrentIndex(0), "Ctrl+1")
        self.show_organisations_action = self._action(
            None, lambda: self.tabs.setCurrentIndex(1), "Ctrl+2"
        )
        self.show_applications_action = self._action(
            None, lambda: self.tabs.setCurrentIndex(2), "Ctrl+3"
        )
        self.about_action = self._action("about", self.show_about, keys.HelpContents)
        self.about_action.setMenuRole(QtGui.QAction.MenuRole.AboutRole)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.new_case_action, self.open_case_action])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.export_report_action, self.verify_report_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions(
            [
                self.show_cases_action,
                self.show_organisations_action,
                self.show_applications_action,
            ]
        )
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.find_action, self.refresh_action])
        self.registers_menu = bar.addMenu("")
        self.registers_menu.addActions(
            [self.new_organisation_action, self.edit_organisation_action]
        )
        self.registers_menu.addSeparator()
        self.registers_menu.addActions([self.new_application_action, self.edit_application_action])
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def _create_toolbar(self) -> None:
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.new_case_action, self.open_case_action, self.refresh_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.new_organisation_action, self.new_application_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.settings_action, self.about_action])

    def _create_cases_tab(self) -> QtWidgets.QWidget:
        self.search_edit = QtWidgets.QLineEdit()
        self.search_edit.setObjectName("case_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(
            icon("search"), QtWidgets.QLineEdit.ActionPosition.LeadingPosition
        )
        self.search_edit.setMinimumWidth(140)
        self.organisation_filter = QtWidgets.QComboBox()
        self.organisation_filter.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.organisation_filter.setMinimumContentsLength(8)
        self.application_filter = QtWidgets.QComboBox()
        self.application_filter.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.application_filter.setMinimumContentsLength(6)
        self.status_filter = QtWidgets.QComboBox()
        self.grade_filter = QtWidgets.QComboBox()
        for combo in (self.status_filter, self.grade_filter):
            combo.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(4)
        self.from_check = QtWidgets.QCheckBox()
        self.from_date = QtWidgets.QDateEdit(QtCore.QDate(date.today().year, 1, 1))
        self.to_check = QtWidgets.QCheckBox()
        self.to_date = QtWidgets.QDateEdit(QtCore.QDate.currentDate())
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.clear_filters_button = QtWidgets.QPushButton()
        self.clear_filters_button.clicked.connect(self.clear_filters)

        self.search_label = QtWidgets.QLabel()
        self.search_label.setBuddy(self.search_edit)
        self.organisation_filter_label = QtWidgets.QLabel()
        self.organisation_filter_label.setBuddy(self.organisation_filter)
        self.application_filter_label = QtWidgets.QLabel()
        self.application_filter_label.setBuddy(self.application_filter)
        self.status_filter_label = QtWidgets.QLabel()
        self.status_filter_label.setBuddy(self.status_filter)
        self.grade_filter_label = QtWidgets.QLabel()
        self.grade_filter_label.setBuddy(self.grade_filter)

        first = QtWidgets.QHBoxLayout()
        first.addWidget(self.search_label)
        first.addWidget(self.search_edit, 2)
        first.addWidget(self.organisation_filter_label)
        first.addWidget(self.organisation_filter, 2)
        first.addWidget(self.application_filter_label)
        first.addWidget(self.application_filter, 1)
        first.addWidget(self.clear_filters_button)
        second = QtWidgets.QHBoxLayout()
        second.addWidget(self.status_filter_label)
        second.addWidget(self.status_filter)
        second.addWidget(self.grade_filter_label)
        second.addWidget(self.grade_filter)
        second.addSpacing(12)
        second.addWidget(self.from_check)
        second.addWidget(self.from_date)
        second.addWidget(self.to_check)
        second.addWidget(self.to_date)
        second.addStretch(1)

        self.case_view = QtWidgets.QTableView()
        self.case_view.setObjectName("case_view")
        self.case_view.setModel(self.case_proxy)
        self.case_view.setSortingEnabled(True)
        self.case_view.sortByColumn(CaseColumn.ID, QtCore.Qt.SortOrder.DescendingOrder)
        self.case_view.setSelectionBehavior(
            QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows
        )
        self.case_view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.case_view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_view.setAlternatingRowColors(True)
        self.case_view.verticalHeader().hide()
        self.case_view.setWordWrap(False)
        header = self.case_view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(
            CaseColumn.ORGANISATION, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        self.case_view.doubleClicked.connect(self._open_case_at)
        self.case_view.activated.connect(self._open_case_at)
        self.case_view.selectionModel().currentRowChanged.connect(self._show_case_details)

        self.details = CaseDetails()
        self.details.open_button.clicked.connect(self.open_selected_case)
        self.case_splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.case_splitter.setObjectName("case_splitter")
        self.case_splitter.addWidget(self.case_view)
        details_scroll = QtWidgets.QScrollArea()  # small screens at 200 % still fit
        details_scroll.setWidget(self.details)
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        details_scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.case_splitter.addWidget(details_scroll)
        self.case_splitter.setStretchFactor(0, 3)
        self.case_splitter.setStretchFactor(1, 1)
        self.case_splitter.setChildrenCollapsible(False)

        self.search_edit.textChanged.connect(self._apply_filters)
        self.organisation_filter.currentIndexChanged.connect(self._organisation_filter_changed)
        for combo in (self.application_filter, self.status_filter, self.grade_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._apply_filters)
            edit.dateChanged.connect(self._apply_filters)

        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.case_splitter, 1)
        return page

    def _register_tab(
        self,
        model: QtCore.QAbstractItemModel,
        add: QtGui.QAction,
        edit: QtGui.QAction,
        edit_slot: Any,
        name: str,
        stretch_column: int,
    ) -> tuple[QtWidgets.QWidget, QtWidgets.QTableView, QtWidgets.QLineEdit]:
        proxy = QtCore.QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setFilterCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        proxy.setFilterKeyColumn(-1)
        proxy.setSortLocaleAware(True)
        view = QtWidgets.QTableView()
        view.setObjectName(f"{name}_view")
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(1, QtCore.Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        view.horizontalHeader().setSectionResizeMode(
            stretch_column, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        view.doubleClicked.connect(edit_slot)
        search = QtWidgets.QLineEdit()
        search.setObjectName(f"{name}_search")
        search.setClearButtonEnabled(True)
        search.addAction(icon("search"), QtWidgets.QLineEdit.ActionPosition.LeadingPosition)
        search.textChanged.connect(proxy.setFilterFixedString)
        buttons = QtWidgets.QHBoxLayout()
        for action in (add, edit):
            button = QtWidgets.QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(search, 1)
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(view, 1)
        return page, view, search

    def _create_organisations_tab(self) -> QtWidgets.QWidget:
        page, self.organisation_view, self.organisation_search = self._register_tab(
            self.organisation_model,
            self.new_organisation_action,
            self.edit_organisation_action,
            lambda _index: self.edit_selected_organisation(),
            "organisation",
            4,
        )
        return page

    def _create_applications_tab(self) -> QtWidgets.QWidget:
        page, self.application_view, self.application_search = self._register_tab(
            self.application_model,
            self.new_application_action,
            self.edit_application_action,
            lambda _index: self.edit_selected_application(),
            "application",
            2,
        )
        return page

    def _create_status_bar(self) -> None:
        self.database_label = QtWidgets.QLabel()
        self.database_label.setObjectName("database_label")
        # Long paths must not widen the window beyond a small screen: clip, full text in the tip.
        self.database_label.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.rule_pack_label = QtWidgets.QLabel()
        self.case_count_label = QtWidgets.QLabel()
        self.case_count_label.setObjectName("case_count_label")
        bar = self.statusBar()
        bar.addWidget(self.database_label, 1)
        bar.addPermanentWidget(self.rule_pack_label)
        bar.addPermanentWidget(self.case_count_label)

    # -------------------------------------------------------------- translation

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every visible text; runs at start and on each language change."""
        self.setWindowTitle(self.tr("IHSA Workstation — Internet Hospital Security Assessment"))
        texts = {
            self.new_case_action: self.tr("&New assessment…"),
            self.open_case_action: self.tr("&Open assessment"),
            self.export_report_action: self.tr("&Export report…"),
            self.verify_report_action: self.tr("&Verify report…"),
            self.refresh_action: self.tr("&Refresh"),
            self.find_action: self.tr("&Find case"),
            self.settings_action: self.tr("&Settings…"),
            self.quit_action: self.tr("&Quit"),
            self.new_organisation_action: self.tr("New &organisation…"),
            self.edit_organisation_action: self.tr("&Edit organisation…"),
            self.new_application_action: self.tr("New &application…"),
            self.edit_application_action: self.tr("Edit a&pplication…"),
            self.show_cases_action: self.tr("&Cases"),
            self.show_organisations_action: self.tr("&Organisations"),
            self.show_applications_action: self.tr("&Applications"),
            self.about_action: self.tr("&About IHSA Workstation"),
        }
        icon_texts = {
            self.new_case_action: self.tr("New assessment"),
            self.open_case_action: self.tr("Open"),
            self.new_organisation_action: self.tr("New organisation"),
            self.new_application_action: self.tr("New application"),
            self.edit_organisation_action: self.tr("Edit"),
            self.edit_application_action: self.tr("Edit"),
            self.about_action: self.tr("About"),
        }
        for action, text in texts.items():
            action.setText(text)
            action.setIconText(icon_texts.get(action) or _without_mnemonic(text))
            shortcut = action.shortcut().toString(QtGui.QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(action.iconText() + (f" ({shortcut})" if shortcut else ""))
        self.file_menu.setTitle(self.tr("&File"))
        self.view_menu.setTitle(self.tr("&View"))
        self.registers_menu.setTitle(self.tr("&Registers"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        self.tabs.setTabText(0, self.tr("Cases"))
        self.tabs.setTabText(1, self.tr("Organisations"))
        self.tabs.setTabText(2, self.tr("Applications"))
        self.search_label.setText(self.tr("&Search:"))
        self.search_edit.setPlaceholderText(self.tr("Organisation, application, assessor, site…"))
        self.organisation_search.setPlaceholderText(self.tr("Search organisations"))
        self.application_search.setPlaceholderText(self.tr("Search applications"))
        self.organisation_filter_label.setText(self.tr("Or&ganisation:"))
        self.application_filter_label.setText(self.tr("A&pplication:"))
        self.status_filter_label.setText(self.tr("S&tatus:"))
        self.grade_filter_label.setText(self.tr("Gra&de:"))
        self.from_check.setText(self.tr("From"))
        self.to_check.setText(self.tr("To"))
        self.clear_filters_button.setText(self.tr("C&lear filters"))
        self._fill_fixed_filters()
        self._fill_register_filters()
        self.details.retranslate()
        self._show_case_details(self.case_view.currentIndex())
        for model in (self.case_model, self.organisation_model, self.application_model):
            _relabel(model)
        self._update_status_bar()

    def _fill_fixed_filters(self) -> None:
        _refill(
            self.status_filter,
            [(self.tr("Any status"), None)]
            + [(labels.case_status(s), s.value) for s in CaseStatus],
        )
        _refill(
            self.grade_filter,
            [(self.tr("Any grade"), None)] + [(g.value, g.value) for g in Grade],
        )

    def _fill_register_filters(self) -> None:
        organisations = self.organisation_model.records()
        _refill(
            self.organisation_filter,
            [(self.tr("All organisations"), None)] + [(o.name, o.id) for o in organisations],
        )
        self._fill_application_filter()

    def _fill_application_filter(self) -> None:
        organisation_id = self.organisation_filter.currentData()
        applications = [
            a
            for a in self.application_model.records()
            if organisation_id is None or a.organisation_id == organisation_id
        ]
        _refill(
            self.application_filter,
            [(self.tr("All applications"), None)] + [(a.name, a.id) for a in applications],
        )

    # ------------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Reload cases and registers in the database pool (never blocks the window)."""
        if self._refresh_job is not None:
            self._refresh_again = True
            return
        workspace = self.workspace
        job = Job(lambda _progress, _cancel: read_snapshot(workspace))
        job.signals.succeeded.connect(self._show_snapshot)
        job.signals.failed.connect(lambda exc: show_error(self, exc))
        job.signals.finished.connect(self._refresh_finished)
        self._refresh_job = self.pools.start(job, self.pools.db)
        self.statusBar().showMessage(self.tr("Loading…"))

    def _refresh_finished(self) -> None:
        self._refresh_job = None
        self.statusBar().clearMessage()
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def _show_snapshot(self, snapshot: Snapshot) -> None:
        current = self.selected_case()
        self._rule_pack = snapshot.rule_pack
        self.organisation_model.set_records(snapshot.organisations)
        self.application_model.set_organisation_names(
            {o.id: o.name for o in snapshot.organisations}
        )
        self.application_model.set_records(snapshot.applications)
        for view in (self.organisation_view, self.application_view):
            view.resizeColumnsToContents()
        self._fill_register_filters()
        self.case_model.set_cases(snapshot.cases)
        self._resize_case_columns()
        wanted = self._select_after_refresh or (current.id if current else None)
        self._select_after_refresh = None
        selected = wanted is not None and self.select_case(wanted)
        if not selected and self.case_proxy.rowCount():
            self.select_case(self.case_proxy.index(0, 0).data(CASE_ROLE).id)
        self._update_status_bar()
        self._update_case_actions()
        self.data_refreshed.emit()

    def _resize_case_columns(self) -> None:
        if self.settings.bytes_value(app_settings.CASE_HEADER_STATE) is not None:
            return  # the user's own column widths win
        for column in CaseColumn:
            if column != CaseColumn.ORGANISATION:
                self.case_view.resizeColumnToContents(column)

    # ---------------------------------------------------------------- filtering

    def _organisation_filter_changed(self) -> None:
        self._fill_application_filter()
        self._apply_filters()

    def _apply_filters(self) -> None:
        status = self.status_filter.currentData()
        grade = self.grade_filter.currentData()
        self.case_proxy.set_criteria(
            CaseCriteria(
                text=self.search_edit.text(),
                organisation_id=self.organisation_filter.currentData(),
                application_id=self.application_filter.currentData(),
                status=CaseStatus(status) if status else None,
                grade=Grade(grade) if grade else None,
                date_from=self.from_date.date().toPython() if self.from_check.isChecked() else None,
                date_to=self.to_date.date().toPython() if self.to_check.isChecked() else None,
            )
        )
        self._update_status_bar()
        self._update_case_actions()

    def clear_filters(self) -> None:
        self.search_edit.clear()
        for combo in (
            self.organisation_filter,
            self.application_filter,
            self.status_filter,
            self.grade_filter,
        ):
            combo.setCurrentIndex(0)
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)

    def focus_search(self) -> None:
        line = {1: self.organisation_search, 2: self.application_search}.get(
            self.tabs.currentIndex(), self.search_edit
        )
        line.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        line.selectAll()

    # -------------------------------------------------------------------- cases

    def selected_case(self) -> Case | None:
        index = self.case_view.currentIndex()
        if not index.isValid() or not self.case_view.selectionModel().isSelected(index):
            return None
        return index.data(CASE_ROLE)

    def select_case(self, case_id: int) -> bool:
        row = self.case_model.row_of(case_id)
        if row is None:
            return False
        index = self.case_proxy.mapFromSource(self.case_model.index(row, 0))
        if not index.isValid():
            return False
        self.case_view.selectionModel().setCurrentIndex(
            index,
            QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QtCore.QItemSelectionModel.SelectionFlag.Rows,
        )
        self.case_view.scrollTo(index)
        return True

    def _show_case_details(self, index: QtCore.QModelIndex) -> None:
        case = index.data(CASE_ROLE) if index.isValid() else None
        self.details.show_case(case)
        self._update_case_actions()

    def _update_case_actions(self) -> None:
        has_case = self.case_view.currentIndex().isValid()
        self.open_case_action.setEnabled(has_case)
        self.export_report_action.setEnabled(has_case)
        self.details.open_button.setEnabled(has_case)

    def _open_case_at(self, index: QtCore.QModelIndex) -> None:
        case = index.data(CASE_ROLE)
        if case is not None:
            self.open_case(case.id)

    def open_selected_case(self) -> None:
        index = self.case_view.currentIndex()
        if index.isValid():
            self._open_case_at(index)

    def open_case(self, case_id: int) -> None:
        """Open the case in the wizard, or bring its already open wizard to the front."""
        for window in self._wizards:
            if getattr(window, "case_id", None) == case_id:
                window.raise_()
                window.activateWindow()
                return
        wizard = wizard_module()
        self._track_wizard(wizard.open_assessment(self.workspace, self.pools, case_id, self))

    def export_selected_report(self) -> QtWidgets.QDialog | None:
        """Export the selected case's PDF report (the dialog does the rest)."""
        from ui.dialogs import report_dialogs

        case = self.selected_case()
        if case is None:
            self.statusBar().showMessage(self.tr("Select a case first."), 4000)
            return None
        return report_dialogs.open_export(self.workspace, self.pools, case, self)

    def verify_report(self) -> QtWidgets.QDialog | None:
        """Verify any report file; needs no open case."""
        from ui.dialogs import report_dialogs

        return report_dialogs.open_verify(self.workspace, self.pools, self)

    def new_assessment(self) -> None:
        wizard = wizard_module()
        self._track_wizard(wizard.open_new_assessment(self.workspace, self.pools, self))

    def _track_wizard(self, window: QtWidgets.QDialog | None) -> None:
        """Refresh the list when an open wizard changes its case; forget it when closed."""
        if window is None:
            return
        self._wizards.append(window)
        signal = getattr(window, "case_changed", None)
        if signal is not None:
            signal.connect(self._case_changed)
        window.destroyed.connect(lambda: self._forget_wizard(window))
        window.finished.connect(lambda _result: self._forget_wizard(window))

    def _forget_wizard(self, window: QtWidgets.QDialog) -> None:
        if window in self._wizards:
            self._wizards.remove(window)

    def _case_changed(self, case_id: int) -> None:
        """A wizard saved something: reload, and show that case (a new one included)."""
        self._select_after_refresh = case_id
        self.refresh()

    # ---------------------------------------------------------------- registers

    def _selected_record(self, view: QtWidgets.QTableView) -> Any:
        index = view.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def add_organisation(self) -> OrganisationDialog:
        return self._open_dialog(OrganisationDialog(self.workspace, self.pools, parent=self), 1)

    def edit_selected_organisation(self) -> OrganisationDialog | None:
        organisation = self._selected_record(self.organisation_view)
        if organisation is None:
            self.tabs.setCurrentIndex(1)
            self.statusBar().showMessage(self.tr("Select an organisation first."), 4000)
            return None
        dialog = OrganisationDialog(self.workspace, self.pools, organisation, parent=self)
        return self._open_dialog(dialog, 1)

    def add_application(self) -> ApplicationDialog:
        organisation = (
            self._selected_record(self.organisation_view) if self.tabs.currentIndex() == 1 else None
        )
        dialog = ApplicationDialog(
            self.workspace,
            self.pools,
            self.organisation_model.records(),
            organisation_id=organisation.id if organisation else None,
            parent=self,
        )
        return self._open_dialog(dialog, 2)

    def edit_selected_application(self) -> ApplicationDialog | None:
        application = self._selected_record(self.application_view)
        if application is None:
            self.tabs.setCurrentIndex(2)
            self.statusBar().showMessage(self.tr("Select an application first."), 4000)
            return None
        dialog = ApplicationDialog(
            self.workspace,
            self.pools,
            self.organisation_model.records(),
            application,
            parent=self,
        )
        return self._open_dialog(dialog, 2)

    def _open_dialog(self, dialog: Any, tab: int) -> Any:
        """Window-modal, not exec(): the event loop keeps running (and tests can drive it)."""
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _record: self.tabs.setCurrentIndex(tab))
        dialog.saved.connect(self.refresh)
        dialog.open()
        return dialog

    # --------------------------------------------------------- settings, about

    def edit_settings(self) -> SettingsDialog:
        values = SettingsValues(
            language=self.settings.language,
            data_folder=self.settings.data_folder_setting,
            default_assessor=self.settings.default_assessor,
        )
        dialog = SettingsDialog(values, self.workspace.data_dir, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.values()))
        dialog.open()
        return dialog

    def apply_settings(self, values: SettingsValues) -> None:
        """Store the settings; the language applies at once, the folder on restart."""
        folder_changed = values.data_folder != self.settings.data_folder_setting
        self.settings.language = values.language
        self.settings.data_folder_setting = values.data_folder
        self.settings.default_assessor = values.default_assessor
        self.settings.sync()
        if self.languages is not None and values.language != self.languages.language:
            self.languages.apply(values.language)
        if folder_changed:
            self.statusBar().showMessage(
                self.tr("The new data folder is used from the next start."), 8000
            )

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self._rule_pack, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _update_status_bar(self) -> None:
        self.database_label.setText(
            self.tr("Database: %1").replace("%1", database_location(self.workspace))
        )
        self.database_label.setToolTip(self.database_label.text())
        self.rule_pack_label.setText(self.tr("Rule pack: %1").replace("%1", self._rule_pack))
        total = self.case_model.rowCount()
        shown = self.case_proxy.rowCount()
        if shown == total:
            text = self.tr("%n case(s)", "", total)
        else:
            text = self.tr("%1 of %n case(s) shown", "", total).replace("%1", str(shown))
        self.case_count_label.setText(text)

    # --------------------------------------------------------- window state

    def _restore_layout(self) -> None:
        geometry = self.settings.bytes_value(app_settings.WINDOW_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QtGui.QGuiApplication.primaryScreen().availableGeometry()
            self.resize(min(1280, screen.width()), min(800, screen.height()))
            self.move(screen.center() - self.rect().center())
        state = self.settings.bytes_value(app_settings.WINDOW_STATE)
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.bytes_value(app_settings.SPLITTER_STATE)
        if splitter is None or not self.case_splitter.restoreState(splitter):
            self.case_splitter.setSizes([3 * self.width() // 4, self.width() // 4])
        header = self.settings.bytes_value(app_settings.CASE_HEADER_STATE)
        if header is not None:
            self.case_view.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        self.settings.set_bytes(app_settings.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set_bytes(app_settings.WINDOW_STATE, self.saveState())
        self.settings.set_bytes(app_settings.SPLITTER_STATE, self.case_splitter.saveState())
        self.settings.set_bytes(
            app_settings.CASE_HEADER_STATE, self.case_view.horizontalHeader().saveState()
        )
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        for window in list(self._wizards):
            if not window.close():
                event.ignore()
                return
        self.save_layout()
        self.pools.shutdown()
        event.accept()


class CaseDetails(QtWidgets.QFrame):
    """The selected case at a glance, beside the list."""

    FIELDS = (
        "organisation",
        "application",
        "type",
        "status",
        "assessor",
        "reviewer",
        "site",
        "date",
        "score",
        "grade",
        "pack",
    )

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_details")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.title = QtWidgets.QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.captions: dict[str, QtWidgets.QLabel] = {}
        self.values: dict[str, QtWidgets.QLabel] = {}
        form = QtWidgets.QFormLayout()
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        for field in self.FIELDS:
            caption, value = QtWidgets.QLabel(), QtWidgets.QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            self.captions[field], self.values[field] = caption, value
            form.addRow(caption, value)
        self.open_button = QtWidgets.QPushButton(icon("open_case"), "")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.open_button)
        self.setMinimumWidth(240)

    def retranslate(self) -> None:
        captions = {
            "organisation": self.tr("Organisation:"),
            "application": self.tr("Application:"),
            "type": self.tr("Type:"),
            "status": self.tr("Status:"),
            "assessor": self.tr("Assessor:"),
            "reviewer": self.tr("Reviewer:"),
            "site": self.tr("Site:"),
            "date": self.tr("Date:"),
            "score": self.tr("Score:"),
            "grade": self.tr("Grade:"),
            "pack": self.tr("Rule pack:"),
        }
        for field, text in captions.items():
            self.captions[field].setText(text)
        self.open_button.setText(self.tr("Open in wizard"))

    def show_case(self, case: Case | None) -> None:
        if case is None:
            self.title.setText(self.tr("No case selected"))
            for value in self.values.values():
                value.clear()
            return
        self.title.setText(self.tr("Case %1").replace("%1", str(case.id)))
        score = "—"
        if case.score is not None:
            score = f"{case.score:.1f}"
            if case.provisional:
                score += " " + self.tr("(provisional)")
        texts = {
            "organisation": case.organisation_name,
            "application": case.application_name or "—",
            "type": labels.case_type(case.case_type),
            "status": labels.case_status(case.status),
            "assessor": case.assessor,
            "reviewer": case.reviewer or "—",
            "site": case.site or "—",
            "date": case.assessment_date.isoformat() if case.assessment_date else "—",
            "score": score,
            "grade": case.grade.value if case.grade else "—",
            "pack": f"{case.pack.pack_id} {case.pack.version}" if case.pack else "—",
        }
        for field, text in texts.items():
            self.values[field].setText(text)


def _without_mnemonic(text: str) -> str:
    """'&Refresh' → 'Refresh', '刷新(&R)…' → '刷新' (for tool button labels)."""
    return re.sub(r"\(&\w\)|&(?=\w)", "", text).removesuffix("…").strip()


def _refill(combo: QtWidgets.QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace a combo's items, keeping the selected data when it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
    if combo.currentData() != current:
        combo.currentIndexChanged.emit(combo.currentIndex())


def _relabel(model: QtCore.QAbstractItemModel) -> None:
    """Ask views to re-read headers and cells after a language change."""
    columns = model.columnCount()
    if columns:
        model.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, columns - 1)
    rows = model.rowCount()
    if rows and columns:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))
