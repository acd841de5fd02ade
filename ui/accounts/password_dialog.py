"""Change one's own password (also forced after an administrator's reset)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtWidgets

from app.errors import KnownError
from app.services.workspace import Workspace
from ui.accounts.background import Call
from ui.dialogs.form_dialog import ERROR_STYLE
from ui.errors import show_error


def password_rules_text() -> str:
    return QtWidgets.QApplication.translate(
        "PasswordRules",
        "At least 10 characters with three of: upper-case, lower-case, digits, symbols; "
        "not containing the user name.",
    )


class ChangePasswordDialog(QtWidgets.QDialog):
    def __init__(
        self, workspace: Workspace, parent: QtWidgets.QWidget | None = None, *, forced: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("change_password_dialog")
        self.workspace = workspace
        self._call = Call(self)
        self._call.done.connect(lambda _result: self.accept())
        self._call.failed.connect(self._refused)
        self.setWindowTitle(self.tr("Change password"))
        layout = QtWidgets.QVBoxLayout(self)
        if forced:
            note = QtWidgets.QLabel(
                self.tr("An administrator reset your password. Choose a new one now.")
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        self.current_edit = _secret()
        self.new_edit = _secret()
        self.again_edit = _secret()
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("&Current password:"), self.current_edit)
        form.addRow(self.tr("&New password:"), self.new_edit)
        form.addRow(self.tr("&Repeat:"), self.again_edit)
        layout.addLayout(form)
        rules = QtWidgets.QLabel(password_rules_text())
        rules.setWordWrap(True)
        layout.addWidget(rules)
        self.error_label = QtWidgets.QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        if self.new_edit.text() != self.again_edit.text():
            self._show(self.tr("The two new passwords differ."))
            return
        current, new = self.current_edit.text(), self.new_edit.text()
        self._start(lambda: self.workspace.accounts.change_password(current, new))

    def _start(self, call: Callable[[], Any]) -> None:
        self.error_label.hide()
        self._call.start(call)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self._show(error.message())
        else:
            show_error(self, error)

    def _show(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def _secret() -> QtWidgets.QLineEdit:
    edit = QtWidgets.QLineEdit()
    edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
    return edit
