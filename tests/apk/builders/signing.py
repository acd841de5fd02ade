"""APK signing: v1 (JAR signature) and the APK Signing Block with v2 / v3 signers.

v1: `jar_signature_files(entries, cert, digest=...)` returns the META-INF files
(MANIFEST.MF, <NAME>.SF, <NAME>.RSA or .EC) for the given ZIP entries; the PKCS#7
SignedData is detached over the .SF file and has no signed attributes, as
apksigner writes it. Digest "sha256" (default), "sha1" or "md5" (weak variants).

v2/v3: `add_signing_block(zip_bytes, cert, schemes=(2, 3))` inserts an APK Signing
Block between the ZIP entries and the central directory and fixes the EOCD's
central-directory offset. Content digests follow the scheme: 1 MiB chunks of the
entries, the central directory and the EOCD (with the CD offset as if unsigned),
``0xa5 || len || chunk`` per chunk and ``0x5a || count || chunk digests`` on top.
`insert_signing_block(zip_bytes, pairs)` writes any (id, value) pairs verbatim, for
crafted blocks.

Variants for the verification tests: ``signed_attributes=True`` (PKCS#7 with a
message-digest attribute, as jarsigner writes it); ``algorithm=`` any v2/v3
algorithm id (PSS, SHA-512, verity, or an unknown id, whose digest is then
arbitrary bytes); ``corrupt_signature=True``. After the fact:
`flip_stored_byte(path, entry)`, `append_entry(path, name, data)` and
`strip_signing_block(path)` tamper with a signed file the way an attacker would.
"""

from __future__ import annotations

import base64
import hashlib
import struct
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from asn1crypto import algos, cms
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding

from .certs import SigningCert

V2_BLOCK_ID = 0x7109871A
V3_BLOCK_ID = 0xF05368C0
STRIPPING_PROTECTION_ATTR = 0xBEEFF00D
APK_SIG_BLOCK_MAGIC = b"APK Sig Block 42"

SIG_RSA_PSS_SHA256 = 0x0101
SIG_RSA_PKCS1_SHA256 = 0x0103
SIG_RSA_PKCS1_SHA512 = 0x0104
SIG_ECDSA_SHA256 = 0x0201
SIG_VERITY_RSA_PKCS1_SHA256 = 0x0421

_CHUNK = 1024 * 1024

# digest name -> (MANIFEST.MF attribute prefix, hashlib name, cryptography hash)
_V1_DIGESTS = {
    "sha256": ("SHA-256", "sha256", hashes.SHA256),
    "sha1": ("SHA1", "sha1", hashes.SHA1),
    "md5": ("MD5", "md5", hashes.MD5),
}


# ---------------------------------------------------------------- v1


def _manifest_line(text: str) -> bytes:
    """One manifest header, wrapped at 72 bytes with continuation lines (JAR spec)."""
    raw = text.encode("utf-8")
    lines = [raw[:72]]
    raw = raw[72:]
    while raw:
        lines.append(b" " + raw[:71])
        raw = raw[71:]
    return b"".join(line + b"\r\n" for line in lines)


def _b64_digest(hash_name: str, data: bytes) -> str:
    return base64.b64encode(hashlib.new(hash_name, data).digest()).decode("ascii")


def jar_signature_files(
    entries: Mapping[str, bytes],
    cert: SigningCert,
    *,
    digest: str = "sha256",
    signer_name: str = "CERT",
    apk_signed_schemes: Sequence[int] = (),
    signed_attributes: bool = False,
) -> dict[str, bytes]:
    """META-INF files signing `entries` (name -> uncompressed content).

    `apk_signed_schemes` lists the v2+ schemes also present; it becomes the
    ``X-Android-APK-Signed`` header that stops stripping attacks.
    """
    prefix, hash_name, crypto_hash = _V1_DIGESTS[digest]
    main = _manifest_line("Manifest-Version: 1.0") + _manifest_line("Created-By: 1.0 (Android)")
    sections = []
    for name in sorted(entries):
        if name.startswith("META-INF/"):
            continue
        section = _manifest_line(f"Name: {name}")
        section += _manifest_line(f"{prefix}-Digest: {_b64_digest(hash_name, entries[name])}")
        sections.append((name, section + b"\r\n"))
    manifest = main + b"\r\n" + b"".join(s for _, s in sections)

    sf = _manifest_line("Signature-Version: 1.0") + _manifest_line("Created-By: 1.0 (Android)")
    sf += _manifest_line(f"{prefix}-Digest-Manifest: {_b64_digest(hash_name, manifest)}")
    if apk_signed_schemes:
        schemes = ", ".join(str(s) for s in apk_signed_schemes)
        sf += _manifest_line(f"X-Android-APK-Signed: {schemes}")
    sf += b"\r\n"
    for name, section in sections:
        sf += _manifest_line(f"Name: {name}")
        sf += _manifest_line(f"{prefix}-Digest: {_b64_digest(hash_name, section)}")
        sf += b"\r\n"

    extension = "RSA" if cert.is_rsa else "EC"
    return {
        "META-INF/MANIFEST.MF": manifest,
        f"META-INF/{signer_name}.SF": sf,
        f"META-INF/{signer_name}.{extension}": pkcs7_detached(
            sf, cert, digest, crypto_hash, signed_attributes=signed_attributes
        ),
    }


def pkcs7_detached(
    content: bytes, cert: SigningCert, digest: str, crypto_hash, *, signed_attributes: bool = False
) -> bytes:
    """DER ContentInfo(SignedData) with a detached signature over `content` (or, with
    `signed_attributes`, over content-type and message-digest attributes naming it)."""
    attributes = None
    to_sign = content
    if signed_attributes:
        attributes = cms.CMSAttributes(
            [
                cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
                cms.CMSAttribute(
                    {"type": "message_digest", "values": [hashlib.new(digest, content).digest()]}
                ),
            ]
        )
        to_sign = attributes.dump()  # the SET OF encoding is what gets signed
    if cert.is_rsa:
        signature = cert.key.sign(to_sign, padding.PKCS1v15(), crypto_hash())
        signature_algorithm = "rsassa_pkcs1v15"
    else:
        signature = cert.key.sign(to_sign, ec.ECDSA(crypto_hash()))
        signature_algorithm = f"{digest}_ecdsa"
    certificate = asn1_x509.Certificate.load(cert.der)
    fields = {
        "version": "v1",
        "sid": cms.SignerIdentifier(
            {
                "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                    {"issuer": certificate.issuer, "serial_number": certificate.serial_number}
                )
            }
        ),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": digest}),
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": signature_algorithm}),
        "signature": signature,
    }
    if attributes is not None:
        fields["signed_attrs"] = attributes
    signer_info = cms.SignerInfo(fields)
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": digest})],
            "encap_content_info": {"content_type": "data"},
            "certificates": [certificate],
            "signer_infos": [signer_info],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


# ---------------------------------------------------------------- v2 / v3


def _lp(data: bytes) -> bytes:
    """uint32 little-endian length prefix."""
    return struct.pack("<I", len(data)) + data


def _sequence(items: Iterable[bytes]) -> bytes:
    """A length-prefixed sequence of length-prefixed items."""
    return _lp(b"".join(_lp(item) for item in items))


def split_zip(data: bytes) -> tuple[int, int, int]:
    """(central directory offset, its size, EOCD offset) of a ZIP without comment."""
    eocd = data.rfind(b"PK\x05\x06")
    if eocd < 0:
        raise ValueError("no end-of-central-directory record")
    cd_size, cd_offset = struct.unpack_from("<II", data, eocd + 12)
    return cd_offset, cd_size, eocd


def content_digest(data: bytes, hash_name: str = "sha256") -> bytes:
    """v2/v3 content digest (chunked SHA-256 or SHA-512) of an unsigned ZIP image."""
    cd_offset, cd_size, eocd = split_zip(data)
    sections = [data[:cd_offset], data[cd_offset : cd_offset + cd_size], data[eocd:]]
    chunk_digests = []
    for section in sections:
        for start in range(0, len(section), _CHUNK):
            chunk = section[start : start + _CHUNK]
            prefix = b"\xa5" + struct.pack("<I", len(chunk))
            chunk_digests.append(hashlib.new(hash_name, prefix + chunk).digest())
    top = b"\x5a" + struct.pack("<I", len(chunk_digests)) + b"".join(chunk_digests)
    return hashlib.new(hash_name, top).digest()


# algorithm id -> (content digest hash or None for "arbitrary bytes", signing function)
_RSA_SIGN = {
    SIG_RSA_PSS_SHA256: (
        "sha256",
        lambda k, d: k.sign(d, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256()),
    ),
    SIG_RSA_PKCS1_SHA256: ("sha256", lambda k, d: k.sign(d, padding.PKCS1v15(), hashes.SHA256())),
    SIG_RSA_PKCS1_SHA512: ("sha512", lambda k, d: k.sign(d, padding.PKCS1v15(), hashes.SHA512())),
    SIG_VERITY_RSA_PKCS1_SHA256: (
        None,
        lambda k, d: k.sign(d, padding.PKCS1v15(), hashes.SHA256()),
    ),
}


def _signer(
    scheme: int,
    cert: SigningCert,
    data: bytes,
    *,
    min_sdk: int,
    strip_protect: bool,
    algorithm: int | None,
    corrupt_signature: bool,
) -> bytes:
    if algorithm is None:
        algorithm = SIG_RSA_PKCS1_SHA256 if cert.is_rsa else SIG_ECDSA_SHA256
    if algorithm == SIG_ECDSA_SHA256:
        hash_name, sign = "sha256", lambda k, d: k.sign(d, ec.ECDSA(hashes.SHA256()))
    else:  # an id we do not know signs like PKCS#1 SHA-256 over an arbitrary digest
        hash_name, sign = _RSA_SIGN.get(algorithm, _RSA_SIGN[SIG_VERITY_RSA_PKCS1_SHA256])
    digest = (
        content_digest(data, hash_name) if hash_name else hashlib.sha256(data).digest() + bytes(8)
    )
    digests = _sequence([struct.pack("<I", algorithm) + _lp(digest)])
    certificates = _sequence([cert.der])
    if scheme == 2:
        attributes = [struct.pack("<II", STRIPPING_PROTECTION_ATTR, 3)] if strip_protect else []
        signed_data = digests + certificates + _sequence(attributes)
    else:
        sdk_range = struct.pack("<II", min_sdk, 0x7FFFFFFF)
        signed_data = digests + certificates + sdk_range + _sequence([])
    signature = sign(cert.key, signed_data)
    if corrupt_signature:
        signature = bytes([signature[0] ^ 0x01]) + signature[1:]
    signatures = _sequence([struct.pack("<I", algorithm) + _lp(signature)])
    middle = b"" if scheme == 2 else struct.pack("<II", min_sdk, 0x7FFFFFFF)
    return _lp(signed_data) + middle + signatures + _lp(cert.public_key_der)


def add_signing_block(
    data: bytes,
    cert: SigningCert,
    *,
    schemes: Sequence[int] = (2,),
    v3_min_sdk: int = 24,
    algorithm: int | None = None,
    corrupt_signature: bool = False,
) -> bytes:
    """Sign an unsigned ZIP image with v2 and/or v3 and return the signed image.

    `algorithm`: a v2/v3 algorithm id for an RSA `cert` (default PKCS#1 SHA-256, or
    ECDSA SHA-256 for an EC one); `corrupt_signature` flips a bit of each signature.
    """
    pairs = []
    for scheme in schemes:
        signer = _signer(
            scheme,
            cert,
            data,
            min_sdk=v3_min_sdk,
            strip_protect=scheme == 2 and 3 in schemes,
            algorithm=algorithm,
            corrupt_signature=corrupt_signature,
        )
        pairs.append((V2_BLOCK_ID if scheme == 2 else V3_BLOCK_ID, _sequence([signer])))
    return insert_signing_block(data, pairs)


def signing_block(pairs: Sequence[tuple[int, bytes]]) -> bytes:
    body = b"".join(struct.pack("<QI", len(value) + 4, key) + value for key, value in pairs)
    size = len(body) + 8 + len(APK_SIG_BLOCK_MAGIC)
    return struct.pack("<Q", size) + body + struct.pack("<Q", size) + APK_SIG_BLOCK_MAGIC


def insert_signing_block(data: bytes, pairs: Sequence[tuple[int, bytes]]) -> bytes:
    """Put a signing block holding `pairs` before the central directory."""
    return insert_raw_block(data, signing_block(pairs))


def insert_raw_block(data: bytes, block: bytes) -> bytes:
    """Insert arbitrary bytes before the central directory, fixing the EOCD offset."""
    cd_offset, _, eocd = split_zip(data)
    out = bytearray(data[:cd_offset] + block + data[cd_offset:])
    struct.pack_into("<I", out, eocd + len(block) + 16, cd_offset + len(block))
    return bytes(out)


# ---------------------------------------------------------------- tampering after signing


def _local_data_offset(image: bytes, info: zipfile.ZipInfo) -> int:
    name_len, extra_len = struct.unpack_from("<HH", image, info.header_offset + 26)
    return info.header_offset + 30 + name_len + extra_len


def flip_stored_byte(path: Path, entry: str, offset: int = 0) -> None:
    """Flip one bit of a stored (uncompressed) entry's data in place, as a patcher would."""
    image = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(entry)
    if info.compress_type != zipfile.ZIP_STORED:
        raise ValueError(f"{entry} is not stored")
    image[_local_data_offset(bytes(image), info) + offset] ^= 0x01
    path.write_bytes(bytes(image))


def append_entry(path: Path, name: str, data: bytes) -> None:
    """Add an entry after signing (zipfile rewrites the central directory)."""
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)


def strip_signing_block(path: Path) -> None:
    """Remove the APK Signing Block (the stripping attack), fixing the EOCD offset."""
    image = path.read_bytes()
    cd_offset, _, eocd = split_zip(image)
    (size,) = struct.unpack_from("<Q", image, cd_offset - 24)
    start = cd_offset - size - 8
    out = bytearray(image[:start] + image[cd_offset:])
    struct.pack_into("<I", out, eocd - (cd_offset - start) + 16, start)
    path.write_bytes(bytes(out))
