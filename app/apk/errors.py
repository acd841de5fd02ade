"""Errors of the APK analyzer.

Only a file that is not an Android package at all raises; every partial failure
inside a real package becomes a ``degraded`` note so the assessor still gets the
facts that could be read.
"""

from __future__ import annotations

from app.errors import KnownError


class ApkError(KnownError):
    """The file cannot be analysed as an APK (not a ZIP, unreadable, no Android content)."""

    code = "apk_invalid"


class ParseError(Exception):
    """A reader met malformed bytes; callers turn it into a degraded note."""
