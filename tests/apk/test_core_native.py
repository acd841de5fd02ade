"""Native library hardening from ELF headers."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from app.apk.errors import ParseError
from app.apk.native import preferred_abi_libs, read_elf
from app.apk.pipeline import analyze_file

PT_LOAD, PT_DYNAMIC, PT_GNU_STACK, PT_GNU_RELRO = 1, 2, 0x6474E551, 0x6474E552


def elf64(
    *,
    e_type: int = 3,
    stack_protector: bool = True,
    relro: bool = True,
    bind_now: bool = True,
    executable_stack: bool = False,
) -> bytes:
    """A minimal little-endian ELF64 shared object: program headers, dynamic, dynstr."""
    strings = b"\x00libc.so\x00" + (b"__stack_chk_fail\x00" if stack_protector else b"puts\x00")
    segments = [PT_LOAD, PT_DYNAMIC, PT_GNU_STACK] + ([PT_GNU_RELRO] if relro else [])
    phoff, phentsize = 64, 56
    strtab_off = phoff + phentsize * len(segments)
    dynamic = [(5, strtab_off), (10, len(strings))] + ([(30, 0x8)] if bind_now else []) + [(0, 0)]
    dyn_off = strtab_off + len(strings)
    dyn = b"".join(struct.pack("<qQ", tag, value) for tag, value in dynamic)
    total = dyn_off + len(dyn)
    header = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    header += struct.pack(
        "<HHIQQQIHHHHHH", e_type, 183, 1, 0, phoff, 0, 0, 64, phentsize, len(segments), 64, 0, 0
    )
    table = b""
    for kind in segments:
        offset, size, flags = {
            PT_LOAD: (0, total, 5),
            PT_DYNAMIC: (dyn_off, len(dyn), 6),
            PT_GNU_STACK: (0, 0, 7 if executable_stack else 6),
            PT_GNU_RELRO: (dyn_off, len(dyn), 4),
        }[kind]
        table += struct.pack("<IIQQQQQQ", kind, flags, offset, offset, offset, size, size, 8)
    return header + table + strings + dyn


def test_hardened_library() -> None:
    lib = read_elf("lib/arm64-v8a/libok.so", elf64())
    assert (lib.arch, lib.pie, lib.stack_protector, lib.relro, lib.nx) == (
        "arm64", True, True, "full", True,
    )  # fmt: skip
    assert lib.weaknesses == []


def test_weak_library_lists_each_missing_protection() -> None:
    lib = read_elf(
        "lib/arm64-v8a/libweak.so",
        elf64(e_type=2, stack_protector=False, relro=False, executable_stack=True),
    )
    assert lib.weaknesses == ["not PIE", "no stack protector", "no RELRO", "executable stack"]
    assert read_elf("x.so", elf64(bind_now=False)).relro == "partial"


def test_non_elf_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        read_elf("lib/x86/libfake.so", b"this is not an ELF file at all" * 3)


def test_one_abi_is_enough() -> None:
    names = ["lib/x86/liba.so", "lib/arm64-v8a/liba.so", "lib/arm64-v8a/libb.so", "assets/x.so"]
    assert preferred_abi_libs(names) == ["lib/arm64-v8a/liba.so", "lib/arm64-v8a/libb.so"]


def test_native_rule_in_the_report(make_apk: Callable[..., Path]) -> None:
    apk = make_apk(
        files={
            "lib/arm64-v8a/libgood.so": elf64(),
            "lib/arm64-v8a/libbad.so": elf64(stack_protector=False),
            "lib/arm64-v8a/libdata.so": b"not elf",
        }
    )
    report = analyze_file(apk)
    assert report["rule_status"]["APK-NATIVE-NO-HARDENING"] == "fired"
    (finding,) = [f for f in report["findings"] if f["rule_id"] == "APK-NATIVE-NO-HARDENING"]
    assert finding["evidence"] == ["lib/arm64-v8a/libbad.so: no stack protector"]
    paths = {lib["path"] for lib in report["native_libs"]}
    assert "lib/arm64-v8a/libdata.so" in paths  # listed as unreadable, not a degradation
    assert report["rule_status"]["APK-PARSE-DEGRADED"] == "clear"
