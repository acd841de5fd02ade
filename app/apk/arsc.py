"""resources.arsc reader: just enough to resolve ``@bool/…``, ``@string/…``, ``@xml/…``.

Manifest attributes may point into the resource table (``android:debuggable=
"@bool/dbg"``); the platform reads the default-configuration value. The table is
indexed lazily (chunk headers only) and entries are read on demand.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from app.apk.axml import TYPE_DYNAMIC_REFERENCE, TYPE_REFERENCE, TYPE_STRING
from app.apk.errors import ParseError
from app.apk.resstrings import StringPool

RES_STRING_POOL = 0x0001
RES_TABLE = 0x0002
RES_TABLE_PACKAGE = 0x0200
RES_TABLE_TYPE = 0x0201

FLAG_COMPLEX = 0x0001
FLAG_COMPACT = 0x0008
TYPE_FLAG_SPARSE = 0x01
TYPE_FLAG_OFFSET16 = 0x02
NO_ENTRY = 0xFFFFFFFF
MAX_REFERENCE_HOPS = 8


@dataclass(frozen=True)
class ResValue:
    dtype: int
    data: int
    string: str | None = None  # the value when dtype is TYPE_STRING


@dataclass(frozen=True)
class _TypeChunk:
    pos: int
    header_size: int
    flags: int
    entry_count: int
    entries_start: int
    is_default: bool


class ResourceTable:
    def __init__(self, data: bytes) -> None:
        if len(data) < 12:
            raise ParseError("resources.arsc shorter than its header")
        chunk_type, header_size, _size = struct.unpack_from("<HHL", data, 0)
        if chunk_type != RES_TABLE:
            raise ParseError(f"resources.arsc: unexpected chunk type 0x{chunk_type:04x}")
        self._data = data
        self.strings: StringPool | None = None
        # (package id, type id) -> type chunks in file order
        self._types: dict[tuple[int, int], list[_TypeChunk]] = {}
        self._index(header_size)

    def _index(self, start: int) -> None:
        data, pos, end = self._data, start, len(self._data)
        while pos + 8 <= end:
            chunk_type, header_size, size = struct.unpack_from("<HHL", data, pos)
            if size < 8 or pos + size > end:
                break
            if chunk_type == RES_STRING_POOL and self.strings is None:
                self.strings = StringPool(data, pos)
            elif chunk_type == RES_TABLE_PACKAGE:
                self._index_package(pos, header_size, size)
            pos += size

    def _index_package(self, start: int, header_size: int, size: int) -> None:
        data = self._data
        (package_id,) = struct.unpack_from("<L", data, start + 8)
        pos, end = start + header_size, start + size
        while pos + 8 <= end:
            chunk_type, child_header, child_size = struct.unpack_from("<HHL", data, pos)
            if child_size < 8 or pos + child_size > end:
                break
            if chunk_type == RES_TABLE_TYPE and child_header >= 20:
                type_id, flags, _r, count, entries_start, config_size = struct.unpack_from(
                    "<BBHLLL", data, pos + 8
                )
                config = data[pos + 24 : pos + 20 + min(config_size, child_header - 20)]
                chunk = _TypeChunk(pos, child_header, flags, count, entries_start, not any(config))
                self._types.setdefault((package_id & 0xFF, type_id), []).append(chunk)
            pos += child_size

    def resolve(self, res_id: int) -> ResValue | None:
        """The default-configuration value of ``res_id``, following references."""
        for _ in range(MAX_REFERENCE_HOPS):
            value = self._lookup(res_id)
            if value is None:
                return None
            if value.dtype in (TYPE_REFERENCE, TYPE_DYNAMIC_REFERENCE) and value.data:
                res_id = value.data
                continue
            return value
        return None

    def _lookup(self, res_id: int) -> ResValue | None:
        chunks = self._types.get(((res_id >> 24) & 0xFF, (res_id >> 16) & 0xFF))
        if not chunks:
            return None
        entry_index = res_id & 0xFFFF
        ordered = [c for c in chunks if c.is_default] + [c for c in chunks if not c.is_default]
        for chunk in ordered:
            value = self._entry(chunk, entry_index)
            if value is not None:
                return value
        return None

    def _entry(self, chunk: _TypeChunk, index: int) -> ResValue | None:
        data = self._data
        table = chunk.pos + chunk.header_size
        try:
            if chunk.flags & TYPE_FLAG_SPARSE:
                offset = self._sparse_offset(table, chunk.entry_count, index)
            elif index >= chunk.entry_count:
                return None
            elif chunk.flags & TYPE_FLAG_OFFSET16:
                (short,) = struct.unpack_from("<H", data, table + 2 * index)
                offset = NO_ENTRY if short == 0xFFFF else short * 4
            else:
                (offset,) = struct.unpack_from("<L", data, table + 4 * index)
            if offset == NO_ENTRY:
                return None
            at = chunk.pos + chunk.entries_start + offset
            size, flags, key = struct.unpack_from("<HHL", data, at)
            if flags & FLAG_COMPACT:
                return self._value(flags >> 8, key)
            if flags & FLAG_COMPLEX:
                return None  # bags (styles, arrays) are never manifest flags
            _vsize, _res0, dtype, value = struct.unpack_from("<HBBL", data, at + size)
            return self._value(dtype, value)
        except struct.error:
            return None

    def _sparse_offset(self, table: int, count: int, index: int) -> int:
        low, high = 0, count - 1
        while low <= high:
            middle = (low + high) // 2
            entry, offset = struct.unpack_from("<HH", self._data, table + 4 * middle)
            if entry == index:
                return offset * 4
            if entry < index:
                low = middle + 1
            else:
                high = middle - 1
        return NO_ENTRY

    def _value(self, dtype: int, data: int) -> ResValue:
        if dtype == TYPE_STRING and self.strings is not None:
            return ResValue(dtype, data, self.strings.get(data))
        return ResValue(dtype, data)
