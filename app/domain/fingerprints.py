"""Normalising the identifiers inspectors type in: certificate hashes, package names."""

from __future__ import annotations

import re

_PACKAGE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+")
_HEX = re.compile(r"[0-9a-f]+")


def normalise_sha256(text: str) -> str | None:
    """'AB:CD:..' or 'abcd..' → 64 lowercase hex digits; None if it is not a SHA-256."""
    cleaned = re.sub(r"[\s:\-]", "", text).lower()
    if len(cleaned) == 64 and _HEX.fullmatch(cleaned):
        return cleaned
    return None


def is_android_package(name: str) -> bool:
    return bool(_PACKAGE.fullmatch(name))
