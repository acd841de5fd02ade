"""Finding a CJK TrueType font for reports and charts.

Fonts are not shipped in the repository. reportlab only embeds fonts with
TrueType outlines (it refuses CFF/PostScript-outline ``.otf`` files such as
Noto Sans SC), so every candidate is loaded and checked for Chinese glyphs
before it is used. Order: ``IHSA_CJK_FONT`` (``path`` or ``path#index`` for a
collection), then ``resources/fonts/``, then well-known system locations.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.errors import KnownError
from app.paths import resources_dir

ENV_VAR = "IHSA_CJK_FONT"
REPORTLAB_NAME = "IHSA-CJK"
# Characters every report prints; a font without them would show empty boxes.
REQUIRED_GLYPHS = "互联网医院安全评估报告第页共签名符合不适用"

_SYSTEM_CANDIDATES: tuple[tuple[str, int], ...] = (
    # Debian/Ubuntu fonts-wqy-microhei, Fedora wqy-microhei-fonts, Arch wqy-microhei
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    # macOS
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
)
_WINDOWS_FONTS = ("msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc")


@dataclass(frozen=True)
class CjkFont:
    """A usable font file; ``index`` selects the face inside a .ttc collection."""

    path: Path
    index: int = 0


def find_cjk_font() -> CjkFont:
    """Return the first usable CJK TrueType font, or explain what to install."""
    return _locate()[0]


@lru_cache(maxsize=1)
def register_reportlab_font() -> CjkFont:
    """Register the CJK font with reportlab once per process under REPORTLAB_NAME."""
    from reportlab.pdfbase import pdfmetrics

    font, loaded = _locate()
    pdfmetrics.registerFont(loaded)
    return font


def _locate() -> tuple[CjkFont, Any]:
    """The font and its parsed reportlab TTFont (parsing a .ttc costs ~0.1 s: do it once)."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        font = _parse_spec(override)
        loaded = _load(font)
        if isinstance(loaded, str):
            raise KnownError(
                f"环境变量 {ENV_VAR} 指定的字体不可用：{font.path}（{loaded}）",
                f"the font named by {ENV_VAR} cannot be used: {font.path} ({loaded})",
                code="font",
            )
        return font, loaded
    for font in _candidates():
        if font.path.is_file():
            loaded = _load(font)
            if not isinstance(loaded, str):
                return font, loaded
    raise KnownError(
        "找不到可嵌入的中文 TrueType 字体：请安装 fonts-wqy-microhei（Debian/Ubuntu："
        "apt-get install fonts-wqy-microhei），或将 .ttf/.ttc 字体放入 resources/fonts/，"
        f"或设置环境变量 {ENV_VAR}",
        "no embeddable Chinese TrueType font found: install fonts-wqy-microhei (Debian/Ubuntu: "
        "apt-get install fonts-wqy-microhei), put a .ttf/.ttc font in resources/fonts/, "
        f"or set {ENV_VAR}",
        code="font",
    )


def _parse_spec(spec: str) -> CjkFont:
    path, sep, index = spec.rpartition("#")
    if sep and index.isdigit():
        return CjkFont(Path(path), int(index))
    return CjkFont(Path(spec), 0)


def _candidates() -> list[CjkFont]:
    found: list[CjkFont] = []
    bundled = resources_dir() / "fonts"
    if bundled.is_dir():
        found += [
            CjkFont(p, 0) for p in sorted(bundled.iterdir()) if p.suffix.lower() in {".ttf", ".ttc"}
        ]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        found += [CjkFont(windir / name, 0) for name in _WINDOWS_FONTS]
    found += [CjkFont(Path(p), i) for p, i in _SYSTEM_CANDIDATES]
    return found


def _load(font: CjkFont) -> Any:
    """The parsed font, or why reportlab cannot use it (a string)."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if not font.path.is_file():
        return "文件不存在 / file not found"
    try:
        loaded = TTFont(REPORTLAB_NAME, str(font.path), subfontIndex=font.index)
    except TTFError as err:
        return str(err)
    except OSError as err:
        return err.strerror or str(err)
    glyphs = loaded.face.charToGlyph
    if any(ord(ch) not in glyphs for ch in REQUIRED_GLYPHS):
        return "缺少中文字形 / no Chinese glyphs"
    return loaded
