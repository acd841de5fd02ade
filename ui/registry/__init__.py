"""The regulator's registry in the main window: ``install(window)`` adds its menu.

Registry ▸ Application details… (Ctrl+Shift+D) opens the selected application (on the
Applications tab, or the application of the selected case) with its status history,
authorization code, indicators and rectifications.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from ui.registry.detail_dialog import ApplicationDetailDialog

__all__ = ["ApplicationDetailDialog", "RegistryMenu", "install"]


class RegistryMenu(QtWidgets.QMenu):
    """The menu and its action; relabels itself when the language changes."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("registry_menu")
        self._window = window
        self.details_action = QtGui.QAction(self)
        self.details_action.setObjectName("application_details_action")
        self.details_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+D"))
        self.details_action.triggered.connect(self.open_details)
        self.addAction(self.details_action)
        self.retranslate()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Re&gistry"))
        self.details_action.setText(self.tr("Application &details…"))

    def selected_application_id(self) -> int | None:
        window = self._window
        if window.tabs.currentIndex() == 2:
            record = window._selected_record(window.application_view)
            return record.id if record is not None else None
        case = window.selected_case()
        if case is not None and case.application_id is not None:
            return int(case.application_id)
        record = window._selected_record(window.application_view)
        return record.id if record is not None else None

    def open_details(self) -> ApplicationDetailDialog | None:
        window = self._window
        application_id = self.selected_application_id()
        if application_id is None:
            window.statusBar().showMessage(self.tr("Select an application or a case first."), 4000)
            return None
        dialog = ApplicationDetailDialog(
            window.workspace,
            window.pools,
            application_id,
            parent=window,
        )
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(window.refresh)
        dialog.open()
        return dialog


def install(window: Any) -> RegistryMenu:
    """Add the Registry menu before Help; returns it (tests drive it)."""
    menu = RegistryMenu(window)
    window.menuBar().insertMenu(window.help_menu.menuAction(), menu)
    window.registry_menu = menu
    return menu
