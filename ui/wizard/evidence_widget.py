"""Evidence of one checklist item: attach (dialog or drop), list with hashes, open, preview.

Copying into the store and exporting verified copies run on worker threads, so
a large video never freezes the window.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.models import Evidence
from app.errors import KnownError
from app.jobs import CancelToken, ProgressSink
from app.security.evidence_store import safe_display_name
from ui.errors import show_error
from ui.widgets.file_drop import FileDropFilter
from ui.wizard.case_context import CaseContext
from ui.wizard.labels import format_size
from ui.workers import Job, Pools

PREVIEW_HEIGHT = 200


def export_folder() -> Path:
    """Where verified copies are written for opening: a private temp folder."""
    folder = Path(tempfile.gettempdir()) / "ihsa-evidence"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class EvidenceWidget(QtWidgets.QWidget):
    """Signals:
    attach_finished(): an attach job ended (added files are listed).
    exported(Path): a verified copy was written (for opening or preview).
    """

    attach_finished = QtCore.Signal()
    exported = QtCore.Signal(Path)

    def __init__(
        self, context: CaseContext, pools: Pools, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._pools = pools
        self._item_id: str | None = None
        self._evidence: list[Evidence] = []

        self.title = QtWidgets.QLabel(self)
        self.hint = QtWidgets.QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QtWidgets.QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(3)
        self.table.setUniformRowHeights(True)
        self.table.setMinimumHeight(80)
        self.table.setMaximumHeight(160)
        self.table.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.table.currentItemChanged.connect(lambda *_: self._on_selection())
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.attach_button = QtWidgets.QPushButton(self)
        self.attach_button.setIcon(self._icon("document-open", "SP_DialogOpenButton"))
        self.attach_button.clicked.connect(self.choose_files)
        self.open_button = QtWidgets.QPushButton(self)
        self.open_button.setIcon(self._icon("document-preview", "SP_FileDialogContentsView"))
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QtWidgets.QPushButton(self)
        self.remove_button.setIcon(self._icon("edit-delete", "SP_TrashIcon"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.status = QtWidgets.QLabel(self)
        self.status.setWordWrap(True)
        self.preview = QtWidgets.QLabel(self)
        self.preview.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft)
        self.preview.hide()

        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)  # above the list, so it stays in view on small screens
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(self.preview)

        self.drop_filter = FileDropFilter(self)
        self.drop_filter.files_dropped.connect(self.attach_paths)
        self.retranslate_ui()
        self._update_buttons()

    def _icon(self, theme: str, standard: str) -> QtGui.QIcon:
        fallback = self.style().standardIcon(getattr(QtWidgets.QStyle.StandardPixmap, standard))
        return QtGui.QIcon.fromTheme(theme, fallback)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Evidence (drop files here)"))
        self.table.setHeaderLabels([self.tr("File"), self.tr("Size"), self.tr("SHA-256")])
        self.attach_button.setText(self.tr("Attach files…"))
        self.open_button.setText(self.tr("Open"))
        self.remove_button.setText(self.tr("Remove"))
        self.attach_button.setToolTip(self.tr("Copy files into the evidence store (Ctrl+E)"))

    def set_item(self, item_id: str | None, hint: str = "") -> None:
        self._item_id = item_id
        self.hint.setText(self.tr("Expected: {0}").format(hint) if hint else "")
        self.hint.setVisible(bool(hint))
        self.status.clear()
        self.refresh()

    def refresh(self) -> None:
        self.table.clear()
        self.preview.hide()
        self._evidence = (
            self._context.workspace.evidence.list(self._context.case_id, self._item_id)
            if self._item_id
            else []
        )
        for evidence in self._evidence:
            row = QtWidgets.QTreeWidgetItem(
                [evidence.original_name, format_size(evidence.size), evidence.sha256[:12] + "…"]
            )
            row.setToolTip(0, evidence.description or evidence.original_name)
            row.setToolTip(2, evidence.sha256)
            row.setData(0, QtCore.Qt.ItemDataRole.UserRole, evidence.id)
            self.table.addTopLevelItem(row)
        self._update_buttons()

    def evidence(self) -> list[Evidence]:
        return list(self._evidence)

    def _selected(self) -> Evidence | None:
        row = self.table.currentItem()
        if row is None:
            return None
        evidence_id = row.data(0, QtCore.Qt.ItemDataRole.UserRole)
        return next((e for e in self._evidence if e.id == evidence_id), None)

    def _update_buttons(self) -> None:
        editable = self._context.editable and self._item_id is not None
        self.attach_button.setEnabled(editable)
        self.setAcceptDrops(editable)
        has_selection = self._selected() is not None
        self.open_button.setEnabled(has_selection)
        self.remove_button.setEnabled(has_selection and self._context.editable)

    @classmethod
    def ask_files(cls, parent: QtWidgets.QWidget) -> list[Path]:
        """The file dialog (replaced in tests)."""
        names, _ = QtWidgets.QFileDialog.getOpenFileNames(
            parent, QtCore.QCoreApplication.translate("EvidenceWidget", "Attach evidence files")
        )
        return [Path(name) for name in names]

    def choose_files(self) -> None:
        if self._item_id and self._context.editable:
            self.attach_paths(self.ask_files(self))

    def attach_paths(self, paths: Sequence[Path]) -> None:
        """Copy files into the store for the current item, off the GUI thread."""
        if not paths or not self._item_id or not self._context.editable:
            return
        item_id, case_id = self._item_id, self._context.case_id
        evidence_service = self._context.workspace.evidence

        def attach(progress: ProgressSink, cancel: CancelToken) -> list[KnownError]:
            problems: list[KnownError] = []
            for index, path in enumerate(paths):
                cancel.raise_if_cancelled()
                progress(index / len(paths), path.name)
                try:
                    evidence_service.add(case_id, Path(path), item_id=item_id)
                except KnownError as err:  # one bad file must not stop the others
                    problems.append(err)
            return problems

        self.status.setText(
            self.tr("Copying {0} file(s) into the evidence store…").format(len(paths))
        )
        self.attach_button.setEnabled(False)
        job = Job(attach)
        job.signals.succeeded.connect(lambda problems: self._attached(item_id, problems))
        job.signals.failed.connect(lambda exc: self._attached(item_id, [exc]))
        self._pools.start(job, self._pools.db)

    def _attached(self, item_id: str, problems: list[BaseException]) -> None:
        self._context.notify_evidence(item_id)
        if item_id == self._item_id:
            self.refresh()
            messages = [
                err.message() if isinstance(err, KnownError) else str(err) for err in problems
            ]
            self.status.setText("\n".join(messages))
        self._update_buttons()
        for err in problems:
            if not isinstance(err, KnownError):
                show_error(self, err)
        self.attach_finished.emit()

    def remove_selected(self) -> None:
        evidence = self._selected()
        if evidence is None or not self._context.editable or not self._item_id:
            return
        try:
            self._context.workspace.evidence.remove(evidence.id)
        except KnownError as err:
            show_error(self, err)
            return
        self._context.notify_evidence(self._item_id)
        self.refresh()

    def _export(self, evidence: Evidence, then: str) -> None:
        """Write a hash-verified copy in a worker, then open or preview it."""
        service = self._context.workspace.evidence
        target = export_folder() / f"{evidence.id}-{safe_display_name(evidence.original_name)}"

        def export(progress: ProgressSink, cancel: CancelToken) -> Path:
            return service.export(evidence.id, target)

        job = Job(export)
        job.signals.succeeded.connect(lambda path: self._exported(path, then))
        job.signals.failed.connect(lambda exc: show_error(self, exc))
        self._pools.start(job)

    def _exported(self, path: Path, then: str) -> None:
        if then == "open":
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))
        else:
            pixmap = QtGui.QPixmap(str(path))
            if not pixmap.isNull():
                height = min(PREVIEW_HEIGHT, pixmap.height())
                self.preview.setPixmap(
                    pixmap.scaledToHeight(height, QtCore.Qt.TransformationMode.SmoothTransformation)
                )
                self.preview.show()
        self.exported.emit(path)

    def open_selected(self) -> None:
        evidence = self._selected()
        if evidence is not None:
            self._export(evidence, "open")

    def _on_selection(self) -> None:
        self._update_buttons()
        self.preview.hide()
        evidence = self._selected()
        if evidence is not None and evidence.media_type.startswith("image/"):
            self._export(evidence, "preview")

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
