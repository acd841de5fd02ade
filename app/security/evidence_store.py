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
from collections.abc import Iterable
from pathlib import Path

from app.errors import IntegrityError, NotFoundError, StorageError

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
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        except OSError as exc:
            raise os_error(exc, "证据库 / evidence store") from exc
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if target.exists() and self._hash_file(target) == sha:
                tmp.unlink()
            else:
                target.parent.mkdir(exist_ok=True)
                os.replace(tmp, target)
            return sha, size
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise os_error(exc, "证据库 / evidence store") from exc

    def fill(self, sha256: str, chunks: Iterable[bytes], mismatch: IntegrityError) -> bool:
        """Store bytes fetched from elsewhere (a shared database) if they hash to ``sha256``.

        Returns False when ``chunks`` is empty (nothing there); raises ``mismatch`` and
        keeps nothing when the bytes do not match, so a bad copy never enters the store.
        """
        target = self.path_for(sha256)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        except OSError as exc:
            raise os_error(exc, "证据库 / evidence store") from exc
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            received = False
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    received = True
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if not received:
                return False
            if digest.hexdigest() != sha256:
                raise mismatch
            target.parent.mkdir(exist_ok=True)
            os.replace(tmp, target)
            return True
        except OSError as exc:
            raise os_error(exc, "证据库 / evidence store") from exc
        finally:
            tmp.unlink(missing_ok=True)

    def read(self, sha256: str) -> bytes:
        """The stored bytes, verified against their hash."""
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise IntegrityError(
                f"证据文件缺失：{sha256}", f"evidence file missing from the store: {sha256}"
            ) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise self._mismatch(sha256)
        return data

    def verify(self, sha256: str) -> None:
        """Raise IntegrityError if the stored file is missing or altered."""
        path = self.path_for(sha256)
        if not path.is_file():
            raise IntegrityError(
                f"证据文件缺失：{sha256}", f"evidence file missing from the store: {sha256}"
            )
        if self._hash_file(path) != sha256:
            raise self._mismatch(sha256)

    def export(self, sha256: str, destination: Path) -> Path:
        """Write a verified copy to ``destination`` (for opening or previewing).

        Copied piece by piece beside the destination and put in place only once the
        hash matches, so a large file never sits whole in memory and a damaged one
        never appears under the destination's name.
        """
        source = self.path_for(sha256)
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=".export-", dir=destination.parent)
        except OSError as exc:
            raise os_error(exc, str(destination)) from exc
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:
                raise self._mismatch(sha256)
            os.replace(tmp, destination)
        except FileNotFoundError as exc:
            if exc.filename == str(source):
                raise IntegrityError(
                    f"证据文件缺失：{sha256}", f"evidence file missing from the store: {sha256}"
                ) from exc
            raise os_error(exc, str(destination)) from exc
        except OSError as exc:
            raise os_error(exc, str(destination)) from exc
        finally:
            tmp.unlink(missing_ok=True)
        return destination

    @staticmethod
    def _hash_file(path: Path) -> str:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    @staticmethod
    def _mismatch(sha256: str) -> IntegrityError:
        return IntegrityError(
            f"证据文件已被篡改或损坏（哈希不符）：{sha256}",
            f"evidence file was altered or corrupted (hash mismatch): {sha256}",
        )
