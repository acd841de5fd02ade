"""PAdES signing of rendered reports with pyHanko.

Each signature goes into the next free slot of the signature page as an
incremental update, so a reviewer's counter-signature leaves the assessor's
signature valid. The assessor's (first) signature is a *certification*
signature: readers show the report as certified by the assessor, and its DocMDP
permission allows filling in forms and signing, nothing else (P=2; P=1 would
forbid the countersignature). The countersignature is an approval signature.

The certifying revision also creates the still empty countersignature field:
pyHanko's difference analysis (stricter than Acrobat) treats a *new* visible
signature field after a certification as a forbidden change, while signing an
existing empty field is form filling.

The visible stamp (signer, organisation, time, certificate fingerprint) is drawn
with reportlab in the report's CJK font, because pyHanko's own text stamps
cannot embed a font collection (.ttc) without extra libraries.
"""

from __future__ import annotations

import io
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.errors import ConflictError, IntegrityError, KnownError, StorageError, ValidationError
from app.files import read_user_file
from app.jobs import CancelToken, ProgressSink, no_progress
from app.report.layout import SIGNATURE_SLOTS, SignatureSlot
from app.report.texts import label
from app.report.verify import DOCMDP_FILL_FORMS, SIGNATURE_APPROVAL, SIGNATURE_CERTIFICATION
from app.security.keystore import SigningIdentity, check_usable

TIME_FORMAT = "%Y-%m-%d %H:%M:%S %z"
# What the certification allows afterwards: the countersignature, nothing more.
CERTIFICATION_PERMISSION = DOCMDP_FILL_FORMS


@dataclass(frozen=True)
class SignOutcome:
    """What was signed: enough for the reports table and the user's message."""

    path: Path
    field_name: str
    signer: str
    signed_at: datetime
    certificate_sha256: str
    kind: str = SIGNATURE_APPROVAL  # SIGNATURE_CERTIFICATION for the assessor's first signature


def sign_pdf(
    in_path: Path,
    identity: SigningIdentity,
    out_path: Path | None = None,
    *,
    reason: str = "",
    location: str = "",
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> SignOutcome:
    """Sign an IHSA report into its next free signature slot.

    The first slot gets a certification signature, later slots approval
    signatures. Writes ``out_path`` (default: ``in_path`` itself) atomically.
    Signatures already present must verify first: nobody should countersign a
    file that was altered after the previous signature.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.general import SigningError

    cancel = cancel or CancelToken()
    in_path = Path(in_path)
    out_path = Path(out_path) if out_path else in_path
    check_usable(identity)
    progress(0.05, "read")
    data = read_user_file(in_path)
    info = report_info(data, in_path)
    lang = info.get("lang") or "zh"
    reader = open_reader(data, in_path)
    slot = _free_slot(reader, in_path)
    certify = slot.field_name == SIGNATURE_SLOTS[0].field_name
    if certify:
        _require_uncertified(reader, in_path)
    else:
        _require_intact(in_path)
        _require_field_allowed(reader, slot, in_path)
    cancel.raise_if_cancelled()
    progress(0.3, "sign")
    signer = signers.SimpleSigner.load_pkcs12_data(
        identity.p12_data, other_certs=[], passphrase=identity.passphrase.encode("utf-8")
    )
    meta = signers.PdfSignatureMetadata(
        field_name=slot.field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=identity.subject_name,
        certify=certify,
        docmdp_permissions=MDPPerm(CERTIFICATION_PERMISSION),
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=_stamp_style(lang, identity, certify=certify),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=slot.field_name, on_page=-1, box=slot.box
        ),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if certify:
        _reserve_slots(writer, reader)
    output = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=output)
    except SigningError as err:
        raise ConflictError(f"无法签名：{err}", f"cannot sign: {err}") from err
    cancel.raise_if_cancelled()
    progress(0.9, "write")
    _write_atomically(out_path, output.getvalue())
    signed_at = _signing_time(output.getvalue(), slot.field_name)
    progress(1.0, "done")
    return SignOutcome(
        path=out_path,
        field_name=slot.field_name,
        signer=identity.subject_name,
        signed_at=signed_at,
        certificate_sha256=identity.fingerprint,
        kind=SIGNATURE_CERTIFICATION if certify else SIGNATURE_APPROVAL,
    )


def report_info(data: bytes, path: Path) -> dict[str, str]:
    """The IHSA keys of the document information; refuses non-IHSA PDFs."""
    from pyhanko.pdf_utils.misc import PdfError

    from app.report.render import INFO_CASE_ID, INFO_DIGEST, INFO_LANG

    reader = open_reader(data, path)
    try:
        info = reader.trailer_view.get("/Info")
        info = info.get_object() if info is not None else {}
        values = {
            key: str(info.get("/" + key, "")) for key in (INFO_CASE_ID, INFO_DIGEST, INFO_LANG)
        }
    except (PdfError, KeyError, TypeError) as err:
        raise ValidationError(
            f"无法读取 PDF 文档信息：{path.name}", f"cannot read the PDF document info: {path.name}"
        ) from err
    if not values[INFO_CASE_ID]:
        raise ValidationError(
            f"不是 IHSA 评估报告（缺少案件编号元数据）：{path.name}",
            f"not an IHSA report (no case id in its metadata): {path.name}",
        )
    return {
        "case_id": values[INFO_CASE_ID],
        "digest": values[INFO_DIGEST],
        "lang": values[INFO_LANG],
    }


def certification_level(path: Path) -> int | None:
    """The DocMDP permission (1-3) of the document's certification, None if uncertified."""
    from pyhanko.sign.validation import read_certification_data

    path = Path(path)
    certification = read_certification_data(open_reader(read_user_file(path), path))
    return None if certification is None else int(certification.permission.value)


def open_reader(data: bytes, path: Path) -> Any:
    """A pyHanko reader, or a one-line error for files that are not PDFs."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data.lstrip()[:5] == b"%PDF-":
        raise ValidationError(f"不是 PDF 文件：{path.name}", f"not a PDF file: {path.name}")
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as err:
        raise ValidationError(
            f"PDF 文件已损坏，无法读取：{path.name}", f"the PDF file is damaged: {path.name}"
        ) from err


def _free_slot(reader: Any, path: Path) -> SignatureSlot:
    filled = _sig_fields(reader)
    for slot in SIGNATURE_SLOTS:
        if filled.get(slot.field_name) is not True:
            return slot
    raise ConflictError(
        f"报告的 {len(SIGNATURE_SLOTS)} 个签名位置均已签名：{path.name}",
        f"all {len(SIGNATURE_SLOTS)} signature slots of the report are signed: {path.name}",
    )


def _sig_fields(reader: Any) -> dict[str, bool]:
    """Signature field name -> whether it holds a signature."""
    from pyhanko.sign import fields

    return {
        str(name): value is not None for name, value, _ref in fields.enumerate_sig_fields(reader)
    }


def _require_uncertified(reader: Any, path: Path) -> None:
    """A document is certified once, by its first signature; refuse anything else."""
    from pyhanko.sign.validation import read_certification_data

    if read_certification_data(reader) is not None:
        raise ConflictError(
            f"报告已有认证签名，不能再次认证：{path.name}",
            f"the report is already certified and cannot be certified again: {path.name}",
        )
    if any(_sig_fields(reader).values()):
        raise ConflictError(
            f"报告已含其他签名，认证签名只能是第一个签名：{path.name}",
            f"the report already carries a signature; a certification must be the first "
            f"signature: {path.name}",
        )


def _require_field_allowed(reader: Any, slot: SignatureSlot, path: Path) -> None:
    """A countersignature must stay within the certification's permissions.

    Reports certified by this program reserve the empty field; a certified file
    without it (made by another tool) would lose its certification, so refuse.
    """
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import read_certification_data

    certification = read_certification_data(reader)
    if certification is None:
        return  # legacy report: approval signatures only, a new field is allowed
    if certification.permission == MDPPerm.NO_CHANGES:
        raise ConflictError(
            f"报告的认证签名不允许任何修改（包括追加签名）：{path.name}",
            f"the report's certification allows no changes, not even a signature: {path.name}",
        )
    if slot.field_name not in _sig_fields(reader):
        raise ConflictError(
            f"报告已认证，但没有预留空白签名位置 {slot.field_name}；新建签名位置会破坏认证："
            f"{path.name}",
            f"the report is certified but has no reserved empty field {slot.field_name}; "
            f"creating one would break the certification: {path.name}",
        )


def _reserve_slots(writer: Any, reader: Any) -> None:
    """Create every empty signature field in the certifying revision (see module doc)."""
    from pyhanko.sign import fields

    existing = _sig_fields(reader)
    for slot in SIGNATURE_SLOTS:
        if slot.field_name not in existing:
            fields.append_signature_field(
                writer,
                fields.SigFieldSpec(sig_field_name=slot.field_name, on_page=-1, box=slot.box),
            )


def _require_intact(path: Path) -> None:
    from app.report.verify import verify_pdf

    result = verify_pdf(path)
    if not result.signatures_ok:
        first = result.problems[0] if result.problems else {"zh": "", "en": ""}
        raise IntegrityError(
            f"已有签名未通过核验，拒绝追加签名：{first['zh']}",
            f"an existing signature does not verify; not countersigning: {first['en']}",
        )


def _signing_time(data: bytes, field_name: str) -> datetime:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    for sig in reader.embedded_signatures:
        if sig.field_name == field_name and sig.self_reported_timestamp is not None:
            return sig.self_reported_timestamp
    raise KnownError("签名时间缺失", "the new signature has no signing time")


def _stamp_style(lang: str, identity: SigningIdentity, *, certify: bool = False) -> Any:
    """A pyHanko stamp style whose appearance is a reportlab-drawn page."""
    from pyhanko.pdf_utils import content, layout
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle, TextStampStyle
    from pyhanko.stamp.static import StaticContentStamp

    class PdfBytesPage(content.PdfContent):  # type: ignore[misc]
        """First page of an in-memory PDF as a form XObject."""

        def __init__(self, pdf: bytes) -> None:
            super().__init__()
            self.pdf = pdf

        def render(self) -> bytes:
            xobj = self._ensure_writer.import_page_as_xobject(
                PdfFileReader(io.BytesIO(self.pdf)), page_ix=0
            )
            name = "/Stamp" + uuid.uuid4().hex
            self.resources.xobject[name] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name.encode("ascii") + b" Do"

    class ReportStampStyle(TextStampStyle):  # type: ignore[misc]
        # Subclassing TextStampStyle makes pyHanko pass the signing time as 'ts'.
        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, str]) -> Any:
            pdf = draw_stamp(
                box.width, box.height, lang, identity, text_params["ts"], certify=certify
            )
            style = StaticStampStyle(
                background=PdfBytesPage(pdf),
                border_width=0,
                background_opacity=1.0,
                background_layout=layout.SimpleBoxLayoutRule(
                    x_align=layout.AxisAlignment.ALIGN_MID,
                    y_align=layout.AxisAlignment.ALIGN_MID,
                    margins=layout.Margins.uniform(0),
                ),
            )
            return StaticContentStamp(writer=writer, style=style, box=box)

    return ReportStampStyle(timestamp_format=TIME_FORMAT, border_width=0)


def draw_stamp(
    width: float,
    height: float,
    lang: str,
    identity: SigningIdentity,
    when: str,
    *,
    certify: bool = False,
) -> bytes:
    """The visible signature appearance as a one-page PDF of the slot's size.

    The heading says whether it certifies the report or approves it.
    """
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from app.report.fonts import REPORTLAB_NAME, register_reportlab_font
    from app.report.styles import INK, MUTED, PRIMARY

    register_reportlab_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName=REPORTLAB_NAME)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColor(PRIMARY)
    canvas.setLineWidth(1.2)
    canvas.rect(0.6, 0.6, width - 1.2, height - 1.2, stroke=1, fill=1)
    canvas.setFillColor(PRIMARY)
    canvas.rect(0.6, height - 7 * mm, width - 1.2, 7 * mm - 0.6, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(REPORTLAB_NAME, 8.5)
    role = label("stamp_certify" if certify else "stamp_role", lang)
    canvas.drawString(3 * mm, height - 4.8 * mm, "✓ " + role + " · PAdES")
    fingerprint = " ".join(identity.fingerprint[i : i + 4] for i in range(0, 24, 4)) + " …"
    rows = [
        (label("stamp_signer", lang), identity.subject_name),
        (label("stamp_org", lang), identity.organisation or "—"),
        (label("stamp_time", lang), when),
        (label("stamp_cert", lang), "SHA-256 " + fingerprint),
    ]
    y = height - 12 * mm
    key_width = max(canvas.stringWidth(k, REPORTLAB_NAME, 7.5) for k, _ in rows) + 3 * mm
    for key, value in rows:
        canvas.setFont(REPORTLAB_NAME, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(3 * mm, y, key)
        canvas.setFillColor(INK)
        size = 9 if key == rows[0][0] else 7.5
        canvas.setFont(REPORTLAB_NAME, size)
        canvas.drawString(
            3 * mm + key_width, y, _fit(canvas, value, size, width - 6 * mm - key_width)
        )
        y -= 6 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fit(canvas: Any, text: str, size: float, width: float) -> str:
    from app.report.fonts import REPORTLAB_NAME

    if canvas.stringWidth(text, REPORTLAB_NAME, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", REPORTLAB_NAME, size) > width:
        text = text[:-1]
    return text + "…"


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".ihsa-sign-", suffix=".pdf", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp_name, path)
    except OSError as err:
        raise StorageError(
            f"无法写入 {path}：{err.strerror}", f"cannot write {path}: {err.strerror}"
        ) from err
    finally:
        if "temp_name" in locals() and os.path.exists(temp_name):
            os.unlink(temp_name)
