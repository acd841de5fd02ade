"""Background jobs deliver their results on the GUI thread, many times over, safely."""

from __future__ import annotations

import pytest
from PySide6 import QtCore

from app.jobs import CancelToken, ProgressSink
from ui.workers import Job, Pools

pytestmark = pytest.mark.gui


def test_hundreds_of_jobs_report_back_intact(qtbot) -> None:  # type: ignore[no-untyped-def]
    # PySide6 6.12.0 corrupted reference counts when worker threads emitted
    # signals (crash after a few hundred emits); pyproject excludes it.
    pools = Pools()
    results: list[object] = []
    finished: list[int] = []
    gui_thread = QtCore.QThread.currentThread()
    threads_seen: set[bool] = set()

    def work(n: int):  # type: ignore[no-untyped-def]
        def fn(progress: ProgressSink, cancel: CancelToken) -> dict[str, object]:
            for step in range(50):
                progress(1.0, f"step {step}")  # 1.0 always passes the throttle
            return {"n": n, "flag": n % 2 == 0, "none": None}

        return fn

    def record(result: object) -> None:
        threads_seen.add(QtCore.QThread.currentThread() is gui_thread)
        results.append(result)

    progress_seen: list[float] = []
    for n in range(300):
        job = Job(work(n))
        job.signals.progress_changed.connect(lambda f, _s: progress_seen.append(f))
        job.signals.succeeded.connect(record)
        job.signals.finished.connect(lambda n=n: finished.append(n))
        pools.start(job)
    qtbot.waitUntil(lambda: len(finished) == 300, timeout=30000)
    pools.shutdown()
    assert sorted(r["n"] for r in results) == list(range(300))  # type: ignore[index]
    assert threads_seen == {True}
    assert len(progress_seen) == 300 * 50
