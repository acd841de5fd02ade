"""The string pool chunk shared by binary XML (AXML) and resources.arsc.

Strings are decoded on first use: the global pool of a large resources.arsc holds
tens of thousands of strings and a check needs a handful.
"""

from __future__ import annotations

import struct

from app.apk.errors import ParseError

UTF8_FLAG = 0x100


class StringPool:
    def __init__(self, data: bytes | memoryview, offset: int) -> None:
        """``offset`` is the start of the RES_STRING_POOL_TYPE chunk inside ``data``."""
        if offset + 28 > len(data):
            raise ParseError("string pool header truncated")
        _type, header_size, size, count, _styles, flags, strings_start, _ = struct.unpack_from(
            "<HHLLLLLL", data, offset
        )
        end = min(len(data), offset + size)
        index_start = offset + header_size
        if count > (end - index_start) // 4:
            raise ParseError(f"string pool claims {count} strings in a {size} byte chunk")
        self._data = data
        self._end = end
        self._utf8 = bool(flags & UTF8_FLAG)
        self._base = offset + strings_start
        self._offsets = struct.unpack_from(f"<{count}L", data, index_start)
        self._cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._offsets)

    def get(self, index: int) -> str | None:
        """The string at ``index``, or None for 0xFFFFFFFF / out-of-range / damaged entries."""
        if index < 0 or index >= len(self._offsets):
            return None
        cached = self._cache.get(index)
        if cached is None:
            try:
                cached = self._decode(self._base + self._offsets[index])
            except (IndexError, struct.error):
                return None
            self._cache[index] = cached
        return cached

    def _decode(self, pos: int) -> str:
        data = self._data
        if pos >= self._end:
            raise IndexError(pos)
        if self._utf8:
            # UTF-16 length first (ignored), then the UTF-8 byte length; each 1 or 2 bytes.
            pos += 2 if data[pos] & 0x80 else 1
            length = data[pos]
            if length & 0x80:
                length = ((length & 0x7F) << 8) | data[pos + 1]
                pos += 2
            else:
                pos += 1
            return bytes(data[pos : min(pos + length, self._end)]).decode("utf-8", "replace")
        (length,) = struct.unpack_from("<H", data, pos)
        pos += 2
        if length & 0x8000:
            (low,) = struct.unpack_from("<H", data, pos)
            length = ((length & 0x7FFF) << 16) | low
            pos += 2
        raw = bytes(data[pos : min(pos + 2 * length, self._end)])
        return raw.decode("utf-16-le", "replace")
