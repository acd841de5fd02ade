"""Verify v1 (JAR) signatures: PKCS#7 over the .SF, .SF over MANIFEST.MF, MANIFEST.MF over entries.

Android before 7.0 (and any APK without a v2/v3 block) trusts only this chain.
Each ``META-INF/<NAME>.SF`` with its ``<NAME>.RSA|.DSA|.EC`` block is a signer;
a block without its .SF signs nothing (Android ignores it), so it must never
count as the APK's signer. Entry digests are checked only when the caller says
Android relies on v1 (it inflates every entry); entries under META-INF/ are
not covered by v1, exactly as Android skips them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from asn1crypto import cms

from app.apk import sigcrypto
from app.apk.archive import DEFAULT_ENTRY_CAP, ApkArchive, EntryTooLarge, ZipEntry
from app.apk.errors import ParseError
from app.apk.jarmanifest import (
    Manifest,
    digest_matches,
    parse_manifest,
    pick_digest,
    without_last_newline,
)
from app.apk.sigcrypto import SignatureKind

BLOCK_SUFFIXES = (".RSA", ".DSA", ".EC")
MANIFEST_NAME = "META-INF/MANIFEST.MF"
META_CAP = 64 * 1024 * 1024  # MANIFEST.MF / .SF of a huge app stay far below
BLOCK_CAP = 4 * 1024 * 1024
# All entries together (zip-bomb guard on top of the per-entry cap): beyond, v1 is undecided.
TOTAL_INFLATE_CAP = 1024 * 1024 * 1024
SHOWN = 5  # entry names quoted in one problem line

# PKCS#7 signature algorithm (asn1crypto name) -> (kind, hash or None = the digest algorithm)
_PKCS7_ALGORITHMS: dict[str, tuple[SignatureKind, str | None]] = {
    "rsassa_pkcs1v15": ("rsa-pkcs1", None),
    "rsa": ("rsa-pkcs1", None),
    "md5_rsa": ("rsa-pkcs1", "md5"),
    "sha1_rsa": ("rsa-pkcs1", "sha1"),
    "sha224_rsa": ("rsa-pkcs1", "sha224"),
    "sha256_rsa": ("rsa-pkcs1", "sha256"),
    "sha384_rsa": ("rsa-pkcs1", "sha384"),
    "sha512_rsa": ("rsa-pkcs1", "sha512"),
    "dsa": ("dsa", None),
    "sha1_dsa": ("dsa", "sha1"),
    "sha224_dsa": ("dsa", "sha224"),
    "sha256_dsa": ("dsa", "sha256"),
    "ec": ("ecdsa", None),
    "ecdsa": ("ecdsa", None),
    "1.2.840.10045.2.1": ("ecdsa", None),  # EC public key OID, as apksigner writes it
    "1.2.840.10040.4.1": ("dsa", None),
    "sha1_ecdsa": ("ecdsa", "sha1"),
    "sha224_ecdsa": ("ecdsa", "sha224"),
    "sha256_ecdsa": ("ecdsa", "sha256"),
    "sha384_ecdsa": ("ecdsa", "sha384"),
    "sha512_ecdsa": ("ecdsa", "sha512"),
}


@dataclass
class JarResult:
    valid: bool | None = None
    signers: dict[str, bool | None] = field(default_factory=dict)  # block file -> verdict
    orphans: list[str] = field(default_factory=list)  # block files without their .SF
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    declared_schemes: set[int] = field(default_factory=set)  # X-Android-APK-Signed
    pending: _EntryPlan | None = None  # entry digests still to check: see finish_jar

    def worsen(self, verdict: bool | None) -> None:
        """Lower the verdict: False beats None (undecided) beats True."""
        if self.valid is False or verdict is False:
            self.valid = False
        elif verdict is None:
            self.valid = None


@dataclass
class _SignerFacts:
    verdict: bool | None
    problem: str | None = None
    listed: set[str] = field(default_factory=set)  # entry names the .SF has a section for
    declared: set[int] = field(default_factory=set)


@dataclass
class _EntryPlan:
    expected: dict[str, tuple[str, bytes]]  # entry -> (hash name, digest in MANIFEST.MF)
    unlisted: list[str]  # entries MANIFEST.MF does not list
    unsigned: list[str]  # listed, but missing from some .SF


def verify_jar(archive: ApkArchive, *, check_entries: bool, block_schemes: set[str]) -> JarResult:
    """Verify every v1 signer; ``block_schemes`` are the v2+ schemes present in the block."""
    result = JarResult()
    meta = {
        n.upper(): n for n in archive.names() if n.startswith("META-INF/") and n.count("/") == 1
    }
    blocks = sorted(n for key, n in meta.items() if key.endswith(BLOCK_SUFFIXES))
    if not blocks:
        return result
    try:
        manifest = parse_manifest(archive.read(meta.get(MANIFEST_NAME, MANIFEST_NAME), META_CAP))
    except ParseError as exc:
        result.valid = False
        result.problems.append(f"v1: {MANIFEST_NAME} unreadable or missing ({exc})")
        return result
    facts: dict[str, _SignerFacts] = {}
    for block in blocks:
        sf = meta.get(block.upper().rsplit(".", 1)[0] + ".SF")
        if sf is None:
            result.signers[block] = False
            result.orphans.append(block)
            result.notes.append(f"v1: {block} has no matching .SF file, so it signs nothing")
            continue
        facts[block] = _verify_signer(archive, block, sf, manifest)
        result.signers[block] = facts[block].verdict
        if facts[block].problem:
            result.problems.append(f"v1 {block}: {facts[block].problem}")
        result.declared_schemes |= facts[block].declared
    if not facts:
        result.valid = False
        result.problems.append("v1: no signature block has its .SF file; nothing is signed")
        return result
    verdicts = [f.verdict for f in facts.values()]
    result.valid = False if False in verdicts else None if None in verdicts else True
    if result.valid is True and check_entries:
        result.pending = _plan_entries(archive, manifest, list(facts.values()))
        archive.want_digests({name: e[0] for name, e in result.pending.expected.items()})
    elif result.valid is True:
        result.valid = None
        result.notes.append(
            "v1 entry digests not checked: with a v2/v3 signature and minSdk >= 24 "
            "Android never relies on v1"
        )
    _check_stripping(result, block_schemes)
    return result


def finish_jar(archive: ApkArchive, result: JarResult) -> None:
    """Check the entry digests planned by ``verify_jar``. Entries the caller has read in
    the meantime (DEX files, native libraries) were hashed then, and are not inflated again."""
    plan, result.pending = result.pending, None
    if plan is not None:
        _check_entries(archive, plan, result)


def _check_stripping(result: JarResult, block_schemes: set[str]) -> None:
    """A .SF naming scheme 2 or 3 in X-Android-APK-Signed promises a block that must exist."""
    for scheme_id, name in ((2, "v2"), (3, "v3")):
        if scheme_id in result.declared_schemes and name not in block_schemes:
            result.worsen(False)
            result.problems.append(
                f"v1 .SF declares an APK Signature Scheme {name} signature "
                f"(X-Android-APK-Signed) that is missing: the {name} signature was stripped"
            )


# -- one signer -------------------------------------------------------------------------


def _verify_signer(archive: ApkArchive, block: str, sf: str, manifest: Manifest) -> _SignerFacts:
    try:
        block_data = archive.read(block, BLOCK_CAP)
        sf_data = archive.read(sf, META_CAP)
    except ParseError as exc:
        return _SignerFacts(None, f"unreadable ({exc})")
    verdict, problem = verify_pkcs7(block_data, sf_data)
    if verdict is not True:
        return _SignerFacts(verdict, problem)
    sf_manifest = parse_manifest(sf_data)
    facts = _SignerFacts(True, listed=set(sf_manifest.named))
    declared = sf_manifest.main.attributes.get("x-android-apk-signed", "")
    facts.declared = {int(v) for v in declared.replace(" ", "").split(",") if v.isdecimal()}
    main_digest = pick_digest(sf_manifest.main.attributes, "-digest-manifest-main-attributes")
    main_bytes = manifest.section_bytes(manifest.main)
    if main_digest and not digest_matches(
        main_digest, main_bytes, without_last_newline(main_bytes)
    ):
        return _SignerFacts(False, "digest of the MANIFEST.MF main attributes does not match")
    whole = pick_digest(sf_manifest.main.attributes, "-digest-manifest")
    if whole and digest_matches(whole, manifest.data):
        return facts
    for name, sf_section in sf_manifest.named.items():  # fall back to section by section
        section = manifest.named.get(name)
        expected = pick_digest(sf_section.attributes, "-digest")
        if section is None or expected is None:
            continue
        raw = manifest.section_bytes(section)
        if not digest_matches(expected, raw, without_last_newline(raw)):
            return _SignerFacts(False, f"MANIFEST.MF section of {name!r} does not match the .SF")
    return facts


def verify_pkcs7(block: bytes, content: bytes) -> tuple[bool | None, str | None]:
    """(verdict, problem) of a detached PKCS#7 SignedData over ``content`` (the .SF file)."""
    try:
        info = cms.ContentInfo.load(block)
        if info["content_type"].native != "signed_data":
            return False, "PKCS#7 content is not SignedData"
        signed = info["content"]
        certificates = [c.chosen for c in signed["certificates"] if c.name == "certificate"]
        signer_infos = list(signed["signer_infos"])
    except Exception as exc:  # asn1crypto parses lazily and raises many types on bad DER
        return None, f"unreadable PKCS#7 ({type(exc).__name__})"
    if not signer_infos:
        return False, "PKCS#7 without a signer"
    outcomes = [_verify_signer_info(s, certificates, content) for s in signer_infos]
    if any(verdict for verdict, _ in outcomes):
        return True, None
    failed = [o for o in outcomes if o[0] is False]
    return failed[0] if failed else outcomes[0]


def _verify_signer_info(
    signer_info: cms.SignerInfo, certificates: list, content: bytes
) -> tuple[bool | None, str | None]:
    try:
        digest_name = signer_info["digest_algorithm"]["algorithm"].native
        algorithm = signer_info["signature_algorithm"]["algorithm"].native
        signature = signer_info["signature"].native
        cert = _signer_certificate(signer_info["sid"], certificates)
        attrs = signer_info["signed_attrs"]
        attribute_der = None if attrs.native is None else b"\x31" + attrs.dump()[1:]
        digests = [] if attrs.native is None else _message_digests(attrs)
        spki = cert["tbs_certificate"]["subject_public_key_info"].dump() if cert else b""
    except Exception as exc:  # malformed DER inside the SignerInfo
        return None, f"unreadable PKCS#7 signer ({type(exc).__name__})"
    if cert is None:
        return False, "the signer's certificate is not in the signature block"
    kind_hash = _PKCS7_ALGORITHMS.get(str(algorithm))
    if kind_hash is None:
        return None, f"signature algorithm {algorithm} not supported; not verified"
    kind, hash_name = kind_hash[0], kind_hash[1] or str(digest_name)
    data = content
    if attribute_der is not None:
        try:
            expected = hashlib.new(str(digest_name), content).digest()
        except ValueError:
            return None, f"digest algorithm {digest_name} not supported; not verified"
        if expected not in digests:
            return False, "PKCS#7 message digest does not match the .SF file"
        data = attribute_der
    try:
        key = sigcrypto.load_key(spki)
        if not sigcrypto.verify(key, kind, hash_name, signature, data):
            return False, "PKCS#7 signature over the .SF file does not verify"
    except ParseError as exc:
        return None, f"PKCS#7 signature not verified: {exc}"
    return True, None


def _signer_certificate(sid: cms.SignerIdentifier, certificates: list):  # type: ignore[no-untyped-def]
    chosen = sid.chosen
    for cert in certificates:
        if sid.name == "issuer_and_serial_number":
            if (
                cert.serial_number == chosen["serial_number"].native
                and cert.issuer == (chosen["issuer"])
            ):
                return cert
        elif cert.key_identifier == chosen.native:
            return cert
    return None


def _message_digests(attrs: cms.CMSAttributes) -> list[bytes]:
    out: list[bytes] = []
    for attribute in attrs:
        if attribute["type"].native == "message_digest":
            out.extend(value.native for value in attribute["values"])
    return out


# -- entries ----------------------------------------------------------------------------


def _plan_entries(
    archive: ApkArchive, manifest: Manifest, signers: list[_SignerFacts]
) -> _EntryPlan:
    """Which entries need which digest: every entry outside META-INF/ (as Android)."""
    plan = _EntryPlan({}, [], [])
    for entry in archive.entries:
        name = entry.name
        if name in plan.expected or name.endswith("/") or name.startswith("META-INF/"):
            continue
        section = manifest.named.get(name)
        expected = pick_digest(section.attributes, "-digest") if section else None
        if expected is None:
            if name not in plan.unlisted:
                plan.unlisted.append(name)
            continue
        plan.expected[name] = expected
        if not all(name in s.listed for s in signers):
            plan.unsigned.append(name)
    return plan


def _check_entries(archive: ApkArchive, plan: _EntryPlan, result: JarResult) -> None:
    mismatched: list[str] = []
    budget = TOTAL_INFLATE_CAP
    for name, (hash_name, expected) in plan.expected.items():
        known = archive.entry_digests.get(name)
        if known and known[0] == hash_name:
            digest = known[1]
        else:
            entry = archive.get(name)
            assert entry is not None  # planned from the archive's own entries
            try:
                digest, budget = _entry_digest(archive, entry, hash_name, budget)
            except EntryTooLarge as exc:
                why = "entries inflate beyond 1 GiB in all" if budget < DEFAULT_ENTRY_CAP else exc
                result.worsen(None)
                result.problems.append(f"v1: {why}; entry digests not all checked")
                return
            except ParseError as exc:
                result.worsen(False)
                result.problems.append(f"v1: {exc}")
                return
        if digest != expected:
            mismatched.append(name)
    for names, what in (
        (mismatched, "digest in MANIFEST.MF does not match (entry changed after signing)"),
        (plan.unlisted, "not listed in MANIFEST.MF (added after signing)"),
        (plan.unsigned, "listed in MANIFEST.MF but not in every .SF (not signed)"),
    ):
        if names:
            result.worsen(False)
            more = f" (+{len(names) - SHOWN} more)" if len(names) > SHOWN else ""
            result.problems.append(
                f"v1: {len(names)} entr{'y' if len(names) == 1 else 'ies'} {what}: "
                f"{', '.join(names[:SHOWN])}{more}"
            )


def _entry_digest(
    archive: ApkArchive, entry: ZipEntry, hash_name: str, budget: int
) -> tuple[bytes, int]:
    """(digest of the inflated entry, budget left); EntryTooLarge past the budget."""
    digest = hashlib.new(hash_name)
    for piece in archive.stream(entry, cap=min(DEFAULT_ENTRY_CAP, budget)):
        digest.update(piece)
        budget -= len(piece)
    return digest.digest(), budget
