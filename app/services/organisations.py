"""Registry of organisations (hospitals) with validated credit codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.rows import ContactRow, OrganisationRow
from app.domain import credit_code
from app.domain.models import Contact, Organisation
from app.errors import ConflictError, ValidationError
from app.security import access
from app.services.lookup import get_row

if TYPE_CHECKING:
    from app.services.workspace import Workspace


class OrganisationService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def add(
        self,
        name: str,
        credit_code_text: str,
        *,
        level: str = "",
        address: str = "",
        contacts: Sequence[Contact] = (),
    ) -> Organisation:
        access.require(self._ws, *access.REGISTER_EDITORS)
        name, code = _validated(name, credit_code_text)
        with self._ws.session() as session:
            _refuse_duplicate(session, code)
            row = OrganisationRow(
                name=name,
                credit_code=code,
                level=level.strip(),
                address=address.strip(),
                contacts=[_contact_row(c) for c in contacts],
            )
            session.add(row)
            session.flush()
            return row.to_domain()

    def update(
        self,
        organisation_id: int,
        *,
        name: str,
        credit_code_text: str,
        level: str = "",
        address: str = "",
        contacts: Sequence[Contact] = (),
    ) -> Organisation:
        access.require(self._ws, *access.REGISTER_EDITORS)
        name, code = _validated(name, credit_code_text)
        with self._ws.session() as session:
            row = _get(session, organisation_id)
            if code != row.credit_code:
                _refuse_duplicate(session, code)
            row.name, row.credit_code = name, code
            row.level, row.address = level.strip(), address.strip()
            row.contacts = [_contact_row(c) for c in contacts]
            session.flush()
            return row.to_domain()

    def get(self, organisation_id: int) -> Organisation:
        with self._ws.session() as session:
            return _get(session, organisation_id).to_domain()

    def list(self) -> list[Organisation]:
        with self._ws.session() as session:
            query = select(OrganisationRow).order_by(OrganisationRow.name, OrganisationRow.id)
            rows = session.scalars(query)
            return [r.to_domain() for r in rows]


def _validated(name: str, code_text: str) -> tuple[str, str]:
    name = name.strip()
    if not name:
        raise ValidationError("机构名称不能为空", "organisation name must not be empty")
    problem = credit_code.problem(code_text)
    if problem:
        raise ValidationError(*problem)
    return name, credit_code.normalise(code_text)


def _refuse_duplicate(session: Session, code: str) -> None:
    existing = session.scalar(select(OrganisationRow).where(OrganisationRow.credit_code == code))
    if existing is not None:
        raise ConflictError(
            f"统一社会信用代码 {code} 已登记为「{existing.name}」（编号 {existing.id}）",
            f"credit code {code} is already registered as '{existing.name}' (id {existing.id})",
        )


def _get(session: Session, organisation_id: int) -> OrganisationRow:
    return get_row(session, OrganisationRow, organisation_id, "机构", "organisation")


def _contact_row(contact: Contact) -> ContactRow:
    if not contact.name.strip():
        raise ValidationError("联系人姓名不能为空", "contact name must not be empty")
    return ContactRow(
        name=contact.name.strip(),
        role=contact.role.strip(),
        phone=contact.phone.strip(),
        email=contact.email.strip(),
    )
