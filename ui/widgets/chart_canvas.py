"""A matplotlib Figure shown inside a Qt window (FigureCanvasQTAgg, never pyplot).

matplotlib is slow to import (seconds on a loaded machine), so it is imported
only when the first chart is shown; ``preload_matplotlib`` warms it up in a
worker thread while the user is busy elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from app.jobs import CancelToken, ProgressSink

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def preload_matplotlib(progress: ProgressSink, cancel: CancelToken) -> None:
    """Import the pure-Python parts of matplotlib (safe off the GUI thread)."""
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401


class ChartCanvas(QtWidgets.QWidget):
    """Holds one figure at a time; ``show_figure`` replaces it."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: QtWidgets.QWidget | None = None
        self.setMinimumHeight(180)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding
        )

    def show_figure(self, figure: Figure) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        canvas = FigureCanvasQTAgg(figure)
        canvas.setParent(self)
        canvas.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding
        )
        canvas.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self._layout.addWidget(canvas)
        self.canvas = canvas
        canvas.draw_idle()

    @property
    def figure(self) -> Figure | None:
        return getattr(self.canvas, "figure", None)
