"""The low-level readers: ZIP directory, binary XML, resources.arsc, DEX tables, bytecode."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest

from app.apk.archive import ApkArchive, EntryTooLarge
from app.apk.arsc import ResourceTable as ArscReader
from app.apk.axml import TYPE_INT_BOOLEAN, parse_axml
from app.apk.bytecode import walk_method
from app.apk.codescan import DexScan
from app.apk.dex import DexFile, decode_mutf8, encode_mutf8
from app.apk.errors import ApkError, ParseError
from tests.apk.builders import DexBuilder, ResourceTable, encode_axml, manifest_xml
from tests.apk.builders import dex as asm


def _zip(path: Path, entries: list[tuple[str, bytes, int]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we want
        with zipfile.ZipFile(path, "w") as archive:
            for name, data, method in entries:
                archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


# -- ZIP -------------------------------------------------------------------------------


def test_archive_lists_entries_and_inflates_stored_and_deflated(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "a.apk",
        [("a.txt", b"stored", zipfile.ZIP_STORED), ("b.txt", b"x" * 5000, zipfile.ZIP_DEFLATED)],
    )
    with ApkArchive(path) as archive:
        assert archive.names() == ["a.txt", "b.txt"]
        assert archive.read("a.txt") == b"stored"
        assert archive.read("b.txt") == b"x" * 5000
        assert len(archive.sha256()) == 64


def test_duplicate_entries_keep_the_first_copy_and_are_noted(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "dup.apk",
        [("x.bin", b"first", zipfile.ZIP_STORED), ("x.bin", b"second", zipfile.ZIP_STORED)],
    )
    with ApkArchive(path) as archive:
        assert archive.read("x.bin") == b"first"
        assert archive.duplicates == ["x.bin"]
        assert any("duplicate" in note for note in archive.notes)


def test_inflation_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.apk", [("big", b"\0" * (4 << 20), zipfile.ZIP_DEFLATED)])
    with ApkArchive(bomb) as archive:
        assert archive.get("big").compressed_size < 64 * 1024
        with pytest.raises(EntryTooLarge):
            archive.read("big", cap=1 << 20)


@pytest.mark.parametrize("content", [b"", b"not a zip at all, just text" * 10])
def test_a_file_that_is_no_zip_is_an_apk_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.apk"
    path.write_bytes(content)
    with pytest.raises(ApkError):
        ApkArchive(path)


def test_missing_file_is_an_apk_error(tmp_path: Path) -> None:
    with pytest.raises(ApkError):
        ApkArchive(tmp_path / "missing.apk")


# -- binary XML and resources ------------------------------------------------------------


def test_axml_attributes_are_found_by_resource_id() -> None:
    document = parse_axml(encode_axml(manifest_xml(application={"debuggable": True})))
    application = document.root.find_children("application")[0]
    debuggable = application.attr(0x0101000F, "debuggable")
    assert debuggable is not None
    assert (debuggable.dtype, debuggable.data != 0) == (TYPE_INT_BOOLEAN, True)
    assert document.root.plain_attr("package").raw == "com.example.hospital"
    assert document.anomalies == []


def test_axml_that_is_plain_text_or_garbage_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_axml(b"<manifest/>")
    with pytest.raises(ParseError):
        parse_axml(b"\x03\x00\x08\x00\xff\xff\xff\xff")


def test_axml_truncated_after_the_root_keeps_what_was_read() -> None:
    data = encode_axml(manifest_xml(permissions=["android.permission.CAMERA"]))
    document = parse_axml(data[: len(data) - 30])
    assert document.root.tag == "manifest"
    assert document.notes  # the damaged tail is reported, not raised


def test_resource_table_resolves_default_configuration_values() -> None:
    table = ResourceTable("com.example.hospital")
    flag = table.add("bool", "flag", True)
    label = table.add("string", "label", "患者端")
    reader = ArscReader(table.encode())
    assert reader.resolve(flag).data != 0
    assert reader.resolve(label).string == "患者端"
    assert reader.resolve(0x7F7F0001) is None


# -- DEX ---------------------------------------------------------------------------------


def _crypto_dex() -> bytes:
    dex = DexBuilder()
    get_instance = "Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;"
    js = "Landroid/webkit/WebSettings;->setJavaScriptEnabled(Z)V"
    cls = dex.add_class("Lcom/example/app/Crypto;")
    cls.method(
        "make",
        "()Ljavax/crypto/Cipher;",
        [
            asm.const_string(0, "AES/ECB/PKCS5Padding"),
            asm.invoke_static(get_instance, 0),
            asm.move_result_object(0),
            asm.return_object(0),
        ],
        access=asm.ACC_PUBLIC | asm.ACC_STATIC,
    )
    cls.method(
        "web",
        "(Landroid/webkit/WebSettings;)V",
        [asm.const4(0, 0), asm.invoke_virtual(js, 2, 0), asm.return_void()],
        local_regs=1,
    )
    dex.add_class("Landroidx/core/Lib;").method("noop", "()V", [asm.return_void()])
    return dex.encode()


def test_dex_tables_lookups() -> None:
    dex = DexFile(_crypto_dex())
    assert "Lcom/example/app/Crypto;" in dex.class_descriptors()
    index = dex.find_string("AES/ECB/PKCS5Padding")
    assert index >= 0 and dex.string(index) == "AES/ECB/PKCS5Padding"
    assert dex.find_string("no such string") == -1
    assert dex.find_type("Ljavax/crypto/Cipher;") >= 0
    (method,) = dex.find_methods("Ljavax/crypto/Cipher;", ("getInstance",))
    assert dex.method_label(method) == "javax.crypto.Cipher.getInstance"


def test_walker_tracks_constant_arguments() -> None:
    dex = DexFile(_crypto_dex())
    scan = DexScan(dex, ("Landroidx/",))
    assert [scan.descriptors[c.index] for c in scan.app_classes()] == ["Lcom/example/app/Crypto;"]
    get_instance = set(dex.find_methods("Ljavax/crypto/Cipher;", ("getInstance",)))
    (method,) = scan.find_references(methods=get_instance)
    facts = walk_method(dex, method.method_idx, method.start, method.end)
    (call,) = facts.calls(get_instance)
    assert call.static and dex.string(call.args[0][1]) == "AES/ECB/PKCS5Padding"
    js = set(dex.find_methods("Landroid/webkit/WebSettings;", ("setJavaScriptEnabled",)))
    (web,) = scan.find_references(methods=js)
    (call,) = walk_method(dex, web.method_idx, web.start, web.end).calls(js)
    assert call.args[1] == ("int", 0)


def test_dex_with_tables_out_of_bounds_is_a_parse_error() -> None:
    data = bytearray(_crypto_dex())
    data[0x38:0x3C] = (0x7FFFFFF0).to_bytes(4, "little")  # string_ids_size
    with pytest.raises(ParseError):
        DexFile(bytes(data))
    with pytest.raises(ParseError):
        DexFile(b"PK\x03\x04 not dex")


def test_modified_utf8_round_trip() -> None:
    for text in ("plain", "中文", "nul\x00inside", "emoji 😀"):
        assert decode_mutf8(encode_mutf8(text)) == text
    assert encode_mutf8("\x00") == b"\xc0\x80"
