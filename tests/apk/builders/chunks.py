"""Android resource chunks shared by the AXML and resources.arsc writers.

Both formats are sequences of `ResChunk_header` chunks (frameworks/base
libs/androidfw/include/androidfw/ResourceTypes.h); the string pool is the same
structure in both.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

RES_STRING_POOL_TYPE = 0x0001
RES_TABLE_TYPE = 0x0002
RES_XML_TYPE = 0x0003
RES_XML_START_NAMESPACE_TYPE = 0x0100
RES_XML_END_NAMESPACE_TYPE = 0x0101
RES_XML_START_ELEMENT_TYPE = 0x0102
RES_XML_END_ELEMENT_TYPE = 0x0103
RES_XML_CDATA_TYPE = 0x0104
RES_XML_RESOURCE_MAP_TYPE = 0x0180
RES_TABLE_PACKAGE_TYPE = 0x0200
RES_TABLE_TYPE_TYPE = 0x0201
RES_TABLE_TYPE_SPEC_TYPE = 0x0202

# Res_value data types.
TYPE_NULL = 0x00
TYPE_REFERENCE = 0x01
TYPE_STRING = 0x03
TYPE_INT_DEC = 0x10
TYPE_INT_HEX = 0x11
TYPE_INT_BOOLEAN = 0x12

UTF8_FLAG = 0x100
NO_INDEX = 0xFFFFFFFF


def chunk(chunk_type: int, header_body: bytes, body: bytes) -> bytes:
    """A chunk: 8-byte header + the type-specific header fields + the payload."""
    header_size = 8 + len(header_body)
    return (
        struct.pack("<HHI", chunk_type, header_size, header_size + len(body)) + header_body + body
    )


def res_value(data_type: int, data: int) -> bytes:
    """A `Res_value`: size 8, res0 0, type, data."""
    return struct.pack("<HBBI", 8, 0, data_type, data & 0xFFFFFFFF)


def _utf16_entry(text: str) -> bytes:
    units = text.encode("utf-16-le")
    n = len(units) // 2
    if n >= 0x8000:  # long strings: two units, high bit set on the first
        return struct.pack("<HH", 0x8000 | (n >> 16), n & 0xFFFF) + units + b"\x00\x00"
    return struct.pack("<H", n) + units + b"\x00\x00"


def _utf8_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    if n >= 0x8000:
        raise ValueError("string too long for a UTF-8 string pool")
    return bytes([0x80 | (n >> 8), n & 0xFF])


def _utf8_entry(text: str) -> bytes:
    raw = text.encode("utf-8")
    utf16_len = len(text.encode("utf-16-le")) // 2
    return _utf8_length(utf16_len) + _utf8_length(len(raw)) + raw + b"\x00"


def string_pool(strings: Sequence[str], *, utf8: bool = False) -> bytes:
    """A `ResStringPool` chunk holding `strings` (no styles)."""
    encode = _utf8_entry if utf8 else _utf16_entry
    offsets: list[int] = []
    data = bytearray()
    for text in strings:
        offsets.append(len(data))
        data += encode(text)
    while len(data) % 4:
        data += b"\x00"
    strings_start = 28 + 4 * len(strings)
    header = struct.pack("<IIIII", len(strings), 0, UTF8_FLAG if utf8 else 0, strings_start, 0)
    return chunk(RES_STRING_POOL_TYPE, header, struct.pack(f"<{len(offsets)}I", *offsets) + data)
