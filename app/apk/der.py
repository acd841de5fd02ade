"""Minimal DER reader for the PKCS#7 SignedData of v1 signatures.

A v1 signature block needs four things: the certificates, and per signer the
digest algorithm, the signature algorithm and which certificate it is. Reading
them straight from the DER is several times faster than a general ASN.1 library;
anything unusual (BER indefinite lengths, high tag numbers) raises ParseError and
the caller falls back to asn1crypto.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.apk.errors import ParseError

SEQUENCE, SET, INTEGER, OID = 0x30, 0x31, 0x02, 0x06
CONTEXT_0 = 0xA0
SIGNED_DATA = "1.2.840.113549.1.7.2"

# Names as asn1crypto reports them, so both readers produce the same facts.
ALGORITHMS = {
    "1.2.840.113549.2.5": "md5",
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.4": "sha224",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
    "1.2.840.113549.1.1.1": "rsassa_pkcs1v15",
    "1.2.840.113549.1.1.4": "md5_rsa",
    "1.2.840.113549.1.1.5": "sha1_rsa",
    "1.2.840.113549.1.1.14": "sha224_rsa",
    "1.2.840.113549.1.1.11": "sha256_rsa",
    "1.2.840.113549.1.1.12": "sha384_rsa",
    "1.2.840.113549.1.1.13": "sha512_rsa",
    "1.2.840.113549.1.1.10": "rsassa_pss",
    "1.2.840.10040.4.1": "dsa",
    "1.2.840.10040.4.3": "sha1_dsa",
    "2.16.840.1.101.3.4.3.1": "sha224_dsa",
    "2.16.840.1.101.3.4.3.2": "sha256_dsa",
    "1.2.840.10045.2.1": "ec",
    "1.2.840.10045.4.1": "sha1_ecdsa",
    "1.2.840.10045.4.3.1": "sha224_ecdsa",
    "1.2.840.10045.4.3.2": "sha256_ecdsa",
    "1.2.840.10045.4.3.3": "sha384_ecdsa",
    "1.2.840.10045.4.3.4": "sha512_ecdsa",
}


@dataclass
class SignerInfo:
    digest_algorithm: str
    signature_algorithm: str
    issuer: bytes | None  # DER of the issuer Name, when the signer is named by issuer+serial
    serial: bytes | None


@dataclass
class SignedData:
    certificates: list[bytes]  # DER of each certificate
    signers: list[SignerInfo]


def read_tlv(data: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """(tag, value start, value end) of the element at ``pos``."""
    if pos + 2 > end:
        raise ParseError("DER element truncated")
    tag = data[pos]
    if tag & 0x1F == 0x1F:
        raise ParseError("DER high tag number")
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > end:
            raise ParseError("DER length not definite")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > end:
        raise ParseError("DER value runs past its container")
    return tag, pos, pos + length


def children(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(tag, element start, value start, value end) of each element in ``[start, end)``."""
    out = []
    while start < end:
        tag, value, stop = read_tlv(data, start, end)
        out.append((tag, start, value, stop))
        start = stop
    return out


def decode_oid(raw: bytes) -> str:
    if not raw:
        raise ParseError("empty OID")
    parts: list[int] = []
    value = 0
    for byte in raw:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    first = parts[0]
    head = [0, first] if first < 40 else [1, first - 40] if first < 80 else [2, first - 80]
    return ".".join(str(p) for p in head + parts[1:])


def _algorithm(data: bytes, element: tuple[int, int, int, int]) -> str:
    tag, _start, value, stop = element
    if tag != SEQUENCE:
        raise ParseError("AlgorithmIdentifier is not a SEQUENCE")
    tag, oid_start, oid_end = read_tlv(data, value, stop)
    if tag != OID:
        raise ParseError("AlgorithmIdentifier without an OID")
    oid = decode_oid(data[oid_start:oid_end])
    return ALGORITHMS.get(oid, oid)


def read_signed_data(data: bytes) -> SignedData:
    tag, start, stop = read_tlv(data, 0, len(data))
    if tag != SEQUENCE:
        raise ParseError("ContentInfo is not a SEQUENCE")
    parts = children(data, start, stop)
    if len(parts) < 2 or parts[0][0] != OID:
        raise ParseError("ContentInfo without a content type")
    if decode_oid(data[parts[0][2] : parts[0][3]]) != SIGNED_DATA:
        raise ParseError("PKCS#7 content is not SignedData")
    if parts[1][0] != CONTEXT_0:
        raise ParseError("ContentInfo content is not [0]")
    tag, start, stop = read_tlv(data, parts[1][2], parts[1][3])
    if tag != SEQUENCE:
        raise ParseError("SignedData is not a SEQUENCE")
    certificates: list[bytes] = []
    signer_set: tuple[int, int, int, int] | None = None
    for element in children(data, start, stop)[3:]:
        if element[0] == CONTEXT_0:
            certificates = [data[c[1] : c[3]] for c in children(data, element[2], element[3])]
        elif element[0] == SET:
            signer_set = element
    if signer_set is None:
        raise ParseError("PKCS#7 without signerInfos")
    signers = [_signer(data, e[2], e[3]) for e in children(data, signer_set[2], signer_set[3])]
    if not signers:
        raise ParseError("PKCS#7 without a signer")
    return SignedData(certificates, signers)


def _signer(data: bytes, start: int, end: int) -> SignerInfo:
    fields = children(data, start, end)
    if len(fields) < 5:
        raise ParseError("SignerInfo too short")
    issuer = serial = None
    if fields[1][0] == SEQUENCE:
        sid = children(data, fields[1][2], fields[1][3])
        if len(sid) == 2 and sid[1][0] == INTEGER:
            issuer = data[sid[0][1] : sid[0][3]]
            serial = data[sid[1][2] : sid[1][3]]
    digest = _algorithm(data, fields[2])
    position = 4 if fields[3][0] == CONTEXT_0 else 3  # skip signed attributes
    return SignerInfo(digest, _algorithm(data, fields[position]), issuer, serial)


def certificate_issuer_serial(der: bytes) -> tuple[bytes, bytes]:
    """(issuer Name DER, serial number bytes) of an X.509 certificate."""
    _tag, start, stop = read_tlv(der, 0, len(der))
    _tag, tbs_start, tbs_stop = read_tlv(der, start, stop)
    fields = children(der, tbs_start, tbs_stop)
    index = 1 if fields and fields[0][0] == CONTEXT_0 else 0
    if len(fields) < index + 3 or fields[index][0] != INTEGER:
        raise ParseError("TBSCertificate without a serial number")
    serial = der[fields[index][2] : fields[index][3]]
    issuer = fields[index + 2]
    return der[issuer[1] : issuer[3]], serial
