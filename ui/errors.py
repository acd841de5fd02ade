"""Showing errors: known ones as a message box, anything else as a crash report."""

from __future__ import annotations

import logging
import traceback

from PySide6 import QtCore, QtWidgets

from app.errors import JobCancelled, KnownError

log = logging.getLogger(__name__)


def describe(exc: BaseException) -> str:
    if isinstance(exc, KnownError):
        return exc.message()
    return f"{type(exc).__name__}: {exc}"


def show_error(parent: QtWidgets.QWidget | None, exc: BaseException) -> None:
    """KnownError → a friendly box; a bug → logged with its traceback and shown as such."""
    if isinstance(exc, JobCancelled):
        return
    if isinstance(exc, KnownError):
        title = QtCore.QCoreApplication.translate("Errors", "Error")
        QtWidgets.QMessageBox.warning(parent, title, exc.message())
        return
    details = "".join(traceback.format_exception(exc))
    log.error("unexpected error\n%s", details)
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Critical)
    box.setWindowTitle("IHSA")
    box.setText(describe(exc))
    box.setDetailedText(details)
    box.open()
