"""The screenshot module renders every window to a real PNG, from a throw-away profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtGui, QtWidgets

from tests.ui import main_support
from ui import screenshots

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(main_support.OFFSCREEN_NOISE)]
compiled_translations = main_support.compiled_translations


def test_screenshots_are_written_as_non_empty_pngs(
    qapp: QtWidgets.QApplication, tmp_path: Path, compiled_translations: Path
) -> None:
    data_dir = Path(main_support.os.environ["IHSA_DATA_DIR"])
    written = screenshots.render_all(tmp_path / "shots", "zh")
    names = {path.stem for path in written}
    assert {"main_cases", "organisation_dialog", "about_dialog", "wizard_review"} <= names
    for path in written:
        image = QtGui.QImage(str(path))
        assert not image.isNull(), path
        assert image.width() >= 300 and image.height() >= 150, path
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 5)
            for y in range(0, image.height(), 5)
        }
        assert len(colours) > 8, path  # text and controls, not a blank grab
    assert not data_dir.exists()  # the user's data folder was never touched
