"""A record form that saves through a service and shows refusals next to the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.errors import KnownError
from ui.errors import show_error
from ui.workers import Job, Pools

ERROR_STYLE = "color: #b00020;"


class FormDialog(QtWidgets.QDialog):
    """Base of the register dialogs.

    Subclasses lay out their fields in ``self.form`` and implement ``save_call``,
    which reads the fields (on the GUI thread) and returns the service call to run
    in the database pool. A ValidationError or ConflictError appears in
    ``self.error_label`` and the dialog stays open with everything typed intact.

    Signals:
        saved(record): the service accepted the record; the dialog then closes.
    """

    saved = QtCore.Signal(object)

    def __init__(self, pools: Pools, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._pools = pools
        self._job: Job | None = None
        self.form = QtWidgets.QFormLayout()
        self.form.setFieldGrowthPolicy(
            QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        )
        self.error_label = QtWidgets.QLabel()
        self.error_label.setObjectName("form_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.error_label.hide()
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def save_call(self) -> Callable[[], Any]:
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        return self._job is not None

    def submit(self) -> None:
        """Run the save in the database pool; the result arrives in a slot."""
        if self._job is not None:
            return
        self.error_label.hide()
        call = self.save_call()
        job = Job(lambda _progress, _cancel: call())
        job.signals.succeeded.connect(self._on_saved)
        job.signals.failed.connect(self._on_failed)
        self._set_busy(True)
        self._job = self._pools.start(job, self._pools.db)

    def show_error_inline(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def reject(self) -> None:
        if self._job is None:  # a save in flight finishes first
            super().reject()

    def _on_saved(self, record: object) -> None:
        self._job = None
        self._set_busy(False)
        self.saved.emit(record)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._job = None
        self._set_busy(False)
        if isinstance(exc, KnownError):
            self.show_error_inline(exc.message())
        else:
            show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            self.setCursor(QtCore.Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()


def lines_of(text: str) -> list[str]:
    """Non-empty, stripped lines of a multi-line field."""
    return [line.strip() for line in text.splitlines() if line.strip()]
