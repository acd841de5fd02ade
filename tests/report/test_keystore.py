"""Assessor certificates and their passphrases (in-memory or absent keyring only)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from keyring.backends import fail

from app.errors import KnownError, ValidationError
from app.security import keystore

PASSPHRASE = "s3cret passphrase"


def make(tmp_path: Path, key_type: str = "ec") -> keystore.SigningIdentity:
    return keystore.create_self_signed(
        "张三", tmp_path / f"{key_type}.p12", PASSPHRASE, org="某省卫健委", key_type=key_type
    )


@pytest.mark.parametrize(
    ("key_type", "key_class"), [("ec", ec.EllipticCurvePrivateKey), ("rsa", rsa.RSAPrivateKey)]
)
def test_certificate_profile(tmp_path: Path, key_type: str, key_class: type) -> None:
    identity = make(tmp_path, key_type)
    key, cert, _ = pkcs12.load_key_and_certificates(
        identity.p12_path.read_bytes(), PASSPHRASE.encode()
    )
    assert isinstance(key, key_class)
    if key_type == "rsa":
        assert key.key_size == 3072
    else:
        assert key.curve.name == "secp256r1"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert timedelta(days=3 * 365 - 1) <= lifetime <= timedelta(days=3 * 366)
    assert identity.subject_name == "张三" and identity.organisation == "某省卫健委"
    assert identity.self_signed


def test_wrong_passphrase_is_a_one_line_error(tmp_path: Path) -> None:
    identity = make(tmp_path)
    with pytest.raises(KnownError) as caught:
        keystore.open_identity(identity.p12_path, "wrong")
    assert caught.value.code == "passphrase"
    assert "\n" not in caught.value.message("en")
    assert "wrong passphrase" in caught.value.message("en")


def test_junk_file_is_not_taken_for_a_wrong_passphrase(tmp_path: Path) -> None:
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"definitely not PKCS#12" * 10)
    with pytest.raises(ValidationError, match="PKCS#12"):
        keystore.open_identity(junk, PASSPHRASE)


def test_remembered_passphrase_unlocks_without_asking(tmp_path: Path) -> None:
    identity = make(tmp_path)
    assert keystore.remember_passphrase(identity)
    assert keyring.get_password(keystore.KEYRING_SERVICE, identity.fingerprint) == PASSPHRASE

    def never(name: str) -> str:
        raise AssertionError("must not ask")

    assert keystore.unlock(identity.p12_path, prompt=never).fingerprint == identity.fingerprint


def test_stale_keyring_entry_falls_back_to_asking(tmp_path: Path) -> None:
    identity = make(tmp_path)
    keystore.remember_passphrase(identity)
    keyring.set_password(keystore.KEYRING_SERVICE, identity.fingerprint, "outdated")
    asked: list[str] = []
    unlocked = keystore.unlock(identity.p12_path, prompt=lambda n: asked.append(n) or PASSPHRASE)
    assert asked == [identity.p12_path.name]
    assert unlocked.fingerprint == identity.fingerprint
    assert keyring.get_password(keystore.KEYRING_SERVICE, identity.fingerprint) == PASSPHRASE


def test_without_keyring_backend_nothing_crashes(tmp_path: Path) -> None:
    identity = make(tmp_path)
    keyring.set_keyring(fail.Keyring())
    assert not keystore.keyring_available()
    assert keystore.remember_passphrase(identity) is False
    assert keystore.stored_passphrase(identity.p12_path) is None
    with pytest.raises(KnownError, match="--passphrase-env"):
        keystore.unlock(identity.p12_path)
    unlocked = keystore.unlock(identity.p12_path, prompt=lambda name: PASSPHRASE)
    assert unlocked.fingerprint == identity.fingerprint


def test_prompt_giving_up_cancels(tmp_path: Path) -> None:
    identity = make(tmp_path)
    with pytest.raises(KnownError) as caught:
        keystore.unlock(identity.p12_path, prompt=lambda name: None)
    assert caught.value.code == "cancelled"


def test_bad_inputs_are_refused_and_nothing_is_overwritten(tmp_path: Path) -> None:
    identity = make(tmp_path)
    before = identity.p12_path.read_bytes()
    with pytest.raises(ValidationError):
        keystore.create_self_signed("张三", identity.p12_path, PASSPHRASE)
    assert identity.p12_path.read_bytes() == before
    with pytest.raises(ValidationError):
        keystore.create_self_signed("张三", tmp_path / "short.p12", "short")
    with pytest.raises(ValidationError):
        keystore.create_self_signed("  ", tmp_path / "noname.p12", PASSPHRASE)
    assert not (tmp_path / "short.p12").exists() and not (tmp_path / "noname.p12").exists()


def test_missing_certificate_file(tmp_path: Path) -> None:
    with pytest.raises(KnownError) as caught:
        keystore.open_identity(tmp_path / "absent.p12", PASSPHRASE)
    assert "not found" in caught.value.message("en")
