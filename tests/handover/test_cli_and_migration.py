"""`ihsa case export|import|inspect` as a user runs them; migration 0003 on old databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from app.cli.main import main
from app.db.engine import make_engine
from app.db.migrate import alembic_config, current_revision, head_revision
from app.security.keystore import SigningIdentity
from app.services.workspace import Workspace
from tests.handover.conftest import PASSPHRASE, make_case


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_inspect_import_from_the_command_line(
    laptop: Workspace,
    identity: SigningIdentity,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case_id = make_case(laptop, tmp_path / "files")
    monkeypatch.setenv("P12_PASS", PASSPHRASE)
    bundle = tmp_path / "case.ihsa-case"
    source = ["--data-dir", str(laptop.data_dir)]
    target = ["--db", db_url, "--data-dir", str(tmp_path / "office")]

    code, _out, err = run(capsys, *source, "case", "export", str(case_id), "--out", str(bundle))
    assert code == 1 and "--cert" in err and "--unsigned" in err
    code, out, _err = run(
        capsys, *source, "case", "export", str(case_id), "--out", str(bundle),
        "--cert", str(identity.p12_path), "--passphrase-env", "P12_PASS",
    )  # fmt: skip
    assert code == 0 and "signed by 张检查" in out and bundle.is_file()
    code, _out, err = run(
        capsys, *source, "case", "export", str(case_id), "--out", str(bundle), "--unsigned"
    )
    assert code == 1 and "not overwriting" in err

    code, out, _err = run(capsys, "case", "inspect", str(bundle))
    assert code == 0 and "verified" in out and identity.fingerprint in out

    code, out, _err = run(capsys, *target, "case", "import", str(bundle), "--dry-run")
    assert code == 0 and "would be created" in out
    code, out, _err = run(capsys, *target, "case", "import", str(bundle), "--json")
    result = json.loads(out)
    assert code == 0 and result["case"] == "created" and result["files_added"] == 2
    code, out, _err = run(capsys, *target, "case", "import", str(bundle))
    assert code == 0 and "unchanged" in out and "2 already here" in out

    bundle.write_bytes(bundle.read_bytes()[:-200])
    code, out, err = run(capsys, *target, "case", "import", str(bundle))
    assert code == 1 and out == "" and err.count("\n") == 1 and "damaged or incomplete" in err


def test_help_for_every_handover_command(capsys: pytest.CaptureFixture[str]) -> None:
    for action in ("export", "import", "inspect"):
        with pytest.raises(SystemExit) as info:
            main(["case", action, "--help"])
        assert info.value.code == 0
        assert "usage: ihsa case " + action in capsys.readouterr().out


def test_migration_gives_existing_cases_distinct_identities(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()  # where the SQLite variant's file lives
    engine = make_engine(db_url)
    config = alembic_config(engine)
    command.upgrade(config, "0002_evidence_blobs")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO organisations (name, credit_code, level, address, created_at) "
                 "VALUES ('甲', '123301004700123455', '', '', CURRENT_TIMESTAMP)")
        )  # fmt: skip
        for _ in range(3):
            conn.execute(
                text("INSERT INTO cases (organisation_id, case_type, status, assessor, reviewer, "
                     "site, pack_id, pack_version, provisional, lock_owner, created_at, "
                     "updated_at) VALUES (1, 'initial', 'draft', '张三', '', '', '', '', true, '', "
                     "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
            )  # fmt: skip
    engine.dispose()

    ws = Workspace.open(db_url, data_dir=tmp_path / "ws")

    assert current_revision(ws.engine) == head_revision()
    with ws.engine.connect() as conn:
        uids = [row[0] for row in conn.execute(text("SELECT uid FROM cases"))]
    assert len(uids) == 3 and len(set(uids)) == 3 and all(len(u) == 36 for u in uids)
    ws.close()
