"""Reading and writing files the user named, with the one-line bilingual error they see."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def written_in_place_of(path: Path, zh: str = "文件", en: str = "file") -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it only when the block succeeds.

    A failed or cancelled write never leaves half a file under the user's name;
    ``zh``/``en`` name what is written in the error ("统计报告" / "statistics report").
    """
    try:
        handle, name = tempfile.mkstemp(prefix=".ihsa-", suffix=path.suffix, dir=path.parent)
        os.close(handle)
    except OSError as err:
        raise _write_error(path, zh, en, err) from err
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, path)
    except OSError as err:
        raise _write_error(path, zh, en, err) from err
    finally:
        temp.unlink(missing_ok=True)


def unused_path(folder: Path, stem: str, suffix: str) -> Path:
    """``<stem><suffix>`` in ``folder``, or ``<stem>-2<suffix>``… so no file is replaced."""
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def _write_error(path: Path, zh: str, en: str, err: OSError) -> StorageError:
    return StorageError(
        f"无法写入{zh} {path}：{err.strerror or err}",
        f"cannot write the {en} {path}: {err.strerror or err}",
    )
