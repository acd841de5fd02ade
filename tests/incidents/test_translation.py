"""Every string of ui/incidents has its Chinese translation in ihsa_zh_CN_incidents.ts."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_every_incidents_string_is_translated(tmp_path: Path) -> None:
    lupdate = Path(PySide6.__file__).parent / "lupdate"
    if not os.access(lupdate, os.X_OK):
        pytest.skip(f"{lupdate} is not shipped with this PySide6")
    sources = sorted(str(p) for p in (ROOT / "ui" / "incidents").rglob("*.py"))
    ts = tmp_path / "ihsa_zh_CN_incidents.ts"
    ts.write_bytes((ROOT / "resources" / "i18n" / "ihsa_zh_CN_incidents.ts").read_bytes())
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(ts)], check=True)
    messages = [
        (context.findtext("name"), message.findtext("source"), message.find("translation"))
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    ]
    assert len(messages) > 50
    untranslated = [(c, s) for c, s, t in messages if t.get("type") == "unfinished"]
    assert untranslated == []
