"""Fixtures that build APKs into tmp_path (see tests/apk/builders/__init__.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.apk.builders import apk as apk_builder
from tests.apk.builders import malformed, samples


@pytest.fixture(scope="session", autouse=True)
def _quiet_androguard() -> None:
    """androguard logs DEBUG to stderr by default; its set_log may only run once."""
    from androguard.util import set_log

    with contextlib.suppress(ValueError):  # already silenced earlier in this session
        set_log("ERROR")


@pytest.fixture
def make_apk(tmp_path: Path) -> Callable[..., Path]:
    """make_apk(name="app.apk", **build_apk_kwargs) -> Path inside this test's tmp_path."""

    def make(name: str = "app.apk", **kwargs) -> Path:
        return apk_builder.build_apk(tmp_path, name=name, **kwargs)

    return make


@pytest.fixture
def vulnerable_apk(tmp_path: Path) -> Path:
    return samples.vulnerable_apk(tmp_path)


@pytest.fixture
def clean_apk(tmp_path: Path) -> Path:
    return samples.clean_apk(tmp_path)


@pytest.fixture
def debug_signed_apk(tmp_path: Path) -> Path:
    return samples.debug_signed_apk(tmp_path)


@pytest.fixture(scope="session")
def malformed_dir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The malformed corpus ({kind: path}), built once per session; see MALFORMED_KINDS."""
    return malformed.malformed_corpus(tmp_path_factory.mktemp("malformed"))
