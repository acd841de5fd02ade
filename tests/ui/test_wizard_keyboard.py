"""Twenty-odd items per page stay manageable from the keyboard: filter, search, keys, pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6 import QtCore

from app.domain.enums import Result
from app.domain.models import Case
from app.services.workspace import Workspace
from tests.ui.wizard_helpers import domain_page, open_wizard
from ui.wizard import AssessmentWizard, PageId
from ui.wizard.domain_page import DomainPage, ItemFilter
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def wizard(
    request: pytest.FixtureRequest, qtbot, workspace: Workspace, pools: Pools, case: Case
) -> Iterator[AssessmentWizard]:
    opened = open_wizard(request, workspace, pools, case.id)
    opened.activateWindow()
    qtbot.waitUntil(opened.isActiveWindow)
    yield opened


def mobile_page(wizard: AssessmentWizard) -> DomainPage:
    index = max(range(len(wizard.pack.domains)), key=lambda i: len(wizard.pack.domains[i].items))
    return domain_page(wizard, PageId.FIRST_DOMAIN + index)


def test_unanswered_filter_moves_on_to_the_next_open_item(qtbot, wizard: AssessmentWizard) -> None:
    page = mobile_page(wizard)
    total = len(page.domain.items)
    assert total >= 20
    page.filter.setCurrentIndex(ItemFilter.UNANSWERED)
    page.list.setFocus()
    first, second = page.domain.items[0].id, page.domain.items[1].id
    assert page.current_item_id() == first
    with qtbot.waitSignal(wizard.case_changed, timeout=3000) as changed:
        qtbot.keyClick(page.list, "1")
    assert changed.args == [wizard.case_id]
    assert page.list.count() == total - 1
    assert page.current_item_id() == second
    qtbot.keyClick(page.list, "2")
    assert page.list.count() == total - 2
    assert page.progress.value() == 2

    page.filter.setCurrentIndex(ItemFilter.FAILED)
    assert [
        page.list.item(i).data(QtCore.Qt.ItemDataRole.UserRole) for i in range(page.list.count())
    ] == [second]
    assert wizard.context.result(second) == Result.PARTIAL


def test_search_finds_items_by_id_and_text_and_escape_clears_it(
    qtbot, wizard: AssessmentWizard
) -> None:
    page = mobile_page(wizard)
    target = page.domain.items[5]
    page.list.setFocus()
    qtbot.keyClick(page.list, QtCore.Qt.Key.Key_F, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, target.id.lower())
    assert page.list.count() == 1
    qtbot.keyClick(page.search, QtCore.Qt.Key.Key_Return)
    assert page.list.hasFocus() and page.current_item_id() == target.id
    qtbot.keyClick(page.list, "3")
    assert wizard.context.result(target.id) == Result.FAIL
    page.search.setFocus()
    qtbot.keyClick(page.search, QtCore.Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert page.list.count() == len(page.domain.items)
    page.search.setText(target.title["zh"][:6])
    assert target.id in [
        page.list.item(i).data(QtCore.Qt.ItemDataRole.UserRole) for i in range(page.list.count())
    ]


def test_pages_change_with_alt_arrows(qtbot, wizard: AssessmentWizard) -> None:
    assert wizard.currentId() == PageId.CASE
    qtbot.keyClick(wizard, QtCore.Qt.Key.Key_Right, QtCore.Qt.KeyboardModifier.AltModifier)
    assert wizard.currentId() == PageId.FIRST_DOMAIN
    qtbot.keyClick(
        wizard.currentPage(), QtCore.Qt.Key.Key_Right, QtCore.Qt.KeyboardModifier.AltModifier
    )
    assert wizard.currentId() == PageId.FIRST_DOMAIN + 1
    qtbot.keyClick(
        wizard.currentPage(), QtCore.Qt.Key.Key_Left, QtCore.Qt.KeyboardModifier.AltModifier
    )
    assert wizard.currentId() == PageId.FIRST_DOMAIN
    # The page list beside the wizard jumps anywhere, keeping Back meaningful.
    review_row = wizard.navigator.count() - 1
    wizard.navigator.itemActivated.emit(wizard.navigator.item(review_row))
    assert wizard.currentId() == PageId.REVIEW
    wizard.back()
    assert wizard.currentId() == PageId.APK
