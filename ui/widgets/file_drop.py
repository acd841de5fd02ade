"""Accept local files dropped from the file manager onto any widget."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets


def local_files(mime: QtCore.QMimeData, folders: bool = False) -> list[Path]:
    """The local files (and with ``folders`` the folders, never remote URLs) a drag carries."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.is_file() or (folders and path.is_dir())]


class FileDropFilter(QtCore.QObject):
    """Makes ``widget`` a drop target for files.

    Signals:
    files_dropped(list[Path]): local files (and, with ``folders``, folders) were dropped.
    """

    files_dropped = QtCore.Signal(list)

    def __init__(self, widget: QtWidgets.QWidget, folders: bool = False) -> None:
        super().__init__(widget)
        self.folders = folders
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind in (QtCore.QEvent.Type.DragEnter, QtCore.QEvent.Type.DragMove):
            assert isinstance(event, QtGui.QDragMoveEvent)
            if local_files(event.mimeData(), self.folders):
                event.acceptProposedAction()
                return True
        elif kind == QtCore.QEvent.Type.Drop:
            assert isinstance(event, QtGui.QDropEvent)
            files = local_files(event.mimeData(), self.folders)
            if files:
                event.acceptProposedAction()
                self.files_dropped.emit(files)
                return True
        return super().eventFilter(watched, event)
