"""The records a case bundle carries, field by field: how each is written and checked.

One table of fields per record kind drives both directions: the exporter dumps
row attributes with it, the importer parses the manifest with it. A value that
went out therefore comes back as the same Python value, and the case's content
digest computed from either side is the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from app.domain.enums import (
    AnswerSource,
    AppStatus,
    CaseStatus,
    CaseType,
    Grade,
    Platform,
    Result,
)
from app.errors import ValidationError

_HEX64 = re.compile(r"[0-9a-f]{64}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def invalid(where: str, zh: str, en: str) -> ValidationError:
    return ValidationError(
        f"交接包清单无效：{where} {zh}", f"the bundle's manifest is invalid: {where} {en}"
    )


@dataclass(frozen=True)
class Kind:
    """How one field is written to JSON and read back (with its check)."""

    dump: Callable[[Any], Any]
    parse: Callable[[Any, str], Any]
    optional: bool = False

    def read(self, value: Any, where: str) -> Any:
        if value is None:
            if self.optional:
                return None
            raise invalid(where, "缺失", "is missing")
        return self.parse(value, where)

    def write(self, value: Any) -> Any:
        return None if value is None else self.dump(value)


def _same(value: Any) -> Any:
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise invalid(where, "应为文本", "must be text")
    return value


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(where, "应为整数", "must be an integer")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid(where, "应为数字", "must be a number")
    return float(value)


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise invalid(where, "应为 true 或 false", "must be true or false")
    return value


def _datetime(value: Any, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(_text(value, where))
    except ValueError:
        raise invalid(where, "不是日期时间", "is not a date and time") from None
    if parsed.tzinfo is None:
        raise invalid(where, "缺少时区", "has no time zone")
    return parsed.astimezone(UTC)


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(_text(value, where))
    except ValueError:
        raise invalid(where, "不是日期", "is not a date") from None


def _sha256(value: Any, where: str) -> str:
    text = _text(value, where)
    if not _HEX64.fullmatch(text):
        raise invalid(where, "不是 SHA-256", "is not a SHA-256")
    return text


def _uid(value: Any, where: str) -> str:
    text = _text(value, where)
    if not _UUID.fullmatch(text):
        raise invalid(where, "不是案件标识（UUID）", "is not a case identity (UUID)")
    return text


def _text_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list):
        raise invalid(where, "应为列表", "must be a list")
    return [_text(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(where, "应为对象", "must be an object")
    return value


def _enum(kind: type[StrEnum]) -> Callable[[Any, str], str]:
    def parse(value: Any, where: str) -> str:
        text = _text(value, where)
        if text not in {member.value for member in kind}:
            raise invalid(where, f"取值无效：{text}", f"has an unknown value: {text}")
        return text

    return parse


def _iso(value: date) -> str:
    return value.isoformat()


TEXT = Kind(_same, _text)
OPT_TEXT = Kind(_same, _text, optional=True)
INT = Kind(_same, _integer)
OPT_INT = Kind(_same, _integer, optional=True)
OPT_NUMBER = Kind(_same, _number, optional=True)
NUMBER = Kind(_same, _number)
BOOL = Kind(_same, _boolean)
DATETIME = Kind(_iso, _datetime)
OPT_DATETIME = Kind(_iso, _datetime, optional=True)
OPT_DATE = Kind(_iso, _date, optional=True)
SHA256 = Kind(_same, _sha256)
UID = Kind(_same, _uid)
TEXT_LIST = Kind(list, _text_list)
OBJECT = Kind(_same, _mapping)


def enum(kind: type[StrEnum], *, optional: bool = False) -> Kind:
    return Kind(_same, _enum(kind), optional=optional)


Spec = Mapping[str, Kind]

# Fields of the case that are its content (what a reviewer would call "the case").
CASE: Spec = {
    "uid": UID,
    "case_type": enum(CaseType),
    "status": enum(CaseStatus),
    "assessor": TEXT,
    "reviewer": TEXT,
    "site": TEXT,
    "assessment_date": OPT_DATE,
    "pack_sha256": SHA256,
    "pack_id": TEXT,
    "pack_version": TEXT,
    "score": OPT_NUMBER,
    "grade": enum(Grade, optional=True),
    "provisional": BOOL,
    "created_at": DATETIME,
    "submitted_at": OPT_DATETIME,
}
# Not content: opening a case in the wizard (its edit lock) touches it.
CASE_TOUCHED: Spec = {"updated_at": DATETIME}

ORGANISATION: Spec = {"credit_code": TEXT, "name": TEXT, "level": TEXT, "address": TEXT}
CONTACT: Spec = {"name": TEXT, "role": TEXT, "phone": TEXT, "email": TEXT}
APPLICATION: Spec = {
    "package": TEXT,
    "platform": enum(Platform),
    "name": TEXT,
    "official_cert_sha256": TEXT_LIST,
    "official_version_code": OPT_INT,
    "official_version_name": TEXT,
    "official_apk_sha256": TEXT,
    "channels": TEXT_LIST,
    "authorization_code": TEXT,
    "status": enum(AppStatus),
}
ANSWER: Spec = {
    "item_id": TEXT,
    "result": enum(Result),
    "note": TEXT,
    "justification": TEXT,
    "source": enum(AnswerSource),
    "auto_result": enum(Result, optional=True),
    "override_reason": TEXT,
    "updated_at": DATETIME,
}
EVIDENCE: Spec = {
    "sha256": SHA256,
    "size": INT,
    "item_id": OPT_TEXT,
    "original_name": TEXT,
    "media_type": TEXT,
    "description": TEXT,
    "captured_at": DATETIME,
}
APK_ANALYSIS: Spec = {
    "file_name": TEXT,
    "file_sha256": TEXT,
    "package": TEXT,
    "version_code": OPT_INT,
    "analyzer_version": TEXT,
    "duration_s": NUMBER,
    "result": OBJECT,
    "created_at": DATETIME,
}
REPORT: Spec = {
    "file_sha256": TEXT,
    "path": TEXT,  # the file's name only: a folder on the exporting machine means nothing here
    "lang": TEXT,
    "digest": TEXT,
    "signer": TEXT,
    "signed_at": OPT_DATETIME,
    "created_at": DATETIME,
}
RECTIFICATION: Spec = {
    "source_key": TEXT,
    "item_id": OPT_TEXT,
    "rule_id": OPT_TEXT,
    "severity": TEXT,
    "title": TEXT,
    "title_en": TEXT,
    "note": TEXT,
    "evidence_ref": TEXT,
    "due_date": OPT_DATE,
    "status": TEXT,
    "closed_at": OPT_DATETIME,
    "created_at": DATETIME,
}
AUDIT_EVENT: Spec = {
    "at": DATETIME,
    "actor": TEXT,
    "action": TEXT,
    "entity": TEXT,
    "entity_id": TEXT,
    "details": OBJECT,
    "prev_hash": TEXT,
    "hash": TEXT,
}


def record_of(row: object, spec: Spec) -> dict[str, Any]:
    """The spec's attributes of an ORM row, as Python values."""
    return {name: getattr(row, name) for name in spec}


def dump(record: Mapping[str, Any], spec: Spec) -> dict[str, Any]:
    """A record as JSON values."""
    return {name: kind.write(record[name]) for name, kind in spec.items()}


def parse(value: Any, spec: Spec, where: str) -> dict[str, Any]:
    """A JSON object checked against the spec; unknown keys are refused."""
    data = _mapping(value, where)
    unknown = sorted(set(data) - set(spec))
    if unknown:
        raise invalid(where, f"含有未知字段 {unknown[0]}", f"has an unknown field {unknown[0]}")
    return {name: kind.read(data.get(name), f"{where}.{name}") for name, kind in spec.items()}


def parse_list(value: Any, spec: Spec, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise invalid(where, "应为列表", "must be a list")
    return [parse(item, spec, f"{where}[{i}]") for i, item in enumerate(value)]


def file_name_only(path: str) -> str:
    """The last component of a path written on Windows or elsewhere."""
    return re.split(r"[\\/]", path)[-1]
