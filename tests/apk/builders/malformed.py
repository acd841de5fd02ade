"""A corpus of broken and hostile APK files, built cheaply in a temp directory.

`malformed_corpus(dir)` writes one file per entry of `MALFORMED_KINDS` and returns
``{name: path}``. Each kind says what an analyzer must do with it:

    "error"     raise ApkError (the file is not an analysable APK at all)
    "degraded"  return a result whose completeness.degraded explains what failed
    "either"    one of the two
    "survive"   a structurally valid but hostile file: any orderly outcome (a result,
                degraded or not, or ApkError), within the time and memory limits and
                without writing outside the work folder

The zip bombs are small on disk: a raw-deflate stream of zeros is made of identical
full-flush segments (1 MiB of zeros each), so gigabytes of output cost a 1 MiB loop.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from .apk import build_apk, manifest_xml, zip_entries
from .arsc import ResourceTable
from .axml import encode_axml
from .chunks import (
    NO_INDEX,
    RES_XML_END_ELEMENT_TYPE,
    RES_XML_RESOURCE_MAP_TYPE,
    RES_XML_START_ELEMENT_TYPE,
    RES_XML_TYPE,
    TYPE_STRING,
    chunk,
    res_value,
    string_pool,
)
from .dex import DexBuilder, return_void, seal
from .signing import V2_BLOCK_ID, insert_raw_block, insert_signing_block, signing_block

MALFORMED_KINDS: dict[str, tuple[str, str]] = {
    "empty": ("error", "a 0-byte file"),
    "not_zip": ("error", "a PNG header and text, no ZIP structure"),
    # A parser may recover entries from local headers, so these are "either".
    "truncated_half": ("either", "a valid APK cut in half (no central directory)"),
    "truncated_eocd": ("either", "a valid APK missing its last 10 bytes (EOCD cut)"),
    "cd_offset_out_of_range": ("either", "EOCD points the central directory past the file end"),
    "no_manifest": ("either", "a ZIP with classes.dex but no AndroidManifest.xml"),
    "garbage_manifest": ("either", "AndroidManifest.xml is random bytes"),
    "plain_xml_manifest": ("either", "AndroidManifest.xml is uncompiled text XML"),
    "axml_huge_string_count": ("either", "manifest string pool declares 2^31 strings"),
    "axml_deep_nesting": ("survive", "<manifest> holding 50 000 nested elements (recursion)"),
    "manifest_bomb": ("either", "AndroidManifest.xml inflates to 1 GiB of zeros"),
    "zip_bomb": ("survive", "an asset that inflates to 1 GiB (1 MiB on disk)"),
    "zip_bomb_lying_size": ("survive", "the 1 GiB asset declares 1 KiB uncompressed"),
    "zip_bomb_overlap": ("survive", "16 directory entries share one 1 GiB deflate stream"),
    "path_traversal": ("survive", "entries named ../../x, /abs/x, ..\\x, assets/../../x"),
    "duplicate_entries": ("survive", "two AndroidManifest.xml and two classes.dex entries"),
    "fake_encryption": ("survive", "general purpose bit 0 (encrypted) set, data in clear"),
    "many_entries": ("survive", "100 000 small entries (ZIP64 directory)"),
    "dex_bad_offsets": ("degraded", "classes.dex string_ids/map offsets beyond the file"),
    "dex_huge_counts": ("degraded", "classes.dex declares 2^31 strings and methods"),
    "dex_truncated": ("degraded", "classes.dex cut in half"),
    "arsc_reference_loop": ("either", "debuggable -> @bool/a -> @bool/b -> @bool/a"),
    "arsc_zero_size_chunk": (
        "either",
        "debuggable -> @bool/flag, but resources.arsc has a 0-size chunk before the package",
    ),
    "v2_block_absurd_size": ("either", "APK Signing Block declaring an 2^62-byte size"),
    "v2_signer_absurd_lengths": ("either", "v2 signer with 0xFFFFFFF0 length prefixes"),
}

_MIB = 1 << 20
_BOMB_MIB = 1024


def _minimal_dex() -> bytes:
    dex = DexBuilder()
    dex.add_class("Lcom/example/broken/Main;", superclass="Landroid/app/Activity;").method(
        "onCreate", "(Landroid/os/Bundle;)V", [return_void()]
    )
    return dex.encode()


def _manifest() -> bytes:
    return encode_axml(manifest_xml(package="com.example.broken"))


# ---------------------------------------------------------------- raw ZIP writing


@dataclass
class RawEntry:
    """A ZIP entry written byte by byte (no validation, by design)."""

    name: str
    data: bytes  # as stored (already compressed for method 8)
    method: int = 0
    crc: int = 0
    uncompressed_size: int = 0
    flags: int = 0

    @classmethod
    def stored(cls, name: str, content: bytes) -> RawEntry:
        return cls(name, content, 0, zlib.crc32(content), len(content))

    @classmethod
    def deflated(cls, name: str, content: bytes) -> RawEntry:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        data = c.compress(content) + c.flush()
        return cls(name, data, 8, zlib.crc32(content), len(content))


def raw_zip(entries: list[RawEntry], *, extra_cd: list[tuple[RawEntry, int]] = ()) -> bytes:
    """Write local headers, then a central directory for `entries` plus `extra_cd`
    (entry, local-header offset) records that may point at any existing header."""
    out = bytearray()
    records = []
    for entry in entries:
        records.append((entry, len(out)))
        name = entry.name.encode("utf-8")
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            entry.crc,
            len(entry.data),
            entry.uncompressed_size,
            len(name),
            0,
        )
        out += name + entry.data
    records += list(extra_cd)
    cd_offset = len(out)
    for entry, offset in records:
        name = entry.name.encode("utf-8")
        out += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            entry.crc,
            len(entry.data),
            entry.uncompressed_size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        out += name
    cd_size = len(out) - cd_offset
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(records), len(records), cd_size, cd_offset, 0
    )
    return bytes(out)


def zero_bomb(mib: int) -> tuple[bytes, int]:
    """Raw deflate stream inflating to `mib` MiB of zeros, and the CRC-32 of that output."""
    zeros = bytes(_MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return segment * mib + b"\x03\x00", crc  # b"\x03\x00": an empty final block


def _base_entries() -> list[RawEntry]:
    return [
        RawEntry.deflated("AndroidManifest.xml", _manifest()),
        RawEntry.deflated("classes.dex", _minimal_dex()),
    ]


# ---------------------------------------------------------------- AXML / DEX / ARSC damage


def _axml_huge_string_count() -> bytes:
    data = bytearray(_manifest())
    # string pool chunk starts at 8; its stringCount field is at +8
    struct.pack_into("<I", data, 16, 0x80000000)
    return bytes(data)


def _axml_deep_nesting(depth: int) -> bytes:
    """<manifest package="com.example.broken"> with `depth` nested <x> elements.

    Written chunk by chunk: the Element encoder is recursive and would itself overflow.
    """
    pool = string_pool(["manifest", "package", "com.example.broken", "x"])
    node = struct.pack("<II", 1, NO_INDEX)

    def start(name: int, attrs: bytes = b"", count: int = 0) -> bytes:
        ext = struct.pack("<IIHHHHHH", NO_INDEX, name, 20, 20, count, 0, 0, 0)
        return chunk(RES_XML_START_ELEMENT_TYPE, node, ext + attrs)

    def end(name: int) -> bytes:
        return chunk(RES_XML_END_ELEMENT_TYPE, node, struct.pack("<II", NO_INDEX, name))

    package = struct.pack("<III", NO_INDEX, 1, 2) + res_value(TYPE_STRING, 2)
    body = start(0, package, 1) + start(3) * depth + end(3) * depth + end(0)
    return chunk(RES_XML_TYPE, b"", pool + chunk(RES_XML_RESOURCE_MAP_TYPE, b"", b"") + body)


def _dex_with_header(**fields: int) -> bytes:
    """The minimal dex with header fields overwritten (re-sealed so checksums pass)."""
    offsets = {
        "map_off": 52,
        "string_ids_size": 56,
        "string_ids_off": 60,
        "method_ids_size": 88,
        "class_defs_size": 96,
        "class_defs_off": 100,
    }
    data = bytearray(_minimal_dex())
    for name, value in fields.items():
        struct.pack_into("<I", data, offsets[name], value)
    return seal(bytes(data))


def _arsc_zero_size_chunk() -> tuple[bytes, bytes]:
    """(manifest referencing @bool/flag, resources.arsc with a 0-size chunk before it)."""
    table = ResourceTable("com.example.broken")
    table.add("bool", "flag", True)
    manifest = encode_axml(
        manifest_xml(package="com.example.broken", application={"debuggable": "@bool/flag"}),
        resolve=table.resolve,
    )
    data = bytearray(table.encode())
    zero_chunk = struct.pack("<HHI", 0x0202, 8, 0)  # a type-spec header claiming size 0
    # put it right after the table's global string pool, before the package
    (pool_size,) = struct.unpack_from("<I", data, 12 + 4)
    insert_at = 12 + pool_size
    data[insert_at:insert_at] = zero_chunk
    struct.pack_into("<I", data, 4, len(data))
    return manifest, bytes(data)


# ---------------------------------------------------------------- corpus


def malformed_corpus(directory: Path) -> dict[str, Path]:
    """Write every file of MALFORMED_KINDS into `directory`; returns {name: path}."""
    directory.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    valid = build_apk(
        directory, name="_valid.apk", manifest=_manifest(), dex=[_minimal_dex()], sign="v1v2"
    ).read_bytes()

    files["empty"] = b""
    files["not_zip"] = b"\x89PNG\r\n\x1a\n" + b"this is not an android package\n" * 64
    files["truncated_half"] = valid[: len(valid) // 2]
    files["truncated_eocd"] = valid[:-10]
    cd_out = bytearray(valid)
    eocd = cd_out.rfind(b"PK\x05\x06")
    struct.pack_into("<I", cd_out, eocd + 16, len(valid) + 0x100000)
    files["cd_offset_out_of_range"] = bytes(cd_out)
    files["no_manifest"] = zip_entries({"classes.dex": _minimal_dex(), "assets/a.txt": b"a"})
    garbage = bytes((i * 7919 + 13) % 251 for i in range(4096))
    files["garbage_manifest"] = zip_entries(
        {"AndroidManifest.xml": garbage, "classes.dex": _minimal_dex()}
    )
    files["plain_xml_manifest"] = zip_entries(
        {
            "AndroidManifest.xml": manifest_xml(package="com.example.plain").encode(),
            "classes.dex": _minimal_dex(),
        }
    )
    files["axml_huge_string_count"] = zip_entries(
        {"AndroidManifest.xml": _axml_huge_string_count(), "classes.dex": _minimal_dex()}
    )
    files["axml_deep_nesting"] = zip_entries(
        {"AndroidManifest.xml": _axml_deep_nesting(50_000), "classes.dex": _minimal_dex()}
    )

    bomb, bomb_crc = zero_bomb(_BOMB_MIB)
    bomb_size = _BOMB_MIB * _MIB
    files["manifest_bomb"] = raw_zip(
        [
            RawEntry("AndroidManifest.xml", bomb, 8, bomb_crc, bomb_size),
            RawEntry.deflated("classes.dex", _minimal_dex()),
        ]
    )
    files["zip_bomb"] = raw_zip(
        [*_base_entries(), RawEntry("assets/bomb.bin", bomb, 8, bomb_crc, bomb_size)]
    )
    files["zip_bomb_lying_size"] = raw_zip(
        [*_base_entries(), RawEntry("assets/bomb.bin", bomb, 8, bomb_crc, 1024)]
    )
    base = _base_entries()
    shared = RawEntry("assets/bomb00.bin", bomb, 8, bomb_crc, bomb_size)
    shared_offset = sum(30 + len(e.name.encode()) + len(e.data) for e in base)
    files["zip_bomb_overlap"] = raw_zip(
        [*base, shared],
        extra_cd=[
            (RawEntry(f"assets/bomb{i:02d}.bin", bomb, 8, bomb_crc, bomb_size), shared_offset)
            for i in range(1, 16)
        ],
    )

    payload = b"written outside the work folder"
    files["path_traversal"] = raw_zip(
        [
            *_base_entries(),
            RawEntry.stored("../../ihsa_traversal_probe.txt", payload),
            RawEntry.stored("/tmp/ihsa_absolute_probe.txt", payload),
            RawEntry.stored("..\\..\\ihsa_backslash_probe.txt", payload),
            RawEntry.stored("assets/../../ihsa_nested_probe.txt", payload),
        ]
    )
    files["duplicate_entries"] = raw_zip(
        [
            *_base_entries(),
            RawEntry.deflated("AndroidManifest.xml", garbage),
            RawEntry.deflated("classes.dex", _minimal_dex()[:40]),
        ]
    )
    encrypted_flag = _base_entries()
    for entry in encrypted_flag:
        entry.flags |= 0x1
    files["fake_encryption"] = raw_zip(encrypted_flag)
    files["many_entries"] = zip_entries(
        {
            "AndroidManifest.xml": _manifest(),
            "classes.dex": _minimal_dex(),
            **{f"assets/many/{i:06d}": b"" for i in range(100_000)},
        }
    )

    def with_dex(dex: bytes) -> bytes:
        return zip_entries({"AndroidManifest.xml": _manifest(), "classes.dex": dex})

    files["dex_bad_offsets"] = with_dex(
        _dex_with_header(string_ids_off=0x7FFFFF00, map_off=0x7FFFFFF0, class_defs_off=0x10000000)
    )
    files["dex_huge_counts"] = with_dex(
        _dex_with_header(
            string_ids_size=0x80000000, method_ids_size=0x80000000, class_defs_size=0x7FFFFFFF
        )
    )
    full = _minimal_dex()
    files["dex_truncated"] = with_dex(full[: len(full) // 2])

    loop = ResourceTable("com.example.broken")
    loop.add("bool", "a", "@bool/b")
    loop.add("bool", "b", "@bool/a")
    files["arsc_reference_loop"] = zip_entries(
        {
            "AndroidManifest.xml": encode_axml(
                manifest_xml(package="com.example.broken", application={"debuggable": "@bool/a"}),
                resolve=loop.resolve,
            ),
            "classes.dex": _minimal_dex(),
            "resources.arsc": loop.encode(),
        }
    )
    zero_manifest, zero_arsc = _arsc_zero_size_chunk()
    files["arsc_zero_size_chunk"] = zip_entries(
        {
            "AndroidManifest.xml": zero_manifest,
            "classes.dex": _minimal_dex(),
            "resources.arsc": zero_arsc,
        }
    )

    unsigned = zip_entries({"AndroidManifest.xml": _manifest(), "classes.dex": _minimal_dex()})
    absurd = bytearray(signing_block([(V2_BLOCK_ID, b"\x00" * 16)]))
    struct.pack_into("<Q", absurd, len(absurd) - 24, 1 << 62)  # size field before the magic
    files["v2_block_absurd_size"] = insert_raw_block(unsigned, bytes(absurd))
    lengths = struct.pack("<IIIII", 0xFFFFFFF0, 0xFFFFFFF0, 0xFFFFFFF0, 0xFFFFFFF0, 0xFFFFFFF0)
    files["v2_signer_absurd_lengths"] = insert_signing_block(unsigned, [(V2_BLOCK_ID, lengths)])

    (directory / "_valid.apk").unlink()
    paths = {}
    for name, data in files.items():
        path = directory / f"{name}.apk"
        path.write_bytes(data)
        paths[name] = path
    assert set(paths) == set(MALFORMED_KINDS), set(paths) ^ set(MALFORMED_KINDS)
    return paths
