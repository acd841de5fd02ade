"""PAdES signing, counter-signing and tamper detection."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.errors import ConflictError, IntegrityError, KnownError, ValidationError
from app.report.sign import sign_pdf
from app.report.verify import (
    DOCMDP_FILL_FORMS,
    SIGNATURE_APPROVAL,
    SIGNATURE_CERTIFICATION,
    verify_pdf,
)
from app.security.keystore import SigningIdentity, create_self_signed
from tests.report.conftest import PASSPHRASE, poppler


def test_signed_report_verifies(signed_once: Path, assessor: SigningIdentity) -> None:
    result = verify_pdf(signed_once)
    assert result.ok, result.problems
    (sig,) = result.signatures
    assert sig.signer == "张三"
    assert sig.organisation == "某省卫生健康委员会"
    assert sig.intact and sig.valid and sig.covers_whole_file
    assert not sig.trusted and sig.self_signed  # untrusted, not invalid
    assert sig.certificate_sha256 == assessor.fingerprint
    assert sig.signing_time is not None
    assert abs(sig.signing_time - datetime.now(UTC)) < timedelta(hours=1)
    assert result.case_id == 42


def test_pdfsig_reports_the_signature_valid(signed_once: Path) -> None:
    output = poppler("pdfsig", str(signed_once))
    assert "Signature is Valid" in output
    assert "Total document signed" in output


def test_visible_stamp_names_signer_and_time(signed_once: Path) -> None:
    output = poppler("pdftotext", "-l", "999", str(signed_once), "-")
    last_page = output.split("\f")[-2]
    assert "张三" in last_page
    assert "签名时间" in last_page
    assert "认证签名 · PAdES" in last_page  # the first signature certifies the report
    assert str(datetime.now(UTC).year) in last_page


def test_countersignature_stamp_says_it_is_a_signature_not_a_certification(
    signed_twice: Path,
) -> None:
    last_page = poppler("pdftotext", "-l", "999", str(signed_twice), "-").split("\f")[-2]
    assert last_page.count("认证签名 · PAdES") == 1
    assert "数字签名 · PAdES" in last_page


def test_countersignature_keeps_the_first_valid(signed_twice: Path) -> None:
    result = verify_pdf(signed_twice)
    assert result.ok, result.problems
    first, second = result.signatures
    assert (first.signer, second.signer) == ("张三", "Li Si")
    assert first.intact and first.valid and not first.covers_whole_file
    assert first.modification == "form_filling"
    assert second.covers_whole_file
    output = poppler("pdfsig", str(signed_twice))
    assert output.count("Signature is Valid") == 2


def test_third_signature_is_refused(
    signed_twice: Path, assessor: SigningIdentity, tmp_path: Path
) -> None:
    with pytest.raises(ConflictError):
        sign_pdf(signed_twice, assessor, tmp_path / "third.pdf")


def test_flipped_byte_is_detected(signed_once: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    target = copy_of(signed_once)
    data = bytearray(target.read_bytes())
    position = len(data) // 3  # well inside the first signed byte range
    data[position] ^= 0x01
    target.write_bytes(bytes(data))
    result = verify_pdf(target)
    assert not result.ok
    assert not result.signatures[0].intact
    assert any("changed after signing" in p["en"] for p in result.signatures[0].problems)
    assert "Signature is Valid" not in poppler("pdfsig", str(target))


def test_changed_byte_in_signature_padding_is_detected(signed_once: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    target = copy_of(signed_once)
    data = target.read_bytes()
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    padding = data.rindex(b"0000", start, end)
    target.write_bytes(data[:padding] + b"1" + data[padding + 1 :])
    assert not verify_pdf(target).ok


@pytest.mark.parametrize("hex_offset", [0, 1, 20, 200, 1000])
def test_altered_signature_value_is_reported_not_crashed(
    signed_once: Path,
    copy_of,
    hex_offset: int,  # type: ignore[no-untyped-def]
) -> None:
    target = copy_of(signed_once)
    data = bytearray(target.read_bytes())
    position = data.rindex(b"/Contents <") + len(b"/Contents <") + hex_offset
    data[position] = ord("0") if data[position] != ord("0") else ord("1")
    target.write_bytes(bytes(data))
    result = verify_pdf(target)
    assert not result.ok
    assert len(result.signatures) == 1 and not result.signatures[0].ok


def test_appended_incremental_update_is_detected(signed_once: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    target = copy_of(signed_once)
    writer = IncrementalPdfFileWriter(io.BytesIO(target.read_bytes()))
    writer.set_info(
        generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("x")})
    )
    out = io.BytesIO()
    writer.write(out)
    target.write_bytes(out.getvalue())
    result = verify_pdf(target)
    assert not result.ok
    assert any("unsigned bytes follow" in p["en"] for p in result.problems)


def test_trailing_garbage_is_detected(signed_once: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    target = copy_of(signed_once)
    target.write_bytes(target.read_bytes() + b"\n% appended\n")
    assert not verify_pdf(target).ok


def test_countersigning_a_tampered_report_is_refused(
    signed_once: Path,
    reviewer: SigningIdentity,
    copy_of,  # type: ignore[no-untyped-def]
) -> None:
    target = copy_of(signed_once)
    target.write_bytes(target.read_bytes() + b"\n% appended\n")
    with pytest.raises(IntegrityError):
        sign_pdf(target, reviewer)


def test_unsigned_report_does_not_pass(report_zh: Path) -> None:
    result = verify_pdf(report_zh)
    assert not result.ok
    assert result.signatures == ()
    assert any("no digital signature" in p["en"] for p in result.problems)


def test_signing_in_place_replaces_the_file(
    report_zh: Path, assessor: SigningIdentity, copy_of
) -> None:  # type: ignore[no-untyped-def]
    target = copy_of(report_zh)
    outcome = sign_pdf(target, assessor)
    assert outcome.path == target
    assert verify_pdf(target).ok
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp files left


def test_non_report_pdf_is_refused(tmp_path: Path, assessor: SigningIdentity) -> None:
    from reportlab.pdfgen.canvas import Canvas

    other = tmp_path / "other.pdf"
    canvas = Canvas(str(other))
    canvas.drawString(100, 100, "not a report")
    canvas.save()
    with pytest.raises(ValidationError, match=r"not an IHSA report|不是 IHSA"):
        sign_pdf(other, assessor)


@pytest.mark.parametrize("content", [b"hello, not a pdf", b"%PDF-1.4\n garbage"])
def test_broken_input_is_a_known_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(KnownError):
        verify_pdf(path)


def test_missing_file_is_a_known_error(tmp_path: Path) -> None:
    with pytest.raises(KnownError):
        verify_pdf(tmp_path / "absent.pdf")


def test_expired_certificate_cannot_sign(tmp_path: Path, report_zh: Path) -> None:
    old = create_self_signed(
        "王五", tmp_path / "old.p12", PASSPHRASE, now=datetime.now(UTC) - timedelta(days=4 * 365)
    )
    with pytest.raises(ValidationError, match=r"expired|过期"):
        sign_pdf(report_zh, old, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


# --- Certification (DocMDP) -------------------------------------------------------------------


def _pyhanko_sign(
    source: Path,
    identity: SigningIdentity,
    out: Path,
    field_name: str,
    *,
    certify: bool,
    visible: bool = True,
) -> Path:
    """Sign with pyHanko directly, as the pre-certification code did (and as other tools do).

    Unlike ``sign_pdf`` it reserves no empty field and checks nothing first.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from app.report.layout import SIGNATURE_SLOTS
    from app.report.sign import _stamp_style

    box = next((s.box for s in SIGNATURE_SLOTS if s.field_name == field_name), None)
    signer = signers.SimpleSigner.load_pkcs12_data(
        identity.p12_data, other_certs=[], passphrase=identity.passphrase.encode("utf-8")
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=-1, box=box if visible else None)
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=_stamp_style("zh", identity), new_field_spec=spec
    )
    output = io.BytesIO()
    pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(source.read_bytes())), output=output)
    out.write_bytes(output.getvalue())
    return out


def _incremental_update(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Apply ``change(writer, page_1)`` to ``path`` as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    change(writer, page)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())


def _add_annotation(writer, page) -> None:  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils import generic

    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (100, 100, 120, 120)]
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("grade should be A"),
        }
    )
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(note)])


def _add_page_content(writer, page) -> None:  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils import generic

    extra = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 50 50 200 40 re f"))
    contents = page.raw_get("/Contents")
    old = list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    page[generic.NameObject("/Contents")] = generic.ArrayObject([*old, extra])


def _docmdp_problems(signature) -> list[str]:  # type: ignore[no-untyped-def]
    return [p["en"] for p in signature.problems if "beyond what the certification" in p["en"]]


def test_first_signature_certifies_for_form_filling_and_signing(signed_once: Path) -> None:
    from pyhanko.sign.fields import MDPPerm, enumerate_sig_fields
    from pyhanko.sign.validation import read_certification_data

    from app.report.sign import open_reader

    result = verify_pdf(signed_once)
    assert result.ok, result.problems
    (sig,) = result.signatures
    assert sig.kind == SIGNATURE_CERTIFICATION
    assert sig.docmdp_permission == DOCMDP_FILL_FORMS
    reader = open_reader(signed_once.read_bytes(), signed_once)
    certification = read_certification_data(reader)
    assert certification is not None and certification.permission == MDPPerm.FILL_FORMS
    # The countersignature's field exists already, empty: filling it is form filling.
    fields = {str(name): value for name, value, _ref in enumerate_sig_fields(reader)}
    assert list(fields) == ["IHSA-Signature-1", "IHSA-Signature-2"]
    assert fields["IHSA-Signature-2"] is None


def test_sign_outcome_names_the_signature_kind(
    report_zh: Path, assessor: SigningIdentity, reviewer: SigningIdentity, tmp_path: Path
) -> None:
    first = sign_pdf(report_zh, assessor, tmp_path / "once.pdf")
    second = sign_pdf(first.path, reviewer, tmp_path / "twice.pdf")
    assert (first.kind, second.kind) == (SIGNATURE_CERTIFICATION, SIGNATURE_APPROVAL)


def test_countersignature_stays_within_the_certification(signed_twice: Path) -> None:
    result = verify_pdf(signed_twice)
    assert result.ok, result.problems
    first, second = result.signatures
    assert (first.kind, first.docmdp_permission) == (SIGNATURE_CERTIFICATION, DOCMDP_FILL_FORMS)
    assert (second.kind, second.docmdp_permission) == (SIGNATURE_APPROVAL, None)
    assert first.modification == "form_filling"  # signing the reserved field, nothing else


def test_new_signature_field_after_certification_breaks_it(
    report_zh: Path, assessor: SigningIdentity, reviewer: SigningIdentity, tmp_path: Path
) -> None:
    """Why the certifying revision reserves slot 2: a field created later is not allowed."""
    certified = _pyhanko_sign(
        report_zh, assessor, tmp_path / "c.pdf", "IHSA-Signature-1", certify=True
    )
    assert verify_pdf(certified).ok
    countersigned = _pyhanko_sign(
        certified, reviewer, tmp_path / "cs.pdf", "IHSA-Signature-2", certify=False
    )
    result = verify_pdf(countersigned)
    assert not result.ok
    first, second = result.signatures
    assert _docmdp_problems(first) and second.ok
    # Our own countersigning refuses such a file rather than break its certification.
    before = certified.read_bytes()
    with pytest.raises(ConflictError) as caught:
        sign_pdf(certified, reviewer, tmp_path / "refused.pdf")
    assert "no reserved empty field" in caught.value.text["en"]
    assert not (tmp_path / "refused.pdf").exists() and certified.read_bytes() == before


@pytest.mark.parametrize("change", [_add_annotation, _add_page_content])
def test_change_after_certification_fails_with_the_docmdp_reason(
    signed_once: Path,
    copy_of,
    change,  # type: ignore[no-untyped-def]
) -> None:
    target = copy_of(signed_once)
    _incremental_update(target, change)
    result = verify_pdf(target)
    assert not result.ok
    # pyHanko explains no annotation changes outside form fields: both are "other".
    assert result.signatures[0].modification == "other"
    (problem,) = _docmdp_problems(result.signatures[0])
    assert "only form filling and signing allowed" in problem and "other changes" in problem
    zh = [p["zh"] for p in result.signatures[0].problems]
    assert any("超出了认证签名允许的范围" in text for text in zh)


def test_annotation_under_a_later_countersignature_still_breaks_the_certification(
    signed_once: Path,
    reviewer: SigningIdentity,
    copy_of,  # type: ignore[no-untyped-def]
) -> None:
    """The last signature covers the whole file; only the DocMDP check sees the annotation."""
    target = copy_of(signed_once)
    _incremental_update(target, _add_annotation)
    countersigned = _pyhanko_sign(
        target, reviewer, target.with_name("cs.pdf"), "IHSA-Signature-2", certify=False
    )
    result = verify_pdf(countersigned)
    assert not result.ok and not result.problems  # no unsigned bytes at the end
    first, second = result.signatures
    assert second.ok and second.covers_whole_file
    assert _docmdp_problems(first) and first.modification == "other"
    assert "Signature is Valid" in poppler("pdfsig", str(countersigned))  # pdfsig cannot tell


def test_countersigning_an_annotated_certified_report_is_refused(
    signed_once: Path,
    reviewer: SigningIdentity,
    copy_of,  # type: ignore[no-untyped-def]
) -> None:
    target = copy_of(signed_once)
    _incremental_update(target, _add_annotation)
    with pytest.raises(IntegrityError, match="未通过核验"):
        sign_pdf(target, reviewer, target.with_name("out.pdf"))
    assert not target.with_name("out.pdf").exists()


def test_a_certified_report_is_never_certified_again(
    report_zh: Path, assessor: SigningIdentity, tmp_path: Path
) -> None:
    # Certified by another tool in a field of its own: our first slot is still empty.
    foreign = _pyhanko_sign(
        report_zh, assessor, tmp_path / "f.pdf", "Other-Cert", certify=True, visible=False
    )
    before = foreign.read_bytes()
    with pytest.raises(ConflictError) as caught:
        sign_pdf(foreign, assessor, tmp_path / "again.pdf")
    assert "already certified" in caught.value.text["en"]
    assert "已有认证签名，不能再次认证" in caught.value.text["zh"]
    assert not (tmp_path / "again.pdf").exists() and foreign.read_bytes() == before
    with pytest.raises(ConflictError, match="已有认证签名"):
        sign_pdf(foreign, assessor)  # in place: the file stays as it was
    assert foreign.read_bytes() == before


def test_certification_after_another_signature_is_refused(
    report_zh: Path, assessor: SigningIdentity, tmp_path: Path
) -> None:
    approved = _pyhanko_sign(
        report_zh, assessor, tmp_path / "a.pdf", "Other-Approval", certify=False, visible=False
    )
    with pytest.raises(ConflictError) as caught:
        sign_pdf(approved, assessor, tmp_path / "out.pdf")
    assert "must be the first signature" in caught.value.text["en"]
    assert not (tmp_path / "out.pdf").exists()


def test_second_certification_fails_verification(
    signed_once: Path,
    reviewer: SigningIdentity,
    copy_of,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pyhanko.sign import signers

    # pyHanko refuses this too; switch its guard off to build what a hostile tool could write.
    monkeypatch.setattr(
        signers.PdfSigner, "_enforce_certification_constraints", lambda self, reader: None
    )
    target = copy_of(signed_once)
    recertified = _pyhanko_sign(
        target, reviewer, target.with_name("re.pdf"), "IHSA-Signature-2", certify=True
    )
    result = verify_pdf(recertified)
    assert not result.ok
    first, second = result.signatures
    assert first.kind == second.kind == SIGNATURE_CERTIFICATION
    assert any("second certification" in p["en"] for p in second.problems)
    assert _docmdp_problems(first)  # the catalogue's /Perms changed after certification
    # The catalogue now names the second one: readers would show the wrong certifier.
    assert any("(/Perms /DocMDP) does not match" in p["en"] for p in result.problems)


def test_legacy_approval_only_report_still_verifies(
    report_zh: Path, assessor: SigningIdentity, reviewer: SigningIdentity, tmp_path: Path
) -> None:
    """Reports signed before certification existed: approval signature, no reserved slot."""
    legacy = _pyhanko_sign(
        report_zh, assessor, tmp_path / "legacy.pdf", "IHSA-Signature-1", certify=False
    )
    result = verify_pdf(legacy)
    assert result.ok, result.problems
    (sig,) = result.signatures
    assert (sig.kind, sig.docmdp_permission) == (SIGNATURE_APPROVAL, None)
    assert sig.signer == "张三" and sig.covers_whole_file

    outcome = sign_pdf(legacy, reviewer, tmp_path / "legacy-cs.pdf")
    assert outcome.kind == SIGNATURE_APPROVAL  # the countersignature never certifies
    result = verify_pdf(outcome.path)
    assert result.ok, result.problems
    assert [s.kind for s in result.signatures] == [SIGNATURE_APPROVAL, SIGNATURE_APPROVAL]
    assert result.signatures[0].modification == "form_filling"
    assert poppler("pdfsig", str(outcome.path)).count("Signature is Valid") == 2
