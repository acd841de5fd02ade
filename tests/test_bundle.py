"""The PyInstaller bundle: its contents lists (always) and a built bundle (when there is one).

Building takes minutes, so CI does not; the ``bundle`` test smoke-checks an existing
``dist/ihsa`` (``scripts/build_bundle.sh`` builds it) and is skipped otherwise.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from app import frozen, paths
from app.cli.main import COMMAND_MODULES
from app.db import migrate
from freeze import contents, smoke

ROOT = Path(__file__).resolve().parents[1]


def _python_imports(folder: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


def test_data_files_cover_what_the_program_reads_at_run_time() -> None:
    destinations = {dest for dest, _src in contents.data_files(ROOT)}
    for needed in (
        "rules/pack.yaml",
        "rules/scoring.yaml",
        "rules/apk/catalog.yaml",
        "resources/icons/app.svg",
        "app/db/migrations/env.py",
        "app/db/migrations/versions/0001_initial.py",
    ):
        assert needed in destinations
    assert not any(dest.endswith(".ts") for dest in destinations)
    every_migration = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / contents.MIGRATIONS).glob("versions/*.py")
    }
    assert every_migration <= destinations


def test_destinations_are_where_the_frozen_program_looks() -> None:
    # In the bundle bundle_root() is sys._MEIPASS; the layout below it mirrors the tree.
    assert paths.rules_dir().relative_to(paths.bundle_root()).as_posix() == "rules"
    assert paths.resources_dir().relative_to(paths.bundle_root()).as_posix() == "resources"
    assert migrate.MIGRATIONS_DIR.relative_to(ROOT).as_posix() == contents.MIGRATIONS


def _fake_tree(root: Path, *, qm: bool) -> Path:
    for name in ("rules/pack.yaml", "app/db/migrations/env.py", "resources/i18n/ihsa_zh_CN.ts"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    if qm:
        (root / "resources/i18n/ihsa_zh_CN.qm").write_bytes(b"qm")
    (root / "resources/fonts").mkdir()
    (root / "resources/fonts/local.ttf").write_bytes(b"font")
    (root / "rules/__pycache__").mkdir()
    (root / "rules/__pycache__/x.pyc").write_bytes(b"")
    return root


def test_translations_must_be_compiled_before_a_build(tmp_path: Path) -> None:
    entries = contents.data_files(_fake_tree(tmp_path, qm=False))
    with pytest.raises(
        contents.BundleContentError, match=re.escape("build_translations.sh --release")
    ):
        contents.check_data_files(entries)


def test_sources_byte_code_and_local_fonts_stay_out(tmp_path: Path) -> None:
    entries = contents.data_files(_fake_tree(tmp_path, qm=True))
    contents.check_data_files(entries)
    assert sorted(dest for dest, _src in entries) == [
        "app/db/migrations/env.py",
        "resources/i18n/ihsa_zh_CN.qm",
        "rules/pack.yaml",
    ]


def test_a_missing_data_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(contents.BundleContentError, match="rules/"):
        contents.data_files(tmp_path)


def test_font_goes_to_resources_fonts_with_its_licence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(contents.FONT_ENV_VAR, "")
    assert contents.font_files() == []
    monkeypatch.setenv(contents.FONT_ENV_VAR, str(tmp_path / "absent.ttc"))
    with pytest.raises(contents.BundleContentError, match=re.escape("absent.ttc")):
        contents.font_files()
    chosen = tmp_path / "cjk.ttf"
    chosen.write_bytes(b"font")
    monkeypatch.setenv(contents.FONT_ENV_VAR, str(chosen))
    assert contents.font_files() == [("resources/fonts/cjk.ttf", str(chosen))]
    monkeypatch.delenv(contents.FONT_ENV_VAR)
    if not contents.DEFAULT_FONT.is_file():
        pytest.skip(f"{contents.DEFAULT_FONT} is not installed (fonts-wqy-microhei)")
    assert [dest for dest, _src in contents.font_files()] == [
        "resources/fonts/wqy-microhei.ttc",
        "resources/fonts/wqy-microhei.copyright",
    ]


def test_excluded_qt_modules_are_not_used() -> None:
    used = _python_imports("ui") | _python_imports("app")
    used.add("PySide6.QtSvg")  # matplotlib's Qt backend imports it (qt_compat)
    excluded = set(contents.excludes())
    assert not {name for name in used if name.startswith("PySide6.")} & excluded
    assert not {name.split(".")[0] for name in used} & excluded
    for needed in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg"):
        assert needed not in excluded


def test_hidden_imports_exist() -> None:
    import importlib.util

    names = contents.hidden_imports(COMMAND_MODULES)
    assert set(COMMAND_MODULES) <= set(names)
    assert [name for name in names if importlib.util.find_spec(name) is None] == []


def test_only_chinese_qt_catalogues_are_kept() -> None:
    drop = contents.is_unused_qt_translation
    assert drop("PySide6/Qt/translations/qtbase_de.qm")
    assert drop("PySide6/Qt/translations/designer_zh_CN.qm")
    assert not drop("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not drop("resources/i18n/ihsa_zh_CN.qm")


class _Recorder:
    """Stands in for PyInstaller's spec globals and records what the spec builds."""

    def __init__(self) -> None:
        self.calls: dict[str, list[dict[str, Any]]] = {}

    def factory(self, kind: str, **attrs: Any) -> Any:
        def build(*args: Any, **kwargs: Any) -> SimpleNamespace:
            self.calls.setdefault(kind, []).append({"args": args, **kwargs})
            return SimpleNamespace(**{key: list(value) for key, value in attrs.items()})

        return build


def _exec_spec(monkeypatch: pytest.MonkeyPatch, debug: bool) -> _Recorder:
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec prepends the repo root
    monkeypatch.setenv(contents.FONT_ENV_VAR, "")
    if debug:
        monkeypatch.setenv("PYINSTALLER_DEBUG", "1")
    else:
        monkeypatch.delenv("PYINSTALLER_DEBUG", raising=False)
    fixed = [
        ("rules/pack.yaml", "p"),
        ("resources/i18n/x.qm", "q"),
        ("app/db/migrations/env.py", "e"),
    ]
    monkeypatch.setattr(contents, "data_files", lambda root: list(fixed))
    recorder = _Recorder()
    scripts = [("pyi_rth_multiprocessing", "r", "PYSOURCE")] + [
        (name, f"{name}.py", "PYSOURCE") for name in ("entry_gui", "entry_cli")
    ]
    namespace = {
        "SPECPATH": str(ROOT),
        "Analysis": recorder.factory(
            "Analysis",
            scripts=scripts,
            pure=[],
            binaries=[],
            datas=[("PySide6/Qt/translations/qtbase_fr.qm", "f", "DATA")],
        ),
        "PYZ": recorder.factory("PYZ"),
        "EXE": recorder.factory("EXE"),
        "COLLECT": recorder.factory("COLLECT"),
    }
    source = (ROOT / "build.spec").read_text(encoding="utf-8")
    exec(compile(source, "build.spec", "exec"), namespace)
    recorder.calls["datas"] = namespace["a"].datas
    return recorder


def test_spec_builds_two_programs_in_one_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    built = _exec_spec(monkeypatch, debug=False)
    gui, cli = built.calls["EXE"]
    assert (gui["name"], gui["console"]) == ("ihsa-gui", False)
    assert (cli["name"], cli["console"]) == ("ihsa", True)
    assert [s[0] for s in gui["args"][1]] == ["pyi_rth_multiprocessing", "entry_gui"]
    assert [s[0] for s in cli["args"][1]] == ["pyi_rth_multiprocessing", "entry_cli"]
    (collect,) = built.calls["COLLECT"]
    assert collect["name"] == "ihsa"
    (analysis,) = built.calls["Analysis"]
    assert "tkinter" in analysis["excludes"]
    assert "app.cli.analyze_cmd" in analysis["hiddenimports"]
    assert ("app/db/migrations/env.py", "e", "DATA") in built.calls["datas"]
    assert not any(dest.endswith("qtbase_fr.qm") for dest, *_ in built.calls["datas"])


def test_pyinstaller_debug_gives_the_gui_a_console(monkeypatch: pytest.MonkeyPatch) -> None:
    gui, _cli = _exec_spec(monkeypatch, debug=True).calls["EXE"]
    assert gui["console"] is True and gui["debug"] is True


def test_entry_scripts_call_freeze_support_before_importing_the_program() -> None:
    for script, program in (("entry_cli.py", "app.cli.main"), ("entry_gui.py", "ui.main")):
        body = ast.parse((ROOT / "freeze" / script).read_text(encoding="utf-8")).body
        statements = [ast.unparse(node) for node in body[1:]]  # after the docstring
        first_import = statements.index(
            f"from {program} import {'main' if 'cli' in script else 'run'}"
        )
        assert "multiprocessing.freeze_support()" in statements[:first_import], script


def test_without_a_bundle_the_smoke_check_says_how_to_build_one(tmp_path: Path) -> None:
    reason = smoke.missing_bundle_reason(tmp_path)
    assert reason is not None and "scripts/build_bundle.sh" in reason
    assert smoke.main([str(tmp_path)]) == 2


def test_matplotlib_cache_is_kept_only_in_a_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPLCONFIGDIR", "/tmp/pyinstaller-temporary")
    assert frozen.keep_matplotlib_cache(tmp_path) is None  # from source: left alone
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    folder = frozen.keep_matplotlib_cache(tmp_path)
    assert folder == tmp_path / "matplotlib" and folder.is_dir()
    assert Path(os.environ["MPLCONFIGDIR"]) == folder
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("MPLCONFIGDIR", "/tmp/pyinstaller-temporary")
    assert frozen.keep_matplotlib_cache(blocked) is None
    assert os.environ["MPLCONFIGDIR"] == "/tmp/pyinstaller-temporary"


@pytest.mark.bundle
def test_built_bundle_passes_the_smoke_check(tmp_path: Path) -> None:
    reason = smoke.missing_bundle_reason(smoke.DEFAULT_BUNDLE)
    if reason:
        pytest.skip(reason)
    results = smoke.run(smoke.DEFAULT_BUNDLE, tmp_path)
    assert [r.name for r in results][-2:] == [
        "ihsa-gui (offscreen, to first window and quit)",
        "ihsa-gui as the analysis server",
    ]


@pytest.mark.gui
def test_gui_quits_itself_only_when_the_smoke_variable_is_a_number(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.main import SMOKE_QUIT_ENV, schedule_smoke_quit

    quits: list[bool] = []
    monkeypatch.delenv(SMOKE_QUIT_ENV, raising=False)
    assert not schedule_smoke_quit(lambda: quits.append(True))
    monkeypatch.setenv(SMOKE_QUIT_ENV, "soon")
    assert not schedule_smoke_quit(lambda: quits.append(True))
    monkeypatch.setenv(SMOKE_QUIT_ENV, "0")
    assert schedule_smoke_quit(lambda: quits.append(True))
    qtbot.waitUntil(lambda: quits == [True])
