"""The append-only, hash-chained audit log of every change (DESIGN §9).

Every insert, update and delete the ORM flushes is turned into an event while the
session flushes; the events are appended when the unit of work commits, in the same
transaction, so a change and its event are saved together or not at all. Named
events (``sign_in``, ``lockout``, ``report_signed`` …) join through ``note``.

Chain: each event stores the hash of its predecessor; its own hash is SHA-256 over
a canonical JSON encoding of (prev_hash, at, actor, action, entity, entity_id,
details). Ids are assigned here, one after another, so a deleted event leaves a gap.
Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock taken
just before commit (nothing else is locked after it, so it cannot deadlock with row
locks); SQLite lets one writer in at a time, and a writer whose snapshot is stale is
refused by SQLite rather than allowed to fork the chain.

Limits, honestly: whoever can write the database can rewrite the whole chain with
fresh hashes, or cut its newest events. The anchor file in the data folder keeps the
last event this workstation wrote or verified; ``verify`` reports a log that ends
before it or disagrees with it. Cut-off events that no anchor saw (written by another
workstation on a shared server and never verified here) cannot be detected. Rows
removed by the database's own ON DELETE CASCADE, and statements that bypass the ORM,
are not recorded (the services use neither for domain rows).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import get_history

from app.db.base import utcnow
from app.db.rows import AuditEventRow
from app.domain.models import AuditEvent

# Tables whose rows are not recorded: the log itself, and evidence bytes (the
# evidence row with the file's SHA-256 is recorded).
SKIPPED_TABLES = frozenset({"audit_events", "evidence_blobs"})
# Never written into the log, only that they changed.
SECRET_COLUMNS = frozenset({("users", "password_hash")})
# Large values recorded by their SHA-256 (the analysis JSON, the rule pack snapshot).
DIGESTED_COLUMNS = frozenset({("apk_analyses", "result"), ("rule_packs", "content")})
# Timestamps every change moves; the event's own time says when.
QUIET_COLUMNS = frozenset({"updated_at"})

ANCHOR_FILE = "audit-anchor.json"
# pg_advisory_xact_lock key: "IHSA" and 1.
_PG_LOCK_KEY = 0x49485341_00000001
_PENDING = "ihsa_audit_pending"
_ACTOR = "ihsa_audit_actor"
_TABLE: Table = AuditEventRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class ChainBreak:
    """The first event where the chain does not hold."""

    event_id: int
    kind: str  # altered | missing | out_of_order | truncated | rewritten
    zh: str
    en: str

    def message(self, lang: str | None = None) -> str:
        from app.i18n import pick

        return pick({"zh": self.zh, "en": self.en}, lang)


@dataclass(frozen=True)
class ChainReport:
    events: int
    head_id: int
    head_hash: str
    anchor_id: int | None  # the event this workstation's anchor names, if any
    problem: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def canonical_hash(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    details: dict[str, Any],
) -> str:
    """SHA-256 over the event's canonical JSON (sorted keys, no spaces, UTF-8)."""
    body = [prev_hash, _timestamp(at), actor, action, entity, entity_id, details]
    encoded = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def install(sessions: sessionmaker[Session], actor: Callable[[], str], anchor: Anchor) -> None:
    """Record every change made through ``sessions``, as ``actor()``, anchored in ``anchor``."""
    from sqlalchemy import event

    def after_flush(session: Session, _context: object) -> None:
        pending = session.info.setdefault(_PENDING, [])
        who = session.info.get(_ACTOR) or actor()
        for row in session.new:
            pending.extend(_row_event(row, "insert", who))
        for row in session.dirty:
            pending.extend(_row_event(row, "update", who))
        for row in session.deleted:
            pending.extend(_row_event(row, "delete", who))

    def before_commit(session: Session) -> None:
        session.flush()  # the last changes' events, before the chain is extended
        pending = session.info.pop(_PENDING, None)
        if pending:
            who = session.info.get(_ACTOR) or actor()
            session.info["ihsa_audit_head"] = _append(session, pending, who)

    def after_commit(session: Session) -> None:
        head = session.info.pop("ihsa_audit_head", None)
        if head is not None:
            anchor.advance(*head)

    def forget(session: Session, *_args: object) -> None:
        session.info.pop(_PENDING, None)
        session.info.pop("ihsa_audit_head", None)

    event.listen(sessions, "after_flush", after_flush)
    event.listen(sessions, "before_commit", before_commit)
    event.listen(sessions, "after_commit", after_commit)
    event.listen(sessions, "after_rollback", forget)


def note(
    session: Session,
    action: str,
    *,
    entity: str = "",
    entity_id: object = "",
    details: dict[str, Any] | None = None,
    actor: str | None = None,
) -> None:
    """Add a named event to the session's unit of work (written when it commits)."""
    who = actor if actor is not None else session.info.get(_ACTOR)
    session.info.setdefault(_PENDING, []).append(
        _Pending(who, action, entity, str(entity_id), jsonable(details or {}))
    )


def act_as(session: Session, actor: str) -> None:
    """Attribute this unit of work's events to ``actor`` (sign-in, before anyone is signed in)."""
    session.info[_ACTOR] = actor[:100]  # the width of audit_events.actor


def events(
    session: Session,
    *,
    case_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    limit: int | None = None,
    newest_first: bool = True,
) -> list[AuditEvent]:
    query = select(AuditEventRow)
    if case_id is not None:
        query = query.where(AuditEventRow.case_id == case_id)
    if actor:
        query = query.where(AuditEventRow.actor == actor)
    if action:
        query = query.where(AuditEventRow.action == action)
    if entity:
        query = query.where(AuditEventRow.entity == entity)
    order = AuditEventRow.id.desc() if newest_first else AuditEventRow.id
    query = query.order_by(order)
    if limit is not None:
        query = query.limit(limit)
    return [_to_domain(row) for row in session.scalars(query)]


def verify_chain(session: Session, anchor: tuple[int, str] | None) -> ChainReport:
    """Walk the whole chain in id order; report the first link that does not hold."""
    count, previous_id, previous_hash = 0, 0, ""
    anchor_seen = False
    problem: ChainBreak | None = None
    for row in _stream(session):
        count += 1
        problem = _check_link(row, previous_id, previous_hash)
        if problem is not None:
            break
        if anchor is not None and row.id == anchor[0]:
            anchor_seen = True
            if row.hash != anchor[1]:
                problem = _break(
                    row.id,
                    "rewritten",
                    f"事件 #{row.id} 与本工作站记录的不同（日志被改写）",
                    f"event #{row.id} differs from the one this workstation recorded "
                    "(the log was rewritten)",
                )
                break
        previous_id, previous_hash = row.id, row.hash
    if problem is None and anchor is not None and not anchor_seen:
        problem = _break(
            previous_id + 1,
            "truncated",
            f"日志止于 #{previous_id}，但本工作站已记录到 #{anchor[0]}（最新事件被删除）",
            f"the log ends at #{previous_id} but this workstation recorded #{anchor[0]} "
            "(the newest events were deleted)",
        )
    return ChainReport(
        events=count,
        head_id=previous_id,
        head_hash=previous_hash,
        anchor_id=anchor[0] if anchor else None,
        problem=problem,
    )


class Anchor:
    """The newest event this workstation wrote or verified, kept in the data folder.

    One entry per database (keyed by its URL without password), so a data folder used
    with several databases keeps them apart. It only moves forward; a damaged file is
    treated as absent (a warning-free fallback: it can only weaken detection, never
    cause a false alarm).
    """

    def __init__(self, path: Path, database_key: str) -> None:
        self.path = path
        self.key = database_key

    def read(self) -> tuple[int, str] | None:
        entry = self._all().get(self.key)
        if not isinstance(entry, dict):
            return None
        event_id, event_hash = entry.get("id"), entry.get("hash")
        if isinstance(event_id, int) and isinstance(event_hash, str) and event_id > 0:
            return event_id, event_hash
        return None

    def advance(self, event_id: int, event_hash: str) -> None:
        current = self.read()
        if current is not None and current[0] >= event_id:
            return
        entries = self._all()
        entries[self.key] = {"id": event_id, "hash": event_hash}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".audit-anchor-", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entries, out, ensure_ascii=False, indent=1)
            os.replace(name, self.path)
        except OSError:
            # The change itself is committed; a folder we cannot write only means the
            # next verify compares against an older anchor.
            return

    def _all(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def jsonable(value: Any) -> Any:
    """``value`` as it will read back from a JSON column (what the hash must cover)."""
    return json.loads(json.dumps(value, default=_json_default, ensure_ascii=False))


# ----------------------------------------------------------------- internals


@dataclass
class _Pending:
    actor: str | None
    action: str
    entity: str
    entity_id: str
    details: dict[str, Any]


def _row_event(row: object, action: str, actor: str) -> Iterator[_Pending]:
    state = inspect(row)
    mapper = state.mapper
    table = mapper.local_table.name  # type: ignore[attr-defined]
    if table in SKIPPED_TABLES:
        return
    values: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    for attribute in mapper.column_attrs:
        column = attribute.key
        if action == "update":
            history = get_history(row, column)
            if not history.has_changes() or column in QUIET_COLUMNS:
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changes[column] = [
                _recorded(table, column, old),
                _recorded(table, column, new),
            ]
        else:
            values[column] = _recorded(table, column, getattr(row, column, None))
    if action == "update" and not changes:
        return
    details: dict[str, Any] = {"changes": changes} if action == "update" else {"values": values}
    case_id = row.id if table == "cases" else getattr(row, "case_id", None)  # type: ignore[attr-defined]
    if isinstance(case_id, int):
        details["case_id"] = case_id
    identity = mapper.primary_key_from_instance(row)
    entity_id = ":".join("" if part is None else str(part) for part in identity)
    yield _Pending(actor, action, table, entity_id, jsonable(details))


def _recorded(table: str, column: str, value: Any) -> Any:
    if value is None:
        return None
    if (table, column) in SECRET_COLUMNS:
        return "(set)"
    if (table, column) in DIGESTED_COLUMNS:
        encoded = json.dumps(jsonable(value), sort_keys=True, ensure_ascii=False)
        return {"sha256": hashlib.sha256(encoded.encode("utf-8")).hexdigest()}
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest(), "size": len(value)}
    return value


def _append(session: Session, pending: list[_Pending], default_actor: str) -> tuple[int, str]:
    """Extend the chain with ``pending``; returns the new head (id, hash)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    head = connection.execute(
        select(_TABLE.c.id, _TABLE.c.hash).order_by(_TABLE.c.id.desc()).limit(1)
    ).first()
    event_id, prev_hash = (head[0], head[1]) if head else (0, "")
    at = utcnow()
    rows = []
    for item in pending:
        event_id += 1
        actor = (item.actor if item.actor is not None else default_actor)[:100]
        entity_id = item.entity_id[:200]
        digest = canonical_hash(
            prev_hash, at, actor, item.action, item.entity, entity_id, item.details
        )
        case_id = item.details.get("case_id")
        rows.append(
            {
                "id": event_id,
                "at": at,
                "actor": actor,
                "action": item.action,
                "entity": item.entity,
                "entity_id": entity_id,
                "details": item.details,
                "case_id": case_id if isinstance(case_id, int) else None,
                "prev_hash": prev_hash,
                "hash": digest,
            }
        )
        prev_hash = digest
    connection.execute(insert(_TABLE), rows)
    return event_id, prev_hash


def _stream(session: Session) -> Iterator[Any]:
    query = select(_TABLE).order_by(_TABLE.c.id).execution_options(yield_per=2000)
    yield from session.execute(query)


def _check_link(row: Any, previous_id: int, previous_hash: str) -> ChainBreak | None:
    expected = canonical_hash(
        row.prev_hash, row.at, row.actor, row.action, row.entity, row.entity_id, row.details
    )
    details_case = row.details.get("case_id") if isinstance(row.details, dict) else None
    if expected != row.hash or row.case_id != (
        details_case if isinstance(details_case, int) else None
    ):
        return _break(
            row.id,
            "altered",
            f"事件 #{row.id} 的内容与其哈希不符（被修改）",
            f"event #{row.id} does not match its hash (it was altered)",
        )
    if row.id != previous_id + 1:
        return _break(
            row.id,
            "missing",
            f"事件 #{previous_id + 1}–#{row.id - 1} 缺失（被删除）",
            f"events #{previous_id + 1}–#{row.id - 1} are missing (deleted)",
        )
    if row.prev_hash != previous_hash:
        return _break(
            row.id,
            "out_of_order",
            f"事件 #{row.id} 不接续 #{previous_id}（事件被删除、插入或调换顺序）",
            f"event #{row.id} does not follow #{previous_id} (events were deleted, inserted "
            "or reordered)",
        )
    return None


def _break(event_id: int, kind: str, zh: str, en: str) -> ChainBreak:
    return ChainBreak(event_id, kind, zh, en)


def _to_domain(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        details=dict(row.details or {}),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def _timestamp(at: datetime) -> str:
    if at.tzinfo is None:  # read back from a core select on SQLite
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return _timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest(), "size": len(value)}
    return str(value)
