"""Python's cyclic garbage collector, run only on the GUI thread.

A collection triggered in a worker thread may destroy Qt objects that belong to
the GUI thread, which crashes Qt. As qutebrowser does, automatic collection is
switched off and a timer on the GUI thread collects instead.
"""

from __future__ import annotations

import gc

from PySide6 import QtCore

INTERVAL_MS = 10_000


class GuiThreadCollector(QtCore.QObject):
    """Owns the collection timer; keep it alive as long as the application runs."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    @QtCore.Slot()
    def collect(self) -> None:
        gc.collect()
