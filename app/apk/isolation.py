"""Run each APK analysis in a child process with a time and a memory limit.

A hostile or broken APK may make a parser loop, allocate without bound or
crash the interpreter. The analysis therefore runs in a fresh child process for
every file. On Linux the child is forked from a ``forkserver`` that has
already imported the analyzer and read its rule data, so a small APK costs
milliseconds instead of a new interpreter's start; the server is a clean
interpreter of its own, never a fork of the GUI. Windows and macOS use
``spawn`` (on macOS, forking a process that has loaded Apple's frameworks, as
numpy may, is not safe). A frozen PyInstaller build supports both; its entry point must call
``multiprocessing.freeze_support()`` first. The child sees the parent's
environment as it is at the call, as a spawned one would. The parent only
supervises:

* wall time: the child is killed when ``timeout`` seconds have passed;
* memory: on POSIX the child caps its own address space with
  ``resource.setrlimit(RLIMIT_AS)``, so a runaway allocation raises
  ``MemoryError`` inside it. Where that limit is unavailable or not enforced
  (Windows, macOS) the parent polls the child's resident set size — from
  ``/proc/<pid>/statm`` on Linux, ``GetProcessMemoryInfo`` on Windows — and kills
  it above the limit. On Linux both apply;
* cancellation: the caller's ``CancelToken`` is polled every few milliseconds
  and the child is killed at once;
* progress: the child sends ``(fraction, stage)`` messages that the parent
  forwards to the caller's callback in the parent process.

The child works inside a fresh temporary folder (its current directory and
``tempfile`` default), removed afterwards, so nothing it writes can land
elsewhere by accident. Whatever the child does, the parent raises a
:class:`KnownError` subclass with a one-line reason, or returns the result.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import multiprocessing
import multiprocessing.spawn
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from app.errors import JobCancelled, KnownError
from app.jobs import CancelToken, ProgressSink, Throttled, no_progress

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 1024
# How often the parent looks at the clock, the cancel flag and the child's memory.
_POLL_SECONDS = 0.02
# Progress messages the child sends at most this often.
_PROGRESS_INTERVAL = 0.05
_KILL_GRACE_SECONDS = 5.0

Target = Callable[..., dict[str, Any]]


class AnalysisTimeout(KnownError):
    code = "timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"分析超时（超过 {seconds:g} 秒），已终止",
            f"analysis timed out after {seconds:g} s and was stopped",
        )


class AnalysisOutOfMemory(KnownError):
    code = "out_of_memory"

    def __init__(self, memory_mb: int) -> None:
        super().__init__(
            f"分析所需内存超过 {memory_mb} MB 上限，已终止",
            f"analysis needed more than the {memory_mb} MB memory limit and was stopped",
        )


class AnalysisCrashed(KnownError):
    """The analysis process died or failed unexpectedly; ``detail`` keeps the traceback."""

    code = "crashed"

    def __init__(self, zh_reason: str, en_reason: str, detail: str = "") -> None:
        super().__init__(f"分析进程异常退出：{zh_reason}", f"analysis process failed: {en_reason}")
        self.detail = detail


# ------------------------------------------------------------------ child side


def _child_main(
    conn: Connection,
    target: Target,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    memory_mb: int,
    workdir: str,
    environment: dict[str, str],
) -> None:
    """Entry point of the child: limit itself, run ``target``, report one outcome."""
    os.chdir(workdir)
    os.environ.clear()
    os.environ.update(environment)
    tempfile.tempdir = workdir
    for name in ("TMPDIR", "TEMP", "TMP"):
        os.environ[name] = workdir
    _limit_address_space(memory_mb)

    def send_progress(fraction: float, stage: str = "") -> None:
        conn.send(("progress", float(fraction), str(stage)))

    progress = Throttled(send_progress, _PROGRESS_INTERVAL)
    out_of_memory = False
    try:
        outcome: tuple[Any, ...] = ("result", target(*args, progress=progress, **kwargs))
    except MemoryError:
        out_of_memory = True
    except KnownError as exc:
        outcome = ("known", type(exc).__module__, type(exc).__qualname__, exc.text, exc.code)
    except BaseException as exc:  # a bug or hostile input: report it, never hang
        summary = f"{type(exc).__name__}: {exc}"[:500]
        outcome = ("exception", summary, traceback.format_exc()[-8000:])
    if out_of_memory:  # sent outside the handler, once the big frames are released
        outcome = ("memory",)
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory",))
    conn.close()


def _limit_address_space(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent polls the child's memory instead
        return
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # unsupported: the parent still polls
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# ----------------------------------------------------------------- parent side


def _resident_bytes(pid: int) -> int | None:
    """The child's resident memory without psutil, or None where we cannot read it."""
    if sys.platform.startswith("linux"):
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None
    if sys.platform == "win32":
        return _windows_working_set(pid)
    return None


def _windows_working_set(pid: int) -> int | None:
    class _Counters(ctypes.Structure):
        _fields_ = [
            ("cb", ctypes.c_ulong),
            ("PageFaultCount", ctypes.c_ulong),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000 | 0x0010, False, pid)  # QUERY_LIMITED | VM_READ
    if not handle:
        return None
    try:
        counters = _Counters()
        counters.cb = ctypes.sizeof(counters)
        if not kernel32.K32GetProcessMemoryInfo(handle, ctypes.byref(counters), counters.cb):
            return None
        return int(counters.WorkingSetSize)
    finally:
        kernel32.CloseHandle(handle)


def _kill(process: multiprocessing.process.BaseProcess) -> None:
    if process.is_alive():
        process.kill()
    process.join(_KILL_GRACE_SECONDS)


def _rebuild_known_error(module: str, qualname: str, text: dict[str, str], code: str) -> KnownError:
    """Re-create the child's KnownError (its subclass if importable) in the parent."""
    cls: type[KnownError] = KnownError
    with contextlib.suppress(Exception):
        found = importlib.import_module(module)
        for part in qualname.split("."):
            found = getattr(found, part)
        if isinstance(found, type) and issubclass(found, KnownError):
            cls = found
    error = cls.__new__(cls)
    KnownError.__init__(error, text["zh"], text["en"], code=code)
    return error


def _exit_reason(exitcode: int | None) -> tuple[str, str]:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint_zh = "（可能因内存耗尽被系统终止）" if -exitcode == 9 else ""
        hint_en = " (possibly killed by the system for lack of memory)" if -exitcode == 9 else ""
        return f"被信号 {name} 终止{hint_zh}", f"killed by {name}{hint_en}"
    return f"退出码 {exitcode}，未返回结果", f"exited with code {exitcode} without a result"


# Imported once by the fork server: the analyzer with its rule data already read,
# and this module, whose ``_child_main`` every child runs.
_PRELOAD = ["app.apk.isolation", "app.apk.pipeline"]
_START_LOCK = threading.Lock()
# Forking from a preloaded server is safe and fast on Linux; elsewhere each child is spawned.
USE_FORK_SERVER = sys.platform.startswith("linux")


def _context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    if USE_FORK_SERVER:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def start_server() -> None:
    """Start the analysis fork server ahead of time, so the first file does not wait.

    The server imports the analyzer and reads its rule data (a few hundred
    milliseconds, once). Does nothing where analyses are spawned (Windows,
    macOS) or when the server already runs; safe to call from any thread.
    """
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _start(process: multiprocessing.process.BaseProcess, target: Target) -> None:
    """Start the child without re-running the program's main script in it.

    multiprocessing re-executes ``__main__`` in every child so that functions
    defined there can be found; for the GUI that would import Qt and the whole
    interface into each analysis. Our targets live in importable modules, so
    the main script is left out unless the target itself is defined there.
    """
    with _START_LOCK:
        if target.__module__ == "__main__":
            process.start()
            return
        prepare = multiprocessing.spawn.get_preparation_data

        def without_main(name: str) -> dict[str, Any]:
            data = prepare(name)
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
            return data

        multiprocessing.spawn.get_preparation_data = without_main
        try:
            process.start()
        finally:
            multiprocessing.spawn.get_preparation_data = prepare


def run_isolated(
    target: Target,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """Call ``target(*args, progress=..., **kwargs)`` in a supervised child process.

    ``target`` must be a module-level function (it is pickled by name). It
    receives a ``progress(fraction, stage)`` sink; cancellation is the parent's
    job. Returns what the target returns; raises AnalysisTimeout,
    AnalysisOutOfMemory, AnalysisCrashed, JobCancelled, or the target's own
    KnownError.
    """
    if timeout <= 0 or memory_mb <= 0:
        raise ValueError("timeout and memory_mb must be positive")
    if cancel is not None:
        cancel.raise_if_cancelled()
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.TemporaryDirectory(prefix="ihsa-apk-") as workdir:
        environment = dict(os.environ)
        process = context.Process(
            target=_child_main,
            args=(sender, target, tuple(args), dict(kwargs or {}), memory_mb, workdir, environment),
            name="ihsa-apk-analysis",
            daemon=True,
        )
        _start(process, target)
        sender.close()
        try:
            return _supervise(process, receiver, timeout, memory_mb, progress, cancel)
        finally:
            _kill(process)
            receiver.close()


def _supervise(
    process: multiprocessing.process.BaseProcess,
    receiver: Connection,
    timeout: float,
    memory_mb: int,
    progress: ProgressSink,
    cancel: CancelToken | None,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    memory_limit = memory_mb * 1024 * 1024
    pid = process.pid
    assert pid is not None
    pipe_open = True
    while True:
        if cancel is not None and cancel.cancelled:
            _kill(process)
            raise JobCancelled()
        if time.monotonic() >= deadline:
            _kill(process)
            raise AnalysisTimeout(timeout)
        resident = _resident_bytes(pid)
        if resident is not None and resident > memory_limit:
            _kill(process)
            raise AnalysisOutOfMemory(memory_mb)
        waiting: list[Any] = [receiver] if pipe_open else [process.sentinel]
        if not wait(waiting, _POLL_SECONDS):
            continue
        if not pipe_open:  # the child is gone and said nothing
            process.join(_KILL_GRACE_SECONDS)
            raise AnalysisCrashed(*_exit_reason(process.exitcode))
        try:
            message = receiver.recv()
        except (EOFError, OSError):
            pipe_open = False
            continue
        kind = message[0]
        if kind == "progress":
            progress(message[1], message[2])
        elif kind == "result":
            return message[1]
        elif kind == "known":
            raise _rebuild_known_error(*message[1:])
        elif kind == "memory":
            raise AnalysisOutOfMemory(memory_mb)
        else:
            raise AnalysisCrashed(
                f"内部错误（{message[1]}）", f"internal error ({message[1]})", message[2]
            )


# --------------------------------------------------------------- APK analysis


def _analyze_target(
    path: str,
    *,
    progress: ProgressSink,
    official_certs: tuple[str, ...],
    official_version_code: int | None,
    official_package: str | None = None,
) -> dict[str, Any]:
    """Runs in the child: the in-process pipeline, imported only there."""
    from app.apk.pipeline import analyze_file

    return analyze_file(
        path,
        official_certs=official_certs,
        official_version_code=official_version_code,
        official_package=official_package,
        progress=progress,
    )


def analyze_isolated(
    path: str | os.PathLike[str],
    *,
    official_certs: Iterable[str] = (),
    official_version_code: int | None = None,
    official_package: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
    target: Target = _analyze_target,
) -> dict[str, Any]:
    """Analyse one APK in a child process; the result is the pipeline's JSON dict.

    ``target`` is the function run in the child (the pipeline by default); tests
    pass misbehaving functions to exercise the limits.
    """
    return run_isolated(
        target,
        (str(Path(path).resolve()),),
        {
            "official_certs": tuple(official_certs),
            "official_version_code": official_version_code,
            "official_package": official_package,
        },
        timeout=timeout,
        memory_mb=memory_mb,
        progress=progress,
        cancel=cancel,
    )


def error_entry(path: str | os.PathLike[str], error: KnownError) -> dict[str, Any]:
    """How a failed file appears among the results of several files."""
    return {"file": {"name": Path(path).name}, "error": error.message(), "code": error.code}


def analyze_many(
    paths: Sequence[str | os.PathLike[str]],
    *,
    official_certs: Iterable[str] = (),
    official_version_code: int | None = None,
    official_package: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    target: Target = _analyze_target,
) -> list[dict[str, Any]]:
    """Analyse several APKs in parallel child processes, each with its own limits.

    Returns one entry per path, in order: the result dict, or
    ``{"file": {"name"}, "error", "code"}`` for a file that failed. Progress is
    the mean over files, stage prefixed with the file name; the callback may be
    called from several supervisor threads but never concurrently. Cancelling
    stops every child and raises JobCancelled.
    """
    certs = tuple(official_certs)
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths) or 1))
    fractions = [0.0] * len(paths)
    lock = threading.Lock()

    def report(index: int, fraction: float, stage: str) -> None:
        with lock:
            fractions[index] = fraction
            progress(sum(fractions) / len(fractions), f"{Path(paths[index]).name}: {stage}")

    def one(index: int) -> dict[str, Any]:
        try:
            return analyze_isolated(
                paths[index],
                official_certs=certs,
                official_version_code=official_version_code,
                official_package=official_package,
                timeout=timeout,
                memory_mb=memory_mb,
                progress=lambda f, s="": report(index, f, s),
                cancel=cancel,
                target=target,
            )
        except JobCancelled:
            raise
        except KnownError as exc:
            return error_entry(paths[index], exc)
        finally:
            report(index, 1.0, "done")

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ihsa-apk") as pool:
        results = list(pool.map(one, range(len(paths))))
    if cancel is not None:
        cancel.raise_if_cancelled()
    return results
