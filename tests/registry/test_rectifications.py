"""Rectifications: fix, verify, reopen, waive; open and overdue lists (single-user mode;
the roles and the four-eyes rule with accounts are in test_roles.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.enums import Grade
from app.domain.models import Application, Organisation, Rectification
from app.errors import ConflictError, NotFoundError, ValidationError
from app.services.applications import ApplicationInput
from app.services.rectifications import RectificationQuery
from app.services.workspace import Workspace
from tests.registry.support import approved_case

Registered = tuple[Organisation, Application]


def _rectifications(workspace: Workspace, app: Application) -> list[Rectification]:
    approved_case(workspace, app, Grade.B)
    found = workspace.rectifications.list(RectificationQuery(application_id=app.id))
    assert len(found) == 3
    return found


def test_fix_then_verify_in_single_user_mode(workspace: Workspace, registered: Registered) -> None:
    """One inspector holds every role: they verify a fix they recorded (the four-eyes
    rule needs accounts; see test_roles.py), and every step carries their name."""
    _org, app = registered
    first = _rectifications(workspace, app)[0]
    fixed = workspace.rectifications.fix(
        first.id, "已启用口令复杂度策略", evidence_ref="证据 #12 配置截图"
    )
    assert (fixed.status, fixed.note, fixed.evidence_ref) == (
        "fixed",
        "已启用口令复杂度策略",
        "证据 #12 配置截图",
    )
    verified = workspace.rectifications.verify(first.id, "现场抽查确认")
    assert verified.status == "verified" and verified.closed_at is not None
    steps = workspace.rectifications.history(first.id)
    me = workspace.actor.username
    assert [(s.action, s.actor) for s in steps] == [("create", me), ("fix", me), ("verify", me)]
    assert steps[1].evidence_ref == "证据 #12 配置截图"


def test_a_fix_that_does_not_hold_is_reopened(workspace: Workspace, registered: Registered) -> None:
    _org, app = registered
    first = _rectifications(workspace, app)[0]
    workspace.rectifications.fix(first.id, "已修改配置")
    reopened = workspace.rectifications.reopen(first.id, "复查发现仍可使用弱口令")
    assert reopened.status == "open" and reopened.closed_at is None
    assert reopened.note == "复查发现仍可使用弱口令"


def test_waiving_needs_a_justification_and_closes(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    first = _rectifications(workspace, app)[0]
    for text in ("", "  ", "ok"):
        with pytest.raises(ValidationError):
            workspace.rectifications.waive(first.id, text)
    waived = workspace.rectifications.waive(first.id, "该功能已下线，不再适用")
    assert waived.status == "waived" and waived.closed_at is not None


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ([], "verify"),
        ([], "reopen"),
        (["fix"], "fix"),
        (["fix", "verify"], "fix"),
        (["fix", "verify"], "waive"),
        (["waive"], "fix"),
        (["waive"], "verify"),
    ],
)
def test_steps_out_of_order_are_refused_in_both_languages(
    workspace: Workspace, registered: Registered, setup: list[str], action: str
) -> None:
    _org, app = registered
    first = _rectifications(workspace, app)[0]
    service = workspace.rectifications
    steps = {
        "fix": lambda: service.fix(first.id, "已整改完毕"),
        "verify": lambda: service.verify(first.id),
        "reopen": lambda: service.reopen(first.id, "复查未通过"),
        "waive": lambda: service.waive(first.id, "不再适用此项"),
    }
    for step in setup:
        steps[step]()
    status = service.get(first.id).status
    with pytest.raises(ConflictError) as refused:
        steps[action]()
    assert f"rectification {first.id}" in refused.value.message("en")
    assert "整改项" in refused.value.message("zh")
    assert service.get(first.id).status == status


def test_bad_input_changes_nothing(workspace: Workspace, registered: Registered) -> None:
    _org, app = registered
    first = _rectifications(workspace, app)[0]
    service = workspace.rectifications
    with pytest.raises(ValidationError):
        service.fix(first.id, "")
    with pytest.raises(ValidationError):
        service.fix(first.id, "已整改完毕", evidence_ref="x" * 301)
    with pytest.raises(NotFoundError):
        service.fix(99999, "已整改完毕")
    with pytest.raises(ValidationError):
        service.list(RectificationQuery(state="late"))
    assert service.get(first.id).status == "open"
    assert [s.action for s in service.history(first.id)] == ["create"]


def test_open_and_overdue_lists_by_case_application_and_organisation(
    workspace: Workspace, registered: Registered
) -> None:
    org, app = registered
    found = _rectifications(workspace, app)
    other = workspace.applications.add(
        ApplicationInput(organisation_id=org.id, name="另一应用", package="cn.other.app")
    )
    approved_case(workspace, other, Grade.B)
    service = workspace.rectifications
    workspace.rectifications.fix(found[0].id, "已整改完毕")
    due = found[0].due_date
    assert due is not None
    later = due + timedelta(days=1)

    def ids(state: str, today: date, **where: int) -> set[int]:
        return {r.id for r in service.list(RectificationQuery(state=state, **where), today)}

    mine = {r.id for r in found}
    assert ids("all", date.today(), application_id=app.id) == mine
    assert ids("open", date.today(), application_id=app.id) == mine - {found[0].id}
    assert ids("overdue", date.today(), application_id=app.id) == set()
    assert ids("overdue", due, application_id=app.id) == set()  # due today is not late
    assert ids("overdue", later, application_id=app.id) == mine - {found[0].id}
    assert ids("fixed", later, application_id=app.id) == {found[0].id}
    assert len(ids("all", later, organisation_id=org.id)) == 6
    assert ids("all", later, case_id=found[0].case_id) == mine
    listed = service.list(RectificationQuery(organisation_id=org.id), later)
    assert all(r.overdue for r in listed[:5]) and not listed[5].overdue  # overdue first
    indicators = workspace.registry.indicators(app.id, later)
    assert (indicators.open_rectifications, indicators.overdue_rectifications) == (2, 2)
