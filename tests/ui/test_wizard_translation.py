"""Every visible string of the wizard has a Chinese translation, and Chinese is what shows."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest
from PySide6 import QtCore, QtWidgets

from app.domain.models import Case
from app.services.workspace import Workspace
from tests.ui.wizard_helpers import domain_page, open_wizard
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

REPO = Path(__file__).resolve().parents[2]
WIZARD_TS = REPO / "resources" / "i18n" / "ihsa_zh_CN_wizard.ts"
TOOLS = Path(PySide6.__file__).parent


def qt_tool(name: str) -> Path:
    tool = TOOLS / name
    if not tool.exists():
        pytest.skip(f"{name} is not shipped with this PySide6 installation")
    return tool


def untranslated(ts: Path) -> list[str]:
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if (
                translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not (translation.text or "").strip()
            ):
                missing.append(f"{name}: {message.findtext('source')}")
    return missing


def test_the_wizard_translation_file_is_current_and_complete(tmp_path: Path) -> None:
    lupdate = qt_tool("lupdate")
    scanned = tmp_path / "wizard.ts"
    shutil.copy(WIZARD_TS, scanned)
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "ui" / "wizard").rglob("*.py"))
    subprocess.run(
        [
            str(lupdate),
            "-silent",
            "-no-obsolete",
            "-locations",
            "relative",
            *sources,
            "-ts",
            str(scanned),
        ],
        cwd=REPO,
        check=True,
    )
    assert untranslated(scanned) == []


@pytest.fixture
def chinese(tmp_path: Path) -> Iterator[None]:
    lrelease = qt_tool("lrelease")
    compiled = tmp_path / "wizard.qm"
    subprocess.run([str(lrelease), "-silent", str(WIZARD_TS), "-qm", str(compiled)], check=True)
    translator = QtCore.QTranslator()
    assert translator.load(str(compiled))
    app = QtCore.QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    yield
    app.removeTranslator(translator)


def test_the_wizard_speaks_chinese_by_default(
    qtbot,
    chinese: None,
    request: pytest.FixtureRequest,
    workspace: Workspace,
    pools: Pools,
    case: Case,
) -> None:
    wizard = open_wizard(request, workspace, pools, case.id)
    assert wizard.button(QtWidgets.QWizard.WizardButton.NextButton).text() == "下一步(&N) >"
    assert wizard.case_page.title() == "案件信息"
    page = domain_page(wizard)
    buttons = [b.text() for b in page.editor.result_buttons.values()]
    assert buttons == ["&1 符合", "&2 部分符合", "&3 不符合", "&4 不适用", "&5 未评估"]
    assert page.list.item(0).text().split("\n")[0].endswith("未评估")
