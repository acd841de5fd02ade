"""Incident register and periodic statistics in the main window (事件通报、定期统计).

``install(window)`` adds an "Incidents" tab, an "Incidents" menu (show the tab, new
incident, produce a notice, statistics report) and keeps the tab's list in step with
the window's refreshes.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from ui.incidents.statistics_dialog import StatisticsDialog
from ui.incidents.view import IncidentsView


class IncidentsMenu(QtCore.QObject):
    """Owns the tab, the menu and its actions; re-labels them on a language change."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.view = IncidentsView(window.workspace, window.pools)
        self.tab_index = window.tabs.addTab(self.view, "")
        self.show_action = QtGui.QAction(self)
        self.show_action.setShortcut(QtGui.QKeySequence("Ctrl+4"))
        self.show_action.triggered.connect(self.show_tab)
        self.new_action = QtGui.QAction(self)
        self.new_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+I"))
        self.new_action.triggered.connect(self.new_incident)
        self.statistics_action = QtGui.QAction(self)
        self.statistics_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+S"))
        self.statistics_action.triggered.connect(self.open_statistics)
        self.menu = QtWidgets.QMenu(window)
        self.menu.addActions([self.show_action, self.new_action])
        self.menu.addSeparator()
        self.menu.addAction(self.statistics_action)
        bar = window.menuBar()
        help_action = window.help_menu.menuAction()
        bar.insertMenu(help_action, self.menu)
        window.data_refreshed.connect(self.view.refresh)
        self.view.installEventFilter(self)
        self.retranslate()
        self.view.refresh()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.view and event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Incidents"))
        self.show_action.setText(self.tr("&Incident register"))
        self.new_action.setText(self.tr("&New incident…"))
        self.statistics_action.setText(self.tr("Periodic &statistics…"))
        self.window.tabs.setTabText(self.tab_index, self.tr("Incidents"))

    def show_tab(self) -> None:
        self.window.tabs.setCurrentIndex(self.tab_index)
        self.view.table.setFocus()

    def new_incident(self) -> QtWidgets.QDialog | None:
        self.show_tab()
        return self.view.new_incident()

    def open_statistics(self) -> StatisticsDialog:
        dialog = StatisticsDialog(self.window.workspace, self.window.pools, self.window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.show_figures()
        return dialog


def install(window: Any) -> IncidentsMenu:
    """Add the incidents tab and menu to the main window (called once by MainWindow)."""
    menu = IncidentsMenu(window)
    window.incidents = menu
    return menu
