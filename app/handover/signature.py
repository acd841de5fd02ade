"""A detached CMS (PKCS#7) signature over a bundle's manifest.

Signing uses ``cryptography``'s PKCS#7 builder with the assessor's PKCS#12 key.
Verification uses pyHanko's ``async_validate_detached_cms``: pyHanko already
verifies the product's PDF signatures, is actively maintained, and checks what a
hand-written check easily misses (the message-digest and content-type signed
attributes, the algorithm policy, the signer certificate's key usage). There are
no trust roots and no fetching, so nothing touches the network; a self-signed
assessor certificate is therefore reported as intact and valid but not trusted,
and the user is shown who signed (name, organisation, SHA-256 fingerprint).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from app.errors import IntegrityError, ValidationError
from app.security.keystore import SigningIdentity, check_usable

MAX_SIGNATURE_BYTES = 1 << 20


@dataclass(frozen=True)
class SignerInfo:
    """Who signed a bundle, read from the certificate inside the signature."""

    subject: str  # common name
    organisation: str
    fingerprint: str  # SHA-256 of the certificate
    self_signed: bool
    not_before: datetime
    not_after: datetime
    signed_at: datetime | None  # as the signer's clock reported it

    @property
    def label(self) -> str:
        holder = f"{self.subject}（{self.organisation}）" if self.organisation else self.subject
        return f"{holder} SHA-256 {self.fingerprint[:16]}…"


def sign_manifest(data: bytes, identity: SigningIdentity) -> bytes:
    """A DER-encoded detached CMS signature over ``data`` (byte for byte)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs7, pkcs12

    check_usable(identity)
    key, cert, _others = pkcs12.load_key_and_certificates(
        identity.p12_data, identity.passphrase.encode("utf-8")
    )
    assert key is not None and cert is not None  # open_identity checked both
    # Binary: sign the bytes as they are (no MIME line-ending conversion).
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(cert, key, hashes.SHA256())  # type: ignore[arg-type]
        .sign(
            Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )


def verify_manifest(data: bytes, signature: bytes) -> SignerInfo:
    """Check the signature over ``data``; return the signer, or raise IntegrityError."""
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext

    try:
        content_info = cms.ContentInfo.load(signature)
        if content_info["content_type"].native != "signed_data":
            raise ValueError("not signed data")
        signed_data = content_info["content"]
        context = ValidationContext(trust_roots=[], allow_fetching=False)
        with _quiet_pyhanko():
            status = asyncio.run(
                async_validate_detached_cms(data, signed_data, signer_validation_context=context)
            )
    except Exception as err:  # asn1crypto and pyHanko raise many kinds for damaged input
        raise IntegrityError(
            "交接包的签名已损坏，无法读取", "the bundle's signature is damaged and cannot be read"
        ) from err
    if not status.intact:
        raise IntegrityError(
            "交接包清单在签名后被修改（签名与内容不符）",
            "the bundle's manifest was changed after it was signed (the signature does not match)",
        )
    if not status.valid:
        raise IntegrityError("交接包的签名无效", "the bundle's signature is not valid")
    return _signer(status.signing_cert.dump(), status.signer_reported_dt)


def _signer(der: bytes, signed_at: datetime | None) -> SignerInfo:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(der)

    def first(oid: x509.ObjectIdentifier) -> str:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return SignerInfo(
        subject=first(NameOID.COMMON_NAME) or cert.subject.rfc4514_string(),
        organisation=first(NameOID.ORGANIZATION_NAME),
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        self_signed=cert.issuer == cert.subject,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        signed_at=signed_at,
    )


def check_signature_size(size: int) -> None:
    if size > MAX_SIGNATURE_BYTES:
        raise ValidationError(
            "交接包的签名文件大小异常", "the bundle's signature file has an implausible size"
        )


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a traceback for every untrusted (self-signed) certificate; the
    outcome is in the returned status, so keep the output clean."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
