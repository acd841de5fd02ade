"""Signing identities for fixtures: a private key and its self-signed certificate.

Keys and the named identities are made once per process and cached, so the same
helper always returns the same certificate (and fingerprint) within a test run.

    release_cert()            RSA 2048, SHA-256, valid now (CN=IHSA Test Release)
    rsa1024_cert()            RSA 1024 (a weak key)
    ec_cert()                 EC P-256
    debug_cert()              CN=Android Debug,O=Android,C=US (what the Android SDK generates)
    aosp_test_cert()          the subject of AOSP's build/target/product/security/testkey
    expired_cert()            RSA 2048, expired in 2020
    make_cert(...)            anything else (key kind, subject, validity, certificate hash)
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from asn1crypto import algos as asn1_algos
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class SigningCert:
    key: PrivateKey
    cert: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def sha256(self) -> str:
        """Lower-case hex SHA-256 of the DER certificate (the usual APK cert fingerprint)."""
        return hashlib.sha256(self.der).hexdigest()

    @property
    def public_key_der(self) -> bytes:
        """SubjectPublicKeyInfo DER, as the v2/v3 signing block stores it."""
        return self.key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @property
    def is_rsa(self) -> bool:
        return isinstance(self.key, rsa.RSAPrivateKey)


@functools.cache
def private_key(kind: str, slot: int = 0) -> PrivateKey:
    """A cached key: kind "rsa2048" | "rsa1024" | "ec256"; `slot` gives distinct keys."""
    del slot  # only part of the cache key
    if kind == "rsa2048":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "rsa1024":
        return rsa.generate_private_key(public_exponent=65537, key_size=1024)
    if kind == "ec256":
        return ec.generate_private_key(ec.SECP256R1())
    raise ValueError(f"unknown key kind {kind!r}")


def make_cert(
    *,
    key: str = "rsa2048",
    slot: int = 0,
    common_name: str = "IHSA Test Release",
    organization: str | None = "IHSA Test",
    country: str | None = "CN",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    cert_hash: str = "sha256",
    serial: int = 0x1A2B3C4D,
) -> SigningCert:
    """A self-signed certificate. `cert_hash` is the certificate's own signature hash:
    sha256, or sha1 / md5 for old-style RSA certificates (the APK signature's digest is
    chosen separately, at signing time)."""
    private = private_key(key, slot)
    now = dt.datetime.now(dt.UTC)
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attrs.insert(0, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    if country:
        attrs.insert(0, x509.NameAttribute(NameOID.COUNTRY_NAME, country))
    name = x509.Name(attrs)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(serial)
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=3650))
        .sign(private, hashes.SHA256())
    )
    if cert_hash != "sha256":
        cert = _resign_weak(cert, private, cert_hash)
    return SigningCert(private, cert)


def _resign_weak(cert: x509.Certificate, key: PrivateKey, cert_hash: str) -> x509.Certificate:
    """Re-sign with SHA-1/MD5, which cryptography's builder refuses to do."""
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("weak certificate hashes are only offered for RSA keys")
    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    algorithm = asn1_algos.SignedDigestAlgorithm({"algorithm": f"{cert_hash}_rsa"})
    tbs = parsed["tbs_certificate"]
    tbs["signature"] = algorithm
    digest = {"sha1": hashes.SHA1(), "md5": hashes.MD5()}[cert_hash]
    signature = key.sign(tbs.dump(force=True), padding.PKCS1v15(), digest)
    rebuilt = asn1_x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algorithm, "signature_value": signature}
    )
    return x509.load_der_x509_certificate(rebuilt.dump())


@functools.cache
def release_cert() -> SigningCert:
    return make_cert()


@functools.cache
def other_release_cert() -> SigningCert:
    """A second, different release identity (for counterfeit / repackaged checks)."""
    return make_cert(slot=1, common_name="Somebody Else", organization="Repackager")


@functools.cache
def rsa1024_cert() -> SigningCert:
    return make_cert(key="rsa1024", common_name="IHSA Weak Key")


@functools.cache
def ec_cert() -> SigningCert:
    return make_cert(key="ec256", common_name="IHSA Test EC")


@functools.cache
def debug_cert() -> SigningCert:
    """Same subject as the Android SDK's debug.keystore certificate."""
    return make_cert(
        slot=2, common_name="Android Debug", organization="Android", country="US", serial=1
    )


@functools.cache
def aosp_test_cert() -> SigningCert:
    """A certificate with the AOSP test key's subject (a fresh key: only the name matches)."""
    private = private_key("rsa2048", 3)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "California"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "Mountain View"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Android"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Android"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Android"),
            x509.NameAttribute(NameOID.EMAIL_ADDRESS, "android@android.com"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(0x936EACBE07F201DF)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(private, hashes.SHA256())
    )
    return SigningCert(private, cert)


@functools.cache
def expired_cert() -> SigningCert:
    return make_cert(
        common_name="IHSA Expired",
        not_before=dt.datetime(2015, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
