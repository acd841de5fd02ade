"""The architecture's import rules (DESIGN.md §3)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_core_never_imports_qt_or_ui() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _python_files("app")
        if _imports(p) & {"PySide6", "ui", "shiboken6"}
    ]
    assert offenders == []


def test_only_the_apk_package_imports_androguard() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("app", "ui")
        for p in _python_files(folder)
        if "androguard" in _imports(p) and "apk" not in p.relative_to(ROOT).parts[:2]
    ]
    assert offenders == []


def test_the_layer_check_sees_an_offending_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6 import QtCore\nimport ui.main\n")
    assert {"PySide6", "ui"} <= _imports(sample)
