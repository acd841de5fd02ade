"""The report's sections as reportlab flowables, built from ReportData only."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _Paragraph

from app import __version__
from app.domain.enums import AnswerSource, Result, Severity
from app.i18n import pick
from app.report.layout import CONTENT_WIDTH
from app.report.model import (
    SEVERITY_ORDER,
    ApkSummary,
    DomainSection,
    FindingEntry,
    ItemRow,
    ReportData,
)
from app.report.styles import (
    GRADE_COLOURS,
    GRID,
    MUTED,
    PRIMARY,
    PRIMARY_LIGHT,
    RESULT_COLOURS,
    RULE,
    SEVERITY_COLOURS,
    WARNING,
    ZEBRA,
    Styles,
)
from app.report.texts import (
    CASE_TYPE_NAMES,
    GRADE_MEANING,
    METHOD_NAMES,
    RESULT_NAMES,
    SEVERITY_NAMES,
    label,
    name_of,
)

# A heading paragraph remembers its outline level for the PDF bookmarks.
OUTLINE_LEVEL_ATTR = "_ihsa_outline_level"


class Paragraph(_Paragraph):  # type: ignore[misc]
    """A paragraph that breaks its lines once per width.

    Tables wrap every cell to size rows, again when splitting across pages and
    again when drawing; line breaking (pure Python for CJK) dominated render time.
    The result depends only on the width and the style, so it is reused.
    """

    _wrapped_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._wrapped_for:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_for = availWidth
        return size


class Builder:
    """Builds every section of one report in one language."""

    def __init__(self, data: ReportData, styles: Styles) -> None:
        self.data = data
        self.lang = data.lang
        self.s = styles

    # -- small helpers -------------------------------------------------------

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def parens(self, text: str) -> str:
        return f"（{text}）" if self.lang == "zh" else f" ({text})"

    def t(self, key: str, **values: object) -> str:
        return label(key, self.lang, **values)

    def text(self, value: object) -> str:
        """A user or bilingual value as safe Paragraph markup."""
        if isinstance(value, dict):
            value = pick(value, self.lang)
        return escape(str(value)).replace("\n", "<br/>")

    def para(self, value: object, style_name: str = "body", markup: bool = False) -> Paragraph:
        style = getattr(self.s, style_name)
        return Paragraph(str(value) if markup else self.text(value), style)

    def heading(self, value: str, level: int) -> Paragraph:
        style = {0: self.s.h1, 1: self.s.h2}.get(level, self.s.h3)
        paragraph = Paragraph(escape(value), style)
        setattr(paragraph, OUTLINE_LEVEL_ATTR, level)
        return paragraph

    def date_text(self, value: date | datetime | None) -> str:
        if value is None:
            return self.t("not_set")
        if isinstance(value, datetime):
            local = value.astimezone() if value.tzinfo else value
            offset = local.strftime("%z")
            zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
            return local.strftime("%Y-%m-%d %H:%M") + zone
        return value.isoformat()

    def score_text(self) -> str:
        if self.data.score is None:
            return self.t("not_applicable_score")
        return f"{self.data.score:.1f}"

    def grid_table(
        self,
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        header: bool = True,
        extra: Sequence[tuple[object, ...]] = (),
    ) -> Table:
        commands: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), PRIMARY))
            commands += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(rows), 2)]
        return self.table(
            [list(r) for r in rows],
            widths,
            [*commands, *extra],
            repeatRows=1 if header else 0,
            # a row is split only when a sizeable part fits; else it moves to the next page
            splitInRow=int(45 * mm),
        )

    def table(
        self,
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        commands: Sequence[tuple[object, ...]],
        **options: object,
    ) -> Table:
        """A table in the report font (reportlab defaults cells to unembedded Helvetica)."""
        table = Table([list(r) for r in rows], colWidths=list(widths), hAlign="LEFT", **options)
        table.setStyle(
            TableStyle([("FONTNAME", (0, 0), (-1, -1), self.s.body.fontName), *commands])
        )
        return table

    def kv_table(self, pairs: Sequence[tuple[str, object]], key_width: float = 42 * mm) -> Table:
        rows = [
            [
                self.para(key, "cell"),
                value if isinstance(value, Flowable) else self.para(value, "cell"),
            ]
            for key, value in pairs
        ]
        return self.grid_table(
            rows,
            [key_width, CONTENT_WIDTH - key_width],
            header=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), PRIMARY_LIGHT)],
        )

    def head_row(self, *keys: str) -> list[object]:
        return [self.para(self.t(k), "cell_head") for k in keys]

    # -- cover ---------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        d = self.data
        title = self.t("title_self" if d.self_assessment else "title")
        story: list[Flowable] = [
            Spacer(1, 18 * mm),
            self.para(self.t("product_line"), "cover_subtitle"),
            Spacer(1, 3 * mm),
            Paragraph(escape(title), self.s.cover_title),
            _Rule(CONTENT_WIDTH, PRIMARY, 1.6),
            Spacer(1, 4 * mm),
            self.para(name_of(CASE_TYPE_NAMES, d.case_type, self.lang), "cover_subtitle"),
            Spacer(1, 10 * mm),
            self.para(d.organisation, "cover_org"),
            self.para(
                f"{self.t('credit_code')}{self.colon}{d.credit_code or self.t('not_set')}", "small"
            ),
        ]
        if d.application or d.package:
            app_line = d.application + (self.parens(d.package) if d.package else "")
            story.append(self.para(f"{self.t('application')}{self.colon}{app_line}", "small"))
        story += [Spacer(1, 9 * mm), self.grade_badge(), Spacer(1, 8 * mm)]
        pack = d.pack
        story.append(
            self.kv_table(
                [
                    (self.t("case"), str(d.case_id)),
                    (self.t("case_type"), name_of(CASE_TYPE_NAMES, d.case_type, self.lang)),
                    (self.t("assessment_date"), self.date_text(d.assessment_date)),
                    (self.t("site"), d.site or self.t("not_set")),
                    (self.t("assessor"), d.assessor or self.t("not_set")),
                    (self.t("reviewer"), d.reviewer or self.t("not_set")),
                    (self.t("rule_pack"), f"{pack.pack_id} {pack.version}"),
                    (self.t("generated_at"), self.date_text(d.generated_at)),
                ]
            )
        )
        notes: list[str] = []
        not_assessed = d.result_counts()[Result.NOT_ASSESSED]
        if d.provisional:
            notes.append(self.t("provisional_note", n=not_assessed))
        if d.self_assessment:
            notes.append(self.t("self_note"))
        if notes:
            story.append(Spacer(1, 5 * mm))
            story.append(self.notice(notes, WARNING))
        story += [Spacer(1, 6 * mm), self.para(self.t("confidential"), "tiny")]
        return story

    def grade_badge(self) -> Table:
        d = self.data
        colour = GRADE_COLOURS.get(d.grade, MUTED) if d.grade else MUTED
        grade = d.grade.value if d.grade else "—"
        meaning = pick(GRADE_MEANING[d.grade], self.lang) if d.grade else ""
        if d.self_assessment and d.grade:
            meaning = self.t("self_grade")
        left = [
            Paragraph(escape(self.t("grade")), self.s.badge_text),
            Paragraph(escape(grade), self.s.badge_grade),
            Paragraph(escape(meaning), self.s.badge_text),
        ]
        score_style = self.s.cover_org.clone("score", fontSize=30, leading=36, textColor=colour)
        right: list[Flowable] = [
            self.para(self.t("score"), "small"),
            Paragraph(
                f"{escape(self.score_text())}<font size='12' color='#607D8B'> / 100</font>",
                score_style,
            ),
        ]
        if d.provisional:
            right.append(
                Paragraph(
                    f"<font color='#B71C1C'>■ {escape(self.t('provisional'))}</font>",
                    self.s.body,
                )
            )
        if d.handling is not None:
            right.append(
                self.para(
                    f"{self.t('handling')}{self.colon}{pick(d.handling.action, self.lang)}", "small"
                )
            )
        return self.table(
            [[left, right]],
            [48 * mm, CONTENT_WIDTH - 48 * mm],
            [
                ("BACKGROUND", (0, 0), (0, 0), colour),
                ("BOX", (0, 0), (-1, -1), 0.8, colour),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (1, 0), (1, 0), 8 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ],
        )

    def notice(self, lines: Sequence[str], colour: colors.Color) -> Table:
        body = [self.para(line, "small") for line in lines]
        return self.table(
            [[body]],
            [CONTENT_WIDTH],
            [
                ("LINEBEFORE", (0, 0), (0, -1), 3, colour),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FFF8F6")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ],
        )

    # -- executive summary ---------------------------------------------------

    def summary(self, chart_png: bytes | None) -> list[Flowable]:
        d = self.data
        counts = d.result_counts()
        story: list[Flowable] = [self.heading(f"1  {self.t('sec_summary')}", 0)]
        story.append(
            self.para(
                self.t(
                    "summary_counts",
                    total=len(d.items),
                    **{r.value: counts[r] for r in Result},
                )
            )
        )
        grade = d.grade.value if d.grade else "—"
        story.append(self.para(self.t("summary_score", score=self.score_text(), grade=grade)))
        high = sum(1 for f in d.findings if f.severity in (Severity.CRITICAL, Severity.HIGH))
        story.append(self.para(self.t("summary_findings", n=len(d.findings), high=high)))
        if d.handling is not None:
            h = d.handling
            pairs = [(self.t("handling"), pick(h.action, self.lang))]
            if h.deadline is not None:
                pairs.append((self.t("deadline"), self.date_text(h.deadline)))
            pairs.append((self.t("grade_rule"), pick(h.grade_rule, self.lang)))
            story += [Spacer(1, 2 * mm), self.kv_table(pairs, key_width=30 * mm)]
        if chart_png is not None:
            image = Image(io.BytesIO(chart_png))
            scale = CONTENT_WIDTH / image.imageWidth
            image.drawWidth = CONTENT_WIDTH
            image.drawHeight = image.imageHeight * scale
            story += [
                Spacer(1, 4 * mm),
                KeepTogether([image, self.para(self.t("domain_chart_caption"), "caption")]),
            ]
        story.append(self.domain_table())
        return story

    def domain_table(self) -> Table:
        rows: list[list[object]] = [
            self.head_row("domain", "weight", "items_applicable", "counts_short", "rate", "points")
        ]
        weight_total = 0.0
        for domain in self.data.domains:
            applicable = sum(1 for i in domain.items if i.result != Result.NA)
            counts = "/".join(
                str(domain.count(r)) for r in (Result.PASS, Result.PARTIAL, Result.FAIL)
            )
            rate = (
                f"{100 * domain.fraction:.1f}%"
                if domain.fraction is not None
                else self.t("no_applicable")
            )
            points = (
                f"{domain.points:.1f} / {domain.max_points:.1f}"
                if domain.fraction is not None
                else "—"
            )
            weight_total += domain.weight
            rows.append(
                [
                    self.para(domain.title, "cell"),
                    self.para(_num(domain.weight), "cell_center"),
                    self.para(str(applicable), "cell_center"),
                    self.para(counts, "cell_center"),
                    self.para(rate, "cell_center"),
                    self.para(points, "cell_center"),
                ]
            )
        rows.append(
            [
                self.para(self.t("total"), "cell"),
                self.para(_num(weight_total), "cell_center"),
                self.para(
                    str(sum(1 for i in self.data.items if i.result != Result.NA)), "cell_center"
                ),
                self.para("", "cell"),
                self.para("", "cell"),
                self.para(f"{self.score_text()} / 100", "cell_center"),
            ]
        )
        widths = [48 * mm, 20 * mm, 20 * mm, 30 * mm, 24 * mm, CONTENT_WIDTH - 142 * mm]
        return self.grid_table(
            rows, widths, extra=[("BACKGROUND", (0, -1), (-1, -1), PRIMARY_LIGHT)]
        )

    # -- findings ------------------------------------------------------------

    def findings(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading(f"2  {self.t('sec_findings')}", 0)]
        ordered = self.data.findings_by_severity()
        if not ordered:
            return [*story, self.para(self.t("no_findings"))]
        story.append(self.severity_overview(ordered))
        story.append(Spacer(1, 3 * mm))
        for number, finding in enumerate(ordered, 1):
            story.append(KeepTogether([self.finding_block(number, finding), Spacer(1, 2.5 * mm)]))
        return story

    def severity_overview(self, findings: Sequence[FindingEntry]) -> Table:
        present = [s for s in SEVERITY_ORDER if any(f.severity == s for f in findings)]
        head_style = self.s.cell_head.clone("severity_head", alignment=1)
        head = [
            Paragraph(escape(name_of(SEVERITY_NAMES, s, self.lang)), head_style) for s in present
        ]
        counts = [
            self.para(str(sum(1 for f in findings if f.severity == s)), "cell_center")
            for s in present
        ]
        width = min(28 * mm, CONTENT_WIDTH / max(len(present), 1))
        commands: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for col, severity in enumerate(present):
            commands.append(("BACKGROUND", (col, 0), (col, 0), SEVERITY_COLOURS[severity]))
        return self.table([head, counts], [width] * len(present), commands)

    def finding_block(self, number: int, finding: FindingEntry) -> Table:
        colour = SEVERITY_COLOURS[finding.severity]
        origin = self.t("origin_apk" if finding.origin == "apk" else "origin_checklist")
        veto = f"  ·  <font color='#B71C1C'>{escape(self.t('veto'))}</font>" if finding.veto else ""
        title = Paragraph(
            f"<font color='#1F3A5F'>F-{number:02d}</font>  {self.text(finding.title)}<br/>"
            f"<font size='7' color='#607D8B'>{escape(origin)} · {escape(finding.ref)}</font>{veto}",
            self.s.cell,
        )
        chip = Paragraph(
            escape(name_of(SEVERITY_NAMES, finding.severity, self.lang)),
            self.s.cell_head.clone("chip", alignment=1),
        )
        details: list[str] = []
        if finding.observation:
            details.append(self._detail("observation", finding.observation))
        if finding.affected_items and finding.affected_items != (finding.ref,):
            details.append(self._detail("affected_items", ", ".join(finding.affected_items)))
        if finding.evidence:
            details.append(self._detail("evidence_refs", "; ".join(finding.evidence)))
        requirement = pick(finding.requirement, self.lang) if finding.requirement else ""
        if requirement:
            details.append(self._detail("requirement", requirement))
        remediation = pick(finding.remediation, self.lang) if finding.remediation else ""
        if remediation:
            details.append(self._detail("remediation", remediation))
        if finding.due_date is not None:
            details.append(self._detail("due_date", finding.due_date.isoformat()))
        rows: list[list[object]] = [[chip, title]]
        if details:
            rows.append([Spacer(1, 1), Paragraph("<br/>".join(details), self.s.cell)])
        return self.table(
            rows,
            [16 * mm, CONTENT_WIDTH - 16 * mm],
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (0, 0), colour),
                ("BACKGROUND", (1, 0), (1, 0), ZEBRA),
                ("LINEBELOW", (0, 0), (-1, 0), 0.4, GRID),
                ("LINEBEFORE", (0, 0), (0, -1), 3, colour),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
        )

    def _detail(self, key: str, value: str) -> str:
        return f"<font color='#607D8B'>{escape(self.t(key) + self.colon)}</font>{self.text(value)}"

    # -- per-domain items ----------------------------------------------------

    def items(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading(f"3  {self.t('sec_items')}", 0)]
        for number, domain in enumerate(self.data.domains, 1):
            rate = (
                f"{100 * domain.fraction:.1f}%"
                if domain.fraction is not None
                else self.t("no_applicable")
            )
            heading = self.t(
                "domain_heading",
                title=pick(domain.title, self.lang),
                weight=_num(domain.weight),
                rate=rate,
            )
            story.append(CondPageBreak(40 * mm))
            story.append(self.heading(f"3.{number}  {heading}", 1))
            if not domain.items:
                story.append(self.para(self.t("no_items"), "small"))
                continue
            story.append(self.item_table(domain))
        return story

    def item_table(self, domain: DomainSection) -> Table:
        rows: list[list[object]] = [
            self.head_row("col_id", "col_item", "col_method", "col_result", "col_note")
        ]
        extra: list[tuple[object, ...]] = []
        for row_index, item in enumerate(domain.items, 1):
            rows.append(self.item_row(item))
            _colour, background = RESULT_COLOURS[item.result]
            extra.append(("BACKGROUND", (3, row_index), (3, row_index), background))
        widths = [22 * mm, 50 * mm, 17 * mm, 17 * mm, CONTENT_WIDTH - 106 * mm]
        return self.grid_table(rows, widths, extra=extra)

    def item_row(self, item: ItemRow) -> list[object]:
        tags = name_of(SEVERITY_NAMES, item.severity, self.lang)
        if item.veto:
            tags += " · " + self.t("veto")
        title = Paragraph(
            f"{self.text(item.title)}<br/><font size='6.5' color='#607D8B'>{escape(tags)}</font>",
            self.s.cell,
        )
        colour, _background = RESULT_COLOURS[item.result]
        result_markup = (
            f"<font color='{colour_name(colour)}'>"
            f"{escape(name_of(RESULT_NAMES, item.result, self.lang))}</font>"
        )
        if item.source == AnswerSource.APK_AUTO:
            result_markup += (
                f"<br/><font size='6' color='#607D8B'>{escape(self.t('source_auto'))}</font>"
            )
        elif item.source == AnswerSource.OVERRIDE:
            result_markup += (
                f"<br/><font size='6' color='#607D8B'>{escape(self.t('source_override'))}</font>"
            )
        notes: list[str] = []
        if item.note:
            notes.append(self.text(item.note))
        if item.justification:
            notes.append(self._detail("justification", item.justification))
        if item.evidence:
            notes.append(self._detail("evidence_refs", ", ".join(item.evidence)))
        return [
            self.para(item.item_id, "cell"),
            title,
            Paragraph(
                "<br/>".join(escape(name_of(METHOD_NAMES, m, self.lang)) for m in item.methods)
                or "—",
                self.s.cell,
            ),
            Paragraph(result_markup, self.s.cell),
            Paragraph("<br/>".join(notes) or "", self.s.cell),
        ]

    # -- APK -----------------------------------------------------------------

    def apk(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading(f"4  {self.t('sec_apk')}", 0)]
        apk = self.data.apk
        if apk is None:
            return [*story, self.para(self.t("apk_none"))]
        version = apk.version_name or "—"
        if apk.version_code is not None:
            version += self.parens(f"versionCode {apk.version_code}")
        pairs: list[tuple[str, object]] = [
            (self.t("package"), apk.package or "—"),
            (self.t("version"), version),
        ]
        if apk.file_name or apk.file_sha256:
            pairs.append(
                (self.t("apk_file"), f"{apk.file_name}\nSHA-256 {apk.file_sha256}".strip())
            )
        pairs.append((self.t("consistency"), pick(apk.consistency, self.lang) or "—"))
        if apk.signature:
            pairs.append((self.t("signature_check"), pick(apk.signature, self.lang)))
        packers = (
            "; ".join(
                pick(name, self.lang) + (self.parens(vendor) if vendor else "")
                for name, vendor in apk.packers
            )
            if apk.packers
            else self.t("packers_none")
        )
        pairs.append((self.t("packers"), packers))
        story.append(self.kv_table(pairs))
        story += self.apk_certificates(apk)
        story += self.apk_sdks(apk)
        story += self.apk_findings(apk)
        return story

    def apk_certificates(self, apk: ApkSummary) -> list[Flowable]:
        story: list[Flowable] = [self.heading(self.t("certificates"), 1)]
        if not apk.certificates:
            return [*story, self.para(self.t("none"), "small")]
        for cert in apk.certificates:
            story.append(
                KeepTogether(
                    [
                        self.kv_table(
                            [
                                ("SHA-256", _split_hash(cert.sha256)),
                                (self.t("cert_subject"), cert.subject),
                                (self.t("cert_issuer"), cert.issuer),
                                (self.t("cert_validity"), f"{cert.not_before} — {cert.not_after}"),
                                (self.t("cert_algorithm"), cert.signature_algorithm),
                            ],
                            key_width=30 * mm,
                        ),
                        Spacer(1, 2 * mm),
                    ]
                )
            )
        return story

    def apk_sdks(self, apk: ApkSummary) -> list[Flowable]:
        story: list[Flowable] = [self.heading(self.t("sdks"), 1)]
        if not apk.sdks:
            return [*story, self.para(self.t("none"), "small")]
        rows: list[list[object]] = [self.head_row("sdk_name", "sdk_vendor", "sdk_category")]
        rows += [
            [
                self.para(pick(name, self.lang), "cell"),
                self.para(vendor, "cell"),
                self.para(category, "cell"),
            ]
            for name, vendor, category in apk.sdks
        ]
        return [*story, self.grid_table(rows, [70 * mm, 60 * mm, CONTENT_WIDTH - 130 * mm])]

    def apk_findings(self, apk: ApkSummary) -> list[Flowable]:
        story: list[Flowable] = [self.heading(self.t("apk_findings"), 1)]
        if not apk.findings:
            return [*story, self.para(self.t("none"), "small")]
        rows: list[list[object]] = [
            self.head_row("rule_id", "severity", "col_title", "affected_items")
        ]
        extra: list[tuple[object, ...]] = []
        for index, finding in enumerate(apk.findings, 1):
            rows.append(
                [
                    self.para(finding.rule_id, "cell"),
                    self.para(name_of(SEVERITY_NAMES, finding.severity, self.lang), "cell"),
                    self.para(finding.title, "cell"),
                    self.para(", ".join(finding.checklist_items) or "—", "cell"),
                ]
            )
            extra.append(("TEXTCOLOR", (1, index), (1, index), SEVERITY_COLOURS[finding.severity]))
        widths = [38 * mm, 16 * mm, 78 * mm, CONTENT_WIDTH - 132 * mm]
        return [*story, self.grid_table(rows, widths, extra=extra)]

    # -- evidence and integrity ----------------------------------------------

    def evidence(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading(f"5  {self.t('sec_evidence')}", 0)]
        if not self.data.evidence:
            return [*story, self.para(self.t("evidence_none"))]
        rows: list[list[object]] = [
            [
                self.para("#", "cell_head"),
                *self.head_row("ev_name", "digest_short", "ev_size", "ev_item"),
            ]
        ]
        for number, entry in enumerate(self.data.evidence, 1):
            name = self.text(entry.name)
            if entry.description:
                name += (
                    f"<br/><font size='6.5' color='#607D8B'>{self.text(entry.description)}</font>"
                )
            rows.append(
                [
                    self.para(str(number), "cell"),
                    Paragraph(name, self.s.cell),
                    self.para(_split_hash(entry.sha256), "mono"),
                    self.para(_size(entry.size), "cell"),
                    self.para(entry.item_id or "—", "cell"),
                ]
            )
        widths = [9 * mm, 56 * mm, 62 * mm, 17 * mm, CONTENT_WIDTH - 144 * mm]
        return [*story, self.grid_table(rows, widths)]

    def integrity(self) -> list[Flowable]:
        d = self.data
        story: list[Flowable] = [self.heading(f"6  {self.t('sec_integrity')}", 0)]
        story.append(
            self.kv_table(
                [
                    (self.t("pack_id"), d.pack.pack_id),
                    (self.t("pack_version"), d.pack.version),
                    (self.t("pack_hash"), _split_hash(d.pack.sha256)),
                    (self.t("digest"), _split_hash(d.digest)),
                    (self.t("generator"), f"{self.t('product')} (IHSA Workstation) {__version__}"),
                ],
                key_width=48 * mm,
            )
        )
        story += [Spacer(1, 2 * mm), self.para(self.t("digest_explain"), "small")]
        return story

    def signature_page(self) -> list[Flowable]:
        return [
            self.heading(f"7  {self.t('sec_signatures')}", 0),
            self.para(self.t("sign_intro")),
            Spacer(1, 2 * mm),
            self.kv_table(
                [
                    (self.t("case"), str(self.data.case_id)),
                    (self.t("digest"), _split_hash(self.data.digest)),
                ],
                key_width=48 * mm,
            ),
        ]

    def all_sections(
        self, chart_png: bytes | None
    ) -> list[tuple[Callable[[], list[Flowable]], bool]]:
        """Section builders in order, each with whether it starts on a new page."""
        return [
            (self.cover, True),
            (lambda: self.summary(chart_png), True),
            (self.findings, True),
            (self.items, True),
            (self.apk, True),
            (self.evidence, False),
            (self.integrity, False),
        ]


class _Rule(Flowable):
    """A horizontal line under the cover title."""

    def __init__(self, width: float, colour: colors.Color, thickness: float) -> None:
        super().__init__()
        self.width = width
        self.colour = colour
        self.thickness = thickness
        self.height = thickness + 2

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 1, self.width, 1)


def _split_hash(value: str) -> str:
    """Print a 64-digit hash as two aligned halves instead of an arbitrary wrap."""
    if len(value) == 64:
        return f"{value[:32]}\n{value[32:]}"
    return value


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


def _num(value: float) -> str:
    return f"{value:g}"


def colour_name(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]
