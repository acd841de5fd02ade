"""Verification of signed reports: every signature, and the file as a whole.

A report passes when it has at least one signature, every signature is intact
and cryptographically valid, the last one covers the whole file, and whatever
was added after an earlier signature is only a later signature (pyHanko's
difference analysis). A self-signed certificate makes a signature *untrusted*,
not invalid: an offline assessor's certificate chains to no public root.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.files import read_user_file
from app.jobs import CancelToken, ProgressSink, no_progress

Text = dict[str, str]

# What parsing a hostile or corrupt signature can raise (pyHanko's own errors
# derive from ValueError; asn1crypto also raises TypeError/KeyError/IndexError).
_DAMAGED: tuple[type[Exception], ...] = (ValueError, TypeError, KeyError, IndexError)

# Digest check outcomes
DIGEST_MATCH = "match"
DIGEST_MISMATCH = "mismatch"
DIGEST_NOT_CHECKED = "not_checked"  # case not in this database, or no database


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer: str
    organisation: str
    signing_time: datetime | None
    certificate_sha256: str
    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # the signature value verifies with the certificate's key
    trusted: bool  # the certificate chains to a trusted root
    self_signed: bool
    covers_whole_file: bool
    modification: str  # what was added after this signature (pyHanko's level)
    ok: bool
    problems: tuple[Text, ...] = ()


@dataclass(frozen=True)
class VerificationResult:
    path: Path
    file_sha256: str
    signatures: tuple[SignatureReport, ...]
    case_id: int | None
    printed_digest: str
    digest_status: str = DIGEST_NOT_CHECKED
    current_digest: str = ""
    problems: tuple[Text, ...] = field(default_factory=tuple)

    @property
    def signatures_ok(self) -> bool:
        return (
            bool(self.signatures)
            and all(s.ok for s in self.signatures)
            and not any(p.get("scope") == "file" for p in self.problems)
        )

    @property
    def ok(self) -> bool:
        return self.signatures_ok and self.digest_status != DIGEST_MISMATCH


def verify_pdf(
    path: Path,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> VerificationResult:
    """Check every signature of the PDF at ``path`` (no database involved)."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from app.report.render import INFO_CASE_ID, INFO_DIGEST
    from app.report.sign import open_reader

    cancel = cancel or CancelToken()
    path = Path(path)
    data = read_user_file(path)
    reader = open_reader(data, path)
    case_id, printed = _info(reader, INFO_CASE_ID, INFO_DIGEST)
    signatures = _signatures(reader, path)
    last_end = max((end for end, _name, _sig in signatures), default=0)
    problems: list[Text] = []
    if not signatures:
        problems.append(_problem("文件没有数字签名", "the file has no digital signature", "file"))
    reports: list[SignatureReport] = []
    for index, (end, name, sig) in enumerate(signatures):
        cancel.raise_if_cancelled()
        progress(index / max(len(signatures), 1), "verify")
        if isinstance(sig, Exception):
            reports.append(_damaged(name, sig))
            continue
        # No trust roots and no fetching: verification never touches the network.
        context = ValidationContext(trust_roots=[], allow_fetching=False)
        try:
            with _quiet_pyhanko():
                status = validate_pdf_signature(sig, signer_validation_context=context)
            reports.append(_report(sig, status, is_last=end == last_end))
        except _DAMAGED as err:
            reports.append(_damaged(name, err))
    if signatures and last_end != len(data):
        problems.append(
            _problem(
                f"最后一个签名之后追加了 {len(data) - last_end} 字节未签名的内容",
                f"{len(data) - last_end} unsigned bytes follow the last signature",
                "file",
            )
        )
    progress(1.0, "done")
    return VerificationResult(
        path=path,
        file_sha256=hashlib.sha256(data).hexdigest(),
        signatures=tuple(reports),
        case_id=case_id,
        printed_digest=printed,
        problems=tuple(problems),
    )


def with_current_digest(result: VerificationResult, current: str | None) -> VerificationResult:
    """Attach the digest recomputed from the database (None: case not available)."""
    if current is None or not result.printed_digest:
        return replace(result, digest_status=DIGEST_NOT_CHECKED, current_digest=current or "")
    if current == result.printed_digest:
        return replace(result, digest_status=DIGEST_MATCH, current_digest=current)
    problem = _problem(
        "报告中的答案与证据摘要与数据库中的案件记录不一致：报告生成后案件已被修改",
        "the report's answer and evidence digest differs from the case in the database: "
        "the case changed after the report was produced",
        "case",
    )
    return replace(
        result,
        digest_status=DIGEST_MISMATCH,
        current_digest=current,
        problems=(*result.problems, problem),
    )


def _report(sig: Any, status: Any, *, is_last: bool) -> SignatureReport:
    from cryptography import x509 as pyca_x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    cert = pyca_x509.load_der_x509_certificate(status.signing_cert.dump())

    def first(oid: pyca_x509.ObjectIdentifier) -> str:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    covers_whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    modification = level.name.lower() if level is not None else "unknown"
    problems: list[Text] = []
    if not status.intact:
        problems.append(
            _problem(
                "签名后文件内容被改动（摘要不符）",
                "the file was changed after signing (digest mismatch)",
            )
        )
    if not status.valid:
        problems.append(_problem("签名值无效", "the signature value is invalid"))
    if is_last and not covers_whole:
        problems.append(
            _problem("签名未覆盖整个文件", "the signature does not cover the whole file")
        )
    if not is_last and not _only_later_signatures(status):
        problems.append(
            _problem(
                "签名之后的修改不只是追加签名",
                "changes after this signature go beyond adding signatures",
            )
        )
    if not _padding_clean(sig):
        problems.append(
            _problem(
                "签名值区域中有被改动的字节",
                "bytes inside the signature value area were changed",
            )
        )
    return SignatureReport(
        field_name=sig.field_name,
        signer=first(NameOID.COMMON_NAME) or cert.subject.rfc4514_string(),
        organisation=first(NameOID.ORGANIZATION_NAME),
        signing_time=status.signer_reported_dt,
        certificate_sha256=cert.fingerprint(hashes.SHA256()).hex(),
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        self_signed=cert.issuer == cert.subject,
        covers_whole_file=covers_whole,
        modification=modification,
        ok=not problems,
        problems=tuple(problems),
    )


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs an error with a traceback for every untrusted (e.g. self-signed)
    certificate; the outcome is in the returned status, so keep stderr clean."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _signatures(reader: Any, path: Path) -> list[tuple[int, str, Any]]:
    """(end of signed bytes, field name, pyHanko signature or the parse error), in signing order.

    Each signature is parsed on its own so that one damaged signature is reported
    as such instead of making the whole file unreadable.
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    found: list[tuple[int, str, Any]] = []
    try:
        for name, value, field_ref in enumerate_sig_fields(reader, filled_status=True):
            try:
                byte_range = [int(n) for n in value.get_object()["/ByteRange"]]
                end = byte_range[2] + byte_range[3]
            except (ValueError, TypeError, KeyError, IndexError, PdfError):
                end = 0
            try:
                sig: Any = EmbeddedPdfSignature(reader, field_ref, name)
            except (ValueError, TypeError, KeyError, IndexError, PdfError) as err:
                sig = err
            found.append((end, str(name), sig))
    except (ValueError, TypeError, KeyError, IndexError, PdfError) as err:
        raise ValidationError(
            f"PDF 签名结构已损坏：{path.name}",
            f"the PDF's signature structure is damaged: {path.name}",
        ) from err
    return sorted(found, key=lambda entry: entry[0])


def _damaged(field_name: str, err: Exception) -> SignatureReport:
    """A signature whose data cannot even be parsed: altered or corrupt."""
    detail = str(err).splitlines()[0][:120] if str(err) else type(err).__name__
    return SignatureReport(
        field_name=field_name or "?",
        signer="?",
        organisation="",
        signing_time=None,
        certificate_sha256="",
        intact=False,
        valid=False,
        trusted=False,
        self_signed=False,
        covers_whole_file=False,
        modification="unknown",
        ok=False,
        problems=(
            _problem(
                f"签名数据已损坏或被改动（{detail}）",
                f"the signature data is damaged or was altered ({detail})",
            ),
        ),
    )


def _only_later_signatures(status: Any) -> bool:
    from pyhanko.sign.diff_analysis import ModificationLevel

    level = status.modification_level
    return (
        level is not None
        and level <= ModificationLevel.FORM_FILLING
        and status.docmdp_ok is not False
    )


def _padding_clean(sig: Any) -> bool:
    """The CMS blob is zero-padded inside /Contents; non-zero padding means tampering."""
    contents = sig.sig_object.raw_get("/Contents")
    raw = bytes(contents.original_bytes) if hasattr(contents, "original_bytes") else bytes(contents)
    length = _der_length(raw)
    return length is not None and not any(raw[length:])


def _der_length(raw: bytes) -> int | None:
    """Total length of the DER value at the start of ``raw``."""
    if len(raw) < 2:
        return None
    first = raw[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(raw) < 2 + count:
        return None
    return 2 + count + int.from_bytes(raw[2 : 2 + count], "big")


def _info(reader: Any, case_key: str, digest_key: str) -> tuple[int | None, str]:
    try:
        info = reader.trailer_view["/Info"].get_object()
        case_text = str(info.get("/" + case_key, ""))
        digest = str(info.get("/" + digest_key, ""))
    except (KeyError, TypeError, AttributeError):
        return None, ""
    return (int(case_text) if case_text.isdigit() else None), digest


def _problem(zh: str, en: str, scope: str = "signature") -> Text:
    return {"zh": zh, "en": en, "scope": scope}
