"""`ihsa incident` and `ihsa stats` as a user runs them, bad input included."""

from __future__ import annotations

import getpass
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.cli.main import build_parser, main
from app.services.workspace import Workspace
from tests.accounts.conftest import PASSWORDS
from tests.incidents.conftest import Hospital


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("IHSA_DB_URL", db_url)
    return db_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_help_for_every_incident_and_stats_command(capsys: pytest.CaptureFixture[str]) -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in ("incident", "stats"):
        verbs = next(a for a in sub.choices[command]._actions if a.dest == "action").choices
        assert verbs
        for argv in ([command], *([command, verb] for verb in verbs)):
            with pytest.raises(SystemExit) as info:
                main([*argv, "--help"])
            assert info.value.code == 0 and "usage: ihsa" in capsys.readouterr().out


@pytest.mark.usefixtures("cli_db")
def test_record_notify_deliver_close(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert (
        run(
            capsys,
            "org",
            "add",
            "--name",
            "甲医院",
            "--credit-code",
            "123301004700123455",
            "--contact",
            "王敏,科长,0571-1,wm@a.example.cn",
        )[0]
        == 0
    )
    code, out, _ = run(
        capsys,
        "incident",
        "add",
        "--org",
        "1",
        "--title",
        "问诊记录泄露",
        "--category",
        "data_leak",
        "--severity",
        "medium",
        "--discovered",
        "2025-01-05 09:30",
        "--json",
    )
    incident = json.loads(out)
    assert (
        code == 0 and incident["status"] == "open" and incident["recorded_by"] == getpass.getuser()
    )
    assert incident["overdue"] == ["notice"]  # discovered long ago, not notified
    code, out, _ = run(capsys, "incident", "overdue")
    assert code == 3 and "问诊记录泄露" in out
    letter = tmp_path / "letter.pdf"
    code, out, _ = run(capsys, "incident", "notify", "1", "--out", str(letter))
    assert code == 0 and letter.read_bytes().startswith(b"%PDF")
    assert "notification 1: 王敏 (contact) — to deliver" in out
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True)
        assert "Security Incident Notice" in text.stdout and "甲医院" in text.stdout
    code, out, err = run(capsys, "incident", "close", "1", "--resolution", "已处置")
    assert code == 1 and "notify the organisation" in err
    code, out, _ = run(capsys, "incident", "delivered", "1")
    assert code == 0 and "[notified" in out
    assert run(capsys, "incident", "overdue")[0] == 0
    code, out, _ = run(capsys, "incident", "close", "1", "--resolution", "已处置")
    assert code == 0 and "closed" in out
    code, out, _ = run(capsys, "incident", "show", "1")
    assert "history:" in out and "Closed" in out and "王敏" in out
    code, out, _ = run(capsys, "incident", "list", "--status", "closed", "--json")
    assert [i["id"] for i in json.loads(out)] == [1]
    code, out, _ = run(
        capsys, "stats", "show", "--from", "2025-01-01", "--to", "2025-01-31", "--json"
    )
    figures = json.loads(out)
    # as of the end of January the notice had not been delivered (it was, much later)
    assert figures["incidents"]["total"] == 1 and figures["incidents"]["notice_missing"] == 1
    report = tmp_path / "q1.pdf"
    code, out, _ = run(capsys, "stats", "report", "--period", "2025-Q1", "--out", str(report))
    assert code == 0 and report.read_bytes().startswith(b"%PDF") and "written" in out


@pytest.mark.usefixtures("cli_db")
def test_phone_notice_is_printed_and_delivered_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    run(
        capsys,
        "org",
        "add",
        "--name",
        "甲医院",
        "--credit-code",
        "123301004700123455",
        "--contact",
        "王敏,科长,0571-1",
    )
    run(
        capsys,
        "incident",
        "add",
        "--org",
        "1",
        "--title",
        "服务中断",
        "--category",
        "outage",
        "--severity",
        "low",
    )
    code, out, _ = run(
        capsys,
        "incident",
        "notify",
        "1",
        "--channel",
        "phone",
        "--delivered",
        "--letter-lang",
        "zh",
    )
    assert code == 0 and "电话通报要点" in out and "delivered" in out


@pytest.mark.usefixtures("cli_db")
def test_policy_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "incident",
        "policy",
        "--hours",
        "critical=2,high=6",
        "--threshold",
        "medium",
        "--escalation",
        "省卫健委,值班室,0571-9",
        "--issuer",
        "示例市卫健委",
    )
    assert code == 0 and "critical 2" in out and "escalate at or above: medium" in out
    code, out, _ = run(capsys, "incident", "policy", "--json")
    policy = json.loads(out)
    assert policy["notice_hours"]["high"] == 6 and policy["escalation"]["name"] == "省卫健委"
    code, _, err = run(capsys, "incident", "policy", "--hours", "critical=100")
    assert code == 1 and "longer deadline" in err
    code, _, err = run(capsys, "incident", "policy", "--hours", "urgent=1")
    assert code == 1 and "SEVERITY=HOURS" in err


@pytest.mark.usefixtures("cli_db")
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["incident", "show", "7"], "no incident with id 7"),
        (
            [
                "incident",
                "add",
                "--org",
                "1",
                "--title",
                "x",
                "--category",
                "outage",
                "--severity",
                "low",
                "--discovered",
                "yesterday",
            ],
            "YYYY-MM-DD HH:MM",
        ),
        (
            [
                "incident",
                "add",
                "--org",
                "1",
                "--title",
                "x",
                "--category",
                "outage",
                "--severity",
                "low",
            ],
            "no organisation with id 1",
        ),
        (["incident", "delivered", "3"], "no notification with id 3"),
        (["stats", "show", "--period", "2026-Q5"], "2026-Q3, 2026-07 or 2026"),
        (["stats", "show", "--period", "2026", "--from", "2026-01-01"], "not both"),
        (["stats", "show", "--from", "2026-01-01"], "together"),
        (["stats", "show", "--from", "2026-02-01", "--to", "2026-01-01"], "before the start"),
    ],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith("ihsa: ") and message in err and err.count("\n") == 1


def test_unwritable_output_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IHSA_DATA_DIR", str(tmp_path / "data"))
    code, _, err = run(capsys, "stats", "report", "--out", str(tmp_path / "missing" / "s.pdf"))
    assert code == 1 and "cannot write the statistics report" in err


def test_signed_in_commands_act_as_the_account(
    office: Workspace,
    hospital: Hospital,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = office.engine.url.render_as_string(hide_password=False)
    base = ["--db", url, "--data-dir", str(office.data_dir)]

    def as_account(name: str, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setenv("IHSA_PASSWORD", PASSWORDS[name])
        return run(capsys, *base, "--user", name, *argv)

    code, out, _ = as_account(
        "zhang",
        "incident",
        "add",
        "--org",
        str(hospital.org.id),
        "--title",
        "仿冒安装包",
        "--category",
        "counterfeit_app",
        "--severity",
        "low",
        "--json",
    )
    assert code == 0 and json.loads(out)["recorded_by"] == "zhang"
    with pytest.raises(SystemExit):  # nobody claims to be someone else
        as_account("zhang", "incident", "close", "1", "--resolution", "已处置", "--by", "alice")
    capsys.readouterr()
    code, _, err = as_account("zhang", "incident", "policy", "--issuer", "卫健委")
    assert code == 1 and "zhang may not do this (it needs the administrator role)" in err
    code, out, _ = as_account("alice", "incident", "policy", "--issuer", "卫健委")
    assert code == 0 and "last changed by alice" in out
