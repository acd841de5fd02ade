"""Preferences: interface language, data folder, default assessor."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtWidgets

from ui.icons import icon


@dataclass(frozen=True)
class SettingsValues:
    language: str
    data_folder: str
    default_assessor: str


class SettingsDialog(QtWidgets.QDialog):
    """Edits ``SettingsValues``; the caller applies and stores them on accept."""

    def __init__(
        self,
        values: SettingsValues,
        effective_data_folder: Path,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setWindowIcon(icon("settings"))
        self._initial = values

        self.language_combo = QtWidgets.QComboBox()
        self.language_combo.addItem("中文（简体）", "zh")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(values.language)))
        language_note = self._note(self.tr("The language changes as soon as you press OK."))

        self.folder_edit = QtWidgets.QLineEdit(values.data_folder)
        self.folder_edit.setPlaceholderText(str(effective_data_folder))
        self.folder_edit.setClearButtonEnabled(True)
        browse = QtWidgets.QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        folder_row = QtWidgets.QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        folder_note = self._note(
            self.tr(
                "Where the case database and evidence are kept. Empty means the default "
                "folder. A new folder takes effect after a restart."
            )
        )

        self.assessor_edit = QtWidgets.QLineEdit(values.default_assessor)
        self.assessor_edit.setPlaceholderText(self.tr("Your name, filled into new assessments"))

        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Language:"), self.language_combo)
        form.addRow("", language_note)
        folder_label = QtWidgets.QLabel(self.tr("&Data folder:"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        form.addRow("", folder_note)
        form.addRow(self.tr("Default &assessor:"), self.assessor_edit)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(620, 300)

    @staticmethod
    def _note(text: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(placeholder-text);")
        return label

    def _browse(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(
            self, self.tr("Choose the data folder"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def values(self) -> SettingsValues:
        return SettingsValues(
            language=str(self.language_combo.currentData()),
            data_folder=self.folder_edit.text().strip(),
            default_assessor=self.assessor_edit.text().strip(),
        )
