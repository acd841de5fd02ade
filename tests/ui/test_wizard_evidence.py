"""Evidence on an item: dropped or chosen files go into the store, listed with hashes,
opened and previewed only from hash-verified copies."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.models import Case
from app.services.workspace import Workspace
from tests.ui.wizard_helpers import domain_page, open_wizard
from ui.wizard.domain_page import DomainPage
from ui.wizard.evidence_widget import EvidenceWidget
from ui.workers import Pools

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def page(
    request: pytest.FixtureRequest, workspace: Workspace, pools: Pools, case: Case
) -> DomainPage:
    return domain_page(open_wizard(request, workspace, pools, case.id))


def drop(widget: QtWidgets.QWidget, paths: list[Path]) -> None:
    """Drag files from the file manager and drop them on ``widget``."""
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(p)) for p in paths])
    point = widget.rect().center()  # QDragEnterEvent takes a QPoint, QDropEvent a QPointF
    actions = QtCore.Qt.DropAction.CopyAction
    buttons = QtCore.Qt.MouseButton.LeftButton
    modifiers = QtCore.Qt.KeyboardModifier.NoModifier
    enter = QtGui.QDragEnterEvent(point, actions, mime, buttons, modifiers)
    QtCore.QCoreApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QtCore.QCoreApplication.sendEvent(
        widget, QtGui.QDropEvent(QtCore.QPointF(point), actions, mime, buttons, modifiers)
    )


def test_dropped_files_are_stored_listed_with_hash_and_counted(
    qtbot, page: DomainPage, workspace: Workspace, tmp_path: Path
) -> None:
    evidence = page.editor.evidence
    item_id = page.current_item_id()
    first = tmp_path / "口令策略截图.txt"
    first.write_bytes(b"policy: min length 8")
    second = tmp_path / "account-list.csv"
    second.write_bytes(b"name,role\nzhang,admin\n")
    with qtbot.waitSignal(evidence.attach_finished, timeout=10000):
        drop(evidence, [first, second])
    stored = workspace.evidence.list(page.context.case_id, item_id)
    assert sorted(e.original_name for e in stored) == ["account-list.csv", "口令策略截图.txt"]
    rows = [evidence.table.topLevelItem(i) for i in range(evidence.table.topLevelItemCount())]
    by_name = {row.text(0): row for row in rows}
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert by_name["口令策略截图.txt"].text(2) == digest[:12] + "…"
    assert by_name["口令策略截图.txt"].toolTip(2) == digest
    assert by_name["口令策略截图.txt"].text(1) == "20 B"
    assert "2" in page.list.currentItem().text()  # the item's row shows its evidence count

    # The same file again is not attached twice.
    with qtbot.waitSignal(evidence.attach_finished, timeout=10000):
        drop(evidence, [first])
    assert len(workspace.evidence.list(page.context.case_id, item_id)) == 2


def test_open_uses_a_verified_copy_and_a_tampered_store_is_refused(
    qtbot,
    page: DomainPage,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_errors: list[str],
) -> None:
    opened: list[QtCore.QUrl] = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    evidence = page.editor.evidence
    report = tmp_path / "test-report.txt"
    report.write_bytes(b"weak password rejected")
    monkeypatch.setattr(EvidenceWidget, "ask_files", classmethod(lambda cls, parent: [report]))
    with qtbot.waitSignal(evidence.attach_finished, timeout=10000):
        evidence.attach_button.click()
    evidence.table.setCurrentItem(evidence.table.topLevelItem(0))
    with qtbot.waitSignal(evidence.exported, timeout=10000) as exported:
        evidence.open_button.click()
    copy = exported.args[0]
    assert copy.read_bytes() == b"weak password rejected"
    assert [Path(url.toLocalFile()) for url in opened] == [copy]

    stored = workspace.evidence.list(page.context.case_id)[0]
    workspace.store.path_for(stored.sha256).write_bytes(b"altered afterwards")
    with qtbot.waitSignal(evidence.exported, timeout=3000, raising=False) as second:
        evidence.open_button.click()
        qtbot.waitUntil(lambda: bool(shown_errors), timeout=10000)
    assert not second.signal_triggered
    assert "篡改" in shown_errors[0]
    assert len(opened) == 1


def test_images_are_previewed_inline(qtbot, page: DomainPage, tmp_path: Path) -> None:
    image = QtGui.QImage(64, 48, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("#1565c0"))
    picture = tmp_path / "机房门禁.png"
    assert image.save(str(picture))
    evidence = page.editor.evidence
    with qtbot.waitSignal(evidence.attach_finished, timeout=10000):
        evidence.attach_paths([picture])
    with qtbot.waitSignal(evidence.exported, timeout=10000):
        evidence.table.setCurrentItem(evidence.table.topLevelItem(0))
    assert evidence.preview.isVisibleTo(evidence)
    assert evidence.preview.pixmap().height() == 48


def test_removing_evidence_detaches_it(
    qtbot, page: DomainPage, workspace: Workspace, tmp_path: Path
) -> None:
    evidence = page.editor.evidence
    note = tmp_path / "note.txt"
    note.write_text("x")
    with qtbot.waitSignal(evidence.attach_finished, timeout=10000):
        evidence.attach_paths([note])
    evidence.table.setCurrentItem(evidence.table.topLevelItem(0))
    evidence.remove_button.click()
    assert workspace.evidence.list(page.context.case_id) == []
    assert evidence.table.topLevelItemCount() == 0
