"""ihsa cert / report / verify from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.cli.main import main
from app.security import keystore
from app.services.workspace import Workspace
from tests.report.factories import make_case


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], int]:
    data_dir = tmp_path / "data"
    workspace = Workspace.open(data_dir=data_dir)
    try:
        case_id = make_case(workspace, tmp_path / "files", evidence=2)
    finally:
        workspace.close()
    monkeypatch.setenv("P12_PASS", "cli passphrase 1")
    return ["--data-dir", str(data_dir)], case_id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cert_report_verify_countersign(
    setup: tuple[list[str], int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, case_id = setup
    p12 = tmp_path / "assessor.p12"
    code, out, _ = run(
        capsys,
        "cert",
        "new",
        "--name",
        "张三",
        "--org",
        "某省卫健委",
        "--out",
        str(p12),
        "--passphrase-env",
        "P12_PASS",
    )
    assert code == 0 and "passphrase stored in the OS keyring" in out

    pdf = tmp_path / "report.pdf"
    # no --passphrase-env: the keyring supplies it
    code, out, err = run(
        capsys, *base, "report", str(case_id), "--out", str(pdf), "--sign", "--p12", str(p12)
    )
    assert code == 0, err
    assert "signed by 张三" in out
    assert "certified (DocMDP P=2): only form filling and signing allowed" in out

    code, out, _ = run(capsys, *base, "--lang", "en", "verify", str(pdf))
    assert code == 0
    assert "verification passed" in out and "digest matches the database" in out
    assert "untrusted (self-signed certificate)" in out
    assert "type: certification signature (DocMDP P=2, only form filling and signing" in out
    code, out, _ = run(capsys, *base, "verify", str(pdf))
    assert code == 0 and "类型: 认证签名（DocMDP P=2，只允许填写表单和签名）" in out

    reviewer = tmp_path / "reviewer.p12"
    run(
        capsys,
        "cert",
        "new",
        "--name",
        "Li Si",
        "--out",
        str(reviewer),
        "--key-type",
        "rsa",
        "--passphrase-env",
        "P12_PASS",
    )
    signed_twice = tmp_path / "countersigned.pdf"
    code, out, err = run(
        capsys,
        *base,
        "report",
        "countersign",
        str(pdf),
        "--p12",
        str(reviewer),
        "--passphrase-env",
        "P12_PASS",
        "--out",
        str(signed_twice),
    )
    assert code == 0, err
    assert "IHSA-Signature-2, approval signature" in out
    code, out, _ = run(capsys, *base, "verify", str(signed_twice), "--json")
    document = json.loads(out)
    assert code == 0 and document["ok"] is True
    assert [s["signer"] for s in document["signatures"]] == ["张三", "Li Si"]
    assert [(s["kind"], s["docmdp_permission"]) for s in document["signatures"]] == [
        ("certification", 2),
        ("approval", None),
    ]
    assert document["signatures"][0]["modification"] == "form_filling"
    assert document["digest_status"] == "match"


def test_tampered_report_exits_1_with_a_clear_message(
    setup: tuple[list[str], int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, case_id = setup
    p12 = tmp_path / "a.p12"
    run(capsys, "cert", "new", "--name", "张三", "--out", str(p12), "--passphrase-env", "P12_PASS")
    pdf = tmp_path / "report.pdf"
    run(capsys, *base, "report", str(case_id), "--out", str(pdf), "--sign", "--p12", str(p12))
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x20
    pdf.write_bytes(bytes(data))
    code, out, err = run(capsys, *base, "--lang", "en", "verify", str(pdf))
    assert code == 1
    assert "changed after signing" in out
    assert "verification FAILED" in err


def test_no_keyring_and_no_terminal_gives_a_clear_error(
    setup: tuple[list[str], int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, case_id = setup
    keyring.set_keyring(fail.Keyring())
    p12 = tmp_path / "a.p12"
    code, _, err = run(
        capsys, "cert", "new", "--name", "张三", "--out", str(p12), "--passphrase-env", "P12_PASS"
    )
    assert code == 0 and "no OS keyring" in err
    code, _, err = run(
        capsys,
        *base,
        "--lang",
        "en",
        "report",
        str(case_id),
        "--out",
        str(tmp_path / "r.pdf"),
        "--sign",
        "--p12",
        str(p12),
    )
    assert code == 1
    assert err.count("\n") == 1 and "--passphrase-env" in err
    assert not (tmp_path / "r.pdf").exists()


def test_wrong_passphrase_is_one_line(
    setup: tuple[list[str], int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, case_id = setup
    p12 = tmp_path / "a.p12"
    run(capsys, "cert", "new", "--name", "张三", "--out", str(p12), "--passphrase-env", "P12_PASS")
    monkeypatch.setenv("WRONG", "not the passphrase")
    code, _, err = run(
        capsys,
        *base,
        "--lang",
        "en",
        "report",
        str(case_id),
        "--out",
        str(tmp_path / "r.pdf"),
        "--sign",
        "--p12",
        str(p12),
        "--passphrase-env",
        "WRONG",
    )
    assert code == 1
    assert err == "ihsa: wrong passphrase for a.p12\n"


def test_report_arguments_are_checked(
    setup: tuple[list[str], int], capsys: pytest.CaptureFixture[str]
) -> None:
    base, case_id = setup
    assert run(capsys, *base, "report", str(case_id))[0] == 1  # no --out
    assert run(capsys, *base, "report", "abc", "--out", "x.pdf")[0] == 1
    assert run(capsys, *base, "report", str(case_id), "--out", "x.pdf", "--sign")[0] == 1
    assert run(capsys, *base, "report", "countersign", "--p12", "x.p12")[0] == 1
    code, _, err = run(capsys, *base, "--lang", "en", "report", "999", "--out", "x.pdf")
    assert code == 1 and "no case with id 999" in err


def test_keyring_is_keyed_by_certificate_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("P12_PASS", "cli passphrase 1")
    p12 = tmp_path / "a.p12"
    run(capsys, "cert", "new", "--name", "张三", "--out", str(p12), "--passphrase-env", "P12_PASS")
    identity = keystore.open_identity(p12, "cli passphrase 1")
    assert keyring.get_password("ihsa-workstation", identity.fingerprint) == "cli passphrase 1"
