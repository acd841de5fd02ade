"""Render ReportData to an A4 PDF with reportlab.

The PDF carries the case id and the answer/evidence digest in its document
information (``/IHSACaseId``, ``/IHSADigest``) so ``verify`` can find the case
and compare. Output is written to a temporary file beside the target and moved
into place only when complete, so a cancelled or failed render leaves nothing
half-written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from app import __version__
from app.files import written_in_place_of
from app.jobs import CancelToken, ProgressSink, no_progress
from app.report.fonts import REPORTLAB_NAME, CjkFont, register_reportlab_font
from app.report.layout import (
    CONTENT_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIGNATURE_SLOTS,
    SIGNATURE_TEXT_BOTTOM,
)
from app.report.model import ReportData
from app.report.sections import OUTLINE_LEVEL_ATTR, Builder
from app.report.styles import GRID, MUTED, PRIMARY, RULE, WARNING, make_styles
from app.report.texts import label

INFO_CASE_ID = "IHSACaseId"
INFO_DIGEST = "IHSADigest"
INFO_LANG = "IHSALang"


def render_report(
    data: ReportData,
    out_path: Path,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the report for ``data`` to ``out_path`` and return the path."""
    cancel = cancel or CancelToken()
    font = register_reportlab_font()
    progress(0.02, "chart")
    chart = _chart_png(data, font)
    cancel.raise_if_cancelled()
    builder = Builder(data, make_styles(REPORTLAB_NAME))
    story: list[Flowable] = []
    sections = builder.all_sections(chart)
    for index, (section, new_page) in enumerate(sections):
        if index and new_page:
            story += [NextPageTemplate("body"), PageBreak()]
        elif index:
            story.append(CondPageBreak(60 * mm))  # h1's space before is dropped at a page top
        story += section()
        progress(0.15 + 0.15 * (index + 1) / len(sections), "layout")
        cancel.raise_if_cancelled()
    story += [NextPageTemplate("signature"), PageBreak(), *builder.signature_page()]

    out_path = Path(out_path)
    with written_in_place_of(out_path, "报告文件", "report file") as temp:
        doc = _ReportDocument(
            str(temp), data, lambda done: progress(0.3 + 0.68 * done, "pages"), cancel, len(story)
        )
        doc.build(story, canvasmaker=functools.partial(_ReportCanvas, report=data))
    progress(1.0, "done")
    return out_path


def _chart_png(data: ReportData, font: CjkFont) -> bytes | None:
    if not any(domain.fraction is not None for domain in data.domains):
        return None
    from app.report.charts import domain_chart, figure_png

    return figure_png(domain_chart(data.domains, data.lang, font))


class _ReportDocument(BaseDocTemplate):
    """Cover, body and signature page templates; outline entries; progress."""

    def __init__(
        self,
        filename: str,
        data: ReportData,
        progress: Callable[[float], None],
        cancel: CancelToken,
        total_flowables: int,
    ) -> None:
        title = label("title_self" if data.self_assessment else "title", data.lang)
        super().__init__(
            filename,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{title} — {data.organisation}",
            author=data.assessor,
            subject=f"{label('case', data.lang)} {data.case_id}",
            creator=f"IHSA Workstation {__version__}",
            keywords=f"IHSA, case {data.case_id}",
            lang="zh-CN" if data.lang == "zh" else "en",
            initialFontName=REPORTLAB_NAME,
        )
        self._data = data
        self._progress = progress
        self._cancel = cancel
        self._total = max(total_flowables, 1)
        self._done = 0
        self._outline_keys = 0
        body_frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            CONTENT_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        signature_frame = Frame(
            MARGIN_LEFT,
            SIGNATURE_TEXT_BOTTOM,
            CONTENT_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - SIGNATURE_TEXT_BOTTOM,
            id="signature",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [body_frame], onPage=self._decorate_cover),
                PageTemplate("body", [body_frame], onPage=self._decorate_body),
                PageTemplate("signature", [signature_frame], onPage=self._decorate_signature),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, OUTLINE_LEVEL_ATTR, None)
        if level is not None:
            key = f"h{self._outline_keys}"
            self._outline_keys += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)
        self._done += 1
        self._progress(min(self._done / self._total, 1.0))
        self._cancel.raise_if_cancelled()

    # -- page decoration -------------------------------------------------

    def _decorate_cover(self, canvas: Canvas, doc: Any) -> None:
        self._watermark(canvas)
        canvas.saveState()
        canvas.setFillColor(PRIMARY)
        canvas.rect(0, PAGE_HEIGHT - 9 * mm, PAGE_WIDTH, 9 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def _decorate_body(self, canvas: Canvas, doc: Any) -> None:
        self._watermark(canvas)
        data = self._data
        canvas.saveState()
        top = PAGE_HEIGHT - MARGIN_TOP + 7 * mm
        canvas.setFont(REPORTLAB_NAME, 8)
        canvas.setFillColor(MUTED)
        title = label("title_self" if data.self_assessment else "title", data.lang)
        canvas.drawString(MARGIN_LEFT, top, title)
        right = f"{label('case', data.lang)} {data.case_id}"
        if data.provisional:
            canvas.setFillColor(WARNING)
            provisional = label("provisional", data.lang)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top, provisional)
            right += "  ·  "
            offset = canvas.stringWidth(provisional, REPORTLAB_NAME, 8)
            canvas.setFillColor(MUTED)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT - offset, top, right)
        else:
            canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top, right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, top - 2.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 2.5 * mm)
        canvas.restoreState()

    def _decorate_signature(self, canvas: Canvas, doc: Any) -> None:
        self._decorate_body(canvas, doc)
        lang = self._data.lang
        canvas.saveState()
        for slot in SIGNATURE_SLOTS:
            x1, y1, x2, y2 = slot.box
            canvas.setFont(REPORTLAB_NAME, 9)
            canvas.setFillColor(PRIMARY)
            canvas.drawString(x1, y2 + 3 * mm, label(slot.label_key, lang))
            canvas.setStrokeColor(GRID)
            canvas.setLineWidth(0.6)
            canvas.setDash(3, 2)
            canvas.rect(x1, y1, x2 - x1, y2 - y1, stroke=1, fill=0)
            canvas.setDash()
            canvas.setFont(REPORTLAB_NAME, 8)
            canvas.setFillColor(MUTED)
            canvas.drawCentredString((x1 + x2) / 2, (y1 + y2) / 2 - 3, label("slot_empty", lang))
        canvas.restoreState()

    def _watermark(self, canvas: Canvas) -> None:
        if not self._data.self_assessment:
            return
        canvas.saveState()
        canvas.setFont(REPORTLAB_NAME, 64)
        canvas.setFillColorRGB(0.85, 0.1, 0.1, alpha=0.08)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 0, label("self_watermark", self._data.lang))
        canvas.restoreState()


class _ReportInfo(PDFInfo):
    """Document information with the IHSA keys verification relies on."""

    def __init__(self, extra: dict[str, str]) -> None:
        super().__init__()
        self.extra = extra

    def format(self, document: Any) -> bytes:
        stamp = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        entries: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "CreationDate": stamp,
            "ModDate": stamp,
            "Trapped": PDFName(self.trapped),
        }
        entries.update({key: PDFString(value) for key, value in self.extra.items()})
        return PDFDictionary(entries).format(document)


class _ReportCanvas(Canvas):
    """Adds the IHSA document information and "page x of y" footers."""

    def __init__(self, *args: Any, report: ReportData, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._report = report
        self._doc.info = _ReportInfo(
            {
                INFO_CASE_ID: str(report.case_id),
                INFO_DIGEST: report.digest,
                INFO_LANG: report.lang,
            }
        )
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        lang = self._report.lang
        self.saveState()
        y = MARGIN_BOTTOM - 9 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_LEFT, y + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, y + 4 * mm)
        self.setFont(REPORTLAB_NAME, 8)
        self.setFillColor(MUTED)
        self.drawString(MARGIN_LEFT, y, label("product", lang))
        self.drawRightString(
            PAGE_WIDTH - MARGIN_RIGHT,
            y,
            label("page_of", lang, page=self._pageNumber, total=total),
        )
        self.restoreState()
