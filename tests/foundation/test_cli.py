"""Every `ihsa` foundation command, including the bad-input paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.cli.main import COMMAND_MODULES, build_parser, main
from app.db.migrate import head_revision
from app.rules import default_pack
from tests.conftest import NetworkGuard
from tests.helpers import free_loopback_port


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the command line on the test's database (SQLite, and PostgreSQL when set up)."""
    monkeypatch.setenv("IHSA_DB_URL", db_url)
    return db_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = [[]]
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, child in sub.choices.items():
        commands.append([name])
        for action in child._actions:
            if getattr(action, "choices", None) and action.dest == "action":
                commands.extend([name, verb] for verb in action.choices)
    assert len(commands) > len(COMMAND_MODULES)
    for argv in commands:
        with pytest.raises(SystemExit) as info:
            main([*argv, "--help"])
        assert info.value.code == 0
        assert "usage: ihsa" in capsys.readouterr().out


@pytest.mark.usefixtures("cli_db")
def test_demo_then_case_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0 and "created" in out
    code, out, _ = run(capsys, "demo")
    assert "already present" in out
    code, out, _ = run(capsys, "case", "list", "--json")
    cases = json.loads(out)
    assert code == 0 and len(cases) == 1
    assert cases[0]["organisation_name"].startswith("示例市")
    assert cases[0]["status"] == "in_progress"  # the demo is half-answered
    assert cases[0]["provisional"] is True and cases[0]["grade"] in {"A", "B", "C"}


@pytest.mark.usefixtures("cli_db")
def test_register_and_assess_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(
        capsys,
        "org",
        "add",
        "--name",
        "甲医院",
        "--credit-code",
        "91350100M000100Y43",
        "--contact",
        "王敏,科长,123,",
        "--json",
    )
    org = json.loads(out)
    assert code == 0 and org["contacts"][0]["role"] == "科长"
    code, out, _ = run(
        capsys,
        "app",
        "add",
        "--org",
        str(org["id"]),
        "--name",
        "云医院",
        "--package",
        "cn.example.app",
        "--cert",
        "ab" * 32,
        "--version-code",
        "42",
        "--json",
    )
    app = json.loads(out)
    assert app["official_version_code"] == 42
    code, out, _ = run(
        capsys,
        "case",
        "new",
        "--org",
        str(org["id"]),
        "--app",
        str(app["id"]),
        "--assessor",
        "张三",
        "--date",
        "2026-05-01",
        "--json",
    )
    case = json.loads(out)
    assert case["assessment_date"] == "2026-05-01"
    evidence_file = tmp_path / "截图 1.png"
    evidence_file.write_bytes(b"png bytes")
    code, out, _ = run(capsys, "evidence", "add", str(case["id"]), str(evidence_file), "--json")
    assert json.loads(out)["original_name"] == "截图 1.png"
    code, out, _ = run(capsys, "evidence", "verify", str(case["id"]))
    assert code == 0 and "1 of 1" in out
    cid = str(case["id"])
    code, out, err = run(capsys, "--lang", "en", "case", "status", cid, "submitted")
    assert code == 1 and "cannot submit yet" in err  # nothing answered yet
    code, out, _ = run(capsys, "case", "answer", cid, "IH-AUTH-01", "partial", "--note", "仅医生端")
    assert code == 0 and "(provisional)" in out
    answers = {item.id: "pass" for item in default_pack().items}
    answers |= {"IH-AUTH-01": {"result": "partial", "note": "仅医生端"}}
    answers |= {"IH-DES-01": {"result": "na", "justification": "不保存纸质病历"}}
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "case", "answer", cid, "--file", str(answers_file), "--json")
    assert code == 0 and json.loads(out)["answered"] == len(answers)
    assert json.loads(out)["case"]["provisional"] is False
    code, out, _ = run(capsys, "case", "status", cid, "submitted")
    assert code == 0
    code, out, _ = run(capsys, "case", "show", cid, "--json")
    shown = json.loads(out)
    assert shown["case"]["status"] == "submitted" and len(shown["evidence"]) == 1
    notes = {a["item_id"]: a["note"] for a in shown["answers"]}
    assert notes["IH-AUTH-01"] == "仅医生端"
    code, out, _ = run(capsys, "case", "list", "--status", "submitted")
    assert "甲医院" in out
    code, out, _ = run(capsys, "org", "list")
    assert "91350100M000100Y43" in out
    code, out, _ = run(capsys, "app", "list", "--json")
    assert json.loads(out)[0]["package"] == "cn.example.app"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["org", "add", "--name", "x", "--credit-code", "123301004700123456"], "校验位"),
        (["--lang", "en", "org", "add", "--name", "x", "--credit-code", "1"], "18 characters"),
        (["case", "show", "7"], "案件不存在"),
        (["--lang", "en", "case", "status", "7", "submitted"], "no case with id 7"),
        (["--lang", "en", "case", "answer", "7", "IH-AUTH-01", "pass"], "no case with id 7"),
        (["--lang", "en", "case", "answer", "1"], "either ITEM RESULT or --file"),
        (["--lang", "en", "case", "answer", "1", "--file", "/nonexistent.json"], "not found"),
        (["--lang", "en", "evidence", "add", "7", "/nonexistent/file"], "no case with id 7"),
        (["--lang", "en", "case", "list", "--from", "2026/01/01"], "YYYY-MM-DD"),
        (["--lang", "en", "app", "add", "--org", "1", "--name", "x", "--package", "y"], "package"),
    ],
)
def test_bad_input_gives_one_line_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and fragment in err


@pytest.mark.usefixtures("cli_db")
def test_illegal_transition_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "demo")
    code, _, err = run(capsys, "--lang", "en", "case", "status", "1", "approved")
    assert code == 1 and "cannot go from in_progress to approved" in err
    code, out, _ = run(capsys, "case", "show", "1", "--json")
    assert json.loads(out)["case"]["status"] == "in_progress"


@pytest.mark.usefixtures("cli_db")
def test_db_upgrade_and_check(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and f"revision {head_revision()}" in out
    code, out, _ = run(capsys, "db", "check", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    assert json.loads(out)["schema_differences"] == []


def test_db_backup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    code, out, _ = run(capsys, "db", "backup", str(backup))
    assert "verified" in out
    assert code == 0 and backup.is_file()
    code, _, err = run(capsys, "--lang", "en", "db", "backup", str(backup))
    assert code == 1 and "already exists" in err


def test_db_url_option_and_corrupt_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    assert run(capsys, "--db", url, "demo")[0] == 0
    assert (tmp_path / "other.db").is_file()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 512)
    code, _, err = run(capsys, "--lang", "en", "--db", f"sqlite:///{bad}", "case", "list")
    assert code == 1 and "corrupt" in err


def test_a_server_database_is_named_without_its_password_and_not_backed_up(
    capsys: pytest.CaptureFixture[str], pg_url: str, tmp_path: Path
) -> None:
    password = make_url(pg_url).password
    code, out, _ = run(capsys, "--db", pg_url, "db", "upgrade")
    assert code == 0 and "postgresql" in out and str(password) not in out
    target = tmp_path / "backups" / "b.db"
    code, out, err = run(capsys, "--lang", "en", "--db", pg_url, "db", "backup", str(target))
    assert code == 1 and out == "" and err.count("\n") == 1 and "pg_dump" in err
    assert not target.parent.exists()


def test_an_unreachable_server_is_one_line(
    capsys: pytest.CaptureFixture[str], no_network: NetworkGuard
) -> None:
    port = free_loopback_port()
    no_network.allow("127.0.0.1", port)
    url = f"postgresql://nobody:s3cret@127.0.0.1:{port}/none"
    code, out, err = run(capsys, "--lang", "en", "--db", url, "case", "list")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert f"cannot connect to the database server 127.0.0.1:{port}" in err
    assert "s3cret" not in err


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("not a url", "cannot be read"),
        ("mysql://user:pw@localhost/db", "unsupported database type: mysql"),
    ],
)
def test_bad_database_urls_are_one_line(
    capsys: pytest.CaptureFixture[str], url: str, fragment: str
) -> None:
    code, out, err = run(capsys, "--lang", "en", "--db", url, "case", "list")
    assert code == 1 and out == "" and err.count("\n") == 1 and fragment in err


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    """`ihsa rules export | head`: no traceback when head has read enough."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "rules", "export"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "IHSA_DATA_DIR": str(tmp_path), "PYTHONPATH": str(repo)},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # the reader goes away, like `head -c 10`
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, 141)
    assert "Traceback" not in error and error == ""
