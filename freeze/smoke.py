"""Smoke check of a built bundle: does each program start and do its main job?

``python -m freeze.smoke [dist/ihsa]`` runs the bundled programs the way a user
would, in a throw-away data folder, and prints one line per step with its wall
time. ``scripts/build_bundle.sh`` runs it after every build and
``tests/test_bundle.py`` runs it when a bundle exists. The steps, in order:

1. ``ihsa --version`` — the bootloader and the Python runtime start;
2. ``ihsa rules info --json`` — the bundled rule pack is the one in the source tree;
3. ``ihsa demo`` — Alembic finds the migration files and creates the database;
4. ``ihsa analyze APP.apk --json`` — the analysis child runs frozen, and
   its result equals the one the source tree gives for the same file;
5. ``ihsa cert new`` / ``report --sign`` / ``verify`` — the CJK font and pyHanko;
6. ``ihsa-gui`` offscreen with ``IHSA_SMOKE_QUIT_MS=0`` — the main window is shown
   (its log says so) and the program quits by itself;
7. ``ihsa-gui`` started the way multiprocessing starts the analysis fork server —
   its ``freeze_support()`` diverts it into the server instead of the GUI, and
   the analysis forked from it returns its result.

It never touches the user's data folder, settings, cache or keyring: every child
gets ``IHSA_DATA_DIR``, ``XDG_CONFIG_HOME``, ``XDG_CACHE_HOME`` in the scratch
folder and a keyring backend that stores nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUNDLE = ROOT / "dist" / "ihsa"
STEP_TIMEOUT = 180.0
PASSPHRASE_VAR = "IHSA_SMOKE_PASSPHRASE"


class SmokeFailure(Exception):
    """A step did not do what it should; the message has the command and its output."""


@dataclass(frozen=True)
class StepResult:
    name: str
    seconds: float
    detail: str = ""


@dataclass
class Bundle:
    """A built one-folder bundle and a scratch folder for one smoke run."""

    folder: Path
    scratch: Path

    @property
    def cli(self) -> Path:
        return self.folder / _exe("ihsa")

    @property
    def gui(self) -> Path:
        return self.folder / _exe("ihsa-gui")

    @property
    def data_dir(self) -> Path:
        return self.scratch / "data"

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            IHSA_DATA_DIR=str(self.data_dir),
            XDG_CONFIG_HOME=str(self.scratch / "config"),
            XDG_CACHE_HOME=str(self.scratch / "cache"),
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            QT_QPA_PLATFORM="offscreen",
        )
        env.pop("IHSA_RULES_DIR", None)  # the bundled rules, not a developer's override
        env.pop("IHSA_CJK_FONT", None)  # the bundled font
        env.update(extra)
        return env

    def run(self, argv: list[str], **extra_env: str) -> tuple[float, str]:
        """Run a command; its wall time and stdout, or SmokeFailure with its output."""
        started = time.perf_counter()
        try:
            done = subprocess.run(
                argv,
                env=self.env(**extra_env),
                cwd=self.scratch,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=STEP_TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(f"{_show(argv)} did not finish in {STEP_TIMEOUT:g} s") from exc
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SmokeFailure(
                f"{_show(argv)} exited with {done.returncode}\n"
                f"stdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-4000:]}"
            )
        return seconds, done.stdout


def missing_bundle_reason(folder: Path) -> str | None:
    """Why ``folder`` cannot be smoke-checked, or None if both programs are there."""
    for name in ("ihsa", "ihsa-gui"):
        if not (folder / _exe(name)).is_file():
            return (
                f"no bundle at {folder} ({_exe(name)} missing): build it with "
                "scripts/build_bundle.sh (takes minutes, so CI does not)"
            )
    return None


def steps(bundle: Bundle) -> Iterator[Callable[[], StepResult]]:
    """The checks in order (later ones use the database the demo step creates)."""
    yield lambda: check_version(bundle)
    yield lambda: check_rules(bundle)
    yield lambda: check_demo(bundle)
    yield lambda: check_analyze(bundle)
    yield lambda: check_signed_report(bundle)
    yield lambda: check_gui(bundle)
    yield lambda: check_gui_analysis_child(bundle)


def check_version(bundle: Bundle) -> StepResult:
    from app import __version__

    seconds, out = bundle.run([str(bundle.cli), "--version"])
    _expect(out.strip() == f"ihsa {__version__}", f"--version printed {out!r}")
    return StepResult("ihsa --version", seconds, out.strip())


def check_rules(bundle: Bundle) -> StepResult:
    from app.rules import default_pack

    seconds, out = bundle.run([str(bundle.cli), "rules", "info", "--json"])
    bundled = json.loads(out)["hash"]
    source = default_pack().hash
    _expect(bundled == source, f"bundled rule pack {bundled} differs from the source's {source}")
    return StepResult("ihsa rules info --json", seconds, f"pack hash {bundled[:12]}… = source")


def check_demo(bundle: Bundle) -> StepResult:
    seconds, out = bundle.run([str(bundle.cli), "demo"])
    _expect((bundle.data_dir / "ihsa.db").is_file(), "demo did not create ihsa.db")
    return StepResult("ihsa demo", seconds, out.strip())


def check_analyze(bundle: Bundle) -> StepResult:
    apk = sample_apk(bundle.scratch)
    seconds, out = bundle.run([str(bundle.cli), "analyze", str(apk), "--json"])
    source_seconds, source_out = bundle.run(
        [sys.executable, "-m", "app", "analyze", str(apk), "--json"], PYTHONPATH=str(ROOT)
    )
    frozen, reference = _without_timings(json.loads(out)), _without_timings(json.loads(source_out))
    _expect(frozen == reference, "the bundle's analysis differs from the source tree's")
    findings = len(frozen.get("findings", []))
    return StepResult(
        "ihsa analyze APK --json",
        seconds,
        f"{apk.name}: {findings} findings, same as source (source run {source_seconds:.2f} s)",
    )


def check_signed_report(bundle: Bundle) -> StepResult:
    p12, pdf = bundle.scratch / "assessor.p12", bundle.scratch / "report.pdf"
    secret = {PASSPHRASE_VAR: "smoke-check-passphrase"}
    cli = str(bundle.cli)
    passphrase = ["--passphrase-env", PASSPHRASE_VAR]
    bundle.run([cli, "cert", "new", "--name", "冒烟测试", "--out", str(p12), *passphrase], **secret)
    seconds, _ = bundle.run(
        [cli, "report", "1", "--out", str(pdf), "--sign", "--p12", str(p12), *passphrase], **secret
    )
    data = pdf.read_bytes()
    _expect(data.startswith(b"%PDF-"), "the report is not a PDF")
    _expect(b"/FontFile2" in data, "no embedded TrueType (CJK) font in the report")
    bundle.run([cli, "verify", str(pdf)])
    if sys.platform.startswith("linux"):  # XDG_CACHE_HOME is where platformdirs looks
        font_cache = list((bundle.scratch / "cache").glob("*/matplotlib/fontlist-*.json"))
        _expect(bool(font_cache), "matplotlib's font cache was not kept in the user cache folder")
    return StepResult("ihsa report 1 --sign; verify", seconds, f"{len(data) // 1024} KiB, verified")


def check_gui(bundle: Bundle) -> StepResult:
    seconds, _ = bundle.run([str(bundle.gui)], IHSA_SMOKE_QUIT_MS="0")
    log = bundle.data_dir / "logs" / "ihsa-gui.log"
    _expect(log.is_file(), f"the GUI wrote no log at {log}")
    text = log.read_text(encoding="utf-8")
    _expect("main window shown" in text, f"the GUI log does not say the window was shown:\n{text}")
    _expect("Traceback" not in text, f"the GUI logged a traceback:\n{text}")
    return StepResult("ihsa-gui (offscreen, to first window and quit)", seconds)


# Run by the source tree's Python with ``-c`` (a main script file would be re-run in
# the child) and with the interpreter flags a frozen program has (-B -S -I): the
# fork server is then started the way the frozen GUI starts its own — the same
# executable with its own flags — which is what lets the bundle's runtime hook
# recognise the command. The paths come as arguments because -I and -S ignore
# PYTHONPATH and site-packages.
FROZEN_FLAGS = ("-B", "-S", "-I")
_GUI_CHILD_PARENT = """
import sys
sys.path[:0] = sys.argv[3:]
import json, multiprocessing
from multiprocessing import resource_tracker
from pathlib import Path
resource_tracker.ensure_running()
multiprocessing.set_executable(sys.argv[1])
sys.frozen = True  # the command line of a frozen parent
from app.apk.isolation import analyze_isolated
print(json.dumps(analyze_isolated(Path(sys.argv[2]), timeout=60)))
"""


def check_gui_analysis_child(bundle: Bundle) -> StepResult:
    """The GUI's own executable, started as the analysis server, runs an analysis (not Qt)."""
    apk = sample_apk(bundle.scratch, name="gui-child.apk")
    paths = [str(ROOT), *(p for p in sys.path if p.endswith("-packages"))]
    argv = [
        sys.executable,
        *FROZEN_FLAGS,
        "-c",
        _GUI_CHILD_PARENT,
        str(bundle.gui),
        str(apk),
        *paths,
    ]
    seconds, out = bundle.run(argv)
    from tests.apk.builders.samples import VULNERABLE_PACKAGE

    result = json.loads(out)
    _expect(result.get("package") == VULNERABLE_PACKAGE, f"unexpected result {out[:300]}")
    return StepResult("ihsa-gui as the analysis server", seconds, "result returned to the parent")


def sample_apk(folder: Path, name: str = "vulnerable.apk") -> Path:
    """A small APK with findings, built by the test suite's builders (no file needed)."""
    sys.path.insert(0, str(ROOT))
    from tests.apk.builders.samples import vulnerable_apk

    return vulnerable_apk(folder, name=name)


def run(
    folder: Path, scratch: Path, report: Callable[[StepResult], None] = lambda _r: None
) -> list[StepResult]:
    """Run every step against ``folder``; stops at the first failure (SmokeFailure)."""
    bundle = Bundle(folder.resolve(), scratch)
    results = []
    for step in steps(bundle):
        result = step()
        report(result)
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-check a built ihsa bundle.")
    parser.add_argument("bundle", nargs="?", type=Path, default=DEFAULT_BUNDLE)
    args = parser.parse_args(argv)
    reason = missing_bundle_reason(args.bundle)
    if reason:
        print(f"smoke: {reason}", file=sys.stderr)
        return 2

    def show(result: StepResult) -> None:
        print(f"  ok  {result.seconds:6.2f} s  {result.name}  {result.detail}".rstrip(), flush=True)

    with tempfile.TemporaryDirectory(prefix="ihsa-smoke-") as scratch:
        try:
            run(args.bundle, Path(scratch), show)
        except SmokeFailure as failure:
            print(f"smoke: FAILED: {failure}", file=sys.stderr)
            return 1
    print("smoke: bundle OK")
    return 0


def _without_timings(result: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in result.items() if key != "timings"}


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def _exe(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name


def _show(argv: list[str]) -> str:
    return " ".join(argv)


if __name__ == "__main__":
    raise SystemExit(main())
