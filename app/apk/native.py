"""Native library hardening from ELF headers only: PIE, stack protector, RELRO, NX.

Reads the program headers, the dynamic section and the dynamic string table; no
disassembly. One ABI is enough (the same sources are built for each), so the
pipeline passes the libraries of the preferred ABI.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from app.apk.errors import ParseError

ET_EXEC, ET_DYN = 2, 3
PT_LOAD, PT_DYNAMIC = 1, 2
PT_GNU_STACK, PT_GNU_RELRO = 0x6474E551, 0x6474E552
DT_NULL, DT_STRTAB, DT_STRSZ, DT_BIND_NOW, DT_FLAGS = 0, 5, 10, 24, 30
DT_FLAGS_1 = 0x6FFFFFFB
DF_BIND_NOW = 0x8
DF_1_NOW = 0x1
PF_X = 0x1
ABI_PREFERENCE = ("arm64-v8a", "armeabi-v7a", "armeabi", "x86_64", "x86")
_MACHINES = {3: "x86", 40: "arm", 62: "x86_64", 183: "arm64", 8: "mips", 243: "riscv"}


@dataclass
class NativeLib:
    path: str
    arch: str
    pie: bool
    stack_protector: bool
    relro: str  # full, partial, none
    nx: bool

    @property
    def weaknesses(self) -> list[str]:
        out = []
        if not self.pie:
            out.append("not PIE")
        if not self.stack_protector:
            out.append("no stack protector")
        if self.relro == "none":
            out.append("no RELRO")
        if not self.nx:
            out.append("executable stack")
        return out

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "arch": self.arch,
            "pie": self.pie,
            "stack_protector": self.stack_protector,
            "relro": self.relro,
            "nx": self.nx,
        }


def preferred_abi_libs(names: list[str]) -> list[str]:
    """The lib/<abi>/*.so entries of the single most preferred ABI present."""
    by_abi: dict[str, list[str]] = {}
    for name in names:
        parts = name.split("/")
        if len(parts) == 3 and parts[0] == "lib" and parts[2].endswith(".so"):
            by_abi.setdefault(parts[1], []).append(name)
    for abi in ABI_PREFERENCE:
        if abi in by_abi:
            return sorted(by_abi[abi])
    return sorted(by_abi[min(by_abi)]) if by_abi else []


def read_elf(path: str, data: bytes) -> NativeLib:
    if len(data) < 52 or data[:4] != b"\x7fELF":
        raise ParseError(f"{path}: not an ELF file")
    is64 = data[4] == 2
    endian = "<" if data[5] == 1 else ">"
    if is64:
        e_type, machine = struct.unpack_from(endian + "HH", data, 16)
        (phoff,) = struct.unpack_from(endian + "Q", data, 32)
        phentsize, phnum = struct.unpack_from(endian + "HH", data, 54)
        ph_format = endian + "LLQQQQQQ"  # type, flags, offset, vaddr, paddr, filesz, memsz, align
    else:
        e_type, machine = struct.unpack_from(endian + "HH", data, 16)
        (phoff,) = struct.unpack_from(endian + "L", data, 28)
        phentsize, phnum = struct.unpack_from(endian + "HH", data, 42)
        ph_format = endian + "LLLLLLLL"  # type, offset, vaddr, paddr, filesz, memsz, flags, align
    if phoff + phnum * phentsize > len(data) or phentsize < struct.calcsize(ph_format):
        raise ParseError(f"{path}: program headers out of bounds")
    segments = []
    for index in range(phnum):
        fields = struct.unpack_from(ph_format, data, phoff + index * phentsize)
        if is64:
            p_type, p_flags, p_offset, p_vaddr, _pa, p_filesz, _memsz, _align = fields
        else:
            p_type, p_offset, p_vaddr, _pa, p_filesz, _memsz, p_flags, _align = fields
        segments.append((p_type, p_flags, p_offset, p_vaddr, p_filesz))
    types = {s[0] for s in segments}
    nx = all(not (s[1] & PF_X) for s in segments if s[0] == PT_GNU_STACK) and (
        PT_GNU_STACK in types
    )
    dynamic = _dynamic_entries(data, segments, is64, endian)
    bind_now = (
        DT_BIND_NOW in dynamic
        or bool(dynamic.get(DT_FLAGS, 0) & DF_BIND_NOW)
        or bool(dynamic.get(DT_FLAGS_1, 0) & DF_1_NOW)
    )
    relro = ("full" if bind_now else "partial") if PT_GNU_RELRO in types else "none"
    strtab = _dynamic_strings(data, segments, dynamic)
    stack_protector = b"__stack_chk_fail\x00" in strtab or b"__stack_chk_guard\x00" in strtab
    return NativeLib(
        path=path,
        arch=_MACHINES.get(machine, str(machine)),
        pie=e_type == ET_DYN,
        stack_protector=stack_protector,
        relro=relro,
        nx=nx,
    )


def _dynamic_entries(
    data: bytes, segments: list[tuple[int, int, int, int, int]], is64: bool, endian: str
) -> dict[int, int]:
    entry = struct.Struct(endian + ("qQ" if is64 else "lL"))
    out: dict[int, int] = {}
    for p_type, _flags, offset, _vaddr, size in segments:
        if p_type != PT_DYNAMIC:
            continue
        end = min(len(data), offset + size)
        for position in range(offset, end - entry.size + 1, entry.size):
            tag, value = entry.unpack_from(data, position)
            if tag == DT_NULL:
                break
            out.setdefault(tag, value)
    return out


def _dynamic_strings(
    data: bytes, segments: list[tuple[int, int, int, int, int]], dynamic: dict[int, int]
) -> bytes:
    address, size = dynamic.get(DT_STRTAB), dynamic.get(DT_STRSZ, 0)
    if address is None:
        return b""
    for p_type, _flags, offset, vaddr, filesz in segments:
        if p_type == PT_LOAD and vaddr <= address < vaddr + filesz:
            start = offset + (address - vaddr)
            return data[start : min(len(data), start + size)]
    return b""
