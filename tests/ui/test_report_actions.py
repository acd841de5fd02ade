"""Exporting and verifying PDF reports from the wizard's review page and the main window."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from app.domain.models import Case
from app.security import keystore
from app.security.keystore import SigningIdentity
from app.services.demo import seed_demo
from app.services.reports import countersign_report, generate_report
from app.services.workspace import Workspace
from tests.ui import main_support
from tests.ui.main_support import WindowFactory
from tests.ui.wizard_helpers import close_if_open
from ui.dialogs import report_dialogs
from ui.dialogs.report_dialogs import ExportDialog, VerifyDialog
from ui.wizard import AssessmentWizard, PageId, open_assessment
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(main_support.OFFSCREEN_NOISE)]
demo_workspace = main_support.demo_workspace
open_window = main_support.open_window
pools = main_support.pools
settings_dir = main_support.settings_dir

PASSPHRASE = "correct horse 42"
REPORT_TIMEOUT = 60_000  # rendering takes about a second; the CI machine is shared


@pytest.fixture
def case(demo_workspace: Workspace) -> Case:
    return seed_demo(demo_workspace)[0]


@pytest.fixture
def certificate(tmp_path: Path) -> SigningIdentity:
    """An assessor certificate whose passphrase is not in the (in-memory) keyring yet."""
    return keystore.create_self_signed("张检查", tmp_path / "assessor.p12", PASSPHRASE)


@pytest.fixture
def wizard(
    settings_dir: Path, demo_workspace: Workspace, pools: Pools, case: Case
) -> Iterator[AssessmentWizard]:
    opened = open_assessment(demo_workspace, pools, case.id, None)
    assert opened is not None
    assert opened.go_to_page(PageId.REVIEW)
    yield opened
    close_if_open(opened)


@pytest.fixture
def signed_report(
    demo_workspace: Workspace, case: Case, certificate: SigningIdentity, tmp_path: Path
) -> Path:
    out = tmp_path / "reports" / "signed.pdf"
    out.parent.mkdir()
    generate_report(demo_workspace, case.id, out, identity=certificate)
    return out


def export_dialog(wizard: AssessmentWizard, out: Path) -> ExportDialog:
    assert wizard.review_page is not None
    dialog = wizard.review_page.export_report()
    dialog.path.setText(str(out))
    return dialog


def is_signed(pdf: Path) -> bool:
    fields = PdfReader(pdf).get_fields() or {}
    return any(f.get("/FT") == "/Sig" and f.get("/V") for f in fields.values())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_export_from_the_review_page_writes_a_signed_report(
    qtbot: QtBot, wizard: AssessmentWizard, case: Case, certificate: SigningIdentity, tmp_path: Path
) -> None:
    keystore.remember_passphrase(certificate)  # in the keyring: no question asked
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    dialog = export_dialog(wizard, out)
    dialog.sign.setChecked(True)
    dialog.p12.setText(str(certificate.p12_path))
    with qtbot.waitSignal(dialog.exported, timeout=REPORT_TIMEOUT) as exported:
        dialog.export_button.click()
    assert dialog.passphrase_dialog is None
    reader = PdfReader(out)
    assert reader.metadata is not None and reader.metadata["/IHSACaseId"] == str(case.id)
    assert is_signed(out)
    sha256 = hashlib.sha256(out.read_bytes()).hexdigest()
    assert exported.args[0].file_sha256 == sha256
    assert sha256 in dialog.status.text() and "张检查" in dialog.status.text()
    assert dialog.open_button.isVisible()
    assert leftovers(out.parent) == ["report.pdf"]
    # The certificate and the folder are remembered for the next export.
    assert report_dialogs.remembered_p12() == certificate.p12_path
    assert report_dialogs.report_folder() == out.parent
    again = export_dialog(wizard, out)
    assert again.sign.isChecked() and again.p12.text() == str(certificate.p12_path)


def test_unsigned_export_in_english(
    qtbot: QtBot, wizard: AssessmentWizard, case: Case, tmp_path: Path
) -> None:
    out = tmp_path / "report-en.pdf"
    dialog = export_dialog(wizard, out)
    dialog.sign.setChecked(False)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    with qtbot.waitSignal(dialog.exported, timeout=REPORT_TIMEOUT):
        dialog.export_button.click()
    reader = PdfReader(out)
    assert reader.metadata is not None and reader.metadata["/IHSALang"] == "en"
    assert not is_signed(out)


def test_a_wrong_passphrase_is_shown_in_the_dialog_and_writes_nothing(
    qtbot: QtBot, wizard: AssessmentWizard, certificate: SigningIdentity, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    dialog = export_dialog(wizard, out)
    dialog.sign.setChecked(True)
    dialog.p12.setText(str(certificate.p12_path))
    dialog.export_button.click()
    asking = dialog.passphrase_dialog
    assert asking is not None and asking.isVisible()
    assert asking.passphrase.echoMode() == asking.passphrase.EchoMode.Password
    qtbot.keyClicks(asking.passphrase, "not the passphrase")
    asking.buttons.accepted.emit()
    assert asking.isVisible()  # asked again
    assert asking.error.isVisible() and "assessor.p12" in asking.error.text()
    assert dialog.job is None and not out.exists()
    asking.reject()
    assert "passphrase" in dialog.status.text()
    assert not out.exists()
    assert keystore.stored_passphrase(certificate.p12_path) is None

    # The right passphrase signs, and is kept in the keyring for next time.
    dialog.export_button.click()
    asking = dialog.passphrase_dialog
    assert asking is not None
    qtbot.keyClicks(asking.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.exported, timeout=REPORT_TIMEOUT):
        asking.buttons.accepted.emit()
    assert is_signed(out)
    assert keystore.stored_passphrase(certificate.p12_path) == PASSPHRASE


def test_create_certificate_signs_with_the_new_one(
    qtbot: QtBot, wizard: AssessmentWizard, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    dialog = export_dialog(wizard, out)
    creating = dialog.create_certificate()
    assert creating.holder.text() == "张检查"  # the case's assessor
    new_p12 = tmp_path / "mine.p12"
    creating.path.setText(str(new_p12))
    qtbot.keyClicks(creating.passphrase, PASSPHRASE)
    qtbot.keyClicks(creating.repeat, PASSPHRASE + "x")
    creating.buttons.accepted.emit()
    assert creating.isVisible() and creating.error.isVisible()
    assert not new_p12.exists()
    creating.repeat.setText(PASSPHRASE)
    creating.buttons.accepted.emit()
    assert new_p12.is_file()
    assert dialog.sign.isChecked() and dialog.p12.text() == str(new_p12)
    assert "张检查" in dialog.certificate_info.text()
    with qtbot.waitSignal(dialog.exported, timeout=REPORT_TIMEOUT):
        dialog.export_button.click()
    assert dialog.passphrase_dialog is None  # known since it was created
    assert is_signed(out)


def test_cancel_leaves_no_partial_file(
    qtbot: QtBot, wizard: AssessmentWizard, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "report.pdf"
    dialog = export_dialog(wizard, out)
    dialog.sign.setChecked(False)
    dialog.export_button.click()
    job = dialog.job
    assert job is not None and dialog.cancel_button.isVisible()
    with qtbot.waitSignal(
        job.signals.progress_changed, timeout=REPORT_TIMEOUT, check_params_cb=lambda f, s: f > 0
    ):
        pass
    with qtbot.waitSignal(job.signals.finished, timeout=REPORT_TIMEOUT):
        dialog.cancel_button.click()
    assert not out.exists()
    assert leftovers(folder) == []
    assert "cancelled" in dialog.status.text()
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isVisible()


def test_an_existing_file_is_replaced_only_when_confirmed(
    qtbot: QtBot, wizard: AssessmentWizard, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"an older report")
    dialog = export_dialog(wizard, out)
    dialog.sign.setChecked(False)
    dialog.export_button.click()
    assert dialog.job is None and "again" in dialog.status.text()
    assert out.read_bytes() == b"an older report"
    with qtbot.waitSignal(dialog.exported, timeout=REPORT_TIMEOUT):
        dialog.export_button.click()
    assert out.read_bytes().startswith(b"%PDF")


def test_the_default_file_name_never_replaces_a_report(tmp_path: Path) -> None:
    first = report_dialogs.default_report_path(7, tmp_path)
    assert first.name.startswith("IHSA-case-7-") and first.suffix == ".pdf"
    first.write_bytes(b"x")
    assert report_dialogs.default_report_path(7, tmp_path) != first


def verify_in_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, open_dialog, pdf: Path
) -> VerifyDialog:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(report_dialogs, "ask_open_path", lambda *args: pdf)
    dialog = open_dialog()
    assert dialog is not None
    # The job may finish before a signal wait could connect: wait for its visible end.
    qtbot.waitUntil(lambda: dialog.job is None, timeout=REPORT_TIMEOUT)
    return dialog


def test_verify_shows_valid_for_a_good_report_and_a_failure_for_a_flipped_byte(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    wizard: AssessmentWizard,
    signed_report: Path,
    case: Case,
) -> None:
    review = wizard.review_page
    assert review is not None
    dialog = verify_in_dialog(qtbot, monkeypatch, review.verify_report, signed_report)
    assert dialog.verification is not None and dialog.verification.ok
    assert dialog.verdict.property("ok") is True
    assert "Valid" in dialog.verdict.text() and "self-signed" in dialog.note.text()
    assert dialog.signatures.topLevelItemCount() == 1
    row = dialog.signatures.topLevelItem(0)
    assert row.text(0) == "张检查"
    assert [row.text(c) for c in (2, 3, 4, 5, 6)] == [
        "Yes",
        "Yes",
        "Self-signed",
        "Yes",
        "Certification",
    ]
    # Qt strings are untranslated here; the permission text follows app.i18n (Chinese).
    assert "Certified by 张检查 (只允许填写表单和签名)" in dialog.summary.text()
    assert f"matches case {case.id}" in dialog.digest.text()
    assert dialog.verification.signatures[0].certificate_sha256 in dialog.certificates.text()
    dialog.close()

    damaged = signed_report.with_name("damaged.pdf")
    data = bytearray(signed_report.read_bytes())
    data[len(data) // 3] ^= 0x01
    damaged.write_bytes(bytes(data))
    dialog = verify_in_dialog(qtbot, monkeypatch, review.verify_report, damaged)
    assert dialog.verdict.property("ok") is False
    assert "Not valid" in dialog.verdict.text()
    assert dialog.signatures.topLevelItem(0).text(2) == "No"  # not intact
    assert "签名后文件内容被改动" in dialog.problems.text()


def test_verify_reports_a_case_changed_after_the_report(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    demo_workspace: Workspace,
    wizard: AssessmentWizard,
    signed_report: Path,
    case: Case,
) -> None:
    from app.domain.enums import Result

    item = next(i for i in wizard.pack.items if i.id not in wizard.context.answers())
    demo_workspace.cases.set_answer(case.id, item.id, Result.PASS)
    review = wizard.review_page
    assert review is not None
    dialog = verify_in_dialog(qtbot, monkeypatch, review.verify_report, signed_report)
    assert dialog.verdict.property("ok") is False
    assert "case changed" in dialog.verdict.text()
    assert f"differs from case {case.id}" in dialog.digest.text()


def test_verify_a_file_that_is_no_report(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, wizard: AssessmentWizard, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    review = wizard.review_page
    assert review is not None
    dialog = verify_in_dialog(qtbot, monkeypatch, review.verify_report, junk)
    assert dialog.verdict.property("ok") is False
    assert "Cannot verify" in dialog.verdict.text()


def test_the_main_window_verifies_without_a_wizard(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    open_window: WindowFactory,
    signed_report: Path,
) -> None:
    window = open_window()
    assert window.verify_report_action.isEnabled()
    dialog = verify_in_dialog(
        qtbot,
        monkeypatch,
        lambda: (window.verify_report_action.trigger(), window.findChild(VerifyDialog))[1],
        signed_report,
    )
    assert dialog.verification is not None and dialog.verification.ok
    assert not window.findChildren(AssessmentWizard)


def test_a_countersigned_report_shows_both_signatures_as_normal(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    demo_workspace: Workspace,
    wizard: AssessmentWizard,
    signed_report: Path,
    tmp_path: Path,
) -> None:
    reviewer = keystore.create_self_signed("李审核", tmp_path / "reviewer.p12", PASSPHRASE)
    countersign_report(demo_workspace, signed_report, reviewer)
    review = wizard.review_page
    assert review is not None
    dialog = verify_in_dialog(qtbot, monkeypatch, review.verify_report, signed_report)
    assert dialog.verification is not None and dialog.verification.ok
    first, second = (dialog.signatures.topLevelItem(i) for i in range(2))
    assert [first.text(5), first.text(6)] == ["No (later signatures only)", "Certification"]
    assert [second.text(5), second.text(6)] == ["Yes", "Approval"]
    # Only signatures were added after the first: shown as the normal state, not an alarm.
    assert first.foreground(5).color() == second.foreground(5).color()


def test_choosing_no_file_opens_no_verify_dialog(
    monkeypatch: pytest.MonkeyPatch, open_window: WindowFactory
) -> None:
    window = open_window()
    monkeypatch.setattr(report_dialogs, "ask_open_path", lambda *args: None)
    assert window.verify_report() is None


def test_the_main_window_exports_the_selected_case(
    qtbot: QtBot, open_window: WindowFactory, case: Case, tmp_path: Path
) -> None:
    window = open_window()
    assert window.select_case(case.id) and window.export_report_action.isEnabled()
    window.export_report_action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.case.id == case.id
    out = tmp_path / "from-main.pdf"
    dialog.path.setText(str(out))
    dialog.sign.setChecked(False)
    with qtbot.waitSignal(dialog.exported, timeout=REPORT_TIMEOUT):
        dialog.export_button.click()
    assert PdfReader(out).metadata["/IHSACaseId"] == str(case.id)  # type: ignore[index]


def test_the_verify_dialog_copes_with_a_copy_outside_the_database(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, pools: Pools, signed_report: Path, tmp_path: Path
) -> None:
    elsewhere = Workspace.open(data_dir=tmp_path / "other")
    try:
        copy = tmp_path / "copy.pdf"
        shutil.copyfile(signed_report, copy)
        dialog = verify_in_dialog(
            qtbot, monkeypatch, lambda: report_dialogs.open_verify(elsewhere, pools, None), copy
        )
        assert dialog.verification is not None and dialog.verification.ok
        assert "not in this database" in dialog.digest.text()
        dialog.close()
    finally:
        elsewhere.close()


def test_closing_the_wizard_during_an_export_cancels_it(
    qtbot: QtBot, wizard: AssessmentWizard, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    dialog = export_dialog(wizard, out)
    dialog.sign.setChecked(False)
    dialog.export_button.click()
    job = dialog.job
    assert job is not None
    with qtbot.waitSignal(job.signals.finished, timeout=REPORT_TIMEOUT):
        close_if_open(wizard)
    assert job.cancel_token.cancelled
    assert not out.exists()
    assert not [name for name in leftovers(tmp_path) if name.startswith(".ihsa-")]
