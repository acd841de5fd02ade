"""ZIP reading the way Android reads an APK: central directory first, in memory, capped.

We do not use ``zipfile``: it trusts local headers (hostile APKs make them disagree
with the central directory, which Android ignores), rejects the "encrypted" flag
(Android ignores it too) and cannot bound how much an entry inflates to. Entries
are never extracted to disk.
"""

from __future__ import annotations

import hashlib
import mmap
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.apk.errors import ApkError, ParseError

EOCD_SIG = b"PK\x05\x06"
ZIP64_LOCATOR_SIG = b"PK\x06\x07"
ZIP64_EOCD_SIG = b"PK\x06\x06"
CENTRAL_SIG = b"PK\x01\x02"
LOCAL_SIG = b"PK\x03\x04"
SIG_BLOCK_MAGIC = b"APK Sig Block 42"

# An entry may inflate to at most this many bytes (zip-bomb guard). DEX files of
# large apps stay well below; anything bigger is reported, not read.
DEFAULT_ENTRY_CAP = 256 * 1024 * 1024

_CENTRAL = struct.Struct("<4s6H3L5H2L")
_LOCAL = struct.Struct("<4s5H3L2H")


@dataclass(frozen=True)
class ZipEntry:
    name: str
    method: int
    compressed_size: int
    size: int
    crc: int
    local_offset: int
    flags: int


class EntryTooLarge(ParseError):
    """An entry inflates beyond the cap."""


class ApkArchive:
    """Read-only view of a ZIP file held in a memory map."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            with open(self.path, "rb") as handle:
                self.size = self.path.stat().st_size
                if self.size < 22:
                    raise ApkError(
                        f"不是 APK 文件(文件过小:{self.size} 字节):{self.path.name}",
                        f"Not an APK (file too small: {self.size} bytes): {self.path.name}",
                    )
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as exc:
            raise ApkError(
                f"无法读取文件 {self.path.name}:{exc.strerror or exc}",
                f"Cannot read {self.path.name}: {exc.strerror or exc}",
            ) from exc
        self.notes: list[str] = []
        self.duplicates: list[str] = []
        self.entries: list[ZipEntry] = []
        self._by_name: dict[str, ZipEntry] = {}
        self.central_offset = 0
        self.eocd_offset = 0
        self._digests_wanted: dict[str, str] = {}
        self.entry_digests: dict[str, tuple[str, bytes]] = {}  # name -> (hash name, digest)
        self._parse_central_directory()

    def close(self) -> None:
        self._map.close()

    def __enter__(self) -> ApkArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- whole file -------------------------------------------------------------

    def sha256(self) -> str:
        return hashlib.sha256(self._map).hexdigest()

    def view(self, start: int, end: int) -> bytes:
        start, end = max(0, start), min(self.size, end)
        return self._map[start:end] if end > start else b""

    # -- directory --------------------------------------------------------------

    def _not_zip(self, why_zh: str, why_en: str) -> ApkError:
        return ApkError(
            f"不是有效的 APK(ZIP 结构损坏:{why_zh}):{self.path.name}",
            f"Not a valid APK (broken ZIP structure: {why_en}): {self.path.name}",
        )

    def _parse_central_directory(self) -> None:
        mm = self._map
        tail_start = max(0, self.size - (65535 + 22))
        eocd = mm.rfind(EOCD_SIG, tail_start)
        if eocd < 0 or eocd + 22 > self.size:
            raise self._not_zip("找不到中央目录结尾记录", "no end-of-central-directory record")
        self.eocd_offset = eocd
        (_, _, _, _, count, cd_size, cd_offset, _) = struct.unpack_from("<4s4H2LH", mm, eocd)
        if count == 0xFFFF or cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF:
            count, cd_size, cd_offset = self._zip64_directory(eocd, count, cd_size, cd_offset)
        if cd_offset + cd_size > eocd or cd_offset >= self.size:
            raise self._not_zip("中央目录越界", "central directory out of bounds")
        self.central_offset = cd_offset
        pos, end = cd_offset, cd_offset + cd_size
        while pos + _CENTRAL.size <= end:
            fields = _CENTRAL.unpack_from(mm, pos)
            if fields[0] != CENTRAL_SIG:
                self.notes.append(f"central directory: bad record signature at offset {pos}")
                break
            flags, method = fields[3], fields[4]
            crc, csize, usize = fields[7], fields[8], fields[9]
            name_len, extra_len, comment_len = fields[10], fields[11], fields[12]
            local_offset = fields[16]
            raw_name = mm[pos + 46 : pos + 46 + name_len]
            name = raw_name.decode("utf-8", "replace")
            entry = ZipEntry(name, method, csize, usize, crc, local_offset, flags)
            if name in self._by_name:
                self.duplicates.append(name)
            else:
                self._by_name[name] = entry
            self.entries.append(entry)
            pos += 46 + name_len + extra_len + comment_len
        if len(self.entries) != count and count != 0xFFFF:
            self.notes.append(
                f"central directory lists {len(self.entries)} entries, end record says {count}"
            )
        if self.duplicates:
            shown = ", ".join(sorted(set(self.duplicates))[:5])
            self.notes.append(f"duplicate ZIP entries (first copy used): {shown}")

    def _zip64_directory(
        self, eocd: int, count: int, cd_size: int, cd_offset: int
    ) -> tuple[int, int, int]:
        locator = eocd - 20
        if locator < 0 or self._map[locator : locator + 4] != ZIP64_LOCATOR_SIG:
            return count, cd_size, cd_offset
        (record_offset,) = struct.unpack_from("<Q", self._map, locator + 8)
        if record_offset + 56 > self.size:
            raise self._not_zip("ZIP64 记录越界", "ZIP64 record out of bounds")
        if self._map[record_offset : record_offset + 4] != ZIP64_EOCD_SIG:
            raise self._not_zip("ZIP64 记录签名错误", "bad ZIP64 record signature")
        count, cd_size, cd_offset = struct.unpack_from("<QQQ", self._map, record_offset + 32)
        return count, cd_size, cd_offset

    def names(self) -> list[str]:
        return [entry.name for entry in self.entries]

    def get(self, name: str) -> ZipEntry | None:
        return self._by_name.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    # -- entry data -------------------------------------------------------------

    def want_digests(self, wanted: dict[str, str]) -> None:
        """Hash these entries (name -> hashlib name) whenever they are read whole, into
        ``entry_digests``, so the v1 signature check need not inflate them a second time."""
        self._digests_wanted.update(wanted)

    def read(self, name_or_entry: str | ZipEntry, cap: int = DEFAULT_ENTRY_CAP) -> bytes:
        """Inflate one entry, at most ``cap`` bytes; raises ParseError on damage."""
        entry = name_or_entry if isinstance(name_or_entry, ZipEntry) else self.get(name_or_entry)
        if entry is None:
            raise ParseError(f"no entry {name_or_entry!r}")
        start = self._data_start(entry)
        end = start + entry.compressed_size
        if end > self.size:
            raise ParseError(f"{entry.name}: data runs past the end of the file")
        raw = self._map[start:end]
        if entry.method == 0:
            if len(raw) > cap:
                raise EntryTooLarge(f"{entry.name}: {len(raw)} bytes exceeds the {cap} byte cap")
            self._tap(entry, raw)
            return raw
        if entry.method != 8:
            raise ParseError(f"{entry.name}: unsupported compression method {entry.method}")
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(raw, cap)
        except zlib.error as exc:
            raise ParseError(f"{entry.name}: cannot inflate ({exc})") from exc
        if inflater.unconsumed_tail:
            raise EntryTooLarge(f"{entry.name}: inflates beyond the {cap} byte cap")
        self._tap(entry, data)
        return data

    def _tap(self, entry: ZipEntry, data: bytes) -> None:
        hash_name = self._digests_wanted.get(entry.name)
        if hash_name and entry is self._by_name.get(entry.name):  # first copy, as verified
            self.entry_digests[entry.name] = (hash_name, hashlib.new(hash_name, data).digest())

    def stream(
        self, entry: ZipEntry, cap: int = DEFAULT_ENTRY_CAP, piece: int = 1024 * 1024
    ) -> Iterator[bytes]:
        """Inflate one entry piece by piece (at most ``piece`` bytes each, ``cap`` in all),
        so hashing a large entry never holds it whole; raises ParseError on damage."""
        start = self._data_start(entry)
        end = start + entry.compressed_size
        if end > self.size:
            raise ParseError(f"{entry.name}: data runs past the end of the file")
        if entry.method == 0:
            if entry.compressed_size > cap:
                raise EntryTooLarge(f"{entry.name}: {entry.compressed_size} bytes exceeds the cap")
            for offset in range(start, end, piece):
                yield self._map[offset : min(end, offset + piece)]
            return
        if entry.method != 8:
            raise ParseError(f"{entry.name}: unsupported compression method {entry.method}")
        inflater = zlib.decompressobj(-15)
        produced = 0
        try:
            for offset in range(start, end, piece):
                data = inflater.decompress(self._map[offset : min(end, offset + piece)], piece)
                while True:
                    produced += len(data)
                    if produced > cap:
                        raise EntryTooLarge(f"{entry.name}: inflates beyond the {cap} byte cap")
                    if data:
                        yield data
                    if not inflater.unconsumed_tail:
                        break
                    data = inflater.decompress(inflater.unconsumed_tail, piece)
            tail = inflater.flush()
        except zlib.error as exc:
            raise ParseError(f"{entry.name}: cannot inflate ({exc})") from exc
        if produced + len(tail) > cap:
            raise EntryTooLarge(f"{entry.name}: inflates beyond the {cap} byte cap")
        if tail:
            yield tail

    def _data_start(self, entry: ZipEntry) -> int:
        offset = entry.local_offset
        header = self._map[offset : offset + _LOCAL.size]
        if len(header) < _LOCAL.size or header[:4] != LOCAL_SIG:
            raise ParseError(f"{entry.name}: bad local header at offset {offset}")
        name_len, extra_len = struct.unpack_from("<2H", header, 26)
        return offset + _LOCAL.size + name_len + extra_len

    # -- APK Signing Block ------------------------------------------------------

    def signing_block(self) -> bytes | None:
        """The APK Signing Block's pairs area (between the two size fields), if present."""
        cd = self.central_offset
        if cd < 32:
            return None
        footer = self._map[cd - 24 : cd]
        if footer[8:] != SIG_BLOCK_MAGIC:
            return None
        (size,) = struct.unpack_from("<Q", footer, 0)
        start = cd - size - 8
        if size < 24 or start < 0:
            raise ParseError("APK Signing Block: size field out of bounds")
        (size_again,) = struct.unpack_from("<Q", self._map, start)
        if size_again != size:
            raise ParseError("APK Signing Block: the two size fields differ")
        return self._map[start + 8 : cd - 24]
