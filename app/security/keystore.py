"""Assessor signing certificates (PKCS#12) and their passphrases in the OS keyring.

A report is signed with the assessor's own key. Offline inspectors rarely have a
CA-issued certificate, so ``create_self_signed`` makes one. The passphrase of a
``.p12`` file is kept in the OS keyring (service ``ihsa-workstation``) under the
certificate's SHA-256 fingerprint. Reading the fingerprint needs the passphrase
(PKCS#12 encrypts the certificate too), so a second, non-secret entry maps the
file's SHA-256 to that fingerprint. Without a keyring backend everything still
works: the caller is asked for the passphrase each time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.errors import KnownError, StorageError, ValidationError
from app.files import read_user_file

KEYRING_SERVICE = "ihsa-workstation"
VALIDITY = timedelta(days=3 * 365)
MIN_PASSPHRASE = 8
KEY_TYPES = ("ec", "rsa")

# Asks the user for the passphrase of a file; None means the user gave up.
PassphrasePrompt = Callable[[str], str | None]


@dataclass(frozen=True)
class SigningIdentity:
    """An unlocked PKCS#12: what signing needs, plus what the UI shows."""

    p12_path: Path
    p12_data: bytes
    passphrase: str
    fingerprint: str  # SHA-256 of the certificate, lowercase hex
    subject_name: str  # the certificate's common name
    organisation: str
    not_before: datetime
    not_after: datetime
    self_signed: bool


def create_self_signed(
    name: str,
    out_path: Path,
    passphrase: str,
    *,
    org: str = "",
    key_type: str = "ec",
    now: datetime | None = None,
) -> SigningIdentity:
    """Write a new self-signed assessor certificate with its key to ``out_path``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    name = name.strip()
    if not name:
        raise ValidationError("证书持有人姓名不能为空", "the certificate holder's name is empty")
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            f"口令至少需要 {MIN_PASSPHRASE} 个字符",
            f"the passphrase needs at least {MIN_PASSPHRASE} characters",
        )
    if key_type not in KEY_TYPES:
        raise ValidationError(f"不支持的密钥类型：{key_type}", f"unsupported key type: {key_type}")
    if out_path.exists():
        raise ValidationError(
            f"文件已存在，不会覆盖：{out_path}", f"file exists, not overwriting: {out_path}"
        )
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = (
        ec.generate_private_key(ec.SECP256R1())
        if key_type == "ec"
        else rsa.generate_private_key(public_exponent=65537, key_size=3072)
    )
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if org.strip():
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org.strip()))
    subject = x509.Name(attributes)
    start = (now or datetime.now(UTC)).replace(microsecond=0)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name.encode("utf-8"),
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    try:
        with open(out_path, "xb") as handle:
            handle.write(data)
    except OSError as err:
        raise StorageError(
            f"无法写入证书文件 {out_path}：{err.strerror}",
            f"cannot write the certificate file {out_path}: {err.strerror}",
        ) from err
    return open_identity(out_path, passphrase)


def open_identity(p12_path: Path, passphrase: str) -> SigningIdentity:
    """Decrypt a PKCS#12 file; a wrong passphrase is a one-line KnownError."""
    from asn1crypto import pkcs12 as asn1_pkcs12
    from cryptography.hazmat.primitives.serialization import pkcs12

    data = _read_p12(p12_path)
    try:
        asn1_pkcs12.Pfx.load(data).native  # noqa: B018 - parse fully to tell junk from a bad passphrase
    except (ValueError, TypeError) as err:
        raise ValidationError(
            f"不是 PKCS#12 证书文件：{p12_path}", f"not a PKCS#12 certificate file: {p12_path}"
        ) from err
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError as err:
        raise KnownError(
            f"证书口令错误：{p12_path.name}",
            f"wrong passphrase for {p12_path.name}",
            code="passphrase",
        ) from err
    if key is None or cert is None:
        raise ValidationError(
            f"证书文件中缺少私钥或证书：{p12_path.name}",
            f"the PKCS#12 file holds no private key or no certificate: {p12_path.name}",
        )
    return _identity(p12_path, data, passphrase, cert)


def unlock(
    p12_path: Path,
    *,
    passphrase: str | None = None,
    prompt: PassphrasePrompt | None = None,
) -> SigningIdentity:
    """Open a PKCS#12 with a given passphrase, the keyring's, or the user's answer.

    A passphrase obtained from ``prompt`` is remembered in the keyring when one
    exists. A stale keyring entry (file re-encrypted) falls through to the prompt.
    """
    if passphrase is not None:
        return open_identity(p12_path, passphrase)
    stored = stored_passphrase(p12_path)
    if stored is not None:
        try:
            return open_identity(p12_path, stored)
        except KnownError as err:
            if err.code != "passphrase":
                raise
    if prompt is None:
        raise KnownError(
            f"密钥环中没有 {p12_path.name} 的口令：请交互输入或使用 --passphrase-env 变量名",
            f"no passphrase for {p12_path.name} in the keyring: enter it interactively "
            "or use --passphrase-env VAR",
            code="passphrase",
        )
    answer = prompt(p12_path.name)
    if answer is None:
        raise KnownError("未输入口令，已取消", "no passphrase given; cancelled", code="cancelled")
    identity = open_identity(p12_path, answer)
    remember_passphrase(identity)
    return identity


def remember_passphrase(identity: SigningIdentity) -> bool:
    """Store the passphrase in the OS keyring; False when no usable keyring exists."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, identity.fingerprint, identity.passphrase)
        keyring.set_password(KEYRING_SERVICE, _file_key(identity.p12_data), identity.fingerprint)
    except KeyringError:
        return False
    return True


def stored_passphrase(p12_path: Path) -> str | None:
    """The keyring's passphrase for this file, or None (also when there is no keyring)."""
    import keyring
    from keyring.errors import KeyringError

    data = _read_p12(p12_path)
    try:
        fingerprint = keyring.get_password(KEYRING_SERVICE, _file_key(data))
        if not fingerprint:
            return None
        return keyring.get_password(KEYRING_SERVICE, fingerprint)
    except KeyringError:
        return None


def keyring_available() -> bool:
    """Whether an OS keyring backend exists (headless Linux often has none)."""
    import keyring
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def check_usable(identity: SigningIdentity, at: datetime | None = None) -> None:
    """Refuse to sign with a certificate outside its validity period."""
    moment = at or datetime.now(UTC)
    if moment < identity.not_before:
        raise ValidationError(
            f"证书尚未生效（生效时间 {identity.not_before:%Y-%m-%d}）",
            f"the certificate is not valid yet (valid from {identity.not_before:%Y-%m-%d})",
        )
    if moment > identity.not_after:
        raise ValidationError(
            f"证书已于 {identity.not_after:%Y-%m-%d} 过期，请使用新证书",
            f"the certificate expired on {identity.not_after:%Y-%m-%d}; use a new one",
        )


def _identity(path: Path, data: bytes, passphrase: str, cert: object) -> SigningIdentity:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    assert isinstance(cert, x509.Certificate)

    def first(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
        values = name.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return SigningIdentity(
        p12_path=path,
        p12_data=data,
        passphrase=passphrase,
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        subject_name=first(cert.subject, NameOID.COMMON_NAME) or cert.subject.rfc4514_string(),
        organisation=first(cert.subject, NameOID.ORGANIZATION_NAME),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=cert.issuer == cert.subject,
    )


def _file_key(data: bytes) -> str:
    return "p12:" + hashlib.sha256(data).hexdigest()


def _read_p12(path: Path) -> bytes:
    return read_user_file(path, "证书文件", "certificate file")
