"""Installing Qt translators and switching the interface language at run time.

Source strings are English; Chinese comes from ``resources/i18n/ihsa_zh_CN*.qm``
(built by scripts/build_translations.sh) plus Qt's own ``qtbase_zh_CN.qm`` for
standard buttons and dialogs. English means no translator at all. Installing or
removing a translator makes Qt send every widget a LanguageChange event, which
is how open windows re-label themselves without a restart.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtCore

from app import i18n as core_i18n
from app.paths import resources_dir

log = logging.getLogger(__name__)

QM_PREFIX = "ihsa_zh_CN"


def default_qm_dir() -> Path:
    return resources_dir() / "i18n"


class LanguageSwitcher:
    """Owns the installed translators; ``apply(lang)`` switches between zh and en."""

    def __init__(self, app: QtCore.QCoreApplication, qm_dir: Path | None = None) -> None:
        self._app = app
        self.qm_dir = qm_dir or default_qm_dir()
        self._installed: list[QtCore.QTranslator] = []
        self.language = "en"

    def apply(self, lang: str) -> str:
        """Switch to ``lang`` ("zh" or "en"); returns the language now in effect."""
        lang = core_i18n.normalise(lang)
        self.uninstall()
        if lang == "zh":
            self._installed = self._load_chinese()
            if not self._installed:
                lang = "en"
            for translator in self._installed:
                self._app.installTranslator(translator)
        core_i18n.set_language(lang)
        self.language = lang
        return lang

    def uninstall(self) -> None:
        """Remove the translators this switcher installed (the interface reverts to English)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []

    def _load_chinese(self) -> list[QtCore.QTranslator]:
        """Qt's translator and ours, or nothing when ours are not built."""
        ours = sorted(self.qm_dir.glob(f"{QM_PREFIX}*.qm"))
        if not ours:
            log.warning(
                "no compiled translations (%s*.qm) in %s: the interface stays in English; "
                "run scripts/build_translations.sh",
                QM_PREFIX,
                self.qm_dir,
            )
            return []
        translators = []
        qt_dir = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
        qt_base = QtCore.QTranslator(self._app)
        if qt_base.load("qtbase_zh_CN", qt_dir):
            translators.append(qt_base)
        else:
            log.warning("Qt's own Chinese translation qtbase_zh_CN.qm not found in %s", qt_dir)
        for path in ours:
            translator = QtCore.QTranslator(self._app)
            if translator.load(str(path)):
                translators.append(translator)
            else:
                log.warning("cannot load translation %s", path)
        return translators
