"""One application as the regulator sees it: status and history, authorization code,
indicators and rectifications, with the actions on each.

Every database call runs in the database pool; its refusal (a KnownError, such as a
missing role) appears in the red line at the bottom and nothing typed is lost. Who acts
is the workspace's actor (the signed-in account, or the OS user without accounts);
actions the actor's roles do not allow are disabled, and the service checks again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.enums import AppStatus, RectificationStatus, Role
from app.domain.models import AppIndicators, Rectification, StatusChange
from app.errors import KnownError
from app.i18n import language
from app.registry import regulator_key
from app.registry.codes import Verification
from app.registry.lifecycle import allowed_next
from app.security import access, keystore
from app.services.rectifications import RectificationQuery
from app.services.workspace import Workspace
from ui.dialogs.form_dialog import ERROR_STYLE
from ui.dialogs.organisation_dialog import OK_STYLE
from ui.errors import show_error
from ui.models import labels
from ui.workers import Job, Pools

FILTERS = ("all", "open", "overdue", "fixed", "closed")


@dataclass(frozen=True)
class Snapshot:
    indicators: AppIndicators
    history: list[StatusChange]
    rectifications: list[Rectification]


def read_snapshot(workspace: Workspace, application_id: int, state: str) -> Snapshot:
    return Snapshot(
        workspace.registry.indicators(application_id),
        workspace.registry.history(application_id),
        workspace.rectifications.list(
            RectificationQuery(application_id=application_id, state=state)
        ),
    )


def table(headers: int) -> QtWidgets.QTableWidget:
    view = QtWidgets.QTableWidget(0, headers)
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


def fill(view: QtWidgets.QTableWidget, rows: list[list[str]]) -> None:
    view.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QtWidgets.QTableWidgetItem(text)
            item.setToolTip(text)
            view.setItem(r, c, item)
    view.resizeColumnsToContents()


class ApplicationDetailDialog(QtWidgets.QDialog):
    """Signals:
    changed(): something was saved (the main window refreshes its lists).
    """

    changed = QtCore.Signal()

    def __init__(
        self,
        workspace: Workspace,
        pools: Pools,
        application_id: int,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("application_detail")
        self._workspace = workspace
        self._pools = pools
        self.application_id = application_id
        self._jobs: set[Job] = set()
        self.snapshot: Snapshot | None = None
        self.verification: Verification | None = None

        top = QtWidgets.QHBoxLayout()
        self.title = QtWidgets.QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        top.addWidget(self.title, 1)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self._overview_tab(), "")
        self.tabs.addTab(self._code_tab(), "")
        self.tabs.addTab(self._rectifications_tab(), "")

        self.error_label = QtWidgets.QLabel()
        self.error_label.setObjectName("detail_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.error_label.hide()
        self.close_buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Close
        )
        self.close_buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.close_buttons)
        self.retranslate()
        self.resize(980, 640)
        self.reload()

    # ------------------------------------------------------------- building

    def _overview_tab(self) -> QtWidgets.QWidget:
        self.indicator_captions: dict[str, QtWidgets.QLabel] = {}
        self.indicator_values: dict[str, QtWidgets.QLabel] = {}
        form = QtWidgets.QFormLayout()
        for key in (
            "status",
            "last",
            "trend",
            "due",
            "rectifications",
            "code",
            "builds",
        ):
            caption, value = QtWidgets.QLabel(), QtWidgets.QLabel()
            value.setObjectName(f"indicator_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            self.indicator_captions[key], self.indicator_values[key] = caption, value
            form.addRow(caption, value)
        self.status_box = QtWidgets.QGroupBox()
        self.new_status_combo = QtWidgets.QComboBox()
        self.new_status_combo.setObjectName("new_status")
        self.case_edit = QtWidgets.QLineEdit()
        self.case_edit.setObjectName("status_case")
        self.case_edit.setValidator(QtGui.QIntValidator(1, 2**31 - 1, self))
        self.case_edit.setMaximumWidth(90)
        self.reason_edit = QtWidgets.QLineEdit()
        self.reason_edit.setObjectName("status_reason")
        self.apply_status_button = QtWidgets.QPushButton()
        self.apply_status_button.setObjectName("apply_status")
        self.apply_status_button.clicked.connect(self.apply_status)
        self.reason_edit.returnPressed.connect(self.apply_status)
        self.new_status_label, self.case_label, self.reason_label = (
            QtWidgets.QLabel(),
            QtWidgets.QLabel(),
            QtWidgets.QLabel(),
        )
        self.new_status_label.setBuddy(self.new_status_combo)
        self.case_label.setBuddy(self.case_edit)
        self.reason_label.setBuddy(self.reason_edit)
        grid = QtWidgets.QGridLayout(self.status_box)
        grid.addWidget(self.new_status_label, 0, 0)
        grid.addWidget(self.new_status_combo, 0, 1)
        grid.addWidget(self.case_label, 0, 2)
        grid.addWidget(self.case_edit, 0, 3)
        grid.addWidget(self.reason_label, 1, 0)
        grid.addWidget(self.reason_edit, 1, 1, 1, 3)
        grid.addWidget(self.apply_status_button, 1, 4)
        grid.setColumnStretch(1, 1)
        self.history_view = table(6)
        self.history_view.setObjectName("history_view")
        self.history_label = QtWidgets.QLabel()
        self.history_label.setBuddy(self.history_view)
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.status_box)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history_view, 1)
        return page

    def _code_tab(self) -> QtWidgets.QWidget:
        self.code_label = QtWidgets.QLabel()
        self.code_label.setObjectName("code_summary")
        self.code_label.setWordWrap(True)
        self.code_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        fixed = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        self.statement_view = QtWidgets.QPlainTextEdit()
        self.statement_view.setObjectName("statement_view")
        self.statement_view.setReadOnly(True)
        self.statement_view.setFont(fixed)
        self.statement_view.setTabChangesFocus(True)
        self.statement_view.setMaximumHeight(110)
        self.days_spin = QtWidgets.QSpinBox()
        self.days_spin.setRange(1, 3 * 365)
        self.days_spin.setValue(365)
        self.days_label = QtWidgets.QLabel()
        self.days_label.setBuddy(self.days_spin)
        self.issue_button = QtWidgets.QPushButton()
        self.issue_button.setObjectName("issue_code")
        self.issue_button.clicked.connect(self.issue_code)
        self.copy_button = QtWidgets.QPushButton()
        self.copy_button.setObjectName("copy_code")
        self.copy_button.clicked.connect(self.copy_code)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.days_label)
        buttons.addWidget(self.days_spin)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)

        self.verify_box = QtWidgets.QGroupBox()
        self.paste_edit = QtWidgets.QPlainTextEdit()
        self.paste_edit.setObjectName("paste_code")
        self.paste_edit.setFont(fixed)
        self.paste_edit.setTabChangesFocus(True)
        self.paste_edit.setMaximumHeight(90)
        self.verify_button = QtWidgets.QPushButton()
        self.verify_button.setObjectName("verify_code")
        self.verify_button.clicked.connect(self.verify_pasted)
        self.key_button = QtWidgets.QPushButton()
        self.key_button.clicked.connect(self.choose_certificate)
        self.verify_result = QtWidgets.QLabel()
        self.verify_result.setObjectName("verify_result")
        self.verify_result.setWordWrap(True)
        self.verify_result.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self._certificate: Path | None = None
        verify_buttons = QtWidgets.QHBoxLayout()
        verify_buttons.addWidget(self.verify_button)
        verify_buttons.addWidget(self.key_button)
        verify_buttons.addStretch(1)
        box = QtWidgets.QVBoxLayout(self.verify_box)
        box.addWidget(self.paste_edit)
        box.addLayout(verify_buttons)
        box.addWidget(self.verify_result)

        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addWidget(self.code_label)
        layout.addWidget(self.statement_view)
        layout.addLayout(buttons)
        layout.addWidget(self.verify_box)
        layout.addStretch(1)
        return page

    def _rectifications_tab(self) -> QtWidgets.QWidget:
        self.filter_combo = QtWidgets.QComboBox()
        self.filter_combo.setObjectName("rectification_filter")
        self.filter_label = QtWidgets.QLabel()
        self.filter_label.setBuddy(self.filter_combo)
        self.filter_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.rectification_view = table(7)
        self.rectification_view.setObjectName("rectification_view")
        self.rectification_view.itemSelectionChanged.connect(self._update_step_buttons)
        self.note_edit = QtWidgets.QLineEdit()
        self.note_edit.setObjectName("step_note")
        self.evidence_edit = QtWidgets.QLineEdit()
        self.evidence_edit.setObjectName("step_evidence")
        self.note_label, self.evidence_label = QtWidgets.QLabel(), QtWidgets.QLabel()
        self.note_label.setBuddy(self.note_edit)
        self.evidence_label.setBuddy(self.evidence_edit)
        self.step_buttons: dict[str, QtWidgets.QPushButton] = {}
        steps = QtWidgets.QHBoxLayout()
        for step in ("fix", "verify", "reopen", "waive"):
            button = QtWidgets.QPushButton()
            button.setObjectName(f"step_{step}")
            button.clicked.connect(lambda _checked=False, s=step: self.run_step(s))
            self.step_buttons[step] = button
            steps.addWidget(button)
        steps.addStretch(1)
        head = QtWidgets.QHBoxLayout()
        head.addWidget(self.filter_label)
        head.addWidget(self.filter_combo)
        head.addStretch(1)
        form = QtWidgets.QFormLayout()
        form.addRow(self.note_label, self.note_edit)
        form.addRow(self.evidence_label, self.evidence_edit)
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(head)
        layout.addWidget(self.rectification_view, 1)
        layout.addLayout(form)
        layout.addLayout(steps)
        return page

    # ---------------------------------------------------------- translation

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Application details"))
        self.tabs.setTabText(0, self.tr("Status and indicators"))
        self.tabs.setTabText(1, self.tr("Authorization code"))
        self.tabs.setTabText(2, self.tr("Rectifications"))
        captions = {
            "status": self.tr("Status:"),
            "last": self.tr("Last assessment:"),
            "trend": self.tr("Grade trend:"),
            "due": self.tr("Re-assessment due:"),
            "rectifications": self.tr("Rectifications:"),
            "code": self.tr("Authorization code:"),
            "builds": self.tr("Builds seen in analyses:"),
        }
        for key, text in captions.items():
            self.indicator_captions[key].setText(text)
        self.status_box.setTitle(self.tr("Change status"))
        self.new_status_label.setText(self.tr("New s&tatus:"))
        self.case_label.setText(self.tr("Based on &case:"))
        self.case_edit.setPlaceholderText(self.tr("optional"))
        self.reason_label.setText(self.tr("&Reason:"))
        self.reason_edit.setPlaceholderText(self.tr("Why (kept in the history)"))
        self.apply_status_button.setText(self.tr("A&pply"))
        self.history_label.setText(self.tr("Status &history:"))
        self.history_view.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("From"),
                self.tr("To"),
                self.tr("By"),
                self.tr("Case"),
                self.tr("Reason"),
            ]
        )
        self.days_label.setText(self.tr("&Valid for (days):"))
        self.issue_button.setText(self.tr("&Issue new code…"))
        self.copy_button.setText(self.tr("C&opy code"))
        self.verify_box.setTitle(self.tr("Verify a code"))
        self.paste_edit.setPlaceholderText(
            self.tr("Paste a signed code (IHSA1.…) or type a code id")
        )
        self.verify_button.setText(self.tr("V&erify"))
        self.key_button.setText(self.tr("Regulator cer&tificate…"))
        self.filter_label.setText(self.tr("&Show:"))
        current = self.filter_combo.currentData() or "all"
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        names = {
            "all": self.tr("All"),
            "open": self.tr("Open"),
            "overdue": self.tr("Overdue"),
            "fixed": self.tr("Fixed, awaiting verification"),
            "closed": self.tr("Closed"),
        }
        for state in FILTERS:
            self.filter_combo.addItem(names[state], state)
        self.filter_combo.setCurrentIndex(max(self.filter_combo.findData(current), 0))
        self.filter_combo.blockSignals(False)
        self.rectification_view.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Case"),
                self.tr("Severity"),
                self.tr("Due"),
                self.tr("Status"),
                self.tr("Title"),
                self.tr("Note"),
            ]
        )
        self.note_label.setText(self.tr("&Note / justification:"))
        self.evidence_label.setText(self.tr("E&vidence reference:"))
        self.step_buttons["fix"].setText(self.tr("Mark &fixed"))
        self.step_buttons["verify"].setText(self.tr("Verif&y fix"))
        self.step_buttons["reopen"].setText(self.tr("Re&open"))
        self.step_buttons["waive"].setText(self.tr("&Waive"))
        if self.snapshot is not None:
            self._show(self.snapshot)

    # ------------------------------------------------------------- loading

    def reload(self) -> None:
        state = self.filter_combo.currentData() or "all"
        workspace, application_id = self._workspace, self.application_id
        self._run(lambda: read_snapshot(workspace, application_id, state), self._show)

    def _show(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        indicators = snapshot.indicators
        app = indicators.application
        self.title.setText(f"{app.name}（{app.package}）— {indicators.organisation_name}")
        since = f"{indicators.status_since:%Y-%m-%d}" if indicators.status_since else "—"
        values = self.indicator_values
        values["status"].setText(
            self.tr("%1 since %2").replace("%1", labels.app_status(app.status)).replace("%2", since)
        )
        last = indicators.last_assessment
        values["last"].setText(
            self.tr("Case %1, %2, grade %3, score %4")
            .replace("%1", str(last.case_id))
            .replace("%2", str(last.assessment_date or "—"))
            .replace("%3", last.grade.value if last.grade else "—")
            .replace("%4", f"{last.score:.1f}" if last.score is not None else "—")
            if last
            else self.tr("none approved yet")
        )
        values["trend"].setText(
            " → ".join(
                f"{p.grade.value if p.grade else '—'} ({p.score:.1f})"
                if p.score is not None
                else "—"
                for p in indicators.trend
            )
            or "—"
        )
        due = str(indicators.reassessment_due) if indicators.reassessment_due else "—"
        if indicators.reassessment_overdue:
            due += " " + self.tr("(overdue)")
        values["due"].setText(due)
        values["rectifications"].setText(
            self.tr("%1 open, %2 overdue")
            .replace("%1", str(indicators.open_rectifications))
            .replace("%2", str(indicators.overdue_rectifications))
        )
        values["rectifications"].setStyleSheet(
            ERROR_STYLE if indicators.overdue_rectifications else ""
        )
        values["code"].setText(self._code_text(indicators))
        values["builds"].setText(self._builds_text(indicators))
        values["builds"].setStyleSheet(ERROR_STYLE if indicators.build_alerts else "")
        self.code_label.setText(self._code_text(indicators))
        self.statement_view.setPlainText(indicators.code.statement if indicators.code else "")
        self.copy_button.setEnabled(indicators.code is not None)
        keeps_registry = self._may(*access.REGISTER_EDITORS)
        self.issue_button.setEnabled(app.status == AppStatus.ACTIVE and keeps_registry)
        self.status_box.setEnabled(keeps_registry)
        for widget in (self.issue_button, self.status_box):
            widget.setToolTip("" if keeps_registry else self._reviewer_needed())
        self._fill_status_choices(app.status)
        fill(
            self.history_view,
            [
                [
                    f"{h.at.astimezone():%Y-%m-%d %H:%M}",
                    labels.app_status(h.from_status) if h.from_status else "—",
                    labels.app_status(h.to_status),
                    h.actor,
                    str(h.case_id or ""),
                    h.reason,
                ]
                for h in reversed(snapshot.history)
            ],
        )
        fill(
            self.rectification_view,
            [
                [
                    str(r.id),
                    str(r.case_id),
                    self._severity(r.severity),
                    (str(r.due_date) if r.due_date else "—")
                    + (" ⚠ " + self.tr("overdue") if r.overdue else ""),
                    self._rectification_status(r.status),
                    r.title_en if language() == "en" and r.title_en else r.title,
                    r.note + (f" [{r.evidence_ref}]" if r.evidence_ref else ""),
                ]
                for r in snapshot.rectifications
            ],
        )
        for row, rectification in enumerate(snapshot.rectifications):
            if rectification.overdue:
                for column in range(self.rectification_view.columnCount()):
                    item = self.rectification_view.item(row, column)
                    if item is not None:
                        item.setForeground(QtGui.QColor("#b00020"))
        self._update_step_buttons()

    def _fill_status_choices(self, current: AppStatus) -> None:
        chosen = self.new_status_combo.currentData()
        self.new_status_combo.clear()
        for status in allowed_next(current):
            self.new_status_combo.addItem(labels.app_status(status), status.value)
        index = self.new_status_combo.findData(chosen)
        self.new_status_combo.setCurrentIndex(max(index, 0))

    def _code_text(self, indicators: AppIndicators) -> str:
        code = indicators.code
        if code is None:
            return self.tr("none issued")
        state = {
            "valid": self.tr("valid"),
            "expired": self.tr("expired"),
            "not_yet_valid": self.tr("not valid yet"),
            "revoked": self.tr("revoked"),
        }.get(indicators.code_state, indicators.code_state)
        return (
            self.tr("%1 — %2, %3 to %4 (serial %5)")
            .replace("%1", code.code_id)
            .replace("%2", state)
            .replace("%3", str(code.valid_from))
            .replace("%4", str(code.valid_until))
            .replace("%5", str(code.serial))
        )

    def _builds_text(self, indicators: AppIndicators) -> str:
        if not indicators.build_alerts:
            return self.tr("no counterfeit or outdated build seen")
        kinds = {
            "counterfeit": self.tr("counterfeit (other certificate)"),
            "tampered": self.tr("tampered (signature broken)"),
            "outdated": self.tr("outdated version"),
        }
        return "\n".join(
            f"{kinds.get(a.kind, a.kind)}: {a.file_name} ({a.file_sha256[:12]}…)"
            for a in indicators.build_alerts
        )

    def _severity(self, severity: str) -> str:
        return {
            "critical": self.tr("critical"),
            "high": self.tr("high"),
            "medium": self.tr("medium"),
            "low": self.tr("low"),
            "info": self.tr("info"),
        }.get(severity, severity)

    def _rectification_status(self, status: str) -> str:
        return {
            RectificationStatus.OPEN.value: self.tr("open"),
            RectificationStatus.FIXED.value: self.tr("fixed, awaiting verification"),
            RectificationStatus.VERIFIED.value: self.tr("verified"),
            RectificationStatus.WAIVED.value: self.tr("waived"),
        }.get(status, status)

    def selected_rectification(self) -> Rectification | None:
        if self.snapshot is None:
            return None
        rows = self.rectification_view.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        found = self.snapshot.rectifications
        return found[index] if index < len(found) else None

    def _update_step_buttons(self) -> None:
        selected = self.selected_rectification()
        status = selected.status if selected else None
        reviews = self._may(Role.REVIEWER, Role.ADMIN)
        allowed = {
            "fix": status == "open" and self._may(*access.ANY_ROLE),
            "verify": status == "fixed" and reviews,
            "reopen": status == "fixed" and reviews,
            "waive": status in ("open", "fixed") and reviews,
        }
        for step, button in self.step_buttons.items():
            button.setEnabled(allowed[step])
            button.setToolTip("" if step == "fix" or reviews else self._reviewer_needed())

    def _may(self, *roles: Role) -> bool:
        """Whether the actor holds one of ``roles`` (the service decides; this spares
        a click that could only be refused)."""
        actor = self._workspace.actor
        return actor.single_user or any(actor.has(role) for role in roles)

    def _reviewer_needed(self) -> str:
        actor = self._workspace.actor
        if not actor.username:
            return self.tr("Sign in first")
        return self.tr("Needs the reviewer or administrator role (you are %1)").replace(
            "%1", actor.label()
        )

    # -------------------------------------------------------------- actions

    def apply_status(self) -> None:
        value = self.new_status_combo.currentData()
        if value is None:
            return
        case_text = self.case_edit.text().strip()
        case_id = int(case_text) if case_text else None
        reason = self.reason_edit.text()
        registry, application_id = self._workspace.registry, self.application_id

        def done(_change: object) -> None:
            self.reason_edit.clear()
            self.case_edit.clear()
            self._saved()

        self._run(
            lambda: registry.set_status(application_id, AppStatus(value), reason, case_id=case_id),
            done,
        )

    def run_step(self, step: str) -> None:
        selected = self.selected_rectification()
        if selected is None:
            return
        service = self._workspace.rectifications
        note, evidence = self.note_edit.text(), self.evidence_edit.text()
        calls: dict[str, Callable[[], Any]] = {
            "fix": lambda: service.fix(selected.id, note, evidence_ref=evidence),
            "verify": lambda: service.verify(selected.id, note),
            "reopen": lambda: service.reopen(selected.id, note),
            "waive": lambda: service.waive(selected.id, note),
        }

        def done(_result: object) -> None:
            self.note_edit.clear()
            self.evidence_edit.clear()
            self._saved()

        self._run(calls[step], done)

    def issue_code(self) -> None:
        data_dir = self._workspace.data_dir
        if not regulator_key.exists(data_dir):
            self._error(
                self.tr(
                    "No authorization-code key on this workstation yet: an administrator "
                    "creates it with “ihsa authz init-key”."
                )
            )
            return
        private_path, _public = regulator_key.key_paths(data_dir)
        passphrase = None
        if keystore.stored_passphrase(private_path) is None:
            text, ok = QtWidgets.QInputDialog.getText(
                self,
                self.tr("Authorization-code key"),
                self.tr("Passphrase of the regulator's key:"),
                QtWidgets.QLineEdit.EchoMode.Password,
            )
            if not ok:
                return
            passphrase = text
        days = self.days_spin.value()
        registry, application_id = self._workspace.registry, self.application_id

        def issue() -> object:
            key = regulator_key.unlock(data_dir, passphrase=passphrase)
            if passphrase is not None:
                keystore.remember_passphrase(keystore.open_identity(private_path, passphrase))
            return registry.issue_code(application_id, key, valid_days=days)

        self._run(issue, lambda _code: self._saved())

    def copy_code(self) -> None:
        text = self.statement_view.toPlainText()
        if text:
            QtGui.QGuiApplication.clipboard().setText(text)

    def choose_certificate(self) -> None:
        name, _filter = QtWidgets.QFileDialog.getOpenFileName(
            self,
            self.tr("Regulator certificate"),
            "",
            self.tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"),
        )
        if name:
            self._certificate = Path(name)

    def verify_pasted(self) -> None:
        text = self.paste_edit.toPlainText()
        if not text.strip():
            self._error(self.tr("Paste a code first."))
            return
        workspace, certificate = self._workspace, self._certificate

        def verify() -> Verification:
            public = (
                regulator_key.load_public(certificate)
                if certificate
                else regulator_key.local_public(workspace.data_dir)
            )
            return workspace.registry.verify_code(text, public, date.today())

        self._run(verify, self._show_verification)

    def _show_verification(self, result: Verification) -> None:
        self.verification = result
        lines = [("✓ " if result.valid else "✗ ") + result.message()]
        statement = result.statement
        if statement is not None:
            lines.append(
                f"{statement.code_id} · {statement.organisation_name} ({statement.credit_code}) · "
                f"{statement.application_name} ({statement.package}) · "
                f"{statement.valid_from} – {statement.valid_until} · {statement.issuer}"
            )
        if result.limit():
            lines.append(result.limit())
        self.verify_result.setText("\n".join(lines))
        self.verify_result.setStyleSheet(OK_STYLE if result.valid else ERROR_STYLE)

    # --------------------------------------------------------------- plumbing

    def _saved(self) -> None:
        self.changed.emit()
        self.reload()

    def _error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _run(self, call: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.error_label.hide()
        job = Job(lambda _progress, _cancel: call())
        job.signals.succeeded.connect(on_done)
        job.signals.failed.connect(self._failed)
        job.signals.finished.connect(lambda: self._jobs.discard(job))
        self._jobs.add(job)
        self._pools.start(job, self._pools.db)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self._error(exc.message())
        else:
            show_error(self, exc)
