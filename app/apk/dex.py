"""DEX table reader: header, strings, types, fields, methods, classes, code items.

Built for speed on large apps: tables are sliced, not copied into objects;
strings are decoded only when asked for (the string table is sorted, so looking
one up is a binary search); class data is parsed lazily. Every offset is
bounds-checked and a malformed file raises ParseError instead of crashing.
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass

import numpy as np

from app.apk.errors import ParseError

NO_INDEX = 0xFFFFFFFF
_HEADER = struct.Struct("<8sL20sLLLLLL" + "LL" * 7)


@dataclass(frozen=True, slots=True)
class ClassDef:
    index: int  # position in class_defs
    type_idx: int
    access_flags: int
    superclass_idx: int
    interfaces_off: int
    class_data_off: int
    static_values_off: int


def decode_mutf8(raw: bytes) -> str:
    """Decode Modified UTF-8 (dex strings): C0 80 for NUL, surrogate pairs as 2x3 bytes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def encode_mutf8(text: str) -> bytes:
    if text.isascii() and "\x00" not in text:
        return text.encode("ascii")
    out = bytearray()
    for char in text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass"):
        code = ord(char)
        if code == 0:
            out += b"\xc0\x80"
        else:
            out += char.encode("utf-8", "surrogatepass")
    return bytes(out)


def read_uleb128(data: bytes, pos: int) -> tuple[int, int]:
    result = data[pos]
    pos += 1
    if result < 0x80:
        return result, pos
    result &= 0x7F
    shift = 7
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80 or shift >= 28:
            return result, pos
        shift += 7


class DexFile:
    def __init__(self, data: bytes, name: str = "classes.dex") -> None:
        self.name = name
        self.data = data
        if len(data) < _HEADER.size or data[:4] != b"dex\n":
            raise ParseError(f"{name}: not a DEX file")
        fields = _HEADER.unpack_from(data, 0)
        (
            _magic,
            _checksum,
            _signature,
            _file_size,
            _header_size,
            endian,
            _link_size,
            _link_off,
            _map_off,
            self.string_ids_size,
            self.string_ids_off,
            self.type_ids_size,
            self.type_ids_off,
            self.proto_ids_size,
            self.proto_ids_off,
            self.field_ids_size,
            self.field_ids_off,
            self.method_ids_size,
            self.method_ids_off,
            self.class_defs_size,
            self.class_defs_off,
            _data_size,
            _data_off,
        ) = fields
        if endian != 0x12345678:
            raise ParseError(f"{name}: unsupported byte order tag 0x{endian:08x}")
        size = len(data)
        for label, offset, count, width in (
            ("string_ids", self.string_ids_off, self.string_ids_size, 4),
            ("type_ids", self.type_ids_off, self.type_ids_size, 4),
            ("proto_ids", self.proto_ids_off, self.proto_ids_size, 12),
            ("field_ids", self.field_ids_off, self.field_ids_size, 8),
            ("method_ids", self.method_ids_off, self.method_ids_size, 8),
            ("class_defs", self.class_defs_off, self.class_defs_size, 32),
        ):
            if count and (offset < _HEADER.size or offset + count * width > size):
                raise ParseError(f"{name}: {label} table out of bounds")
        self.string_offsets = struct.unpack_from(
            f"<{self.string_ids_size}L", data, self.string_ids_off
        )
        self.type_string = struct.unpack_from(f"<{self.type_ids_size}L", data, self.type_ids_off)
        self._strings: dict[int, str] = {}
        # Binary searches revisit the same middle entries; keep what was read.
        self._bytes: dict[int, bytes] = {}
        self._found: dict[str, int] = {}
        self._table = _StringTable(self)
        self._class_rows: list[tuple[int, ...]] | None = None

    # -- strings ----------------------------------------------------------------

    def all_string_bytes(self) -> _StringTable:
        """Every string's raw bytes by index, read on access (a sorted sequence: bisect works)."""
        return self._table

    def string_bytes(self, index: int) -> bytes:
        """Raw MUTF-8 bytes of string ``index`` (without the length prefix)."""
        return self._read_string_bytes(index)

    def _read_string_bytes(self, index: int) -> bytes:
        cached = self._bytes.get(index)
        if cached is not None:
            return cached
        if index >= self.string_ids_size:
            raise ParseError(f"{self.name}: string index {index} out of range")
        data = self.data
        pos = self.string_offsets[index]
        if pos >= len(data):
            raise ParseError(f"{self.name}: string {index} offset out of bounds")
        while data[pos] & 0x80:  # skip the uleb128 UTF-16 length
            pos += 1
        pos += 1
        end = data.find(b"\x00", pos)
        if end < 0:
            raise ParseError(f"{self.name}: unterminated string {index}")
        value = self._bytes[index] = data[pos:end]
        return value

    def string(self, index: int) -> str:
        text = self._strings.get(index)
        if text is None:
            text = decode_mutf8(self.string_bytes(index))
            self._strings[index] = text
        return text

    def find_string(self, text: str) -> int:
        """Index of ``text`` in the sorted string table, or -1."""
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = self._search_string(text)
        return found

    def _search_string(self, text: str) -> int:
        target = encode_mutf8(text)
        strings = self.all_string_bytes()
        position = bisect.bisect_left(strings, target)
        return position if position < len(strings) and strings[position] == target else -1

    # -- types, fields, methods ------------------------------------------------

    def type_name(self, type_idx: int) -> str:
        if type_idx >= self.type_ids_size:
            return "?"
        return self.string(self.type_string[type_idx])

    def find_type(self, descriptor: str) -> int:
        string_idx = self.find_string(descriptor)
        if string_idx < 0:
            return -1
        position = bisect.bisect_left(self.type_string, string_idx)
        if position < self.type_ids_size and self.type_string[position] == string_idx:
            return position
        return -1

    def method_id(self, method_idx: int) -> tuple[int, int, int]:
        """(class type idx, proto idx, name string idx)."""
        return struct.unpack_from("<HHL", self.data, self.method_ids_off + 8 * method_idx)

    def field_id(self, field_idx: int) -> tuple[int, int, int]:
        """(class type idx, field type idx, name string idx)."""
        return struct.unpack_from("<HHL", self.data, self.field_ids_off + 8 * field_idx)

    def method_name(self, method_idx: int) -> str:
        return self.string(self.method_id(method_idx)[2])

    def method_label(self, method_idx: int) -> str:
        class_idx, _proto, name_idx = self.method_id(method_idx)
        return f"{descriptor_to_java(self.type_name(class_idx))}.{self.string(name_idx)}"

    def field_label(self, field_idx: int) -> str:
        class_idx, _type, name_idx = self.field_id(field_idx)
        return f"{descriptor_to_java(self.type_name(class_idx))}.{self.string(name_idx)}"

    def find_methods(self, class_descriptor: str, names: tuple[str, ...]) -> list[int]:
        """Method ids of ``class_descriptor`` named any of ``names`` (all overloads)."""
        class_idx = self.find_type(class_descriptor)
        if class_idx < 0:
            return []
        wanted = {i for i in (self.find_string(n) for n in names) if i >= 0}
        if not wanted:
            return []
        count, base, data = self.method_ids_size, self.method_ids_off, self.data
        # method_ids are sorted by defining class first.
        low, high = 0, count
        while low < high:
            middle = (low + high) // 2
            if struct.unpack_from("<H", data, base + 8 * middle)[0] < class_idx:
                low = middle + 1
            else:
                high = middle
        found = []
        for method_idx in range(low, count):
            owner, _proto, name_idx = struct.unpack_from("<HHL", data, base + 8 * method_idx)
            if owner != class_idx:
                break
            if name_idx in wanted:
                found.append(method_idx)
        return found

    def find_methods_named(self, names: tuple[str, ...]) -> list[int]:
        """Method ids with one of ``names``, on any class (for inherited methods such as
        ``getSharedPreferences`` called through an Activity subclass)."""
        wanted = [i for i in (self.find_string(n) for n in names) if i >= 0]
        if not wanted or not self.method_ids_size:
            return []
        table = np.frombuffer(
            self.data, dtype="<u4", count=2 * self.method_ids_size, offset=self.method_ids_off
        )
        return _positions(table[1::2], wanted)

    def find_fields_named(self, name_indices: list[int]) -> list[int]:
        """Field ids whose name is one of the given string indices, on any class."""
        if not name_indices or not self.field_ids_size:
            return []
        table = np.frombuffer(
            self.data, dtype="<u4", count=2 * self.field_ids_size, offset=self.field_ids_off
        )
        return _positions(table[1::2], name_indices)

    def find_fields(self, class_descriptor: str, names: tuple[str, ...]) -> list[int]:
        """Field ids of ``class_descriptor`` named any of ``names``."""
        class_idx = self.find_type(class_descriptor)
        if class_idx < 0 or not self.field_ids_size:
            return []
        wanted = [i for i in (self.find_string(n) for n in names) if i >= 0]
        table = np.frombuffer(
            self.data, dtype="<u2", count=4 * self.field_ids_size, offset=self.field_ids_off
        )
        owners = table[0::4]
        low = int(np.searchsorted(owners, class_idx, side="left"))
        high = int(np.searchsorted(owners, class_idx, side="right"))
        found = []
        for field_idx in range(low, high):
            if self.field_id(field_idx)[2] in wanted:
                found.append(field_idx)
        return found

    def class_rows(self) -> list[tuple[int, ...]]:
        """Raw class_def_item rows: (class type, flags, superclass, interfaces_off,
        source file, annotations_off, class_data_off, static_values_off)."""
        if self._class_rows is None:
            end = self.class_defs_off + 32 * self.class_defs_size
            self._class_rows = list(struct.iter_unpack("<8L", self.data[self.class_defs_off : end]))
        return self._class_rows

    def class_def(self, index: int) -> ClassDef:
        type_idx, flags, superclass, interfaces, _src, _ann, data_off, statics = self.class_rows()[
            index
        ]
        return ClassDef(index, type_idx, flags, superclass, interfaces, data_off, statics)

    def class_descriptors(self) -> list[str]:
        """Descriptor of every defined class ("Lcom/example/Foo;"), in class_defs order."""
        data, offsets, types = self.data, self.string_offsets, self.type_string
        count, size = len(types), len(data)
        out = []
        for row in self.class_rows():
            raw = b"?"
            if row[0] < count and types[row[0]] < len(offsets) and offsets[types[row[0]]] < size:
                pos = offsets[types[row[0]]]
                while pos < size and data[pos] & 0x80:  # uleb128 length prefix
                    pos += 1
                end = data.find(b"\x00", pos + 1)
                raw = data[pos + 1 : end if end >= 0 else size]
            try:
                out.append(raw.decode("ascii"))
            except UnicodeDecodeError:
                out.append(decode_mutf8(raw))
        return out

    def interfaces(self, cls: ClassDef) -> list[int]:
        if not cls.interfaces_off:
            return []
        data = self.data
        if cls.interfaces_off + 4 > len(data):
            raise ParseError(f"{self.name}: interface list out of bounds")
        (count,) = struct.unpack_from("<L", data, cls.interfaces_off)
        if cls.interfaces_off + 4 + 2 * count > len(data):
            raise ParseError(f"{self.name}: interface list out of bounds")
        return list(struct.unpack_from(f"<{count}H", data, cls.interfaces_off + 4))


def _positions(column: np.ndarray, wanted: list[int]) -> list[int]:
    """Indices of ``column`` whose value is in ``wanted`` (a handful of values)."""
    mask = np.zeros(len(column), dtype=bool)
    for value in wanted:
        mask |= column == value
    return np.flatnonzero(mask).tolist()


def descriptor_to_java(descriptor: str) -> str:
    """'Lcom/a/B;' -> 'com.a.B' (arrays and primitives are returned unchanged)."""
    if descriptor.startswith("L") and descriptor.endswith(";"):
        return descriptor[1:-1].replace("/", ".")
    return descriptor


class _StringTable:
    """Sequence view of a DEX string table: item i is the raw bytes of string i."""

    def __init__(self, dex: DexFile) -> None:
        self._dex = dex

    def __len__(self) -> int:
        return self._dex.string_ids_size

    def __getitem__(self, index: int) -> bytes:
        if not 0 <= index < self._dex.string_ids_size:
            raise IndexError(index)
        return self._dex._read_string_bytes(index)
