"""Time to render and sign a full report (target: ≤ 3 s).

Builds a case of 150 answered items (texts of the bundled rule pack), 40 findings
and 30 evidence files, then renders and signs it three times in one process. The
first run is cold (matplotlib, pyHanko and the font are loaded lazily); later runs
are warm. Baseline: the same text as plain reportlab paragraphs, no tables, chart
or signature, i.e. the least any PDF of this content costs.

    /work/venv/bin/python bench/report_bench.py
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.enums import AnswerSource, CaseType, Grade, Result, Severity
from app.report.digest import answers_digest
from app.report.model import (
    ApkFindingEntry,
    ApkSummary,
    CertificateEntry,
    DomainSection,
    EvidenceEntry,
    FindingEntry,
    Handling,
    ItemRow,
    ReportData,
)
from app.rules import default_pack

ITEMS, FINDINGS, EVIDENCE = 150, 40, 30
TARGET_S = 3.0
RESULTS = (Result.PASS, Result.PASS, Result.PARTIAL, Result.FAIL, Result.PASS, Result.NA)
NOTE = (
    "现场查阅了安全管理制度及运维记录，管理员账户采用用户名加口令方式登录，口令复杂度策略已配置"
    "但未强制定期更换；抽查 5 个运维账号中有 2 个超过 180 天未修改口令。"
)


def build_data() -> ReportData:
    pack = default_pack()
    source_items = list(pack.items)
    evidence = tuple(
        EvidenceEntry(
            name=f"现场截图-{n:02d}.png",
            sha256=hashlib.sha256(f"evidence {n}".encode()).hexdigest(),
            size=40_000 + 997 * n,
            item_id=source_items[n].id,
            description="管理后台配置截图",
        )
        for n in range(EVIDENCE)
    )
    domains = []
    counter = 0
    per_domain = ITEMS // len(pack.domains)
    for d_index, domain in enumerate(pack.domains):
        count = per_domain + (1 if d_index < ITEMS % len(pack.domains) else 0)
        rows = []
        for k in range(count):
            item = source_items[counter % len(source_items)]
            result = RESULTS[counter % len(RESULTS)]
            rows.append(
                ItemRow(
                    item_id=f"{item.id}-{k:02d}",
                    title=item.title,
                    methods=tuple(item.method),
                    severity=Severity(item.severity),
                    result=result,
                    veto=item.veto,
                    note=NOTE if counter % 3 == 0 else "",
                    justification="本机构不提供该业务" if result == Result.NA else "",
                    source=AnswerSource.MANUAL,
                )
            )
            counter += 1
        domains.append(
            DomainSection(
                domain_id=domain.id,
                title=domain.title,
                weight=float(domain.weight),
                fraction=0.72,
                points=0.72 * float(domain.weight),
                max_points=float(domain.weight),
                items=tuple(rows),
            )
        )
    failing = [row for d in domains for row in d.items if row.result in (Result.FAIL,)]
    findings = tuple(
        FindingEntry(
            severity=(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)[n % 4],
            title=failing[n % len(failing)].title,
            origin="checklist",
            ref=failing[n % len(failing)].item_id,
            remediation={},
            requirement=source_items[n].guidance,
            observation=NOTE,
            due_date=date(2025, 7, 31),
        )
        for n in range(FINDINGS)
    )
    answers = [row for d in domains for row in d.items]
    return ReportData(
        lang="zh",
        case_id=1,
        case_type=CaseType.INITIAL,
        organisation="示例市第一人民医院（互联网医院）",
        credit_code="123301004700123455",
        application="云上医院",
        package="cn.example.hospital.cloud",
        assessor="张检查",
        reviewer="赵复核",
        site="信息中心",
        assessment_date=date(2025, 6, 30),
        generated_at=datetime.now(UTC),
        score=72.0,
        grade=Grade.B,
        provisional=False,
        pack=pack.ref(),
        digest=answers_digest(answers, [e.sha256 for e in evidence]),
        domains=tuple(domains),
        handling=Handling(
            action={"zh": "限期整改", "en": "rectify"},
            deadline=date(2025, 7, 30),
            grade_rule={"zh": "B：得分 ≥ 60", "en": "B: score ≥ 60"},
        ),
        findings=findings,
        apk=ApkSummary(
            package="cn.example.hospital.cloud",
            version_name="1.1.8",
            version_code=118,
            certificates=(
                CertificateEntry("a" * 64, "CN=Example", "CN=Example", "2020", "2045", "RSA"),
            ),
            consistency={"zh": "一致", "en": "consistent"},
            findings=tuple(
                ApkFindingEntry(f"APK-RULE-{n}", Severity.MEDIUM, {"zh": "发现", "en": "finding"})
                for n in range(10)
            ),
        ),
        evidence=evidence,
    )


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
        story.append(Paragraph(escape(f"{finding.title['zh']} {finding.requirement['zh']}"), style))
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
