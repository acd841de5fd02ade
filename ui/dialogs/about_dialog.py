"""About: what this program is and the versions a support request needs."""

from __future__ import annotations

import platform

from PySide6 import QtCore, QtWidgets

import app
from ui.icons import icon


def version_rows(rule_pack: str) -> list[tuple[str, str]]:
    """(component, version) pairs shown in the dialog and copied for support."""
    return [
        ("IHSA Workstation", app.__version__),
        ("Qt", QtCore.qVersion()),
        ("PySide6", _pyside_version()),
        ("Python", platform.python_version()),
        (QtCore.QCoreApplication.translate("AboutDialog", "Rule pack"), rule_pack),
    ]


def _pyside_version() -> str:
    import PySide6

    return PySide6.__version__


class AboutDialog(QtWidgets.QDialog):
    def __init__(self, rule_pack: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About IHSA Workstation"))
        self.setWindowIcon(icon("app"))
        logo = QtWidgets.QLabel()
        logo.setPixmap(icon("app").pixmap(64, 64))
        logo.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        title = QtWidgets.QLabel(f"<h2>{app.APP_NAME_ZH}</h2><p>{app.APP_NAME}</p>")
        blurb = QtWidgets.QLabel(
            self.tr(
                "Assesses internet hospitals and their Android apps offline: checklists, "
                "evidence, local APK analysis, a 100-point score with grades A/B/C and "
                "signed PDF reports. It never uses the network."
            )
        )
        blurb.setWordWrap(True)
        self.versions = QtWidgets.QTableWidget(0, 2)
        self.versions.setObjectName("versions")
        self.versions.horizontalHeader().hide()
        self.versions.verticalHeader().hide()
        self.versions.horizontalHeader().setStretchLastSection(True)
        self.versions.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        for name, version in version_rows(rule_pack):
            row = self.versions.rowCount()
            self.versions.insertRow(row)
            self.versions.setItem(row, 0, QtWidgets.QTableWidgetItem(name))
            self.versions.setItem(row, 1, QtWidgets.QTableWidgetItem(version))
        self.versions.resizeColumnToContents(0)
        self.versions.setFixedHeight(
            self.versions.verticalHeader().length() + 2 * self.versions.frameWidth()
        )
        copy = QtWidgets.QPushButton(self.tr("&Copy versions"))
        copy.clicked.connect(self.copy_versions)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        text = QtWidgets.QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        text.addWidget(self.versions)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(text, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def versions_text(self) -> str:
        return "\n".join(
            f"{self.versions.item(row, 0).text()}: {self.versions.item(row, 1).text()}"
            for row in range(self.versions.rowCount())
        )

    def copy_versions(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.versions_text())
