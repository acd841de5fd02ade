"""The periodic statistics report (定期统计报告) as an A4 PDF with charts.

Built from a ``Statistics`` only (no database access here). Written beside the
target and moved into place when complete, so a cancelled or failed render leaves
nothing half-written.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app import __version__
from app.domain.enums import INCIDENT_SEVERITY_ORDER, CaseStatus, CaseType, Grade, IncidentStatus
from app.domain.models import NoticePolicy
from app.files import written_in_place_of
from app.i18n import pick
from app.jobs import CancelToken, ProgressSink, no_progress
from app.report.fonts import REPORTLAB_NAME, CjkFont, register_reportlab_font
from app.report.incident_texts import SEVERITY_NAMES, STATUS_NAMES, name
from app.report.layout import (
    CONTENT_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
)
from app.report.letters import PagedCanvas
from app.report.styles import GRID, PRIMARY, PRIMARY_LIGHT, ZEBRA, Styles, make_styles
from app.report.texts import CASE_TYPE_NAMES
from app.services.statistics import Statistics

CHART_DPI = 200

TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "zh": "互联网医院安全监管统计报告",
        "en": "Internet Hospital Security Statistics Report",
    },
    "subtitle": {
        "zh": "统计期间：{label}（{first} 至 {last}）",
        "en": "Period: {label} ({first} to {last})",
    },
    "generated": {"zh": "生成时间：{at}", "en": "Generated: {at}"},
    "as_of": {
        "zh": "状态类数据（未完成整改、逾期等）截至 {at}。",
        "en": "State figures (open and overdue items) are as of {at}.",
    },
    "issuer": {"zh": "编制单位：{issuer}", "en": "Prepared by: {issuer}"},
    "empty": {
        "zh": "本统计期间没有评估、APK 分析、整改或事件记录。",
        "en": "There are no assessments, APK analyses, rectifications or incidents in this period.",
    },
    "s_overview": {"zh": "一、总体情况", "en": "1. Overview"},
    "s_assessments": {"zh": "二、安全评估", "en": "2. Assessments"},
    "s_apk": {"zh": "三、移动应用（APK）监测", "en": "3. Mobile apps (APK) monitoring"},
    "s_rectifications": {"zh": "四、整改情况", "en": "4. Rectifications"},
    "s_incidents": {"zh": "五、安全事件与通报", "en": "5. Incidents and notices"},
    "s_method": {"zh": "六、统计口径", "en": "6. Definitions"},
    "fig_overview": {
        "zh": "图 1  等级分布、事件级别、通报及时性与 APK 监测结果",
        "en": "Figure 1  Grades, incident severity, notice timeliness and APK results",
    },
    "fig_scores": {
        "zh": "图 2  得分分布与平均得分趋势（虚线为 60 分与 85 分）",
        "en": "Figure 2  Score distribution and mean-score trend (dashed lines at 60 and 85)",
    },
    "fig_failed": {
        "zh": "图 3  不符合/部分符合次数最多的检查项",
        "en": "Figure 3  Checklist items most often failed or partial",
    },
    "fig_categories": {"zh": "图 4  事件类别", "en": "Figure 4  Incidents by category"},
    "k_assessments": {"zh": "评估案件（本期）", "en": "Assessment cases (period)"},
    "k_concluded": {"zh": "已完成的正式评估", "en": "Concluded official assessments"},
    "k_mean": {"zh": "平均得分 / 中位数", "en": "Mean / median score"},
    "k_grades": {"zh": "等级 A / B / C", "en": "Grades A / B / C"},
    "k_apk": {"zh": "分析的安装包（去重）", "en": "APK files analysed (distinct)"},
    "k_apk_bad": {"zh": "仿冒或篡改 / 过期版本", "en": "Counterfeit or tampered / outdated"},
    "k_rect": {"zh": "未完成整改 / 其中逾期", "en": "Open rectifications / overdue"},
    "k_incidents": {"zh": "安全事件（本期发现）", "en": "Incidents (discovered in period)"},
    "k_timely": {"zh": "按时通报率", "en": "Notified on time"},
    "k_overdue": {"zh": "当前通报/上报逾期的事件", "en": "Incidents now overdue for notice"},
    "type": {"zh": "评估类型", "en": "Type"},
    "status": {"zh": "状态", "en": "Status"},
    "count": {"zh": "数量", "en": "Count"},
    "grade": {"zh": "等级", "en": "Grade"},
    "share": {"zh": "占比", "en": "Share"},
    "score_stats": {
        "zh": "已完成的正式评估 {n} 项：平均 {mean} 分，中位数 {median} 分，"
        "最低 {low} 分，最高 {high} 分。",
        "en": "{n} concluded official assessment(s): mean {mean}, median {median}, lowest {low}, "
        "highest {high}.",
    },
    "no_scores": {
        "zh": "本期没有已完成的正式评估，不统计等级与得分。",
        "en": "No official assessment was concluded in this period; no grades or scores.",
    },
    "item": {"zh": "检查项", "en": "Item"},
    "title_col": {"zh": "名称", "en": "Title"},
    "fail": {"zh": "不符合", "en": "Fail"},
    "partial": {"zh": "部分符合", "en": "Partial"},
    "no_failed": {
        "zh": "本期没有不符合或部分符合的检查项。",
        "en": "No item failed in this period.",
    },
    "apk_intro": {
        "zh": "本期共分析安装包 {files} 个（同一文件只计一次），"
        "其中 {compared} 个与备案证书进行了比对。",
        "en": "{files} distinct APK file(s) analysed in the period; {compared} compared with a "
        "registered certificate.",
    },
    "apk_fact": {"zh": "监测结果", "en": "Finding"},
    "counterfeit": {
        "zh": "签名证书与备案不一致（疑似仿冒/二次打包）",
        "en": "Certificate differs from the registered one (counterfeit/repackaged)",
    },
    "tampered": {
        "zh": "备案证书但签名校验失败（签名后被篡改）",
        "en": "Registered certificate but broken signature (tampered)",
    },
    "package_mismatch": {
        "zh": "包名与备案应用不一致",
        "en": "Package differs from the registered app",
    },
    "outdated": {"zh": "版本低于备案官方版本", "en": "Older than the registered release"},
    "packed": {"zh": "已加固（检测到加固/保护）", "en": "Packed (packer or protector detected)"},
    "obfuscated_only": {"zh": "未加固但已混淆", "en": "Not packed, but obfuscated"},
    "unprotected": {"zh": "既未加固也未混淆", "en": "Neither packed nor obfuscated"},
    "packer": {"zh": "加固/保护方案", "en": "Packer / protector"},
    "flagged": {"zh": "存在问题的安装包", "en": "APK files with problems"},
    "file": {"zh": "文件", "en": "File"},
    "package": {"zh": "包名", "en": "Package"},
    "version": {"zh": "版本号", "en": "versionCode"},
    "problems": {"zh": "问题", "en": "Problems"},
    "analysed": {"zh": "分析时间", "en": "Analysed"},
    "rect_created": {"zh": "本期新增整改项", "en": "Rectifications raised in the period"},
    "rect_closed": {
        "zh": "本期关闭（验证通过或豁免）",
        "en": "Closed in the period (verified or waived)",
    },
    "rect_open": {"zh": "期末未完成", "en": "Open at the end of the period"},
    "rect_overdue": {"zh": "期末已逾期", "en": "Overdue at the end of the period"},
    "rect_by_severity": {"zh": "未完成整改按级别", "en": "Open rectifications by severity"},
    "rect_overdue_list": {"zh": "逾期整改项", "en": "Overdue rectifications"},
    "case": {"zh": "案件", "en": "Case"},
    "severity": {"zh": "级别", "en": "Severity"},
    "due": {"zh": "期限", "en": "Due"},
    "no_rect": {"zh": "本期没有整改项记录。", "en": "No rectification records for this period."},
    "inc_intro": {
        "zh": "本期发现安全事件 {n} 起。",
        "en": "{n} incident(s) discovered in the period.",
    },
    "timeliness": {"zh": "通报及时性", "en": "Notice timeliness"},
    "on_time": {"zh": "在时限内送达机构", "en": "Delivered to the organisation in time"},
    "late": {"zh": "超过时限后送达", "en": "Delivered after the deadline"},
    "missing": {"zh": "已过时限仍未送达", "en": "Deadline passed, not delivered"},
    "pending": {"zh": "尚未到时限", "en": "Deadline not yet reached"},
    "median_hours": {
        "zh": "发现至首次送达的中位时长",
        "en": "Median time from discovery to first delivery",
    },
    "hours": {"zh": "{h} 小时", "en": "{h} h"},
    "escalation": {"zh": "须上报 / 已上报", "en": "To escalate / escalated"},
    "overdue_list": {
        "zh": "当前逾期未通报或未上报的事件",
        "en": "Incidents now overdue for notice or escalation",
    },
    "incident": {"zh": "事件", "en": "Incident"},
    "organisation": {"zh": "机构", "en": "Organisation"},
    "deadline": {"zh": "通报时限", "en": "Deadline"},
    "overdue_kind": {"zh": "逾期", "en": "Overdue"},
    "none": {"zh": "无", "en": "none"},
    "method": {
        "zh": "评估案件按评估日期计入统计期间；等级、得分和检查项统计只计已提交、已批准或已归档"
        "的正式评估（不含自评估，草稿得分为暂定值不计入）。APK 分析按分析时间计入，"
        "同一文件（SHA-256 相同）只计最近一次结果。整改项“期末未完成”指期末尚未验证通过或豁免"
        "的整改项，“逾期”指其中尚未整改且已过整改期限的。事件按发现时间计入；"
        "通报时限自发现时起计算：{hours}；达到“{threshold}”及以上级别的事件须同时上报。",
        "en": "Assessment cases count by their assessment date; grades, scores and checklist items "
        "count only submitted, approved or archived official assessments (no self-assessments; a "
        "draft's score is provisional). APK analyses count by analysis time, each file (same "
        "SHA-256) once with its latest result. Open rectifications are those not verified or "
        "waived at the end of the period; overdue ones are still unfixed after their due date. "
        "Incidents count by discovery time; notice deadlines run from discovery: {hours}; "
        "incidents of severity {threshold} or above are also escalated.",
    },
    "footer": {
        "zh": "互联网医院安全评估工作站 · 统计报告",
        "en": "IHSA Workstation · Statistics report",
    },
}


def tx(key: str, lang: str, **values: object) -> str:
    text = pick(TEXTS[key], lang)
    return text.format(**values) if values else text


def render_statistics(
    stats: Statistics,
    out_path: Path,
    *,
    lang: str = "zh",
    policy: NoticePolicy,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the statistics report for ``stats`` to ``out_path`` and return the path."""
    cancel = cancel or CancelToken()
    font = register_reportlab_font()
    progress(0.02, "charts")
    charts = _chart_images(stats, lang, font, progress, cancel)
    builder = _Builder(stats, lang, make_styles(REPORTLAB_NAME), policy)
    story = builder.story(charts)
    progress(0.75, "pages")
    cancel.raise_if_cancelled()
    out_path = Path(out_path)
    with written_in_place_of(out_path, "统计报告", "statistics report") as temp:
        doc = _StatsDocument(str(temp), stats, lang, cancel)
        doc.build(
            story,
            canvasmaker=functools.partial(
                PagedCanvas, footer=f"{tx('footer', lang)} · {stats.period.label}", lang=lang
            ),
        )
    progress(1.0, "done")
    return out_path


def _chart_images(
    stats: Statistics, lang: str, font: CjkFont, progress: ProgressSink, cancel: CancelToken
) -> dict[str, bytes]:
    from app.report.charts import figure_png
    from app.report.statistics_charts import (
        failed_items_chart,
        incident_category_chart,
        overview_chart,
        score_chart,
    )

    makers = {
        "overview": overview_chart,
        "scores": score_chart,
        "failed_items": failed_items_chart,
        "incident_categories": incident_category_chart,
    }
    images: dict[str, bytes] = {}
    for index, (key, make) in enumerate(makers.items()):
        images[key] = figure_png(make(stats, lang, font), dpi=CHART_DPI)
        progress(0.05 + 0.65 * (index + 1) / len(makers), "charts")
        cancel.raise_if_cancelled()
    return images


class _StatsDocument(SimpleDocTemplate):
    def __init__(self, filename: str, stats: Statistics, lang: str, cancel: CancelToken) -> None:
        super().__init__(
            filename,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{tx('title', lang)} {stats.period.label}",
            subject=stats.period.label,
            creator=f"IHSA Workstation {__version__}",
            lang="zh-CN" if lang == "zh" else "en",
            initialFontName=REPORTLAB_NAME,
        )
        self._cancel = cancel

    def afterFlowable(self, flowable: Flowable) -> None:
        self._cancel.raise_if_cancelled()


class _Builder:
    def __init__(self, stats: Statistics, lang: str, styles: Styles, policy: NoticePolicy) -> None:
        self.stats, self.lang, self.s, self.policy = stats, lang, styles, policy

    # -- helpers ----------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return tx(key, self.lang, **values)

    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), getattr(self.s, style))

    def when(self, value: datetime | None) -> str:
        if value is None:
            return self.t("none")
        return value.astimezone().strftime("%Y-%m-%d %H:%M")

    def day(self, value: date | None) -> str:
        return value.isoformat() if value else self.t("none")

    def figure(self, png: bytes, caption_key: str) -> Flowable:
        """The chart at its drawn size (200 dpi), narrowed to the page when wider."""
        import io

        from reportlab.lib.utils import ImageReader

        w, h = ImageReader(io.BytesIO(png)).getSize()
        width = min(w * 72 / CHART_DPI, CONTENT_WIDTH)
        image = Image(io.BytesIO(png), width=width, height=width * h / w)
        return KeepTogether([image, self.p(self.t(caption_key), "caption")])

    def table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
    ) -> Table:
        data: list[list[object]] = []
        if header:
            data.append([self.p(h, "cell_head") for h in header])
        data += [
            [c if isinstance(c, Flowable) else self.p(str(c), "cell") for c in r] for r in rows
        ]
        commands: list[tuple[object, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), REPORTLAB_NAME),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), PRIMARY))
            commands += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(data), 2)]
        else:
            commands.append(("BACKGROUND", (0, 0), (0, -1), PRIMARY_LIGHT))
        table = Table(data, colWidths=list(widths), hAlign="LEFT", repeatRows=1 if header else 0)
        table.setStyle(TableStyle(commands))
        return table

    def counts(self, key_header: str, pairs: Sequence[tuple[str, int]], total: int) -> Table:
        rows = [(k, v, _share(v, total)) for k, v in pairs]
        return self.table(
            [key_header, self.t("count"), self.t("share")],
            rows,
            [CONTENT_WIDTH - 50 * mm, 25 * mm, 25 * mm],
        )

    def section(self, key: str) -> list[Flowable]:
        return [CondPageBreak(50 * mm), self.p(self.t(key), "h1")]

    # -- story ----------------------------------------------------------------------

    def story(self, charts: dict[str, bytes]) -> list[Flowable]:
        stats, lang = self.stats, self.lang
        period = stats.period
        story: list[Flowable] = [
            self.p(self.t("title"), "cover_title"),
            Spacer(1, 2 * mm),
            self.p(
                self.t(
                    "subtitle",
                    label=period.label,
                    first=period.start.isoformat(),
                    last=period.last_day.isoformat(),
                ),
                "cover_subtitle",
            ),
            self.p(self.t("generated", at=self.when(stats.generated_at)), "small"),
            self.p(self.t("as_of", at=self.when(stats.as_of)), "small"),
        ]
        if self.policy.issuer:
            story.append(self.p(self.t("issuer", issuer=self.policy.issuer), "small"))
        if stats.empty:
            story += [Spacer(1, 4 * mm), self.p(self.t("empty"))]
        story += self.overview(charts["overview"])
        story += self.assessments(charts["scores"], charts["failed_items"])
        story += self.apk()
        story += self.rectifications()
        story += self.incidents(charts["incident_categories"])
        story += self.section("s_method")
        hours = "；" if lang == "zh" else "; "
        deadline_text = hours.join(
            f"{name(SEVERITY_NAMES, s, lang)} {self.t('hours', h=self.policy.notice_hours[s])}"
            for s in INCIDENT_SEVERITY_ORDER
        )
        story.append(
            self.p(
                self.t(
                    "method",
                    hours=deadline_text,
                    threshold=name(SEVERITY_NAMES, self.policy.escalation_threshold, lang),
                ),
                "small",
            )
        )
        return story

    def overview(self, chart: bytes) -> list[Flowable]:
        stats = self.stats
        a, apk, r, i = stats.assessments, stats.apk, stats.rectifications, stats.incidents
        delivered = i.notice_on_time + i.notice_late + i.notice_missing
        timely = _share(i.notice_on_time, delivered) if delivered else self.t("none")
        mean = (
            f"{a.score_mean:.1f} / {a.score_median:.1f}"
            if a.score_mean is not None and a.score_median is not None
            else self.t("none")
        )
        pairs = [
            (self.t("k_assessments"), a.total),
            (self.t("k_concluded"), a.concluded),
            (self.t("k_mean"), mean),
            (self.t("k_grades"), " / ".join(str(a.grades[g.value]) for g in Grade)),
            (self.t("k_apk"), apk.files),
            (self.t("k_apk_bad"), f"{apk.counterfeit + apk.tampered} / {apk.outdated}"),
            (self.t("k_rect"), f"{r.open_at_end} / {r.overdue_at_end}"),
            (self.t("k_incidents"), i.total),
            (self.t("k_timely"), timely),
            (self.t("k_overdue"), len(i.overdue)),
        ]
        key_width = 70 * mm
        return [
            *self.section("s_overview"),
            self.table(None, pairs, [key_width, CONTENT_WIDTH - key_width]),
            Spacer(1, 4 * mm),
            self.figure(chart, "fig_overview"),
        ]

    def assessments(self, scores: bytes, failed: bytes) -> list[Flowable]:
        a, lang = self.stats.assessments, self.lang
        story = self.section("s_assessments")
        types = [(name(CASE_TYPE_NAMES, CaseType(k), lang), v) for k, v in a.by_type.items() if v]
        statuses = [
            (_case_status_name(CaseStatus(k), lang), v) for k, v in a.by_status.items() if v
        ]
        if a.total:
            story += [self.counts(self.t("type"), types, a.total), Spacer(1, 3 * mm)]
            story += [self.counts(self.t("status"), statuses, a.total), Spacer(1, 3 * mm)]
        if a.concluded and a.score_mean is not None:
            story.append(
                self.p(
                    self.t(
                        "score_stats",
                        n=a.concluded,
                        mean=f"{a.score_mean:.1f}",
                        median=f"{a.score_median:.1f}",
                        low=f"{a.score_min:.1f}",
                        high=f"{a.score_max:.1f}",
                    )
                )
            )
            grades = [(g.value, a.grades[g.value]) for g in Grade]
            story += [self.counts(self.t("grade"), grades, a.concluded), Spacer(1, 3 * mm)]
            story.append(self.figure(scores, "fig_scores"))
        else:
            story.append(self.p(self.t("no_scores")))
        if a.most_failed:
            story.append(self.figure(failed, "fig_failed"))
            rows = [(f.item_id, pick(f.title, lang), f.fail, f.partial) for f in a.most_failed]
            story.append(
                self.table(
                    [self.t("item"), self.t("title_col"), self.t("fail"), self.t("partial")],
                    rows,
                    [26 * mm, CONTENT_WIDTH - 66 * mm, 20 * mm, 20 * mm],
                )
            )
        elif a.concluded:
            story.append(self.p(self.t("no_failed")))
        return story

    def apk(self) -> list[Flowable]:
        apk, lang = self.stats.apk, self.lang
        story = self.section("s_apk")
        story.append(self.p(self.t("apk_intro", files=apk.files, compared=apk.compared)))
        if not apk.files:
            return story
        facts = [
            (self.t(k), getattr(apk, k))
            for k in (
                "counterfeit",
                "tampered",
                "package_mismatch",
                "outdated",
                "packed",
                "obfuscated_only",
                "unprotected",
            )
        ]
        story.append(self.counts(self.t("apk_fact"), facts, apk.files))
        if apk.packers:
            story += [
                Spacer(1, 3 * mm),
                self.counts(self.t("packer"), list(apk.packers.items()), apk.files),
            ]
        if apk.flagged:
            story.append(self.p(self.t("flagged"), "h2"))
            rows = [
                (
                    f.file_name,
                    f.package,
                    "" if f.version_code is None else f.version_code,
                    ("、" if lang == "zh" else ", ").join(self.t(p) for p in f.problems),
                    self.when(f.analysed_at),
                )
                for f in apk.flagged
            ]
            story.append(
                self.table(
                    [
                        self.t("file"),
                        self.t("package"),
                        self.t("version"),
                        self.t("problems"),
                        self.t("analysed"),
                    ],
                    rows,
                    [38 * mm, 40 * mm, 22 * mm, CONTENT_WIDTH - 130 * mm, 30 * mm],
                )
            )
        return story

    def rectifications(self) -> list[Flowable]:
        r, lang = self.stats.rectifications, self.lang
        story = self.section("s_rectifications")
        if not (r.created or r.open_at_end or r.closed):
            story.append(self.p(self.t("no_rect")))
            return story
        key_width = 70 * mm
        story.append(
            self.table(
                None,
                [
                    (self.t("rect_created"), r.created),
                    (self.t("rect_closed"), r.closed),
                    (self.t("rect_open"), r.open_at_end),
                    (self.t("rect_overdue"), r.overdue_at_end),
                ],
                [key_width, CONTENT_WIDTH - key_width],
            )
        )
        if r.open_by_severity:
            story += [
                Spacer(1, 3 * mm),
                self.counts(
                    self.t("rect_by_severity"),
                    [(_severity_label(k, lang), v) for k, v in r.open_by_severity.items()],
                    r.open_at_end,
                ),
            ]
        if r.overdue:
            story.append(self.p(self.t("rect_overdue_list"), "h2"))
            rows = [
                (x.case_id, x.title, _severity_label(x.severity, lang), self.day(x.due_date))
                for x in r.overdue
            ]
            story.append(
                self.table(
                    [self.t("case"), self.t("title_col"), self.t("severity"), self.t("due")],
                    rows,
                    [16 * mm, CONTENT_WIDTH - 62 * mm, 20 * mm, 26 * mm],
                )
            )
        return story

    def incidents(self, chart: bytes) -> list[Flowable]:
        i, lang = self.stats.incidents, self.lang
        story = self.section("s_incidents")
        story.append(self.p(self.t("inc_intro", n=i.total)))
        if i.total:
            story.append(self.figure(chart, "fig_categories"))
            severities = [
                (name(SEVERITY_NAMES, s, lang), i.by_severity[s.value])
                for s in INCIDENT_SEVERITY_ORDER
            ]
            story += [self.counts(self.t("severity"), severities, i.total), Spacer(1, 3 * mm)]
            statuses = [(name(STATUS_NAMES, s, lang), i.by_status[s.value]) for s in IncidentStatus]
            story += [self.counts(self.t("status"), statuses, i.total), Spacer(1, 3 * mm)]
            story.append(self.p(self.t("timeliness"), "h2"))
            median = (
                self.t("hours", h=f"{i.median_hours_to_notice:.1f}")
                if i.median_hours_to_notice is not None
                else self.t("none")
            )
            key_width = 70 * mm
            story.append(
                self.table(
                    None,
                    [
                        (self.t("on_time"), i.notice_on_time),
                        (self.t("late"), i.notice_late),
                        (self.t("missing"), i.notice_missing),
                        (self.t("pending"), i.notice_pending),
                        (self.t("median_hours"), median),
                        (self.t("escalation"), f"{i.escalation_required} / {i.escalated}"),
                    ],
                    [key_width, CONTENT_WIDTH - key_width],
                )
            )
        if i.overdue:
            story.append(self.p(self.t("overdue_list"), "h2"))
            rows = [
                (
                    x.id,
                    x.title,
                    x.organisation,
                    name(SEVERITY_NAMES, x.severity, lang),
                    self.when(x.notice_due_at),
                    ("、" if lang == "zh" else ", ").join(
                        pick({"zh": "通报", "en": "notice"}, lang)
                        if k == "notice"
                        else pick({"zh": "上报", "en": "escalation"}, lang)
                        for k in x.overdue
                    ),
                )
                for x in i.overdue
            ]
            story.append(
                self.table(
                    [
                        self.t("incident"),
                        self.t("title_col"),
                        self.t("organisation"),
                        self.t("severity"),
                        self.t("deadline"),
                        self.t("overdue_kind"),
                    ],
                    rows,
                    [15 * mm, CONTENT_WIDTH - 135 * mm, 40 * mm, 18 * mm, 30 * mm, 32 * mm],
                )
            )
        return story


_CASE_STATUS_NAMES = {
    CaseStatus.DRAFT: {"zh": "草稿", "en": "Draft"},
    CaseStatus.IN_PROGRESS: {"zh": "评估中", "en": "In progress"},
    CaseStatus.SUBMITTED: {"zh": "已提交", "en": "Submitted"},
    CaseStatus.APPROVED: {"zh": "已批准", "en": "Approved"},
    CaseStatus.ARCHIVED: {"zh": "已归档", "en": "Archived"},
}
_RECTIFICATION_SEVERITY = {
    "critical": {"zh": "严重", "en": "Critical"},
    "high": {"zh": "高", "en": "High"},
    "medium": {"zh": "中", "en": "Medium"},
    "low": {"zh": "低", "en": "Low"},
    "info": {"zh": "提示", "en": "Info"},
}


def _case_status_name(status: CaseStatus, lang: str) -> str:
    return pick(_CASE_STATUS_NAMES[status], lang)


def _severity_label(code: str, lang: str) -> str:
    return name(_RECTIFICATION_SEVERITY, code, lang)


def _share(part: int, total: int) -> str:
    return f"{100 * part / total:.0f}%" if total else "—"
