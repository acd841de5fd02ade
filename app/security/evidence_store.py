"""Content-addressed evidence store: files are copied in and named by SHA-256.

The store never uses a user-supplied name in a path, so no name can escape it;
the same bytes are stored once; every read is checked against the hash.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.errors import IntegrityError, NotFoundError, StorageError

STORE = "证据库 / evidence store"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20


def safe_display_name(name: str) -> str:
    """The last path component of ``name`` with control characters removed."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = "".join(
        ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C"
    ).strip()
    if cleaned in ("", ".", ".."):
        return "unnamed"
    return cleaned[:255]


def os_error(exc: OSError, what: str) -> StorageError:
    """Turn an OSError into a one-line, specific storage error."""
    if exc.errno == errno.ENOSPC:
        return StorageError(f"磁盘空间已满，无法写入{what}", f"disk full: cannot write {what}")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(
            f"没有写入权限（只读）：{exc.filename or what}",
            f"no permission to write (read-only): {exc.filename or what}",
        )
    return StorageError(f"无法写入{what}：{exc.strerror}", f"cannot write {what}: {exc.strerror}")


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if not _HEX64.fullmatch(sha256):
            raise NotFoundError(f"无效的证据哈希：{sha256!r}", f"invalid evidence hash: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def add(self, source: Path) -> tuple[str, int]:
        """Copy ``source`` into the store; return (sha256, size). Idempotent."""
        if not source.is_file():
            raise NotFoundError(f"找不到证据文件：{source}", f"evidence file not found: {source}")
        try:
            with _hashed_copy(_pieces(source), self.root, STORE) as copy:
                target = self.path_for(copy.sha256)
                if not (target.exists() and self._hash_file(target) == copy.sha256):
                    target.parent.mkdir(exist_ok=True)
                    os.replace(copy.path, target)
                return copy.sha256, copy.size
        except OSError as exc:
            raise os_error(exc, STORE) from exc

    def fill(self, sha256: str, chunks: Iterable[bytes], mismatch: IntegrityError) -> bool:
        """Store bytes fetched from elsewhere (a shared database) if they hash to ``sha256``.

        Returns False when ``chunks`` is empty (nothing there); raises ``mismatch`` and
        keeps nothing when the bytes do not match, so a bad copy never enters the store.
        """
        target = self.path_for(sha256)
        try:
            with _hashed_copy(chunks, self.root, STORE) as copy:
                if not copy.pieces:
                    return False
                if copy.sha256 != sha256:
                    raise mismatch
                target.parent.mkdir(exist_ok=True)
                os.replace(copy.path, target)
                return True
        except OSError as exc:
            raise os_error(exc, STORE) from exc

    def read(self, sha256: str) -> bytes:
        """The stored bytes, verified against their hash."""
        try:
            data = self.path_for(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise self._missing(sha256) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise self._mismatch(sha256)
        return data

    def verify(self, sha256: str) -> None:
        """Raise IntegrityError if the stored file is missing or altered."""
        path = self.path_for(sha256)
        if not path.is_file():
            raise self._missing(sha256)
        if self._hash_file(path) != sha256:
            raise self._mismatch(sha256)

    def export(self, sha256: str, destination: Path) -> Path:
        """Write a verified copy to ``destination`` (for opening or previewing).

        Copied piece by piece beside the destination and put in place only once the
        hash matches, so a large file never sits whole in memory and a damaged one
        never appears under the destination's name.
        """
        source = self.path_for(sha256)
        if not source.is_file():
            raise self._missing(sha256)
        try:
            with _hashed_copy(
                _pieces(source), destination.parent, str(destination), export=True
            ) as copy:
                if copy.sha256 != sha256:
                    raise self._mismatch(sha256)
                os.replace(copy.path, destination)
        except OSError as exc:
            raise os_error(exc, str(destination)) from exc
        return destination

    @staticmethod
    def _hash_file(path: Path) -> str:
        digest = hashlib.sha256()
        for chunk in _pieces(path):
            digest.update(chunk)
        return digest.hexdigest()

    @staticmethod
    def _missing(sha256: str) -> IntegrityError:
        return IntegrityError(
            f"证据文件缺失：{sha256}", f"evidence file missing from the store: {sha256}"
        )

    @staticmethod
    def _mismatch(sha256: str) -> IntegrityError:
        return IntegrityError(
            f"证据文件已被篡改或损坏（哈希不符）：{sha256}",
            f"evidence file was altered or corrupted (hash mismatch): {sha256}",
        )


def _pieces(path: Path) -> Iterator[bytes]:
    with path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            yield chunk


@dataclass(frozen=True)
class _Copy:
    path: Path  # the temporary file
    sha256: str
    size: int
    pieces: int  # how many chunks arrived (an empty file is one empty chunk)


@contextmanager
def _hashed_copy(
    chunks: Iterable[bytes], folder: Path, what: str, *, export: bool = False
) -> Iterator[_Copy]:
    """Write ``chunks`` to a synced temporary file in ``folder``, hashing on the way.

    The caller moves the file into place if it wants it; whatever is left behind
    is removed, whatever happens. The store's folder is created when missing, an
    export's destination folder is not.
    """
    try:
        if not export:
            folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".export-" if export else ".incoming-", dir=folder)
    except OSError as exc:
        raise os_error(exc, what) from exc
    tmp = Path(name)
    try:
        digest = hashlib.sha256()
        size = pieces = 0
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                pieces += 1
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        yield _Copy(tmp, digest.hexdigest(), size, pieces)
    finally:
        tmp.unlink(missing_ok=True)
