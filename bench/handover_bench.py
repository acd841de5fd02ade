"""Export and import of a case with ~200 MB of evidence, against plain file handling.

Each step runs in its own fresh process; the peak resident memory it reports is
reset just before the step starts (Linux ``/proc/self/clear_refs``), so "peak" is
the memory the step itself needed on top of its imports. Baselines on the same
files: a plain ``zipfile`` archive (deflated, as "send to compressed folder" does)
and its extraction, and a plain copy of the files.

    /work/venv/bin/python bench/handover_bench.py [--megabytes 200]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHUNK = 1 << 20
FILES = 8


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _step(name: str, root: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Runs in a fresh process: prepare, reset the peak, time the step, report."""
    import keyring

    from tests.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    work = _steps(Path(root))[name]()  # imports and opening happen here, before the clock
    Path("/proc/self/clear_refs").write_text("5")
    before = _memory_kb("VmRSS")
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    queue.put((seconds, _memory_kb("VmHWM") / 1024, (_memory_kb("VmHWM") - before) / 1024))


def _steps(root: Path) -> dict[str, Callable[[], Callable[[], object]]]:
    def export() -> Callable[[], object]:
        from app.security.keystore import open_identity
        from app.services.workspace import Workspace

        ws = Workspace.open(data_dir=root / "laptop")
        identity = open_identity(root / "zhang.p12", "benchmark-pass")
        return lambda: ws.handover.export_case(
            1, root / "case.ihsa-case", by="bench", identity=identity
        )

    def import_() -> Callable[[], object]:
        from app.services.workspace import Workspace

        ws = Workspace.open(data_dir=root / "office")
        return lambda: ws.handover.import_bundle(root / "case.ihsa-case", by="bench")

    def plain_zip() -> Callable[[], object]:
        files = sorted((root / "laptop" / "evidence").rglob("*"))

        def run() -> None:
            with zipfile.ZipFile(root / "plain.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                for path in files:
                    if path.is_file():
                        archive.write(path, path.name)

        return run

    def plain_unzip() -> Callable[[], object]:
        return lambda: zipfile.ZipFile(root / "plain.zip").extractall(root / "unzipped")

    def copy() -> Callable[[], object]:
        files = [p for p in sorted((root / "laptop" / "evidence").rglob("*")) if p.is_file()]

        def run() -> None:
            (root / "copied").mkdir()
            for path in files:
                shutil.copyfile(path, root / "copied" / path.name)

        return run

    return {
        "export": export,
        "import": import_,
        "zip": plain_zip,
        "unzip": plain_unzip,
        "copy": copy,
    }


def prepare(root: Path, megabytes: int) -> None:
    """A case with FILES evidence files: most random (like photos), one text log."""
    import keyring

    from app.domain.enums import CaseType
    from app.security import keystore
    from app.services.cases import NewCase
    from app.services.workspace import Workspace
    from tests.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    ws = Workspace.open(data_dir=root / "laptop")
    org = ws.organisations.add("基准医院", "12100000400000624D")
    case_id = ws.cases.create(NewCase(org.id, CaseType.INITIAL, "bench")).id
    pack = ws.assessment.pack(case_id)
    ws.assessment.import_answers(case_id, {item.id: "pass" for item in pack.items})
    per_file = megabytes * CHUNK // FILES
    for index in range(FILES):
        path = root / f"evidence-{index}.bin"
        with path.open("wb") as out:
            for _ in range(per_file // CHUNK):
                if index == 0:
                    out.write(b"2025-03-01 08:30:15 GET /api/patient/records 200 12ms\n" * 19418)
                else:
                    out.write(os.urandom(CHUNK))
        ws.evidence.add(case_id, path, item_id=pack.items[index].id)
        path.unlink()
    keystore.create_self_signed("bench", root / "zhang.p12", "benchmark-pass")
    ws.close()


def measure(name: str, root: Path) -> tuple[float, float, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_step, args=(name, str(root), queue))
    process.start()
    result = queue.get(timeout=1800)
    process.join()
    return result  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200, help="evidence size (MiB)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ihsa-handover-bench-") as folder:
        root = Path(folder)
        start = time.perf_counter()
        prepare(root, args.megabytes)
        print(f"case with {args.megabytes} MiB of evidence in {FILES} files prepared "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
        results = {name: measure(name, root) for name in ("export", "zip", "import", "unzip")}
        shutil.rmtree(root / "copied", ignore_errors=True)
        results["copy"] = measure("copy", root)
        bundle = (root / "case.ihsa-case").stat().st_size / 2**20
        plain = (root / "plain.zip").stat().st_size / 2**20
    print(f"bundle {bundle:.1f} MiB, plain zip {plain:.1f} MiB")
    print(f"{'step':<8}{'seconds':>9}{'peak RSS MiB':>14}{'step RSS MiB':>14}")
    for name, (seconds, peak, grown) in results.items():
        print(f"{name:<8}{seconds:>9.2f}{peak:>14.1f}{grown:>14.1f}")
    pairs = (("export", "zip"), ("import", "unzip"), ("import", "copy"))
    for ours, base in pairs:
        (t1, _p1, g1), (t2, _p2, g2) = results[ours], results[base]
        print(f"{ours}/{base}: time ×{t1 / t2:.2f}, step memory {g1:.1f} vs {g2:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
