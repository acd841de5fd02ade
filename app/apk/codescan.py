"""Find the app methods that reference given APIs, strings, fields or types, fast.

Walking every instruction of a large app in Python takes seconds. Instead, the
whole DEX is viewed as 16-bit code units (numpy) and every position whose opcode
byte is a call / const-string / field access / new-instance and whose index
operand is one we look for is a candidate. Candidates are attributed to a method
body by offset; only those methods are then decoded instruction by instruction
(which also discards the rare candidates that were really operand bytes).

Only "app code" is scanned: classes outside the library prefixes of
rules/apk/libraries.yaml.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from app.apk.bytecode import MethodFacts, walk_method
from app.apk.dex import ClassDef, DexFile, read_uleb128
from app.apk.errors import ParseError

CAT_NONE, CAT_INVOKE, CAT_STRING, CAT_STRING_JUMBO, CAT_FIELD, CAT_NEW = range(6)
_CATEGORY = np.zeros(256, dtype=np.uint8)
_CATEGORY[0x6E:0x73] = CAT_INVOKE
_CATEGORY[0x74:0x79] = CAT_INVOKE
_CATEGORY[0xFA] = CAT_INVOKE
_CATEGORY[0xFB] = CAT_INVOKE
_CATEGORY[0x1A] = CAT_STRING
_CATEGORY[0x1B] = CAT_STRING_JUMBO
_CATEGORY[0x52:0x6E] = CAT_FIELD
_CATEGORY[0x22] = CAT_NEW


@dataclass(frozen=True, slots=True)
class AppMethod:
    start: int  # file offset of the first instruction
    end: int
    method_idx: int
    class_def: ClassDef


ACC_NATIVE = 0x100
ACC_SYNTHETIC = 0x1000
ACC_BRIDGE = 0x40


class DexScan:
    """One DEX file seen through the app-code lens."""

    def __init__(self, dex: DexFile, library_prefixes: tuple[str, ...]) -> None:
        self.dex = dex
        self.descriptors = dex.class_descriptors()
        self._app_classes = [
            dex.class_def(index)
            for index, descriptor in enumerate(self.descriptors)
            if not descriptor.startswith(library_prefixes)
        ]
        self._facts: dict[int, MethodFacts] = {}
        self._app_methods: list[AppMethod] | None = None
        # App methods without a body: native ones (implemented in a .so) and
        # those flagged synthetic although the compiler did not generate them.
        self.native_methods: set[int] = set()
        self.synthetic_methods: list[int] = []
        self._app_starts: list[int] = []
        self._view: tuple[int, np.ndarray, np.ndarray] | None = None
        self._starts_array: np.ndarray = np.zeros(0, dtype=np.int64)
        self._ends_array: np.ndarray = np.zeros(0, dtype=np.int64)
        self.notes: list[str] = []

    # -- app vs library ---------------------------------------------------------

    def app_classes(self) -> list[ClassDef]:
        return self._app_classes

    def app_methods(self) -> list[AppMethod]:
        """Bodies of every method of every app class, sorted by offset."""
        if self._app_methods is None:
            methods = []
            data = self.dex.data
            size = len(data)
            for cls in self.app_classes():
                if not cls.class_data_off:
                    continue
                try:
                    bodies = _method_bodies(data, cls.class_data_off)
                except IndexError:
                    self.notes.append(f"{self.dex.name}: truncated class data skipped")
                    continue
                for method_idx, flags, code_off in bodies:
                    if flags & ACC_NATIVE:
                        self.native_methods.add(method_idx)
                    if flags & ACC_SYNTHETIC and not flags & ACC_BRIDGE:
                        self.synthetic_methods.append(method_idx)
                    if not code_off or code_off + 16 > size:
                        continue
                    (units,) = struct.unpack_from("<L", data, code_off + 12)
                    start = code_off + 16
                    if start + 2 * units <= size:
                        methods.append(AppMethod(start, start + 2 * units, method_idx, cls))
            methods.sort(key=lambda m: m.start)
            self._app_methods = methods
            self._app_starts = [m.start for m in methods]
        return self._app_methods

    # -- scanning -------------------------------------------------------------

    def _code_view(self) -> tuple[int, np.ndarray, np.ndarray] | None:
        """(base offset, opcode category per code unit, following unit) over the app code."""
        if self._view is None:
            methods = self.app_methods()
            if not methods:
                return None
            base = methods[0].start
            end = max(m.end for m in methods)
            count = (end - base) // 2 * 2
            if count < 4:
                return None
            raw = np.frombuffer(self.dex.data, dtype=np.uint8, count=count, offset=base)
            category = _CATEGORY[raw[0:-2:2]]
            operand = raw.view("<u2")[1:]
            self._view = (base, category, operand)
            self._starts_array = np.array(self._app_starts, dtype=np.int64)
            self._ends_array = np.array([m.end for m in methods], dtype=np.int64)
        return self._view

    def _owners(self, units: np.ndarray) -> np.ndarray:
        """Index into app_methods() of the method holding each unit (-1 when none)."""
        view = self._code_view()
        assert view is not None
        offsets = view[0] + 2 * units.astype(np.int64)
        owner = np.searchsorted(self._starts_array, offsets, side="right") - 1
        inside = (owner >= 0) & (offsets < self._ends_array[np.maximum(owner, 0)])
        return np.where(inside, owner, -1)

    def find_references(
        self,
        methods: set[int] = frozenset(),  # type: ignore[assignment]
        strings: set[int] = frozenset(),  # type: ignore[assignment]
        fields: set[int] = frozenset(),  # type: ignore[assignment]
        types: set[int] = frozenset(),  # type: ignore[assignment]
    ) -> list[AppMethod]:
        """App methods containing an instruction that references any of the given ids."""
        if not (methods or strings or fields or types):
            return []
        view = self._code_view()
        if view is None:
            return []
        _base, category, operand = view
        hit = np.zeros(len(operand), dtype=bool)
        for wanted, cat in ((methods, CAT_INVOKE), (fields, CAT_FIELD), (types, CAT_NEW)):
            if wanted:
                hit |= (category == cat) & _table(wanted)[operand]
        if strings:
            small = {s for s in strings if s < 0x10000}
            if small:
                hit |= (category == CAT_STRING) & _table(small)[operand]
            large = {s for s in strings if s >= 0x10000}
            if large:
                jumbo = np.flatnonzero(category[:-1] == CAT_STRING_JUMBO)
                values = _jumbo_values(operand, jumbo)
                hit[jumbo[_member(values, large)]] = True
        owners = set(self._owners(np.flatnonzero(hit)).tolist())
        app_methods = self.app_methods()
        return [app_methods[i] for i in sorted(owners) if i >= 0]

    def app_literals(self) -> list[int]:
        """String indices used by const-string instructions in app code.

        A superset: an operand byte that merely looks like const-string adds a
        spurious index, which the method walk later ignores.
        """
        view = self._code_view()
        if view is None:
            return []
        _base, category, operand = view
        units = np.flatnonzero(category == CAT_STRING)
        found = operand[units[self._owners(units) >= 0]].astype(np.uint32)
        jumbo = np.flatnonzero(category[:-1] == CAT_STRING_JUMBO)
        if len(jumbo):
            jumbo = jumbo[self._owners(jumbo) >= 0]
            found = np.concatenate([found, _jumbo_values(operand, jumbo)])
        limit = self.dex.string_ids_size
        return sorted(i for i in set(found.tolist()) if i < limit)

    def facts(self, method: AppMethod) -> MethodFacts | None:
        cached = self._facts.get(method.start)
        if cached is None:
            try:
                cached = walk_method(self.dex, method.method_idx, method.start, method.end)
            except (ParseError, IndexError, struct.error) as exc:
                self.notes.append(f"{self.dex.name}: method {method.method_idx}: {exc}")
                return None
            self._facts[method.start] = cached
        return cached

    def methods_of(self, cls: ClassDef, names: set[str]) -> list[AppMethod]:
        """Bodies of ``cls``'s methods with one of ``names`` (for overridden callbacks)."""
        out = []
        data = self.dex.data
        try:
            bodies = _method_bodies(data, cls.class_data_off) if cls.class_data_off else []
        except IndexError:
            return []
        for method_idx, _flags, code_off in bodies:
            if not code_off:
                continue
            if self.dex.method_name(method_idx) in names and code_off + 16 <= len(data):
                (units,) = struct.unpack_from("<L", data, code_off + 12)
                start = code_off + 16
                if start + 2 * units <= len(data):
                    out.append(AppMethod(start, start + 2 * units, method_idx, cls))
        return out


def _jumbo_values(operand: np.ndarray, units: np.ndarray) -> np.ndarray:
    """32-bit string indices of const-string/jumbo instructions at ``units``."""
    units = units[units + 1 < len(operand)]
    return operand[units].astype(np.uint32) | (operand[units + 1].astype(np.uint32) << 16)


def _member(values: np.ndarray, wanted: set[int]) -> np.ndarray:
    """values[i] in wanted, element-wise (few wanted values: one comparison each)."""
    mask = np.zeros(len(values), dtype=bool)
    for value in wanted:
        mask |= values == value
    return mask


def _table(ids: set[int]) -> np.ndarray:
    table = np.zeros(0x10000, dtype=bool)
    table[[i for i in ids if 0 <= i < 0x10000]] = True
    return table


def _method_bodies(data: bytes, offset: int) -> list[tuple[int, int, int]]:
    """(method idx, access flags, code offset or 0) of every method in a class_data_item."""
    static_fields, pos = read_uleb128(data, offset)
    instance_fields, pos = read_uleb128(data, pos)
    direct, pos = read_uleb128(data, pos)
    virtual, pos = read_uleb128(data, pos)
    for _ in range(2 * (static_fields + instance_fields)):
        while data[pos] & 0x80:
            pos += 1
        pos += 1
    out = []
    for count in (direct, virtual):
        method_idx = 0
        for _ in range(count):
            byte = data[pos]
            if byte < 0x80:
                diff, pos = byte, pos + 1
            else:
                diff, pos = read_uleb128(data, pos)
            method_idx += diff
            byte = data[pos]
            if byte < 0x80:
                flags, pos = byte, pos + 1
            else:
                flags, pos = read_uleb128(data, pos)
            byte = data[pos]
            if byte < 0x80:
                code_off, pos = byte, pos + 1
            else:
                code_off, pos = read_uleb128(data, pos)
            out.append((method_idx, flags, code_off))
    return out
