"""Incident register and notices (事件通报): record, notify, escalate, close, reopen.

The product never sends anything: ``notify`` prepares a letter (PDF), an e-mail text or
a phone script for the user to deliver and records one notification per recipient;
``record_delivery`` records that it reached them. Deadlines come from the office's
notice policy (hours from discovery per severity); incidents at or above the
escalation threshold also go to the escalation recipient.
"""

from __future__ import annotations

import builtins
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.db.base import utcnow
from app.db.rows import (
    ApplicationRow,
    CaseRow,
    ContactRow,
    IncidentEventRow,
    IncidentPolicyRow,
    IncidentRow,
    NotificationRow,
    OrganisationRow,
)
from app.domain.enums import (
    INCIDENT_SEVERITY_ORDER,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    NoticeChannel,
    RecipientKind,
    Role,
)
from app.domain.models import Contact, Incident, NoticePolicy, Notification
from app.errors import ConflictError, NotFoundError, StorageError, ValidationError
from app.i18n import normalise
from app.report.incident_texts import SEVERITY_NAMES, STATUS_NAMES
from app.security import access
from app.services.lookup import get_row

if TYPE_CHECKING:
    from app.report.letters import NoticeContent
    from app.services.workspace import Workspace

# Hours from discovery within which the organisation must have the notice. Our choice,
# not a regulation's: "immediate" for the worst, a working day for medium, three days
# for low. Offices set their own with ``set_policy`` / ``ihsa incident policy``.
DEFAULT_NOTICE_HOURS: dict[IncidentSeverity, int] = {
    IncidentSeverity.CRITICAL: 1,
    IncidentSeverity.HIGH: 4,
    IncidentSeverity.MEDIUM: 24,
    IncidentSeverity.LOW: 72,
}
DEFAULT_ESCALATION_THRESHOLD = IncidentSeverity.HIGH
MAX_NOTICE_HOURS = 24 * 30
# A clock a few minutes ahead of the server's must not make "now" look like the future.
CLOCK_SKEW = timedelta(minutes=5)
POLICY_ROW_ID = 1
# Anyone in the office records incidents and delivers notices; closing or reopening one
# is a reviewer's judgement; the notice policy binds the whole office (its admin).
INCIDENT_HANDLERS = (Role.ASSESSOR, Role.REVIEWER, Role.ADMIN)
INCIDENT_CLOSERS = (Role.REVIEWER, Role.ADMIN)

E = TypeVar("E", IncidentCategory, IncidentSeverity)


@dataclass(frozen=True)
class IncidentInput:
    """What a user enters for an incident; the service validates it."""

    organisation_id: int
    title: str
    category: IncidentCategory | str
    severity: IncidentSeverity | str
    discovered_at: datetime
    occurred_at: datetime | None = None  # unknown: the discovery time
    description: str = ""
    application_id: int | None = None
    case_id: int | None = None


@dataclass(frozen=True)
class IncidentFilter:
    organisation_id: int | None = None
    status: IncidentStatus | None = None
    severity: IncidentSeverity | None = None
    category: IncidentCategory | None = None
    text: str | None = None
    discovered_from: datetime | None = None
    discovered_to: datetime | None = None  # exclusive
    overdue_only: bool = False


@dataclass(frozen=True)
class NoticeRequest:
    """How to notify: channel, language, which contacts (by name; None = all of them).

    ``delivered_at`` records the delivery at once (a phone call already made, a letter
    handed over); otherwise delivery is recorded later with ``record_delivery``.
    """

    channel: NoticeChannel = NoticeChannel.LETTER
    lang: str = "zh"
    contacts: tuple[str, ...] | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True)
class NoticeResult:
    incident: Incident
    notifications: tuple[Notification, ...]
    text: str  # the notice as plain text (letter text, e-mail, phone script)
    path: Path | None  # the letter or text file written, if any


class IncidentService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    # ---------------------------------------------------------------- register

    def add(self, data: IncidentInput) -> Incident:
        by = access.require(self._ws, *INCIDENT_HANDLERS).username
        values = _validated(data)
        with self._ws.session() as session:
            _check_links(session, values)
            row = IncidentRow(
                **values, status=IncidentStatus.OPEN.value, recorded_by=by, created_at=utcnow()
            )
            row.events.append(IncidentEventRow(actor=by, action="recorded", at=utcnow()))
            session.add(row)
            session.flush()
            return self._domain(session, row)

    def update(self, incident_id: int, data: IncidentInput) -> Incident:
        """Correct an incident's facts; a closed one must be reopened first."""
        by = access.require(self._ws, *INCIDENT_HANDLERS).username
        values = _validated(data)
        with self._ws.session() as session:
            row = _get(session, incident_id)
            if row.status == IncidentStatus.CLOSED.value:
                raise ConflictError(
                    f"事件 {incident_id} 已关闭，不能修改；如有新情况请先重新打开",
                    f"incident {incident_id} is closed and cannot be changed; reopen it first",
                )
            if values["organisation_id"] != row.organisation_id and row.notifications:
                raise ConflictError(
                    f"事件 {incident_id} 已向原机构发出通报，不能改为其他机构；请另行登记事件",
                    f"incident {incident_id} was already notified to its organisation; record "
                    "a new incident for another organisation",
                )
            _check_links(session, values)
            changed = [key for key, value in values.items() if getattr(row, key) != value]
            if not changed:
                return self._domain(session, row)
            for key in changed:
                setattr(row, key, values[key])
            row.updated_at = utcnow()
            row.events.append(
                IncidentEventRow(actor=by, action="updated", note=", ".join(changed), at=utcnow())
            )
            session.flush()
            return self._domain(session, row)

    def get(self, incident_id: int) -> Incident:
        with self._ws.session() as session:
            return self._domain(session, _get(session, incident_id))

    def list(self, where: IncidentFilter | None = None) -> builtins.list[Incident]:
        where = where or IncidentFilter()
        query = (
            select(IncidentRow)
            .options(*_LOAD)
            .order_by(IncidentRow.discovered_at.desc(), IncidentRow.id.desc())
        )
        if where.organisation_id is not None:
            query = query.where(IncidentRow.organisation_id == where.organisation_id)
        if where.status is not None:
            query = query.where(IncidentRow.status == IncidentStatus(where.status).value)
        if where.severity is not None:
            query = query.where(IncidentRow.severity == IncidentSeverity(where.severity).value)
        if where.category is not None:
            query = query.where(IncidentRow.category == IncidentCategory(where.category).value)
        if where.discovered_from is not None:
            query = query.where(IncidentRow.discovered_at >= _aware(where.discovered_from, "from"))
        if where.discovered_to is not None:
            query = query.where(IncidentRow.discovered_at < _aware(where.discovered_to, "to"))
        if where.text and where.text.strip():
            text = where.text.strip()
            query = query.join(IncidentRow.organisation).where(
                or_(
                    IncidentRow.title.icontains(text, autoescape=True),
                    IncidentRow.description.icontains(text, autoescape=True),
                    OrganisationRow.name.icontains(text, autoescape=True),
                )
            )
        with self._ws.session() as session:
            policy = notice_policy(session)
            now = utcnow()
            found = [incident_from_row(row, policy, now) for row in session.scalars(query).unique()]
        if where.overdue_only:
            found = [incident for incident in found if incident.overdue]
        return found

    def overdue(self) -> builtins.list[Incident]:
        """Open incidents whose notice or escalation deadline has passed, most urgent first."""
        found = self.list(IncidentFilter(overdue_only=True))
        return sorted(found, key=lambda i: (i.notice_due_at or i.discovered_at, i.id))

    # ------------------------------------------------------------- life-cycle

    def close(self, incident_id: int, resolution: str) -> Incident:
        """Close a notified incident, saying how it was resolved."""
        by = access.require(self._ws, *INCIDENT_CLOSERS).username
        resolution = resolution.strip()
        if not resolution:
            raise ValidationError(
                "关闭事件须填写处置结果", "closing an incident needs a written resolution"
            )
        with self._ws.session() as session:
            row = _get(session, incident_id, for_update=True)
            incident = self._domain(session, row)
            if incident.status != IncidentStatus.NOTIFIED:
                raise ConflictError(
                    f"事件 {incident_id} 状态为「{STATUS_NAMES[incident.status]['zh']}」，"
                    "须先向机构通报并登记送达后才能关闭",
                    f"incident {incident_id} is {incident.status.value}: notify the "
                    "organisation and record the delivery before closing it",
                )
            if incident.escalation_required and incident.escalated_at is None:
                raise ConflictError(
                    f"事件 {incident_id} 达到上报级别，须先登记上报送达后才能关闭"
                    "（未设置上报对象时请先用 ihsa incident policy 设置）",
                    f"incident {incident_id} must be escalated (and the delivery recorded) "
                    "before it is closed (set the recipient with 'ihsa incident policy')",
                )
            now = utcnow()
            row.status = IncidentStatus.CLOSED.value
            row.closed_at, row.closed_by, row.resolution = now, by, resolution
            row.updated_at = now
            row.events.append(IncidentEventRow(actor=by, action="closed", note=resolution, at=now))
            session.flush()
            return self._domain(session, row)

    def reopen(self, incident_id: int, reason: str) -> Incident:
        """Reopen a closed incident; it must be notified again within its deadline."""
        by = access.require(self._ws, *INCIDENT_CLOSERS).username
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                "重新打开事件须说明原因", "reopening an incident needs a written reason"
            )
        with self._ws.session() as session:
            row = _get(session, incident_id, for_update=True)
            if row.status != IncidentStatus.CLOSED.value:
                raise ConflictError(
                    f"事件 {incident_id} 未关闭，无需重新打开",
                    f"incident {incident_id} is not closed; there is nothing to reopen",
                )
            now = utcnow()
            row.status = IncidentStatus.OPEN.value
            row.reopened_at = now
            row.closed_at, row.closed_by, row.resolution = None, "", ""
            row.updated_at = now
            row.events.append(IncidentEventRow(actor=by, action="reopened", note=reason, at=now))
            session.flush()
            return self._domain(session, row)

    # ----------------------------------------------------------------- notices

    def notify(
        self,
        incident_id: int,
        request: NoticeRequest,
        *,
        out_path: Path | None = None,
    ) -> NoticeResult:
        """Prepare the notice for the chosen contacts (and the escalation recipient).

        A letter is written to ``out_path`` as PDF (required); an e-mail or phone
        script is returned as text and written to ``out_path`` when one is given.
        If recording fails, the file written is removed again.
        """
        from app.report.letters import notice_text, render_letter

        by = access.require(self._ws, *INCIDENT_HANDLERS).username
        channel = _channel(request.channel)
        if channel == NoticeChannel.LETTER and out_path is None:
            raise ValidationError(
                "书面通报函需要指定保存的 PDF 文件", "a letter needs a PDF file to write to"
            )
        with self._ws.session() as session:
            content, contact_ids = self._notice_content(session, incident_id, request, by)
        delivered_at = self._checked_delivery_time(request.delivered_at, content)
        text = notice_text(content, channel)
        written: Path | None = None
        letter_hash = ""
        if out_path is not None:
            if channel == NoticeChannel.LETTER:
                written = render_letter(content, Path(out_path))
                letter_hash = _file_sha256(written)
            else:
                written = _write_text(Path(out_path), text)
        try:
            with self._ws.session() as session:
                row = _get(session, incident_id, for_update=True)
                if row.status == IncidentStatus.CLOSED.value:
                    raise ConflictError(
                        f"事件 {incident_id} 已被关闭，通报未登记",
                        f"incident {incident_id} was closed meanwhile; the notice was not recorded",
                    )
                now = utcnow()
                recipients: builtins.list[tuple[RecipientKind, Contact, int | None]] = [
                    (RecipientKind.CONTACT, c, i) for c, i in contact_ids
                ]
                if content.escalation is not None:
                    recipients.append((RecipientKind.ESCALATION, content.escalation, None))
                added = []
                for kind, person, contact_id in recipients:
                    notification = NotificationRow(
                        contact_id=contact_id,
                        recipient_kind=kind.value,
                        recipient_name=person.name,
                        recipient_role=person.role,
                        recipient_phone=person.phone,
                        recipient_email=person.email,
                        channel=channel.value,
                        lang=content.lang,
                        body=text,
                        letter_sha256=letter_hash,
                        created_at=now,
                        created_by=by,
                    )
                    row.notifications.append(notification)
                    added.append(notification)
                row.events.append(
                    IncidentEventRow(
                        actor=by,
                        action="notice_prepared",
                        note=f"{content.number} · {channel.value} · "
                        + ", ".join(n.recipient_name for n in added),
                        at=now,
                    )
                )
                if delivered_at is not None:
                    for notification in added:
                        _deliver(row, notification, delivered_at, by)
                row.updated_at = now
                session.flush()
                incident = self._domain(session, row)
                notifications = tuple(n.to_domain() for n in added)
        except BaseException:
            if written is not None:
                written.unlink(missing_ok=True)
            raise
        return NoticeResult(incident, notifications, text, written)

    def record_delivery(
        self, notification_id: int, delivered_at: datetime | None = None
    ) -> Incident:
        """Record that a prepared notice reached its recipient (at ``delivered_at``, else now)."""
        by = access.require(self._ws, *INCIDENT_HANDLERS).username
        at = _aware(delivered_at, "delivered") if delivered_at is not None else utcnow()
        with self._ws.session() as session:
            notification = get_row(
                session, NotificationRow, notification_id, "通报记录", "notification"
            )
            row = _get(session, notification.incident_id, for_update=True)
            if notification.sent_at is not None:
                raise ConflictError(
                    f"通报记录 {notification_id} 已于 {_local(notification.sent_at)} 登记送达",
                    f"notification {notification_id} was already recorded as delivered at "
                    f"{_local(notification.sent_at)}",
                )
            if at > utcnow() + CLOCK_SKEW:
                raise ValidationError("送达时间不能晚于现在", "the delivery time is in the future")
            if at < notification.created_at - CLOCK_SKEW:
                raise ValidationError(
                    f"送达时间早于通报生成时间（{_local(notification.created_at)}）",
                    "the delivery time is before the notice was prepared "
                    f"({_local(notification.created_at)})",
                )
            if row.status == IncidentStatus.CLOSED.value:
                raise ConflictError(
                    f"事件 {row.id} 已关闭，不能再登记送达",
                    f"incident {row.id} is closed; deliveries can no longer be recorded",
                )
            _deliver(row, notification, at, by)
            row.updated_at = utcnow()
            session.flush()
            return self._domain(session, row)

    # ------------------------------------------------------------------ policy

    def policy(self) -> NoticePolicy:
        with self._ws.session() as session:
            return notice_policy(session)

    def set_policy(self, policy: NoticePolicy) -> NoticePolicy:
        """Store the office's deadlines, escalation threshold and recipient, issuer name."""
        by = access.require(self._ws, Role.ADMIN).username
        hours = _checked_hours(policy.notice_hours)
        threshold = _enum(IncidentSeverity, policy.escalation_threshold, "上报级别", "threshold")
        escalation = policy.escalation
        if escalation is not None:
            escalation = Contact(*(part.strip() for part in _contact_fields(escalation)))
            if not escalation.name:
                raise ValidationError(
                    "上报对象名称不能为空", "the escalation recipient needs a name"
                )
        with self._ws.session() as session:
            row = session.get(IncidentPolicyRow, POLICY_ROW_ID, with_for_update=True)
            if row is None:
                row = IncidentPolicyRow(id=POLICY_ROW_ID)
                session.add(row)
            row.notice_hours = {s.value: hours[s] for s in INCIDENT_SEVERITY_ORDER}
            row.escalation_threshold = threshold.value
            person = escalation or Contact("")
            row.escalation_name, row.escalation_role = person.name, person.role
            row.escalation_phone, row.escalation_email = person.phone, person.email
            row.issuer = policy.issuer.strip()
            row.updated_by, row.updated_at = by, utcnow()
            session.flush()
            return notice_policy(session)

    # ---------------------------------------------------------------- internals

    def _domain(self, session: Session, row: IncidentRow) -> Incident:
        session.flush()
        return incident_from_row(row, notice_policy(session), utcnow())

    def _notice_content(
        self, session: Session, incident_id: int, request: NoticeRequest, by: str
    ) -> tuple[NoticeContent, builtins.list[tuple[Contact, int]]]:
        from app.report.letters import NoticeContent

        row = _get(session, incident_id)
        if row.status == IncidentStatus.CLOSED.value:
            raise ConflictError(
                f"事件 {incident_id} 已关闭，不能再通报；如有新情况请先重新打开",
                f"incident {incident_id} is closed; reopen it before notifying again",
            )
        channel = _channel(request.channel)
        contacts = _chosen_contacts(row.organisation, request.contacts, channel)
        policy = notice_policy(session)
        incident = incident_from_row(row, policy, utcnow())
        escalation = policy.escalation if incident.escalation_required else None
        prepared = sum(1 for event in row.events if event.action == "notice_prepared")
        number = f"IHSA-TB-{_local_time(row.discovered_at).year}-{row.id:04d}"
        if prepared:
            number += f"-{prepared + 1}"
        content = NoticeContent(
            number=number,
            incident=incident,
            organisation_name=row.organisation.name,
            credit_code=row.organisation.credit_code,
            recipients=tuple(contact for contact, _id in contacts),
            escalation=escalation,
            issuer=policy.issuer,
            prepared_by=by,
            prepared_at=utcnow(),
            notice_hours=policy.notice_hours[incident.severity],
            lang=normalise(request.lang),
        )
        return content, contacts

    @staticmethod
    def _checked_delivery_time(at: datetime | None, content: NoticeContent) -> datetime | None:
        if at is None:
            return None
        at = _aware(at, "delivered")
        if at > utcnow() + CLOCK_SKEW:
            raise ValidationError("送达时间不能晚于现在", "the delivery time is in the future")
        if at < content.incident.discovered_at:
            raise ValidationError(
                "送达时间早于事件发现时间",
                "the delivery time is before the incident was discovered",
            )
        return at


_LOAD = (
    selectinload(IncidentRow.organisation),
    selectinload(IncidentRow.application),
    selectinload(IncidentRow.notifications),
    selectinload(IncidentRow.events),
)


def _get(session: Session, incident_id: int, *, for_update: bool = False) -> IncidentRow:
    row = session.get(
        IncidentRow,
        incident_id,
        options=list(_LOAD),
        with_for_update={"of": IncidentRow} if for_update else None,
        populate_existing=for_update,
    )
    if row is None:
        raise NotFoundError(f"事件不存在：编号 {incident_id}", f"no incident with id {incident_id}")
    return row


def _deliver(row: IncidentRow, notification: NotificationRow, at: datetime, by: str) -> None:
    notification.sent_at, notification.delivered_by = at, by
    kind = RecipientKind(notification.recipient_kind)
    note = f"{notification.recipient_name} · {notification.channel}"
    if kind == RecipientKind.CONTACT and row.status == IncidentStatus.OPEN.value:
        row.status = IncidentStatus.NOTIFIED.value
    action = "notified" if kind == RecipientKind.CONTACT else "escalated"
    row.events.append(IncidentEventRow(actor=by, action=action, note=note, at=utcnow()))


def incident_from_row(row: IncidentRow, policy: NoticePolicy, now: datetime) -> Incident:
    severity = IncidentSeverity(row.severity)
    status = IncidentStatus(row.status)
    cycle_start = row.reopened_at or row.discovered_at
    due = cycle_start + timedelta(hours=policy.notice_hours[severity])

    def first_delivery(kind: RecipientKind) -> datetime | None:
        times = [
            n.sent_at
            for n in row.notifications
            if n.recipient_kind == kind.value
            and n.sent_at is not None
            and (row.reopened_at is None or n.sent_at >= row.reopened_at)
        ]
        return min(times) if times else None

    notified_at = first_delivery(RecipientKind.CONTACT)
    escalated_at = first_delivery(RecipientKind.ESCALATION)
    escalation_required = is_at_or_above(severity, policy.escalation_threshold)
    overdue: list[str] = []
    if status != IncidentStatus.CLOSED and now > due:
        if notified_at is None:
            overdue.append("notice")
        if escalation_required and escalated_at is None:
            overdue.append("escalation")
    return Incident(
        id=row.id,
        organisation_id=row.organisation_id,
        organisation_name=row.organisation.name,
        title=row.title,
        description=row.description,
        category=IncidentCategory(row.category),
        severity=severity,
        status=status,
        occurred_at=row.occurred_at,
        discovered_at=row.discovered_at,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
        application_id=row.application_id,
        application_name=row.application.name if row.application else "",
        case_id=row.case_id,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
        resolution=row.resolution,
        reopened_at=row.reopened_at,
        notice_due_at=due,
        notified_at=notified_at,
        escalation_required=escalation_required,
        escalated_at=escalated_at,
        overdue=tuple(overdue),
        notifications=tuple(n.to_domain() for n in row.notifications),
        events=tuple(e.to_domain() for e in row.events),
    )


def is_at_or_above(severity: IncidentSeverity, threshold: IncidentSeverity) -> bool:
    """True when ``severity`` is as severe as ``threshold`` or more."""
    return INCIDENT_SEVERITY_ORDER.index(severity) <= INCIDENT_SEVERITY_ORDER.index(threshold)


def default_policy() -> NoticePolicy:
    return NoticePolicy(dict(DEFAULT_NOTICE_HOURS), DEFAULT_ESCALATION_THRESHOLD)


def notice_policy(session: Session) -> NoticePolicy:
    row = session.get(IncidentPolicyRow, POLICY_ROW_ID)
    if row is None:
        return default_policy()
    hours = dict(DEFAULT_NOTICE_HOURS)
    for key, value in (row.notice_hours or {}).items():
        if key in IncidentSeverity.__members__.values():
            hours[IncidentSeverity(key)] = int(value)
    escalation = (
        Contact(
            row.escalation_name, row.escalation_role, row.escalation_phone, row.escalation_email
        )
        if row.escalation_name
        else None
    )
    return NoticePolicy(
        notice_hours=hours,
        escalation_threshold=IncidentSeverity(row.escalation_threshold),
        escalation=escalation,
        issuer=row.issuer,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def _checked_hours(hours: dict[IncidentSeverity, int]) -> dict[IncidentSeverity, int]:
    checked: dict[IncidentSeverity, int] = {}
    for severity in INCIDENT_SEVERITY_ORDER:
        value = hours.get(severity, DEFAULT_NOTICE_HOURS[severity])
        zh = SEVERITY_NAMES[severity]["zh"]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(
                f"「{zh}」事件的通报时限须为整数小时：{value!r}",
                f"the notice deadline for {severity.value} incidents must be whole hours: "
                f"{value!r}",
            )
        if not 1 <= value <= MAX_NOTICE_HOURS:
            raise ValidationError(
                f"「{zh}」事件的通报时限须在 1 到 {MAX_NOTICE_HOURS} 小时之间：{value}",
                f"the notice deadline for {severity.value} incidents must be 1 to "
                f"{MAX_NOTICE_HOURS} hours: {value}",
            )
        checked[severity] = value
    for more, less in pairwise(INCIDENT_SEVERITY_ORDER):
        if checked[more] > checked[less]:
            raise ValidationError(
                f"更严重的事件时限不能更长：「{SEVERITY_NAMES[more]['zh']}」{checked[more]} 小时 > "
                f"「{SEVERITY_NAMES[less]['zh']}」{checked[less]} 小时",
                f"a more severe incident cannot have a longer deadline: {more.value} "
                f"{checked[more]} h > {less.value} {checked[less]} h",
            )
    return checked


def _validated(data: IncidentInput) -> dict[str, object]:
    title = data.title.strip()
    if not title:
        raise ValidationError("事件标题不能为空", "the incident needs a title")
    category = _enum(IncidentCategory, data.category, "事件类别", "category")
    severity = _enum(IncidentSeverity, data.severity, "事件级别", "severity")
    discovered = _aware(data.discovered_at, "discovered")
    occurred = _aware(data.occurred_at, "occurred") if data.occurred_at else discovered
    latest = utcnow() + CLOCK_SKEW
    if discovered > latest:
        raise ValidationError("发现时间不能晚于现在", "the discovery time is in the future")
    if occurred > discovered:
        raise ValidationError(
            "发生时间不能晚于发现时间", "the incident cannot have occurred after it was discovered"
        )
    return {
        "organisation_id": data.organisation_id,
        "application_id": data.application_id,
        "case_id": data.case_id,
        "title": title,
        "description": data.description.strip(),
        "category": category.value,
        "severity": severity.value,
        "occurred_at": occurred,
        "discovered_at": discovered,
    }


def _check_links(session: Session, values: dict[str, object]) -> None:
    """The organisation exists; the application and the case belong to it."""
    organisation_id = int(str(values["organisation_id"]))
    get_row(session, OrganisationRow, organisation_id, "机构", "organisation")
    application_id = values["application_id"]
    if application_id is not None:
        app = get_row(session, ApplicationRow, int(str(application_id)), "应用", "application")
        if app.organisation_id != organisation_id:
            raise ValidationError(
                f"应用「{app.name}」不属于该机构",
                f"application '{app.name}' does not belong to this organisation",
            )
    case_id = values["case_id"]
    if case_id is not None:
        case = get_row(session, CaseRow, int(str(case_id)), "案件", "case")
        if case.organisation_id != organisation_id:
            raise ValidationError(
                f"案件 {case.id} 不属于该机构", f"case {case.id} is about another organisation"
            )
        if application_id is not None and case.application_id not in (None, application_id):
            raise ValidationError(
                f"案件 {case.id} 评估的是另一个应用", f"case {case.id} assessed another application"
            )


def _chosen_contacts(
    organisation: OrganisationRow, names: Sequence[str] | None, channel: NoticeChannel
) -> list[tuple[Contact, int]]:
    registered: list[ContactRow] = list(organisation.contacts)
    if not registered:
        raise ValidationError(
            f"机构「{organisation.name}」未登记联系人，无法通报；请先在机构登记中添加联系人",
            f"organisation '{organisation.name}' has no registered contacts to notify; add "
            "contacts to its registration first",
        )
    if names is None:
        chosen = registered
    else:
        wanted = [n.strip() for n in names if n.strip()]
        if not wanted:
            raise ValidationError("请至少选择一位联系人", "choose at least one contact")
        known = {c.name: c for c in registered}
        unknown = [n for n in wanted if n not in known]
        if unknown:
            raise ValidationError(
                f"机构未登记以下联系人：{'、'.join(unknown)}（已登记：{'、'.join(known)}）",
                f"not a registered contact of the organisation: {', '.join(unknown)} "
                f"(registered: {', '.join(known)})",
            )
        chosen = [known[n] for n in dict.fromkeys(wanted)]
    if channel == NoticeChannel.PHONE:
        missing = [c.name for c in chosen if not c.phone.strip()]
        if missing:
            raise ValidationError(
                f"以下联系人未登记电话：{'、'.join(missing)}",
                f"no phone number registered for: {', '.join(missing)}",
            )
    if channel == NoticeChannel.EMAIL:
        missing = [c.name for c in chosen if "@" not in c.email]
        if missing:
            raise ValidationError(
                f"以下联系人未登记电子邮箱：{'、'.join(missing)}",
                f"no e-mail address registered for: {', '.join(missing)}",
            )
    return [(c.to_domain(), c.id) for c in chosen]


def _enum(kind: type[E], value: object, zh: str, en: str) -> E:
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ValidationError(
            f"{zh}无效：{value}（可选：{allowed}）", f"invalid {en}: {value} (one of: {allowed})"
        ) from None


def _channel(value: object) -> NoticeChannel:
    try:
        return NoticeChannel(str(value))
    except ValueError:
        allowed = ", ".join(c.value for c in NoticeChannel)
        raise ValidationError(
            f"通报方式无效：{value}（可选：{allowed}）",
            f"invalid channel: {value} (one of: {allowed})",
        ) from None


def _aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None:
        raise ValidationError(
            f"时间缺少时区（{what}）：{value}", f"the {what} time has no time zone: {value}"
        )
    return value.astimezone(UTC)


def _contact_fields(contact: Contact) -> tuple[str, str, str, str]:
    return contact.name, contact.role, contact.phone, contact.email


def _local_time(value: datetime) -> datetime:
    return value.astimezone()


def _local(value: datetime) -> str:
    return _local_time(value).strftime("%Y-%m-%d %H:%M")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_text(path: Path, text: str) -> Path:
    temp = path.with_name(f".{path.name}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        temp.replace(path)
    except OSError as err:
        temp.unlink(missing_ok=True)
        raise StorageError(
            f"无法写入文件 {path}：{err.strerror or err}",
            f"cannot write the file {path}: {err.strerror or err}",
        ) from err
    return path
