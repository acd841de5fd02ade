"""GUI tests collect Python garbage on the GUI thread only, as the application does.

A collection started by a worker thread could destroy a widget left over from an
earlier test in the wrong thread and crash Qt (see ui/garbage.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was_enabled:
        gc.enable()
