"""About: what this program is and the versions a support request needs."""

from __future__ import annotations

import platform

import PySide6
from PySide6 import QtCore, QtWidgets

import app
from ui.icons import icon


def version_rows(rule_pack: str) -> list[tuple[str, str]]:
    """(component, version) pairs shown in the dialog and copied for support."""
    return [
        (app.APP_NAME, app.__version__),
        ("Qt", QtCore.qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", platform.python_version()),
        (QtCore.QCoreApplication.translate("AboutDialog", "Rule pack"), rule_pack),
    ]


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
        self.rows = version_rows(rule_pack)
        versions = QtWidgets.QFormLayout()
        for name, version in self.rows:
            value = QtWidgets.QLabel(version)
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            versions.addRow(name + ":", value)
        copy = QtWidgets.QPushButton(self.tr("&Copy versions"))
        copy.clicked.connect(self.copy_versions)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        text = QtWidgets.QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        text.addSpacing(8)
        text.addLayout(versions)
        top = QtWidgets.QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(logo)
        top.addLayout(text, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def versions_text(self) -> str:
        return "\n".join(f"{name}: {version}" for name, version in self.rows)

    def copy_versions(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.versions_text())
