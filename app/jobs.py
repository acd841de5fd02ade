"""Progress and cancellation for long work, without Qt.

Long operations take ``progress`` and ``cancel`` arguments; the GUI wraps them in
workers and the CLI passes no-ops.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from app.errors import JobCancelled


class ProgressSink(Protocol):
    def __call__(self, fraction: float, stage: str = "") -> None: ...


def no_progress(fraction: float, stage: str = "") -> None:
    """Progress sink for callers that do not display progress."""


class CancelToken:
    """Cooperative cancellation flag shared between a caller and a worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise JobCancelled()


class Throttled:
    """Forward progress at most every ``interval`` seconds (plus the final 1.0)."""

    def __init__(self, sink: Callable[[float, str], None], interval: float = 0.1) -> None:
        self._sink = sink
        self._interval = interval
        self._last = 0.0

    def __call__(self, fraction: float, stage: str = "") -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last >= self._interval:
            self._last = now
            self._sink(fraction, stage)
