"""The command line with accounts: --user, passwords from the environment, user commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main
from tests.accounts.conftest import PASSWORDS


def test_first_admin_then_signed_in_commands(
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cheap_hashes: None,
) -> None:
    base = ["--db", db_url, "--data-dir", str(tmp_path / "d")]
    assert main([*base, "demo"]) == 0  # single-user mode: no password asked
    monkeypatch.setenv("IHSA_NEW_PASSWORD", PASSWORDS["alice"])
    assert main([*base, "user", "add", "alice", "--role", "admin", "--role", "reviewer"]) == 0
    capsys.readouterr()
    assert main([*base, "org", "add", "--name", "乙", "--credit-code", "91350100M000100Y43"]) == 1
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("IHSA_PASSWORD", PASSWORDS["alice"])
    monkeypatch.setenv("IHSA_NEW_PASSWORD", PASSWORDS["zhang"])
    assert main([*base, "--user", "alice", "user", "add", "zhang", "--role", "assessor"]) == 0
    monkeypatch.setenv("IHSA_PASSWORD", PASSWORDS["zhang"])
    assert main([*base, "--user", "zhang", "user", "whoami"]) == 0
    assert "zhang (assessor)" in capsys.readouterr().out
    assert main([*base, "--user", "zhang", "user", "list"]) == 0  # reading is allowed
    assert main([*base, "--user", "zhang", "user", "disable", "alice"]) == 1
    assert "管理员" in capsys.readouterr().err
    monkeypatch.setenv("IHSA_PASSWORD", "Wrong#Password-1")
    assert main([*base, "--user", "zhang", "user", "whoami"]) == 1
    assert "用户名或口令错误" in capsys.readouterr().err
    monkeypatch.delenv("IHSA_PASSWORD")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main([*base, "--user", "zhang", "user", "whoami"]) == 1
    assert "IHSA_PASSWORD" in capsys.readouterr().err
    assert main([*base, "audit", "list", "--action", "sign_in_failed"]) == 0
    assert "zhang" in capsys.readouterr().out
