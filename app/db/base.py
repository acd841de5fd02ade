"""Declarative base with a naming convention, so migrations name constraints stably."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, MetaData, String, inspect
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from app.errors import ValidationError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every dialect (SQLite stores them naive)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


def check_text_limits(session: Session, _context: object, _instances: object) -> None:
    """Refuse over-long text and NUL characters before they reach the database.

    PostgreSQL rejects both with a driver error while SQLite stores them silently;
    checking here gives one clear message and the same behaviour on both.
    (A ``before_flush`` listener on the workspace's sessions.)
    """
    for row in (*session.new, *session.dirty):
        for attribute in inspect(row).mapper.column_attrs:
            column = attribute.columns[0]
            value = getattr(row, attribute.key, None)
            if not isinstance(value, str) or not isinstance(column.type, String):
                continue
            field = f"{column.table.name}.{column.name}"
            if "\x00" in value:
                raise ValidationError(
                    f"{field} 含有空字符（\\0），无法保存", f"{field} contains a NUL character"
                )
            limit = column.type.length
            if limit is not None and len(value) > limit:
                raise ValidationError(
                    f"{field} 最多 {limit} 个字符（输入了 {len(value)} 个）",
                    f"{field} takes at most {limit} characters (got {len(value)})",
                )
