"""App bundles from markets (XAPK, APKS, APKM): several APKs in one ZIP.

Markets ship split apps as a ZIP holding a base APK and configuration splits
(ABI, screen density, language). The manifest, the code and the signature live
in the base APK, so that is what we analyse; the splits' entry names join the
packer and SDK inventory, because protectors ship their native libraries in the
ABI split. Nothing is installed or executed: the base APK is copied out of the
bundle into a temporary folder and read like any other file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from app.apk.archive import ApkArchive, ZipEntry
from app.apk.errors import ApkError, ParseError

MANIFEST = "AndroidManifest.xml"
FORMATS = {".xapk": "xapk", ".apks": "apks", ".apkm": "apkm"}
SPLIT_PREFIXES = ("config.", "split_")
# An APK inside a bundle may not inflate beyond this, nor beyond RATIO times its
# compressed size (an APK is compressed content already: real ratios are below 3),
# so a zip bomb stops after a few megabytes instead of filling the disk.
APK_CAP = 1024 * 1024 * 1024
RATIO = 20
RATIO_FLOOR = 64 * 1024 * 1024


@dataclass
class Bundle:
    format: str  # xapk, apks, apkm, or bundle for another name
    apks: list[str]  # every APK in the bundle, in archive order
    base: str  # the one analysed
    split_entry_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def splits(self) -> list[str]:
        return [name for name in self.apks if name != self.base]

    def to_json(self) -> dict:
        return {
            "format": self.format,
            "apks": list(self.apks),
            "analysed": self.base,
            "splits": self.splits,
            "notes": list(self.notes),
        }


def find_bundle(archive: ApkArchive) -> Bundle | None:
    """The bundle layout of ``archive``, or None for an ordinary APK."""
    if MANIFEST in archive:
        return None
    apks = [name for name in archive.names() if name.lower().endswith(".apk")]
    if not apks:
        return None
    return Bundle(FORMATS.get(archive.path.suffix.lower(), "bundle"), apks, _base(archive, apks))


def _base(archive: ApkArchive, apks: list[str]) -> str:
    for name in apks:
        if PurePosixPath(name).name.lower() == "base.apk":
            return name
    whole = [n for n in apks if not PurePosixPath(n).name.lower().startswith(SPLIT_PREFIXES)]
    return max(whole or apks, key=lambda n: _entry(archive, n).size)


def _entry(archive: ApkArchive, name: str) -> ZipEntry:
    entry = archive.get(name)
    assert entry is not None, name  # names come from the archive itself
    return entry


def extract(archive: ApkArchive, name: str, folder: Path, as_name: str) -> Path:
    """Copy one APK out of the bundle into ``folder``, piece by piece."""
    target = folder / as_name
    entry = _entry(archive, name)
    cap = min(APK_CAP, max(RATIO_FLOOR, RATIO * entry.compressed_size))
    try:
        with open(target, "wb") as out:
            for piece in archive.stream(entry, cap=cap):
                out.write(piece)
    except ParseError as exc:
        raise ApkError(
            f"安装包组 {archive.path.name} 中的 {name} 无法读取:{exc}",
            f"{name} inside the bundle {archive.path.name} cannot be read: {exc}",
        ) from exc
    except OSError as exc:
        raise ApkError(
            f"无法从安装包组 {archive.path.name} 取出 {name}:{exc.strerror or exc}",
            f"cannot copy {name} out of the bundle {archive.path.name}: {exc.strerror or exc}",
        ) from exc
    return target


def read_split_names(archive: ApkArchive, bundle: Bundle, folder: Path) -> None:
    """Add every split's entry names to ``bundle``; a split we cannot read is a note."""
    for index, name in enumerate(bundle.splits):
        try:
            path = extract(archive, name, folder, f"split-{index}.apk")
            with ApkArchive(path) as split:
                bundle.split_entry_names.extend(split.names())
            path.unlink()
        except ApkError as exc:
            bundle.notes.append(f"split {name} not read: {exc.message('en')}")
