"""Which files an analysis request names: files, folders of app files, or patterns."""

from __future__ import annotations

from pathlib import Path

from app.apk.bundle import FORMATS as BUNDLE_FORMATS
from app.errors import NotFoundError

APP_SUFFIXES = (".apk", *BUNDLE_FORMATS)


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the app files in it (a channel sweep), and a
    pattern such as ``channels\\*.apk`` is expanded here, since Windows shells do not."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in APP_SUFFIXES
            )
            if not found:
                raise NotFoundError(
                    f"文件夹中没有 APK 文件：{path}", f"no APK files in the folder: {path}"
                )
            files.extend(found)
        elif not path.exists() and any(ch in str(path) for ch in "*?["):
            found = sorted(p for p in path.parent.glob(path.name) if p.is_file())
            if not found:
                raise NotFoundError(f"没有匹配的文件：{path}", f"no file matches: {path}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise NotFoundError(f"找不到文件：{path}", f"file not found: {path}")
    return list(dict.fromkeys(files))
