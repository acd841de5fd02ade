"""Fixtures that build APKs into tmp_path (see tests/apk/builders/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.apk.builders import apk as apk_builder
from tests.apk.builders import samples


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
