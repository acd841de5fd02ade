"""The assessment wizard: case information → one page per pack domain → APK → review.

Pages are generated from the case's pinned rule pack. The wizard holds the case
edit lock while it is open, remembers where the assessor was (page and item,
per case) and resumes there; closing never loses anything because every change
was saved when it was made.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.models import Case
from app.errors import KnownError
from app.i18n import pick
from app.rules import RulePack
from app.services.cases import NewCase
from app.services.workspace import Workspace
from ui.errors import show_error
from ui.widgets.chart_canvas import preload_matplotlib
from ui.wizard import settings as wizard_settings
from ui.wizard.apk_page import ApkPage
from ui.wizard.case_context import CaseContext
from ui.wizard.domain_page import DomainPage
from ui.wizard.new_case_page import CaseInfoPage
from ui.wizard.review_page import ReviewPage
from ui.workers import Job, Pools

PAGE_ROLE = QtCore.Qt.ItemDataRole.UserRole
NAVIGATOR_MIN_WIDTH = 150
NAVIGATOR_MAX_WIDTH = 260


class PageId(IntEnum):
    CASE = 0
    FIRST_DOMAIN = 100  # domain pages are FIRST_DOMAIN + index, in pack order
    APK = 800
    REVIEW = 900


class _CaseInfoPageFirst(CaseInfoPage):
    """Before the case exists there are no later pages yet; Next must still show."""

    def nextId(self) -> int:
        return int(PageId.FIRST_DOMAIN) if self.case is None else super().nextId()


class AssessmentWizard(QtWidgets.QWizard):
    """Signals:
    case_changed(case_id): an answer, attachment, analysis or status of the case changed.
    """

    case_changed = QtCore.Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        pools: Pools,
        pack: RulePack | None,
        lock_owner: str,
        case: Case | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.pools = pools
        self.pack = pack
        self.lock_owner = lock_owner
        self.context: CaseContext | None = None
        self.domain_pages: list[DomainPage] = []
        self.apk_page: ApkPage | None = None
        self.review_page: ReviewPage | None = None
        self._closing = False
        # Answers are saved one by one; the main window hears about them at most 3×/s.
        self._changed_timer = QtCore.QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(300)
        self._changed_timer.timeout.connect(self._emit_case_changed)

        self.setWizardStyle(QtWidgets.QWizard.WizardStyle.ClassicStyle)
        self.setOption(QtWidgets.QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QtWidgets.QWizard.WizardOption.NoDefaultButton, True)
        self.setOption(QtWidgets.QWizard.WizardOption.CancelButtonOnLeft, False)
        self.setWindowFlag(QtCore.Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, True)

        self.case_page = _CaseInfoPageFirst(workspace, self._create_case, self)
        self.case_page.case_edited.connect(self._on_case_edited)
        self.setPage(PageId.CASE, self.case_page)
        self.navigator = QtWidgets.QListWidget(self)
        self.navigator.setWordWrap(True)
        self.navigator.setMaximumWidth(NAVIGATOR_MAX_WIDTH)
        self.navigator.setMinimumWidth(NAVIGATOR_MIN_WIDTH)
        self.navigator.itemActivated.connect(self._on_navigator_activated)
        self.navigator.itemClicked.connect(self._on_navigator_activated)
        self.setSideWidget(self.navigator)
        self.currentIdChanged.connect(self._on_page_changed)
        self.customButtonClicked.connect(self._on_custom_button)

        for keys, slot in (
            (("Alt+Right", "Ctrl+PgDown"), self._next_if_allowed),
            (("Alt+Left", "Ctrl+PgUp"), self.back),
        ):
            for key in keys:
                shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
                shortcut.activated.connect(slot)

        # Read before show(): showing restarts the wizard, which records page 0.
        self._resume_position = ("", "")
        if case is not None:
            self._resume_position = wizard_settings.last_position(case.id)
            assert pack is not None, "an existing case opens with its pinned pack"
            self._attach_case(case, pack)
        self.retranslate_ui()
        geometry = wizard_settings.settings().value(wizard_settings.WIZARD_GEOMETRY)
        if isinstance(geometry, QtCore.QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(1200, screen.width() - 40), min(760, screen.height() - 40))
        self.pools.start(Job(preload_matplotlib))

    # -- case ------------------------------------------------------------------------

    def _create_case(self, data: NewCase) -> Case:
        """Create the case (which pins today's pack), take the edit lock, add the pages."""
        case = self.workspace.cases.create(data)
        case = self.workspace.cases.acquire_lock(case.id, self.lock_owner)
        self._attach_case(case, self.workspace.assessment.pack(case.id))
        self.case_changed.emit(case.id)
        return case

    def _attach_case(self, case: Case, pack: RulePack) -> None:
        self.pack = pack
        self.context = CaseContext(self.workspace, case, pack, self)
        self.context.case_changed.connect(lambda _: self._changed_timer.start())
        self.case_page.show_case(self.context.case)
        for index, domain in enumerate(pack.domains):
            page = DomainPage(self.context, self.pools, domain, self)
            page.list.currentItemChanged.connect(lambda *_: self.remember_position())
            self.setPage(PageId.FIRST_DOMAIN + index, page)
            self.domain_pages.append(page)
        self.apk_page = ApkPage(self.context, self.pools, self)
        self.setPage(PageId.APK, self.apk_page)
        self.review_page = ReviewPage(self.context, self.pools, self)
        self.review_page.item_requested.connect(self.go_to_item)
        self.setPage(PageId.REVIEW, self.review_page)
        self.context.answer_saved.connect(lambda _: self._update_navigator())
        self.context.answers_reloaded.connect(self._update_navigator)
        self._fill_navigator()

    def _on_case_edited(self, case: Case) -> None:
        """The case page saved corrected facts: every page and the title follow."""
        if self.context is None:
            return
        self.context.reload()
        self.context.case_changed.emit(case.id)
        self.retranslate_ui()

    def _emit_case_changed(self) -> None:
        self._changed_timer.stop()
        if self.context is not None:
            self.case_changed.emit(self.context.case_id)

    @property
    def case_id(self) -> int | None:
        return self.context.case_id if self.context else None

    # -- texts -----------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        case = self.context.case if self.context else None
        if case is None:
            self.setWindowTitle(self.tr("New assessment"))
        else:
            name = case.organisation_name
            if case.application_name:
                name += f" · {case.application_name}"
            self.setWindowTitle(self.tr("Assessment {0} — {1}").format(case.id, name))
        self.setButtonText(QtWidgets.QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QtWidgets.QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QtWidgets.QWizard.WizardButton.CancelButton, self.tr("Close"))
        editable = self.context.editable if self.context else True
        self.setButtonText(
            QtWidgets.QWizard.WizardButton.FinishButton,
            self.tr("&Submit") if editable else self.tr("Close"),
        )
        self.setButtonText(
            QtWidgets.QWizard.WizardButton.CustomButton1, self.tr("Save draft and c&lose")
        )
        for button, tip in (
            (QtWidgets.QWizard.WizardButton.NextButton, self.tr("Next page (Alt+→)")),
            (QtWidgets.QWizard.WizardButton.BackButton, self.tr("Previous page (Alt+←)")),
            (
                QtWidgets.QWizard.WizardButton.CancelButton,
                self.tr("Everything is already saved; close and continue later"),
            ),
        ):
            self.button(button).setToolTip(tip)
        self._fill_navigator()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- navigator -------------------------------------------------------------------

    def _page_title(self, page_id: int) -> str:
        if page_id == PageId.CASE:
            return self.tr("Case information")
        if page_id == PageId.APK:
            return self.tr("APK analysis")
        if page_id == PageId.REVIEW:
            return self.tr("Review and submit")
        assert self.pack is not None
        return pick(self.pack.domains[page_id - PageId.FIRST_DOMAIN].title)

    def _fill_navigator(self) -> None:
        self.navigator.clear()
        for page_id in self.pageIds():
            row = QtWidgets.QListWidgetItem()
            row.setData(PAGE_ROLE, page_id)
            self.navigator.addItem(row)
        self._update_navigator()

    def _update_navigator(self) -> None:
        for index in range(self.navigator.count()):
            row = self.navigator.item(index)
            page_id = row.data(PAGE_ROLE)
            text = self._page_title(page_id)
            if self.context is not None and PageId.FIRST_DOMAIN <= page_id < PageId.APK:
                domain = self.context.pack.domains[page_id - PageId.FIRST_DOMAIN]
                done, total = self.context.domain_progress(domain.id)
                text += f"  {done}/{total}"
                complete = QtGui.QColor("#2e7d32")
                row.setForeground(
                    complete if done == total else self.navigator.palette().text().color()
                )
            row.setText(text)
            font = row.font()
            font.setBold(page_id == self.currentId())
            row.setFont(font)
            row.setSelected(page_id == self.currentId())
        self._fit_navigator()

    def _fit_navigator(self) -> None:
        """Wide enough for the longest title and its count on one line, within limits."""
        widest = 0
        for index in range(self.navigator.count()):
            row = self.navigator.item(index)
            font = row.font()
            font.setBold(True)
            widest = max(widest, QtGui.QFontMetrics(font).horizontalAdvance(row.text()))
        chrome = (
            2 * self.navigator.frameWidth() + self.navigator.verticalScrollBar().sizeHint().width()
        )
        self.navigator.setMinimumWidth(
            max(NAVIGATOR_MIN_WIDTH, min(NAVIGATOR_MAX_WIDTH, widest + chrome + 12))
        )

    def _on_navigator_activated(self, row: QtWidgets.QListWidgetItem) -> None:
        self.go_to_page(row.data(PAGE_ROLE))

    # -- navigation ------------------------------------------------------------------

    def _next_if_allowed(self) -> None:
        if self.button(QtWidgets.QWizard.WizardButton.NextButton).isEnabled():
            self.next()

    def go_to_page(self, page_id: int) -> bool:
        """Walk Back or Next until ``page_id`` is shown (keeps the Back history right)."""
        if self.page(page_id) is None:
            return False
        if page_id in self.visitedIds():
            while self.currentId() != page_id:
                self.back()
        while self.currentId() != page_id:
            before = self.currentId()
            self.next()
            if self.currentId() == before:  # a page refused (e.g. the case is not created)
                return False
        return True

    def go_to_item(self, item_id: str) -> bool:
        for index, page in enumerate(self.domain_pages):
            has_item = any(item.id == item_id for item in page.domain.items)
            if has_item and self.go_to_page(PageId.FIRST_DOMAIN + index):
                return page.select_item(item_id)
        return False

    def _page_key(self, page_id: int) -> str:
        page = self.page(page_id)
        return str(getattr(page, "key", ""))

    def remember_position(self) -> None:
        if self.context is None or self._closing:
            return
        page = self.currentPage()
        item = page.current_item_id() if isinstance(page, DomainPage) else None
        wizard_settings.remember_position(
            self.context.case_id, self._page_key(self.currentId()), item or ""
        )

    def resume(self) -> None:
        """Go back to where the assessor was in this case (or its first open item)."""
        if self.context is None:
            return
        page_key, item_id = self._resume_position
        if not page_key:
            answered = self.context.answers()
            if not answered:
                return
            open_items = [i for i in self.context.pack.items if i.id not in answered]
            if open_items:
                self.go_to_item(open_items[0].id)
            else:
                self.go_to_page(PageId.REVIEW)
            return
        for page_id in self.pageIds():
            if self._page_key(page_id) == page_key:
                self.go_to_page(page_id)
                page = self.page(page_id)
                if item_id and isinstance(page, DomainPage):
                    page.select_item(item_id)
                return

    def _on_page_changed(self, page_id: int) -> None:
        on_review = page_id == PageId.REVIEW
        self.setOption(QtWidgets.QWizard.WizardOption.HaveCustomButton1, on_review)
        if on_review:
            layout = [
                QtWidgets.QWizard.WizardButton.Stretch,
                QtWidgets.QWizard.WizardButton.BackButton,
                QtWidgets.QWizard.WizardButton.CustomButton1,
                QtWidgets.QWizard.WizardButton.FinishButton,
            ]
        else:
            layout = [
                QtWidgets.QWizard.WizardButton.Stretch,
                QtWidgets.QWizard.WizardButton.CancelButton,
                QtWidgets.QWizard.WizardButton.BackButton,
                QtWidgets.QWizard.WizardButton.NextButton,
            ]
        self.setButtonLayout(layout)
        self.remember_position()
        self._update_navigator()

    def _on_custom_button(self, which: int) -> None:
        if which == QtWidgets.QWizard.WizardButton.CustomButton1:
            self.reject()

    # -- closing ---------------------------------------------------------------------

    def flush(self) -> None:
        self.case_page.flush()
        for page in self.domain_pages:
            page.flush()

    def done(self, result: int) -> None:
        """Save pending text, remember the position, stop analyses, release the lock."""
        if not self._closing:
            self.flush()
            self.remember_position()
            self._closing = True
            if self.apk_page is not None:
                self.apk_page.shutdown()
            wizard_settings.settings().setValue(
                wizard_settings.WIZARD_GEOMETRY, self.saveGeometry()
            )
            if self._changed_timer.isActive():
                self._emit_case_changed()
            if self.context is not None:
                try:
                    self.workspace.cases.release_lock(self.context.case_id, self.lock_owner)
                except KnownError as err:  # never keep a window open because of this
                    show_error(self, err)
        super().done(result)
