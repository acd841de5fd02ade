"""Fetch a row by id, or tell the user plainly that it does not exist."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from app.errors import NotFoundError

Row = TypeVar("Row")


def get_row(session: Session, row_type: type[Row], row_id: int, zh: str, en: str) -> Row:
    """The ``row_type`` row with ``row_id``; ``zh``/``en`` name the thing in messages
    ("机构" / "organisation" gives "机构不存在：编号 7" / "no organisation with id 7")."""
    row = session.get(row_type, row_id)
    if row is None:
        raise NotFoundError(f"{zh}不存在：编号 {row_id}", f"no {en} with id {row_id}")
    return row
