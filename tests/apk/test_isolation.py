"""The isolation mechanism survives whatever the analysis process does.

The misbehaving targets below are real functions run in a real child process:
they exercise the limits, they do not stand in for the analyzer.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from app.apk.isolation import (
    AnalysisCrashed,
    AnalysisOutOfMemory,
    AnalysisTimeout,
    analyze_isolated,
    analyze_many,
    start_server,
)
from app.errors import JobCancelled, KnownError
from app.jobs import CancelToken

REPO = Path(__file__).resolve().parents[2]

# A limit far above a healthy target's needs and far below a runaway one's.
MEMORY_MB = 300


class OddSignatureError(KnownError):
    """A KnownError subclass whose constructor differs from KnownError's."""

    code = "odd"

    def __init__(self, name: str) -> None:
        super().__init__(f"坏文件 {name}", f"bad file {name}")


# ----------------------------------------------------------- child targets


def returns_facts(path: str, *, progress, **options) -> dict:
    progress(0.5, "reading")
    return {"file": {"name": Path(path).name}, "options": options}


def sleeps_forever(path: str, *, progress, **options) -> dict:
    progress(0.1, "started")
    while True:
        time.sleep(60)


def allocates_without_bound(path: str, *, progress, **options) -> dict:
    hoard = []
    while True:
        hoard.append(bytearray(16 * 1024 * 1024))


def exits_abruptly(path: str, *, progress, **options) -> dict:
    os._exit(3)


def segfaults(path: str, *, progress, **options) -> dict:
    ctypes.string_at(0)
    return {}


def raises_a_bug(path: str, *, progress, **options) -> dict:
    raise ValueError("boom in the parser")


def raises_known_error(path: str, *, progress, **options) -> dict:
    raise OddSignatureError(Path(path).name)


def reports_its_pid_then_waits(path: str, *, progress, **options) -> dict:
    progress(0.2, str(os.getpid()))
    while True:
        time.sleep(60)


def writes_stray_files(path: str, *, progress, **options) -> dict:
    Path("stray-relative.txt").write_text("x")
    handle, name = tempfile.mkstemp()
    os.close(handle)
    return {"cwd": os.getcwd(), "temp": name}


def reports_environment(path: str, *, progress, **options) -> dict:
    return {
        "variable": os.environ.get("IHSA_TEST_CHILD_VARIABLE"),
        "modules": sorted(name for name in sys.modules if name.startswith("ihsa_marker")),
    }


def by_file_name(path: str, *, progress, **options) -> dict:
    name = Path(path).name
    if name.startswith("crash"):
        os._exit(7)
    if name.startswith("loop"):
        while True:
            time.sleep(60)
    return {"file": {"name": name}}


# ------------------------------------------------------------------ tests


def test_result_and_progress_reach_the_caller(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    result = analyze_isolated(
        tmp_path / "app.apk",
        official_certs=["ab" * 32],
        official_version_code=7,
        official_package="cn.example.hospital",
        progress=lambda f, s="": seen.append((f, s)),
        target=returns_facts,
    )
    assert result == {
        "file": {"name": "app.apk"},
        "options": {
            "official_certs": ("ab" * 32,),
            "official_version_code": 7,
            "official_package": "cn.example.hospital",
        },
    }
    assert (0.5, "reading") in seen


def test_endless_loop_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(AnalysisTimeout) as caught:
        analyze_isolated(tmp_path / "a.apk", timeout=1.5, target=sleeps_forever)
    assert time.monotonic() - started < 15
    assert "1.5 s" in caught.value.message("en")


def test_runaway_allocation_is_stopped_at_the_memory_limit(tmp_path: Path) -> None:
    with pytest.raises(AnalysisOutOfMemory) as caught:
        analyze_isolated(
            tmp_path / "a.apk", memory_mb=MEMORY_MB, timeout=60, target=allocates_without_bound
        )
    assert f"{MEMORY_MB} MB" in caught.value.message("en")


def test_abrupt_exit_is_reported_with_its_exit_code(tmp_path: Path) -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        analyze_isolated(tmp_path / "a.apk", target=exits_abruptly)
    assert "exited with code 3" in caught.value.message("en")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_segfault_is_reported_with_its_signal(tmp_path: Path) -> None:
    with pytest.raises(AnalysisCrashed, match="SIGSEGV"):
        analyze_isolated(tmp_path / "a.apk", target=segfaults)


def test_unexpected_exception_is_reported_with_its_traceback(tmp_path: Path) -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        analyze_isolated(tmp_path / "a.apk", target=raises_a_bug)
    assert "ValueError: boom in the parser" in caught.value.message("en")
    assert "raises_a_bug" in caught.value.detail


def test_known_errors_keep_their_class_and_message(tmp_path: Path) -> None:
    with pytest.raises(OddSignatureError) as caught:
        analyze_isolated(tmp_path / "evil.apk", target=raises_known_error)
    assert caught.value.message("en") == "bad file evil.apk"
    assert caught.value.message("zh") == "坏文件 evil.apk"
    assert caught.value.code == "odd"


def test_cancel_stops_the_child_promptly(tmp_path: Path) -> None:
    cancel = CancelToken()
    started = time.monotonic()
    with pytest.raises(JobCancelled):
        analyze_isolated(
            tmp_path / "a.apk",
            timeout=60,
            progress=lambda f, s="": cancel.cancel(),
            cancel=cancel,
            target=sleeps_forever,
        )
    assert time.monotonic() - started < 30  # far below the 60 s limit


def test_already_cancelled_token_starts_nothing(tmp_path: Path) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(JobCancelled):
        analyze_isolated(tmp_path / "a.apk", cancel=cancel, target=returns_facts)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_child_killed_from_outside_is_reported(tmp_path: Path) -> None:
    def kill_child(fraction: float, stage: str = "") -> None:
        if stage.isdigit():
            os.kill(int(stage), signal.SIGKILL)

    with pytest.raises(AnalysisCrashed, match="SIGKILL"):
        analyze_isolated(
            tmp_path / "a.apk", timeout=60, progress=kill_child, target=reports_its_pid_then_waits
        )


def _private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of this test alone (inherited by the children), so that files
    other programs create in the shared /tmp meanwhile cannot be mistaken for ours."""
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    return private


def test_child_writes_land_in_a_temporary_folder_that_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    temp_root = _private_temp(tmp_path, monkeypatch)
    before = set(temp_root.iterdir())
    result = analyze_isolated(tmp_path / "a.apk", target=writes_stray_files)
    assert list(work.iterdir()) == []
    assert not Path(result["cwd"]).exists()
    assert not Path(result["temp"]).exists()
    assert Path(result["temp"]).parent == Path(result["cwd"])
    assert set(temp_root.iterdir()) - before == set()


def test_many_files_fail_independently_and_keep_their_order(tmp_path: Path) -> None:
    paths = [tmp_path / name for name in ("ok1.apk", "crash.apk", "loop.apk", "ok2.apk")]
    stages: list[str] = []
    results = analyze_many(
        paths,
        timeout=2,
        workers=4,
        progress=lambda f, s="": stages.append(s),
        target=by_file_name,
    )
    assert results[0] == {"file": {"name": "ok1.apk"}}
    assert results[3] == {"file": {"name": "ok2.apk"}}
    assert results[1]["file"] == {"name": "crash.apk"}
    assert results[1]["code"] == "crashed" and "7" in results[1]["error"]
    assert results[2]["file"] == {"name": "loop.apk"}
    assert results[2]["code"] == "timeout"
    assert any(s.startswith("loop.apk:") for s in stages)


def test_many_files_cancel_raises(tmp_path: Path) -> None:
    cancel = CancelToken()
    with pytest.raises(JobCancelled):
        analyze_many(
            [tmp_path / "a.apk", tmp_path / "b.apk"],
            timeout=60,
            workers=2,
            progress=lambda f, s="": cancel.cancel() if "started" in s else None,
            cancel=cancel,
            target=sleeps_forever,
        )


# ------------------------------------------------- the real analyzer on bad input

# Generous limits: the point is that every file ends in an orderly way well
# inside them, not how fast it does.
BAD_INPUT_TIMEOUT = 60.0
BAD_INPUT_MEMORY_MB = 1024
_DISORDERLY = {"timeout", "out_of_memory", "crashed"}


def test_malformed_corpus_ends_in_an_error_or_a_degraded_result(
    malformed_dir: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Isolated and in parallel, every damaged file is refused (ApkError) or comes back
    with a degraded note — never a timeout, memory blow-up or crash — and nothing is
    left in the working or temporary folder. (Which of the two each kind must give is
    checked in test_malformed.py.)"""
    pytest.importorskip("app.apk.pipeline", reason="apk-core has not landed yet")
    from tests.apk.builders.malformed import MALFORMED_KINDS

    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    temp_root = _private_temp(tmp_path, monkeypatch)
    temp_before = set(temp_root.iterdir())
    names = sorted(malformed_dir)
    results = analyze_many(
        [malformed_dir[n] for n in names],
        timeout=BAD_INPUT_TIMEOUT,
        memory_mb=BAD_INPUT_MEMORY_MB,
        workers=2,
    )
    problems = []
    for name, result in zip(names, results, strict=True):
        expected = MALFORMED_KINDS[name][0]
        if "error" in result:
            if result["code"] in _DISORDERLY:
                problems.append(f"{name}: {result['code']} ({result['error']})")
            elif result["code"] != "apk_invalid":
                problems.append(f"{name}: unexpected error kind {result['code']}")
            continue
        degraded = (result.get("completeness") or {}).get("degraded")
        if expected != "survive" and not degraded:
            problems.append(f"{name}: neither refused nor marked degraded")
    assert problems == [], problems
    assert list(work.iterdir()) == []
    assert set(temp_root.iterdir()) - temp_before == set()


def test_child_sees_the_environment_of_the_call(tmp_path: Path, monkeypatch) -> None:
    """A child forked from a long-lived server must not see a stale environment."""
    analyze_isolated(tmp_path / "a.apk", target=reports_environment)  # server now running
    monkeypatch.setenv("IHSA_TEST_CHILD_VARIABLE", "set after start")
    result = analyze_isolated(tmp_path / "a.apk", target=reports_environment)
    assert result["variable"] == "set after start"


def test_child_does_not_rerun_the_main_script(tmp_path: Path) -> None:
    """The GUI's main script imports Qt; an analysis child must not import it again."""
    (tmp_path / "ihsa_marker_heavy.py").write_text("LOADED = True\n")
    script = tmp_path / "main_script.py"
    script.write_text(
        "import json, sys\n"
        f"sys.path[:0] = [{str(REPO)!r}, {str(tmp_path)!r}]\n"
        "import ihsa_marker_heavy  # stands for Qt and the whole interface\n"
        "from app.apk.isolation import analyze_isolated\n"
        "from tests.apk.test_isolation import reports_environment\n"
        "if __name__ == '__main__':\n"
        "    print(json.dumps(analyze_isolated('a.apk', target=reports_environment)))\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1])["modules"] == []


def test_starting_the_server_ahead_of_time_from_several_threads_is_harmless(
    tmp_path: Path,
) -> None:
    import threading

    threads = [threading.Thread(target=start_server) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    start_server()
    result = analyze_isolated(tmp_path / "a.apk", target=returns_facts)
    assert result["file"] == {"name": "a.apk"}


def test_spawned_children_work_as_on_windows_and_macos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows and macOS spawn a fresh interpreter per analysis: same results, same limits."""
    from app.apk import isolation

    monkeypatch.setattr(isolation, "USE_FORK_SERVER", False)
    monkeypatch.setenv("IHSA_TEST_CHILD_VARIABLE", "spawned")
    assert analyze_isolated(tmp_path / "a.apk", target=reports_environment)["variable"] == (
        "spawned"
    )
    with pytest.raises(AnalysisCrashed):
        analyze_isolated(tmp_path / "a.apk", target=exits_abruptly)
    start_server()  # nothing to start: harmless
