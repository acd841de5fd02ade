"""``ihsa rules`` and ``ihsa score`` as a user and an automated check run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main as cli
from tests.rules.packbuilder import BUNDLED_RULES, domain, item, write_pack


@pytest.fixture(autouse=True)
def only_our_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    # Other sub-commands belong to other modules; these tests need only ours.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("app.cli.rules_cmd", "app.cli.score_cmd"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def broken_pack(root: Path) -> Path:
    return write_pack(
        root,
        [
            domain("X", 60, [item("IH-X-01", "hgh"), item("IH-X-01")]),
            domain("Y", 40, [item("IH-Y-01", veto=3)]),
        ],
    )


def write_answers(path: Path, answers: object) -> Path:
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


def test_validate_bundled_pack(capsys) -> None:
    code, out, _ = run(capsys, "rules", "validate", str(BUNDLED_RULES))
    assert code == 0
    assert out.startswith("OK ihsa-internet-hospital ")


def test_validate_prints_each_problem_on_its_own_line(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "rules", "validate", str(broken_pack(tmp_path / "p")))
    assert code == 1
    lines = out.splitlines()
    assert "x.yaml: IH-X-01: field 'severity' value 'hgh' is not one of high, medium, low" in lines
    assert "x.yaml: IH-X-01: item id already used in x.yaml" in lines
    assert "y.yaml: IH-Y-01: field 'veto' must be true or false" in lines
    code, out, _ = run(capsys, "rules", "validate", str(tmp_path / "p"), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False and len(report["problems"]) == 3


def test_info_json(capsys, tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p", [domain("X", 100, [item("IH-X-01"), item("IH-X-02", "low")])])
    code, out, _ = run(capsys, "rules", "info", str(root), "--json")
    assert code == 0
    info = json.loads(out)
    assert (info["id"], info["version"], info["items"], info["domains"]) == (
        "tiny",
        "0.1",
        2,
        {"X": 2},
    )
    assert len(info["hash"]) == 64


def test_info_on_a_broken_pack_fails(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "rules", "info", str(broken_pack(tmp_path / "p")), "--json")
    assert code == 1
    assert "{" not in out


def test_export_json_contract(capsys, tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "p",
        [domain("X", 100, [item("IH-X-01", "high", veto=True), item("IH-X-02", "low", weight=4)])],
    )
    code, out, _ = run(capsys, "rules", "export", str(root), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"pack", "domains", "grades"}
    assert set(data["pack"]) == {"id", "version", "hash"}
    (x,) = data["domains"]
    assert (x["id"], x["weight"], x["title"]["en"]) == ("X", 100, "X")
    assert x["items"] == [
        {"id": "IH-X-01", "severity": "high", "weight": 3, "veto": True},
        {"id": "IH-X-02", "severity": "low", "weight": 4, "veto": False},
    ]
    assert [g["grade"] for g in data["grades"]] == ["A", "B", "C"]


def test_score_json_contract(capsys, tiny_dir: Path, tmp_path: Path) -> None:
    answers = write_answers(
        tmp_path / "a.json",
        {
            "IH-X-01": "pass",
            "IH-X-02": "partial",
            "IH-X-03": "fail",
            "IH-Y-01": "pass",
            "IH-Y-02": "na",
        },
    )
    code, out, _ = run(
        capsys, "score", "--answers", str(answers), "--pack", str(tiny_dir), "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "score",
        "grade",
        "provisional",
        "domains",
        "grade_rule",
        "veto_failed",
        "handling",
    }
    assert (data["score"], data["grade"], data["provisional"]) == (80.0, "B", False)
    assert data["domains"] == {
        "X": {"fraction": 0.6667, "points": 40.0},
        "Y": {"fraction": 1.0, "points": 40.0},
    }
    assert data["veto_failed"] == [] and data["handling"] == "rectify within 30 days"
    assert data["grade_rule"].startswith("B:")


def test_score_missing_items_are_not_assessed(capsys, tiny_dir: Path, tmp_path: Path) -> None:
    answers = write_answers(tmp_path / "a.json", {"IH-X-01": "pass"})
    code, out, _ = run(
        capsys, "score", "--answers", str(answers), "--pack", str(tiny_dir), "--json"
    )
    assert code == 0 and json.loads(out)["provisional"] is True


def test_score_text_summary(capsys, tiny_dir: Path, tmp_path: Path) -> None:
    answers = write_answers(tmp_path / "a.json", {"IH-X-01": "fail"})
    code, out, _ = run(capsys, "score", "--answers", str(answers), "--pack", str(tiny_dir))
    assert code == 0
    assert "grade C" in out and "veto items failed: IH-X-01" in out and "provisional" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"IH-X-01": "pass", "IH-ZZ-99": "pass"}, "items not in the rule pack: IH-ZZ-99"),
        (
            {"IH-X-01": "passed"},
            "invalid results (expected pass, partial, fail, na, not_assessed): IH-X-01='passed'",
        ),
        ({"IH-X-01": 1}, "IH-X-01=1"),
        (["IH-X-01"], "must be a JSON object"),
    ],
)
def test_score_rejects_bad_answers(
    capsys, tiny_dir: Path, tmp_path: Path, content, expected
) -> None:
    answers = write_answers(tmp_path / "a.json", content)
    code, out, err = run(
        capsys, "score", "--answers", str(answers), "--pack", str(tiny_dir), "--json"
    )
    assert code == 1
    assert out == ""
    assert expected in err


def test_score_rejects_unreadable_answers(capsys, tiny_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"IH-X-01": "pass",}', encoding="utf-8")
    code, _, err = run(
        capsys, "score", "--answers", str(tmp_path / "bad.json"), "--pack", str(tiny_dir)
    )
    assert code == 1 and "is not valid JSON (line 1" in err
    code, _, err = run(
        capsys, "score", "--answers", str(tmp_path / "none.json"), "--pack", str(tiny_dir)
    )
    assert code == 1 and "answers file not found" in err


def test_nothing_is_scored_from_a_broken_pack(capsys, tmp_path: Path) -> None:
    answers = write_answers(tmp_path / "a.json", {"IH-Y-01": "pass"})
    code, out, err = run(
        capsys,
        "score",
        "--answers",
        str(answers),
        "--pack",
        str(broken_pack(tmp_path / "p")),
        "--json",
    )
    assert code == 1
    assert "score" not in out  # the problems are listed, no result is printed
    assert "x.yaml: IH-X-01: item id already used in x.yaml" in out
    assert "3 problem(s)" in err
