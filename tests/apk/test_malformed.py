"""Broken and hostile APKs: the analyzer answers in time, clearly, and writes nothing outside.

Two layers: the corpus itself is checked to be what it claims (so the analyzer tests
below cannot pass against a harmless file), then every file goes through the analyzer,
in-process (`analyze_file`, run inside a child process we can kill) and isolated
(`analyze_isolated`, which enforces its own time and memory limits).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from app.apk.isolation import analyze_isolated
from app.apk.pipeline import analyze_file
from app.errors import KnownError
from tests.apk.builders.malformed import MALFORMED_KINDS
from tests.apk.builders.samples import CLEAN_CLEAR, VULNERABLE_FIRES

REPO = Path(__file__).resolve().parents[2]
PROBE_NAMES = (
    "ihsa_traversal_probe.txt",
    "ihsa_absolute_probe.txt",
    "ihsa_backslash_probe.txt",
    "ihsa_nested_probe.txt",
)
IN_PROCESS_DEADLINE_S = 90  # generous: a loaded 2-core machine; a hang is minutes
IN_PROCESS_MEMORY_BYTES = 2 << 30  # a runaway allocation fails the test, not the machine
ISOLATED_TIMEOUT_S = 60
ISOLATED_MEMORY_MB = 1024


# ---------------------------------------------------------------- the corpus is real


def test_corpus_has_every_kind(malformed_dir: dict[str, Path]) -> None:
    assert set(malformed_dir) == set(MALFORMED_KINDS)
    assert all(p.exists() for p in malformed_dir.values())
    assert malformed_dir["empty"].stat().st_size == 0


@pytest.mark.parametrize(
    "name", ["empty", "not_zip", "truncated_half", "truncated_eocd", "cd_offset_out_of_range"]
)
def test_unreadable_zips_are_rejected_by_zipfile(malformed_dir: dict[str, Path], name) -> None:
    with pytest.raises((zipfile.BadZipFile, OSError)), zipfile.ZipFile(malformed_dir[name]) as zf:
        zf.testzip()


def test_bombs_are_small_on_disk_and_huge_inflated(malformed_dir: dict[str, Path]) -> None:
    path = malformed_dir["zip_bomb"]
    assert path.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("assets/bomb.bin")
        assert info.file_size == 1 << 30
        total = 0
        with zf.open(info) as stream:  # zipfile checks the CRC at the end
            while block := stream.read(1 << 24):
                total += len(block)
        assert total == 1 << 30
    with zipfile.ZipFile(malformed_dir["zip_bomb_overlap"]) as zf:
        infos = [i for i in zf.infolist() if i.filename.startswith("assets/bomb")]
        assert len(infos) == 16 and len({i.header_offset for i in infos}) == 1
    with zipfile.ZipFile(malformed_dir["zip_bomb_lying_size"]) as zf:
        assert zf.getinfo("assets/bomb.bin").file_size == 1024


def test_hostile_zip_structures(malformed_dir: dict[str, Path]) -> None:
    with zipfile.ZipFile(malformed_dir["path_traversal"]) as zf:
        names = zf.namelist()
    assert "../../ihsa_traversal_probe.txt" in names
    assert "/tmp/ihsa_absolute_probe.txt" in names
    with zipfile.ZipFile(malformed_dir["duplicate_entries"]) as zf:
        assert zf.namelist().count("AndroidManifest.xml") == 2
    with zipfile.ZipFile(malformed_dir["fake_encryption"]) as zf:
        assert all(i.flag_bits & 0x1 for i in zf.infolist())
    with zipfile.ZipFile(malformed_dir["many_entries"]) as zf:
        assert len(zf.infolist()) == 100_002
    with zipfile.ZipFile(malformed_dir["no_manifest"]) as zf:
        assert "AndroidManifest.xml" not in zf.namelist()


def test_damaged_inner_files_break_androguard_too(malformed_dir: dict[str, Path]) -> None:
    """Independent parsers choke on them: the damage is real."""
    from androguard.core.axml import AXMLPrinter
    from androguard.core.dex import DEX

    def member(kind: str, name: str) -> bytes:
        with zipfile.ZipFile(malformed_dir[kind]) as zf:
            return zf.read(name)

    assert not AXMLPrinter(member("garbage_manifest", "AndroidManifest.xml")).is_valid()
    assert not AXMLPrinter(member("plain_xml_manifest", "AndroidManifest.xml")).is_valid()
    for kind in ("dex_bad_offsets", "dex_truncated"):
        with pytest.raises(Exception):  # noqa: B017 - androguard raises assorted types
            DEX(member(kind, "classes.dex"))


# ---------------------------------------------------------------- the analyzer


def _assert_clear_message(text: dict[str, str]) -> None:
    for lang in ("zh", "en"):
        message = text.get(lang, "")
        assert message.strip(), f"empty {lang} message"
        assert "\n" not in message, f"{lang} message is not one line: {message!r}"
        assert "Traceback" not in message


def _assert_outcome(kind: str, outcome: dict) -> None:
    expected = MALFORMED_KINDS[kind][0]
    if outcome["outcome"] == "error":
        _assert_clear_message(outcome["text"])
        assert expected in ("error", "either", "survive"), f"{kind}: expected {expected}"
    elif outcome["outcome"] == "result":
        degraded = outcome["degraded"]
        if expected == "survive":
            return
        assert expected in ("degraded", "either"), f"{kind}: should have raised ApkError"
        assert degraded, f"{kind}: result has no completeness.degraded note"
        assert all(isinstance(note, str | dict) and note for note in degraded)
    else:
        pytest.fail(f"{kind}: analyzer crashed with {outcome['type']}\n{outcome['traceback']}")


def _probe_hits(*roots: Path) -> list[Path]:
    return [root / name for root in roots for name in PROBE_NAMES if (root / name).exists()]


def _leftovers(work: Path, private_tmp: Path) -> dict[str, list[str]]:
    return {
        "cwd": sorted(p.name for p in work.iterdir()),
        "TMPDIR": sorted(p.name for p in private_tmp.iterdir()),
    }


def _assert_left_nothing(
    work: Path, private_tmp: Path, repo_before: list[str], apk: Path, *also_watched: Path
) -> None:
    """No file left in the working or temp folder, none added to the repository, and
    no probe file written beside the APK, in /tmp or anywhere else watched."""
    assert _leftovers(work, private_tmp) == {"cwd": [], "TMPDIR": []}
    assert sorted(p.name for p in REPO.iterdir()) == repo_before
    watched = (work, work.parent, apk.parent, apk.parent.parent, *also_watched, Path("/tmp"), REPO)
    assert not _probe_hits(*watched)


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (IN_PROCESS_MEMORY_BYTES, IN_PROCESS_MEMORY_BYTES))


_CHILD = r"""
import json, sys, traceback
from app.apk.errors import ApkError
from app.apk.pipeline import analyze_file
try:
    result = analyze_file(sys.argv[1])
    degraded = (result.get("completeness") or {}).get("degraded")
    print(json.dumps({"outcome": "result", "degraded": degraded}, default=str))
except ApkError as err:
    print(json.dumps({"outcome": "error", "text": err.text}))
except BaseException as err:
    print(json.dumps({"outcome": "crash", "type": type(err).__name__,
                      "traceback": traceback.format_exc()}))
"""


@pytest.mark.parametrize("kind", sorted(MALFORMED_KINDS))
def test_analyze_file_handles(kind: str, malformed_dir: dict[str, Path], tmp_path: Path) -> None:
    """In-process analysis (in a child we can kill, so a hang fails instead of hanging CI)."""
    work, private_tmp = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    private_tmp.mkdir()
    repo_before = sorted(p.name for p in REPO.iterdir())
    env = {**os.environ, "TMPDIR": str(private_tmp), "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(malformed_dir[kind])],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=IN_PROCESS_DEADLINE_S,
            preexec_fn=_limit_memory if os.name == "posix" else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{kind}: analyze_file did not finish in {IN_PROCESS_DEADLINE_S} s")
    elapsed = time.monotonic() - started
    assert done.returncode == 0, f"{kind}: child died ({done.returncode}): {done.stderr[-2000:]}"
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    _assert_outcome(kind, outcome)
    assert elapsed < IN_PROCESS_DEADLINE_S
    _assert_left_nothing(
        work, private_tmp, repo_before, malformed_dir[kind], Path(tempfile.gettempdir())
    )


@pytest.mark.parametrize("kind", sorted(MALFORMED_KINDS))
def test_analyze_isolated_handles(
    kind: str, malformed_dir: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, private_tmp = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    private_tmp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    repo_before = sorted(p.name for p in REPO.iterdir())
    started = time.monotonic()
    try:
        result = analyze_isolated(
            malformed_dir[kind], timeout=ISOLATED_TIMEOUT_S, memory_mb=ISOLATED_MEMORY_MB
        )
        outcome = {
            "outcome": "result",
            "degraded": (result.get("completeness") or {}).get("degraded"),
        }
    except KnownError as err:
        outcome = {"outcome": "error", "text": err.text}
    elapsed = time.monotonic() - started
    _assert_outcome(kind, outcome)
    assert elapsed < ISOLATED_TIMEOUT_S + 15, f"{kind}: the isolation timeout did not hold"
    _assert_left_nothing(work, private_tmp, repo_before, malformed_dir[kind])


def test_control_clean_apk_is_not_degraded(clean_apk: Path) -> None:
    """A well-formed file must not come back degraded, or the checks above prove nothing."""
    result = analyze_file(clean_apk)
    assert not (result.get("completeness") or {}).get("degraded")


def test_control_samples_exercise_the_rules_they_were_built_for(
    vulnerable_apk: Path, clean_apk: Path
) -> None:
    vulnerable = analyze_file(vulnerable_apk)["rule_status"]
    clean = analyze_file(clean_apk)["rule_status"]
    assert {rule: vulnerable[rule] for rule in VULNERABLE_FIRES} == dict.fromkeys(
        VULNERABLE_FIRES, "fired"
    )
    assert {rule: clean[rule] for rule in CLEAN_CLEAR} == dict.fromkeys(CLEAN_CLEAR, "clear")
