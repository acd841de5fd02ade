"""Colours and paragraph styles of the report (one embedded CJK font throughout)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from app.domain.enums import Grade, Result, Severity

INK = colors.HexColor("#212121")
MUTED = colors.HexColor("#607D8B")
PRIMARY = colors.HexColor("#1F3A5F")
PRIMARY_LIGHT = colors.HexColor("#E8EEF5")
RULE = colors.HexColor("#B0BEC5")
GRID = colors.HexColor("#CFD8DC")
ZEBRA = colors.HexColor("#F7F9FA")
WARNING = colors.HexColor("#B71C1C")

GRADE_COLOURS = {
    Grade.A: colors.HexColor("#2E7D32"),
    Grade.B: colors.HexColor("#E68A00"),
    Grade.C: colors.HexColor("#C62828"),
}
SEVERITY_COLOURS = {
    Severity.CRITICAL: colors.HexColor("#7F0000"),
    Severity.HIGH: colors.HexColor("#C62828"),
    Severity.MEDIUM: colors.HexColor("#E65100"),
    Severity.LOW: colors.HexColor("#9E7B00"),
    Severity.INFO: colors.HexColor("#546E7A"),
}
# (text colour, cell background) per result
RESULT_COLOURS = {
    Result.PASS: (colors.HexColor("#1B5E20"), colors.HexColor("#E8F5E9")),
    Result.PARTIAL: (colors.HexColor("#8A4B00"), colors.HexColor("#FFF3E0")),
    Result.FAIL: (colors.HexColor("#B71C1C"), colors.HexColor("#FFEBEE")),
    Result.NA: (colors.HexColor("#546E7A"), colors.HexColor("#F5F5F5")),
    Result.NOT_ASSESSED: (colors.HexColor("#6A1B9A"), colors.HexColor("#F3E5F5")),
}


@dataclass(frozen=True)
class Styles:
    """Paragraph styles bound to the registered font."""

    body: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    cell_head: ParagraphStyle
    cell_center: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    caption: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_org: ParagraphStyle
    badge_grade: ParagraphStyle
    badge_text: ParagraphStyle
    right: ParagraphStyle
    mono: ParagraphStyle


# Chinese punctuation that must not begin a line. reportlab's list (made for
# Japanese) lacks the full-width comma, semicolon, colon, !, ?, closing book-title
# marks and the ellipsis, so a line could start with "，"; both of its line
# breakers read these module globals.
_EXTRA_CANNOT_START = "，；：！？》〉…"


def _extend_line_break_rules() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):
        current = module.ALL_CANNOT_START
        missing = "".join(ch for ch in _EXTRA_CANNOT_START if ch not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing


def make_styles(font: str) -> Styles:
    _extend_line_break_rules()
    # 'CJK' wrapping breaks between any two ideographs and, inside Latin runs,
    # backs up to the last space: it suits Chinese, English and mixed text.
    base = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=9.5,
        leading=15,
        textColor=INK,
        wordWrap="CJK",
        spaceAfter=4,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        body=base,
        small=derive("small", fontSize=8.5, leading=12.5),
        tiny=derive("tiny", fontSize=7, leading=9.5, textColor=MUTED, spaceAfter=0),
        cell=derive("cell", fontSize=8, leading=11, spaceAfter=0),
        cell_small=derive("cell_small", fontSize=7, leading=9.5, spaceAfter=0),
        cell_head=derive("cell_head", fontSize=8, leading=11, textColor=colors.white, spaceAfter=0),
        cell_center=derive(
            "cell_center", fontSize=8, leading=11, alignment=TA_CENTER, spaceAfter=0
        ),
        h1=derive("h1", fontSize=15, leading=20, textColor=PRIMARY, spaceBefore=16, spaceAfter=8),
        h2=derive("h2", fontSize=11.5, leading=16, textColor=PRIMARY, spaceBefore=8, spaceAfter=4),
        h3=derive("h3", fontSize=9.5, leading=13, textColor=PRIMARY, spaceBefore=4, spaceAfter=2),
        caption=derive(
            "caption", fontSize=8, leading=11, textColor=MUTED, alignment=TA_CENTER, spaceAfter=8
        ),
        cover_title=derive(
            "cover_title", fontSize=24, leading=32, textColor=PRIMARY, alignment=TA_LEFT
        ),
        cover_subtitle=derive("cover_subtitle", fontSize=11, leading=16, textColor=MUTED),
        cover_org=derive("cover_org", fontSize=16, leading=22, textColor=INK, spaceAfter=2),
        badge_grade=derive(
            "badge_grade", fontSize=40, leading=44, textColor=colors.white, alignment=TA_CENTER
        ),
        badge_text=derive(
            "badge_text", fontSize=10, leading=14, textColor=colors.white, alignment=TA_CENTER
        ),
        right=derive("right", alignment=TA_RIGHT),
        mono=derive("mono", fontSize=7.5, leading=10, spaceAfter=0),
    )
