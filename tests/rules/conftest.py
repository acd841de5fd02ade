"""Fixtures of the rule-pack tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.packbuilder import two_domain_pack


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    return two_domain_pack(tmp_path / "pack")
