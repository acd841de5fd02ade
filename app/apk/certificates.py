"""X.509 certificate facts for the report: fingerprint, names, validity, key.

``cryptography`` reads well-formed certificates; old or hand-made signing
certificates it rejects are read with ``asn1crypto`` instead, so a strange
certificate never hides the fact that the APK is signed.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

from app.apk.errors import ParseError

ANDROID_DEBUG_CN = "CN=Android Debug"
# Subject of the public AOSP test keys (testkey, platform, shared, media).
AOSP_TEST_SUBJECT = (
    "1.2.840.113549.1.9.1=android@android.com,CN=Android,OU=Android,O=Android,"
    "L=Mountain View,ST=California,C=US"
)


@dataclass
class CertInfo:
    sha256: str
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    signature_algorithm: str
    key_type: str  # RSA, EC, DSA, Ed25519, ...
    key_size: int | None

    @property
    def key(self) -> str:
        return f"{self.key_type}PublicKey-{self.key_size}" if self.key_size else self.key_type

    @property
    def is_android_debug(self) -> bool:
        return ANDROID_DEBUG_CN in self.subject

    @property
    def is_aosp_test_key(self) -> bool:
        return self.subject == AOSP_TEST_SUBJECT

    def valid_at(self, moment: datetime) -> bool:
        return self.not_before <= moment <= self.not_after

    def to_json(self) -> dict:
        return {
            "sha256": self.sha256,
            "subject": self.subject,
            "issuer": self.issuer,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "signature_algorithm": self.signature_algorithm,
            "key": self.key,
            "key_type": self.key_type,
            "key_size": self.key_size,
        }


def read_certificate(der: bytes) -> CertInfo:
    """Facts of one DER certificate; raises ParseError if neither library can read it."""
    fingerprint = hashlib.sha256(der).hexdigest()
    try:
        with warnings.catch_warnings():
            # cryptography warns about non-conforming names (e.g. C=Unknown); we report them as-is.
            warnings.simplefilter("ignore")
            return _with_cryptography(der, fingerprint)
    except Exception:
        try:
            return _with_asn1crypto(der, fingerprint)
        except Exception as exc:
            raise ParseError(f"unreadable certificate {fingerprint[:16]}…: {exc}") from exc


def _with_cryptography(der: bytes, fingerprint: str) -> CertInfo:
    cert = x509.load_der_x509_certificate(der)
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        key_type, key_size = "RSA", key.key_size
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key_type, key_size = "EC", key.curve.key_size
    elif isinstance(key, dsa.DSAPublicKey):
        key_type, key_size = "DSA", key.key_size
    elif isinstance(key, ed25519.Ed25519PublicKey):
        key_type, key_size = "Ed25519", 256
    elif isinstance(key, ed448.Ed448PublicKey):
        key_type, key_size = "Ed448", 456
    else:
        key_type, key_size = type(key).__name__.replace("PublicKey", ""), None
    oid = cert.signature_algorithm_oid
    return CertInfo(
        sha256=fingerprint,
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        signature_algorithm=getattr(oid, "_name", None) or oid.dotted_string,
        key_type=key_type,
        key_size=key_size,
    )


_SHORT_NAMES = {
    "2.5.4.3": "CN",
    "2.5.4.11": "OU",
    "2.5.4.10": "O",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.6": "C",
    "2.5.4.9": "STREET",
    "0.9.2342.19200300.100.1.25": "DC",
    "0.9.2342.19200300.100.1.1": "UID",
}
_KEY_TYPES = {"rsa": "RSA", "ec": "EC", "dsa": "DSA", "ed25519": "Ed25519", "ed448": "Ed448"}


def _with_asn1crypto(der: bytes, fingerprint: str) -> CertInfo:
    cert = ax509.Certificate.load(der, strict=False)
    tbs = cert["tbs_certificate"]
    validity = tbs["validity"]
    key_info = tbs["subject_public_key_info"]
    algorithm = key_info.algorithm
    try:
        key_size = key_info.bit_size
    except Exception:
        key_size = None
    return CertInfo(
        sha256=fingerprint,
        subject=_rfc4514(tbs["subject"]),
        issuer=_rfc4514(tbs["issuer"]),
        not_before=_as_utc(validity["not_before"].native),
        not_after=_as_utc(validity["not_after"].native),
        signature_algorithm=cert["signature_algorithm"]["algorithm"].native,
        key_type=_KEY_TYPES.get(algorithm, algorithm.upper()),
        key_size=key_size,
    )


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _rfc4514(name: object) -> str:
    """RFC 4514 string (last RDN first), matching ``cryptography``'s formatting."""
    parts = []
    for rdn in reversed(list(name.chosen)):  # type: ignore[attr-defined]
        pieces = []
        for attribute in rdn:
            oid = attribute["type"].dotted
            label = _SHORT_NAMES.get(oid, oid)
            value = attribute["value"].native
            pieces.append(f"{label}={_escape(str(value))}")
        parts.append("+".join(pieces))
    return ",".join(parts)


def _escape(value: str) -> str:
    out = []
    for index, char in enumerate(value):
        if (
            char in ',+"\\<>;'
            or (char == "#" and index == 0)
            or (char == " " and index in (0, len(value) - 1))
        ):
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)
