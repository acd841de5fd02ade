"""A DEX file writer with a tiny Dalvik assembler (dex format version 035).

Writes every table the format requires (string_ids, type_ids, proto_ids, field_ids,
method_ids, class_defs, type_lists, class_data, code_items, string_data, map_list),
sorted as the spec demands, with a correct adler32 checksum and SHA-1 signature:

    dex = DexBuilder()
    tm = dex.add_class("Lcom/example/TrustAll;",
                       interfaces=["Ljavax/net/ssl/X509TrustManager;"])
    tm.method("checkServerTrusted",
              "([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V",
              [return_void()])
    cipher = dex.add_class("Lcom/example/Crypto;")
    get_instance = "Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;"
    cipher.method("make", "()Ljavax/crypto/Cipher;", [
        const_string(0, "AES/ECB/PKCS5Padding"),
        invoke_static(get_instance, 0),
        move_result_object(0),
        return_object(0),
    ], access=ACC_PUBLIC | ACC_STATIC)
    data = dex.encode()

References use smali notation: methods ``Lpkg/Cls;->name(Params)Ret``, fields
``Lpkg/Cls;->name:Type``. A method's registers are its locals followed by its
parameters (``this`` first for instance methods): with ``local_regs=2`` and one parameter,
``this`` is v2 and the parameter v3. Without ``local_regs`` the highest register the code
names decides it. Branch offsets (``if_eqz``, ``goto``) are in 16-bit code units.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

ACC_PUBLIC = 0x1
ACC_PRIVATE = 0x2
ACC_STATIC = 0x8
ACC_FINAL = 0x10
ACC_NATIVE = 0x100
ACC_INTERFACE = 0x200
ACC_ABSTRACT = 0x400
ACC_CONSTRUCTOR = 0x10000

NO_INDEX = 0xFFFFFFFF
DEX_MAGIC = b"dex\n035\x00"
HEADER_SIZE = 0x70

# map_list item type codes.
_MAP_TYPES = {
    "header": 0x0000,
    "string_ids": 0x0001,
    "type_ids": 0x0002,
    "proto_ids": 0x0003,
    "field_ids": 0x0004,
    "method_ids": 0x0005,
    "class_defs": 0x0006,
    "map_list": 0x1000,
    "type_list": 0x1001,
    "class_data": 0x2000,
    "code": 0x2001,
    "string_data": 0x2002,
}


# ---------------------------------------------------------------- encodings


def uleb128(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def mutf8(text: str) -> bytes:
    """Modified UTF-8 as DEX stores strings: U+0000 as C0 80, supplementary
    characters as two 3-byte surrogates."""
    out = bytearray()
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        unit = units[i] | (units[i + 1] << 8)
        if 0 < unit < 0x80:
            out.append(unit)
        elif unit < 0x800:
            out += bytes([0xC0 | (unit >> 6), 0x80 | (unit & 0x3F)])
        else:
            out += bytes([0xE0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3F), 0x80 | (unit & 0x3F)])
    return bytes(out)


def parse_proto(descriptor: str) -> tuple[list[str], str]:
    """ "(ILjava/lang/String;)V" -> (["I", "Ljava/lang/String;"], "V")."""
    if not descriptor.startswith("(") or ")" not in descriptor:
        raise ValueError(f"bad method descriptor {descriptor!r}")
    params_text, ret = descriptor[1:].split(")", 1)
    params, i = [], 0
    while i < len(params_text):
        start = i
        while params_text[i] == "[":
            i += 1
        if params_text[i] == "L":
            i = params_text.index(";", i)
        params.append(params_text[start : i + 1])
        i += 1
    return params, ret


def _shorty(params: list[str], ret: str) -> str:
    def short(t: str) -> str:
        return "L" if t[0] in "L[" else t

    return short(ret) + "".join(short(p) for p in params)


def _width(type_desc: str) -> int:
    return 2 if type_desc in ("J", "D") else 1


@dataclass(frozen=True, order=True)
class MethodRef:
    cls: str
    name: str
    proto: str

    @classmethod
    def parse(cls, text: str) -> MethodRef:
        owner, rest = text.split("->", 1)
        name, proto = rest[: rest.index("(")], rest[rest.index("(") :]
        return cls(owner, name, proto)


@dataclass(frozen=True, order=True)
class FieldRef:
    cls: str
    name: str
    type: str

    @classmethod
    def parse(cls, text: str) -> FieldRef:
        owner, rest = text.split("->", 1)
        name, type_desc = rest.split(":", 1)
        return cls(owner, name, type_desc)


# ---------------------------------------------------------------- instructions


class Indexes:
    """Final table indexes, handed to instructions when they encode themselves."""

    def __init__(self, strings: dict[str, int], types: dict[str, int], fields, methods) -> None:
        self.strings = strings
        self.types = types
        self.fields: dict[FieldRef, int] = fields
        self.methods: dict[MethodRef, int] = methods


@dataclass
class Insn:
    """One Dalvik instruction. `refs` are the pool items it names."""

    op: int
    fmt: str
    regs: tuple[int, ...] = ()
    literal: int = 0
    ref: str | MethodRef | FieldRef | None = None
    ref_kind: str = ""  # "string" | "type" | "field" | "method"
    raw_units: tuple[int, ...] = ()

    def refs(self) -> Iterator[tuple[str, object]]:
        if self.ref is not None:
            yield self.ref_kind, self.ref

    @property
    def max_reg(self) -> int:
        return max(self.regs, default=-1)

    @property
    def out_words(self) -> int:
        return len(self.regs) if self.fmt == "35c" else 0

    def encode(self, idx: Indexes) -> list[int]:
        ref = self._ref_index(idx)
        r = self.regs
        if self.fmt == "raw":
            return list(self.raw_units)
        if self.fmt == "10x":
            return [self.op]
        if self.fmt == "11x":
            return [self.op | (r[0] << 8)]
        if self.fmt == "11n":
            return [self.op | (r[0] << 8) | ((self.literal & 0xF) << 12)]
        if self.fmt == "10t":
            return [self.op | ((self.literal & 0xFF) << 8)]
        if self.fmt in ("21s", "21t"):
            return [self.op | (r[0] << 8), self.literal & 0xFFFF]
        if self.fmt == "21c":
            if ref > 0xFFFF:
                raise ValueError("index too large for a 21c instruction")
            return [self.op | (r[0] << 8), ref]
        if self.fmt == "22c":
            return [self.op | (r[0] << 8) | (r[1] << 12), ref]
        if self.fmt == "35c":
            if len(r) > 5 or any(reg > 15 for reg in r):
                raise ValueError("35c invokes take at most 5 registers, each below v16")
            regs = list(r) + [0] * (5 - len(r))
            c, d, e, f, g = regs
            return [
                self.op | (g << 8) | (len(r) << 12),
                ref,
                c | (d << 4) | (e << 8) | (f << 12),
            ]
        raise ValueError(f"unknown format {self.fmt}")

    def _ref_index(self, idx: Indexes) -> int:
        if self.ref is None:
            return 0
        table = {
            "string": idx.strings,
            "type": idx.types,
            "field": idx.fields,
            "method": idx.methods,
        }[self.ref_kind]
        return table[self.ref]  # type: ignore[index]


def nop() -> Insn:
    return Insn(0x00, "10x")


def const4(reg: int, value: int) -> Insn:
    if not -8 <= value <= 7:
        raise ValueError("const/4 takes -8..7")
    return Insn(0x12, "11n", (reg,), literal=value)


def const16(reg: int, value: int) -> Insn:
    return Insn(0x13, "21s", (reg,), literal=value)


def const_string(reg: int, text: str) -> Insn:
    return Insn(0x1A, "21c", (reg,), ref=text, ref_kind="string")


def const_class(reg: int, type_desc: str) -> Insn:
    return Insn(0x1C, "21c", (reg,), ref=type_desc, ref_kind="type")


def new_instance(reg: int, type_desc: str) -> Insn:
    return Insn(0x22, "21c", (reg,), ref=type_desc, ref_kind="type")


def move_result(reg: int) -> Insn:
    return Insn(0x0A, "11x", (reg,))


def move_result_object(reg: int) -> Insn:
    return Insn(0x0C, "11x", (reg,))


def return_void() -> Insn:
    return Insn(0x0E, "10x")


def return_value(reg: int) -> Insn:
    return Insn(0x0F, "11x", (reg,))


def return_object(reg: int) -> Insn:
    return Insn(0x11, "11x", (reg,))


def throw(reg: int) -> Insn:
    return Insn(0x27, "11x", (reg,))


def goto(offset: int) -> Insn:
    return Insn(0x28, "10t", literal=offset)


def if_eqz(reg: int, offset: int) -> Insn:
    return Insn(0x38, "21t", (reg,), literal=offset)


def if_nez(reg: int, offset: int) -> Insn:
    return Insn(0x39, "21t", (reg,), literal=offset)


def _field_insn(op: int, reg: int, ref: str) -> Insn:
    return Insn(op, "21c", (reg,), ref=FieldRef.parse(ref), ref_kind="field")


def sget(reg: int, ref: str) -> Insn:
    return _field_insn(0x60, reg, ref)


def sget_object(reg: int, ref: str) -> Insn:
    return _field_insn(0x62, reg, ref)


def sput_object(reg: int, ref: str) -> Insn:
    return _field_insn(0x69, reg, ref)


def iget_object(reg: int, obj: int, ref: str) -> Insn:
    return Insn(0x54, "22c", (reg, obj), ref=FieldRef.parse(ref), ref_kind="field")


def iput_object(reg: int, obj: int, ref: str) -> Insn:
    return Insn(0x5B, "22c", (reg, obj), ref=FieldRef.parse(ref), ref_kind="field")


def _invoke(op: int, ref: str, regs: Iterable[int]) -> Insn:
    return Insn(op, "35c", tuple(regs), ref=MethodRef.parse(ref), ref_kind="method")


def invoke_virtual(ref: str, *regs: int) -> Insn:
    return _invoke(0x6E, ref, regs)


def invoke_super(ref: str, *regs: int) -> Insn:
    return _invoke(0x6F, ref, regs)


def invoke_direct(ref: str, *regs: int) -> Insn:
    return _invoke(0x70, ref, regs)


def invoke_static(ref: str, *regs: int) -> Insn:
    return _invoke(0x71, ref, regs)


def invoke_interface(ref: str, *regs: int) -> Insn:
    return _invoke(0x72, ref, regs)


def raw(*units: int) -> Insn:
    """Verbatim 16-bit code units (for bytecode the assembler does not know)."""
    return Insn(0, "raw", raw_units=tuple(units))


# ---------------------------------------------------------------- classes


@dataclass
class _Method:
    ref: MethodRef
    access: int
    code: list[Insn] | None
    local_regs: int | None


@dataclass
class _Field:
    ref: FieldRef
    access: int


@dataclass
class ClassBuilder:
    name: str
    superclass: str | None
    interfaces: list[str]
    access: int
    source_file: str | None
    methods: list[_Method] = field(default_factory=list)
    fields: list[_Field] = field(default_factory=list)

    def method(
        self,
        name: str,
        proto: str,
        code: list[Insn] | None,
        *,
        access: int = ACC_PUBLIC,
        local_regs: int | None = None,
    ) -> ClassBuilder:
        """Add a method; `code=None` for abstract/native methods."""
        parse_proto(proto)
        if name in ("<init>", "<clinit>"):
            access |= ACC_CONSTRUCTOR
        self.methods.append(_Method(MethodRef(self.name, name, proto), access, code, local_regs))
        return self

    def constructor(self) -> ClassBuilder:
        """A default constructor calling the superclass's."""
        super_init = f"{self.superclass or 'Ljava/lang/Object;'}-><init>()V"
        body = [invoke_direct(super_init, 0), return_void()]
        return self.method("<init>", "()V", body, local_regs=0)

    def add_field(self, name: str, type_desc: str, *, access: int = ACC_PRIVATE) -> ClassBuilder:
        self.fields.append(_Field(FieldRef(self.name, name, type_desc), access))
        return self


class DexBuilder:
    def __init__(self) -> None:
        self.classes: list[ClassBuilder] = []
        self.extra_strings: set[str] = set()

    def add_class(
        self,
        name: str,
        *,
        superclass: str | None = "Ljava/lang/Object;",
        interfaces: Iterable[str] = (),
        access: int = ACC_PUBLIC,
        source_file: str | None = None,
    ) -> ClassBuilder:
        if any(c.name == name for c in self.classes):
            raise ValueError(f"class {name} defined twice")
        cls = ClassBuilder(name, superclass, list(interfaces), access, source_file)
        self.classes.append(cls)
        return cls

    def add_string(self, text: str) -> None:
        """Put a string in the pool without code that loads it."""
        self.extra_strings.add(text)

    def encode(self) -> bytes:
        return _Writer(self).write()


class _Writer:
    def __init__(self, dex: DexBuilder) -> None:
        self.classes = _ordered_classes(dex.classes)
        strings: set[str] = set(dex.extra_strings)
        types: set[str] = set()
        fields: set[FieldRef] = set()
        methods: set[MethodRef] = set()
        for cls in self.classes:
            types.add(cls.name)
            if cls.superclass:
                types.add(cls.superclass)
            types.update(cls.interfaces)
            if cls.source_file:
                strings.add(cls.source_file)
            fields.update(f.ref for f in cls.fields)
            for m in cls.methods:
                methods.add(m.ref)
                for kind, ref in (i for insn in m.code or [] for i in insn.refs()):
                    if kind == "string":
                        strings.add(ref)  # type: ignore[arg-type]
                    elif kind == "type":
                        types.add(ref)  # type: ignore[arg-type]
                    elif kind == "field":
                        fields.add(ref)  # type: ignore[arg-type]
                    else:
                        methods.add(ref)  # type: ignore[arg-type]
        for f in fields:
            types.update((f.cls, f.type))
            strings.add(f.name)
        protos: set[tuple[str, tuple[str, ...]]] = set()
        for m in methods:
            params, ret = parse_proto(m.proto)
            types.add(m.cls)
            types.update(params)
            types.add(ret)
            strings.add(m.name)
            protos.add((ret, tuple(params)))
        for ret, params in protos:
            strings.add(_shorty(list(params), ret))
        strings.update(types)

        self.strings = sorted(strings, key=lambda s: s.encode("utf-16-be"))
        string_index = {s: i for i, s in enumerate(self.strings)}
        self.types = sorted(types, key=lambda t: string_index[t])
        type_index = {t: i for i, t in enumerate(self.types)}
        self.protos = sorted(
            protos, key=lambda p: (type_index[p[0]], [type_index[t] for t in p[1]])
        )
        proto_index = {p: i for i, p in enumerate(self.protos)}
        self.fields = sorted(
            fields, key=lambda f: (type_index[f.cls], string_index[f.name], type_index[f.type])
        )
        self.methods = sorted(
            methods,
            key=lambda m: (
                type_index[m.cls],
                string_index[m.name],
                proto_index[_proto_key(m.proto)],
            ),
        )
        self.string_index, self.type_index, self.proto_index = string_index, type_index, proto_index
        self.idx = Indexes(
            string_index,
            type_index,
            {f: i for i, f in enumerate(self.fields)},
            {m: i for i, m in enumerate(self.methods)},
        )

    def write(self) -> bytes:
        n_str, n_type, n_proto = len(self.strings), len(self.types), len(self.protos)
        n_field, n_method, n_class = len(self.fields), len(self.methods), len(self.classes)
        off = HEADER_SIZE
        string_ids_off = off
        off += 4 * n_str
        type_ids_off = off
        off += 4 * n_type
        proto_ids_off = off
        off += 12 * n_proto
        field_ids_off = off
        off += 8 * n_field
        method_ids_off = off
        off += 8 * n_method
        class_defs_off = off
        off += 32 * n_class
        data_off = off

        data = bytearray()
        sections: list[tuple[str, int, int]] = []  # (map type, count, offset)

        def here() -> int:
            return data_off + len(data)

        def align4() -> None:
            while here() % 4:
                data.append(0)

        # type_lists: proto parameters and class interfaces, each written once.
        type_lists: dict[tuple[str, ...], int] = {}
        wanted = [p[1] for p in self.protos if p[1]] + [
            tuple(c.interfaces) for c in self.classes if c.interfaces
        ]
        for tl in wanted:
            if tl in type_lists:
                continue
            align4()
            type_lists[tl] = here()
            data += struct.pack("<I", len(tl))
            data += struct.pack(f"<{len(tl)}H", *(self.type_index[t] for t in tl))
        if type_lists:
            sections.append(("type_list", len(type_lists), min(type_lists.values())))

        code_offsets: dict[MethodRef, int] = {}
        for cls in self.classes:
            for m in cls.methods:
                if m.code is None:
                    continue
                align4()
                code_offsets[m.ref] = here()
                data += self._code_item(m)
        if code_offsets:
            sections.append(("code", len(code_offsets), min(code_offsets.values())))

        class_data_offsets: dict[str, int] = {}
        for cls in self.classes:
            if not cls.methods and not cls.fields:
                continue
            class_data_offsets[cls.name] = here()
            data += self._class_data(cls, code_offsets)
        if class_data_offsets:
            sections.append(
                ("class_data", len(class_data_offsets), min(class_data_offsets.values()))
            )

        string_data_offsets = []
        for s in self.strings:
            string_data_offsets.append(here())
            data += uleb128(len(s.encode("utf-16-le")) // 2) + mutf8(s) + b"\x00"
        if self.strings:
            sections.append(("string_data", n_str, string_data_offsets[0]))

        align4()
        map_off = here()
        table_sections = [
            ("header", 1, 0),
            ("string_ids", n_str, string_ids_off),
            ("type_ids", n_type, type_ids_off),
            ("proto_ids", n_proto, proto_ids_off),
            ("field_ids", n_field, field_ids_off),
            ("method_ids", n_method, method_ids_off),
            ("class_defs", n_class, class_defs_off),
        ]
        items = [s for s in table_sections if s[1]] + sections + [("map_list", 1, map_off)]
        items.sort(key=lambda s: s[2])
        data += struct.pack("<I", len(items))
        for name, count, offset in items:
            data += struct.pack("<HHII", _MAP_TYPES[name], 0, count, offset)

        tables = bytearray()
        tables += b"".join(struct.pack("<I", o) for o in string_data_offsets)
        tables += b"".join(struct.pack("<I", self.string_index[t]) for t in self.types)
        for ret, params in self.protos:
            shorty = self.string_index[_shorty(list(params), ret)]
            tables += struct.pack(
                "<III", shorty, self.type_index[ret], type_lists.get(params, 0) if params else 0
            )
        for f in self.fields:
            tables += struct.pack(
                "<HHI", self.type_index[f.cls], self.type_index[f.type], self.string_index[f.name]
            )
        for m in self.methods:
            tables += struct.pack(
                "<HHI",
                self.type_index[m.cls],
                self.proto_index[_proto_key(m.proto)],
                self.string_index[m.name],
            )
        for cls in self.classes:
            tables += struct.pack(
                "<8I",
                self.type_index[cls.name],
                cls.access,
                self.type_index[cls.superclass] if cls.superclass else NO_INDEX,
                type_lists[tuple(cls.interfaces)] if cls.interfaces else 0,
                self.string_index[cls.source_file] if cls.source_file else NO_INDEX,
                0,
                class_data_offsets.get(cls.name, 0),
                0,
            )
        assert HEADER_SIZE + len(tables) == data_off

        file_size = data_off + len(data)
        header = bytearray(HEADER_SIZE)
        header[0:8] = DEX_MAGIC
        struct.pack_into(
            "<20I",
            header,
            32,
            file_size,
            HEADER_SIZE,
            0x12345678,
            0,
            0,
            map_off,
            n_str,
            string_ids_off if n_str else 0,
            n_type,
            type_ids_off if n_type else 0,
            n_proto,
            proto_ids_off if n_proto else 0,
            n_field,
            field_ids_off if n_field else 0,
            n_method,
            method_ids_off if n_method else 0,
            n_class,
            class_defs_off if n_class else 0,
            len(data),
            data_off,
        )
        return seal(bytes(header) + bytes(tables) + bytes(data))

    def _code_item(self, m: _Method) -> bytes:
        params, _ = parse_proto(m.ref.proto)
        ins = sum(_width(p) for p in params) + (0 if m.access & ACC_STATIC else 1)
        code = m.code or []
        local_count = m.local_regs
        if local_count is None:
            local_count = max((insn.max_reg for insn in code), default=-1) + 1
        units: list[int] = []
        for insn in code:
            units += insn.encode(self.idx)
        outs = max((insn.out_words for insn in code), default=0)
        head = struct.pack("<HHHHII", local_count + ins, ins, outs, 0, 0, len(units))
        return head + struct.pack(f"<{len(units)}H", *units)

    def _class_data(self, cls: ClassBuilder, code_offsets: dict[MethodRef, int]) -> bytes:
        static_fields = sorted(
            (f for f in cls.fields if f.access & ACC_STATIC), key=lambda f: self.idx.fields[f.ref]
        )
        instance_fields = sorted(
            (f for f in cls.fields if not f.access & ACC_STATIC),
            key=lambda f: self.idx.fields[f.ref],
        )

        def is_direct(m: _Method) -> bool:
            return bool(m.access & (ACC_STATIC | ACC_PRIVATE | ACC_CONSTRUCTOR))

        direct = sorted(
            (m for m in cls.methods if is_direct(m)), key=lambda m: self.idx.methods[m.ref]
        )
        virtual = sorted(
            (m for m in cls.methods if not is_direct(m)), key=lambda m: self.idx.methods[m.ref]
        )
        out = bytearray()
        for count in (len(static_fields), len(instance_fields), len(direct), len(virtual)):
            out += uleb128(count)
        for group in (static_fields, instance_fields):
            previous = 0
            for f in group:
                index = self.idx.fields[f.ref]
                out += uleb128(index - previous) + uleb128(f.access)
                previous = index
        for group in (direct, virtual):
            previous = 0
            for m in group:
                index = self.idx.methods[m.ref]
                out += uleb128(index - previous) + uleb128(m.access)
                out += uleb128(code_offsets.get(m.ref, 0))
                previous = index
        return bytes(out)


def _proto_key(descriptor: str) -> tuple[str, tuple[str, ...]]:
    params, ret = parse_proto(descriptor)
    return ret, tuple(params)


def _ordered_classes(classes: list[ClassBuilder]) -> list[ClassBuilder]:
    """Superclasses and interfaces defined in the same file must come first."""
    by_name = {c.name: c for c in classes}
    ordered: list[ClassBuilder] = []
    seen: set[str] = set()

    def visit(cls: ClassBuilder) -> None:
        if cls.name in seen:
            return
        seen.add(cls.name)
        for parent in [cls.superclass, *cls.interfaces]:
            if parent in by_name:
                visit(by_name[parent])
        ordered.append(cls)

    for cls in classes:
        visit(cls)
    return ordered


def seal(data: bytes) -> bytes:
    """Recompute the SHA-1 signature and adler32 checksum of a DEX image."""
    buf = bytearray(data)
    buf[12:32] = hashlib.sha1(bytes(buf[32:])).digest()
    struct.pack_into("<I", buf, 8, zlib.adler32(bytes(buf[12:])))
    return bytes(buf)
