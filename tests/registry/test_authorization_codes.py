"""Authorization codes: issued to active apps, verified offline with the public key alone,
revocation visible with the registry; tampered, expired, wrong-key and garbage codes."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain.enums import AppStatus
from app.domain.models import Application, Organisation
from app.errors import ConflictError, KnownError, NotFoundError, ValidationError
from app.registry import codes, regulator_key
from app.registry.codes import Outcome
from app.services.workspace import Workspace
from tests.registry.support import OFFICIAL_CERT, PASSPHRASE

Registered = tuple[Organisation, Application]
TODAY = date.today()


def _active(workspace: Workspace, app: Application) -> None:
    workspace.registry.set_status(app.id, AppStatus.ACTIVE, "线下审核通过，准予接入")


def _offline(text: str, public: regulator_key.PublicKey, today: date = TODAY) -> Outcome:
    return codes.verify_signed(text, public.key, today).outcome


def test_an_issued_code_verifies_offline_with_the_exported_certificate(
    workspace: Workspace,
    registered: Registered,
    regulator: regulator_key.UnlockedKey,
    tmp_path: Path,
) -> None:
    org, app = registered
    _active(workspace, app)
    code = workspace.registry.issue_code(app.id, regulator, valid_days=30)
    assert codes.parse_code_id(code.code_id) == code.code_id
    assert workspace.applications.get(app.id).authorization_code == code.code_id
    assert code.valid_until - code.valid_from == timedelta(days=29)

    exported = regulator_key.export(workspace.data_dir, tmp_path / "regulator.pem")
    assert b"PRIVATE" not in (tmp_path / "regulator.pem").read_bytes()
    inspector_key = regulator_key.load_public(tmp_path / "regulator.pem")  # no database
    assert inspector_key.key_id == exported.key_id == regulator.public.key_id
    result = codes.verify_signed(code.statement, inspector_key.key, TODAY)
    assert result.outcome == Outcome.VALID and result.valid
    statement = result.statement
    assert statement is not None
    assert (statement.credit_code, statement.package) == (org.credit_code, app.package)
    assert statement.cert_sha256 == (OFFICIAL_CERT,)
    assert statement.issuer == "示例省卫生健康委员会"
    assert "revoked" in result.limit("en")  # offline, the limit is stated
    # A statement pasted with line breaks (from an e-mail or a PDF) still verifies.
    wrapped = "\n".join(code.statement[i : i + 60] for i in range(0, len(code.statement), 60))
    assert _offline(wrapped, inspector_key) == Outcome.VALID


def test_validity_period_expired_and_not_yet_valid(
    workspace: Workspace, registered: Registered, regulator: regulator_key.UnlockedKey
) -> None:
    _org, app = registered
    _active(workspace, app)
    start = TODAY + timedelta(days=10)
    code = workspace.registry.issue_code(app.id, regulator, valid_from=start, valid_days=5)
    public = regulator.public
    assert _offline(code.statement, public) == Outcome.NOT_YET_VALID
    assert _offline(code.statement, public, start) == Outcome.VALID
    assert _offline(code.statement, public, start + timedelta(days=4)) == Outcome.VALID
    assert _offline(code.statement, public, start + timedelta(days=5)) == Outcome.EXPIRED
    expired = codes.verify_signed(code.statement, public.key, start + timedelta(days=400))
    assert "已过期" in expired.message("zh") and "expired" in expired.message("en")


def test_tampered_wrong_key_and_garbage_codes_each_say_what_they_are(
    workspace: Workspace,
    registered: Registered,
    regulator: regulator_key.UnlockedKey,
    tmp_path: Path,
) -> None:
    _org, app = registered
    _active(workspace, app)
    code = workspace.registry.issue_code(app.id, regulator)
    public = regulator.public
    prefix, payload, signature = code.statement.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))

    def rebuilt(changed: dict) -> str:
        raw = json.dumps(changed, ensure_ascii=False).encode()
        return f"{prefix}.{base64.urlsafe_b64encode(raw).decode().rstrip('=')}.{signature}"

    longer = {**data, "valid_until": "2099-12-31"}
    assert _offline(rebuilt(longer), public) == Outcome.TAMPERED
    other_app = {**data, "app": {**data["app"], "package": "cn.fake.app"}}
    assert _offline(rebuilt(other_app), public) == Outcome.TAMPERED
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert _offline(f"{prefix}.{payload}.{flipped}", public) == Outcome.TAMPERED

    # Another regulator's key (or a forger's) is not this regulator's.
    other = tmp_path / "other"
    regulator_key.create(other, "别的机构", PASSPHRASE)
    assert _offline(code.statement, regulator_key.local_public(other)) == Outcome.WRONG_KEY
    forged_kid = {**data, "kid": regulator_key.local_public(other).key_id}
    assert _offline(rebuilt(forged_kid), regulator_key.local_public(other)) == Outcome.TAMPERED

    garbage = [
        "",
        "hello world, this is not a code at all, just some pasted text",
        code.statement[: len(code.statement) // 2],
        f"{prefix}.{payload}",
        f"IHSA9.{payload}.{signature}",
        f"{prefix}.!!!.{signature}",
        f"{prefix}.{base64.urlsafe_b64encode(b'[1,2]').decode()}.{signature}",
        "A" * 20000,
        "\x00\x01\x02 binary junk \uffff" * 3,
    ]
    for text in garbage:
        assert _offline(text, public) == Outcome.MALFORMED, text[:40]
    assert "不是授权码" in codes.verify_signed("junk text " * 3, public.key, TODAY).message("zh")


def test_code_ids_catch_typing_mistakes() -> None:
    code_id = codes.new_code_id()
    assert len(code_id) == 13 and code_id.count("-") == 2
    assert codes.parse_code_id(code_id.lower().replace("-", " ")) == code_id
    body = code_id.replace("-", "")
    for position in range(len(body)):
        for symbol in codes.ALPHABET:
            if symbol == body[position]:
                continue
            typo = body[:position] + symbol + body[position + 1 :]
            assert codes.parse_code_id(typo) is None, typo
    o_for_zero = code_id.replace("0", "O").replace("1", "I")
    assert codes.parse_code_id(o_for_zero) == code_id
    assert codes.parse_code_id("not-a-code") is None


def test_revocation_is_visible_with_the_registry_and_a_stated_limit_without(
    workspace: Workspace, registered: Registered, regulator: regulator_key.UnlockedKey
) -> None:
    _org, app = registered
    _active(workspace, app)
    code = workspace.registry.issue_code(app.id, regulator)
    public = regulator.public
    assert workspace.registry.verify_code(code.statement, public).outcome == Outcome.VALID
    assert workspace.registry.verify_code(code.code_id.lower(), public).outcome == Outcome.VALID

    workspace.registry.set_status(app.id, AppStatus.SUSPENDED, "渠道发现仿冒版本待查")
    with_registry = workspace.registry.verify_code(code.statement, public)
    assert with_registry.outcome == Outcome.REVOKED and with_registry.registry_checked
    assert "suspended" in with_registry.detail and with_registry.limit("en") == ""
    assert workspace.registry.verify_code(code.code_id, public).outcome == Outcome.REVOKED
    offline = codes.verify_signed(code.statement, public.key, TODAY)
    assert offline.outcome == Outcome.VALID  # the signature alone cannot know ...
    assert "撤销" in offline.limit("zh")  # ... and says so


def test_a_new_code_supersedes_the_old_one(
    workspace: Workspace, registered: Registered, regulator: regulator_key.UnlockedKey
) -> None:
    _org, app = registered
    _active(workspace, app)
    first = workspace.registry.issue_code(app.id, regulator)
    second = workspace.registry.issue_code(app.id, regulator)
    assert second.serial == first.serial + 1 and second.code_id != first.code_id
    public = regulator.public
    assert workspace.registry.verify_code(first.statement, public).outcome == Outcome.REVOKED
    assert workspace.registry.verify_code(second.statement, public).outcome == Outcome.VALID
    assert [c.code_id for c in workspace.registry.issued_codes(app.id)] == [
        second.code_id,
        first.code_id,
    ]
    revoked = workspace.registry.revoke_code(second.code_id, "授权码在网上泄露")
    assert revoked.revoked_at is not None
    with pytest.raises(ConflictError):
        workspace.registry.revoke_code(second.code_id, "再次撤销一次")
    with pytest.raises(NotFoundError):
        workspace.registry.revoke_code("0000-0000-000", "不存在的授权码")


def test_codes_unknown_to_this_registry(
    workspace: Workspace, regulator: regulator_key.UnlockedKey
) -> None:
    public = regulator.public
    assert workspace.registry.verify_code(codes.new_code_id(), public).outcome == Outcome.UNKNOWN
    assert workspace.registry.verify_code("ZZZZ-ZZZZ-ZZ1", public).outcome in (
        Outcome.MALFORMED,
        Outcome.UNKNOWN,
    )
    statement = codes.Statement(
        code_id=codes.new_code_id(),
        serial=77,
        key_id=public.key_id,
        issuer=public.issuer,
        organisation_name="别处医院",
        credit_code="123301004700123455",
        application_name="别处应用",
        package="cn.elsewhere",
        platform="android",
        cert_sha256=(),
        valid_from=TODAY,
        valid_until=TODAY,
        issued_on=TODAY,
    )
    signed = codes.sign_statement(statement, regulator.private_key)
    result = workspace.registry.verify_code(signed, public)
    assert result.outcome == Outcome.UNKNOWN and "not in this registry" in result.message("en")


def test_codes_are_issued_only_to_active_applications(
    workspace: Workspace, registered: Registered, regulator: regulator_key.UnlockedKey
) -> None:
    _org, app = registered
    with pytest.raises(ConflictError) as refused:
        workspace.registry.issue_code(app.id, regulator)
    assert "only to active" in refused.value.message("en")
    _active(workspace, app)
    for days in (0, -5, 5000):
        with pytest.raises(ValidationError):
            workspace.registry.issue_code(app.id, regulator, valid_days=days)
    assert workspace.registry.issued_codes(app.id) == []


def test_the_private_key_is_protected(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(KnownError) as missing:
        regulator_key.unlock(workspace.data_dir)
    assert "init-key" in missing.value.message("en")
    with pytest.raises(ValidationError):
        regulator_key.create(workspace.data_dir, "监管机构", "short")
    with pytest.raises(ValidationError):
        regulator_key.create(workspace.data_dir, "  ", PASSPHRASE)
    regulator_key.create(workspace.data_dir, "监管机构", PASSPHRASE)
    private_path, public_path = regulator_key.key_paths(workspace.data_dir)
    assert b"PRIVATE" not in public_path.read_bytes()
    assert b"\x2b\x65\x70" not in private_path.read_bytes()  # no cleartext PKCS#8 Ed25519 OID
    with pytest.raises(ValidationError):  # never replaced by accident
        regulator_key.create(workspace.data_dir, "监管机构", PASSPHRASE)
    with pytest.raises(KnownError) as wrong:
        regulator_key.unlock(workspace.data_dir, passphrase="wrong-passphrase")
    assert wrong.value.code == "passphrase"
    assert regulator_key.unlock(workspace.data_dir).public.issuer == "监管机构"  # keyring
    junk = tmp_path / "junk.pem"
    junk.write_bytes(b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
    with pytest.raises(ValidationError):
        regulator_key.load_public(junk)
    with pytest.raises(ValidationError):  # an export never overwrites
        regulator_key.export(workspace.data_dir, junk)
