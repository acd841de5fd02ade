"""Targeted Dalvik bytecode reads: one method body at a time, never the whole app.

A method is walked instruction by instruction (sizes from the opcode formats) to
collect what the checks need: calls with the constant arguments they receive,
string constants, field reads and writes, object creations, throws. Register
values are tracked linearly (no control flow), which is enough for the common
``const-string v0, "AES/ECB…"; invoke-static {v0}, Cipher.getInstance`` shapes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from app.apk.dex import DexFile
from app.apk.errors import ParseError

# Instruction size in 16-bit code units, per opcode (Dalvik formats).
_SIZE = [1] * 256
for _op in (0x02, 0x05, 0x08, 0x13, 0x15, 0x16, 0x19, 0x1A, 0x1C, 0x1F, 0x20, 0x22, 0x23, 0x29):
    _SIZE[_op] = 2
for _op in (0x03, 0x06, 0x09, 0x14, 0x17, 0x1B, 0x24, 0x25, 0x26, 0x2A, 0x2B, 0x2C):
    _SIZE[_op] = 3
_SIZE[0x18] = 5
for _range, _size in (
    ((0x2D, 0x3D), 2),  # cmp, if-test, if-testz
    ((0x44, 0x6D), 2),  # aget/aput, iget/iput, sget/sput
    ((0x6E, 0x72), 3),  # invoke-kind
    ((0x74, 0x78), 3),  # invoke-kind/range
    ((0x90, 0xAF), 2),  # binop
    ((0xD0, 0xE2), 2),  # binop/lit16, binop/lit8
    ((0xFA, 0xFB), 4),  # invoke-polymorphic
    ((0xFC, 0xFD), 3),  # invoke-custom
    ((0xFE, 0xFF), 2),  # const-method-handle, const-method-type
):
    for _op in range(_range[0], _range[1] + 1):
        _SIZE[_op] = _size

OP_CONST_4 = 0x12
OP_CONST_16 = 0x13
OP_CONST = 0x14
OP_CONST_HIGH16 = 0x15
OP_CONST_STRING = 0x1A
OP_CONST_STRING_JUMBO = 0x1B
OP_NEW_INSTANCE = 0x22
OP_NEW_ARRAY = 0x23
OP_FILL_ARRAY_DATA = 0x26
OP_THROW = 0x27
OP_RETURN = 0x0F
OP_RETURN_VOID = 0x0E
OP_AND_INT_LIT16 = 0xD5
OP_AND_INT_LIT8 = 0xDD
# invoke-kind and invoke-polymorphic carry a method id; invoke-custom a call-site id.
INVOKE_35C = frozenset(range(0x6E, 0x73)) | {0xFA}
INVOKE_3RC = frozenset(range(0x74, 0x79)) | {0xFB}
INVOKE_CUSTOM = frozenset({0xFC, 0xFD})
STATIC_INVOKES = frozenset({0x71, 0x77})
IGET = frozenset(range(0x52, 0x59))
IPUT = frozenset(range(0x59, 0x60))
SGET = frozenset(range(0x60, 0x67))
SPUT = frozenset(range(0x67, 0x6E))
# Opcodes whose first register operand is written, and those (formats 12x, 22c,
# 22s) that keep it in the low nibble instead of the whole byte.
_WRITES_A = frozenset(
    set(range(0x01, 0x0E))
    | {0x1C, 0x1F, 0x20, 0x21, 0x22, 0x23}
    | set(range(0x2D, 0x32))
    | set(range(0x44, 0x4B))
    | IGET
    | SGET
    | set(range(0x7B, 0xE3))
)
_NIBBLE_A = frozenset(
    {0x01, 0x04, 0x07, 0x20, 0x21, 0x23} | set(range(0x7B, 0x90)) | set(range(0xB0, 0xD8)) | IGET
)
OP_MOVE_OBJECT = 0x07
OP_MOVE_RESULT_OBJECT = 0x0C
OP_MOVE_OBJECT_FROM16 = 0x08

# What a register is known to hold: ("int", n), ("str", string idx), ("derived", string idx)
# for a call result computed from a constant string (e.g. "k3y".getBytes()),
# ("field", field idx) for a value just read from a field, ("array", filled) for a
# new array (1 once fill-array-data wrote constants into it, 2 once passed to a call,
# which may have filled it, e.g. SecureRandom.nextBytes).
Value = tuple[str, int]


@dataclass
class Invoke:
    method_idx: int
    args: tuple[Value | None, ...]  # known constant per argument register ("this" first)
    offset: int
    static: bool


@dataclass
class MethodFacts:
    method_idx: int
    invokes: list[Invoke] = field(default_factory=list)
    strings: list[int] = field(default_factory=list)  # const-string indices, in order
    field_reads: list[int] = field(default_factory=list)
    field_writes: list[tuple[int, Value | None]] = field(default_factory=list)
    new_instances: list[int] = field(default_factory=list)
    new_arrays: int = 0
    fill_array_data: int = 0
    throws: bool = False
    custom_calls: int = 0  # invoke-custom (e.g. string concatenation via indy)
    and_literals: set[int] = field(default_factory=set)
    returns: list[Value | None] = field(default_factory=list)  # values of `return vAA`

    def calls(self, method_ids: set[int]) -> list[Invoke]:
        return [call for call in self.invokes if call.method_idx in method_ids]


# Instruction kinds the walker distinguishes (everything else only advances).
(
    K_OTHER,
    K_WRITE_BYTE,
    K_WRITE_NIBBLE,
    K_INVOKE,
    K_INVOKE_RANGE,
    K_CUSTOM,
    K_STRING,
    K_STRING_JUMBO,
    K_CONST4,
    K_CONST16,
    K_CONST32,
    K_CONST_HIGH16,
    K_MOVE_RESULT_OBJECT,
    K_MOVE_OBJECT,
    K_MOVE_OBJECT_FROM16,
    K_IGET,
    K_SGET,
    K_IPUT,
    K_SPUT,
    K_NEW_INSTANCE,
    K_NEW_ARRAY,
    K_FILL_ARRAY,
    K_THROW,
    K_RETURN,
    K_AND_LIT8,
    K_AND_LIT16,
    K_PAYLOAD,
) = range(27)
_KIND = [K_OTHER] * 256
for _op in _WRITES_A:
    _KIND[_op] = K_WRITE_NIBBLE if _op in _NIBBLE_A else K_WRITE_BYTE
for _ops, _kind in (
    (INVOKE_35C, K_INVOKE),
    (INVOKE_3RC, K_INVOKE_RANGE),
    (INVOKE_CUSTOM, K_CUSTOM),
    (IGET, K_IGET),
    (SGET, K_SGET),
    (IPUT, K_IPUT),
    (SPUT, K_SPUT),
    ({OP_CONST_STRING}, K_STRING),
    ({OP_CONST_STRING_JUMBO}, K_STRING_JUMBO),
    ({OP_CONST_4}, K_CONST4),
    ({OP_CONST_16}, K_CONST16),
    ({OP_CONST}, K_CONST32),
    ({OP_CONST_HIGH16}, K_CONST_HIGH16),
    ({OP_MOVE_RESULT_OBJECT}, K_MOVE_RESULT_OBJECT),
    ({OP_MOVE_OBJECT}, K_MOVE_OBJECT),
    ({OP_MOVE_OBJECT_FROM16}, K_MOVE_OBJECT_FROM16),
    ({OP_NEW_INSTANCE}, K_NEW_INSTANCE),
    ({OP_NEW_ARRAY}, K_NEW_ARRAY),
    ({OP_FILL_ARRAY_DATA}, K_FILL_ARRAY),
    ({OP_THROW}, K_THROW),
    ({OP_RETURN}, K_RETURN),
    ({OP_AND_INT_LIT8}, K_AND_LIT8),
    ({OP_AND_INT_LIT16}, K_AND_LIT16),
    ({0x00}, K_PAYLOAD),
):
    for _op in _ops:
        _KIND[_op] = _kind
_UNPACK_H = struct.Struct("<H").unpack_from
_UNPACK_h = struct.Struct("<h").unpack_from
_UNPACK_L = struct.Struct("<L").unpack_from
_UNPACK_l = struct.Struct("<l").unpack_from


def walk_method(dex: DexFile, method_idx: int, start: int, end: int) -> MethodFacts:
    """Decode the instructions in ``[start, end)`` of ``dex.data``."""
    data = dex.data
    facts = MethodFacts(method_idx)
    regs: dict[int, Value] = {}
    last_call_source: Value | None = None  # first argument of the previous call
    kinds, sizes = _KIND, _SIZE
    pos = start
    while pos + 2 <= end:
        op = data[pos]
        kind = kinds[op]
        size = sizes[op]
        if kind == K_OTHER:
            pos += 2 * size
            continue
        if kind == K_PAYLOAD:
            pos += 2 * _payload_size(data, pos, end)
            continue
        if pos + 2 * size > end:
            raise ParseError(f"{dex.name}: instruction runs past method end at {pos}")
        a = data[pos + 1]
        if kind == K_WRITE_BYTE:
            regs.pop(a, None)
        elif kind == K_WRITE_NIBBLE:
            regs.pop(a & 0x0F, None)
        elif kind == K_INVOKE:
            packed = data[pos + 4] | (data[pos + 5] << 8) | ((a & 0x0F) << 16)
            registers = [(packed >> (4 * i)) & 0x0F for i in range(a >> 4)]
            args = tuple([regs.get(r) for r in registers])
            facts.invokes.append(
                Invoke(_UNPACK_H(data, pos + 2)[0], args, pos, op in STATIC_INVOKES)
            )
            for register in registers:  # a callee may fill an array it is given
                if regs.get(register) == ("array", 0):
                    regs[register] = ("array", 2)
            last_call_source = args[0] if args else None
        elif kind == K_IGET:
            (index,) = _UNPACK_H(data, pos + 2)
            facts.field_reads.append(index)
            regs[a & 0x0F] = ("field", index)
        elif kind == K_SGET:
            (index,) = _UNPACK_H(data, pos + 2)
            facts.field_reads.append(index)
            regs[a] = ("field", index)
        elif kind == K_MOVE_RESULT_OBJECT:
            if last_call_source is not None and last_call_source[0] in ("str", "derived"):
                regs[a] = ("derived", last_call_source[1])
            else:
                regs.pop(a, None)
            last_call_source = None
        elif kind == K_STRING:
            (index,) = _UNPACK_H(data, pos + 2)
            facts.strings.append(index)
            regs[a] = ("str", index)
        elif kind == K_CONST4:
            literal = a >> 4
            regs[a & 0x0F] = ("int", literal - 16 if literal & 0x8 else literal)
        elif kind == K_INVOKE_RANGE:
            (first,) = _UNPACK_H(data, pos + 4)
            values = tuple([regs.get(first + i) for i in range(min(a, 16))])
            facts.invokes.append(
                Invoke(_UNPACK_H(data, pos + 2)[0], values, pos, op in STATIC_INVOKES)
            )
            last_call_source = values[0] if values else None
        elif kind == K_IPUT:
            facts.field_writes.append((_UNPACK_H(data, pos + 2)[0], regs.get(a & 0x0F)))
        elif kind == K_SPUT:
            facts.field_writes.append((_UNPACK_H(data, pos + 2)[0], regs.get(a)))
        elif kind == K_MOVE_OBJECT:
            source = regs.get(a >> 4)
            if source is not None:
                regs[a & 0x0F] = source
            else:
                regs.pop(a & 0x0F, None)
        elif kind == K_MOVE_OBJECT_FROM16:
            source = regs.get(_UNPACK_H(data, pos + 2)[0])
            if source is not None:
                regs[a] = source
            else:
                regs.pop(a, None)
        elif kind == K_CONST16:
            regs[a] = ("int", _UNPACK_h(data, pos + 2)[0])
        elif kind == K_CONST32:
            regs[a] = ("int", _UNPACK_l(data, pos + 2)[0])
        elif kind == K_CONST_HIGH16:
            regs[a] = ("int", _UNPACK_h(data, pos + 2)[0] << 16)
        elif kind == K_STRING_JUMBO:
            (index,) = _UNPACK_L(data, pos + 2)
            facts.strings.append(index)
            regs[a] = ("str", index)
        elif kind == K_NEW_INSTANCE:
            facts.new_instances.append(_UNPACK_H(data, pos + 2)[0])
            regs.pop(a, None)
        elif kind == K_NEW_ARRAY:
            facts.new_arrays += 1
            regs[a & 0x0F] = ("array", 0)
        elif kind == K_FILL_ARRAY:
            facts.fill_array_data += 1
            if regs.get(a, ("",))[0] == "array":
                regs[a] = ("array", 1)
        elif kind == K_THROW:
            facts.throws = True
        elif kind == K_RETURN:
            facts.returns.append(regs.get(a))
        elif kind == K_AND_LIT8:
            facts.and_literals.add(struct.unpack_from("<b", data, pos + 3)[0])
            regs.pop(a, None)
        elif kind == K_AND_LIT16:
            facts.and_literals.add(_UNPACK_h(data, pos + 2)[0])
            regs.pop(a & 0x0F, None)
        elif kind == K_CUSTOM:
            facts.custom_calls += 1
        pos += 2 * size
    return facts


def _payload_size(data: bytes, pos: int, end: int) -> int:
    """Size in code units of a nop or of a switch / array payload pseudo-instruction."""
    ident = data[pos + 1]
    if ident == 0 or pos + 8 > end:
        return 1
    if ident == 0x01:  # packed-switch-payload
        (count,) = struct.unpack_from("<H", data, pos + 2)
        return 4 + 2 * count
    if ident == 0x02:  # sparse-switch-payload
        (count,) = struct.unpack_from("<H", data, pos + 2)
        return 2 + 4 * count
    if ident == 0x03:  # fill-array-data-payload
        width, count = struct.unpack_from("<HL", data, pos + 2)
        return 4 + (width * count + 1) // 2
    return 1
