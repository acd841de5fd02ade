"""A small demo organisation, application and case, for first runs and screenshots."""

from __future__ import annotations

from datetime import date

from app.domain.enums import CaseType, Platform, Result
from app.domain.models import Case, Contact
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.incident_demo import seed_regulator_demo
from app.services.workspace import Workspace

DEMO_CREDIT_CODE = "123301004700123455"
DEMO_PACKAGE = "cn.example.hospital.cloud"


def seed_demo(workspace: Workspace) -> tuple[Case, bool]:
    """Create the demo records unless they exist; return (demo case, created now)."""
    for org in workspace.organisations.list():
        if org.credit_code == DEMO_CREDIT_CODE:
            cases = workspace.cases.list()
            demo = [c for c in cases if c.organisation_id == org.id]
            if demo:
                return demo[-1], False
            break
    else:
        org = workspace.organisations.add(
            "示例市第一人民医院（互联网医院）",
            DEMO_CREDIT_CODE,
            level="三级甲等",
            address="浙江省示例市健康路 1 号",
            contacts=(
                Contact("王敏", "信息科科长", "0571-00000000", "it@hospital.example.cn"),
                Contact("李强", "数据安全负责人", "0571-00000001", "dpo@hospital.example.cn"),
            ),
        )
    apps = workspace.applications.list(org.id)
    app = (
        apps[0]
        if apps
        else workspace.applications.add(
            ApplicationInput(
                organisation_id=org.id,
                name="云上医院",
                package=DEMO_PACKAGE,
                platform=Platform.ANDROID,
                official_version_code=120,
                official_version_name="1.2.0",
                channels=("华为应用市场", "小米应用商店", "医院官网"),
                authorization_code="ZJ-IH-2026-0001",
            )
        )
    )
    case = workspace.cases.create(
        NewCase(
            organisation_id=org.id,
            application_id=app.id,
            case_type=CaseType.INITIAL,
            assessor="张检查",
            reviewer="赵复核",
            site="示例市第一人民医院 信息中心",
            assessment_date=date.today(),
        )
    )
    _answer_some_items(workspace, case.id)
    seed_regulator_demo(workspace, org, app)
    return workspace.cases.get(case.id), True


def _answer_some_items(workspace: Workspace, case_id: int) -> None:
    """A half-done assessment, so the demo shows answers, a live score and gaps."""
    pattern = (Result.PASS, Result.PASS, Result.PARTIAL, Result.FAIL)
    for domain in workspace.assessment.pack(case_id).domains:
        for item, result in zip(domain.items, pattern, strict=False):
            workspace.cases.set_answer(case_id, item.id, result, note="演示数据 / demo data")
