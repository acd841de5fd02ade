"""Correcting a case's recorded facts while it is assessed (CaseService.update_info)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.enums import CaseStatus, CaseType, Result
from app.domain.models import Case
from app.errors import ConflictError, NotFoundError, ValidationError
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.workspace import Workspace
from tests.helpers import answer_every_item

CODE_A = "123301004700123455"
CODE_B = "91350100M000100Y43"


@pytest.fixture
def case(workspace: Workspace) -> Case:
    org = workspace.organisations.add("甲医院", CODE_A)
    workspace.applications.add(ApplicationInput(org.id, "甲医院 App", "cn.example.a"))
    workspace.applications.add(ApplicationInput(org.id, "甲医院 小程序", "cn.example.a2"))
    other = workspace.organisations.add("乙医院", CODE_B)
    workspace.applications.add(ApplicationInput(other.id, "乙医院 App", "cn.example.b"))
    first = workspace.applications.list(org.id)[0]
    return workspace.cases.create(
        NewCase(org.id, CaseType.INITIAL, "张三", application_id=first.id, reviewer="李四")
    )


def info(case: Case, **changes: Any) -> dict[str, Any]:
    """The keyword arguments of update_info that keep ``case`` as it is, plus ``changes``."""
    values: dict[str, Any] = {
        "application_id": case.application_id,
        "case_type": case.case_type,
        "assessor": case.assessor,
        "reviewer": case.reviewer,
        "site": case.site,
        "assessment_date": case.assessment_date,
    }
    return {**values, **changes}


def test_every_field_but_the_organisation_can_be_corrected(
    workspace: Workspace, case: Case
) -> None:
    second = next(
        a for a in workspace.applications.list(case.organisation_id) if a.name.endswith("小程序")
    )
    updated = workspace.cases.update_info(
        case.id,
        application_id=second.id,
        case_type=CaseType.SPOT_CHECK,
        assessor=" 王五 ",
        reviewer=" 赵六 ",
        site=" 信息中心 3 楼 ",
        assessment_date=date(2026, 3, 2),
    )
    assert updated.application_id == second.id
    assert updated.application_name == "甲医院 小程序"
    assert updated.case_type == CaseType.SPOT_CHECK
    assert (updated.assessor, updated.reviewer, updated.site) == ("王五", "赵六", "信息中心 3 楼")
    assert updated.assessment_date == date(2026, 3, 2)
    assert updated.organisation_id == case.organisation_id
    assert workspace.cases.get(case.id) == updated


def test_the_application_can_be_removed(workspace: Workspace, case: Case) -> None:
    updated = workspace.cases.update_info(case.id, **info(case, application_id=None))
    assert updated.application_id is None and updated.application_name == ""


def test_the_same_validation_as_creation(workspace: Workspace, case: Case) -> None:
    with pytest.raises(ValidationError, match="复核人不能与评估人"):
        workspace.cases.update_info(case.id, **info(case, reviewer=" 张三 "))
    with pytest.raises(ValidationError, match="评估人员不能为空"):
        workspace.cases.update_info(case.id, **info(case, assessor="  "))
    foreign = next(a for a in workspace.applications.list() if a.package == "cn.example.b")
    with pytest.raises(ValidationError, match="不属于所选机构"):
        workspace.cases.update_info(case.id, **info(case, application_id=foreign.id))
    with pytest.raises(NotFoundError):
        workspace.cases.update_info(case.id, **info(case, application_id=9999))
    with pytest.raises(NotFoundError):
        workspace.cases.update_info(9999, **info(case))
    assert workspace.cases.get(case.id) == case  # nothing of a refused change was kept


def test_in_progress_cases_stay_editable(workspace: Workspace, case: Case) -> None:
    item = workspace.assessment.pack(case.id).items[0]
    workspace.cases.set_answer(case.id, item.id, Result.PASS)
    assert workspace.cases.get(case.id).status == CaseStatus.IN_PROGRESS
    updated = workspace.cases.update_info(case.id, **info(case, site="机房"))
    assert updated.site == "机房" and updated.status == CaseStatus.IN_PROGRESS


def test_refused_after_submission(workspace: Workspace, case: Case) -> None:
    answer_every_item(workspace, case.id)
    workspace.cases.set_status(case.id, CaseStatus.SUBMITTED)
    with pytest.raises(ConflictError):
        workspace.cases.update_info(case.id, **info(case, site="机房"))
    assert workspace.cases.get(case.id).site == case.site
