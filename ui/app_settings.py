"""The workstation's remembered preferences (QSettings, INI format).

Keys are shared with the wizard (it reads ``assessor/default_name``); tests point
QSettings at a temporary folder with ``QSettings.setPath(IniFormat, UserScope, tmp)``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6 import QtCore

from app.i18n import normalise
from app.paths import user_data_dir

ORGANISATION = "IHSA"
APPLICATION = "ihsa-workstation"

LANGUAGE = "ui/language"
DATA_FOLDER = "data/folder"
DEFAULT_ASSESSOR = "assessor/default_name"
WINDOW_GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
SPLITTER_STATE = "window/case_splitter"
CASE_HEADER_STATE = "window/case_header"


class AppSettings:
    """Typed access to the few settings the GUI keeps."""

    def __init__(self) -> None:
        self.qsettings = QtCore.QSettings(
            QtCore.QSettings.Format.IniFormat,
            QtCore.QSettings.Scope.UserScope,
            ORGANISATION,
            APPLICATION,
        )

    @property
    def language(self) -> str:
        """ "zh" (the default) or "en"."""
        return normalise(str(self.qsettings.value(LANGUAGE, "zh")))

    @language.setter
    def language(self, lang: str) -> None:
        self.qsettings.setValue(LANGUAGE, normalise(lang))

    @property
    def data_folder_setting(self) -> str:
        """The folder the user chose, or "" for the platform default."""
        return str(self.qsettings.value(DATA_FOLDER, "") or "")

    @data_folder_setting.setter
    def data_folder_setting(self, folder: str) -> None:
        self.qsettings.setValue(DATA_FOLDER, folder.strip())

    def data_folder(self) -> Path:
        """Where the database lives: IHSA_DATA_DIR, else the chosen folder, else the default."""
        if os.environ.get("IHSA_DATA_DIR"):
            return user_data_dir()
        chosen = self.data_folder_setting
        return Path(chosen) if chosen else user_data_dir()

    @property
    def default_assessor(self) -> str:
        return str(self.qsettings.value(DEFAULT_ASSESSOR, "") or "")

    @default_assessor.setter
    def default_assessor(self, name: str) -> None:
        self.qsettings.setValue(DEFAULT_ASSESSOR, name.strip())

    def bytes_value(self, key: str) -> QtCore.QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QtCore.QByteArray) else None

    def set_bytes(self, key: str, value: QtCore.QByteArray) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()
