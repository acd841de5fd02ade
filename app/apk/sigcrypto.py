"""Public-key signature checks shared by the v1 (JAR) and v2/v3 verifiers.

Both schemes come down to "does this RSA / ECDSA / DSA signature over these
bytes verify with this public key"; keeping it here means one place decides
which algorithms we support, and every failure is a ``False`` (does not verify)
or a ``ParseError`` (cannot be decided) that the caller turns into a problem line.
"""

from __future__ import annotations

from typing import Literal

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, padding, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_der_public_key,
)

from app.apk import der
from app.apk.errors import ParseError

SignatureKind = Literal["rsa-pkcs1", "rsa-pss", "ecdsa", "dsa"]
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | dsa.DSAPublicKey

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "md5": hashes.MD5,
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def load_key(spki_der: bytes) -> PublicKey:
    """A SubjectPublicKeyInfo as a key object; ParseError if unreadable or not RSA/EC/DSA."""
    try:
        key = load_der_public_key(spki_der)
    except (ValueError, UnsupportedAlgorithm, TypeError) as exc:
        raise ParseError(f"unreadable public key ({type(exc).__name__})") from exc
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey | dsa.DSAPublicKey):
        raise ParseError(f"unsupported public key type {type(key).__name__}")
    return key


def certificate_spki(cert_der: bytes) -> bytes:
    """The SubjectPublicKeyInfo DER of an X.509 certificate, read straight from the TBS."""
    _tag, start, stop = der.read_tlv(cert_der, 0, len(cert_der))
    _tag, tbs_start, tbs_stop = der.read_tlv(cert_der, start, stop)
    fields = der.children(cert_der, tbs_start, tbs_stop)
    index = 1 if fields and fields[0][0] == der.CONTEXT_0 else 0
    if len(fields) < index + 6:  # serial, signature, issuer, validity, subject, spki
        raise ParseError("certificate without a public key")
    spki = fields[index + 5]
    return cert_der[spki[1] : spki[3]]


def same_key(a: PublicKey, b: PublicKey) -> bool:
    """Compare keys by their canonical DER, so encoding variants of one key still match."""
    spki = PublicFormat.SubjectPublicKeyInfo
    return a.public_bytes(Encoding.DER, spki) == b.public_bytes(Encoding.DER, spki)


def verify(
    key: PublicKey, kind: SignatureKind, hash_name: str, signature: bytes, data: bytes
) -> bool:
    """True if ``signature`` over ``data`` verifies; ParseError if it cannot be decided
    (unknown hash, or a key of another type than the algorithm names)."""
    hash_type = _HASHES.get(hash_name)
    if hash_type is None:
        raise ParseError(f"unsupported digest {hash_name}")
    try:
        if kind in ("rsa-pkcs1", "rsa-pss"):
            if not isinstance(key, rsa.RSAPublicKey):
                raise ParseError(f"{kind} signature with a {_key_name(key)} key")
            # v2/v3 PSS: MGF1 with the same digest, salt as long as the digest.
            pad: padding.AsymmetricPadding = (
                padding.PKCS1v15()
                if kind == "rsa-pkcs1"
                else padding.PSS(padding.MGF1(hash_type()), padding.PSS.DIGEST_LENGTH)
            )
            key.verify(signature, data, pad, hash_type())
        elif kind == "ecdsa":
            if not isinstance(key, ec.EllipticCurvePublicKey):
                raise ParseError(f"ECDSA signature with a {_key_name(key)} key")
            key.verify(signature, data, ec.ECDSA(hash_type()))
        else:
            if not isinstance(key, dsa.DSAPublicKey):
                raise ParseError(f"DSA signature with a {_key_name(key)} key")
            key.verify(signature, data, hash_type())
    except InvalidSignature:
        return False
    except (UnsupportedAlgorithm, ValueError) as exc:
        raise ParseError(f"{kind} with {hash_name} not supported here ({exc})") from exc
    return True


def _key_name(key: PublicKey) -> str:
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA"
    return "EC" if isinstance(key, ec.EllipticCurvePublicKey) else "DSA"
