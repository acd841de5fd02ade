"""Verification of signed reports: every signature, and the file as a whole.

A report passes when it has at least one signature, every signature is intact
and cryptographically valid, the last one covers the whole file, and whatever
was added after an earlier signature is only a later signature (pyHanko's
difference analysis). A certification signature must be the first and only
one, and every later change must stay within its DocMDP permission; reports
signed before certification was introduced (approval signatures only) still
pass. A self-signed certificate makes a signature *untrusted*, not invalid: an
offline assessor's certificate chains to no public root.
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

# Signature kinds (ISO 32000: a certification signature carries a DocMDP transform)
SIGNATURE_CERTIFICATION = "certification"
SIGNATURE_APPROVAL = "approval"

# DocMDP permission levels (the /P value of the certification's transform)
DOCMDP_NO_CHANGES = 1
DOCMDP_FILL_FORMS = 2
DOCMDP_ANNOTATE = 3
DOCMDP_TEXT: dict[int, Text] = {
    DOCMDP_NO_CHANGES: {"zh": "不允许任何修改", "en": "no changes allowed"},
    DOCMDP_FILL_FORMS: {
        "zh": "只允许填写表单和签名",
        "en": "only form filling and signing allowed",
    },
    DOCMDP_ANNOTATE: {
        "zh": "只允许填写表单、签名和注释",
        "en": "only form filling, signing and annotations allowed",
    },
}

# What pyHanko's difference analysis found after a signature (SignatureReport.modification)
MODIFICATION_TEXT: dict[str, Text] = {
    "none": {"zh": "无修改", "en": "no changes"},
    "lta_updates": {"zh": "仅追加验证数据", "en": "validation data only"},
    "form_filling": {"zh": "填写表单或签名", "en": "form filling or signing"},
    "annotations": {"zh": "添加或修改注释", "en": "added or changed annotations"},
    "other": {
        "zh": "其他修改（如注释、页面内容或文档结构）",
        "en": "other changes (such as annotations, page content or document structure)",
    },
    "unknown": {"zh": "无法判断的修改", "en": "changes that could not be analysed"},
}


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
    kind: str = SIGNATURE_APPROVAL  # or SIGNATURE_CERTIFICATION
    docmdp_permission: int | None = None  # DOCMDP_* of a certification signature


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
    reports = _check_certification_order(reports)
    problems += _catalog_problems(reader, [sig for _end, _name, sig in signatures], reports)
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
    permission = _docmdp_permission(sig)
    problems: list[Text] = []
    if permission is not None and permission not in DOCMDP_TEXT:
        problems.append(
            _problem(
                f"认证签名的 DocMDP 权限值无效（P={permission}）",
                f"the certification signature's DocMDP permission is invalid (P={permission})",
            )
        )
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
    if permission is not None and status.docmdp_ok is False:
        problems.append(_docmdp_problem(permission, modification))
    elif not is_last and not _only_later_signatures(status):
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
        kind=SIGNATURE_APPROVAL if permission is None else SIGNATURE_CERTIFICATION,
        docmdp_permission=permission,
    )


def _docmdp_permission(sig: Any) -> int | None:
    """The /P of the signature's own DocMDP transform; None for an approval signature.

    The transform sits in the signature dictionary, which the signature covers.
    """
    references = sig.sig_object.get("/Reference")
    for reference in references or ():
        reference = reference.get_object()
        if reference.get("/TransformMethod") == "/DocMDP":
            params = reference.get("/TransformParams")
            value = params.get("/P") if params is not None else None
            return DOCMDP_FILL_FORMS if value is None else int(value)  # 2 is the PDF default
    return None


def _docmdp_problem(permission: int, modification: str) -> Text:
    allowed = DOCMDP_TEXT.get(permission, {"zh": f"P={permission}", "en": f"P={permission}"})
    found = MODIFICATION_TEXT.get(modification, MODIFICATION_TEXT["unknown"])
    return _problem(
        f"认证后的修改超出了认证签名允许的范围（{allowed['zh']}；实际：{found['zh']}）",
        f"the document was changed after certification beyond what the certification "
        f"allows ({allowed['en']}; found: {found['en']})",
    )


def _check_certification_order(reports: list[SignatureReport]) -> list[SignatureReport]:
    """Only the first signature may certify: a document is certified once."""
    checked: list[SignatureReport] = []
    for index, report in enumerate(reports):
        if report.kind == SIGNATURE_CERTIFICATION and index > 0:
            if any(earlier.kind == SIGNATURE_CERTIFICATION for earlier in reports[:index]):
                problem = _problem(
                    "再次认证：文档已由之前的签名认证，不能再次认证",
                    "a second certification: the document was already certified by an "
                    "earlier signature",
                )
            else:
                problem = _problem(
                    "认证签名不是文档的第一个签名",
                    "the certification signature is not the document's first signature",
                )
            report = replace(report, ok=False, problems=(*report.problems, problem))
        checked.append(report)
    return checked


def _catalog_problems(
    reader: Any, signatures: list[Any], reports: list[SignatureReport]
) -> list[Text]:
    """The catalogue's /Perms /DocMDP (what PDF readers show) must name the certification."""
    from pyhanko.pdf_utils.misc import PdfError

    registered: tuple[object, object] | None
    try:
        perms: Any = reader.root.get("/Perms")
        perms = perms.get_object() if perms is not None else None
        entry = perms.raw_get("/DocMDP") if perms is not None and "/DocMDP" in perms else None
        registered = None if entry is None else (entry.idnum, entry.generation)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, PdfError):
        registered = ("?", "?")  # damaged or not an indirect reference: cannot match
    certifying = [
        sig
        for sig, report in zip(signatures, reports, strict=True)
        if report.kind == SIGNATURE_CERTIFICATION and not isinstance(sig, Exception)
    ]
    if registered is None and not certifying:
        return []
    if certifying:
        value = certifying[0].sig_field.raw_get("/V")
        if registered == (value.idnum, value.generation):
            return []
    return [
        _problem(
            "文档目录中的认证记录（/Perms /DocMDP）与认证签名不一致",
            "the document catalog's certification entry (/Perms /DocMDP) does not match "
            "the certification signature",
            "file",
        )
    ]


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
