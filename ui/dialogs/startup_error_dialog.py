"""When the database cannot be opened at start: choose another data folder, retry, or quit.

With a database server (``IHSA_DB_URL``) another folder would not help: the dialog
names the server and offers to try again once it is reachable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from app.errors import KnownError
from app.services.workspace import Workspace


class StartupErrorDialog(QtWidgets.QDialog):
    """Explains a KnownError from opening the workspace; never shows a traceback."""

    def __init__(
        self,
        error: KnownError,
        data_folder: Path,
        parent: QtWidgets.QWidget | None = None,
        server: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.chosen_folder: Path | None = None
        self.data_folder = data_folder
        self.setWindowTitle(self.tr("Cannot open the case database"))
        icon_label = QtWidgets.QLabel()
        warning = self.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon_label.setPixmap(warning.pixmap(48, 48))
        self.message_label = QtWidgets.QLabel(error.message())
        self.message_label.setObjectName("startup_error")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("font-weight: bold;")
        if server:
            folder_label = QtWidgets.QLabel(self.tr("Database server: %1").replace("%1", server))
            advice = QtWidgets.QLabel(
                self.tr(
                    "Check that the server is running and reachable from this computer and "
                    "that the user name and password in the database address are right, "
                    "then try again. Nothing has been changed."
                )
            )
        else:
            folder_label = QtWidgets.QLabel(
                self.tr("Data folder: %1").replace("%1", str(data_folder))
            )
            advice = QtWidgets.QLabel(
                self.tr(
                    "You can open (or create) the database in another folder, for example "
                    "a restored backup, or quit and fix the problem first. Nothing has been "
                    "changed in the current folder."
                )
            )
        folder_label.setWordWrap(True)
        advice.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox()
        if server:
            self.choose_button = buttons.addButton(
                self.tr("&Try again"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.choose_button.clicked.connect(self._retry)
        else:
            self.choose_button = buttons.addButton(
                self.tr("&Choose another folder…"),
                QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole,
            )
            self.choose_button.clicked.connect(self._choose)
        buttons.addButton(self.tr("&Quit"), QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        text = QtWidgets.QVBoxLayout()
        text.addWidget(self.message_label)
        text.addWidget(folder_label)
        text.addWidget(advice)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(icon_label, 0)
        top.addLayout(text, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.message_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        # Word-wrapped labels: let the layout give the dialog the height they need.
        layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetMinimumSize)

    def _retry(self) -> None:
        self.chosen_folder = self.data_folder
        self.accept()

    def _choose(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("Choose a data folder"))
        if folder:
            self.chosen_folder = Path(folder)
            self.accept()

    @classmethod
    def ask(cls, error: KnownError, data_folder: Path) -> Path | None:
        """Modal question; the folder to try next, or None to quit (tests replace this)."""
        dialog = cls(error, data_folder, server=Workspace.configured_server())
        dialog.exec()
        return dialog.chosen_folder
