"""JAR manifest reading (MANIFEST.MF and .SF files) with the raw byte span of each section.

v1 signatures digest whole sections byte for byte (the .SF holds a digest of
each MANIFEST.MF section), so besides the attributes we keep where every section
starts and ends, including the blank line that closes it, as the JAR
specification defines a section.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field

# Digest attribute prefixes, strongest first: like Android, the first one present is used.
DIGEST_PREFIXES = (
    ("sha-512", "sha512"),
    ("sha-384", "sha384"),
    ("sha-256", "sha256"),
    ("sha1", "sha1"),
    ("sha-1", "sha1"),
    ("md5", "md5"),
)
_LINE = re.compile(rb"([^\r\n]*)(\r\n|\r|\n|$)")


@dataclass
class Section:
    start: int
    end: int  # after the blank line that closes the section (or end of data)
    attributes: dict[str, str] = field(default_factory=dict)  # lower-case name -> value

    @property
    def name(self) -> str | None:
        return self.attributes.get("name")


@dataclass
class Manifest:
    data: bytes
    main: Section
    named: dict[str, Section]  # by the value of Name:, first section of each name

    def section_bytes(self, section: Section) -> bytes:
        return self.data[section.start : section.end]


def parse_manifest(data: bytes) -> Manifest:
    """Split into sections at blank lines and read each section's attributes."""
    sections: list[Section] = []
    current: Section | None = None
    lines: list[bytes] = []
    pos, size = 0, len(data)
    while pos < size:
        match = _LINE.match(data, pos)
        assert match is not None  # the pattern matches the empty string
        text, ending = match.group(1), match.group(2)
        pos = match.end()
        if text:
            if current is None:
                current, lines = Section(match.start(), size), []
            lines.append(text)
        elif current is not None:  # a blank line closes the section
            current.end = pos
            current.attributes = _attributes(lines)
            sections.append(current)
            current = None
        if not ending:
            break
    if current is not None:
        current.attributes = _attributes(lines)
        sections.append(current)
    has_main = bool(sections) and sections[0].start == 0  # else: no main attributes at all
    main = sections.pop(0) if has_main else Section(0, 0)
    named: dict[str, Section] = {}
    for section in sections:
        if section.name is not None:
            named.setdefault(section.name, section)
    return Manifest(data, main, named)


def _attributes(lines: list[bytes]) -> dict[str, str]:
    """'Key: value' lines, with continuation lines (leading space) joined back."""
    joined: list[bytes] = []
    for line in lines:
        if line.startswith(b" ") and joined:
            joined[-1] += line[1:]
        else:
            joined.append(line)
    out: dict[str, str] = {}
    for line in joined:
        key, sep, value = line.partition(b": ")
        if sep:
            out.setdefault(key.decode("utf-8", "replace").lower(), value.decode("utf-8", "replace"))
    return out


def pick_digest(attributes: dict[str, str], suffix: str) -> tuple[str, bytes] | None:
    """(hash name, expected digest) of the strongest ``<ALG><suffix>`` attribute present."""
    for prefix, hash_name in DIGEST_PREFIXES:
        value = attributes.get(prefix + suffix)
        if value is not None:
            try:
                return hash_name, base64.b64decode(value.strip(), validate=True)
            except (binascii.Error, ValueError):
                return hash_name, b""  # an unreadable digest never matches
    return None


def digest_matches(expected: tuple[str, bytes], *candidates: bytes) -> bool:
    """Whether any candidate byte string hashes to the expected digest."""
    hash_name, value = expected
    return any(hashlib.new(hash_name, c).digest() == value for c in candidates)


def without_last_newline(data: bytes) -> bytes:
    """Section bytes minus their final line ending (old signers digested it that way)."""
    for ending in (b"\r\n", b"\n", b"\r"):
        if data.endswith(ending):
            return data[: -len(ending)]
    return data
