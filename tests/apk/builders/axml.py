"""Android binary XML (AXML) writer, as aapt2 would compile a manifest or res/xml file.

A document is an `Element` tree, written directly or parsed from plain XML text with
`element_from_xml`. Attribute values are typed like aapt2 does:

* ``bool`` -> TYPE_INT_BOOLEAN, ``int`` -> TYPE_INT_DEC, ``Ref(0x7f...)`` -> TYPE_REFERENCE,
  ``Typed(type, data)`` -> any raw `Res_value` (for crafting odd files);
* ``str`` starting with ``@`` -> a reference: ``@0x7f080001`` literally, or a resource name
  such as ``@xml/network_security_config`` resolved through the ``resolve`` callback
  (see `arsc.ResourceTable.resolve`); any other ``str`` -> TYPE_STRING.

From plain XML, values of known ``android:`` attributes are typed by the attribute's
format (``android:debuggable="true"`` -> boolean, ``android:versionCode="3"`` -> int);
attributes without a namespace stay strings, as aapt2 leaves them.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from .chunks import (
    NO_INDEX,
    RES_XML_CDATA_TYPE,
    RES_XML_END_ELEMENT_TYPE,
    RES_XML_END_NAMESPACE_TYPE,
    RES_XML_RESOURCE_MAP_TYPE,
    RES_XML_START_ELEMENT_TYPE,
    RES_XML_START_NAMESPACE_TYPE,
    RES_XML_TYPE,
    TYPE_INT_BOOLEAN,
    TYPE_INT_DEC,
    TYPE_INT_HEX,
    TYPE_NULL,
    TYPE_REFERENCE,
    TYPE_STRING,
    chunk,
    res_value,
    string_pool,
)

ANDROID_NS = "http://schemas.android.com/apk/res/android"

# android:attr name -> (resource id, value format). Ids are the platform's public
# attribute ids (frameworks/base/core/res/res/values/public.xml); the builder tests
# cross-check them against the copy of public.xml that ships with androguard.
ANDROID_ATTRS: dict[str, tuple[int, str]] = {
    "theme": (0x01010000, "reference"),
    "label": (0x01010001, "string"),
    "icon": (0x01010002, "reference"),
    "name": (0x01010003, "string"),
    "permission": (0x01010006, "string"),
    "readPermission": (0x01010007, "string"),
    "writePermission": (0x01010008, "string"),
    "protectionLevel": (0x01010009, "protection"),
    "hasCode": (0x0101000C, "boolean"),
    "enabled": (0x0101000E, "boolean"),
    "debuggable": (0x0101000F, "boolean"),
    "exported": (0x01010010, "boolean"),
    "process": (0x01010011, "string"),
    "authorities": (0x01010018, "string"),
    "grantUriPermissions": (0x0101001B, "boolean"),
    "priority": (0x0101001C, "integer"),
    "value": (0x01010024, "string"),
    "resource": (0x01010025, "reference"),
    "scheme": (0x01010027, "string"),
    "host": (0x01010028, "string"),
    "minSdkVersion": (0x0101020C, "integer"),
    "versionCode": (0x0101021B, "integer"),
    "versionName": (0x0101021C, "string"),
    "targetSdkVersion": (0x01010270, "integer"),
    "maxSdkVersion": (0x01010271, "integer"),
    "testOnly": (0x01010272, "boolean"),
    "allowBackup": (0x01010280, "boolean"),
    "required": (0x0101028E, "boolean"),
    "extractNativeLibs": (0x010104EA, "boolean"),
    "usesCleartextTraffic": (0x010104EC, "boolean"),
    "networkSecurityConfig": (0x01010527, "reference"),
}

# android:protectionLevel flag values (R.attr.protectionLevel).
PROTECTION_LEVELS = {"normal": 0, "dangerous": 1, "signature": 2, "signatureOrSystem": 3}


@dataclass(frozen=True)
class Ref:
    """A resource reference value, e.g. Ref(0x7f010000)."""

    res_id: int


@dataclass(frozen=True)
class Typed:
    """A raw Res_value, for values aapt2 would never write (crafted or broken files)."""

    data_type: int
    data: int
    raw: str | None = None


AttrValue = bool | int | str | Ref | Typed
Resolver = Callable[[str], int]


@dataclass
class Element:
    """One XML element. Attribute keys: ``"android:name"`` (android namespace) or ``"package"``."""

    tag: str
    attrs: dict[str, AttrValue] = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    text: str | None = None


def E(tag: str, attrs: dict[str, AttrValue] | None = None, *children: Element) -> Element:
    """Shorthand: E("application", {"android:debuggable": True}, E("activity", {...}))."""
    return Element(tag, dict(attrs or {}), list(children))


def element_from_xml(text: str) -> Element:
    """Parse plain XML text, typing android attribute values as aapt2 would."""
    return _convert(ET.fromstring(text))


def _convert(node: ET.Element) -> Element:
    attrs: dict[str, AttrValue] = {}
    for key, raw in node.attrib.items():
        if key.startswith("{" + ANDROID_NS + "}"):
            name = key[len(ANDROID_NS) + 2 :]
            attrs["android:" + name] = _infer(name, raw)
        elif key.startswith("{"):
            raise ValueError(f"only the android namespace is supported, got {key!r}")
        else:
            attrs[key] = raw
    text = (node.text or "").strip() or None
    return Element(node.tag, attrs, [_convert(child) for child in node], text)


def _infer(name: str, raw: str) -> AttrValue:
    if raw.startswith("@"):
        return raw
    fmt = ANDROID_ATTRS.get(name, (0, "string"))[1]
    if fmt == "boolean" and raw in ("true", "false"):
        return raw == "true"
    if fmt == "integer":
        return int(raw, 0)
    if fmt == "protection":
        return Typed(TYPE_INT_HEX, _protection_flags(raw))
    return raw


def _protection_flags(raw: str) -> int:
    value = 0
    for part in raw.split("|"):
        value |= PROTECTION_LEVELS[part]
    return value


@dataclass
class _Attr:
    ns: bool
    name: str
    res_id: int | None
    value: AttrValue


class _Strings:
    """String pool in aapt2 order: attribute names with resource ids first (they
    pair with the resource map by index), then every other string once."""

    def __init__(self, id_names: list[str]) -> None:
        self.items: list[str] = list(id_names)
        self.index: dict[str, int] = {s: i for i, s in enumerate(id_names)}

    def ref(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def encode_axml(
    root: Element | str, *, utf8: bool = False, resolve: Resolver | None = None
) -> bytes:
    """Compile `root` (an Element or plain XML text) to binary XML bytes."""
    if isinstance(root, str):
        root = element_from_xml(root)
    elements = _walk(root)
    id_attrs = sorted(
        {(a.res_id, a.name) for el in elements for a in _attrs(el) if a.res_id is not None}
    )
    strings = _Strings([name for _, name in id_attrs])
    uses_android = any(a.ns for el in elements for a in _attrs(el))
    prefix = strings.ref("android") if uses_android else None
    uri = strings.ref(ANDROID_NS) if uses_android else None
    body = bytearray()
    if uses_android:
        body += _node(RES_XML_START_NAMESPACE_TYPE, 1, struct.pack("<II", prefix, uri))
    _write_element(root, strings, body, resolve, uri)
    if uses_android:
        body += _node(RES_XML_END_NAMESPACE_TYPE, 1, struct.pack("<II", prefix, uri))
    resource_map = chunk(
        RES_XML_RESOURCE_MAP_TYPE, b"", struct.pack(f"<{len(id_attrs)}I", *(i for i, _ in id_attrs))
    )
    return chunk(RES_XML_TYPE, b"", string_pool(strings.items, utf8=utf8) + resource_map + body)


def _walk(root: Element) -> list[Element]:
    out = [root]
    for child in root.children:
        out.extend(_walk(child))
    return out


def _attrs(element: Element) -> list[_Attr]:
    out = []
    for key, value in element.attrs.items():
        if key.startswith("android:"):
            name = key[len("android:") :]
            known = ANDROID_ATTRS.get(name)
            out.append(_Attr(True, name, known[0] if known else None, value))
        else:
            out.append(_Attr(False, key, None, value))
    # aapt2 sorts attributes by resource id; unnamed ones follow by name.
    out.sort(key=lambda a: (a.res_id is None, a.res_id or 0, a.name))
    return out


def _node(node_type: int, line: int, ext: bytes) -> bytes:
    return chunk(node_type, struct.pack("<II", line, NO_INDEX), ext)


def _write_element(
    element: Element,
    strings: _Strings,
    out: bytearray,
    resolve: Resolver | None,
    android_uri: int | None,
) -> None:
    attrs = _attrs(element)
    name = strings.ref(element.tag)
    packed = bytearray()
    for attr in attrs:
        ns = android_uri if attr.ns else NO_INDEX
        raw, data_type, data = _encode_value(attr.value, strings, resolve)
        packed += struct.pack("<III", ns, strings.ref(attr.name), raw) + res_value(data_type, data)
    ext = struct.pack("<IIHHHHHH", NO_INDEX, name, 20, 20, len(attrs), 0, 0, 0) + packed
    out += _node(RES_XML_START_ELEMENT_TYPE, 1, ext)
    if element.text:
        cdata = struct.pack("<I", strings.ref(element.text)) + res_value(TYPE_NULL, 0)
        out += _node(RES_XML_CDATA_TYPE, 1, cdata)
    for child in element.children:
        _write_element(child, strings, out, resolve, android_uri)
    out += _node(RES_XML_END_ELEMENT_TYPE, 1, struct.pack("<II", NO_INDEX, name))


def _encode_value(
    value: AttrValue, strings: _Strings, resolve: Resolver | None
) -> tuple[int, int, int]:
    """(raw string index, Res_value type, data) for one attribute value."""
    if isinstance(value, bool):
        return NO_INDEX, TYPE_INT_BOOLEAN, 0xFFFFFFFF if value else 0
    if isinstance(value, int):
        return NO_INDEX, TYPE_INT_DEC, value
    if isinstance(value, Ref):
        return NO_INDEX, TYPE_REFERENCE, value.res_id
    if isinstance(value, Typed):
        raw = strings.ref(value.raw) if value.raw is not None else NO_INDEX
        return raw, value.data_type, value.data
    if value.startswith("@"):
        return NO_INDEX, TYPE_REFERENCE, _reference(value, resolve)
    index = strings.ref(value)
    return index, TYPE_STRING, index


def _reference(text: str, resolve: Resolver | None) -> int:
    if text.startswith("@0x"):
        return int(text[1:], 16)
    if resolve is None:
        raise ValueError(f"cannot resolve {text!r}: no resource table given")
    return resolve(text)
