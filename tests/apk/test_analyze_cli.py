"""`ihsa analyze`: the stable command-line contract, on APKs built by the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.enums import AnswerSource, CaseType, Platform, Result
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.workspace import Workspace
from tests.apk.builders import CLEAN_PACKAGE, clean_apk, other_release_cert, release_cert

MISMATCH = "APK-CONS-CERT-MISMATCH"
OUTDATED = "APK-CONS-VERSION-OUTDATED"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _finding_ids(result: dict) -> set[str]:
    return {f["rule_id"] for f in result["findings"]}


@pytest.fixture
def apk(tmp_path: Path) -> Path:
    return clean_apk(tmp_path, version_code=10)


def test_one_file_prints_one_json_object(capsys, apk: Path) -> None:
    code, out, _ = run(capsys, "analyze", str(apk), "--json")
    result = json.loads(out)
    assert code == 0
    assert result["file"]["name"] == "clean.apk"
    assert result["package"] == CLEAN_PACKAGE
    assert result["version_code"] == 10
    for key in ("signing", "manifest", "checks", "packers", "sdks", "findings", "completeness"):
        assert key in result


def test_official_cert_and_version_options_reach_the_consistency_check(capsys, apk: Path) -> None:
    _, out, _ = run(
        capsys,
        "analyze",
        str(apk),
        "--official-cert",
        other_release_cert().sha256,
        "--official-version-code",
        "11",
        "--json",
    )
    assert {MISMATCH, OUTDATED} <= _finding_ids(json.loads(out))
    colon_form = ":".join(release_cert().sha256[i : i + 2] for i in range(0, 64, 2)).upper()
    _, out, _ = run(
        capsys,
        "analyze",
        str(apk),
        "--official-cert",
        colon_form,
        "--official-version-code",
        "10",
        "--json",
    )
    assert not {MISMATCH, OUTDATED} & _finding_ids(json.loads(out))


def test_several_files_print_a_list_and_a_failure_sets_the_exit_code(
    capsys, apk: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.apk"
    junk.write_bytes(b"this is not a zip file at all")
    code, out, _ = run(capsys, "analyze", str(apk), str(junk), "--json", "--workers", "2")
    results = json.loads(out)
    assert code == 1
    assert results[0]["package"] == CLEAN_PACKAGE
    assert results[1]["file"] == {"name": "junk.apk"}
    assert results[1]["error"] and results[1]["code"] == "apk_invalid"


def test_several_files_end_with_one_sweep_line_each(capsys, apk: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.apk"
    junk.write_bytes(b"this is not a zip file at all")
    code, out, _ = run(
        capsys,
        "--lang",
        "en",
        "analyze",
        str(apk),
        str(junk),
        "--official-package",
        "cn.example.elsewhere",
        "--official-version-code",
        "10",
    )
    assert code == 1
    table = out[out.index("file  ") :].splitlines()
    assert table[0].split()[:4] == ["file", "package", "versionCode", "signature"]
    assert table[1].split()[:7] == [
        apk.name,
        CLEAN_PACKAGE,
        "10",
        "valid",
        "mismatch",  # package
        "unknown",  # certificate: none registered
        "unknown",  # version: not comparable for another package
    ]
    assert table[2].split()[:4] == ["junk.apk", "-", "-", "FAILED"]


def test_a_folder_or_a_pattern_stands_for_the_app_files_in_it(
    capsys, apk: Path, tmp_path: Path
) -> None:
    channel = tmp_path / "channel"
    channel.mkdir()
    (channel / "b.apk").write_bytes(apk.read_bytes())
    (channel / "a.APK").write_bytes(apk.read_bytes())
    (channel / "notes.txt").write_text("not an app")
    code, out, _ = run(capsys, "analyze", str(channel), "--json")
    assert code == 0
    assert [r["file"]["name"] for r in json.loads(out)] == ["a.APK", "b.apk"]
    # Windows shells pass patterns through; the command expands them itself.
    code, out, _ = run(capsys, "analyze", str(channel / "b.*"), "--json")
    assert code == 0 and json.loads(out)["file"]["name"] == "b.apk"
    code, _, err = run(capsys, "--lang", "en", "analyze", str(channel / "*.zip"))
    assert code == 1 and "no file matches" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "--lang", "en", "analyze", str(empty))
    assert code == 1 and "no APK files in the folder" in err


def test_one_bad_file_is_a_one_line_error(capsys, tmp_path: Path) -> None:
    junk = tmp_path / "junk.apk"
    junk.write_bytes(b"")
    code, out, err = run(capsys, "--lang", "en", "analyze", str(junk), "--json")
    assert code == 1 and out == ""
    assert err.startswith("ihsa: ") and err.count("\n") == 1


def test_bad_options_are_refused_before_any_work(capsys, apk: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--lang", "en", "analyze", str(tmp_path / "missing.apk"))
    assert code == 1 and "file not found" in err
    code, _, err = run(capsys, "--lang", "en", "analyze", str(apk), "--official-cert", "abc")
    assert code == 1 and "SHA-256" in err
    with pytest.raises(SystemExit):
        main(["analyze", str(apk), "--timeout", "0"])
    with pytest.raises(SystemExit):
        main(["analyze", str(apk), "--memory-mb", "-5"])


def test_readable_summary(capsys, apk: Path) -> None:
    code, out, _ = run(capsys, "--lang", "en", "analyze", str(apk))
    assert code == 0
    assert f"package: {CLEAN_PACKAGE}" in out
    for label in ("version:", "signing: schemes v1+v2+v3", "consistency:", "packers: none found"):
        assert label in out
    assert "findings:" in out


def _case_with_app(data_dir: Path, certs: tuple[str, ...], version_code: int) -> int:
    workspace = Workspace.open(data_dir=data_dir)
    try:
        org = workspace.organisations.add("乙医院", "91350100M000100Y43")
        application = workspace.applications.add(
            ApplicationInput(
                organisation_id=org.id,
                name="乙医院App",
                package=CLEAN_PACKAGE,
                platform=Platform.ANDROID,
                official_cert_sha256=certs,
                official_version_code=version_code,
            )
        )
        case = workspace.cases.create(
            NewCase(
                organisation_id=org.id,
                application_id=application.id,
                case_type=CaseType.INITIAL,
                assessor="张检查",
            )
        )
        return case.id
    finally:
        workspace.close()


def test_case_supplies_official_facts_and_stores_the_result(
    capsys, apk: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    case_id = _case_with_app(data_dir, (other_release_cert().sha256,), 12)
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "analyze", str(apk), "--case", str(case_id), "--json"
    )
    result = json.loads(out)
    assert code == 0
    assert {MISMATCH, OUTDATED} <= _finding_ids(result)
    assert result["consistency"]["package"] == "match"  # the registered package name
    assert f"case {case_id}" in err
    # Options override what the case's application says.
    code, out, _ = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "analyze",
        str(apk),
        "--case",
        str(case_id),
        "--official-cert",
        release_cert().sha256,
        "--official-version-code",
        "10",
        "--json",
    )
    assert not {MISMATCH, OUTDATED} & _finding_ids(json.loads(out))
    workspace = Workspace.open(data_dir=data_dir)
    try:
        stored = workspace.cases.apk_analyses(case_id)
        answers = {a.item_id: a for a in workspace.cases.answers(case_id)}
        mismatch_items = workspace.assessment.pack(case_id).items_for_apk_rule(MISMATCH)
    finally:
        workspace.close()
    assert len(stored) == 2
    assert stored[0]["file"]["sha256"] == result["file"]["sha256"]
    # The latest analysis (official certificate matches) answered the linked items.
    assert "items answered automatically" in err
    assert mismatch_items and all(
        answers[i].source == AnswerSource.APK_AUTO and answers[i].result == Result.PASS
        for i in mismatch_items
    )


def test_unknown_case_is_refused(capsys, apk: Path, tmp_path: Path) -> None:
    code, _, err = run(
        capsys, "--data-dir", str(tmp_path / "data"), "analyze", str(apk), "--case", "99"
    )
    assert code == 1 and err.startswith("ihsa: ")
