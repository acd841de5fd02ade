"""Benchmark the audit log's cost: per answer save, and verifying the whole chain.

In one run, on one SQLite database with the demo case (single-user mode, so the
access check runs as it does on a laptop without accounts):

* save with audit: ``cases.set_answer`` as the program runs it (row events, chain
  append and anchor file written in the same commit);
* save without audit: the same calls through a workspace opened without the audit
  listener (``Workspace.open(migrate=False)``), the baseline;
* the difference and the ratio;
* verify: events per second when ``ihsa audit verify`` walks the chain.

Usage: python bench/audit_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="rounds over all items")
    args = parser.parse_args()

    from app.domain.enums import Result
    from app.services.demo import seed_demo
    from app.services.workspace import Workspace

    folder = Path(tempfile.mkdtemp(prefix="ihsa-audit-bench-"))
    audited = Workspace.open(data_dir=folder)
    case, _ = seed_demo(audited)
    plain = Workspace.open(data_dir=folder, migrate=False)  # no audit listener
    items = [item.id for item in audited.assessment.pack(case.id).items]
    cycle = (Result.PASS, Result.PARTIAL, Result.FAIL)
    timings: dict[str, list[float]] = {"audited": [], "plain": []}
    for round_number in range(args.rounds):
        for index, item_id in enumerate(items):
            # Alternate, so both see the same machine load and database size.
            for name, ws in (("audited", audited), ("plain", plain)):
                result = cycle[(index + round_number + (name == "plain")) % len(cycle)]
                start = time.perf_counter()
                ws.cases.set_answer(case.id, item_id, result, note=f"{name} {round_number}")
                timings[name].append(time.perf_counter() - start)

    start = time.perf_counter()
    report = audited.audit.verify()
    verify_s = time.perf_counter() - start
    audited.close()
    plain.close()

    with_audit = statistics.median(timings["audited"])
    without = statistics.median(timings["plain"])
    p95 = {k: statistics.quantiles(v, n=20)[-1] for k, v in timings.items()}
    print(f"{len(items)} items x {args.rounds} rounds per variant")
    for label, name in (("save with audit   ", "audited"), ("save without audit", "plain")):
        median = statistics.median(timings[name])
        print(f"{label}  median {median * 1000:7.2f} ms  p95 {p95[name] * 1000:7.2f} ms")
    print(
        f"audit overhead      median {(with_audit - without) * 1000:7.2f} ms  "
        f"ratio {with_audit / without:5.2f}x"
    )
    print(
        f"verify {report.events} events in {verify_s * 1000:.0f} ms "
        f"({report.events / verify_s:,.0f} events/s), intact={report.intact}"
    )
    return 0 if report.intact else 1


if __name__ == "__main__":
    raise SystemExit(main())
