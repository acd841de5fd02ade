"""Building registry situations: a registered app, cases approved with a chosen grade."""

from __future__ import annotations

from datetime import date

from app.domain.enums import CaseStatus, CaseType, Grade, Result
from app.domain.models import Application, Case, Organisation
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.workspace import Workspace

PASSPHRASE = "regulator-secret-1"
OFFICIAL_CERT = "ab" * 32


def register_app(
    workspace: Workspace, package: str = "cn.example.registry"
) -> tuple[Organisation, Application]:
    existing = [o for o in workspace.organisations.list() if o.credit_code == "123301004700123455"]
    organisation = (
        existing[0]
        if existing
        else workspace.organisations.add("登记测试医院", "123301004700123455")
    )
    application = workspace.applications.add(
        ApplicationInput(
            organisation_id=organisation.id,
            name="登记测试应用",
            package=package,
            official_cert_sha256=(OFFICIAL_CERT,),
            official_version_code=120,
        )
    )
    return organisation, application


def graded_answers(workspace: Workspace, case_id: int, grade: Grade) -> dict[str, str]:
    """Answers that give ``grade``: A all pass; B a veto item partial and two items
    failed; C everything failed."""
    pack = workspace.assessment.pack(case_id)
    if grade == Grade.C:
        return {item.id: Result.FAIL.value for item in pack.items}
    answers = {item.id: Result.PASS.value for item in pack.items}
    if grade == Grade.B:
        veto = next(item for item in pack.items if item.veto)
        answers[veto.id] = Result.PARTIAL.value
        others = [item for item in pack.items if not item.veto][:2]
        for item in others:
            answers[item.id] = Result.FAIL.value
    return answers


def approved_case(
    workspace: Workspace,
    application: Application,
    grade: Grade,
    case_type: CaseType = CaseType.INITIAL,
    *,
    assessment_date: date | None = None,
    apk_result: dict | None = None,
) -> Case:
    """A case of ``application`` assessed to ``grade``, submitted and approved."""
    case = workspace.cases.create(
        NewCase(
            organisation_id=application.organisation_id,
            application_id=application.id,
            case_type=case_type,
            assessor="张检查",
            reviewer="赵复核",
            assessment_date=assessment_date,
        )
    )
    workspace.assessment.import_answers(case.id, graded_answers(workspace, case.id, grade))
    if apk_result is not None:
        workspace.cases.record_apk_analysis(case.id, apk_result)
    workspace.cases.set_status(case.id, CaseStatus.SUBMITTED)
    approved = workspace.cases.set_status(case.id, CaseStatus.APPROVED)
    assert approved.grade == grade, approved
    return approved
