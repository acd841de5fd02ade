"""Case hand-over in the main window: File → Export case bundle… / Import case bundle….

``install(window)`` adds the two actions; the main window calls it once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui

from ui.dialogs import report_dialogs
from ui.handover.dialogs import ExportBundleDialog, ImportBundleDialog, bundle_filter


class HandoverActions(QtCore.QObject):
    """The hand-over actions of one main window, re-labelled on a language change."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ExportBundleDialog | ImportBundleDialog | None = None
        self.export_action = QtGui.QAction(window)
        self.export_action.setObjectName("export_bundle_action")
        self.export_action.triggered.connect(self.export_selected)
        self.import_action = QtGui.QAction(window)
        self.import_action.setObjectName("import_bundle_action")
        self.import_action.triggered.connect(self.import_bundle)
        before = window.settings_action
        window.file_menu.insertAction(before, self.export_action)
        window.file_menu.insertAction(before, self.import_action)
        window.file_menu.insertSeparator(before)
        window.installEventFilter(self)
        window.case_view.selectionModel().currentRowChanged.connect(self._update_enabled)
        window.data_refreshed.connect(self._update_enabled)
        self.retranslate()
        self._update_enabled()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.window and event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.export_action.setText(self.tr("Export case &bundle…"))
        self.export_action.setToolTip(
            self.tr("Write the selected case as a signed bundle to hand over")
        )
        self.import_action.setText(self.tr("&Import case bundle…"))
        self.import_action.setToolTip(self.tr("Verify a case bundle and merge its case"))

    def _update_enabled(self) -> None:
        self.export_action.setEnabled(self.window.selected_case() is not None)

    def export_selected(self) -> ExportBundleDialog | None:
        case = self.window.selected_case()
        if case is None:
            self.window.statusBar().showMessage(self.tr("Select a case first."), 4000)
            return None
        dialog = ExportBundleDialog(self.window.workspace, self.window.pools, case, self.window)
        return self._open(dialog)

    def import_bundle(self, path: Path | None = None) -> ImportBundleDialog | None:
        """Choose a bundle (unless given), then preview and import it."""
        if path is None:
            path = report_dialogs.ask_open_path(
                self.window,
                self.tr("Choose a case bundle to import"),
                report_dialogs.report_folder(),
                bundle_filter() + ";;" + self.tr("All files (*)"),
            )
        if path is None:
            return None
        dialog = ImportBundleDialog(self.window.workspace, self.window.pools, path, self.window)
        dialog.imported.connect(self._imported)
        self._open(dialog)
        dialog.start_preview()
        return dialog

    def _imported(self, case_id: int) -> None:
        self.window._case_changed(case_id)  # reload the list and select the case

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog


def install(window: Any) -> HandoverActions:
    """Add the hand-over actions to ``window``'s File menu."""
    actions = HandoverActions(window)
    window.handover_actions = actions
    return actions
