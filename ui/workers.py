"""Run long core functions off the GUI thread, with progress and cancellation.

A ``Job`` wraps a plain function ``fn(progress, cancel)`` from ``app``; its
signals are delivered on the GUI thread (queued connections), so slots may touch
widgets. Widgets are never touched from the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore

from app.jobs import CancelToken, ProgressSink, Throttled


class JobSignals(QtCore.QObject):
    """Signals:
    progress_changed(fraction, stage): throttled to ~10 Hz.
    succeeded(result): the function's return value.
    failed(exception): the exception the function raised.
    finished(): after succeeded or failed.
    """

    progress_changed = QtCore.Signal(float, str)
    succeeded = QtCore.Signal(object)
    failed = QtCore.Signal(object)
    finished = QtCore.Signal()


class Job(QtCore.QRunnable):
    def __init__(self, fn: Callable[[ProgressSink, CancelToken], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = JobSignals()
        self.cancel_token = CancelToken()
        self._fn = fn

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        progress = Throttled(self.signals.progress_changed.emit)
        try:
            result = self._fn(progress, self.cancel_token)
        except Exception as exc:  # handed to the GUI thread, which decides how to show it
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


class Pools(QtCore.QObject):
    """Thread pools: long analyses and reports in parallel, database writes one by one.

    Finished jobs are forgotten on the GUI thread, so their Qt signal objects are
    never destroyed from a worker thread.
    """

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.analysis = QtCore.QThreadPool()
        self.analysis.setMaxThreadCount(2)
        self.db = QtCore.QThreadPool()
        self.db.setMaxThreadCount(1)
        self._running: set[Job] = set()

    def start(self, job: Job, pool: QtCore.QThreadPool | None = None) -> Job:
        self._running.add(job)
        job.signals.finished.connect(
            self._forget_finished, QtCore.Qt.ConnectionType.QueuedConnection
        )
        (pool or self.analysis).start(job)
        return job

    @QtCore.Slot()
    def _forget_finished(self) -> None:
        signals = self.sender()
        self._running = {job for job in self._running if job.signals is not signals}

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Cancel running jobs and wait for them (called from closeEvent)."""
        for job in list(self._running):
            job.cancel()
        self.analysis.waitForDone(timeout_ms)
        self.db.waitForDone(timeout_ms)
