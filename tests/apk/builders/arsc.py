"""A small resources.arsc writer: one package (0x7f), one default configuration.

Enough to give a manifest attribute a resource indirection, e.g. debuggable via
``@bool/debug_mode`` or ``networkSecurityConfig="@xml/network_security_config"``:

    table = ResourceTable("com.example.app")
    table.add("bool", "debug_mode", True)
    table.add("xml", "network_security_config", "res/xml/network_security_config.xml")
    table.add("bool", "loop_a", "@bool/loop_b")   # references may point forward (or loop)
    arsc_bytes = table.encode()
    table.resolve("@bool/debug_mode")             # -> 0x7f010000

Values: bool, int, str (a string; for xml/raw/drawable files that is the file path),
``"@type/name"`` (a reference to another entry), `axml.Ref` or `axml.Typed`.
"""

from __future__ import annotations

import struct

from .axml import Ref, Typed
from .chunks import (
    RES_TABLE_PACKAGE_TYPE,
    RES_TABLE_TYPE,
    RES_TABLE_TYPE_SPEC_TYPE,
    RES_TABLE_TYPE_TYPE,
    TYPE_INT_BOOLEAN,
    TYPE_INT_DEC,
    TYPE_REFERENCE,
    TYPE_STRING,
    chunk,
    res_value,
    string_pool,
)

PACKAGE_ID = 0x7F
_CONFIG_SIZE = 64  # sizeof(ResTable_config) since API 26 (with screenSizeDp / localeScript etc.)

ResourceValue = bool | int | str | Ref | Typed


class ResourceTable:
    def __init__(self, package: str) -> None:
        self.package = package
        self._types: dict[str, list[tuple[str, ResourceValue]]] = {}

    def add(self, res_type: str, name: str, value: ResourceValue) -> int:
        """Define `res_type/name` = `value`; returns its resource id."""
        entries = self._types.setdefault(res_type, [])
        if any(existing == name for existing, _ in entries):
            raise ValueError(f"@{res_type}/{name} defined twice")
        entries.append((name, value))
        return self._id(res_type, len(entries) - 1)

    def resolve(self, reference: str) -> int:
        """Resource id of ``@type/name``."""
        res_type, _, name = reference.lstrip("@").partition("/")
        names = [n for n, _ in self._types.get(res_type, [])]
        if name not in names:
            raise KeyError(f"{reference} is not defined in the resource table")
        return self._id(res_type, names.index(name))

    def _id(self, res_type: str, entry_index: int) -> int:
        type_index = list(self._types).index(res_type) + 1
        return (PACKAGE_ID << 24) | (type_index << 16) | entry_index

    def encode(self) -> bytes:
        values: list[str] = []
        type_names = list(self._types)
        key_names = sorted({name for entries in self._types.values() for name, _ in entries})
        body = string_pool(type_names) + string_pool(key_names)
        for type_index, res_type in enumerate(type_names, start=1):
            entries = self._types[res_type]
            spec = struct.pack("<BBHI", type_index, 0, 0, len(entries))
            body += chunk(RES_TABLE_TYPE_SPEC_TYPE, spec, b"\x00" * 4 * len(entries))
            offsets, data = [], bytearray()
            for name, value in entries:
                offsets.append(len(data))
                data += struct.pack("<HHI", 8, 0, key_names.index(name))
                data += self._value(value, values)
            header_size = 8 + 12 + _CONFIG_SIZE
            config = struct.pack("<I", _CONFIG_SIZE) + b"\x00" * (_CONFIG_SIZE - 4)
            type_header = struct.pack(
                "<BBHII", type_index, 0, 0, len(entries), header_size + 4 * len(entries)
            )
            body += chunk(
                RES_TABLE_TYPE_TYPE,
                type_header + config,
                struct.pack(f"<{len(offsets)}I", *offsets) + bytes(data),
            )
        type_pool_size = len(string_pool(type_names))
        name = self.package.encode("utf-16-le")[:254].ljust(256, b"\x00")
        package_header = struct.pack("<I", PACKAGE_ID) + name
        package_header += struct.pack(
            "<IIIII", 288, len(type_names), 288 + type_pool_size, len(key_names), 0
        )
        package = chunk(RES_TABLE_PACKAGE_TYPE, package_header, body)
        return chunk(RES_TABLE_TYPE, struct.pack("<I", 1), string_pool(values) + package)

    def _value(self, value: ResourceValue, values: list[str]) -> bytes:
        if isinstance(value, bool):
            return res_value(TYPE_INT_BOOLEAN, 0xFFFFFFFF if value else 0)
        if isinstance(value, int):
            return res_value(TYPE_INT_DEC, value)
        if isinstance(value, Ref):
            return res_value(TYPE_REFERENCE, value.res_id)
        if isinstance(value, Typed):
            return res_value(value.data_type, value.data)
        if value.startswith("@"):
            return res_value(TYPE_REFERENCE, self.resolve(value))
        if value not in values:
            values.append(value)
        return res_value(TYPE_STRING, values.index(value))
