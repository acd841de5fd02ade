"""The bundle file: a ZIP with the manifest, its signature and the evidence files.

Reading is defensive: only the names a bundle can hold are accepted (so no entry
name ever becomes a path), every size is bounded before anything is inflated,
and evidence is streamed in pieces, never held whole in memory.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from app.errors import IntegrityError, KnownError, NotFoundError, StorageError, ValidationError
from app.handover.manifest import EVIDENCE_PREFIX, MANIFEST_NAME, SIGNATURE_NAME

CHUNK_BYTES = 1 << 20
MAX_MANIFEST_BYTES = 64 << 20
MAX_ENTRIES = 100_000
_EVIDENCE_NAME = re.compile(re.escape(EVIDENCE_PREFIX) + r"[0-9a-f]{64}")
_SAMPLE_BYTES = 64 << 10
# Deflate a file only when a sample shrinks by at least this much: screenshots,
# PDFs and APKs are compressed already and would only cost time.
_WORTH_COMPRESSING = 0.9
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ValueError)


def damaged(name: str) -> IntegrityError:
    return IntegrityError(
        f"交接包已损坏或不完整（{name} 无法读取）",
        f"the bundle is damaged or incomplete ({name} cannot be read)",
    )


class BundleWriter:
    """Adds entries to a new bundle written to ``handle``."""

    def __init__(self, handle: BinaryIO) -> None:
        self._zip = zipfile.ZipFile(handle, "w", allowZip64=True)

    def add_bytes(self, name: str, data: bytes, *, compress: bool) -> None:
        method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        self._zip.writestr(name, data, compress_type=method)

    def add_stream(self, name: str, size: int, chunks: Iterable[bytes]) -> int:
        """Write ``chunks`` (``size`` bytes) as ``name``; returns the bytes written."""
        pieces = iter(chunks)
        first = next(pieces, b"")
        info = zipfile.ZipInfo(name)
        info.file_size = size  # lets zipfile choose ZIP64 up front for large files
        sample = first[:_SAMPLE_BYTES]
        squeezed = len(zlib.compress(sample, 1)) if sample else 0
        compress = bool(sample) and squeezed < _WORTH_COMPRESSING * len(sample)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        with self._zip.open(info, "w", force_zip64=size > 0x7FFFFFFF) as out:
            out.write(first)
            written = len(first)
            for chunk in pieces:
                out.write(chunk)
                written += len(chunk)
        return written

    def close(self) -> None:
        self._zip.close()


class BundleReader:
    """An opened bundle whose list of entries has been checked."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._handle = self.path.open("rb")
        except FileNotFoundError:
            raise NotFoundError(
                f"交接包不存在：{self.path}", f"bundle not found: {self.path}"
            ) from None
        except OSError as err:
            raise StorageError(
                f"无法读取交接包 {self.path}：{err.strerror}",
                f"cannot read the bundle {self.path}: {err.strerror}",
            ) from err
        try:
            self._zip = zipfile.ZipFile(self._handle)
            self.entries = self._checked_entries()
        except KnownError:
            self.close()
            raise
        except (*_DAMAGED, OSError):
            self.close()
            raise ValidationError(
                f"不是案件交接包，或文件已损坏、不完整：{self.path.name}",
                f"not a case bundle, or the file is damaged or incomplete: {self.path.name}",
            ) from None

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        zip_file = getattr(self, "_zip", None)
        if zip_file is not None:
            zip_file.close()
        self._handle.close()

    def _checked_entries(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ValidationError(
                f"交接包含有过多文件（{len(infos)} 个）",
                f"the bundle holds too many files ({len(infos)})",
            )
        entries: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            allowed = name in (MANIFEST_NAME, SIGNATURE_NAME) or _EVIDENCE_NAME.fullmatch(name)
            if not allowed:
                raise ValidationError(
                    f"交接包含有不应存在的文件：{name!r}",
                    f"the bundle holds an unexpected file: {name!r}",
                )
            if name in entries:
                raise ValidationError(f"交接包中文件重复：{name}", f"the bundle holds {name} twice")
            if info.flag_bits & 0x1:
                raise ValidationError(
                    f"交接包中的文件被加密：{name}", f"a file in the bundle is encrypted: {name}"
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ValidationError(
                    f"交接包中的文件使用了不支持的压缩方式：{name}",
                    f"a file in the bundle uses an unsupported compression: {name}",
                )
            entries[name] = info
        if MANIFEST_NAME not in entries:
            raise ValidationError(
                f"不是案件交接包（缺少 {MANIFEST_NAME}）：{self.path.name}",
                f"not a case bundle (no {MANIFEST_NAME}): {self.path.name}",
            )
        return entries

    def evidence_names(self) -> set[str]:
        return {name for name in self.entries if name.startswith(EVIDENCE_PREFIX)}

    def read_small(self, name: str, limit: int) -> bytes:
        """A whole entry that must stay below ``limit`` bytes (manifest, signature)."""
        info = self.entries[name]
        if info.file_size > limit:
            raise ValidationError(
                f"交接包中的 {name} 大小异常（{info.file_size} 字节）",
                f"{name} in the bundle has an implausible size ({info.file_size} bytes)",
            )
        return b"".join(self.stream(name, info.file_size))

    def stream(self, name: str, size: int) -> Iterator[bytes]:
        """The entry's bytes in pieces; exactly ``size`` of them, or an error.

        The count is enforced here, whatever the ZIP headers claim, so a file that
        inflates beyond what the manifest declares (a ZIP bomb) stops at once.
        """
        info = self.entries[name]
        if info.file_size != size:
            raise IntegrityError(
                f"交接包中 {name} 的大小与清单不符",
                f"the size of {name} disagrees with the manifest",
            )
        total = 0
        try:
            with self._zip.open(info) as source:
                while chunk := source.read(CHUNK_BYTES):
                    total += len(chunk)
                    if total > size:
                        raise IntegrityError(
                            f"交接包中 {name} 解压后超过声明的大小（可能是压缩炸弹）",
                            f"{name} in the bundle inflates beyond its declared size (a ZIP bomb?)",
                        )
                    yield chunk
        except _DAMAGED:
            raise damaged(name) from None
        except OSError as err:
            raise StorageError(
                f"无法读取交接包 {self.path}：{err.strerror}",
                f"cannot read the bundle {self.path}: {err.strerror}",
            ) from err
        if total != size:
            raise damaged(name)
