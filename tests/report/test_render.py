"""The rendered PDF: text in both languages, embedded fonts, metadata, layout edge cases."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.enums import CaseType, Result
from app.errors import JobCancelled, KnownError
from app.jobs import CancelToken
from app.report import fonts
from app.report.render import render_report
from tests.report.conftest import poppler
from tests.report.factories import LONG_NOTE, make_report_data


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_chinese_report_has_every_section_and_page_numbers(report_zh: Path) -> None:
    pages = page_texts(report_zh)
    text = "\n".join(pages)
    data = make_report_data(lang="zh")
    for expected in (
        "互联网医院安全评估报告",
        data.organisation,
        "执行摘要",
        "问题与整改要求",
        "检查项明细",
        "移动应用（APK）分析摘要",
        "证据索引",
        "规则包与数据完整性",
        "签名一（评估人）",
        "签名校验通过（v1+v2）",
        data.pack.pack_id,
        "限期整改",
    ):
        assert expected in text, expected
    # the digest is printed (split in two halves to fit the table)
    assert data.digest[:32] in text and data.digest[32:] in text
    total = len(pages)
    for number, page in enumerate(pages, 1):
        assert f"第 {number} 页 / 共 {total} 页" in page
    for number, page in enumerate(pages[1:], 2):
        assert f"案件编号 {data.case_id}" in page, f"running header missing on page {number}"


def test_english_report_uses_english_labels(report_en: Path) -> None:
    pages = page_texts(report_en)
    text = "\n".join(pages)
    for expected in (
        "Internet Hospital Security Assessment Report",
        "Executive summary",
        "Findings and remediation",
        "Evidence index",
        "Signature 1 (assessor)",
    ):
        assert expected in text, expected
    assert "执行摘要" not in text
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_findings_are_ordered_by_severity(report_zh: Path) -> None:
    text = "\n".join(page_texts(report_zh))
    data = make_report_data(lang="zh")
    ordered = data.findings_by_severity()
    positions = [text.index(f"F-{n:02d}") for n in range(1, len(ordered) + 1)]
    assert positions == sorted(positions)
    # critical findings come first, the veto item first among its severity
    assert ordered[0].severity.value == "critical"
    assert [f.severity for f in ordered] == sorted(
        (f.severity for f in ordered), key=["critical", "high", "medium", "low", "info"].index
    )


def test_only_the_cjk_font_is_used_and_it_is_embedded(report_zh: Path) -> None:
    reader = PdfReader(report_zh)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            seen.add(str(font["/BaseFont"]))
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    assert seen and all("+" in name for name in seen), f"fonts must be subsets: {seen}"


def test_pdffonts_reports_every_font_embedded(report_en: Path) -> None:
    output = poppler("pdffonts", str(report_en))
    rows = [line.split() for line in output.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        # columns: name type encoding emb sub uni object-id generation
        assert row[-5] == "yes", f"font not embedded: {row[0]}"


def test_metadata_names_the_case_and_digest(report_zh: Path) -> None:
    info = PdfReader(report_zh).metadata
    data = make_report_data(lang="zh")
    assert info["/IHSACaseId"] == str(data.case_id)
    assert info["/IHSADigest"] == data.digest
    assert info["/IHSALang"] == "zh"


def test_self_assessment_and_provisional_are_marked(tmp_path: Path) -> None:
    data = make_report_data(case_type=CaseType.SELF_ASSESSMENT, not_assessed=4)
    out = render_report(data, tmp_path / "self.pdf")
    pages = page_texts(out)
    assert "互联网医院安全自评估报告" in pages[0]
    assert "尚有 4 项未评估" in pages[0]
    assert "非正式" in pages[0]
    assert all("暂定" in page for page in pages[1:]), "provisional mark on every page"
    assert all("自评估" in page for page in pages), "self-assessment watermark on every page"


def test_very_long_text_wraps_and_is_not_lost(tmp_path: Path) -> None:
    data = make_report_data(items=9, findings=2, evidence=1)
    marker = "结尾标记END-OF-NOTE"
    huge_note = LONG_NOTE * 12 + marker  # longer than a page in a table cell
    first = data.domains[0]
    item = replace(first.items[0], note=huge_note, title={"zh": "超长" * 80, "en": "long " * 80})
    data = replace(data, domains=(replace(first, items=(item,)), *data.domains[1:]))
    out = render_report(data, tmp_path / "long.pdf")
    text = "".join(page_texts(out)).replace("\n", "")
    assert marker in text


@pytest.mark.parametrize(
    "markup", ["一二三四五，六七八九", "<font color='red'>一</font>二三四五，六七八九"]
)
def test_no_line_starts_with_a_chinese_comma(markup: str) -> None:
    from reportlab.platypus import Paragraph

    from app.report.fonts import REPORTLAB_NAME, register_reportlab_font
    from app.report.styles import make_styles

    register_reportlab_font()
    style = make_styles(REPORTLAB_NAME).body
    paragraph = Paragraph(markup, style)
    paragraph.wrap(5 * style.fontSize + 0.5, 1000)  # exactly five ideographs per line
    lines = ["".join(_line_text(line)) for line in paragraph.blPara.lines]
    assert len(lines) >= 2
    assert all(not line.startswith("，") for line in lines), lines


def _line_text(line: object) -> list[str]:
    words = getattr(line, "words", None)
    if words is not None:  # multi-fragment paragraphs
        return [getattr(w, "text", "") for w in words]
    return list(line[1])  # single fragment: (space, [text])


def test_report_without_apk_or_evidence_or_score(tmp_path: Path) -> None:
    data = make_report_data(with_apk=False, evidence=0, findings=0)
    data = replace(data, score=None, grade=None, handling=None)
    text = "\n".join(page_texts(render_report(data, tmp_path / "bare.pdf")))
    assert "本案件未进行 APK 分析" in text
    assert "本案件没有证据文件" in text
    assert "未发现需整改的问题" in text
    assert "无法计算" in text


def test_cancel_leaves_no_file_behind(tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(JobCancelled):
        render_report(make_report_data(), tmp_path / "cancelled.pdf", cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_progress_rises_to_one(tmp_path: Path) -> None:
    seen: list[float] = []
    render_report(make_report_data(items=9), tmp_path / "p.pdf", lambda f, s="": seen.append(f))
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_unwritable_destination_is_a_known_error(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match=r"cannot write|无法写入"):
        render_report(make_report_data(items=9), tmp_path / "missing-dir" / "r.pdf")


def test_missing_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "_candidates", lambda: [])
    with pytest.raises(KnownError) as caught:
        fonts.find_cjk_font()
    assert "fonts-wqy-microhei" in caught.value.message("en")
    assert "fonts-wqy-microhei" in caught.value.message("zh")


def test_font_override_must_have_chinese_glyphs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bogus = tmp_path / "not-a-font.ttf"
    bogus.write_bytes(b"\x00\x01\x00\x00 definitely not a font")
    monkeypatch.setenv(fonts.ENV_VAR, str(bogus))
    with pytest.raises(KnownError, match=fonts.ENV_VAR):
        fonts.find_cjk_font()


def test_font_override_with_collection_index(monkeypatch: pytest.MonkeyPatch) -> None:
    found = fonts.find_cjk_font()
    monkeypatch.setenv(fonts.ENV_VAR, f"{found.path}#{found.index}")
    assert fonts.find_cjk_font() == found


def test_result_counts_are_summarised(report_zh: Path) -> None:
    data = make_report_data(lang="zh")
    counts = data.result_counts()
    summary = page_texts(report_zh)[1]
    assert f"符合 {counts[Result.PASS]} 项" in summary
    assert f"不符合 {counts[Result.FAIL]} 项" in summary
