"""The incident register: a filterable list, details with notices and history, actions.

Reads are small and run on the GUI thread; every change runs as a job on the
database pool, and known refusals are shown in a message box with nothing lost.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.enums import IncidentSeverity, IncidentStatus, NoticeChannel
from app.domain.models import Incident
from app.i18n import pick
from app.report.incident_texts import (
    CATEGORY_SHORT,
    CHANNEL_NAMES,
    EVENT_NAMES,
    OVERDUE_NAMES,
    RECIPIENT_NAMES,
    SEVERITY_NAMES,
    STATUS_NAMES,
    name,
)
from app.services.incidents import IncidentFilter, NoticeResult
from app.services.workspace import Workspace
from ui.errors import show_error
from ui.icons import icon
from ui.incidents import dialogs
from ui.workers import Job, Pools

INCIDENT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
OVERDUE_BACKGROUND = QtGui.QColor("#FDECEA")
OVERDUE_FOREGROUND = QtGui.QColor("#B71C1C")


def when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


class IncidentTableModel(QtCore.QAbstractTableModel):
    """Incidents as rows; overdue ones are highlighted."""

    COLUMNS = 8

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Incident] = []

    def set_incidents(self, incidents: list[Incident]) -> None:
        self.beginResetModel()
        self._rows = list(incidents)
        self.endResetModel()

    def incidents(self) -> list[Incident]:
        return list(self._rows)

    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: QtCore.Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation != QtCore.Qt.Orientation.Horizontal
            or role != QtCore.Qt.ItemDataRole.DisplayRole
        ):
            return None
        return (
            self.tr("No."),
            self.tr("Discovered"),
            self.tr("Organisation"),
            self.tr("Title"),
            self.tr("Category"),
            self.tr("Severity"),
            self.tr("Status"),
            self.tr("Notice due"),
        )[section]

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        incident = self._rows[index.row()]
        if role == INCIDENT_ROLE:
            return incident
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return self._text(incident, index.column())
        if role == QtCore.Qt.ItemDataRole.UserRole:  # sort key
            return (
                (incident.id, incident.discovered_at.timestamp())[index.column()]
                if index.column() < 2
                else self._text(incident, index.column())
            )
        if incident.overdue and role == QtCore.Qt.ItemDataRole.BackgroundRole:
            return OVERDUE_BACKGROUND
        if incident.overdue and role == QtCore.Qt.ItemDataRole.ForegroundRole:
            return OVERDUE_FOREGROUND
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and incident.overdue:
            return "、".join(pick(OVERDUE_NAMES[k]) for k in incident.overdue)
        return None

    def _text(self, incident: Incident, column: int) -> Any:
        if column == 7 and incident.overdue:
            return "、".join(pick(OVERDUE_NAMES[k]) for k in incident.overdue)
        return (
            incident.id,
            when(incident.discovered_at),
            incident.organisation_name,
            incident.title,
            name(CATEGORY_SHORT, incident.category),
            name(SEVERITY_NAMES, incident.severity),
            name(STATUS_NAMES, incident.status),
            "—" if incident.status == IncidentStatus.CLOSED else when(incident.notice_due_at),
        )[column]


class IncidentsView(QtWidgets.QWidget):
    """The incidents tab.

    Signals:
        incidents_changed(): an incident was recorded or changed here.
    """

    incidents_changed = QtCore.Signal()

    def __init__(
        self, workspace: Workspace, pools: Pools, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidents_view")
        self.workspace = workspace
        self.pools = pools
        self._job: Job | None = None
        self.model = IncidentTableModel(self)
        self.proxy = QtCore.QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(QtCore.Qt.ItemDataRole.UserRole)

        self.search_edit = QtWidgets.QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_label = QtWidgets.QLabel()
        self.search_label.setBuddy(self.search_edit)
        self.status_filter = QtWidgets.QComboBox()
        self.status_label = QtWidgets.QLabel()
        self.status_label.setBuddy(self.status_filter)
        self.severity_filter = QtWidgets.QComboBox()
        self.severity_label = QtWidgets.QLabel()
        self.severity_label.setBuddy(self.severity_filter)
        self.overdue_check = QtWidgets.QCheckBox()
        filters = QtWidgets.QHBoxLayout()
        for widget in (
            self.search_label,
            self.search_edit,
            self.status_label,
            self.status_filter,
            self.severity_label,
            self.severity_filter,
            self.overdue_check,
        ):
            filters.addWidget(widget, 2 if widget is self.search_edit else 0)

        self.table = QtWidgets.QTableView()
        self.table.setObjectName("incident_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, QtCore.Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 180)
        header.setSectionResizeMode(3, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.details = QtWidgets.QTextBrowser()
        self.details.setObjectName("incident_details")
        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.details.setMinimumWidth(300)

        self.new_button = self._button("add", self.new_incident)
        self.edit_button = self._button("edit", self.edit_selected)
        self.notify_button = self._button(None, self.notify_selected)
        self.deliver_button = self._button(None, self.record_delivery)
        self.close_button = self._button(None, self.close_selected)
        self.reopen_button = self._button(None, self.reopen_selected)
        self.refresh_button = self._button("refresh", self.refresh)
        actions = QtWidgets.QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.notify_button,
            self.deliver_button,
            self.close_button,
            self.reopen_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.refresh_button)
        self.overdue_label = QtWidgets.QLabel()
        self.overdue_label.setObjectName("overdue_label")
        self.overdue_label.setStyleSheet(f"color: {OVERDUE_FOREGROUND.name()};")

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.overdue_label)

        self.search_edit.textChanged.connect(self.refresh)
        self.overdue_check.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.retranslate()
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.severity_filter.currentIndexChanged.connect(self.refresh)

    def _button(self, icon_name: str | None, slot: Callable[[], Any]) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton(icon(icon_name) if icon_name else QtGui.QIcon(), "")
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ translation

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.search_label.setText(self.tr("&Search:"))
        self.search_edit.setPlaceholderText(self.tr("Title, description, organisation…"))
        self.status_label.setText(self.tr("S&tatus:"))
        self.severity_label.setText(self.tr("Se&verity:"))
        self.overdue_check.setText(self.tr("&Overdue notices only"))
        self.new_button.setText(self.tr("&New incident…"))
        self.edit_button.setText(self.tr("&Edit…"))
        self.notify_button.setText(self.tr("Produce &notice…"))
        self.deliver_button.setText(self.tr("Record &delivery…"))
        self.close_button.setText(self.tr("C&lose…"))
        self.reopen_button.setText(self.tr("Re&open…"))
        self.refresh_button.setText(self.tr("&Refresh"))
        for combo, items in (
            (self.status_filter, [(pick(STATUS_NAMES[s]), s.value) for s in IncidentStatus]),
            (self.severity_filter, [(pick(SEVERITY_NAMES[s]), s.value) for s in IncidentSeverity]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("Any"), None)
            for text, code in items:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        self.model.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, 7)
        self._show_selected()

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        """Reload the list with the current filters, keeping the selection."""
        selected = self.selected()
        status = self.status_filter.currentData()
        severity = self.severity_filter.currentData()
        where = IncidentFilter(
            status=IncidentStatus(status) if status else None,
            severity=IncidentSeverity(severity) if severity else None,
            text=self.search_edit.text() or None,
            overdue_only=self.overdue_check.isChecked(),
        )
        try:
            incidents = self.workspace.incidents.list(where)
            overdue = len(self.workspace.incidents.overdue())
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.set_incidents(incidents)
        self.overdue_label.setText(
            self.tr("%n incident(s) overdue for notice or escalation", "", overdue)
            if overdue
            else ""
        )
        if selected is not None:
            self.select(selected.id)
        self._update_actions()

    def selected(self) -> Incident | None:
        index = self.table.currentIndex()
        return index.data(INCIDENT_ROLE) if index.isValid() else None

    def select(self, incident_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(INCIDENT_ROLE).id == incident_id:
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QtCore.QItemSelectionModel.SelectionFlag.Rows,
                )
                return

    def _update_actions(self) -> None:
        incident = self.selected()
        has = incident is not None
        closed = has and incident.status == IncidentStatus.CLOSED
        pending = has and any(n.sent_at is None for n in incident.notifications)
        self.edit_button.setEnabled(has and not closed)
        self.notify_button.setEnabled(has and not closed)
        self.deliver_button.setEnabled(pending and not closed)
        self.close_button.setEnabled(has and incident.status == IncidentStatus.NOTIFIED)
        self.reopen_button.setEnabled(closed)

    def _show_selected(self) -> None:
        self._update_actions()
        incident = self.selected()
        self.details.setHtml(self.describe(incident) if incident else "")

    def describe(self, incident: Incident) -> str:
        """The incident, its notices and its history as HTML for the details pane."""
        e = html.escape
        rows = [
            (self.tr("Organisation"), incident.organisation_name),
            (self.tr("Application"), incident.application_name or "—"),
            (self.tr("Category"), name(CATEGORY_SHORT, incident.category)),
            (self.tr("Severity"), name(SEVERITY_NAMES, incident.severity)),
            (self.tr("Status"), name(STATUS_NAMES, incident.status)),
            (self.tr("Occurred"), when(incident.occurred_at)),
            (self.tr("Discovered"), when(incident.discovered_at)),
            (self.tr("Notice due"), when(incident.notice_due_at)),
            (self.tr("Notified"), when(incident.notified_at)),
            (
                self.tr("Escalation"),
                when(incident.escalated_at)
                if incident.escalation_required
                else self.tr("not required"),
            ),
        ]
        if incident.resolution:
            rows.append((self.tr("Resolution"), incident.resolution))
        parts = [f"<h3>{e(str(incident.id))} · {e(incident.title)}</h3>"]
        if incident.overdue:
            warning = "、".join(pick(OVERDUE_NAMES[k]) for k in incident.overdue)
            parts.append(f"<p style='color:{OVERDUE_FOREGROUND.name()}'><b>{e(warning)}</b></p>")
        parts.append("<table cellspacing='2'>")
        parts += [f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows]
        parts.append("</table>")
        if incident.description:
            parts.append(f"<p>{e(incident.description)}</p>")
        if incident.notifications:
            notices = self.tr("Notices")
            parts.append(f"<h4>{e(notices)}</h4><ul>")
            for n in incident.notifications:
                state = when(n.sent_at) if n.sent_at else self.tr("to deliver")
                kind = name(RECIPIENT_NAMES, n.recipient_kind)
                parts.append(
                    f"<li>#{n.id} {e(n.recipient_name)} · {e(kind)}"
                    f" · {e(name(CHANNEL_NAMES, n.channel))} · {e(state)}</li>"
                )
            parts.append("</ul>")
        history = self.tr("History")
        parts.append(f"<h4>{e(history)}</h4><ul>")
        for event in incident.events:
            note = f" — {e(event.note)}" if event.note else ""
            action = name(EVENT_NAMES, event.action)
            parts.append(f"<li>{e(when(event.at))} {e(event.actor)} {e(action)}{note}</li>")
        parts.append("</ul>")
        return "".join(parts)

    # --------------------------------------------------------------- actions

    def new_incident(self) -> dialogs.IncidentDialog | None:
        return self._open_form(None)

    def edit_selected(self) -> dialogs.IncidentDialog | None:
        incident = self.selected()
        if incident is None or incident.status == IncidentStatus.CLOSED:
            return None
        return self._open_form(incident)

    def _open_form(self, incident: Incident | None) -> dialogs.IncidentDialog | None:
        organisations = self.workspace.organisations.list()
        if not organisations:
            QtWidgets.QMessageBox.information(
                self, self.tr("Incidents"), self.tr("Register an organisation first.")
            )
            return None
        dialog = dialogs.IncidentDialog(
            self.workspace,
            self.pools,
            organisations,
            self.workspace.applications.list(),
            incident,
            self,
        )
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, incident: Incident) -> None:
        self.refresh()
        self.select(incident.id)
        self.incidents_changed.emit()

    def notify_selected(self) -> dialogs.NoticeDialog | None:
        incident = self.selected()
        if incident is None:
            return None
        organisation = self.workspace.organisations.get(incident.organisation_id)
        dialog = dialogs.NoticeDialog(organisation, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._produce_notice(incident, dialog.request()))
        dialog.open()
        return dialog

    def _produce_notice(self, incident: Incident, request: Any) -> None:
        letter = request.channel == NoticeChannel.LETTER
        stem = f"IHSA-notice-{incident.id}-{date.today().isoformat()}"
        start = Path.home() / (stem + (".pdf" if letter else ".txt"))
        filters = self.tr("PDF letters (*.pdf)") if letter else self.tr("Text files (*.txt)")
        path = dialogs.ask_save_path(self, self.tr("Save the notice"), start, filters)
        if path is None:
            return
        service = self.workspace.incidents
        self._run(
            lambda: service.notify(incident.id, request, out_path=path),
            self._notice_done,
        )

    def _notice_done(self, result: NoticeResult) -> None:
        names = "、".join(n.recipient_name for n in result.notifications)
        QtWidgets.QMessageBox.information(
            self,
            self.tr("Notice produced"),
            self.tr("Saved to %1 for: %2").replace("%1", str(result.path)).replace("%2", names),
        )
        self._saved(result.incident)

    def record_delivery(self) -> None:
        incident = self.selected()
        if incident is None:
            return
        pending = [n for n in incident.notifications if n.sent_at is None]
        if not pending:
            return
        labels = [
            f"#{n.id} {n.recipient_name} · {name(CHANNEL_NAMES, n.channel)} · {when(n.created_at)}"
            for n in pending
        ]
        choice = dialogs.ask_item(
            self, self.tr("Record delivery"), self.tr("Delivered now:"), labels
        )
        if choice is None:
            return
        notification_id = pending[choice].id
        service = self.workspace.incidents
        self._run(lambda: service.record_delivery(notification_id), self._saved)

    def close_selected(self) -> None:
        incident = self.selected()
        if incident is None:
            return
        text = dialogs.ask_text(self, self.tr("Close incident"), self.tr("How was it resolved?"))
        if text is None:
            return
        service = self.workspace.incidents
        self._run(lambda: service.close(incident.id, text), self._saved)

    def reopen_selected(self) -> None:
        incident = self.selected()
        if incident is None:
            return
        text = dialogs.ask_text(self, self.tr("Reopen incident"), self.tr("Why is it reopened?"))
        if text is None:
            return
        service = self.workspace.incidents
        self._run(lambda: service.reopen(incident.id, text), self._saved)

    def _run(self, call: Callable[[], Any], done: Callable[[Any], None]) -> Job | None:
        """One change at a time on the database pool; refusals in a message box."""
        if self._job is not None:
            return None
        job = Job(lambda _progress, _cancel: call())
        job.signals.succeeded.connect(done)
        job.signals.failed.connect(lambda exc: show_error(self, exc))
        job.signals.finished.connect(self._job_finished)
        self.setCursor(QtCore.Qt.CursorShape.BusyCursor)
        self._job = self.pools.start(job, self.pools.db)
        return self._job

    def _job_finished(self) -> None:
        self._job = None
        self.unsetCursor()

    @property
    def busy(self) -> bool:
        return self._job is not None
