"""The registry on the command line, as a regulator and an offline inspector use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.enums import Grade, Role
from app.security import accounts as passwords
from app.services.workspace import Workspace
from tests.registry.support import PASSPHRASE, approved_case, register_app


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_db(db_url: str, tmp_path: Path) -> tuple[str, Workspace]:
    ws = Workspace.open(db_url, data_dir=tmp_path / "ws")
    return db_url, ws


def test_status_issue_verify_offline_and_revoke(
    cli_db: tuple[str, Workspace],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, ws = cli_db
    _org, app = register_app(ws)
    base = ["--db", url, "--data-dir", str(ws.data_dir)]
    monkeypatch.setenv("REG_PASS", PASSPHRASE)

    code, _out, err = _run(
        capsys, *base, "app", "status", str(app.id), "suspended", "--reason", "试一试暂停"
    )
    assert code == 1 and "不能从「已登记」变为「已暂停」" in err
    code, out, _err = _run(
        capsys,
        *base,
        "app",
        "status",
        str(app.id),
        "active",
        "--reason",
        "线下审核通过",
        "--json",
    )
    assert code == 0 and json.loads(out)["to_status"] == "active"

    assert (
        _run(
            capsys,
            *base,
            "authz",
            "init-key",
            "--issuer",
            "示例省卫健委",
            "--passphrase-env",
            "REG_PASS",
        )[0]
        == 0
    )
    code, out, _err = _run(
        capsys,
        *base,
        "authz",
        "issue",
        str(app.id),
        "--days",
        "30",
        "--passphrase-env",
        "REG_PASS",
        "--json",
    )
    issued = json.loads(out)
    statement_file = tmp_path / "code.txt"
    statement_file.write_text(issued["statement"] + "\n")
    pem = tmp_path / "regulator.pem"
    assert _run(capsys, *base, "authz", "export-key", "--out", str(pem))[0] == 0

    # The inspector's laptop: no database, only the certificate and the code.
    code, out, _err = _run(
        capsys,
        "authz",
        "verify",
        "--file",
        str(statement_file),
        "--key",
        str(pem),
        "--offline",
        "--json",
    )
    report = json.loads(out)
    assert code == 0 and report["outcome"] == "valid" and report["limit"]
    assert report["statement"]["package"] == app.package
    tampered = tmp_path / "tampered.txt"
    text = issued["statement"]
    tampered.write_text(text[:40] + ("A" if text[40] != "A" else "B") + text[41:])
    code, out, _err = _run(
        capsys, "authz", "verify", "--file", str(tampered), "--key", str(pem), "--offline"
    )
    assert code == 3 and "✗" in out
    code, _out, err = _run(capsys, "authz", "verify", "--file", str(statement_file), "--offline")
    assert code == 1 and "--key" in err

    code, out, _err = _run(
        capsys, *base, "authz", "revoke", issued["code_id"], "--reason", "授权码泄露"
    )
    assert code == 0
    code, out, _err = _run(capsys, *base, "--lang", "en", "authz", "verify", issued["code_id"])
    assert code == 3 and "revoked" in out


def test_show_and_rectification_steps(
    cli_db: tuple[str, Workspace], capsys: pytest.CaptureFixture[str]
) -> None:
    url, ws = cli_db
    _org, app = register_app(ws)
    approved_case(ws, app, Grade.B)
    base = ["--db", url, "--data-dir", str(ws.data_dir)]
    code, out, _err = _run(capsys, *base, "app", "show", str(app.id), "--json")
    shown = json.loads(out)
    assert code == 0 and shown["indicators"]["open_rectifications"] == 3
    assert shown["history"][0]["to_status"] == "active"
    code, out, _err = _run(capsys, *base, "app", "show", str(app.id))
    assert "3 open, 0 overdue" in out and "已接入" in out

    code, out, _err = _run(
        capsys, *base, "rectify", "list", "--app", str(app.id), "--state", "open", "--json"
    )
    first = json.loads(out)[0]["id"]
    steps = [
        ("fix", str(first), "--note", "已修复口令策略", "--evidence", "证据 7"),
        ("verify", str(first)),
    ]
    for step in steps:
        assert _run(capsys, *base, "rectify", *step)[0] == 0
    code, _out, err = _run(
        capsys, *base, "rectify", "waive", str(first), "--justification", "已不需要此项"
    )
    assert code == 1 and "整改项" in err
    code, out, _err = _run(capsys, *base, "rectify", "show", str(first), "--json")
    assert [s["action"] for s in json.loads(out)["history"]] == ["create", "fix", "verify"]


def test_every_new_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = [
        ["app", "status"],
        ["app", "show"],
        ["app", "history"],
        ["authz"],
        ["authz", "init-key"],
        ["authz", "issue"],
        ["authz", "verify"],
        ["authz", "export-key"],
        ["authz", "revoke"],
        ["authz", "list"],
        ["rectify"],
        ["rectify", "list"],
        ["rectify", "fix"],
        ["rectify", "verify"],
        ["rectify", "reopen"],
        ["rectify", "waive"],
        ["rectify", "show"],
    ]
    for command in commands:
        with pytest.raises(SystemExit) as done:
            main([*command, "--help"])
        assert done.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_the_demo_shows_a_regulator_history_a_code_and_rectifications(
    cli_db: tuple[str, Workspace], capsys: pytest.CaptureFixture[str]
) -> None:
    url, ws = cli_db
    base = ["--db", url, "--data-dir", str(ws.data_dir)]
    for _ in range(2):  # idempotent
        assert _run(capsys, *base, "demo", "--regulator")[0] == 0
    app = ws.applications.list()[0]
    assert [h.to_status.value for h in ws.registry.history(app.id)] == [
        "active",
        "suspended",
        "active",
    ]
    assert ws.registry.indicators(app.id).code_state == "valid"
    assert sorted(r.status for r in ws.rectifications.list()) == ["fixed", "open", "verified"]
    assert len(ws.cases.list()) == 2


def test_signed_in_commands_act_as_the_account_and_no_one_else(
    cli_db: tuple[str, Workspace],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, ws = cli_db
    monkeypatch.setattr(passwords, "CURRENT", passwords.HashParameters(10, 8, 1))  # fast
    _org, app = register_app(ws)
    approved_case(ws, app, Grade.B)
    first = ws.rectifications.list()[0].id
    ws.accounts.create("chief", "Head#Office-2026", (Role.ADMIN,))
    ws.accounts.create("zhang", "Field#Inspect-26", (Role.ASSESSOR,))
    ws.accounts.create("wu", "Quiet#Review-77", (Role.REVIEWER,))
    base = ["--db", url, "--data-dir", str(ws.data_dir)]

    with pytest.raises(SystemExit) as usage:  # nobody can claim another name
        main([*base, "rectify", "fix", str(first), "--note", "已修复口令策略", "--by", "wu"])
    assert usage.value.code == 2
    capsys.readouterr()
    monkeypatch.setenv("IHSA_PASSWORD", "Field#Inspect-26")
    as_zhang = [*base, "--user", "zhang", "rectify"]
    assert _run(capsys, *as_zhang, "fix", str(first), "--note", "医院报告：已修复口令策略")[0] == 0
    code, _out, err = _run(capsys, *as_zhang, "verify", str(first))
    assert code == 1 and "zhang 无权执行此操作（需要复核员、管理员角色）" in err
    code, _out, err = _run(
        capsys, *base, "--user", "zhang", "authz", "init-key", "--issuer", "示例省卫健委"
    )
    assert code == 1 and "需要管理员角色" in err  # refused before any passphrase prompt
    monkeypatch.setenv("IHSA_PASSWORD", "Quiet#Review-77")
    assert _run(capsys, *base, "--user", "wu", "rectify", "verify", str(first))[0] == 0
    code, out, _err = _run(capsys, *base, "rectify", "show", str(first), "--json")
    assert [(s["action"], s["actor"]) for s in json.loads(out)["history"][1:]] == [
        ("fix", "zhang"),
        ("verify", "wu"),
    ]
