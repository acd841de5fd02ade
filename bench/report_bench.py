"""Time to render and sign a full report (target: ≤ 3 s).

Builds a case of 150 answered items (long bilingual texts and notes, from the
report tests' factory ``tests/report/factories.py``), 40 findings and 30 evidence
files, then renders and signs it three times in one process. The first run is
cold (matplotlib, pyHanko and the font are loaded lazily); later runs are warm.
Baseline: the same text as plain reportlab paragraphs, no tables, chart or
signature, i.e. the least any PDF of this content costs.

    /work/venv/bin/python bench/report_bench.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.report.model import ReportData
from tests.report.factories import make_report_data

ITEMS, FINDINGS, EVIDENCE = 150, 40, 30
TARGET_S = 3.0


def build_data() -> ReportData:
    """The report tests' case, at the size of a full assessment."""
    return make_report_data(items=ITEMS, findings=FINDINGS, evidence=EVIDENCE)


def baseline(data: ReportData, out: Path) -> None:
    """The same words as flowing paragraphs: the floor for any PDF of this content."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from app.report.fonts import REPORTLAB_NAME, register_reportlab_font
    from app.report.styles import make_styles

    register_reportlab_font()
    style = make_styles(REPORTLAB_NAME).cell
    story = []
    for item in data.items:
        text = f"{item.item_id} {item.title['zh']} {item.result} {item.note} {item.justification}"
        story.append(Paragraph(escape(text), style))
    for finding in data.findings:
        words = (finding.title, finding.requirement, finding.remediation)
        text = " ".join(t.get("zh", "") for t in words) + " " + finding.observation
        story.append(Paragraph(escape(text), style))
    for entry in data.evidence:
        story.append(Paragraph(escape(f"{entry.name} {entry.sha256} {entry.size}"), style))
    SimpleDocTemplate(str(out), initialFontName=REPORTLAB_NAME).build(story)


def main() -> None:
    from app.report.render import render_report
    from app.report.sign import sign_pdf
    from app.security.keystore import create_self_signed

    data = build_data()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        identity = create_self_signed("张检查", folder / "a.p12", "bench passphrase")
        runs = []
        for run in range(3):
            started = time.perf_counter()
            unsigned = render_report(data, folder / f"r{run}.pdf")
            rendered = time.perf_counter()
            sign_pdf(unsigned, identity, folder / f"s{run}.pdf")
            signed = time.perf_counter()
            runs.append((rendered - started, signed - rendered, signed - started))
        base_times = []
        for run in range(3):
            started = time.perf_counter()
            baseline(data, folder / f"b{run}.pdf")
            base_times.append(time.perf_counter() - started)
        from pypdf import PdfReader

        pages = len(PdfReader(folder / "s0.pdf").pages)
        size = (folder / "s0.pdf").stat().st_size

    cold = runs[0]
    warm = statistics.median(r[2] for r in runs[1:])
    warm_render = statistics.median(r[0] for r in runs[1:])
    warm_sign = statistics.median(r[1] for r in runs[1:])
    base = statistics.median(base_times[1:])
    print(f"case: {ITEMS} items, {FINDINGS} findings, {EVIDENCE} evidence files")
    print(f"report: {pages} pages, {size / 1024:.0f} KiB signed")
    print(
        f"cold (first in process): render {cold[0]:.2f} s + sign {cold[1]:.2f} s = {cold[2]:.2f} s"
    )
    print(
        f"warm (median of 2):      render {warm_render:.2f} s + sign {warm_sign:.2f} s "
        f"= {warm:.2f} s"
    )
    print(f"baseline (plain paragraphs, unsigned, warm): {base:.2f} s")
    print(f"ratio warm/baseline: {warm / base:.1f}x")
    print(
        f"target {TARGET_S:.1f} s: cold {cold[2] / TARGET_S:.0%} of target, "
        f"warm {warm / TARGET_S:.0%} of target -> {'OK' if cold[2] <= TARGET_S else 'OVER'}"
    )


if __name__ == "__main__":
    main()
