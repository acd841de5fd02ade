"""Every string of ui/accounts has a Chinese translation in ihsa_zh_CN_accounts.ts."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest

REPO = Path(__file__).resolve().parents[2]
ACCOUNTS_TS = REPO / "resources" / "i18n" / "ihsa_zh_CN_accounts.ts"


def test_the_accounts_translation_file_is_current_and_complete(tmp_path: Path) -> None:
    lupdate = Path(PySide6.__file__).parent / "lupdate"
    if not lupdate.exists():
        pytest.skip("lupdate is not shipped with this PySide6 installation")
    scanned = tmp_path / "accounts.ts"
    shutil.copy(ACCOUNTS_TS, scanned)
    sources = sorted(str(p) for p in (REPO / "ui" / "accounts").rglob("*.py"))
    subprocess.run(
        [str(lupdate), "-silent", "-no-obsolete", *sources, "-ts", str(scanned)], check=True
    )
    missing = []
    for context in ET.parse(scanned).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
            if translation.get("type") or not all((f or "").strip() for f in forms):
                missing.append(f"{context.findtext('name')}: {message.findtext('source')}")
    assert missing == []
