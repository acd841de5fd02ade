"""The case list: a table model over ``Case`` records and a filtering proxy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6 import QtCore

from app.domain.enums import CaseStatus, Grade
from app.domain.models import Case
from ui.models import labels

SORT_ROLE = QtCore.Qt.ItemDataRole.UserRole
CASE_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex


class CaseColumn(IntEnum):
    ID = 0
    ORGANISATION = 1
    APPLICATION = 2
    TYPE = 3
    STATUS = 4
    ASSESSOR = 5
    DATE = 6
    SCORE = 7
    GRADE = 8


class CaseTableModel(QtCore.QAbstractTableModel):
    """Read-only rows of cases; ``set_cases`` replaces them all."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: list[Case] = []

    def set_cases(self, cases: Sequence[Case]) -> None:
        self.beginResetModel()
        self._cases = list(cases)
        self.endResetModel()

    def case_at(self, row: int) -> Case:
        return self._cases[row]

    def row_of(self, case_id: int) -> int | None:
        for row, case in enumerate(self._cases):
            if case.id == case_id:
                return row
        return None

    def rowCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CaseColumn)

    def headerData(
        self,
        section: int,
        orientation: QtCore.Qt.Orientation,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != QtCore.Qt.Orientation.Horizontal:
            return None
        if role != QtCore.Qt.ItemDataRole.DisplayRole:
            return None
        return {
            CaseColumn.ID: self.tr("No."),
            CaseColumn.ORGANISATION: self.tr("Organisation"),
            CaseColumn.APPLICATION: self.tr("Application"),
            CaseColumn.TYPE: self.tr("Type"),
            CaseColumn.STATUS: self.tr("Status"),
            CaseColumn.ASSESSOR: self.tr("Assessor"),
            CaseColumn.DATE: self.tr("Date"),
            CaseColumn.SCORE: self.tr("Score"),
            CaseColumn.GRADE: self.tr("Grade"),
        }[CaseColumn(section)]

    def data(self, index: _Index, role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._cases[index.row()]
        column = CaseColumn(index.column())
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return self._display(case, column)
        if role == SORT_ROLE:
            return self._sort_key(case, column)
        if role == CASE_ROLE:
            return case
        if role == QtCore.Qt.ItemDataRole.TextAlignmentRole and column in (
            CaseColumn.ID,
            CaseColumn.SCORE,
            CaseColumn.GRADE,
        ):
            return int(QtCore.Qt.AlignmentFlag.AlignCenter)
        if (
            role == QtCore.Qt.ItemDataRole.ToolTipRole
            and case.score is not None
            and (column == CaseColumn.SCORE and case.provisional)
        ):
            return self.tr("Provisional: some items are not assessed yet")
        return None

    def _display(self, case: Case, column: CaseColumn) -> str:
        if column == CaseColumn.ID:
            return str(case.id)
        if column == CaseColumn.ORGANISATION:
            return case.organisation_name
        if column == CaseColumn.APPLICATION:
            return case.application_name or "—"
        if column == CaseColumn.TYPE:
            return labels.case_type(case.case_type)
        if column == CaseColumn.STATUS:
            return labels.case_status(case.status)
        if column == CaseColumn.ASSESSOR:
            return case.assessor
        if column == CaseColumn.DATE:
            return case.assessment_date.isoformat() if case.assessment_date else ""
        if column == CaseColumn.SCORE:
            if case.score is None:
                return "—"
            return f"{case.score:.1f}" + ("*" if case.provisional else "")
        return case.grade.value if case.grade else "—"

    @staticmethod
    def _sort_key(case: Case, column: CaseColumn) -> Any:
        if column == CaseColumn.ID:
            return case.id
        if column == CaseColumn.DATE:
            return case.assessment_date.isoformat() if case.assessment_date else ""
        if column == CaseColumn.SCORE:
            return -1.0 if case.score is None else case.score
        if column == CaseColumn.STATUS:
            return list(CaseStatus).index(case.status)
        if column == CaseColumn.GRADE:
            return case.grade.value if case.grade else "Z"
        return CaseTableModel._display_plain(case, column)

    @staticmethod
    def _display_plain(case: Case, column: CaseColumn) -> str:
        if column == CaseColumn.ORGANISATION:
            return case.organisation_name
        if column == CaseColumn.APPLICATION:
            return case.application_name
        if column == CaseColumn.TYPE:
            return case.case_type.value
        return case.assessor


@dataclass(frozen=True)
class CaseCriteria:
    """What the filter bar asks for; None or empty means "any"."""

    text: str = ""
    organisation_id: int | None = None
    application_id: int | None = None
    status: CaseStatus | None = None
    grade: Grade | None = None
    date_from: date | None = None
    date_to: date | None = None

    def accepts(self, case: Case) -> bool:
        if self.organisation_id is not None and case.organisation_id != self.organisation_id:
            return False
        if self.application_id is not None and case.application_id != self.application_id:
            return False
        if self.status is not None and case.status != self.status:
            return False
        if self.grade is not None and case.grade != self.grade:
            return False
        day = case.assessment_date
        if self.date_from is not None and (day is None or day < self.date_from):
            return False
        if self.date_to is not None and (day is None or day > self.date_to):
            return False
        return self._matches_text(case)

    def _matches_text(self, case: Case) -> bool:
        words = self.text.casefold().split()
        if not words:
            return True
        haystack = " ".join(
            (
                str(case.id),
                case.organisation_name,
                case.application_name,
                case.assessor,
                case.reviewer,
                case.site,
                labels.case_status(case.status),
                labels.case_type(case.case_type),
            )
        ).casefold()
        return all(word in haystack for word in words)


class CaseFilterProxy(QtCore.QSortFilterProxyModel):
    """Sorts on typed keys (numbers, ISO dates) and filters by ``CaseCriteria``."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._criteria = CaseCriteria()
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    @property
    def criteria(self) -> CaseCriteria:
        return self._criteria

    def set_criteria(self, criteria: CaseCriteria) -> None:
        if criteria != self._criteria:
            self.beginFilterChange()
            self._criteria = criteria
            self.endFilterChange(QtCore.QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, CaseTableModel)
        return self._criteria.accepts(model.case_at(source_row))
