"""Table models of the organisation and application registers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6 import QtCore

from app.domain.models import Application, Organisation
from app.i18n import join_list
from ui.models import labels

RECORD_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
T = TypeVar("T", Organisation, Application)


class _RecordTableModel(QtCore.QAbstractTableModel, Generic[T]):
    """Rows of frozen records; subclasses list (header, cell text) per column."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[T] = []

    def columns(self) -> list[tuple[str, Callable[[T], str]]]:
        raise NotImplementedError

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[T]:
        return list(self._records)

    def record_at(self, row: int) -> T:
        return self._records[row]

    def row_of(self, record_id: int) -> int | None:
        for row, record in enumerate(self._records):
            if record.id == record_id:
                return row
        return None

    def rowCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def headerData(
        self,
        section: int,
        orientation: QtCore.Qt.Orientation,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == QtCore.Qt.Orientation.Horizontal and (
            role == QtCore.Qt.ItemDataRole.DisplayRole
        ):
            return self.columns()[section][0]
        return None

    def data(self, index: _Index, role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.ToolTipRole):
            return self.columns()[index.column()][1](record)
        if role == RECORD_ROLE:
            return record
        return None


class OrganisationTableModel(_RecordTableModel[Organisation]):
    def columns(self) -> list[tuple[str, Callable[[Organisation], str]]]:
        return [
            (self.tr("No."), lambda o: str(o.id)),
            (self.tr("Name"), lambda o: o.name),
            (self.tr("Credit code"), lambda o: o.credit_code),
            (self.tr("Level"), lambda o: o.level),
            (self.tr("Address"), lambda o: o.address),
            (self.tr("Contacts"), lambda o: join_list(c.name for c in o.contacts)),
        ]


class ApplicationTableModel(_RecordTableModel[Application]):
    """Applications, with their organisation's name looked up from ``organisation_names``."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.organisation_names: dict[int, str] = {}

    def set_organisation_names(self, names: dict[int, str]) -> None:
        self.organisation_names = dict(names)

    def columns(self) -> list[tuple[str, Callable[[Application], str]]]:
        return [
            (self.tr("No."), lambda a: str(a.id)),
            (self.tr("Name"), lambda a: a.name),
            (self.tr("Organisation"), lambda a: self.organisation_names.get(a.organisation_id, "")),
            (self.tr("Package"), lambda a: a.package),
            (self.tr("Platform"), lambda a: labels.platform(a.platform)),
            (self.tr("Version"), _version_text),
            (self.tr("Certificates"), lambda a: str(len(a.official_cert_sha256))),
            (self.tr("Authorization code"), lambda a: a.authorization_code),
            (self.tr("Status"), lambda a: labels.app_status(a.status)),
        ]


def _version_text(app: Application) -> str:
    if app.official_version_code is None:
        return app.official_version_name
    if not app.official_version_name:
        return str(app.official_version_code)
    return f"{app.official_version_name} ({app.official_version_code})"
