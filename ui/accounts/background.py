"""Run one service call off the GUI thread (scrypt takes ~0.3 s; a long log takes longer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore

from ui.workers import Job


class Call(QtCore.QObject):
    """Runs ``fn`` in the global pool; ``done(result)`` or ``failed(exception)`` on the GUI thread.

    The owner keeps the Call until ``finished``; ``running`` says whether one is under way.
    """

    done = QtCore.Signal(object)
    failed = QtCore.Signal(object)
    finished = QtCore.Signal()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._job: Job | None = None

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self, fn: Callable[[], Any]) -> bool:
        if self._job is not None:
            return False
        job = Job(lambda _progress, _cancel: fn())
        job.signals.succeeded.connect(self.done)
        job.signals.failed.connect(self.failed)
        job.signals.finished.connect(self._finished)
        self._job = job
        QtCore.QThreadPool.globalInstance().start(job)
        return True

    def wait(self, timeout_ms: int = 10000) -> None:
        """For tests and shutdown: let the pool finish, then deliver the signals."""
        QtCore.QThreadPool.globalInstance().waitForDone(timeout_ms)
        QtCore.QCoreApplication.processEvents()

    def _finished(self) -> None:
        self._job = None
        self.finished.emit()
