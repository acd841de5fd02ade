"""Benchmark the APK analyzer against reading the file and against androguard.

For every APK in a folder (default ``<repo>/../shared/apks``) and for one large
multi-dex APK built from them (>= 30 MB, >= 8 dex files; it parses but is not
installable; signed v1 + v2 with a throwaway key and a minSdk below 24, so the
analyzer pays for the worst case of signature verification: the v2 content
digest and every v1 entry digest), print in one run:

* raw: read the file, inflate every entry and SHA-256 it (best of --repeat);
* ours: ``app.apk.pipeline.analyze_file`` in a fresh child process (best of
  --repeat), its peak RSS (the child's ``ru_maxrss``), and the wall time of
  the isolated call including process start (``+spawn``): what a user waits
  for one file;
* androguard: ``androguard.misc.AnalyzeAPK`` in a child (optional:
  ``--no-androguard``; ``--androguard-limit N`` runs it on the N largest files;
  the large APK only with ``--androguard-large`` because it needs several GB);
* the ratios ours/raw and androguard/ours, then one line per target:
  median ours/raw <= 3, ours/raw <= 3 on the large APK, median
  androguard/ours >= 30, peak RSS <= 250 MB on the large APK; and the median
  ratio per size band, because a fixed cost of a few milliseconds per file
  weighs very differently on a 10 KB and on a 10 MB APK.

Usage: python bench/apk_bench.py [FOLDER] [--repeat N] [--no-androguard]
       [--androguard-limit N] [--androguard-large] [--profile]
``--profile`` prints the top functions of a cProfile run of our pipeline on the
large APK, to show where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import itertools
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.apk.isolation import AnalysisCrashed, run_isolated  # noqa: E402
from app.errors import KnownError  # noqa: E402
from tests.apk.builders.apk import zip_entries  # noqa: E402
from tests.apk.builders.certs import release_cert  # noqa: E402
from tests.apk.builders.signing import add_signing_block, jar_signature_files  # noqa: E402

LARGE_MIN_BYTES = 32 * 1024 * 1024
LARGE_MIN_DEX = 8
ANDROGUARD_TIMEOUT = 900.0
ANDROGUARD_MEMORY_MB = 6144
OURS_TIMEOUT = 300.0
OURS_MEMORY_MB = 2048


# ----------------------------------------------------------- measurements


def raw_read_seconds(path: Path) -> float:
    """Read the whole file, inflate every entry and hash it: the floor of any analysis."""
    started = time.perf_counter()
    data = path.read_bytes()
    hashlib.sha256(data).digest()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            # a damaged entry: reading what can be read is all the floor asks
            with contextlib.suppress(zipfile.BadZipFile, NotImplementedError, RuntimeError):
                hashlib.sha256(archive.read(info)).digest()
    return time.perf_counter() - started


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ours_in_child(path: str, *, progress: Any) -> dict[str, Any]:
    """Child target: import first, then time only the analysis."""
    from app.apk.pipeline import analyze_file

    started = time.perf_counter()
    result = analyze_file(path)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_rss_mb": _peak_rss_mb(),
        "timings": result.get("timings", {}),
        "packed": bool((result.get("completeness") or {}).get("packed")),
    }


def androguard_in_child(path: str, *, progress: Any) -> dict[str, Any]:
    from androguard.misc import AnalyzeAPK
    from androguard.util import set_log

    set_log("ERROR")
    started = time.perf_counter()
    AnalyzeAPK(path)
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": _peak_rss_mb()}


def profile_in_child(path: str, *, progress: Any) -> dict[str, Any]:
    import cProfile
    import pstats

    from app.apk.pipeline import analyze_file

    profiler = cProfile.Profile()
    profiler.enable()
    analyze_file(path)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
    return {"report": text.getvalue()}


def measure_ours(path: Path, repeat: int) -> dict[str, Any]:
    best: dict[str, Any] | None = None
    spawn_best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run = run_isolated(
            ours_in_child, (str(path),), timeout=OURS_TIMEOUT, memory_mb=OURS_MEMORY_MB
        )
        spawn_best = min(spawn_best, time.perf_counter() - started)
        if best is None or run["seconds"] < best["seconds"]:
            best = run
    assert best is not None
    best["wall_with_spawn"] = spawn_best
    return best


def measure_androguard(path: Path) -> dict[str, Any] | str:
    try:
        return run_isolated(
            androguard_in_child,
            (str(path),),
            timeout=ANDROGUARD_TIMEOUT,
            memory_mb=ANDROGUARD_MEMORY_MB,
        )
    except KnownError as exc:
        return exc.message("en")


# ------------------------------------------------------------ large APK


def build_large_apk(sources: list[Path], folder: Path) -> Path:
    """Combine the corpus' dex files and assets into one multi-dex APK.

    The manifest, resources.arsc and res/ come from the largest source APK so the
    manifest and its resources parse; dex files are cycled (deduplicated first)
    until the file passes LARGE_MIN_BYTES with at least LARGE_MIN_DEX dex files.
    """
    readable = []
    for source in sources:
        try:
            with zipfile.ZipFile(source) as archive:
                archive.getinfo("AndroidManifest.xml")
            readable.append(source)
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
    base = max(readable, key=lambda p: p.stat().st_size)
    dex_blobs: dict[bytes, bytes] = {}
    extras: list[tuple[str, bytes]] = []
    for source in readable:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                name = info.filename
                try:
                    if name.endswith(".dex") and "/" not in name:
                        blob = archive.read(info)
                        dex_blobs.setdefault(hashlib.sha256(blob).digest(), blob)
                    elif name.startswith(("assets/", "lib/")) and not info.is_dir():
                        extras.append((f"assets/corpus/{source.stem}/{name}", archive.read(info)))
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError):
                    continue
    target = folder / "large-multidex.apk"
    with (
        zipfile.ZipFile(base) as original,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out,
    ):
        for info in original.infolist():
            if info.filename.startswith(("res/", "AndroidManifest.xml", "resources.arsc")):
                out.writestr(info.filename, original.read(info))
        for name, blob in extras:
            out.writestr(name, blob)
        for dex_count, blob in enumerate(itertools.cycle(list(dex_blobs.values())), start=1):
            out.writestr("classes.dex" if dex_count == 1 else f"classes{dex_count}.dex", blob)
            out.fp.flush()  # type: ignore[union-attr]
            if dex_count >= LARGE_MIN_DEX and target.stat().st_size >= LARGE_MIN_BYTES:
                break
    sign_v1_v2(target)
    return target


def sign_v1_v2(path: Path) -> None:
    """Re-write ``path`` signed with v1 (declaring v2) and v2, as a release build would be."""
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    cert = release_cert()
    entries.update(jar_signature_files(entries, cert, apk_signed_schemes=[2]))
    path.write_bytes(add_signing_block(zip_entries(entries), cert, schemes=(2,)))


# -------------------------------------------------------------- report


def _fmt(value: float | None, unit: str = "") -> str:
    return "-" if value is None else f"{value:.3f}{unit}" if unit == "s" else f"{value:.1f}{unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REPO / ".." / "shared" / "apks")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for raw and ours")
    parser.add_argument("--no-androguard", action="store_true")
    parser.add_argument("--androguard-limit", type=int, default=6, metavar="N")
    parser.add_argument("--androguard-large", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)

    sources = sorted(args.folder.resolve().glob("*.apk"))
    if not sources:
        print(f"no APK files in {args.folder}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ihsa-bench-") as scratch:
        large = build_large_apk(sources, Path(scratch))
        with zipfile.ZipFile(large) as archive:
            dex_count = sum(1 for n in archive.namelist() if n.endswith(".dex"))
        print(
            f"large APK: {large.stat().st_size / 1e6:.1f} MB, {dex_count} dex files "
            f"(built from {len(sources)} APKs)\n"
        )
        by_size = sorted(sources, key=lambda p: p.stat().st_size, reverse=True)
        androguard_set = set() if args.no_androguard else set(by_size[: args.androguard_limit])
        if args.androguard_large and not args.no_androguard:
            androguard_set.add(large)
        rows = [_measure(path, args.repeat, path in androguard_set) for path in [*sources, large]]
        _print_table(rows)
        _print_targets(rows[:-1], rows[-1])
        if args.profile:
            report = run_isolated(
                profile_in_child, (str(large),), timeout=OURS_TIMEOUT, memory_mb=OURS_MEMORY_MB
            )
            print("\ncProfile of our pipeline on the large APK (cumulative):")
            print(report["report"])
    return 0


def _measure(path: Path, repeat: int, with_androguard: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"name": path.name, "mb": path.stat().st_size / 1e6}
    row["raw"] = min(raw_read_seconds(path) for _ in range(max(1, repeat)))
    try:
        ours = measure_ours(path, max(1, repeat))
        row.update(
            ours=ours["seconds"],
            spawn=ours["wall_with_spawn"],
            rss=ours["peak_rss_mb"],
            timings=ours["timings"],
        )
    except (KnownError, AnalysisCrashed) as exc:
        row.update(ours=None, spawn=None, rss=None, error=exc.message("en"))
    if with_androguard:
        androguard = measure_androguard(path)
        if isinstance(androguard, dict):
            row.update(androguard=androguard["seconds"], androguard_rss=androguard["peak_rss_mb"])
        else:
            row["androguard_error"] = androguard
    return row


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def _print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'file':58} {'MB':>6} {'raw s':>7} {'ours s':>7} {'+spawn':>7} {'RSS MB':>7} "
        f"{'ours/raw':>8} {'ag s':>8} {'ag MB':>7} {'ag/ours':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['name'][:58]:58} {row['mb']:6.2f} {_fmt(row['raw'], 's'):>7} "
            f"{_fmt(row.get('ours'), 's'):>7} {_fmt(row.get('spawn'), 's'):>7} "
            f"{_fmt(row.get('rss')):>7} {_fmt(_ratio(row.get('ours'), row['raw'])):>8} "
            f"{_fmt(row.get('androguard'), 's'):>8} {_fmt(row.get('androguard_rss')):>7} "
            f"{_fmt(_ratio(row.get('androguard'), row.get('ours'))):>8}"
        )
        for key in ("error", "androguard_error"):
            if key in row:
                print(f"    {key}: {row[key]}")


SIZE_BANDS = (
    (0, 100_000, "< 100 KB"),
    (100_000, 1_000_000, "100 KB - 1 MB"),
    (1_000_000, None, ">= 1 MB"),
)


def _print_size_bands(corpus: list[dict[str, Any]]) -> None:
    for low, high, label in SIZE_BANDS:
        band = [
            row
            for row in corpus
            if row.get("ours") is not None
            and row["mb"] * 1e6 >= low
            and (high is None or row["mb"] * 1e6 < high)
        ]
        if not band:
            continue
        ratios = [r for r in (_ratio(row["ours"], row["raw"]) for row in band) if r is not None]
        print(
            f"size band {label:>13}: {len(band):2} files, median raw "
            f"{statistics.median(row['raw'] for row in band) * 1000:.2f} ms, median ours "
            f"{statistics.median(row['ours'] for row in band) * 1000:.2f} ms, median +spawn "
            f"{statistics.median(row['spawn'] for row in band) * 1000:.1f} ms, "
            f"median ours/raw {statistics.median(ratios):.1f}"
        )


def _print_targets(corpus: list[dict[str, Any]], large: dict[str, Any]) -> None:
    ours_raw = [r for r in (_ratio(x.get("ours"), x["raw"]) for x in corpus) if r is not None]
    androguard = [
        r for r in (_ratio(x.get("androguard"), x.get("ours")) for x in corpus) if r is not None
    ]
    large_ratio = _ratio(large.get("ours"), large["raw"])
    print()
    print(f"large APK stage timings: {large.get('timings')}")
    measured = sorted(
        (row for row in corpus if row.get("ours") is not None), key=lambda row: row["mb"]
    )
    if measured:
        middle = measured[len(measured) // 2]
        print(f"median-size file {middle['name']} stage timings: {middle.get('timings')}")
    _print_size_bands(corpus)
    checks = [
        ("median ours/raw <= 3", statistics.median(ours_raw) if ours_raw else None, 3, "<="),
        ("ours/raw on the large APK <= 3", large_ratio, 3, "<="),
        (
            "median androguard/ours >= 30",
            statistics.median(androguard) if androguard else None,
            30,
            ">=",
        ),
        ("peak RSS on the large APK <= 250 MB", large.get("rss"), 250, "<="),
    ]
    for label, value, limit, op in checks:
        if value is None:
            verdict = "not measured"
        else:
            met = value <= limit if op == "<=" else value >= limit
            verdict = "met" if met else "NOT MET"
        print(f"target {label}: {_fmt(value)} -> {verdict}")


if __name__ == "__main__":
    raise SystemExit(main())
