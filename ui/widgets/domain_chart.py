"""The per-domain bar chart of a score (the same picture the report prints)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager

# Fonts with Chinese glyphs, best first (Debian, Windows, macOS, Noto).
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
)


@cache
def chart_font() -> FontProperties:
    """A font that shows Chinese, with DejaVu Sans as the fallback for everything else."""
    installed = {font.name for font in fontManager.ttflist}
    families = [name for name in CJK_FAMILIES if name in installed]
    return FontProperties(family=[*families, "DejaVu Sans"])


def bar_colour(percent: float) -> str:
    if percent >= 85:
        return "#2e7d32"
    if percent >= 60:
        return "#f9a825"
    return "#c62828"


def domain_figure(
    rows: Sequence[tuple[str, float | None]], *, title: str, na_text: str, dpi: float = 100
) -> Figure:
    """Horizontal bars: each domain's fulfilment in percent (None = every item n/a)."""
    font = chart_font()
    height = max(2.4, 0.34 * len(rows) + 0.9)
    figure = Figure(figsize=(6.0, height), dpi=dpi, layout="constrained")
    axes = figure.add_subplot()
    names = [name for name, _ in rows][::-1]
    values = [value or 0.0 for _, value in rows][::-1]
    colours = [bar_colour(v) if v is not None else "#b0bec5" for _, v in rows][::-1]
    positions = range(len(rows))
    axes.barh(list(positions), values, color=colours, height=0.6)
    axes.set_xlim(0, 100)
    axes.set_yticks(list(positions), names, fontproperties=font)
    axes.set_xlabel("%", fontproperties=font)
    axes.set_title(title, fontproperties=font)
    for position, (_, value) in zip(positions, list(rows)[::-1], strict=True):
        label = na_text if value is None else f"{value:.0f}"
        axes.text((value or 0.0) + 1, position, label, va="center", fontproperties=font, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return figure
