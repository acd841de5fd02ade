"""Language of user-facing text produced by the Qt-free core.

The core speaks in message keys; this module renders them in the current
language. Chinese is the default; ``IHSA_LANG`` (or a later ``set_language``
call from the GUI or the CLI's ``--lang``) switches to English.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

SUPPORTED = ("zh", "en")
_current: str | None = None


def normalise(lang: str | None) -> str:
    """Map 'zh_CN', 'en_US.UTF-8', 'EN' ... onto a supported code (zh by default)."""
    code = (lang or "").strip().lower()[:2]
    return code if code in SUPPORTED else "zh"


def language() -> str:
    if _current is not None:
        return _current
    return normalise(os.environ.get("IHSA_LANG") or "zh")


def set_language(lang: str | None) -> str:
    global _current
    _current = normalise(lang)
    return _current


def pick(text: Mapping[str, str] | str, lang: str | None = None) -> str:
    """Choose one language from a ``{zh, en}`` mapping, falling back to the other."""
    if isinstance(text, str):
        return text
    lang = lang or language()
    return text.get(lang) or text.get("zh") or text.get("en") or ""


def join_list(parts: Iterable[str], lang: str | None = None) -> str:
    """Join list entries with the enumeration comma of the language (、 in Chinese)."""
    return ("、" if (lang or language()) == "zh" else ", ").join(parts)
