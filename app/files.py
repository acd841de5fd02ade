"""Reading a file the user named, with the one-line bilingual error they see."""

from __future__ import annotations

from pathlib import Path

from app.errors import KnownError, StorageError


def read_user_file(path: Path, zh: str = "文件", en: str = "file") -> bytes:
    """All of ``path``; ``zh``/``en`` name what it is ("证书文件" / "certificate file")."""
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise KnownError(
            f"{zh}不存在：{path}", f"{en} not found: {path}", code="not_found"
        ) from err
    except OSError as err:
        raise StorageError(
            f"无法读取{zh} {path}：{err.strerror}", f"cannot read the {en} {path}: {err.strerror}"
        ) from err
