"""Organisation and application registers: inline refusals, nothing typed is lost."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain import credit_code
from app.i18n import pick
from app.services.workspace import Workspace
from tests.ui import main_support
from tests.ui.main_support import WindowFactory
from ui.dialogs.application_dialog import ApplicationDialog, bad_fingerprint_lines
from ui.dialogs.organisation_dialog import OrganisationDialog, credit_code_feedback

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(main_support.OFFSCREEN_NOISE)]
demo_workspace = main_support.demo_workspace
open_window = main_support.open_window

GOOD_CODE = "91350100M000100Y43"
BAD_CODE = "91350100M000100Y44"  # wrong check character
CERT = "AB:" * 31 + "AB"


def _save_and_wait_for_refusal(
    qtbot: QtBot, dialog: OrganisationDialog | ApplicationDialog
) -> None:
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and not dialog.busy, timeout=10_000)


def test_bad_credit_code_is_refused_inline_and_the_dialog_keeps_what_was_typed(
    open_window: WindowFactory, qtbot: QtBot, demo_workspace: Workspace
) -> None:
    window = open_window()
    dialog = window.add_organisation()
    dialog.name_edit.setText("丙县人民医院")  # keyClicks types ASCII only
    qtbot.keyClicks(dialog.code_edit, BAD_CODE.lower())  # upper-cased while typing
    dialog.add_contact_row()
    dialog.contacts_table.item(0, 0).setText("赵六")
    assert dialog.code_status.text().endswith(
        pick(dict(zip(("zh", "en"), credit_code.problem(BAD_CODE), strict=True)))
    )

    _save_and_wait_for_refusal(qtbot, dialog)

    assert dialog.isVisible()
    assert "校验位" in dialog.error_label.text()
    assert dialog.name_edit.text() == "丙县人民医院"
    assert dialog.code_edit.text() == BAD_CODE
    assert [c.name for c in dialog.contacts()] == ["赵六"]
    assert len(demo_workspace.organisations.list()) == 1

    dialog.code_edit.setText(GOOD_CODE)
    assert dialog.code_status.text().startswith("✓")
    with (
        qtbot.waitSignal(window.data_refreshed, timeout=10_000),
        qtbot.waitSignal(dialog.saved, timeout=10_000),
    ):
        dialog.submit()
    names = [o.name for o in window.organisation_model.records()]
    assert "丙县人民医院" in names
    assert window.tabs.currentIndex() == 1
    saved = next(o for o in demo_workspace.organisations.list() if o.credit_code == GOOD_CODE)
    assert [c.name for c in saved.contacts] == ["赵六"]


def test_duplicate_credit_code_is_a_conflict_shown_inline(
    open_window: WindowFactory, qtbot: QtBot
) -> None:
    window = open_window()
    dialog = window.add_organisation()
    dialog.name_edit.setText("重复登记")
    dialog.code_edit.setText(window.organisation_model.record_at(0).credit_code)
    _save_and_wait_for_refusal(qtbot, dialog)
    assert "已登记" in dialog.error_label.text()
    assert dialog.isVisible()


def test_credit_code_feedback_while_typing() -> None:
    message, verdict = credit_code_feedback("9135")
    assert verdict is None and "4" in message
    message, verdict = credit_code_feedback(GOOD_CODE[:17])
    assert verdict is None and message.endswith(GOOD_CODE[17])  # the expected check character
    assert credit_code_feedback(GOOD_CODE)[1] is True
    assert credit_code_feedback(BAD_CODE)[1] is False
    assert credit_code_feedback("9135O")[1] is False  # O is not in the alphabet


def test_application_with_a_bad_fingerprint_is_refused(
    open_window: WindowFactory, qtbot: QtBot, demo_workspace: Workspace
) -> None:
    window = open_window()
    dialog = window.add_application()
    dialog.name_edit.setText("掌上医院")
    dialog.package_edit.setText("cn.example.palm")
    dialog.certs_edit.setPlainText(f"{CERT}\nnot-a-fingerprint")
    dialog.version_code_spin.setValue(305)
    assert "2" in dialog.certs_status.text()  # the bad line is named while typing
    assert bad_fingerprint_lines(dialog.certs_edit.toPlainText()) == [2]

    _save_and_wait_for_refusal(qtbot, dialog)
    assert "SHA-256" in dialog.error_label.text()
    assert dialog.name_edit.text() == "掌上医院"
    assert len(demo_workspace.applications.list()) == 1

    dialog.certs_edit.setPlainText(CERT)
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.submit()
    application = saved.args[0]
    assert application.official_cert_sha256 == ("ab" * 32,)
    assert application.official_version_code == 305


def test_editing_an_application_keeps_its_fields(
    open_window: WindowFactory, qtbot: QtBot, demo_workspace: Workspace
) -> None:
    window = open_window()
    window.tabs.setCurrentIndex(2)
    window.application_view.setCurrentIndex(window.application_view.model().index(0, 0))
    dialog = window.edit_selected_application()
    assert dialog is not None
    original = demo_workspace.applications.list()[0]
    assert dialog.application_input().channels == original.channels
    assert dialog.version_code_spin.value() == original.official_version_code
    dialog.authorization_edit.setText("ZJ-IH-2026-0002")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    assert demo_workspace.applications.get(original.id).authorization_code == "ZJ-IH-2026-0002"
