"""The dialog for a bug: what happened, the traceback, and where the log is."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui, QtWidgets


class CrashDialog(QtWidgets.QDialog):
    """Shown by the excepthook; the user may copy the report, continue or quit.

    Attributes:
        quit_requested: True when the user chose to quit the program.
    """

    def __init__(
        self, traceback_text: str, log_file: Path | None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.quit_requested = False
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setWindowIcon(
            self.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxCritical)
        )
        headline = QtWidgets.QLabel(
            self.tr(
                "<b>Something went wrong inside the program.</b> This is a bug, not "
                "something you did. Data saved before this point is safe. Please send "
                "the report below and the log file to your support contact."
            )
        )
        headline.setWordWrap(True)
        log_text = str(log_file) if log_file else self.tr("(no log file could be written)")
        self.log_label = QtWidgets.QLabel(self.tr("Log file: %1").replace("%1", log_text))
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(
            self.log_label.textInteractionFlags()
            | QtGui.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.details = QtWidgets.QPlainTextEdit(traceback_text)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(
            QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        )

        buttons = QtWidgets.QDialogButtonBox()
        copy = buttons.addButton(
            self.tr("&Copy report"), QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        copy.clicked.connect(self.copy_report)
        buttons.addButton(self.tr("C&ontinue"), QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        quit_button = buttons.addButton(
            self.tr("&Quit"), QtWidgets.QDialogButtonBox.ButtonRole.DestructiveRole
        )
        quit_button.clicked.connect(self._quit)
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(760, 460)

    def report_text(self) -> str:
        return f"{self.log_label.text()}\n\n{self.details.toPlainText()}"

    def copy_report(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.report_text())

    def _quit(self) -> None:
        self.quit_requested = True
        self.accept()
