"""The per-domain chart of the executive summary.

Built on a bare ``matplotlib.figure.Figure`` (never pyplot: no global state, safe
in worker threads) so the GUI can show the same figure. matplotlib costs seconds
to import cold, so it is imported only when a chart is actually drawn.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.report.fonts import CjkFont
from app.report.model import DomainSection
from app.report.texts import label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Same thresholds as the grades: 85 (A) and 60 (B).
GOOD, FAIR = 0.85, 0.60
COLOURS = {"good": "#2E7D32", "fair": "#EF8F00", "poor": "#C62828", "na": "#B0BEC5"}


def domain_chart(
    domains: Sequence[DomainSection], lang: str, font: CjkFont, width_in: float = 6.6
) -> Figure:
    """Horizontal bars of each domain's score rate, coloured like the grades."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(fname=str(font.path), size=8.5)
    small = FontProperties(fname=str(font.path), size=7.5)
    rows = list(reversed(domains))  # matplotlib draws bottom-up; keep pack order top-down
    height_in = 0.9 + 0.32 * max(len(rows), 1)
    fig = Figure(figsize=(width_in, height_in), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    labels = [_domain_label(d, lang) for d in rows]
    values = [100 * d.fraction if d.fraction is not None else 0.0 for d in rows]
    colours = [_colour(d.fraction) for d in rows]
    positions = range(len(rows))
    ax.barh(positions, values, color=colours, height=0.62, zorder=2)
    for pos, domain, value in zip(positions, rows, values, strict=True):
        text = f"{value:.1f}%" if domain.fraction is not None else label("no_applicable", lang)
        ax.text(
            value + 1.2,
            pos,
            text,
            va="center",
            fontproperties=small,
            color="#37474F",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            zorder=4,
        )
    ax.set_yticks(list(positions), labels)
    for tick in ax.get_yticklabels():
        tick.set_fontproperties(prop)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100%"])
    for tick in ax.get_xticklabels():
        tick.set_fontproperties(small)
    for threshold in (FAIR, GOOD):
        ax.axvline(100 * threshold, color="#78909C", linestyle="--", linewidth=0.8, zorder=3)
    ax.grid(axis="x", color="#ECEFF1", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#90A4AE")
    ax.spines["bottom"].set_color("#90A4AE")
    ax.tick_params(axis="both", length=0, pad=4)
    return fig


def figure_png(fig: Figure, dpi: int = 200) -> bytes:
    """Render a figure to PNG bytes in memory (Agg, no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)  # attaches itself to the figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _domain_label(domain: DomainSection, lang: str) -> str:
    from app.i18n import pick

    return pick(domain.title, lang)


def _colour(fraction: float | None) -> str:
    if fraction is None:
        return COLOURS["na"]
    if fraction >= GOOD:
        return COLOURS["good"]
    if fraction >= FAIR:
        return COLOURS["fair"]
    return COLOURS["poor"]
