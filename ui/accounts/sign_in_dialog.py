"""Sign-in at start-up (when accounts exist), and after signing out or switching user."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.models import Principal
from app.errors import KnownError
from app.services.workspace import Workspace
from ui.accounts.background import Call
from ui.accounts.password_dialog import ChangePasswordDialog
from ui.dialogs.form_dialog import ERROR_STYLE
from ui.errors import show_error


class SignInDialog(QtWidgets.QDialog):
    """User name and password; a refusal shows under the form and clears the password."""

    def __init__(
        self, workspace: Workspace, parent: QtWidgets.QWidget | None = None, username: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in_dialog")
        self.workspace = workspace
        self.principal: Principal | None = None
        self._call = Call(self)
        self._call.done.connect(self._signed_in)
        self._call.failed.connect(self._refused)
        self.setWindowTitle(self.tr("Sign in — IHSA Workstation"))
        intro = QtWidgets.QLabel(
            self.tr("This workstation has user accounts. Sign in to continue.")
        )
        intro.setWordWrap(True)
        self.username_edit = QtWidgets.QLineEdit(username)
        self.username_edit.setObjectName("sign_in_username")
        self.password_edit = QtWidgets.QLineEdit()
        self.password_edit.setObjectName("sign_in_password")
        self.password_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("&User name:"), self.username_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        self.error_label = QtWidgets.QLabel()
        self.error_label.setObjectName("sign_in_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Sign in")
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        (self.password_edit if username else self.username_edit).setFocus()
        self.setMinimumWidth(380)

    def submit(self) -> None:
        name, password = self.username_edit.text(), self.password_edit.text()
        if not name.strip():
            self._show(self.tr("Enter your user name."))
            return
        self._set_busy(True)
        self._call.start(lambda: self.workspace.accounts.sign_in(name, password))

    def _signed_in(self, principal: Principal) -> None:
        self._set_busy(False)
        self.principal = principal
        if principal.must_change_password:
            dialog = ChangePasswordDialog(self.workspace, self, forced=True)
            dialog.current_edit.setText(self.password_edit.text())
            if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
                self.workspace.accounts.sign_out()
                self.principal = None
                self._show(self.tr("The password must be changed before you can continue."))
                return
            self.principal = self.workspace.actor
        self.password_edit.clear()
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(error, KnownError):
            self._show(error.message())
        else:
            show_error(self, error)

    def _show(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.username_edit, self.password_edit, self.buttons):
            widget.setEnabled(not busy)
        if busy:
            QtWidgets.QApplication.setOverrideCursor(
                QtGui.QCursor(QtCore.Qt.CursorShape.WaitCursor)
            )
        else:
            QtWidgets.QApplication.restoreOverrideCursor()

    def reject(self) -> None:
        if not self._call.running:
            super().reject()


def sign_in_at_start(workspace: Workspace, parent: QtWidgets.QWidget | None = None) -> bool:
    """True to go on: no accounts (single-user mode) or a successful sign-in."""
    if workspace.actor.single_user:
        return True
    dialog = SignInDialog(workspace, parent)
    return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
