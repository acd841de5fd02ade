"""Verify APK Signature Scheme v2 / v3 / v3.1 signers, not just read them.

A repackaged APK can keep the original signing block: its certificates still
name the official developer, so only checking the signature over the signer's
``signed data`` and recomputing the content digest shows the file was changed.
Per the public scheme specification, the content digest covers the ZIP entries,
the central directory and the end record (with its central-directory offset
replaced by the signing block's offset), in 1 MiB chunks: each chunk hashed as
``0xa5 || uint32 length || chunk``, then ``0x5a || uint32 count || chunk digests``.
Every needed digest algorithm is computed in one pass over the file, once, and
shared by v2 and v3.

Results are ``True`` (verifies), ``False`` (does not: tampered or broken) or
``None`` (cannot be decided, e.g. only verity digests or a malformed block),
each non-``True`` with a problem line.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field

from app.apk import sigcrypto
from app.apk.archive import ApkArchive
from app.apk.errors import ParseError
from app.apk.sigcrypto import SignatureKind

V2_ID = 0x7109871A
V3_ID = 0xF05368C0
V31_ID = 0x1B93AD61
SCHEME_IDS = {"v2": V2_ID, "v3": V3_ID, "v31": V31_ID}
STRIPPING_PROTECTION_ATTR = 0xBEEFF00D  # v2 attribute: "a v3 signature exists too"

CHUNK = 1024 * 1024
_EOCD_CD_OFFSET = 16  # offset of the central-directory offset field in the end record


@dataclass(frozen=True)
class BlockAlgorithm:
    name: str
    kind: SignatureKind
    hash_name: str  # digest the signature is computed with
    content: str  # content digest: "sha256" / "sha512" chunked, or "verity"


ALGORITHMS = {
    0x0101: BlockAlgorithm("RSASSA-PSS with SHA2-256", "rsa-pss", "sha256", "sha256"),
    0x0102: BlockAlgorithm("RSASSA-PSS with SHA2-512", "rsa-pss", "sha512", "sha512"),
    0x0103: BlockAlgorithm("RSASSA-PKCS1-v1_5 with SHA2-256", "rsa-pkcs1", "sha256", "sha256"),
    0x0104: BlockAlgorithm("RSASSA-PKCS1-v1_5 with SHA2-512", "rsa-pkcs1", "sha512", "sha512"),
    0x0201: BlockAlgorithm("ECDSA with SHA2-256", "ecdsa", "sha256", "sha256"),
    0x0202: BlockAlgorithm("ECDSA with SHA2-512", "ecdsa", "sha512", "sha512"),
    0x0301: BlockAlgorithm("DSA with SHA2-256", "dsa", "sha256", "sha256"),
    0x0421: BlockAlgorithm(
        "RSASSA-PKCS1-v1_5 with SHA2-256 (verity)", "rsa-pkcs1", "sha256", "verity"
    ),
    0x0423: BlockAlgorithm("ECDSA with SHA2-256 (verity)", "ecdsa", "sha256", "verity"),
    0x0425: BlockAlgorithm("DSA with SHA2-256 (verity)", "dsa", "sha256", "verity"),
}


# -- length-prefixed values -----------------------------------------------------------


def prefixed(data: bytes, pos: int) -> tuple[bytes, int]:
    """One uint32-length-prefixed value starting at ``pos``; returns (value, next pos)."""
    if pos + 4 > len(data):
        raise ParseError("length prefix runs past the end")
    (length,) = struct.unpack_from("<L", data, pos)
    start = pos + 4
    if start + length > len(data):
        raise ParseError(f"value of {length} bytes runs past the end")
    return data[start : start + length], start + length


def sequence(data: bytes) -> list[bytes]:
    items, pos = [], 0
    while pos < len(data):
        item, pos = prefixed(data, pos)
        items.append(item)
    return items


def _algorithm_records(blob: bytes) -> list[tuple[int, bytes]]:
    """(algorithm id, length-prefixed value) records of a digests or signatures list."""
    records = []
    for record in sequence(blob):
        if len(record) < 4:
            raise ParseError("algorithm record shorter than its id")
        (algorithm,) = struct.unpack_from("<L", record, 0)
        value, _ = prefixed(record, 4)
        records.append((algorithm, value))
    return records


def block_pairs(block: bytes) -> dict[int, bytes]:
    """ID -> value of the signing block's pairs (first of each id); ParseError if damaged."""
    pairs: dict[int, bytes] = {}
    pos, end = 0, len(block)
    while pos + 12 <= end:
        (length,) = struct.unpack_from("<Q", block, pos)
        if length < 4 or pos + 8 + length > end:
            raise ParseError("APK Signing Block: pair length out of bounds")
        (pair_id,) = struct.unpack_from("<L", block, pos + 8)
        pairs.setdefault(pair_id, block[pos + 12 : pos + 8 + length])
        pos += 8 + length
    return pairs


# -- one signer -------------------------------------------------------------------------


@dataclass
class BlockSigner:
    scheme: str
    number: int  # 1-based, for messages
    signed_data: bytes
    digests: list[tuple[int, bytes]]
    certificates: list[bytes]
    attributes: list[tuple[int, bytes]]
    signatures: list[tuple[int, bytes]]
    public_key: bytes
    sdk_range: tuple[int, int] | None = None  # v3: outside the signed data
    signed_sdk_range: tuple[int, int] | None = None  # v3: inside it

    @property
    def label(self) -> str:
        return f"{self.scheme} signer {self.number}"


def parse_signers(value: bytes, scheme: str) -> list[BlockSigner]:
    """Every signer of one scheme block; ParseError if the block's layout is broken."""
    signers_blob, _ = prefixed(value, 0)
    out = []
    for number, blob in enumerate(sequence(signers_blob), start=1):
        signed_data, pos = prefixed(blob, 0)
        sdk_range = None
        if scheme != "v2":
            if pos + 8 > len(blob):
                raise ParseError("signer truncated before its SDK range")
            sdk_range = struct.unpack_from("<LL", blob, pos)
            pos += 8
        signatures_blob, pos = prefixed(blob, pos)
        public_key, _ = prefixed(blob, pos)
        digests_blob, at = prefixed(signed_data, 0)
        certs_blob, at = prefixed(signed_data, at)
        signed_range = None
        if scheme != "v2":
            if at + 8 > len(signed_data):
                raise ParseError("signed data truncated before its SDK range")
            signed_range = struct.unpack_from("<LL", signed_data, at)
            at += 8
        attributes_blob, _ = prefixed(signed_data, at)
        attributes = []
        for attribute in sequence(attributes_blob):
            if len(attribute) < 4:
                raise ParseError("attribute shorter than its id")
            attributes.append((struct.unpack_from("<L", attribute, 0)[0], attribute[4:]))
        out.append(
            BlockSigner(
                scheme,
                number,
                signed_data,
                _algorithm_records(digests_blob),
                sequence(certs_blob),
                attributes,
                _algorithm_records(signatures_blob),
                public_key,
                sdk_range,
                signed_range,
            )
        )
    return out


# -- content digest ---------------------------------------------------------------------


class ContentDigests:
    """The chunked content digests of one APK, each algorithm computed at most once."""

    def __init__(self, archive: ApkArchive, block_offset: int) -> None:
        self.archive = archive
        self.block_offset = block_offset
        self._done: dict[str, bytes] = {}

    def get(self, algorithms: set[str]) -> dict[str, bytes]:
        """Digests for ``algorithms`` ("sha256", "sha512"); the missing ones in one pass."""
        missing = sorted(algorithms - self._done.keys())
        if missing:
            self._done.update(self._compute(missing))
        return {name: self._done[name] for name in algorithms}

    def _compute(self, algorithms: list[str]) -> dict[str, bytes]:
        archive = self.archive
        eocd = bytearray(archive.view(archive.eocd_offset, archive.size))
        (stored_cd,) = struct.unpack_from("<L", eocd, _EOCD_CD_OFFSET)
        if stored_cd != archive.central_offset:
            raise ParseError("ZIP64 or inconsistent central directory offset")
        struct.pack_into("<L", eocd, _EOCD_CD_OFFSET, self.block_offset)
        chunk_digests: dict[str, list[bytes]] = {name: [] for name in algorithms}

        def add(chunk: bytes) -> None:
            prefix = b"\xa5" + struct.pack("<L", len(chunk))
            for name in algorithms:
                digest = hashlib.new(name, prefix)
                digest.update(chunk)
                chunk_digests[name].append(digest.digest())

        for start, end in ((0, self.block_offset), (archive.central_offset, archive.eocd_offset)):
            for offset in range(start, end, CHUNK):
                add(archive.view(offset, min(end, offset + CHUNK)))
        for offset in range(0, len(eocd), CHUNK):
            add(bytes(eocd[offset : offset + CHUNK]))
        out = {}
        for name, digests in chunk_digests.items():
            top = hashlib.new(name, b"\x5a" + struct.pack("<L", len(digests)))
            top.update(b"".join(digests))
            out[name] = top.digest()
        return out


# -- verification -----------------------------------------------------------------------


@dataclass
class SchemeResult:
    valid: bool | None = None
    signers: list[bool | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def verify_block(archive: ApkArchive, block: bytes) -> dict[str, SchemeResult]:
    """Verify every v2 / v3 / v3.1 signer of the signing block; schemes absent are left out."""
    block_offset = archive.central_offset - len(block) - 32  # size, pairs, size, magic
    try:
        pairs = block_pairs(block)
    except ParseError as exc:  # which schemes it held is unknown; v2 is the oldest
        return {"v2": SchemeResult(None, [], [str(exc)])}
    parsed: dict[str, list[BlockSigner]] = {}
    results: dict[str, SchemeResult] = {}
    for scheme, pair_id in SCHEME_IDS.items():
        if pair_id not in pairs:
            continue
        results[scheme] = SchemeResult()
        try:
            parsed[scheme] = parse_signers(pairs[pair_id], scheme)
        except (ParseError, struct.error) as exc:
            results[scheme].problems.append(f"{scheme} block malformed: {exc}")
            continue
        if not parsed[scheme]:
            results[scheme].problems.append(f"{scheme} block has no signer")
    digests = ContentDigests(archive, block_offset)
    for scheme, signers in parsed.items():
        result = results[scheme]
        for signer in signers:
            verdict, problem = _verify_signer(signer, digests, has_v3=V3_ID in pairs)
            result.signers.append(verdict)
            if problem:
                result.problems.append(f"{signer.label}: {problem}")
        result.valid = _combine(result.signers)
    return results


def _combine(verdicts: list[bool | None]) -> bool | None:
    if not verdicts or (None in verdicts and False not in verdicts):
        return None
    return all(verdicts)


def _verify_signer(
    signer: BlockSigner, digests: ContentDigests, *, has_v3: bool
) -> tuple[bool | None, str | None]:
    """(verdict, problem) for one signer: signatures, certificate key, SDK range, digest."""
    known = [(ALGORITHMS[a], a, s) for a, s in signer.signatures if a in ALGORITHMS]
    if not signer.signatures:
        return False, "no signatures"
    if not known:
        ids = ", ".join(f"0x{a:04x}" for a, _ in signer.signatures)
        return None, f"no supported signature algorithm ({ids}); not verified"
    try:
        key = sigcrypto.load_key(signer.public_key)
        for algorithm, _id, signature in known:
            if not sigcrypto.verify(
                key, algorithm.kind, algorithm.hash_name, signature, signer.signed_data
            ):
                return False, f"signature ({algorithm.name}) does not verify"
    except ParseError as exc:
        return None, f"signature not verified: {exc}"
    if not signer.certificates:
        return False, "no certificate"
    try:
        cert_key = sigcrypto.load_key(sigcrypto.certificate_spki(signer.certificates[0]))
    except ParseError as exc:
        return None, f"certificate unreadable: {exc}"
    if not sigcrypto.same_key(key, cert_key):
        return False, "the first certificate's public key is not the signing key"
    if {a for a, _ in signer.signatures} != {a for a, _ in signer.digests}:
        return False, "signature and digest algorithm lists differ"
    if signer.sdk_range != signer.signed_sdk_range:
        return False, "SDK range outside the signed data differs from the signed one"
    if signer.scheme == "v2" and not has_v3:
        for attribute_id, value in signer.attributes:
            if attribute_id == STRIPPING_PROTECTION_ATTR and value[:4] == struct.pack("<L", 3):
                return False, "declares a v3 signature that is missing (v3 block stripped)"
    return _check_content(signer, digests)


def _check_content(signer: BlockSigner, digests: ContentDigests) -> tuple[bool | None, str | None]:
    wanted = {
        ALGORITHMS[a].content: value
        for a, value in signer.digests
        if a in ALGORITHMS and ALGORITHMS[a].content != "verity"
    }
    if not wanted:
        return None, "only verity content digests, which we do not recompute; not verified"
    try:
        computed = digests.get(set(wanted))
    except ParseError as exc:
        return None, f"content digest not computed: {exc}"
    for name, expected in wanted.items():
        if computed[name] != expected:
            label = "SHA-256" if name == "sha256" else "SHA-512"
            return False, f"content digest mismatch (chunked {label}): APK changed after signing"
    return True, None
