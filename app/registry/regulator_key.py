"""The regulator's authorization-code key: Ed25519, private part in a protected PKCS#12.

The private key lives in ``<data folder>/regulator/authz-key.p12``, encrypted with a
passphrase that is kept in the OS keyring the same way as an assessor's signing
certificate (``app.security.keystore``): never in a file, never in the database.
Beside it, ``authz-key.pem`` holds the public certificate (self-signed, the
regulator's name as subject): it is not secret, verifying needs nothing else, and
``export`` hands it to inspectors for offline checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import KnownError, StorageError, ValidationError
from app.files import read_user_file
from app.registry.codes import key_id
from app.security import keystore

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

KEY_FOLDER = "regulator"
PRIVATE_FILE = "authz-key.p12"
PUBLIC_FILE = "authz-key.pem"
VALIDITY = timedelta(days=10 * 365)


@dataclass(frozen=True)
class PublicKey:
    """What verifying needs: the key, its id, and who it belongs to."""

    key: Ed25519PublicKey
    key_id: str
    issuer: str
    fingerprint: str  # SHA-256 of the certificate, to compare by phone or letter


@dataclass(frozen=True)
class UnlockedKey:
    private_key: Ed25519PrivateKey
    public: PublicKey


def key_paths(data_dir: Path) -> tuple[Path, Path]:
    """(private PKCS#12, public certificate) of the workstation's data folder."""
    folder = data_dir / KEY_FOLDER
    return folder / PRIVATE_FILE, folder / PUBLIC_FILE


def create(data_dir: Path, issuer: str, passphrase: str) -> PublicKey:
    """Make the regulator's key pair; refuses to replace an existing one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    issuer = issuer.strip()
    if not issuer:
        raise ValidationError("监管机构名称不能为空", "the regulator's name must not be empty")
    if len(passphrase) < keystore.MIN_PASSPHRASE:
        raise ValidationError(
            f"口令至少需要 {keystore.MIN_PASSPHRASE} 个字符",
            f"the passphrase needs at least {keystore.MIN_PASSPHRASE} characters",
        )
    private_path, public_path = key_paths(data_dir)
    if private_path.exists() or public_path.exists():
        raise ValidationError(
            f"授权码密钥已存在，不会覆盖：{private_path}",
            f"an authorization-code key exists already, not overwriting: {private_path}",
        )
    key = ed25519.Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)])
    start = datetime.now(UTC).replace(microsecond=0)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, None)
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"ihsa-authz",
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    try:
        private_path.parent.mkdir(parents=True, exist_ok=True)
        with open(private_path, "xb") as handle:
            handle.write(p12)
        with open(public_path, "xb") as handle:
            handle.write(cert.public_bytes(serialization.Encoding.PEM))
    except OSError as err:
        raise StorageError(
            f"无法写入授权码密钥 {private_path}：{err.strerror}",
            f"cannot write the authorization-code key {private_path}: {err.strerror}",
        ) from err
    identity = keystore.open_identity(private_path, passphrase)
    keystore.remember_passphrase(identity)
    return _public_of(cert)


def exists(data_dir: Path) -> bool:
    return key_paths(data_dir)[0].is_file()


def unlock(
    data_dir: Path,
    *,
    passphrase: str | None = None,
    prompt: keystore.PassphrasePrompt | None = None,
) -> UnlockedKey:
    """The private key: given passphrase, else the keyring's, else ``prompt``'s answer."""
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.serialization import pkcs12

    private_path, _public_path = key_paths(data_dir)
    _require(private_path)
    identity = keystore.unlock(private_path, passphrase=passphrase, prompt=prompt)
    key, cert, _others = pkcs12.load_key_and_certificates(
        identity.p12_data, identity.passphrase.encode("utf-8")
    )
    if not isinstance(key, ed25519.Ed25519PrivateKey) or cert is None:
        raise ValidationError(
            f"{private_path.name} 中不是 Ed25519 授权码密钥",
            f"{private_path.name} does not hold an Ed25519 authorization-code key",
        )
    return UnlockedKey(key, _public_of(cert))


def local_public(data_dir: Path) -> PublicKey:
    """This workstation's own public key (no passphrase needed)."""
    _private_path, public_path = key_paths(data_dir)
    _require(public_path)
    return load_public(public_path)


def load_public(path: Path) -> PublicKey:
    """A regulator certificate (PEM or DER) as exported by ``export``."""
    from cryptography import x509

    data = read_user_file(path, "监管机构证书", "regulator certificate")
    try:
        cert = (
            x509.load_pem_x509_certificate(data)
            if data.lstrip().startswith(b"-----")
            else x509.load_der_x509_certificate(data)
        )
    except ValueError as err:
        raise ValidationError(
            f"不是监管机构证书文件（PEM/DER）：{path}",
            f"not a regulator certificate file (PEM/DER): {path}",
        ) from err
    return _public_of(cert, path)


def export(data_dir: Path, out_path: Path) -> PublicKey:
    """Copy the public certificate for inspectors; never the private key."""
    _private_path, public_path = key_paths(data_dir)
    public = local_public(data_dir)
    if out_path.exists():
        raise ValidationError(
            f"文件已存在，不会覆盖：{out_path}", f"file exists, not overwriting: {out_path}"
        )
    try:
        out_path.write_bytes(public_path.read_bytes())
    except OSError as err:
        raise StorageError(
            f"无法写入 {out_path}：{err.strerror}", f"cannot write {out_path}: {err.strerror}"
        ) from err
    return public


def _public_of(cert: x509.Certificate, path: Path | None = None) -> PublicKey:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.x509.oid import NameOID

    key = cert.public_key()
    if not isinstance(key, ed25519.Ed25519PublicKey):
        shown = str(path) if path else "certificate"
        raise ValidationError(
            f"证书中不是 Ed25519 公钥，不能用于核验授权码：{shown}",
            f"the certificate holds no Ed25519 key and cannot verify codes: {shown}",
        )
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return PublicKey(
        key=key,
        key_id=key_id(key),
        issuer=str(names[0].value) if names else cert.subject.rfc4514_string(),
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
    )


def _require(path: Path) -> None:
    if not path.is_file():
        raise KnownError(
            "尚未创建授权码密钥：请先运行 ihsa authz init-key",
            "no authorization-code key yet: run ihsa authz init-key first",
            code="no_key",
        )
