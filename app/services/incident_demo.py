"""Demo records for the regulator's views: a channel sweep of the demo app and incidents
with notices at every stage (closed, late, overdue, not yet due), so the incidents view
and the statistics report have content.

Only the demo hospital is used (its one case stays the only case, as the rest of the
demo expects). Everything is dated inside the current quarter, up to now, which the
statistics dialog shows by default. Called once, when the demo is first seeded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.apk.consistency import compare
from app.db.rows import IncidentPolicyRow
from app.domain.enums import (
    IncidentCategory,
    IncidentSeverity,
    NoticeChannel,
)
from app.domain.models import Application, Contact, NoticePolicy, Organisation
from app.services.incidents import DEFAULT_NOTICE_HOURS, IncidentInput, NoticeRequest
from app.services.statistics import current_quarter
from app.services.workspace import Workspace

DEMO_NOTE = "演示数据 / demo data"
REGULATOR = "示例市卫生健康委员会"
# The demo app registers OFFICIAL_CERT (app/services/demo.py); OTHER_CERT is a counterfeit's.
OFFICIAL_CERT = "3f" * 32
OTHER_CERT = "9c" * 32


def seed_incident_demo(
    workspace: Workspace, organisation: Organisation, application: Application
) -> None:
    """Add the demo's sweep results and incidents (first seeding only)."""
    now = datetime.now(UTC)
    today = date.today()
    span = max((today - current_quarter(today).start).days, 0)
    _channel_sweep(workspace, application)
    _incidents(workspace, organisation, application, now, span)


def _channel_sweep(workspace: Workspace, app: Application) -> None:
    """Results of a sweep of the app's channels: official, outdated and counterfeit builds.

    The consistency verdicts are worked out against the app's registration, as a real
    analysis would be, so they claim a certificate match only where one is registered.
    """
    builds = (
        ("official-1.2.0.apk", 120, OFFICIAL_CERT, True),
        ("huawei-1.1.8.apk", 118, OFFICIAL_CERT, True),
        ("third-party-1.2.0.apk", 120, OTHER_CERT, False),
        ("forum-mod-1.1.9.apk", 119, OTHER_CERT, False),
    )
    for index, (file_name, version, cert, packed) in enumerate(builds):
        sha = f"{index + 1:02x}" * 32
        consistency = compare(
            [cert],
            True,
            version,
            app.official_cert_sha256,
            app.official_version_code,
            package=app.package,
            official_package=app.package,
        )
        consistency["verdict_zh"] = f"{DEMO_NOTE}：{consistency['verdict_zh']}"
        consistency["verdict_en"] = f"{DEMO_NOTE}: {consistency['verdict_en']}"
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
                "consistency": consistency,
                "demo": True,
            },
        )


def _incidents(
    workspace: Workspace, org: Organisation, app: Application, now: datetime, span_days: int
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
            )
        )
    back = timedelta(days=max(span_days, 3))
    specs = (
        # (title, category, severity, discovered before now, notice after discovery, text)
        (
            "应用宝渠道发现仿冒“云上医院”安装包",
            IncidentCategory.COUNTERFEIT_APP,
            IncidentSeverity.HIGH,
            back * 0.8,
            timedelta(hours=2),
            "渠道巡检发现签名证书与备案官方证书不一致的安装包（versionCode 120），"
            "疑似二次打包并植入广告 SDK。",
        ),
        (
            "互联网医院问诊记录疑似泄露",
            IncidentCategory.DATA_LEAK,
            IncidentSeverity.CRITICAL,
            back * 0.5,
            timedelta(hours=3),
            "网上出现含患者姓名、手机号和问诊摘要的数据样本，疑似来自该院互联网医院平台。",
        ),
        (
            "管理后台存在未授权访问接口",
            IncidentCategory.UNAUTHORISED_ACCESS,
            IncidentSeverity.MEDIUM,
            timedelta(days=2),
            None,
            "复测发现 /admin/api/export 接口无需登录即可导出预约记录。",
        ),
        (
            "第三方 SDK 超范围收集设备标识",
            IncidentCategory.ILLEGAL_COLLECTION,
            IncidentSeverity.MEDIUM,
            back * 0.3,
            timedelta(hours=6),
            "APK 分析发现推送 SDK 在用户同意隐私政策前读取 Android ID。",
        ),
        (
            "预约挂号服务中断",
            IncidentCategory.OUTAGE,
            IncidentSeverity.LOW,
            timedelta(hours=1),
            None,
            "机房供电故障导致预约挂号服务中断约 40 分钟。",
        ),
    )
    for title, category, severity, ago, notice_after, description in specs:
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
        )
        if notice_after is None:
            continue
        workspace.incidents.notify(
            incident.id,
            NoticeRequest(channel=NoticeChannel.PHONE, delivered_at=discovered + notice_after),
        )
        if category == IncidentCategory.COUNTERFEIT_APP:
            workspace.incidents.close(
                incident.id, "相关渠道已下架仿冒安装包，医院已发布正版下载提示。"
            )
