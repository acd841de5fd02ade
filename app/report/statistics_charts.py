"""Charts of the periodic statistics, as bare matplotlib Figures (never pyplot).

The GUI shows the same figures the PDF embeds. Every chart copes with an empty
period: its panels say "no data" instead of drawing empty axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.domain.enums import INCIDENT_SEVERITY_ORDER, Grade, IncidentCategory
from app.i18n import pick
from app.report.fonts import CjkFont
from app.report.incident_texts import CATEGORY_SHORT, SEVERITY_NAMES, name
from app.services.statistics import Statistics

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

GRADE_COLOURS = {"A": "#2E7D32", "B": "#EF8F00", "C": "#C62828"}
SEVERITY_COLOURS = {"critical": "#7F0000", "high": "#C62828", "medium": "#E65100", "low": "#9E7B00"}
PRIMARY = "#1F3A5F"
MUTED = "#90A4AE"
TIMELINESS_COLOURS = ("#2E7D32", "#EF8F00", "#C62828", "#B0BEC5")

CHART_TEXTS: dict[str, dict[str, str]] = {
    "no_data": {"zh": "本期无数据", "en": "no data in this period"},
    "grades": {
        "zh": "等级分布（已完成的正式评估）",
        "en": "Grades (concluded official assessments)",
    },
    "incident_severity": {"zh": "事件级别", "en": "Incidents by severity"},
    "timeliness": {"zh": "通报及时性", "en": "Notice timeliness"},
    "on_time": {"zh": "按时", "en": "on time"},
    "late": {"zh": "逾期送达", "en": "late"},
    "missing": {"zh": "逾期未通报", "en": "overdue, none"},
    "pending": {"zh": "未到期", "en": "not yet due"},
    "apk_problems": {"zh": "APK 一致性与加固", "en": "APK consistency and hardening"},
    "counterfeit": {"zh": "仿冒/二次打包", "en": "counterfeit"},
    "tampered": {"zh": "签名后被篡改", "en": "tampered"},
    "package_mismatch": {"zh": "包名不符", "en": "other package"},
    "outdated": {"zh": "过期版本", "en": "outdated"},
    "packed": {"zh": "已加固", "en": "packed"},
    "obfuscated_only": {"zh": "仅混淆", "en": "obfuscated only"},
    "unprotected": {"zh": "未加固未混淆", "en": "unprotected"},
    "score_hist": {"zh": "得分分布", "en": "Score distribution"},
    "score_trend": {"zh": "平均得分趋势", "en": "Mean score trend"},
    "cases": {"zh": "案件数", "en": "cases"},
    "score": {"zh": "得分", "en": "score"},
    "fail": {"zh": "不符合", "en": "fail"},
    "partial": {"zh": "部分符合", "en": "partial"},
    "incident_category": {"zh": "事件类别", "en": "Incidents by category"},
}


def label(key: str, lang: str) -> str:
    return pick(CHART_TEXTS[key], lang)


class _Fonts:
    def __init__(self, font: CjkFont) -> None:
        from matplotlib.font_manager import FontProperties

        self.title = FontProperties(fname=str(font.path), size=9.5)
        self.normal = FontProperties(fname=str(font.path), size=8)
        self.small = FontProperties(fname=str(font.path), size=7)


def overview_chart(stats: Statistics, lang: str, font: CjkFont, width_in: float = 6.8) -> Figure:
    """Four panels: grades, incidents by severity, notice timeliness, APK problems."""
    from matplotlib.figure import Figure

    fonts = _Fonts(font)
    fig = Figure(figsize=(width_in, width_in * 0.62), dpi=100, layout="constrained")
    grid = fig.subplots(2, 2)
    grades = stats.assessments.grades
    _bars(
        grid[0][0],
        [g.value for g in Grade],
        [grades[g.value] for g in Grade],
        [GRADE_COLOURS[g.value] for g in Grade],
        label("grades", lang),
        fonts,
        lang,
    )
    severities = stats.incidents.by_severity
    _bars(
        grid[0][1],
        [name(SEVERITY_NAMES, s, lang) for s in INCIDENT_SEVERITY_ORDER],
        [severities[s.value] for s in INCIDENT_SEVERITY_ORDER],
        [SEVERITY_COLOURS[s.value] for s in INCIDENT_SEVERITY_ORDER],
        label("incident_severity", lang),
        fonts,
        lang,
    )
    incidents = stats.incidents
    _bars(
        grid[1][0],
        [label(k, lang) for k in ("on_time", "late", "missing", "pending")],
        [
            incidents.notice_on_time,
            incidents.notice_late,
            incidents.notice_missing,
            incidents.notice_pending,
        ],
        list(TIMELINESS_COLOURS),
        label("timeliness", lang),
        fonts,
        lang,
    )
    apk = stats.apk
    keys = ("counterfeit", "tampered", "outdated", "packed", "obfuscated_only", "unprotected")
    _bars(
        grid[1][1],
        [label(k, lang) for k in keys],
        [getattr(apk, k) for k in keys],
        ["#C62828", "#7F0000", "#EF8F00", "#2E7D32", "#78909C", "#B0BEC5"],
        label("apk_problems", lang),
        fonts,
        lang,
        horizontal=True,
    )
    return fig


def score_chart(stats: Statistics, lang: str, font: CjkFont, width_in: float = 6.8) -> Figure:
    """Score histogram (10-point bins, coloured by grade band) and the mean-score trend."""
    from matplotlib.figure import Figure

    fonts = _Fonts(font)
    fig = Figure(figsize=(width_in, width_in * 0.36), dpi=100, layout="constrained")
    hist, trend = fig.subplots(1, 2, width_ratios=[1.1, 1])
    assessments = stats.assessments
    bins = assessments.score_bins
    if not any(bins):
        _no_data(hist, label("score_hist", lang), fonts, lang)
    else:
        lefts = [10 * i for i in range(len(bins))]
        colours = [_band_colour(left + 5) for left in lefts]
        hist.bar(lefts, bins, width=9.2, align="edge", color=colours, zorder=2)
        hist.set_xlim(0, 100)
        hist.set_xticks(list(range(0, 101, 20)))
        for threshold in (60, 85):
            hist.axvline(threshold, color="#78909C", linestyle="--", linewidth=0.8, zorder=3)
        _style(hist, label("score_hist", lang), fonts, integer_y=True)
    points = [p for p in assessments.trend]
    if not any(p.mean_score is not None for p in points):
        _no_data(trend, label("score_trend", lang), fonts, lang)
    else:
        positions = list(range(len(points)))
        values = [p.mean_score if p.mean_score is not None else float("nan") for p in points]
        trend.plot(
            positions, values, color=PRIMARY, marker="o", markersize=4, linewidth=1.4, zorder=3
        )
        for pos, point in zip(positions, points, strict=True):
            if point.mean_score is not None:
                trend.annotate(
                    f"{point.mean_score:.1f} (n={point.cases})",
                    (pos, point.mean_score),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontproperties=fonts.small,
                    color="#37474F",
                )
        trend.set_ylim(0, 105)
        trend.set_xticks(positions, [p.label for p in points])
        trend.set_xlim(-0.5, len(points) - 0.5)
        for threshold in (60, 85):
            trend.axhline(threshold, color="#78909C", linestyle="--", linewidth=0.8, zorder=1)
        _style(trend, label("score_trend", lang), fonts)
        if len(points) > 8:
            for tick in trend.get_xticklabels():
                tick.set_rotation(45)
    return fig


def failed_items_chart(
    stats: Statistics, lang: str, font: CjkFont, width_in: float = 5.2
) -> Figure:
    """The most failed checklist items, fail and partial stacked."""
    from matplotlib.figure import Figure

    fonts = _Fonts(font)
    items = list(reversed(stats.assessments.most_failed))
    fig = Figure(figsize=(width_in, 0.7 + 0.26 * max(len(items), 2)), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    if not items:
        _no_data(ax, "", fonts, lang)
        return fig
    positions = list(range(len(items)))
    fails = [i.fail for i in items]
    partials = [i.partial for i in items]
    ax.barh(positions, fails, color="#C62828", height=0.6, label=label("fail", lang), zorder=2)
    ax.barh(
        positions,
        partials,
        left=fails,
        color="#EF8F00",
        height=0.6,
        label=label("partial", lang),
        zorder=2,
    )
    ax.set_yticks(positions, [i.item_id for i in items])
    ax.legend(
        prop=fonts.small, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False
    )
    _style(ax, "", fonts, integer_x=True)
    return fig


def incident_category_chart(
    stats: Statistics, lang: str, font: CjkFont, width_in: float = 5.2
) -> Figure:
    """Incidents of the period per category (categories with none are left out)."""
    from matplotlib.figure import Figure

    fonts = _Fonts(font)
    present = [(c, n) for c in IncidentCategory if (n := stats.incidents.by_category[c.value])]
    fig = Figure(
        figsize=(width_in, 0.7 + 0.28 * max(len(present), 2)), dpi=100, layout="constrained"
    )
    ax = fig.add_subplot()
    if not present:
        _no_data(ax, "", fonts, lang)
        return fig
    present.reverse()
    positions = list(range(len(present)))
    ax.barh(positions, [n for _c, n in present], color=PRIMARY, height=0.6, zorder=2)
    for pos, (_c, count) in zip(positions, present, strict=True):
        ax.text(count, pos, f" {count}", va="center", fontproperties=fonts.small, color="#37474F")
    ax.set_yticks(positions, [name(CATEGORY_SHORT, c, lang) for c, _n in present])
    _style(ax, "", fonts, integer_x=True)
    return fig


# -- helpers --------------------------------------------------------------------------------


def _bars(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[int],
    colours: Sequence[str],
    title: str,
    fonts: _Fonts,
    lang: str,
    *,
    horizontal: bool = False,
) -> None:
    if not any(values):
        _no_data(ax, title, fonts, lang)
        return
    positions = list(range(len(values)))
    if horizontal:
        ordered = list(reversed(positions))
        ax.barh(ordered, values, color=colours, height=0.62, zorder=2)
        ax.set_yticks(ordered, labels)
        for pos, value in zip(ordered, values, strict=True):
            ax.text(value, pos, f" {value}", va="center", fontproperties=fonts.small)
        ax.set_xlim(0, max(values) * 1.25)
        _style(ax, title, fonts, integer_x=True)
    else:
        ax.bar(positions, values, color=colours, width=0.62, zorder=2)
        ax.set_xticks(positions, labels)
        for pos, value in zip(positions, values, strict=True):
            ax.text(pos, value, f"{value}", ha="center", va="bottom", fontproperties=fonts.small)
        ax.set_ylim(0, max(values) * 1.25)
        _style(ax, title, fonts, integer_y=True)


def _no_data(ax: Axes, title: str, fonts: _Fonts, lang: str) -> None:
    ax.text(
        0.5,
        0.5,
        label("no_data", lang),
        ha="center",
        va="center",
        transform=ax.transAxes,
        fontproperties=fonts.normal,
        color=MUTED,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#ECEFF1")
    if title:
        ax.set_title(title, fontproperties=fonts.title, color=PRIMARY, loc="left")


def _style(
    ax: Axes, title: str, fonts: _Fonts, *, integer_x: bool = False, integer_y: bool = False
) -> None:
    from matplotlib.ticker import MaxNLocator

    if title:
        ax.set_title(title, fontproperties=fonts.title, color=PRIMARY, loc="left")
    for tick in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        tick.set_fontproperties(fonts.small)
    if integer_x:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if integer_y:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x" if integer_x else "y", color="#ECEFF1", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#B0BEC5")
    ax.tick_params(axis="both", length=0, pad=3)


def _band_colour(score: float) -> str:
    if score >= 85:
        return GRADE_COLOURS["A"]
    if score >= 60:
        return GRADE_COLOURS["B"]
    return GRADE_COLOURS["C"]
