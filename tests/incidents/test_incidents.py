"""The incident register: recording, notices, deliveries, escalation, closing, reopening."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.enums import (
    CaseType,
    IncidentSeverity,
    IncidentStatus,
    NoticeChannel,
    RecipientKind,
)
from app.domain.models import Contact
from app.errors import ConflictError, NotFoundError, ValidationError
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.incidents import IncidentFilter, NoticeRequest, default_policy
from app.services.workspace import Workspace
from tests.incidents.conftest import CODE_B, Hospital, hours_ago, incident_input

ESCALATION = Contact("省卫健委网信处", "值班室", "0571-9", "duty@wjw.example.cn")


def set_escalation(
    workspace: Workspace, threshold: IncidentSeverity = IncidentSeverity.HIGH
) -> None:
    policy = replace(default_policy(), escalation=ESCALATION, escalation_threshold=threshold)
    workspace.incidents.set_policy(policy)


def test_record_and_read_back(workspace: Workspace, hospital: Hospital) -> None:
    discovered = hours_ago(2)
    incident = workspace.incidents.add(
        incident_input(hospital, discovered=discovered, description="  证书不一致  ")
    )
    assert incident.status == IncidentStatus.OPEN
    assert incident.organisation_name == "甲医院" and incident.application_name == "云医院"
    assert incident.occurred_at == incident.discovered_at  # unknown: the discovery time
    assert incident.description == "证书不一致"
    assert incident.notice_due_at == incident.discovered_at + timedelta(hours=24)  # medium
    assert [(e.action, e.actor) for e in incident.events] == [
        ("recorded", workspace.actor.username)
    ]
    assert workspace.incidents.get(incident.id) == replace(
        incident, overdue=workspace.incidents.get(incident.id).overdue
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "标题"),
        ({"category": "rumour"}, "事件类别无效"),
        ({"severity": "extreme"}, "事件级别无效"),
        ({"discovered_at": datetime.now(UTC) + timedelta(hours=2)}, "发现时间不能晚于现在"),
        ({"occurred_at": datetime.now(UTC)}, "发生时间不能晚于发现时间"),
        ({"discovered_at": datetime(2026, 1, 1, 10, 0)}, "时区"),
        ({"organisation_id": 999}, "机构不存在"),
        ({"application_id": 999}, "应用不存在"),
        ({"case_id": 999}, "案件不存在"),
    ],
)
def test_bad_input_is_refused_clearly(
    workspace: Workspace, hospital: Hospital, changes: dict[str, object], message: str
) -> None:
    data = incident_input(hospital, discovered=hours_ago(1), **changes)
    with pytest.raises((ValidationError, NotFoundError)) as info:
        workspace.incidents.add(data)
    assert message in info.value.message("zh")
    assert workspace.incidents.list() == []


def test_links_must_belong_to_the_organisation(workspace: Workspace, hospital: Hospital) -> None:
    other = workspace.organisations.add("乙医院", CODE_B)
    other_app = workspace.applications.add(ApplicationInput(other.id, "乙", "cn.example.b"))
    other_case = workspace.cases.create(NewCase(other.id, CaseType.INITIAL, "张检查"))
    with pytest.raises(ValidationError, match="does not belong"):
        workspace.incidents.add(incident_input(hospital, application_id=other_app.id))
    with pytest.raises(ValidationError, match="another organisation"):
        workspace.incidents.add(incident_input(hospital, case_id=other_case.id))


def test_letter_goes_to_every_contact_and_is_recorded(
    workspace: Workspace, hospital: Hospital, tmp_path: Path
) -> None:
    incident = workspace.incidents.add(incident_input(hospital))
    with pytest.raises(ValidationError, match="PDF"):
        workspace.incidents.notify(incident.id, NoticeRequest())
    out = tmp_path / "letter.pdf"
    result = workspace.incidents.notify(incident.id, NoticeRequest(), out_path=out)
    assert result.path == out and out.read_bytes().startswith(b"%PDF")
    assert [n.recipient_name for n in result.notifications] == ["王敏", "李强"]
    letter_hash = hashlib.sha256(out.read_bytes()).hexdigest()
    assert {n.letter_sha256 for n in result.notifications} == {letter_hash}
    assert all(n.sent_at is None for n in result.notifications)  # prepared, not delivered
    assert "甲医院" in result.text and "渠道发现仿冒安装包" in result.text
    assert result.incident.status == IncidentStatus.OPEN  # nothing delivered yet
    assert [n.recipient_role for n in result.incident.notifications] == [
        "信息科科长",
        "数据安全负责人",
    ]


def test_delivery_marks_the_incident_notified(workspace: Workspace, hospital: Hospital) -> None:
    incident = workspace.incidents.add(incident_input(hospital))
    result = workspace.incidents.notify(
        incident.id, NoticeRequest(channel=NoticeChannel.EMAIL, contacts=("李强",))
    )
    (notification,) = result.notifications
    assert notification.recipient_email == "lq@a.example.cn" and "主题" in result.text
    with pytest.raises(ValidationError, match="future"):
        workspace.incidents.record_delivery(notification.id, datetime.now(UTC) + timedelta(hours=1))
    with pytest.raises(ValidationError, match="before the notice was prepared"):
        workspace.incidents.record_delivery(notification.id, hours_ago(3))
    delivered = workspace.incidents.record_delivery(notification.id)
    assert delivered.status == IncidentStatus.NOTIFIED
    assert delivered.notified_at is not None and delivered.overdue == ()
    with pytest.raises(ConflictError, match="already recorded"):
        workspace.incidents.record_delivery(notification.id)
    with pytest.raises(NotFoundError):
        workspace.incidents.record_delivery(999)


def test_channel_needs_the_contact_details(workspace: Workspace, hospital: Hospital) -> None:
    incident = workspace.incidents.add(incident_input(hospital))
    with pytest.raises(ValidationError, match="no phone number registered for: 李强"):
        workspace.incidents.notify(incident.id, NoticeRequest(channel=NoticeChannel.PHONE))
    with pytest.raises(ValidationError, match=r"not a registered contact.*赵六"):
        workspace.incidents.notify(
            incident.id,
            NoticeRequest(channel=NoticeChannel.PHONE, contacts=("赵六",)),
        )
    with pytest.raises(ValidationError, match="invalid channel"):
        workspace.incidents.notify(incident.id, NoticeRequest(channel="fax"))  # type: ignore[arg-type]
    bare = workspace.organisations.add("乙医院", CODE_B)
    lonely = workspace.incidents.add(
        incident_input(hospital, organisation_id=bare.id, application_id=None)
    )
    with pytest.raises(ValidationError, match="no registered contacts"):
        workspace.incidents.notify(lonely.id, NoticeRequest(channel=NoticeChannel.EMAIL))
    assert workspace.incidents.get(incident.id).notifications == ()


def test_overdue_notice_is_listed_until_delivered(workspace: Workspace, hospital: Hospital) -> None:
    set_escalation(workspace)
    late = workspace.incidents.add(
        incident_input(hospital, severity=IncidentSeverity.CRITICAL, discovered=hours_ago(3)),
    )
    fresh = workspace.incidents.add(
        incident_input(hospital, severity=IncidentSeverity.LOW, discovered=hours_ago(3)),
    )
    assert late.overdue == ("notice", "escalation") and fresh.overdue == ()
    assert [i.id for i in workspace.incidents.overdue()] == [late.id]
    assert [i.id for i in workspace.incidents.list(IncidentFilter(overdue_only=True))] == [late.id]
    workspace.incidents.notify(
        late.id,
        NoticeRequest(channel=NoticeChannel.PHONE, contacts=("王敏",), delivered_at=hours_ago(1)),
    )
    assert workspace.incidents.overdue() == []
    notified = workspace.incidents.get(late.id)
    assert notified.status == IncidentStatus.NOTIFIED
    assert (
        notified.notified_at is not None and notified.notified_at > notified.notice_due_at
    )  # late


def test_major_incidents_are_escalated_and_must_be_before_closing(
    workspace: Workspace, hospital: Hospital
) -> None:
    major = workspace.incidents.add(incident_input(hospital, severity=IncidentSeverity.HIGH))
    minor = workspace.incidents.add(incident_input(hospital, severity=IncidentSeverity.MEDIUM))
    assert major.escalation_required and not minor.escalation_required
    # no recipient configured yet: the organisation is notified, the escalation is missing
    first = workspace.incidents.notify(
        major.id,
        NoticeRequest(channel=NoticeChannel.PHONE, contacts=("王敏",), delivered_at=hours_ago(0.5)),
    )
    assert [n.recipient_kind for n in first.notifications] == [RecipientKind.CONTACT]
    with pytest.raises(ConflictError, match="escalated"):
        workspace.incidents.close(major.id, "已处置")
    set_escalation(workspace)
    second = workspace.incidents.notify(
        major.id,
        NoticeRequest(channel=NoticeChannel.PHONE, contacts=("王敏",), delivered_at=hours_ago(0.2)),
    )
    kinds = [(n.recipient_kind, n.recipient_name) for n in second.notifications]
    assert kinds == [(RecipientKind.CONTACT, "王敏"), (RecipientKind.ESCALATION, "省卫健委网信处")]
    assert second.incident.escalated_at is not None
    assert "抄报：省卫健委网信处（值班室）" in second.text
    minor_notice = workspace.incidents.notify(minor.id, NoticeRequest(channel=NoticeChannel.EMAIL))
    assert {n.recipient_kind for n in minor_notice.notifications} == {RecipientKind.CONTACT}
    closed = workspace.incidents.close(major.id, "渠道已下架")
    assert closed.status == IncidentStatus.CLOSED and closed.closed_by == workspace.actor.username
    assert [e.action for e in closed.events][-1] == "closed"


def test_close_and_reopen_life_cycle(workspace: Workspace, hospital: Hospital) -> None:
    incident = workspace.incidents.add(incident_input(hospital))
    with pytest.raises(ConflictError, match="notify the organisation"):
        workspace.incidents.close(incident.id, "已处置")
    with pytest.raises(ConflictError, match="not closed"):
        workspace.incidents.reopen(incident.id, "新情况")
    workspace.incidents.notify(
        incident.id,
        NoticeRequest(channel=NoticeChannel.PHONE, contacts=("王敏",), delivered_at=hours_ago(0.5)),
    )
    with pytest.raises(ValidationError, match="resolution"):
        workspace.incidents.close(incident.id, "  ")
    closed = workspace.incidents.close(incident.id, "接口已下线")
    assert closed.resolution == "接口已下线" and closed.overdue == ()
    with pytest.raises(ConflictError, match="reopen it first"):
        workspace.incidents.update(incident.id, incident_input(hospital, title="新标题"))
    with pytest.raises(ConflictError, match="closed"):
        workspace.incidents.notify(incident.id, NoticeRequest(channel=NoticeChannel.EMAIL))
    with pytest.raises(ValidationError, match="reason"):
        workspace.incidents.reopen(incident.id, "")
    reopened = workspace.incidents.reopen(incident.id, "复测发现新接口")
    assert reopened.status == IncidentStatus.OPEN
    assert reopened.closed_at is None and reopened.resolution == ""
    # a new notice cycle: the earlier delivery does not count, the deadline runs anew
    assert reopened.notified_at is None
    assert reopened.notice_due_at == reopened.reopened_at + timedelta(hours=24)
    assert [e.action for e in reopened.events] == [
        "recorded",
        "notice_prepared",
        "notified",
        "closed",
        "reopened",
    ]


def test_update_records_what_changed(workspace: Workspace, hospital: Hospital) -> None:
    incident = workspace.incidents.add(incident_input(hospital))
    same = workspace.incidents.update(
        incident.id, incident_input(hospital, discovered=incident.discovered_at)
    )
    assert len(same.events) == 1  # nothing changed, nothing recorded
    updated = workspace.incidents.update(
        incident.id,
        incident_input(
            hospital,
            discovered=incident.discovered_at,
            severity=IncidentSeverity.CRITICAL,
            title="更正后的标题",
        ),
    )
    assert updated.title == "更正后的标题" and updated.severity == IncidentSeverity.CRITICAL
    assert updated.events[-1].action == "updated" and "severity" in updated.events[-1].note
    other = workspace.organisations.add("乙医院", CODE_B)
    workspace.incidents.notify(incident.id, NoticeRequest(channel=NoticeChannel.EMAIL))
    with pytest.raises(ConflictError, match="another organisation"):
        workspace.incidents.update(
            incident.id,
            incident_input(hospital, organisation_id=other.id, application_id=None),
        )


def test_editing_contacts_keeps_the_notices(workspace: Workspace, hospital: Hospital) -> None:
    incident = workspace.incidents.add(incident_input(hospital))
    workspace.incidents.notify(incident.id, NoticeRequest(channel=NoticeChannel.EMAIL))
    workspace.organisations.update(
        hospital.org.id, name="甲医院", credit_code_text=hospital.org.credit_code, contacts=[]
    )
    kept = workspace.incidents.get(incident.id).notifications
    assert [(n.recipient_name, n.recipient_email) for n in kept] == [
        ("王敏", "wm@a.example.cn"),
        ("李强", "lq@a.example.cn"),
    ]


def test_filters(workspace: Workspace, hospital: Hospital) -> None:
    leak = workspace.incidents.add(
        incident_input(
            hospital, category="data_leak", title="数据泄露 100%", discovered=hours_ago(30)
        ),
    )
    workspace.incidents.add(incident_input(hospital, severity=IncidentSeverity.LOW))
    service = workspace.incidents
    assert [i.id for i in service.list(IncidentFilter(category="data_leak"))] == [leak.id]  # type: ignore[arg-type]
    assert [i.id for i in service.list(IncidentFilter(text="100%"))] == [leak.id]
    assert len(service.list(IncidentFilter(text="甲医院"))) == 2
    assert len(service.list(IncidentFilter(severity=IncidentSeverity.LOW))) == 1
    assert [i.id for i in service.list(IncidentFilter(discovered_to=hours_ago(24)))] == [leak.id]
    assert service.list(IncidentFilter(status=IncidentStatus.CLOSED)) == []


def test_policy_is_validated_and_shared(workspace: Workspace, tmp_path: Path) -> None:
    assert workspace.incidents.policy().notice_hours[IncidentSeverity.CRITICAL] == 1
    bad_hours = [
        {IncidentSeverity.CRITICAL: 0},
        {IncidentSeverity.CRITICAL: 10_000},
        {IncidentSeverity.CRITICAL: 48, IncidentSeverity.HIGH: 4},
        {IncidentSeverity.LOW: True},
    ]
    for hours in bad_hours:
        with pytest.raises(ValidationError):
            workspace.incidents.set_policy(
                replace(default_policy(), notice_hours={**default_policy().notice_hours, **hours}),
            )
    with pytest.raises(ValidationError, match="needs a name"):
        workspace.incidents.set_policy(replace(default_policy(), escalation=Contact("  ")))
    saved = workspace.incidents.set_policy(
        replace(
            default_policy(),
            notice_hours={**default_policy().notice_hours, IncidentSeverity.LOW: 120},
            escalation=ESCALATION,
            escalation_threshold=IncidentSeverity.MEDIUM,
            issuer=" 示例市卫健委 ",
        ),
    )
    assert saved.issuer == "示例市卫健委" and saved.updated_by == workspace.actor.username
    url = workspace.engine.url.render_as_string(hide_password=False)
    again = Workspace.open(url, data_dir=tmp_path / "other")
    try:
        assert again.incidents.policy() == saved
    finally:
        again.close()
