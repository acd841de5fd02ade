"""The editor of one checklist item: texts, result, note, n/a justification, evidence.

A result is saved the moment it is chosen; note and justification are saved
500 ms after typing stops, when the field loses focus, and whenever the editor
moves to another item or the page changes (``flush``). An automatic answer from
the APK analysis can only be overridden with a written reason.
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

from app.domain.enums import AnswerSource, Result
from app.domain.models import Answer
from app.errors import KnownError
from app.i18n import join_list, pick
from app.rules import Item
from ui.errors import show_error
from ui.widgets.collapsible import CollapsibleSection
from ui.wizard import labels
from ui.wizard import settings as wizard_settings
from ui.wizard.case_context import CaseContext
from ui.wizard.evidence_widget import EvidenceWidget
from ui.workers import Pools

SAVE_DELAY_MS = 500


class OverrideReasonDialog(QtWidgets.QDialog):
    """Asks why an automatic answer is being overridden."""

    def __init__(self, parent: QtWidgets.QWidget, item: Item, old: Result, new: Result) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Override automatic answer"))
        text = QtWidgets.QLabel(
            self.tr(
                "The APK analysis answered {0} with “{1}”. Explain why the answer should be "
                "“{2}” instead. The reason is kept with the case and shown in the report."
            ).format(item.id, labels.result_label(old), labels.result_label(new)),
            self,
        )
        text.setWordWrap(True)
        self.reason = QtWidgets.QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        ok = buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.reason.textChanged.connect(
            lambda: ok.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.resize(480, 240)

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget, item: Item, old: Result, new: Result) -> str | None:
        """The written reason, or None if the assessor cancelled (replaced in tests)."""
        dialog = cls(parent, item, old, new)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.toPlainText()


class ItemEditor(QtWidgets.QWidget):
    """Signals:
    result_chosen(item_id): a result was saved (the page moves on or refreshes).
    """

    result_chosen = QtCore.Signal(str)

    def __init__(
        self, context: CaseContext, pools: Pools, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._item: Item | None = None
        self._loading = False
        self._dirty = False  # note/justification typed since the last load or save
        self._evidence_item_id: str | None = None
        self._save_timer = QtCore.QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)

        self.title = QtWidgets.QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.marks = QtWidgets.QLabel(self)
        self.marks.setWordWrap(True)
        self.guidance_text = QtWidgets.QLabel(self)
        self.guidance_text.setWordWrap(True)
        self.guidance_text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.guidance_text.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.guidance = CollapsibleSection(self.guidance_text, self)
        self.guidance.set_expanded(
            wizard_settings.settings().value(wizard_settings.GUIDANCE_EXPANDED, True, type=bool)
        )
        self.guidance.toggled.connect(
            lambda on: wizard_settings.settings().setValue(wizard_settings.GUIDANCE_EXPANDED, on)
        )

        self.result_box = QtWidgets.QGroupBox(self)
        self.result_group = QtWidgets.QButtonGroup(self)
        result_layout = QtWidgets.QHBoxLayout(self.result_box)
        self.result_buttons: dict[Result, QtWidgets.QRadioButton] = {}
        for index, result in enumerate(labels.RESULT_ORDER):
            button = QtWidgets.QRadioButton(self.result_box)
            self.result_group.addButton(button, index)
            self.result_buttons[result] = button
            result_layout.addWidget(button)
        result_layout.addStretch(1)
        self.result_group.idClicked.connect(self._on_result_clicked)

        self.auto_info = QtWidgets.QLabel(self)
        self.auto_info.setWordWrap(True)
        self.auto_info.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = QtWidgets.QLabel(self)
        self.note = QtWidgets.QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.note_label.setBuddy(self.note)
        self.justification_label = QtWidgets.QLabel(self)
        self.justification_label.setWordWrap(True)
        self.justification = QtWidgets.QPlainTextEdit(self)
        self.justification.setTabChangesFocus(True)
        self.justification.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.justification_label.setBuddy(self.justification)
        for edit in (self.note, self.justification):
            edit.textChanged.connect(self._on_text_changed)
            edit.installEventFilter(self)

        self.evidence = EvidenceWidget(context, pools, self)
        context.flush_requested.connect(self.flush)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.marks)
        layout.addWidget(self.guidance)
        layout.addWidget(self.result_box)
        layout.addWidget(self.auto_info)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.justification_label)
        layout.addWidget(self.justification)
        layout.addWidget(self.evidence)
        layout.addStretch(1)
        self.retranslate_ui()
        self.setEnabled(False)

    # -- display ---------------------------------------------------------------------

    @property
    def item(self) -> Item | None:
        return self._item

    def retranslate_ui(self) -> None:
        self.result_box.setTitle(self.tr("Result (keys 1–5)"))
        for index, (result, button) in enumerate(self.result_buttons.items(), start=1):
            button.setText(f"&{index} {labels.result_label(result)}")
        self.guidance.set_title(self.tr("Guidance and references"))
        self.note_label.setText(self.tr("&Note (what was checked, what was found)"))
        self.note.setPlaceholderText(self.tr("Saved automatically as you type"))
        self.justification_label.setText(
            self.tr("N/A &justification (required when the result is not applicable)")
        )
        self.justification.setPlaceholderText(self.tr("Why does this item not apply here?"))
        self.show_item()

    def set_item(self, item: Item | None) -> None:
        """Show another item, saving pending text of the previous one first."""
        self.flush()
        self._item = item
        self.show_item()

    def show_item(self) -> None:
        """Render the current item and its saved answer."""
        item = self._item
        self.setEnabled(item is not None)
        self.flush()
        self._loading = True
        self._dirty = False
        try:
            if item is None:
                self.title.clear()
                self.marks.clear()
                self.guidance_text.clear()
                self.auto_info.hide()
                self._evidence_item_id = None
                self.evidence.set_item(None)
                return
            self.title.setText(
                f"<b>{html.escape(item.id)}</b>&nbsp; {html.escape(pick(item.title))}"
            )
            self.marks.setText(self._marks_html(item))
            self.guidance_text.setText(self._guidance_html(item))
            answer = self._context.answer(item.id)
            result = answer.result if answer else Result.NOT_ASSESSED
            self.result_buttons[result].setChecked(True)
            self._set_text(self.note, answer.note if answer else "")
            self._set_text(self.justification, answer.justification if answer else "")
            self._show_auto(answer)
            self._show_justification(result)
            editable = self._context.editable
            for widget in (self.result_box, self.note, self.justification):
                widget.setEnabled(editable)
            if self._evidence_item_id != item.id:
                self._evidence_item_id = item.id
                self.evidence.set_item(item.id, pick(item.evidence_hint))
        finally:
            self._loading = False

    @staticmethod
    def _set_text(edit: QtWidgets.QPlainTextEdit, text: str) -> None:
        if edit.toPlainText() != text:
            edit.setPlainText(text)

    def _marks_html(self, item: Item) -> str:
        severity = labels.severity_label(item.severity)
        parts = [self.tr("Severity: {0}").format(f"<b>{html.escape(severity)}</b>")]
        if item.veto:
            veto = html.escape(labels.veto_label())
            parts.append(f"<span style='color:#c62828'><b>⚠ {veto}</b></span>")
        methods = join_list(labels.method_label(m) for m in item.method)
        parts.append(self.tr("Method: {0}").format(html.escape(methods)))
        return " · ".join(parts)

    def _guidance_html(self, item: Item) -> str:
        guidance = html.escape(pick(item.guidance)).replace("\n", "<br>")
        refs = "".join(f"<li>{html.escape(ref.label())}</li>" for ref in item.refs)
        parts = [f"<p>{guidance}</p>"]
        if refs:
            heading = html.escape(self.tr("References"))
            parts.append(f"<p><b>{heading}</b></p><ul>{refs}</ul>")
        if item.apk_rules:
            rules = html.escape(", ".join(item.apk_rules))
            fed_by = html.escape(self.tr("Fed by APK analysis rules:"))
            parts.append(f"<p>{fed_by} {rules}</p>")
        return "".join(parts)

    def _show_auto(self, answer: Answer | None) -> None:
        if answer is None or answer.auto_result is None:
            self.auto_info.hide()
            return
        auto = labels.result_label(answer.auto_result)
        if answer.source == AnswerSource.OVERRIDE:
            text = self.tr("Automatic answer “{0}” overridden. Reason: {1}").format(
                auto, answer.override_reason
            )
            colour = "#b26a00"
        else:
            text = self.tr(
                "Automatic answer from the APK analysis: “{0}”. Choosing another result "
                "asks for a written reason."
            ).format(auto)
            colour = "#1565c0"
        self.auto_info.setText(f"<span style='color:{colour}'>{html.escape(text)}</span>")
        self.auto_info.show()

    def _show_justification(self, result: Result) -> None:
        needed = result == Result.NA
        self.justification_label.setVisible(needed)
        self.justification.setVisible(needed)
        missing = needed and not self.justification.toPlainText().strip()
        self.justification.setProperty("missing", missing)
        self.justification.setStyleSheet(
            "QPlainTextEdit { border: 2px solid #c62828; background: #fff3f3; }" if missing else ""
        )
        self.justification.setToolTip(
            self.tr("A written justification is required for “not applicable”") if missing else ""
        )

    # -- editing ---------------------------------------------------------------------

    def choose_result(self, result: Result) -> bool:
        """Set the result of the shown item (keys 1–5 and the radio buttons end here)."""
        item = self._item
        if item is None or not self._context.editable:
            return False
        self.flush()
        answer = self._context.answer(item.id)
        current = answer.result if answer else Result.NOT_ASSESSED
        if result == current:
            self.show_item()
            return True
        source: AnswerSource | None = None
        reason: str | None = None
        if answer is not None and answer.auto_result is not None:
            if result == answer.auto_result:
                source, reason = AnswerSource.APK_AUTO, ""
            else:
                reason = OverrideReasonDialog.ask(self, item, answer.auto_result, result)
                if reason is None:
                    self.show_item()
                    return False
                source = AnswerSource.OVERRIDE
        try:
            self._context.save(item.id, result=result, source=source, override_reason=reason)
        except KnownError as err:
            show_error(self, err)
            self.show_item()
            return False
        self.show_item()
        if result == Result.NA:
            self.justification.setFocus()
        self.result_chosen.emit(item.id)
        return True

    def _on_result_clicked(self, index: int) -> None:
        if not self._loading:
            self.choose_result(labels.RESULT_ORDER[index])

    def _on_text_changed(self) -> None:
        if self._loading or self._item is None:
            return
        self._dirty = True
        self._save_timer.start()
        if self.justification.isVisible():
            self._show_justification(Result.NA)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def flush(self) -> None:
        """Save typed note/justification now if they differ from what is stored."""
        self._save_timer.stop()
        item = self._item
        if item is None or not self._dirty or not self._context.editable:
            return
        self._dirty = False
        note, justification = self.note.toPlainText(), self.justification.toPlainText()
        answer = self._context.answer(item.id)
        stored = (answer.note, answer.justification) if answer else ("", "")
        if (note, justification) == stored:
            return
        try:
            self._context.save(item.id, note=note, justification=justification)
        except KnownError as err:
            show_error(self, err)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
