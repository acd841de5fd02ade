"""Rendered and signed reports shared by the report tests (rendering costs ~1 s)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.report.render import render_report
from app.report.sign import sign_pdf
from app.security.keystore import SigningIdentity, create_self_signed
from tests.report.factories import make_report_data

PASSPHRASE = "correct horse 42"


@pytest.fixture(scope="session")
def assessor(tmp_path_factory: pytest.TempPathFactory) -> SigningIdentity:
    path = tmp_path_factory.mktemp("certs") / "assessor.p12"
    return create_self_signed("张三", path, PASSPHRASE, org="某省卫生健康委员会")


@pytest.fixture(scope="session")
def reviewer(tmp_path_factory: pytest.TempPathFactory) -> SigningIdentity:
    path = tmp_path_factory.mktemp("certs") / "reviewer.p12"
    return create_self_signed("Li Si", path, PASSPHRASE, org="Regulator", key_type="rsa")


@pytest.fixture(scope="session")
def report_zh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zh") / "report.pdf"
    return render_report(make_report_data(lang="zh"), out)


@pytest.fixture(scope="session")
def report_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("en") / "report.pdf"
    return render_report(make_report_data(lang="en"), out)


@pytest.fixture(scope="session")
def signed_once(
    tmp_path_factory: pytest.TempPathFactory, report_zh: Path, assessor: SigningIdentity
) -> Path:
    out = tmp_path_factory.mktemp("signed") / "signed.pdf"
    sign_pdf(report_zh, assessor, out)
    return out


@pytest.fixture(scope="session")
def signed_twice(
    tmp_path_factory: pytest.TempPathFactory, signed_once: Path, reviewer: SigningIdentity
) -> Path:
    out = tmp_path_factory.mktemp("countersigned") / "countersigned.pdf"
    sign_pdf(signed_once, reviewer, out)
    return out


@pytest.fixture
def copy_of(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A private copy of a shared file, for tests that modify it."""

    def make(source: Path, name: str = "copy.pdf") -> Path:
        target = tmp_path / name
        shutil.copyfile(source, target)
        return target

    return make


def poppler(tool: str, *args: str) -> str:
    """Run a poppler utility, skipping the test when it is not installed."""
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
    return done.stdout + done.stderr
