"""The audit log viewer: filter by case, user and action; verify the whole chain."""

from __future__ import annotations

import json

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.models import AuditEvent
from app.security.audit import ChainReport
from app.services.workspace import Workspace
from ui.accounts.background import Call
from ui.errors import show_error

SHOWN_LIMIT = 1000
ACTIONS = (
    "insert",
    "update",
    "delete",
    "sign_in",
    "sign_in_failed",
    "sign_in_refused",
    "lockout",
    "unlock",
    "sign_out",
    "password_changed",
    "password_reset",
    "report_signed",
    "report_generated",
)
OK_STYLE = "color: #1b5e20; font-weight: bold;"
BROKEN_STYLE = "color: #b00020; font-weight: bold;"


class AuditLogDialog(QtWidgets.QDialog):
    def __init__(self, workspace: Workspace, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_log_dialog")
        self.workspace = workspace
        self.events: list[AuditEvent] = []
        self._verify = Call(self)
        self._verify.done.connect(self._show_report)
        self._verify.failed.connect(self._verify_failed)
        self.setWindowTitle(self.tr("Audit log"))

        self.case_spin = QtWidgets.QSpinBox()
        self.case_spin.setObjectName("audit_case")
        self.case_spin.setRange(0, 2_000_000_000)
        self.case_spin.setSpecialValueText(self.tr("any"))
        self.actor_edit = QtWidgets.QLineEdit()
        self.actor_edit.setObjectName("audit_actor")
        self.actor_edit.setPlaceholderText(self.tr("any user"))
        self.action_combo = QtWidgets.QComboBox()
        self.action_combo.setObjectName("audit_action")
        self.action_combo.addItem(self.tr("any action"), "")
        for action in ACTIONS:
            self.action_combo.addItem(action, action)
        show = QtWidgets.QPushButton(self.tr("&Show"))
        show.clicked.connect(self.reload)
        self.actor_edit.returnPressed.connect(self.reload)
        filters = QtWidgets.QHBoxLayout()
        for label, widget in (
            (self.tr("&Case:"), self.case_spin),
            (self.tr("&User:"), self.actor_edit),
            (self.tr("&Action:"), self.action_combo),
        ):
            text = QtWidgets.QLabel(label)
            text.setBuddy(widget)
            filters.addWidget(text)
            filters.addWidget(widget)
        filters.addWidget(show)
        filters.addStretch(1)

        self.table = QtWidgets.QTableWidget(0, 7)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Time"),
                self.tr("User"),
                self.tr("Action"),
                self.tr("Record"),
                self.tr("Case"),
                self.tr("Details"),
            ]
        )
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            6, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        self.table.setWordWrap(False)

        self.verify_button = QtWidgets.QPushButton(self.tr("&Verify the chain"))
        self.verify_button.setObjectName("audit_verify")
        self.verify_button.clicked.connect(self.verify)
        self.result_label = QtWidgets.QLabel()
        self.result_label.setObjectName("audit_result")
        self.result_label.setWordWrap(True)
        self.count_label = QtWidgets.QLabel()
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.count_label)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(close)
        self.resize(1000, 560)
        self.reload()

    def reload(self) -> None:
        try:
            self.events = self.workspace.audit.list(
                case_id=self.case_spin.value() or None,
                actor=self.actor_edit.text().strip() or None,
                action=self.action_combo.currentData() or None,
                limit=SHOWN_LIMIT,
            )
        except Exception as error:  # a KnownError is shown; a bug goes to the crash log
            show_error(self, error)
            return
        self.table.setRowCount(len(self.events))
        for row, event in enumerate(self.events):
            cells = [
                str(event.id),
                event.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                event.actor,
                event.action,
                f"{event.entity} {_short(event.entity_id)}".strip(),
                str(event.case_id or ""),
                _summary(event.details),
            ]
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if column == 4:
                    item.setToolTip(f"{event.entity} {event.entity_id}")
                if column == 6:
                    item.setToolTip(json.dumps(event.details, ensure_ascii=False, indent=1))
                self.table.setItem(row, column, item)
        for column in range(6):  # the details column takes the rest, full text in its tip
            self.table.resizeColumnToContents(column)
        self.count_label.setText(
            self.tr("%n event(s) shown", "", len(self.events))
            + (
                self.tr(" (newest %1)").replace("%1", str(SHOWN_LIMIT))
                if len(self.events) >= SHOWN_LIMIT
                else ""
            )
        )

    def verify(self) -> None:
        if self._verify.start(self.workspace.audit.verify):
            self.verify_button.setEnabled(False)
            self.result_label.setStyleSheet("")
            self.result_label.setText(self.tr("Verifying…"))
            QtWidgets.QApplication.setOverrideCursor(
                QtGui.QCursor(QtCore.Qt.CursorShape.BusyCursor)
            )

    def _verify_failed(self, error: BaseException) -> None:
        QtWidgets.QApplication.restoreOverrideCursor()
        self.verify_button.setEnabled(True)
        self.result_label.clear()
        show_error(self, error)

    def _show_report(self, report: ChainReport) -> None:
        QtWidgets.QApplication.restoreOverrideCursor()
        self.verify_button.setEnabled(True)
        if report.problem is None:
            self.result_label.setStyleSheet(OK_STYLE)
            self.result_label.setText(
                self.tr("Intact: %1 events, newest #%2.")
                .replace("%1", str(report.events))
                .replace("%2", str(report.head_id))
            )
        else:
            self.result_label.setStyleSheet(BROKEN_STYLE)
            self.result_label.setText(
                self.tr("Broken at event #%1: %2")
                .replace("%1", str(report.problem.event_id))
                .replace("%2", report.problem.message())
            )


def _short(entity_id: str) -> str:
    """Hash-named records (rule packs) by their first 12 digits."""
    return entity_id if len(entity_id) <= 16 else entity_id[:12] + "…"


def _summary(details: dict[str, object]) -> str:
    changes = details.get("changes")
    if isinstance(changes, dict):
        return ", ".join(
            f"{key}: {value[0]} → {value[1]}"
            if isinstance(value, list) and len(value) == 2
            else f"{key}: {value}"
            for key, value in changes.items()
        )
    values = details.get("values")
    if isinstance(values, dict):
        return ", ".join(f"{k}={v}" for k, v in values.items() if v not in (None, "", [], {}))
    return ", ".join(f"{k}={v}" for k, v in details.items() if k != "case_id")
