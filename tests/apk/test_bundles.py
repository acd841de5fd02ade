"""Bundles from markets (XAPK, APKS): the base APK is analysed, the splits inventoried."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.apk.errors import ApkError
from app.apk.pipeline import analyze_file
from app.cli.main import main
from tests.apk.builders.apk import build_apk, manifest_xml
from tests.apk.builders.malformed import RawEntry, raw_zip, zero_bomb

ELF_STUB = b"\x7fELF" + bytes(60)


def _bundle(folder: Path, name: str, members: dict[str, bytes]) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("manifest.json", json.dumps({"package_name": "cn.example.hospital"}))
        for member, data in members.items():
            out.writestr(member, data, compress_type=zipfile.ZIP_STORED)
    return path


@pytest.fixture
def base_apk(tmp_path: Path) -> bytes:
    manifest = manifest_xml(
        package="cn.example.hospital",
        version_code=42,
        application={"name": "com.stub.StubApp"},  # one Jiagu signal, in the base
    )
    return build_apk(tmp_path / "base.apk", manifest=manifest).read_bytes()


def test_xapk_analyses_the_base_and_inventories_the_splits(tmp_path: Path, base_apk: bytes) -> None:
    split = build_apk(
        tmp_path / "abi.apk",
        manifest=manifest_xml(package="cn.example.hospital"),
        files={"lib/arm64-v8a/libjiagu_a64.so": ELF_STUB},  # the second signal, in the split
        sign=None,
    ).read_bytes()
    bundle = _bundle(
        tmp_path,
        "hospital.xapk",
        {"config.arm64_v8a.apk": split, "cn.example.hospital.apk": base_apk},
    )
    result = analyze_file(bundle)
    assert result["file"]["name"] == "hospital.xapk"
    assert result["package"] == "cn.example.hospital" and result["version_code"] == 42
    assert result["signing"]["signature_valid"] is True
    assert result["bundle"]["format"] == "xapk"
    assert result["bundle"]["analysed"] == "cn.example.hospital.apk"
    assert result["bundle"]["splits"] == ["config.arm64_v8a.apk"]
    assert result["bundle"]["analysed_file"]["size"] == len(base_apk)
    assert [p["name"] for p in result["packers"]] == ["Qihoo 360 Jiagu"]


def test_apks_prefers_base_apk_and_notes_an_unreadable_split(
    tmp_path: Path, base_apk: bytes
) -> None:
    bundle = _bundle(
        tmp_path,
        "hospital.apks",
        {"splits/base.apk": base_apk, "splits/split_config.zh.apk": b"not a zip at all" * 4},
    )
    result = analyze_file(bundle)
    assert result["bundle"]["analysed"] == "splits/base.apk"
    assert result["package"] == "cn.example.hospital"
    (note,) = result["bundle"]["notes"]
    assert note.startswith("split splits/split_config.zh.apk not read")


def test_a_bundle_whose_base_is_broken_is_a_clear_error(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, "broken.xapk", {"base.apk": b"PK\x03\x04 truncated"})
    with pytest.raises(ApkError) as caught:
        analyze_file(bundle)
    assert "base.apk" in caught.value.message("en") or "Not an APK" in caught.value.message("en")


def test_cli_names_the_bundle_and_the_apk_it_analysed(
    tmp_path: Path, base_apk: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = _bundle(tmp_path, "hospital.xapk", {"base.apk": base_apk})
    assert main(["--lang", "en", "analyze", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "bundle: xapk, analysed base.apk" in out


def test_a_zip_bomb_posing_as_the_base_apk_stops_early(tmp_path: Path) -> None:
    bomb, crc = zero_bomb(512)  # 512 MiB of zeros, about 0.5 MiB on disk
    path = tmp_path / "bomb.apks"
    path.write_bytes(raw_zip([RawEntry("base.apk", bomb, 8, crc, 512 * 1024 * 1024)]))
    with pytest.raises(ApkError) as caught:
        analyze_file(path)
    assert "base.apk" in caught.value.message("en")
    assert not list(tmp_path.glob("**/base.apk"))  # nothing left behind
