"""APK signatures: v1 (JAR, PKCS#7 in META-INF) and the APK Signing Block (v2, v3, v3.1).

We report which schemes are present and every certificate they carry, with the
algorithms used, so the checks can judge debug keys, weak algorithms, Janus
exposure and whether the signer is the registered official one. Certificates
alone prove nothing about the file (a repackaged APK can keep the original
signing block), so we also verify every scheme (``sigverify``): signatures,
the v2/v3 content digest in one streaming pass, and the v1 entry digests when
Android relies on v1. A damaged block is reported as degraded.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field

from asn1crypto import cms

from app.apk import der
from app.apk.archive import ApkArchive
from app.apk.blockverify import ALGORITHMS, V2_ID, V3_ID, V31_ID, prefixed, sequence
from app.apk.certificates import CertInfo, read_certificate
from app.apk.errors import ParseError
from app.apk.jarverify import BLOCK_SUFFIXES as SIGNATURE_FILE_SUFFIXES
from app.apk.sigverify import Verification, verify_signatures

# APK Signature Scheme v2/v3 signature algorithm ids.
BLOCK_ALGORITHMS = {algorithm_id: a.name for algorithm_id, a in ALGORITHMS.items()}
_DIGEST_NAMES = {
    "md5": "MD5",
    "sha1": "SHA-1",
    "sha224": "SHA-224",
    "sha256": "SHA-256",
    "sha384": "SHA-384",
    "sha512": "SHA-512",
}


@dataclass
class Signer:
    scheme: str  # v1, v2, v3, v31
    certificates: list[str]  # sha256 of each certificate, signer's own first
    digest_algorithms: list[str] = field(default_factory=list)
    signature_algorithms: list[str] = field(default_factory=list)
    source: str = ""  # e.g. META-INF/CERT.RSA
    verified: bool | None = None  # this signer's own signature (and digests) verify
    orphan: bool = False  # a v1 signature block without its .SF: it signs nothing


@dataclass
class SigningInfo:
    v1: bool = False
    v2: bool = False
    v3: bool = False
    v31: bool = False
    signers: list[Signer] = field(default_factory=list)
    certificates: dict[str, CertInfo] = field(default_factory=dict)  # sha256 -> info, in order
    cert_schemes: dict[str, list[str]] = field(
        default_factory=dict
    )  # sha256 -> schemes carrying it
    notes: list[str] = field(default_factory=list)
    verification: Verification = field(default_factory=Verification)

    @property
    def signed(self) -> bool:
        return self.v1 or self.v2 or self.v3 or self.v31

    @property
    def v1_digests(self) -> list[str]:
        out: list[str] = []
        for signer in self.signers:
            if signer.scheme == "v1":
                out.extend(d for d in signer.digest_algorithms if d not in out)
        return out

    def finish_verification(self, archive: ApkArchive) -> None:
        """The v1 entry digests left by ``read_signing(defer_entries=True)``."""
        self.verification.finish(archive)

    def signer_certificates(self) -> list[str]:
        """Fingerprints of the certificates that actually sign (first of each signer).

        A v1 block without its .SF is left out: anyone can drop the official
        CERT.RSA into a repackaged APK, and it signs nothing there.
        """
        out: list[str] = []
        for signer in self.signers:
            if signer.orphan:
                continue
            if signer.certificates and signer.certificates[0] not in out:
                out.append(signer.certificates[0])
        return out


def read_signing(
    archive: ApkArchive, min_sdk: int | None = None, *, defer_entries: bool = False
) -> SigningInfo:
    """Schemes, certificates and their verification; ``min_sdk`` None means unknown.

    ``defer_entries``: leave the v1 entry digests to ``SigningInfo.finish_verification``,
    called once the other stages have read (and so hashed) the big entries.
    """
    info = SigningInfo()
    _read_v1(archive, info)
    try:
        block = archive.signing_block()
    except ParseError as exc:
        info.notes.append(str(exc))
        block = None
    if block is not None:
        block = bytes(block)
        _read_block(block, info)
    info.verification = verify_signatures(
        archive, block, min_sdk=min_sdk, defer_entries=defer_entries
    )
    _mark_signers(info)
    return info


def _mark_signers(info: SigningInfo) -> None:
    """Copy each signer's own verdict from the verification onto the reported signers."""
    verification = info.verification
    seen: dict[str, int] = {}
    for signer in info.signers:
        if signer.scheme == "v1":
            signer.verified = verification.v1_signers.get(signer.source)
            signer.orphan = signer.source in verification.v1_orphans
            continue
        index = seen.get(signer.scheme, 0)
        seen[signer.scheme] = index + 1
        verdicts = verification.block_signers.get(signer.scheme, [])
        signer.verified = verdicts[index] if index < len(verdicts) else None


def _add_certificate(info: SigningInfo, cert_der: bytes, scheme: str) -> str | None:
    fingerprint = hashlib.sha256(cert_der).hexdigest()
    if fingerprint not in info.certificates:  # v1, v2 and v3 usually carry the same one
        try:
            info.certificates[fingerprint] = read_certificate(cert_der)
        except ParseError as exc:
            info.notes.append(str(exc))
            return None
    schemes = info.cert_schemes.setdefault(fingerprint, [])
    if scheme not in schemes:
        schemes.append(scheme)
    return fingerprint


# -- v1 -------------------------------------------------------------------------


def _read_v1(archive: ApkArchive, info: SigningInfo) -> None:
    for name in archive.names():
        if not name.startswith("META-INF/") or name.count("/") != 1:
            continue
        if not name.upper().endswith(SIGNATURE_FILE_SUFFIXES):
            continue
        try:
            signer = _read_pkcs7(archive.read(name, cap=4 * 1024 * 1024), info)
        except ParseError as exc:
            info.notes.append(f"v1 signature {name}: {exc}")
            continue
        signer.source = name
        info.signers.append(signer)
        info.v1 = True


def _read_pkcs7(data: bytes, info: SigningInfo) -> Signer:
    try:
        signed = der.read_signed_data(data)
    except ParseError as exc:
        if "not SignedData" in str(exc) or "without a signer" in str(exc):
            raise
        return _read_pkcs7_lenient(data, info)  # BER or other unusual encoding
    signer = Signer("v1", [])
    by_issuer_serial: dict[tuple[bytes, bytes], str] = {}
    fingerprints: list[str] = []
    for cert_der in signed.certificates:
        fingerprint = _add_certificate(info, cert_der, "v1")
        if not fingerprint:
            continue
        fingerprints.append(fingerprint)
        try:
            by_issuer_serial[der.certificate_issuer_serial(cert_der)] = fingerprint
        except ParseError:
            continue
    for signer_info in signed.signers:
        signer.digest_algorithms.append(
            _DIGEST_NAMES.get(signer_info.digest_algorithm, signer_info.digest_algorithm.upper())
        )
        signer.signature_algorithms.append(signer_info.signature_algorithm)
        if signer_info.issuer is not None and signer_info.serial is not None:
            own = by_issuer_serial.get((signer_info.issuer, signer_info.serial))
            if own and own not in signer.certificates:
                signer.certificates.append(own)
    signer.certificates.extend(f for f in fingerprints if f not in signer.certificates)
    return signer


def _read_pkcs7_lenient(data: bytes, info: SigningInfo) -> Signer:
    """asn1crypto reading, for signature blocks our DER reader does not accept."""
    try:
        content = cms.ContentInfo.load(data)
        if content["content_type"].native != "signed_data":
            raise ParseError("PKCS#7 content is not SignedData")
        signed = content["content"]
        certificates = [choice.chosen for choice in signed["certificates"]]
        signer_infos = list(signed["signer_infos"])
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(f"unreadable PKCS#7 ({type(exc).__name__})") from exc
    if not signer_infos:
        raise ParseError("PKCS#7 without a signer")
    by_serial: dict[tuple[bytes, int], str] = {}
    fingerprints: list[str] = []
    for cert in certificates:
        try:
            cert_der = cert.dump()
            key = (cert.issuer.dump(), cert.serial_number)
        except Exception:
            info.notes.append("v1 signature: undecodable certificate skipped")
            continue
        fingerprint = _add_certificate(info, cert_der, "v1")
        if fingerprint:
            fingerprints.append(fingerprint)
            by_serial[key] = fingerprint
    signer = Signer("v1", [])
    for signer_info in signer_infos:
        try:
            digest = signer_info["digest_algorithm"]["algorithm"].native
            signature = signer_info["signature_algorithm"]["algorithm"].native
            sid = signer_info["sid"].chosen
            own = by_serial.get((sid["issuer"].dump(), sid["serial_number"].native))
        except Exception:
            continue
        signer.digest_algorithms.append(_DIGEST_NAMES.get(digest, str(digest).upper()))
        signer.signature_algorithms.append(str(signature))
        if own and own not in signer.certificates:
            signer.certificates.append(own)
    signer.certificates.extend(f for f in fingerprints if f not in signer.certificates)
    return signer


# -- APK Signing Block ------------------------------------------------------------


def _read_block(block: bytes, info: SigningInfo) -> None:
    pos, end = 0, len(block)
    while pos + 12 <= end:
        (length,) = struct.unpack_from("<Q", block, pos)
        if length < 4 or pos + 8 + length > end:
            info.notes.append("APK Signing Block: pair length out of bounds")
            return
        (pair_id,) = struct.unpack_from("<L", block, pos + 8)
        value = block[pos + 12 : pos + 8 + length]
        scheme = {V2_ID: "v2", V3_ID: "v3", V31_ID: "v31"}.get(pair_id)
        if scheme:
            try:
                signers = _read_scheme_block(value, scheme, info)
            except (ParseError, struct.error) as exc:
                info.notes.append(f"APK Signature Scheme {scheme}: {exc}")
                signers = []
            if signers:
                setattr(info, scheme, True)
                info.signers.extend(signers)
        pos += 8 + length


def _read_scheme_block(value: bytes, scheme: str, info: SigningInfo) -> list[Signer]:
    signers_blob, _ = prefixed(value, 0)
    signers = []
    for signer_blob in sequence(signers_blob):
        signed_data, pos = prefixed(signer_blob, 0)
        if scheme != "v2":
            pos += 8  # minSdkVersion, maxSdkVersion
        signatures_blob, _ = prefixed(signer_blob, pos)
        digests_blob, at = prefixed(signed_data, 0)
        certs_blob, _ = prefixed(signed_data, at)
        signer = Signer(scheme, [])
        for cert_der in sequence(certs_blob):
            fingerprint = _add_certificate(info, cert_der, scheme)
            if fingerprint and fingerprint not in signer.certificates:
                signer.certificates.append(fingerprint)
        for entry in sequence(signatures_blob):
            if len(entry) >= 4:
                (algorithm,) = struct.unpack_from("<L", entry, 0)
                signer.signature_algorithms.append(
                    BLOCK_ALGORITHMS.get(algorithm, f"unknown (0x{algorithm:04x})")
                )
        for entry in sequence(digests_blob):
            if len(entry) >= 4:
                (algorithm,) = struct.unpack_from("<L", entry, 0)
                name = BLOCK_ALGORITHMS.get(algorithm, "")
                signer.digest_algorithms.append("SHA-512" if "512" in name else "SHA-256")
        signers.append(signer)
    return signers
