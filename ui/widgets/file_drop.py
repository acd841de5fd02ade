"""Accept local files dropped from the file manager onto any widget."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets


def local_files(mime: QtCore.QMimeData) -> list[Path]:
    """The local files (not folders, not remote URLs) a drag carries."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.is_file()]


class FileDropFilter(QtCore.QObject):
    """Makes ``widget`` a drop target for files.

    Signals:
    files_dropped(list[Path]): local files were dropped on the widget.
    """

    files_dropped = QtCore.Signal(list)

    def __init__(self, widget: QtWidgets.QWidget) -> None:
        super().__init__(widget)
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind in (QtCore.QEvent.Type.DragEnter, QtCore.QEvent.Type.DragMove):
            assert isinstance(event, QtGui.QDragMoveEvent)
            if local_files(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QtCore.QEvent.Type.Drop:
            assert isinstance(event, QtGui.QDropEvent)
            files = local_files(event.mimeData())
            if files:
                event.acceptProposedAction()
                self.files_dropped.emit(files)
                return True
        return super().eventFilter(watched, event)
