"""A titled section whose body folds away, to keep long guidance out of the way."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets


class CollapsibleSection(QtWidgets.QWidget):
    """Signals:
    toggled(bool): the section was expanded (True) or collapsed (False).
    """

    toggled = QtCore.Signal(bool)

    def __init__(self, body: QtWidgets.QWidget, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QtWidgets.QToolButton(self)
        self.button.setCheckable(True)
        self.button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        self.button.toggled.connect(self._on_toggled)
        self.body = body
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.button)
        layout.addWidget(body)
        self._on_toggled(False)

    def set_title(self, text: str) -> None:
        self.button.setText(text)

    def set_expanded(self, expanded: bool) -> None:
        self.button.setChecked(expanded)

    def is_expanded(self) -> bool:
        return self.button.isChecked()

    def _on_toggled(self, expanded: bool) -> None:
        self.button.setArrowType(
            QtCore.Qt.ArrowType.DownArrow if expanded else QtCore.Qt.ArrowType.RightArrow
        )
        self.body.setVisible(expanded)
        self.toggled.emit(expanded)
