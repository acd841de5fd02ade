"""PAdES signing, counter-signing and tamper detection."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.errors import ConflictError, IntegrityError, KnownError, ValidationError
from app.report.sign import sign_pdf
from app.report.verify import verify_pdf
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
    assert str(datetime.now(UTC).year) in last_page


def test_countersignature_keeps_the_first_valid(signed_twice: Path) -> None:
    result = verify_pdf(signed_twice)
    assert result.ok, result.problems
    first, second = result.signatures
    assert (first.signer, second.signer) == ("张三", "Li Si")
    assert first.intact and first.valid and not first.covers_whole_file
    assert first.modification in ("form_filling", "lta_updates")
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
