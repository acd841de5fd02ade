"""Who may do what in the incident register, signed in as the office's accounts.

Anyone in the office records incidents and delivers notices; closing and reopening are
a reviewer's (or an admin's); the notice policy is the admin's; the statistics report
needs someone signed in. The history names the signed-in account, never a claimed one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.enums import IncidentSeverity, IncidentStatus, NoticeChannel
from app.security.access import PermissionDenied
from app.services.incidents import NoticeRequest, default_policy
from app.services.statistics import current_quarter, write_statistics_report
from app.services.workspace import Workspace
from tests.incidents.conftest import Hospital, as_user, incident_input

PHONE = NoticeRequest(channel=NoticeChannel.PHONE, contacts=("王敏",))


def refused(action: Callable[[], object], zh: str, en: str) -> None:
    with pytest.raises(PermissionDenied) as info:
        action()
    assert zh in info.value.message("zh") and en in info.value.message("en")


def test_nobody_signed_in_may_read_but_not_record(office: Workspace, hospital: Hospital) -> None:
    refused(lambda: office.incidents.add(incident_input(hospital)), "请先登录", "sign in first")
    assert office.incidents.list() == [] and office.incidents.overdue() == []


def test_any_role_records_and_notifies_as_itself(
    office: Workspace, hospital: Hospital, tmp_path: Path
) -> None:
    incident = as_user(office, "zhang").incidents.add(incident_input(hospital))
    assert incident.recorded_by == "zhang"
    letter = tmp_path / "notice.pdf"
    notice = office.incidents.notify(incident.id, PHONE, out_path=letter)
    (notification,) = notice.notifications
    assert notification.created_by == "zhang"
    delivered = as_user(office, "wu").incidents.record_delivery(notification.id)
    assert delivered.notifications[0].delivered_by == "wu"
    assert [(e.action, e.actor) for e in delivered.events] == [
        ("recorded", "zhang"),
        ("notice_prepared", "zhang"),
        ("notified", "wu"),
    ]


def test_closing_and_reopening_need_a_reviewer_or_admin(
    office: Workspace, hospital: Hospital
) -> None:
    zhang = as_user(office, "zhang")
    incident = zhang.incidents.add(incident_input(hospital))
    zhang.incidents.notify(incident.id, replace(PHONE, delivered_at=incident.discovered_at))
    refused(
        lambda: zhang.incidents.close(incident.id, "已处置"),
        "zhang 无权执行此操作（需要复核员、管理员角色）",
        "zhang may not do this (it needs the reviewer or administrator role)",
    )
    assert office.incidents.get(incident.id).status == IncidentStatus.NOTIFIED
    closed = as_user(office, "wu").incidents.close(incident.id, "渠道已下架")
    assert closed.status == IncidentStatus.CLOSED and closed.closed_by == "wu"
    refused(
        lambda: as_user(office, "zhang").incidents.reopen(incident.id, "复现"), "复核员", "reviewer"
    )
    assert office.incidents.get(incident.id).status == IncidentStatus.CLOSED
    reopened = as_user(office, "alice").incidents.reopen(incident.id, "复现")
    assert reopened.status == IncidentStatus.OPEN
    assert reopened.events[-1].action == "reopened" and reopened.events[-1].actor == "alice"


def test_the_notice_policy_is_the_admins(office: Workspace) -> None:
    policy = replace(
        default_policy(), escalation_threshold=IncidentSeverity.MEDIUM, issuer="卫健委"
    )
    for name in ("zhang", "wu"):
        refused(
            lambda name=name: as_user(office, name).incidents.set_policy(policy),  # type: ignore[misc]
            f"{name} 无权执行此操作（需要管理员角色）",
            f"{name} may not do this (it needs the administrator role)",
        )
    assert office.incidents.policy() == default_policy()
    saved = as_user(office, "alice").incidents.set_policy(policy)
    assert saved.issuer == "卫健委" and saved.updated_by == "alice"


def test_the_statistics_report_needs_someone_signed_in(
    office: Workspace, hospital: Hospital, tmp_path: Path
) -> None:
    period = current_quarter()
    out = tmp_path / "stats.pdf"
    refused(lambda: write_statistics_report(office, period, out), "请先登录", "sign in first")
    assert not out.exists()
    stats, path = write_statistics_report(as_user(office, "zhang"), period, out)
    assert path == out and out.read_bytes().startswith(b"%PDF") and stats.incidents.total == 0
