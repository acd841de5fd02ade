"""Application status life-cycle: legal moves with reasons and history, illegal ones refused."""

from __future__ import annotations

import pytest

from app.domain.enums import AppStatus, CaseType, Grade
from app.domain.models import Application, Organisation
from app.errors import ConflictError, NotFoundError, ValidationError
from app.services.applications import ApplicationInput
from app.services.workspace import Workspace
from tests.registry.support import approved_case

Registered = tuple[Organisation, Application]


def test_status_changes_are_kept_with_reason_actor_and_time(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    workspace.registry.set_status(app.id, AppStatus.ACTIVE, "线下审核通过，准予接入")
    workspace.registry.set_status(app.id, AppStatus.SUSPENDED, "渠道发现仿冒版本，暂停接入待查")
    history = workspace.registry.history(app.id)
    assert [(h.from_status, h.to_status) for h in history] == [
        (AppStatus.REGISTERED, AppStatus.ACTIVE),
        (AppStatus.ACTIVE, AppStatus.SUSPENDED),
    ]
    assert history[1].reason == "渠道发现仿冒版本，暂停接入待查"
    # Single-user mode: the OS user, never a name the caller supplies.
    assert workspace.actor.single_user
    assert history[1].actor == workspace.actor.username and history[1].at >= history[0].at
    assert workspace.applications.get(app.id).status == AppStatus.SUSPENDED


def test_illegal_transitions_are_refused_in_both_languages(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    with pytest.raises(ConflictError) as refused:
        workspace.registry.set_status(app.id, AppStatus.SUSPENDED, "试图暂停未接入应用")
    assert "不能从「已登记」变为「已暂停」" in refused.value.message("zh")
    assert "cannot go from registered to suspended" in refused.value.message("en")
    assert "allowed: active, removed" in refused.value.message("en")
    with pytest.raises(ConflictError):  # no change to the same status either
        workspace.registry.set_status(app.id, AppStatus.REGISTERED, "重复登记一次")
    assert workspace.registry.history(app.id) == []


@pytest.mark.parametrize("reason", ["", "   ", "ok", "\n\t"])
def test_a_change_without_a_real_reason_is_refused(
    workspace: Workspace, registered: Registered, reason: str
) -> None:
    _org, app = registered
    with pytest.raises(ValidationError) as refused:
        workspace.registry.set_status(app.id, AppStatus.ACTIVE, reason)
    assert "reason" in refused.value.message("en")
    assert workspace.applications.get(app.id).status == AppStatus.REGISTERED


def test_odd_input_is_refused_or_kept_verbatim(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    with pytest.raises(ValidationError):  # NUL characters never reach the database
        workspace.registry.set_status(app.id, AppStatus.ACTIVE, "准予\x00接入测试")
    with pytest.raises(NotFoundError):
        workspace.registry.set_status(9999, AppStatus.ACTIVE, "准予接入测试")
    odd = "原因：<b>'引号'</b> ; DROP TABLE applications; -- \u202e"
    workspace.registry.set_status(app.id, AppStatus.ACTIVE, odd)
    assert workspace.registry.history(app.id)[0].reason == odd.strip()


def test_removed_comes_back_only_through_a_passing_readmission_case(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    approved_case(workspace, app, Grade.C)
    assert workspace.applications.get(app.id).status == AppStatus.REMOVED
    with pytest.raises(ConflictError) as refused:
        workspace.registry.set_status(app.id, AppStatus.ACTIVE, "医院已完成加固")
    assert "re-admission case" in refused.value.message("en")

    failing = approved_case(workspace, app, Grade.C, CaseType.READMISSION)
    assert workspace.applications.get(app.id).status == AppStatus.REMOVED
    with pytest.raises(ConflictError) as refused:
        workspace.registry.set_status(
            app.id, AppStatus.ACTIVE, "医院已完成加固", case_id=failing.id
        )
    assert "grade is C" in refused.value.message("en")

    periodic = approved_case(workspace, app, Grade.A, CaseType.PERIODIC)
    assert workspace.applications.get(app.id).status == AppStatus.REMOVED
    with pytest.raises(ConflictError) as refused:
        workspace.registry.set_status(
            app.id, AppStatus.ACTIVE, "医院已完成加固", case_id=periodic.id
        )
    assert "not a re-admission" in refused.value.message("en")

    passing = approved_case(workspace, app, Grade.A, CaseType.READMISSION)
    assert workspace.applications.get(app.id).status == AppStatus.ACTIVE
    last = workspace.registry.history(app.id)[-1]
    assert (last.from_status, last.to_status, last.case_id) == (
        AppStatus.REMOVED,
        AppStatus.ACTIVE,
        passing.id,
    )


def test_a_case_of_another_application_cannot_readmit(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    approved_case(workspace, app, Grade.C)
    other = workspace.applications.add(
        ApplicationInput(
            organisation_id=app.organisation_id, name="另一应用", package="cn.other.app"
        )
    )
    foreign = approved_case(workspace, other, Grade.A, CaseType.READMISSION)
    with pytest.raises(ValidationError) as refused:
        workspace.registry.set_status(
            app.id, AppStatus.ACTIVE, "医院已完成加固", case_id=foreign.id
        )
    assert "is not an assessment of application" in refused.value.message("en")


def test_the_edit_form_cannot_change_the_status_behind_the_life_cycle(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    data = ApplicationInput(
        organisation_id=app.organisation_id,
        name=app.name,
        package=app.package,
        status=AppStatus.ACTIVE,
    )
    with pytest.raises(ConflictError) as refused:
        workspace.applications.update(app.id, data)
    assert "ihsa app status" in refused.value.message("en")
    renamed = ApplicationInput(
        organisation_id=app.organisation_id, name="改名后的应用", package=app.package
    )
    assert workspace.applications.update(app.id, renamed).name == "改名后的应用"
