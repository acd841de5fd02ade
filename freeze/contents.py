"""What goes into the PyInstaller bundle besides the Python modules it finds itself.

Kept apart from ``build.spec`` (which only runs inside PyInstaller) so that a fast
test can check the lists against the source tree on every run: a data folder that
moved, a migration PyInstaller would not see, or an excluded Qt module the GUI
started to use would otherwise only show when somebody builds the bundle.

Every destination mirrors the source layout, because ``app/paths.py`` (and
``app/db/migrate.py``, relative to its own ``__file__``) look for the files there:
``sys._MEIPASS`` is the ``_internal`` folder of a one-folder bundle.
"""

from __future__ import annotations

import os
from pathlib import Path

# The CJK font the PDF report embeds (app/report/fonts.py looks in resources/fonts/).
# Copied into the bundle only; the repository never holds it. IHSA_BUNDLE_FONT
# points at another .ttf/.ttc; set it empty to build without a font (Windows has
# Microsoft YaHei, which fonts.py finds in %WINDIR%\Fonts).
DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
# Apache-2.0 or GPL-3+ with the font exception: its copyright file travels with it.
DEFAULT_FONT_COPYRIGHT = Path("/usr/share/doc/fonts-wqy-microhei/copyright")
FONT_ENV_VAR = "IHSA_BUNDLE_FONT"
FONTS_DEST = "resources/fonts"

# Alembic loads env.py and versions/*.py from disk, so they must be real files.
MIGRATIONS = "app/db/migrations"
MIGRATION_FILES = ("env.py", "__init__.py", "versions/*.py")

# Qt translation sources: only the compiled .qm files are needed at run time.
SKIPPED_SUFFIXES = frozenset({".ts", ".pyc"})

# Modules PyInstaller cannot see because they are imported by name or from files.
# Each entry: (module, why). The CLI's sub-command modules are added by the spec from
# app.cli.main.COMMAND_MODULES, which build_parser() imports with importlib.
HIDDEN_IMPORTS: tuple[tuple[str, str], ...] = (
    ("app.db.rows", "migrations/env.py (loaded from a file) imports it to register the tables"),
    ("app.db.base", "migrations/env.py and versions/0001_initial.py import it"),
    ("alembic.context", "migrations/env.py imports it; Alembic proxies it at run time"),
    ("alembic.op", "every versions/*.py migration imports it"),
)

# Installed but unused PySide6 modules (the GUI imports QtCore, QtGui, QtWidgets;
# matplotlib's Qt backend also imports QtSvg). Excluding them keeps their Python
# bindings and Qt libraries out of the bundle. The add-on families at the end are
# not in PySide6-Essentials but would be picked up from a full PySide6 install.
UNUSED_QT_MODULES: tuple[str, ...] = (
    "QtConcurrent",
    "QtDBus",
    "QtDesigner",
    "QtHelp",
    "QtNetwork",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPrintSupport",
    "QtQml",
    "QtQuick",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtSql",
    "QtSvgWidgets",
    "QtTest",
    "QtUiTools",
    "QtXml",
    "Qt3DCore",
    "Qt3DRender",
    "QtCharts",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtPdf",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineWidgets",
)

# Other packages that are installed next to ours but never run in the product.
EXCLUDED_PACKAGES: tuple[str, ...] = (
    "tkinter",  # matplotlib's Tk backend; we draw with Agg and the Qt backend
    "_tkinter",
    "IPython",  # androguard's interactive shell dependencies, and matplotlib's inline hooks
    "ipykernel",
    "jupyter_client",
    "jupyter_core",
    "matplotlib_inline",
    "traitlets",
    "PyQt5",  # matplotlib's qt_compat tries every binding; we ship PySide6 only
    "PyQt6",
    "PySide2",
    "pkg_resources",  # only PyInstaller's pyi_rth_pkgres imported it: ~0.3 s at every start
    "setuptools",  # build-time only (cffi's shim for compiling extensions)
    "distutils",
    "pytest",
    "_pytest",
    "hypothesis",
    "tests",
    "bench",
)


def excludes() -> list[str]:
    return [f"PySide6.{name}" for name in UNUSED_QT_MODULES] + list(EXCLUDED_PACKAGES)


def hidden_imports(command_modules: tuple[str, ...]) -> list[str]:
    return [name for name, _why in HIDDEN_IMPORTS] + list(command_modules)


def data_files(root: Path) -> list[tuple[str, str]]:
    """``(destination relative to the bundle, source file)`` for every bundled data file.

    ``rules/`` and ``resources/`` go over whole (minus .ts sources, byte code and any
    local fonts); the migrations only as the files Alembic reads.
    """
    entries: list[tuple[str, str]] = []
    for folder in ("rules", "resources"):
        entries += _tree(root, folder)
    for pattern in MIGRATION_FILES:
        for source in sorted((root / MIGRATIONS).glob(pattern)):
            entries.append((source.relative_to(root).as_posix(), str(source)))
    return entries


def check_data_files(entries: list[tuple[str, str]]) -> None:
    """Refuse to build a bundle that would start but misbehave; the message says why."""
    destinations = {dest for dest, _src in entries}
    if not any(
        dest.startswith("resources/i18n/") and dest.endswith(".qm") for dest in destinations
    ):
        raise BundleContentError(
            "no compiled translations in resources/i18n: run scripts/build_translations.sh "
            "--release first (without them the bundled GUI would be in English)"
        )
    for needed in ("rules/pack.yaml", f"{MIGRATIONS}/env.py"):
        if needed not in destinations:
            raise BundleContentError(f"{needed} is missing from the source tree")


def is_unused_qt_translation(destination: str) -> bool:
    """Qt's own catalogues for languages we do not offer (the interface is zh_CN or English)."""
    folder, _sep, name = destination.replace("\\", "/").rpartition("/")
    keep = name.startswith("qt") and name.endswith("_zh_CN.qm")
    return folder.endswith("PySide6/Qt/translations") and not keep


def font_files() -> list[tuple[str, str]]:
    """The CJK font and its copyright file as ``(destination, source)``, or none if waived."""
    chosen = os.environ.get(FONT_ENV_VAR)
    if chosen == "":
        return []
    font = Path(chosen) if chosen else DEFAULT_FONT
    if not font.is_file():
        raise BundleContentError(
            f"CJK font {font} not found: install fonts-wqy-microhei, point {FONT_ENV_VAR} at "
            f"a TrueType .ttf/.ttc font, or set {FONT_ENV_VAR}= (empty) to build without one"
        )
    entries = [(f"{FONTS_DEST}/{font.name}", str(font))]
    if font == DEFAULT_FONT and DEFAULT_FONT_COPYRIGHT.is_file():
        entries.append((f"{FONTS_DEST}/{font.stem}.copyright", str(DEFAULT_FONT_COPYRIGHT)))
    return entries


class BundleContentError(Exception):
    """A build-time problem with the bundle's data; the message says how to fix it."""


def _tree(root: Path, folder: str) -> list[tuple[str, str]]:
    if not (root / folder).is_dir():
        raise BundleContentError(f"data folder {folder}/ is missing from {root}")
    return [
        (path.relative_to(root).as_posix(), str(path))
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
        and path.suffix not in SKIPPED_SUFFIXES
        and "__pycache__" not in path.parts
        and not path.is_relative_to(root / FONTS_DEST)  # the font comes from font_files()
    ]
