"""Demo records for the regulator's views: concluded assessments, a channel sweep,
rectifications and incidents with notices, so the statistics report has content.

Everything is dated inside the current quarter (up to now), which the statistics
dialog shows by default. Called once, when the demo is first seeded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.db.rows import IncidentPolicyRow, RectificationRow
from app.domain.enums import (
    CaseStatus,
    CaseType,
    IncidentCategory,
    IncidentSeverity,
    NoticeChannel,
    Platform,
    Result,
)
from app.domain.models import Application, Contact, NoticePolicy, Organisation
from app.services.applications import ApplicationInput
from app.services.cases import NewCase
from app.services.incidents import DEFAULT_NOTICE_HOURS, IncidentInput, NoticeRequest
from app.services.statistics import current_quarter
from app.services.workspace import Workspace

DEMO_NOTE = "演示数据 / demo data"
REGULATOR = "示例市卫生健康委员会"
OFFICIAL_CERT = "3f" * 32
OTHER_CERT = "9c" * 32

# (credit code, name, level, app name, package, contacts)
_HOSPITALS = (
    (
        "123301004700123468",
        "示例市中医院（互联网医院）",
        "三级甲等",
        "掌上中医",
        "cn.example.tcm.mobile",
        (Contact("陈静", "网络安全负责人", "0571-00000010", "sec@tcm.example.cn"),),
    ),
    (
        "12330100470012347B",
        "示例县人民医院（互联网医院）",
        "二级甲等",
        "县医院云诊室",
        "cn.example.county.clinic",
        (Contact("刘洋", "信息中心主任", "0571-00000020", "it@county.example.cn"),),
    ),
)

# (days back within the quarter as a fraction, result pattern, case type)
_CASES = (
    (0.9, "good", CaseType.PERIODIC),
    (0.7, "fair", CaseType.SPOT_CHECK),
    (0.5, "poor", CaseType.INITIAL),
    (0.3, "good", CaseType.READMISSION),
    (0.15, "fair", CaseType.PERIODIC),
)


def seed_regulator_demo(
    workspace: Workspace, organisation: Organisation, application: Application
) -> None:
    """Add the demo's history around the demo hospital (first seeding only)."""
    now = datetime.now(UTC)
    today = date.today()
    quarter = current_quarter(today)
    span = max((today - quarter.start).days, 0)
    hospitals = [(organisation, application), *(_hospital(workspace, h) for h in _HOSPITALS)]
    for index, (fraction, pattern, case_type) in enumerate(_CASES):
        org, app = hospitals[index % len(hospitals)]
        day = today - timedelta(days=round(span * fraction))
        _concluded_case(workspace, org, app, day, pattern, case_type)
    _channel_sweep(workspace, hospitals[1][1], now)
    _incidents(workspace, hospitals, now, span)


def _hospital(workspace: Workspace, spec: tuple[Any, ...]) -> tuple[Organisation, Application]:
    code, name, level, app_name, package, contacts = spec
    org = workspace.organisations.add(name, code, level=level, contacts=contacts)
    app = workspace.applications.add(
        ApplicationInput(
            organisation_id=org.id,
            name=app_name,
            package=package,
            platform=Platform.ANDROID,
            official_cert_sha256=(OFFICIAL_CERT,),
            official_version_code=300,
            official_version_name="3.0.0",
            channels=("华为应用市场", "应用宝", "医院官网"),
        )
    )
    return org, app


def _concluded_case(
    workspace: Workspace,
    org: Organisation,
    app: Application,
    day: date,
    pattern: str,
    case_type: CaseType,
) -> None:
    case = workspace.cases.create(
        NewCase(
            organisation_id=org.id,
            application_id=app.id,
            case_type=case_type,
            assessor="张检查",
            reviewer="赵复核",
            site=f"{org.name} 信息中心",
            assessment_date=day,
        )
    )
    pack = workspace.assessment.pack(case.id)
    answers = {}
    for position, item in enumerate(pack.items):
        answers[item.id] = {
            "result": _result(pattern, position, item.veto, day.day).value,
            "note": DEMO_NOTE,
        }
    workspace.assessment.import_answers(case.id, answers)
    workspace.cases.set_status(case.id, CaseStatus.SUBMITTED)
    concluded = workspace.cases.set_status(case.id, CaseStatus.APPROVED)
    if concluded.grade is not None and concluded.grade.value == "B":
        _rectifications(workspace, case.id, day)


def _result(pattern: str, position: int, veto: bool, salt: int) -> Result:
    """Answers that land on grade A ("good"), B ("fair") or C ("poor"); ``salt`` varies them."""
    slot = (position * 7 + salt) % 10
    cut = salt % 3
    if pattern == "good":
        return Result.PARTIAL if slot < cut and not veto else Result.PASS
    if pattern == "fair":
        if veto:
            return Result.PARTIAL if slot < 3 else Result.PASS
        return Result.FAIL if slot < 1 + cut else Result.PARTIAL if slot < 3 + cut else Result.PASS
    return Result.FAIL if slot < 4 + cut else Result.PARTIAL if slot < 7 else Result.PASS


def _rectifications(workspace: Workspace, case_id: int, day: date) -> None:
    """Grade B: three findings to fix within 30 days; one already late, one verified."""
    today = date.today()
    rows = [
        ("high", "IH-AUTH-03", "管理后台未启用双因素认证", today - timedelta(days=5), "open", None),
        (
            "medium",
            "IH-STO-13",
            "本地数据库明文保存问诊记录",
            day + timedelta(days=30),
            "open",
            None,
        ),
        (
            "medium",
            "IH-TRN-12",
            "部分接口仍允许 HTTP 明文传输",
            day + timedelta(days=30),
            "verified",
            datetime.now(UTC),
        ),
    ]
    with workspace.session() as session:
        for severity, item_id, title, due, status, closed_at in rows:
            session.add(
                RectificationRow(
                    case_id=case_id,
                    item_id=item_id,
                    severity=severity,
                    title=title,
                    due_date=due,
                    status=status,
                    closed_at=closed_at,
                )
            )


def _channel_sweep(workspace: Workspace, app: Application, now: datetime) -> None:
    """Results of a sweep of the app's channels: official, outdated and counterfeit builds."""
    builds = (
        ("official-3.0.0.apk", 300, OFFICIAL_CERT, "match", "current", True),
        ("huawei-2.8.1.apk", 281, OFFICIAL_CERT, "match", "outdated", True),
        ("third-party-3.0.0.apk", 300, OTHER_CERT, "mismatch", "current", False),
        ("forum-mod-2.9.apk", 290, OTHER_CERT, "mismatch", "outdated", False),
    )
    for index, (file_name, version, cert, cert_state, version_state, packed) in enumerate(builds):
        sha = f"{index + 1:02x}" * 32
        workspace.cases.record_apk_analysis(
            None,
            {
                "file": {"name": file_name, "size": 24_000_000, "sha256": sha},
                "package": app.package,
                "version_code": version,
                "analyzer_version": "demo",
                "signing": {"certificates": [{"sha256": cert}]},
                "packers": (
                    [{"id": "jiagu360", "name": "360 Jiagu", "confidence": "confirmed"}]
                    if packed
                    else []
                ),
                "checks": {"obfuscation": {"result": not packed, "evidence": []}},
                "completeness": {"packed": packed, "code_analysis": "packed" if packed else "ok"},
                "consistency": {
                    "package": "match",
                    "cert": cert_state,
                    "tampered": False,
                    "version": version_state,
                    "verdict_zh": DEMO_NOTE,
                    "verdict_en": DEMO_NOTE,
                },
                "demo": True,
            },
        )


def _incidents(
    workspace: Workspace,
    hospitals: list[tuple[Organisation, Application]],
    now: datetime,
    span_days: int,
) -> None:
    with workspace.session() as session:
        has_policy = session.get(IncidentPolicyRow, 1) is not None
    if not has_policy:
        workspace.incidents.set_policy(
            NoticePolicy(
                dict(DEFAULT_NOTICE_HOURS),
                IncidentSeverity.HIGH,
                Contact("省卫生健康委员会网络安全和信息化处", "值班室", "0571-00000099"),
                issuer=REGULATOR,
            ),
            by="系统管理员",
        )
    back = timedelta(days=max(span_days, 3))
    specs = (
        # (hospital, title, category, severity, discovered before now, notice after discovery)
        (
            1,
            "应用宝渠道发现仿冒“掌上中医”安装包",
            IncidentCategory.COUNTERFEIT_APP,
            IncidentSeverity.HIGH,
            back * 0.8,
            timedelta(hours=2),
            "渠道巡检发现签名证书与备案官方证书不一致的安装包（versionCode 300），"
            "疑似二次打包并植入广告 SDK。",
        ),
        (
            0,
            "互联网医院问诊记录疑似泄露",
            IncidentCategory.DATA_LEAK,
            IncidentSeverity.CRITICAL,
            back * 0.5,
            timedelta(hours=3),
            "网上出现含患者姓名、手机号和问诊摘要的数据样本，疑似来自该院互联网医院平台。",
        ),
        (
            2,
            "管理后台存在未授权访问接口",
            IncidentCategory.UNAUTHORISED_ACCESS,
            IncidentSeverity.MEDIUM,
            timedelta(days=2),
            None,
            "复测发现 /admin/api/export 接口无需登录即可导出预约记录。",
        ),
        (
            1,
            "第三方 SDK 超范围收集设备标识",
            IncidentCategory.ILLEGAL_COLLECTION,
            IncidentSeverity.MEDIUM,
            back * 0.3,
            timedelta(hours=6),
            "APK 分析发现推送 SDK 在用户同意隐私政策前读取 Android ID。",
        ),
        (
            0,
            "预约挂号服务中断",
            IncidentCategory.OUTAGE,
            IncidentSeverity.LOW,
            timedelta(hours=1),
            None,
            "机房供电故障导致预约挂号服务中断约 40 分钟。",
        ),
    )
    for hospital, title, category, severity, ago, notice_after, description in specs:
        org, app = hospitals[hospital]
        discovered = now - ago
        incident = workspace.incidents.add(
            IncidentInput(
                organisation_id=org.id,
                title=title,
                category=category,
                severity=severity,
                discovered_at=discovered,
                occurred_at=discovered - timedelta(hours=5),
                description=description,
                application_id=app.id,
            ),
            by="张检查",
        )
        if notice_after is None:
            continue
        workspace.incidents.notify(
            incident.id,
            NoticeRequest(channel=NoticeChannel.PHONE, delivered_at=discovered + notice_after),
            by="张检查",
        )
        if category == IncidentCategory.COUNTERFEIT_APP:
            workspace.incidents.close(
                incident.id, "相关渠道已下架仿冒安装包，医院已发布正版下载提示。", by="赵复核"
            )
