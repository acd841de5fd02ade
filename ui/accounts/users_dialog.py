"""Administrators manage accounts: add, roles, disable/enable, unlock, reset password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtWidgets

from app.db.base import utcnow
from app.domain.enums import Role
from app.domain.models import User
from app.errors import KnownError
from app.services.workspace import Workspace
from ui.accounts.background import Call
from ui.accounts.password_dialog import password_rules_text
from ui.dialogs.form_dialog import ERROR_STYLE
from ui.errors import show_error


def role_label(role: Role) -> str:
    labels = {
        Role.ASSESSOR: QtWidgets.QApplication.translate("Roles", "Assessor"),
        Role.REVIEWER: QtWidgets.QApplication.translate("Roles", "Reviewer"),
        Role.ADMIN: QtWidgets.QApplication.translate("Roles", "Administrator"),
    }
    return labels[role]


def roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(role_label(r) for r in Role if r in roles)


class UsersDialog(QtWidgets.QDialog):
    def __init__(self, workspace: Workspace, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_dialog")
        self.workspace = workspace
        self.users: list[User] = []
        self._call = Call(self)
        self._call.done.connect(lambda _result: self.reload())
        self._call.failed.connect(lambda error: show_error(self, error))
        self.setWindowTitle(self.tr("User accounts"))
        self.table = QtWidgets.QTableWidget(0, 5)
        self.table.setObjectName("users_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("User"),
                self.tr("Name"),
                self.tr("Roles"),
                self.tr("State"),
                self.tr("Locked until"),
            ]
        )
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        buttons = QtWidgets.QHBoxLayout()
        actions: list[tuple[str, Callable[[], None]]] = [
            (self.tr("&Add…"), self.add_user),
            (self.tr("&Roles…"), self.edit_roles),
            (self.tr("&Disable / enable"), self.toggle_active),
            (self.tr("&Unlock"), self.unlock),
            (self.tr("Reset &password…"), self.reset_password),
        ]
        for text, slot in actions:
            button = QtWidgets.QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(760, 360)
        self.reload()

    def reload(self) -> None:
        try:
            self.users = self.workspace.accounts.list()
        except KnownError as error:
            show_error(self, error)
            return
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            locked = (
                user.locked_until.astimezone().strftime("%Y-%m-%d %H:%M")
                if user.locked_until and user.locked_until > utcnow()
                else ""
            )
            state = self.tr("active") if user.active else self.tr("disabled")
            if user.must_change_password:
                state += " · " + self.tr("must change password")
            cells = [user.username, user.display_name, roles_text(user.roles), state, locked]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QtWidgets.QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            QtWidgets.QMessageBox.information(self, self.windowTitle(), self.tr("Select a user."))
            return None
        return self.users[rows[0].row()]

    def _run(self, call: Callable[[], Any]) -> None:
        self._call.start(call)

    def add_user(self) -> None:
        dialog = UserFormDialog(self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            name, display, roles, password = dialog.values()
            self._run(
                lambda: self.workspace.accounts.create(name, password, roles, display_name=display)
            )

    def edit_roles(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = UserFormDialog(self, user)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            roles = dialog.values()[2]
            self._run(lambda: self.workspace.accounts.set_roles(user.username, roles))

    def toggle_active(self) -> None:
        user = self.selected()
        if user is not None:
            self._run(lambda: self.workspace.accounts.set_active(user.username, not user.active))

    def unlock(self) -> None:
        user = self.selected()
        if user is not None:
            self._run(lambda: self.workspace.accounts.unlock(user.username))

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        password, ok = QtWidgets.QInputDialog.getText(
            self,
            self.tr("Reset password"),
            self.tr("Temporary password for %1 (to be changed at the next sign-in):").replace(
                "%1", user.username
            )
            + "\n"
            + password_rules_text(),
            QtWidgets.QLineEdit.EchoMode.Password,
        )
        if ok:
            self._run(lambda: self.workspace.accounts.reset_password(user.username, password))


class UserFormDialog(QtWidgets.QDialog):
    """A new account (name, roles, password), or the roles of an existing one."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, user: User | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_form_dialog")
        self.setWindowTitle(
            self.tr("Roles of %1").replace("%1", user.username)
            if user
            else self.tr("New user account")
        )
        form = QtWidgets.QFormLayout()
        self.username_edit = QtWidgets.QLineEdit(user.username if user else "")
        self.display_edit = QtWidgets.QLineEdit(user.display_name if user else "")
        self.role_boxes = {role: QtWidgets.QCheckBox(role_label(role)) for role in Role}
        role_row = QtWidgets.QHBoxLayout()
        for role, box in self.role_boxes.items():
            box.setChecked(bool(user and role in user.roles))
            role_row.addWidget(box)
        self.password_edit = QtWidgets.QLineEdit()
        self.password_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.again_edit = QtWidgets.QLineEdit()
        self.again_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        if user is None:
            form.addRow(self.tr("&User name:"), self.username_edit)
            form.addRow(self.tr("&Display name:"), self.display_edit)
        form.addRow(self.tr("Roles:"), role_row)
        if user is None:
            form.addRow(self.tr("&Password:"), self.password_edit)
            form.addRow(self.tr("&Repeat:"), self.again_edit)
            rules = QtWidgets.QLabel(password_rules_text())
            rules.setWordWrap(True)
            form.addRow(rules)
        self.error_label = QtWidgets.QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._new = user is None
        self.setMinimumWidth(440)

    def values(self) -> tuple[str, str, list[Role], str]:
        roles = [role for role, box in self.role_boxes.items() if box.isChecked()]
        return (
            self.username_edit.text(),
            self.display_edit.text(),
            roles,
            self.password_edit.text(),
        )

    def _check(self) -> None:
        """Only what the service cannot know (the repeat); it checks the rest itself."""
        if self._new and self.password_edit.text() != self.again_edit.text():
            self.error_label.setText(self.tr("The two passwords differ."))
            self.error_label.show()
            return
        self.accept()
