"""Accounts in the GUI: who is signed in, switching user, users and the audit log.

``install(window)`` is the one call ui/main_window.py makes; ``sign_in_at_start`` is
called by ui/main.py before the main window is shown.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.enums import Role
from app.services.workspace import Workspace
from ui.accounts.sign_in_dialog import SignInDialog, sign_in_at_start

__all__ = ["AccountsMenu", "install", "sign_in_at_start"]


class AccountsMenu(QtCore.QObject):
    """The Account menu and the "signed in as" status-bar label of one main window."""

    def __init__(self, window: QtWidgets.QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("accounts_menu")
        self.window = window
        self.workspace: Workspace = window.workspace  # type: ignore[attr-defined]
        self.menu = QtWidgets.QMenu(window)
        self.menu.setObjectName("account_menu")
        bar = window.menuBar()
        help_menu = getattr(window, "help_menu", None)
        if help_menu is not None:
            bar.insertMenu(help_menu.menuAction(), self.menu)
        else:
            bar.addMenu(self.menu)
        self.switch_action = self.menu.addAction("", self.switch_user)
        self.sign_out_action = self.menu.addAction("", self.sign_out)
        self.password_action = self.menu.addAction("", self.change_password)
        self.menu.addSeparator()
        self.users_action = self.menu.addAction("", self.manage_users)
        self.audit_action = self.menu.addAction("", self.show_audit_log)
        self.audit_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+L"))
        self.user_label = QtWidgets.QLabel()
        self.user_label.setObjectName("signed_in_label")
        window.statusBar().addPermanentWidget(self.user_label)
        window.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.window and event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Account"))
        self.switch_action.setText(self.tr("&Switch user…"))
        self.sign_out_action.setText(self.tr("Sign &out"))
        self.password_action.setText(self.tr("Change &password…"))
        self.users_action.setText(self.tr("&User accounts…"))
        self.audit_action.setText(self.tr("Audit &log…"))
        self.update_state()

    def update_state(self) -> None:
        actor = self.workspace.actor
        if actor.single_user:
            text = self.tr("Single-user mode: %1 (no accounts)").replace("%1", actor.username)
            tip = self.tr(
                "Nobody signs in while the workstation has no accounts. Creating the first "
                "(administrator) account under Account ▸ User accounts turns sign-in on."
            )
        elif actor.signed_in:
            text = self.tr("Signed in as %1").replace("%1", actor.label())
            tip = ", ".join(sorted(r.value for r in actor.roles))
        else:
            text, tip = self.tr("Not signed in"), ""
        self.user_label.setText(text)
        self.user_label.setToolTip(tip)
        signed_in = actor.signed_in
        self.switch_action.setEnabled(not actor.single_user)
        self.sign_out_action.setEnabled(signed_in)
        self.password_action.setEnabled(signed_in)
        self.users_action.setEnabled(actor.single_user or actor.has(Role.ADMIN))

    def switch_user(self) -> None:
        previous = self.workspace.actor.username
        self.workspace.accounts.sign_out()
        self._ask_sign_in(previous)

    def sign_out(self) -> None:
        self.workspace.accounts.sign_out()
        self._ask_sign_in("")

    def _ask_sign_in(self, username: str) -> None:
        """Nobody may keep working signed out: cancelling closes the window."""
        self.update_state()
        dialog = SignInDialog(self.workspace, self.window, username)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            self.window.close()
            return
        self.update_state()
        refresh = getattr(self.window, "refresh", None)
        if callable(refresh):
            refresh()

    def change_password(self) -> QtWidgets.QDialog:
        from ui.accounts.password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.workspace, self.window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def manage_users(self) -> QtWidgets.QDialog:
        from ui.accounts.users_dialog import UsersDialog

        dialog = UsersDialog(self.workspace, self.window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self.update_state)  # the first account turns sign-in on
        dialog.open()
        return dialog

    def show_audit_log(self) -> QtWidgets.QDialog:
        from ui.accounts.audit_dialog import AuditLogDialog

        dialog = AuditLogDialog(self.workspace, self.window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


def install(window: QtWidgets.QMainWindow) -> AccountsMenu:
    """Add the Account menu and the signed-in label to the main window."""
    menu = AccountsMenu(window)
    window.accounts_menu = menu  # type: ignore[attr-defined]
    return menu
