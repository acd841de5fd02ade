"""Benchmark what the assessment wizard does on the GUI thread.

The wizard saves every answer synchronously (``cases.set_answer`` rescoring the
case with its pinned pack) and scores the case live on the review page. Both
must stay well inside what a user perceives as instant (the house budget for
synchronous work on the GUI thread is 50 ms). Printed in one run, on a case
with every item of the default pack answered:

* save: ``set_answer`` latency, median and 95th percentile over all items;
* raw: the same change as one bare SQLite UPDATE (the floor a save can reach);
* the ratio save/raw;
* score: ``assessment.score`` + ``finish_problems`` (the review page refresh);
* open: building the wizard with all domain pages and resuming on the review page
  (offscreen Qt), and the review page's chart draw;
* one line per target: save p95 <= 50 ms, review refresh <= 50 ms, open <= 1.5 s.

Usage: python bench/wizard_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAVE_BUDGET_S = 0.050
OPEN_BUDGET_S = 1.5


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds over all items")
    args = parser.parse_args()

    from PySide6 import QtCore, QtWidgets

    from app.domain.enums import Result
    from app.services.demo import seed_demo
    from app.services.workspace import Workspace

    folder = Path(tempfile.mkdtemp(prefix="ihsa-wizard-bench-"))
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(folder)
    )
    os.environ["IHSA_DATA_DIR"] = str(folder / "data")
    app = QtWidgets.QApplication([])
    workspace = Workspace.open(data_dir=folder / "ws")
    case, _ = seed_demo(workspace)
    pack = workspace.assessment.pack(case.id)
    items = [item.id for item in pack.items]
    cycle = (Result.PASS, Result.PARTIAL, Result.FAIL)

    saves: list[float] = []
    for round_number in range(args.repeat):
        for index, item_id in enumerate(items):
            result = cycle[(index + round_number) % len(cycle)]
            start = time.perf_counter()
            workspace.cases.set_answer(case.id, item_id, result, note=f"round {round_number}")
            saves.append(time.perf_counter() - start)

    db_file = folder / "ws" / "ihsa.db"
    raw: list[float] = []
    with sqlite3.connect(db_file) as connection:
        for round_number in range(args.repeat):
            for item_id in items:
                start = time.perf_counter()
                connection.execute(
                    "UPDATE answers SET note = ? WHERE case_id = ? AND item_id = ?",
                    (f"raw {round_number}", case.id, item_id),
                )
                connection.commit()
                raw.append(time.perf_counter() - start)

    refresh: list[float] = []
    for _ in range(args.repeat * 5):
        start = time.perf_counter()
        workspace.assessment.score(case.id)
        workspace.assessment.finish_problems(case.id)
        refresh.append(time.perf_counter() - start)

    from ui.widgets.chart_canvas import preload_matplotlib
    from ui.wizard import PageId, open_assessment
    from ui.wizard import settings as wizard_settings
    from ui.workers import Pools

    start = time.perf_counter()
    preload_matplotlib(lambda *_: None, None)  # type: ignore[arg-type]
    matplotlib_import = time.perf_counter() - start

    wizard_settings.remember_position(case.id, "review", "")
    pools = Pools()
    opens: list[float] = []
    charts: list[float] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        wizard = open_assessment(workspace, pools, case.id, None)
        assert wizard is not None and wizard.currentId() == PageId.REVIEW
        opens.append(time.perf_counter() - start)
        review = wizard.review_page
        assert review is not None
        start = time.perf_counter()
        review.refresh()
        app.processEvents()
        charts.append(time.perf_counter() - start)
        wizard.reject()
        app.processEvents()
    pools.shutdown()
    workspace.close()

    save_median, save_p95 = statistics.median(saves), statistics.quantiles(saves, n=20)[-1]
    raw_median = statistics.median(raw)
    refresh_median = statistics.median(refresh)
    print(f"pack {pack.id} {pack.version}: {len(items)} items, {args.repeat} round(s)")
    print(f"save (set_answer + rescore)  median {ms(save_median)}  p95 {ms(save_p95)}")
    print(f"raw SQLite UPDATE+commit     median {ms(raw_median)}")
    print(f"ratio save/raw               {save_median / raw_median:8.1f}x")
    print(f"review refresh (score+check) median {ms(refresh_median)}")
    print(f"matplotlib import (worker)   {ms(matplotlib_import)}")
    print(f"open wizard + resume         median {ms(statistics.median(opens))}")
    print(f"review refresh with chart    median {ms(statistics.median(charts))}")
    targets = [
        ("save p95 <= 50 ms", save_p95 <= SAVE_BUDGET_S),
        ("review refresh <= 50 ms", refresh_median <= SAVE_BUDGET_S),
        ("open <= 1.5 s", statistics.median(opens) <= OPEN_BUDGET_S),
    ]
    for name, met in targets:
        print(f"target {name:28s} {'met' if met else 'MISSED'}")
    return 0 if all(met for _, met in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
