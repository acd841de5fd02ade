"""A small demo organisation, application and case, for first runs and screenshots."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from app.domain.enums import AppStatus, CaseStatus, CaseType, Platform, Result
from app.domain.models import Application, Case, Contact
from app.errors import KnownError
from app.registry import regulator_key
from app.security import keystore
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.incident_demo import OFFICIAL_CERT as DEMO_OFFICIAL_CERT
from app.services.incident_demo import seed_incident_demo
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
                official_cert_sha256=(DEMO_OFFICIAL_CERT,),
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
    _registry_history(workspace, app)
    seed_incident_demo(workspace, org, app)
    return workspace.cases.get(case.id), True


def _answer_some_items(workspace: Workspace, case_id: int) -> None:
    """A half-done assessment, so the demo shows answers, a live score and gaps."""
    pattern = (Result.PASS, Result.PASS, Result.PARTIAL, Result.FAIL)
    for domain in workspace.assessment.pack(case_id).domains:
        for item, result in zip(domain.items, pattern, strict=False):
            workspace.cases.set_answer(case_id, item.id, result, note="演示数据 / demo data")


def _registry_history(workspace: Workspace, app: Application) -> None:
    """What a regulator sees on the demo app: admission, a suspension lifted, a code."""
    if workspace.registry.history(app.id):
        return
    registry = workspace.registry
    registry.set_status(app.id, AppStatus.ACTIVE, "备案材料审核通过，准予接入风控平台")
    registry.set_status(app.id, AppStatus.SUSPENDED, "渠道巡检发现非官方签名安装包，暂停接入待核实")
    registry.set_status(app.id, AppStatus.ACTIVE, "核实为第三方渠道旧包，已下架；恢复接入")
    _demo_code(workspace, app)


def seed_regulator_demo(workspace: Workspace) -> Case:
    """The demo plus an approved grade-B assessment of its app from 40 days ago, whose
    rectifications are partly done; returns that case (created once)."""
    case, _created = seed_demo(workspace)
    app_id = case.application_id
    assert app_id is not None
    for earlier in workspace.cases.list():
        if earlier.application_id == app_id and earlier.status == CaseStatus.APPROVED:
            return earlier
    earlier = workspace.cases.create(
        NewCase(
            organisation_id=case.organisation_id,
            application_id=app_id,
            case_type=CaseType.PERIODIC,
            assessor="张检查",
            reviewer="赵复核",
            site="示例市第一人民医院 信息中心",
            assessment_date=date.today() - timedelta(days=40),
        )
    )
    # Mostly passing, two items failed and a veto item only partly met: grade B.
    items = workspace.assessment.pack(earlier.id).items
    answers = {item.id: Result.PASS.value for item in items}
    answers[next(item.id for item in items if item.veto)] = Result.PARTIAL.value
    for item in [item for item in items if not item.veto][1:3]:
        answers[item.id] = Result.FAIL.value
    workspace.assessment.import_answers(earlier.id, answers)
    workspace.cases.set_status(earlier.id, CaseStatus.SUBMITTED)
    approved = workspace.cases.set_status(earlier.id, CaseStatus.APPROVED)
    steps = workspace.rectifications.list()
    workspace.rectifications.fix(
        steps[0].id, "医院王敏报告：已修改配置并提交截图", evidence_ref="整改报告第 3 页"
    )
    workspace.rectifications.verify(steps[0].id, "现场复查确认")
    workspace.rectifications.fix(steps[1].id, "医院李强报告：已完成整改，待监管复核")
    return approved


def _demo_code(workspace: Workspace, app: Application) -> None:
    """Issue a code with this workstation's key; a new key only where a keyring keeps it.

    Without a keyring the passphrase of a new key could not be remembered, so the demo
    shows no code rather than leave a key nobody can unlock.
    """
    try:
        if not regulator_key.exists(workspace.data_dir):
            if not keystore.keyring_available():
                return
            workspace.registry.create_key("示例省卫生健康委员会（演示）", secrets.token_urlsafe(24))
        key = regulator_key.unlock(workspace.data_dir)
    except KnownError:
        return  # a real key whose passphrase is not in the keyring: no demo code
    workspace.registry.issue_code(app.id, key)
