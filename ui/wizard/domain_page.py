"""One wizard page per checklist domain of the case's rule pack.

A compact item list (id, result, title; filter and search) beside the editor of
the selected item. Built for the keyboard: arrows move through items, 1–5 set
the result, Ctrl+F searches, Tab reaches the note, justification and evidence.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.enums import AnswerSource, Result
from app.i18n import pick
from app.rules import Domain, Item
from ui.wizard import labels
from ui.wizard.case_context import CaseContext
from ui.wizard.item_editor import ItemEditor
from ui.workers import Pools

ITEM_ID_ROLE = QtCore.Qt.ItemDataRole.UserRole


class ItemFilter:
    ALL = 0
    UNANSWERED = 1
    FAILED = 2


def result_icon(result: Result, size: int = 12) -> QtGui.QIcon:
    pixmap = QtGui.QPixmap(size, size)
    pixmap.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    colour = QtGui.QColor(labels.RESULT_COLOURS[result])
    painter.setPen(colour)
    if result == Result.NOT_ASSESSED:
        painter.drawEllipse(1, 1, size - 2, size - 2)
    else:
        painter.setBrush(colour)
        painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QtGui.QIcon(pixmap)


class DomainPage(QtWidgets.QWizardPage):
    def __init__(
        self,
        context: CaseContext,
        pools: Pools,
        domain: Domain,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.domain = domain
        self.key = f"domain:{domain.id}"

        self.progress_label = QtWidgets.QLabel(self)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(200)
        self.filter = QtWidgets.QComboBox(self)
        self.filter.currentIndexChanged.connect(lambda _: self.refresh_list())
        self.search = QtWidgets.QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _: self.refresh_list())
        self.search.returnPressed.connect(self._focus_list)
        self.search.installEventFilter(self)

        self.list = QtWidgets.QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        self.list.setUniformItemSizes(False)
        self.list.setMinimumWidth(220)
        self.list.currentItemChanged.connect(self._on_current_changed)

        self.editor = ItemEditor(context, pools, self)
        self.editor.result_chosen.connect(self._on_result_chosen)
        scroll = QtWidgets.QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(self.editor)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)

        self.filter_label = QtWidgets.QLabel(self)
        self.filter_label.setBuddy(self.filter)
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.filter_label)
        bar.addWidget(self.filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.progress_label)
        bar.addWidget(self.progress)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        # Keys 1–5 answer the selected item: from the list (which would otherwise use
        # them for type-ahead search) and from any non-text control of the editor.
        self.list.installEventFilter(self)
        find = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Find, self)
        find.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        attach = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+E"), self)
        attach.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        attach.activated.connect(self.editor.evidence.choose_files)

        context.answer_saved.connect(self._on_answer_saved)
        context.answers_reloaded.connect(self._on_reloaded)
        context.evidence_changed.connect(self._on_answer_saved)
        self.retranslate_ui()
        self.refresh_list()

    # -- texts -----------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setTitle(pick(self.domain.title))
        self.filter_label.setText(self.tr("&Show:"))
        current = self.filter.currentIndex()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItems(
            [self.tr("All items"), self.tr("Unanswered only"), self.tr("Failed or partial only")]
        )
        self.filter.setCurrentIndex(max(current, 0))
        self.filter.blockSignals(False)
        self.search.setPlaceholderText(self.tr("Search items (Ctrl+F)"))
        self.refresh_list()
        self.editor.show_item()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- list ------------------------------------------------------------------------

    def _matches(self, item: Item) -> bool:
        result = self.context.result(item.id)
        mode = self.filter.currentIndex()
        if mode == ItemFilter.UNANSWERED and result != Result.NOT_ASSESSED:
            return False
        if mode == ItemFilter.FAILED and result not in (Result.FAIL, Result.PARTIAL):
            return False
        needle = self.search.text().strip().casefold()
        if not needle:
            return True
        haystack = " ".join([item.id, *item.title.values(), *item.guidance.values()])
        return needle in haystack.casefold()

    def _row_text(self, item: Item) -> str:
        result = self.context.result(item.id)
        marks = [labels.result_label(result)]
        if item.veto:
            marks.append(labels.veto_label())
        answer = self.context.answer(item.id)
        if answer is not None and answer.auto_result is not None:
            automatic = answer.source == AnswerSource.APK_AUTO
            marks.append(self.tr("auto") if automatic else self.tr("override"))
        if self.context.needs_justification(item.id):
            marks.append(self.tr("justification missing"))
        count = self.context.evidence_count(item.id)
        if count:
            marks.append(self.tr("{0} evidence").format(count))
        return f"{item.id} · {' · '.join(marks)}\n{pick(item.title)}"

    def refresh_list(self) -> None:
        """Rebuild the visible rows, keeping the selection when it is still shown."""
        selected = self.current_item_id()
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.domain.items:
            if not self._matches(item):
                continue
            row = QtWidgets.QListWidgetItem(self._row_text(item))
            row.setData(ITEM_ID_ROLE, item.id)
            row.setIcon(result_icon(self.context.result(item.id)))
            row.setToolTip(pick(item.title))
            if self.context.needs_justification(item.id):
                row.setForeground(QtGui.QColor(labels.RESULT_COLOURS[Result.FAIL]))
            self.list.addItem(row)
        self.list.blockSignals(False)
        self._select_row(selected)
        self._update_progress()

    def _select_row(self, item_id: str | None) -> None:
        for index in range(self.list.count()):
            if self.list.item(index).data(ITEM_ID_ROLE) == item_id:
                self.list.setCurrentRow(index)
                return
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.editor.set_item(None)

    def _update_row(self, item_id: str) -> None:
        for index in range(self.list.count()):
            row = self.list.item(index)
            if row.data(ITEM_ID_ROLE) == item_id:
                item = self.context.pack.item(item_id)
                row.setText(self._row_text(item))
                row.setIcon(result_icon(self.context.result(item_id)))
                needs = self.context.needs_justification(item_id)
                row.setForeground(
                    QtGui.QColor(labels.RESULT_COLOURS[Result.FAIL])
                    if needs
                    else self.list.palette().text().color()
                )
                return

    def _update_progress(self) -> None:
        done, total = self.context.domain_progress(self.domain.id)
        self.progress_label.setText(self.tr("Answered {0} of {1}").format(done, total))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.setSubTitle(
            self.tr("{0} items · answered {1} of {2}").format(len(self.domain.items), done, total)
        )

    def current_item_id(self) -> str | None:
        row = self.list.currentItem()
        return row.data(ITEM_ID_ROLE) if row is not None else None

    def _on_current_changed(self, current: QtWidgets.QListWidgetItem | None, _: object) -> None:
        item_id = current.data(ITEM_ID_ROLE) if current is not None else None
        self.editor.set_item(self.context.pack.item(item_id) if item_id else None)

    def _on_answer_saved(self, item_id: str) -> None:
        if any(item.id == item_id for item in self.domain.items):
            self._update_row(item_id)
            self._update_progress()

    def _on_result_chosen(self, item_id: str) -> None:
        """Answered rows leave a filtered list; select the next one still shown."""
        if self.filter.currentIndex() != ItemFilter.ALL:
            row = self.list.currentRow()
            self.refresh_list()
            if self.current_item_id() != item_id and self.list.count():
                self.list.setCurrentRow(min(row, self.list.count() - 1))

    def _on_reloaded(self) -> None:
        self.refresh_list()
        self.editor.show_item()

    # -- navigation ------------------------------------------------------------------

    def select_item(self, item_id: str) -> bool:
        """Show ``item_id`` (clearing filter and search if they hide it)."""
        if not any(item.id == item_id for item in self.domain.items):
            return False
        if self.current_item_id() != item_id:
            self.search.clear()
            self.filter.setCurrentIndex(ItemFilter.ALL)
            self._select_row(item_id)
        self.list.setFocus()
        return True

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _focus_list(self) -> None:
        if self.list.count():
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
            self.list.setFocus()

    def _result_key(self, event: QtGui.QKeyEvent) -> bool:
        """Keys 1–5 without modifiers set the result of the selected item."""
        modifiers = event.modifiers() & ~QtCore.Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if modifiers or not QtCore.Qt.Key.Key_1 <= key <= QtCore.Qt.Key.Key_5:
            return False
        self.editor.choose_result(labels.RESULT_ORDER[key - QtCore.Qt.Key.Key_1])
        return True

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if not self._result_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QtCore.QEvent.Type.KeyPress
            and isinstance(event, QtGui.QKeyEvent)
            and self._result_key(event)
        ):
            return True
        if (
            watched is self.search
            and event.type() == QtCore.QEvent.Type.KeyPress
            and isinstance(event, QtGui.QKeyEvent)
        ):
            if event.key() == QtCore.Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if event.key() == QtCore.Qt.Key.Key_Down:
                self._focus_list()
                return True
        return super().eventFilter(watched, event)

    # -- wizard ----------------------------------------------------------------------

    def initializePage(self) -> None:
        self.refresh_list()
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def flush(self) -> None:
        self.editor.flush()

    def validatePage(self) -> bool:
        self.flush()
        return True

    def cleanupPage(self) -> None:
        """Going Back must not reset anything (everything is already saved)."""
        self.flush()
