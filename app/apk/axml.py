"""Binary XML (AXML) reader: AndroidManifest.xml and compiled res/xml files.

Attributes are identified the way the platform does it, by the resource id of
the attribute (resource map), so renamed or obfuscated attribute strings do not
fool us. Damaged chunks end the walk with a note; whatever was read is kept.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.apk.errors import ParseError
from app.apk.resstrings import StringPool

ANDROID_NS = "http://schemas.android.com/apk/res/android"

RES_STRING_POOL = 0x0001
RES_XML = 0x0003
RES_XML_START_NAMESPACE = 0x0100
RES_XML_END_NAMESPACE = 0x0101
RES_XML_START_ELEMENT = 0x0102
RES_XML_END_ELEMENT = 0x0103
RES_XML_CDATA = 0x0104
RES_XML_RESOURCE_MAP = 0x0180

TYPE_NULL = 0x00
TYPE_REFERENCE = 0x01
TYPE_ATTRIBUTE = 0x02
TYPE_STRING = 0x03
TYPE_FLOAT = 0x04
TYPE_DYNAMIC_REFERENCE = 0x07
TYPE_INT_DEC = 0x10
TYPE_INT_HEX = 0x11
TYPE_INT_BOOLEAN = 0x12

MAX_DEPTH = 256


@dataclass(slots=True)
class Attribute:
    name: str
    res_id: int  # 0 when the attribute has no framework resource id
    namespace: str
    raw: str | None  # the original string value, when aapt kept one
    dtype: int
    data: int

    @property
    def is_reference(self) -> bool:
        return self.dtype in (TYPE_REFERENCE, TYPE_DYNAMIC_REFERENCE) and self.data != 0


@dataclass(slots=True)
class Element:
    tag: str
    attributes: list[Attribute] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)
    text: str = ""  # character data directly inside the element (e.g. <domain>host</domain>)

    def attr(self, res_id: int, name: str) -> Attribute | None:
        """The attribute with framework id ``res_id`` (or, lacking ids, named ``name``).

        Like the platform, the first match wins when an attribute is duplicated.
        """
        for attribute in self.attributes:
            if attribute.res_id == res_id:
                return attribute
        for attribute in self.attributes:
            if attribute.res_id == 0 and attribute.name == name:
                return attribute
        return None

    def plain_attr(self, name: str) -> Attribute | None:
        """A non-namespaced attribute such as ``package`` or ``cleartextTrafficPermitted``."""
        for attribute in self.attributes:
            if attribute.name == name and attribute.namespace != ANDROID_NS:
                return attribute
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        stack = [self]
        while stack:
            element = stack.pop()
            if tag is None or element.tag == tag:
                yield element
            stack.extend(reversed(element.children))

    def find_children(self, tag: str) -> list[Element]:
        return [child for child in self.children if child.tag == tag]


@dataclass
class XmlDocument:
    root: Element | None
    notes: list[str]
    # Signs of a file crafted to mislead analysis tools (bogus names, duplicated attributes).
    anomalies: list[str] = field(default_factory=list)


def parse_axml(data: bytes) -> XmlDocument:
    """Parse a binary XML file; raises ParseError only when nothing usable is found."""
    if len(data) < 8:
        raise ParseError("binary XML shorter than its header")
    chunk_type, header_size, _size = struct.unpack_from("<HHL", data, 0)
    if chunk_type != RES_XML:
        if data[:1] == b"<" or data[:5] == b"\xef\xbb\xbf<?":
            raise ParseError("plain-text XML, not compiled binary XML")
        raise ParseError(f"not binary XML (chunk type 0x{chunk_type:04x})")
    notes: list[str] = []
    pool: StringPool | None = None
    resource_ids: tuple[int, ...] = ()
    namespaces: dict[str, str] = {}
    root: Element | None = None
    stack: list[Element] = []
    pos = header_size if 8 <= header_size < len(data) else 8
    end = len(data)
    while pos + 8 <= end:
        chunk_type, header_size, size = struct.unpack_from("<HHL", data, pos)
        if size < 8 or pos + size > end:
            notes.append(f"binary XML: chunk 0x{chunk_type:04x} at {pos} has bad size {size}")
            break
        try:
            if chunk_type == RES_STRING_POOL:
                pool = StringPool(data, pos)
            elif chunk_type == RES_XML_RESOURCE_MAP:
                count = (size - header_size) // 4
                resource_ids = struct.unpack_from(f"<{count}L", data, pos + header_size)
            elif chunk_type == RES_XML_START_NAMESPACE:
                prefix, uri = struct.unpack_from("<LL", data, pos + 16)
                if pool is not None:
                    namespaces[pool.get(uri) or ""] = pool.get(prefix) or ""
            elif chunk_type == RES_XML_START_ELEMENT:
                if pool is None:
                    raise ParseError("element before the string pool")
                element = _read_element(data, pos, header_size, size, pool, resource_ids)
                if stack:
                    if len(stack) < MAX_DEPTH:
                        stack[-1].children.append(element)
                elif root is None:
                    root = element
                else:
                    notes.append(f"binary XML: second root element <{element.tag}> ignored")
                    element = Element(element.tag)
                stack.append(element)
            elif chunk_type == RES_XML_END_ELEMENT:
                if stack:
                    stack.pop()
            elif chunk_type == RES_XML_CDATA and stack and pool is not None:
                (text_index,) = struct.unpack_from("<L", data, pos + 16)
                stack[-1].text += pool.get(text_index) or ""
        except (ParseError, struct.error) as exc:
            notes.append(f"binary XML: chunk 0x{chunk_type:04x} at {pos}: {exc}")
        pos += size
    if root is None:
        raise ParseError("binary XML holds no element" + (f" ({notes[0]})" if notes else ""))
    return XmlDocument(root, notes, _anomalies(root))


_XML_NAME = re.compile(r"[A-Za-z_][\w.:-]*")


def _anomalies(root: Element) -> list[str]:
    found: list[str] = []
    for element in root.iter():
        if not _XML_NAME.fullmatch(element.tag):
            found.append(f"element name {element.tag[:40]!r} is not an XML name")
        seen: set[int] = set()
        for attribute in element.attributes:
            if not _XML_NAME.fullmatch(attribute.name):
                found.append(
                    f"<{element.tag}> attribute name {attribute.name[:40]!r} is not an XML name"
                )
            if attribute.res_id:
                if attribute.res_id in seen:
                    found.append(f"<{element.tag}> repeats attribute 0x{attribute.res_id:08x}")
                seen.add(attribute.res_id)
    return found[:10]


def _read_element(
    data: bytes,
    pos: int,
    header_size: int,
    size: int,
    pool: StringPool,
    resource_ids: tuple[int, ...],
) -> Element:
    ext = pos + header_size
    if ext + 20 > pos + size:
        raise ParseError("element header truncated")
    _ns, name, attr_start, attr_size, attr_count = struct.unpack_from("<LLHHH", data, ext)
    element = Element(pool.get(name) or "")
    if attr_size < 20:
        raise ParseError(f"attribute size {attr_size} < 20")
    first = ext + attr_start
    if first + attr_count * attr_size > pos + size:
        attr_count = max(0, (pos + size - first) // attr_size)
    for index in range(attr_count):
        at = first + index * attr_size
        ns_index, name_index, raw_index, _vsize, _res0, dtype, value = struct.unpack_from(
            "<LLLHBBL", data, at
        )
        res_id = resource_ids[name_index] if name_index < len(resource_ids) else 0
        element.attributes.append(
            Attribute(
                name=pool.get(name_index) or "",
                res_id=res_id if res_id >> 24 == 0x01 else 0,
                namespace=pool.get(ns_index) or "",
                raw=pool.get(raw_index),
                dtype=dtype,
                data=value,
            )
        )
    return element
