"""ReportData built in memory, so rendering and signing are tested without a database."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.enums import AnswerSource, CaseType, Grade, Result, Severity
from app.domain.models import RulePackRef
from app.report.digest import answers_digest
from app.report.model import (
    ApkFindingEntry,
    ApkSummary,
    CertificateEntry,
    DomainSection,
    EvidenceEntry,
    FindingEntry,
    Handling,
    ItemRow,
    ReportData,
)

if TYPE_CHECKING:
    from app.services.workspace import Workspace

DOMAINS = (
    ("AUTH", "身份鉴别", "Authentication", 15),
    ("ACL", "访问控制", "Authorization", 12),
    ("AUDIT", "安全审计", "Audit", 10),
    ("COLL", "数据采集", "Data collection", 10),
    ("TRANS", "数据传输", "Data transmission", 12),
    ("STORE", "数据存储", "Data storage", 12),
    ("USE", "数据使用", "Data use", 10),
    ("DEST", "数据销毁", "Data destruction", 7),
    ("MOB", "移动客户端", "Mobile client", 12),
)
RESULT_CYCLE = (Result.PASS, Result.PASS, Result.PARTIAL, Result.FAIL, Result.PASS, Result.NA)
SEVERITIES = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)
WEIGHT = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}
METHODS = ("interview", "document", "config", "test")
LONG_NOTE = (
    "现场查阅了《互联网医院信息系统安全管理制度》第三章及运维记录，"
    "管理员账户采用用户名加口令方式登录，口令复杂度策略已配置但未强制定期更换；"
    "抽查 5 个运维账号中有 2 个超过 180 天未修改口令，且未启用双因素认证（USB Key 或短信验证码）。"
    "The vendor stated that MFA will be enabled for the admin console in the next release."
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_report_data(
    *,
    lang: str = "zh",
    items: int = 45,
    findings: int = 12,
    evidence: int = 8,
    case_type: CaseType = CaseType.INITIAL,
    not_assessed: int = 0,
    with_apk: bool = True,
    case_id: int = 42,
) -> ReportData:
    per_domain = [
        items // len(DOMAINS) + (1 if i < items % len(DOMAINS) else 0) for i in range(len(DOMAINS))
    ]
    evidence_entries = tuple(
        EvidenceEntry(
            name=f"现场截图-{n:02d}-管理后台登录页.png" if n % 3 else f"config-export-{n:02d}.json",
            sha256=sha(f"evidence {n}"),
            size=1024 * (n * 37 % 900) + n,
            item_id=f"IH-AUTH-{n % 5 + 1:02d}",
            description="管理后台口令策略配置截图" if n % 2 else "",
        )
        for n in range(1, evidence + 1)
    )
    sections = []
    answers = []
    counter = 0
    for (code, zh, en, weight), count in zip(DOMAINS, per_domain, strict=True):
        rows = []
        got = total = 0.0
        for k in range(1, count + 1):
            counter += 1
            result = RESULT_CYCLE[counter % len(RESULT_CYCLE)]
            if counter <= not_assessed:
                result = Result.NOT_ASSESSED
            severity = SEVERITIES[counter % 3]
            item = ItemRow(
                item_id=f"IH-{code}-{k:02d}",
                title={
                    "zh": f"{zh}检查项 {k}：应对登录用户进行身份标识和鉴别，身份标识具有唯一性，"
                    "鉴别信息具有复杂度要求并定期更换",
                    "en": f"{en} item {k}: users are identified and authenticated; identities "
                    "are unique and credentials meet complexity and rotation requirements",
                },
                methods=(METHODS[counter % 4],),
                severity=severity,
                result=result,
                veto=counter % 17 == 0,
                note=LONG_NOTE
                if counter % 4 == 0
                else ("已核实。" if result == Result.PASS else ""),
                justification="本机构不提供在线处方业务，该项不适用。"
                if result == Result.NA
                else "",
                source=AnswerSource.APK_AUTO if code == "MOB" and k % 2 else AnswerSource.MANUAL,
                evidence=(evidence_entries[counter % len(evidence_entries)].name,)
                if evidence_entries and counter % 5 == 0
                else (),
            )
            rows.append(item)
            if result != Result.NOT_ASSESSED:
                answers.append(item)
            if result != Result.NA:
                total += WEIGHT[severity]
                got += WEIGHT[severity] * {Result.PASS: 1, Result.PARTIAL: 0.5}.get(result, 0)
        fraction = got / total if total else None
        sections.append(
            DomainSection(
                domain_id=code,
                title={"zh": zh, "en": en},
                weight=weight,
                fraction=fraction,
                points=weight * (fraction or 0),
                max_points=weight,
                items=tuple(rows),
            )
        )
    score = round(sum(s.points for s in sections if s.fraction is not None), 1)
    grade = Grade.A if score >= 85 else Grade.B if score >= 60 else Grade.C
    finding_entries = tuple(
        FindingEntry(
            severity=(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)[n % 4],
            title={
                "zh": f"问题 {n}：管理后台未启用双因素认证，存在口令被暴力破解的风险",
                "en": f"Finding {n}: the admin console has no second factor; passwords can be "
                "brute-forced",
            },
            origin="apk" if n % 3 == 0 else "checklist",
            ref=f"APK-NET-{n:03d}" if n % 3 == 0 else f"IH-AUTH-{n % 5 + 1:02d}",
            remediation={
                "zh": "为管理后台启用双因素认证（如 USB Key、动态口令），并强制 90 天内更换口令；"
                "对连续登录失败实施账户锁定策略。",
                "en": "Enable a second factor (USB key or OTP) for the admin console, force "
                "password changes every 90 days and lock accounts after repeated failures.",
            },
            affected_items=(f"IH-AUTH-{n % 5 + 1:02d}", f"IH-ACL-{n % 3 + 1:02d}"),
            evidence=(evidence_entries[n % len(evidence_entries)].name,)
            if evidence_entries
            else (),
            due_date=date(2025, 7, 31),
            veto=n == 1,
        )
        for n in range(1, findings + 1)
    )
    apk = (
        ApkSummary(
            package="com.example.hospital.patient",
            version_name="5.2.1",
            version_code=5021,
            file_name="hospital-patient-5.2.1.apk",
            file_sha256=sha("apk"),
            certificates=(
                CertificateEntry(
                    sha256=sha("cert"),
                    subject="CN=某某互联网医院有限公司, O=某某互联网医院, C=CN",
                    issuer="CN=某某互联网医院有限公司, O=某某互联网医院, C=CN",
                    not_before="2019-03-01",
                    not_after="2049-02-22",
                    signature_algorithm="sha256WithRSAEncryption",
                ),
            ),
            consistency={
                "zh": "签名证书与备案证书一致；版本低于备案的官方版本（5.3.0），属过期版本",
                "en": "signing certificate matches the registered one; version is older than "
                "the registered official release (5.3.0)",
            },
            signature={"zh": "签名校验通过（v1+v2）", "en": "signatures verify (v1+v2)"},
            packers=(("Jiagu", "360"),),
            sdks=(
                ("个推推送 Getui", "每日互动", "push"),
                ("微信开放平台 SDK", "腾讯", "share/login"),
                ("支付宝 SDK", "蚂蚁集团", "payment"),
            ),
            findings=tuple(
                ApkFindingEntry(
                    rule_id=f"APK-NET-{n:03d}",
                    severity=SEVERITIES[n % 3],
                    title={"zh": "允许明文 HTTP 流量", "en": "Cleartext HTTP traffic allowed"},
                    checklist_items=("IH-TRANS-01",),
                )
                for n in range(1, 6)
            ),
        )
        if with_apk
        else None
    )
    pack = RulePackRef("ihsa-default", "2025.1", sha("pack"))
    return ReportData(
        lang=lang,
        case_id=case_id,
        case_type=case_type,
        organisation="某某市第一人民医院互联网医院",
        credit_code="12330100470116614F",
        application="某某健康 App",
        package="com.example.hospital.patient",
        assessor="张三",
        reviewer="李四",
        site="某某市卫生健康委员会信息中心",
        assessment_date=date(2025, 6, 30),
        generated_at=datetime(2025, 7, 1, 2, 30, tzinfo=UTC),
        score=score,
        grade=grade,
        provisional=not_assessed > 0,
        pack=pack,
        digest=answers_digest(
            [_DigestRow(a) for a in answers], [e.sha256 for e in evidence_entries]
        ),
        domains=tuple(sections),
        handling=Handling(
            action={
                "zh": "限期整改：30 日内完成整改并申请复查",
                "en": "Rectify within 30 days and apply for a re-check",
            },
            deadline=date(2025, 7, 31),
            grade_rule={
                "zh": "B：得分 ≥ 60 且无否决项不符合",
                "en": "B: score ≥ 60 and no veto item failed",
            },
        ),
        findings=finding_entries,
        apk=apk,
        evidence=evidence_entries,
    )


class _DigestRow:
    def __init__(self, item: ItemRow) -> None:
        self.item_id = item.item_id
        self.result = item.result
        self.note = item.note
        self.justification = item.justification
        self.source = item.source


APK_RESULT = {
    "package": "cn.example.hospital.cloud",
    "version_code": 118,
    "version_name": "1.1.8",
    "file": {"name": "cloud-hospital-1.1.8.apk", "sha256": sha("apk file")},
    "signing": {
        "v1": False,
        "v2": True,
        "v3": False,
        "v31": False,
        "signed": True,
        "signature_valid": False,
        "verified": {
            "v1": None,
            "v2": False,
            "v3": None,
            "v31": None,
            "schemes_used": ["v2"],
            "problems": ["v2: content digest mismatch (SHA-256)"],
            "notes": [],
        },
        "certificates": [
            {
                "sha256": sha("signing cert"),
                "subject": "CN=Cloud Hospital, O=示例医院, C=CN",
                "issuer": "CN=Cloud Hospital, O=示例医院, C=CN",
                "not_before": "2020-01-01T00:00:00Z",
                "not_after": "2045-01-01T00:00:00Z",
                "signature_algorithm": "sha256WithRSAEncryption",
            }
        ],
    },
    "consistency": {
        "cert": "match",
        "version": "outdated",
        "verdict_zh": "签名证书与备案一致；版本 118 低于备案版本 120（过期版本）",
        "verdict_en": "certificate matches the registration; version 118 is below the "
        "registered 120 (outdated)",
    },
    "packers": [],
    "sdks": [{"name": "个推", "vendor": "每日互动", "category": "push"}],
    "findings": [
        {
            "rule_id": "APK-NET-CLEARTEXT",
            "severity": "high",
            "title": {"zh": "允许明文 HTTP 流量", "en": "Cleartext HTTP traffic allowed"},
            "remediation": {
                "zh": "在 network_security_config 中禁止明文流量",
                "en": "Forbid cleartext traffic in network_security_config",
            },
            "evidence": ["AndroidManifest.xml: usesCleartextTraffic=true"],
            "checklist_items": ["IH-TRANS-01"],
        },
        {
            "rule_id": "APK-TLS-TRUST-ALL",
            "severity": "critical",
            "title": {"zh": "信任所有证书的 TrustManager", "en": "Trust-all TrustManager"},
            "remediation": {
                "zh": "删除自定义 TrustManager",
                "en": "Remove the custom TrustManager",
            },
            "evidence": [f"Lcom/example/net/Trust{i};->checkServerTrusted" for i in range(6)],
            "checklist_items": ["IH-TRANS-02"],
        },
    ],
}


def make_case(
    workspace: Workspace,
    files_dir: Path,
    *,
    answered: int | None = None,
    evidence: int = 3,
    with_apk: bool = True,
    case_type: CaseType = CaseType.INITIAL,
) -> int:
    """A case in a real workspace with answers to the default pack's items."""
    from app.rules import default_pack
    from app.services.applications import ApplicationInput
    from app.services.cases import NewCase

    ws = workspace
    org = ws.organisations.add("示例市第一人民医院（互联网医院）", "123301004700123455")
    app = ws.applications.add(
        ApplicationInput(
            organisation_id=org.id, name="云上医院", package="cn.example.hospital.cloud"
        )
    )
    case = ws.cases.create(
        NewCase(
            organisation_id=org.id,
            application_id=app.id,
            case_type=case_type,
            assessor="张检查",
            reviewer="赵复核",
            site="信息中心",
            assessment_date=date(2025, 6, 30),
        )
    )
    items = default_pack().items
    for index, item in enumerate(items[: len(items) if answered is None else answered]):
        result = RESULT_CYCLE[index % len(RESULT_CYCLE)]
        ws.cases.set_answer(
            case.id,
            item.id,
            result,
            note=LONG_NOTE if index % 7 == 0 else "",
            justification="本机构不提供该业务" if result == Result.NA else "",
        )
    files_dir.mkdir(parents=True, exist_ok=True)
    for n in range(evidence):
        path = files_dir / f"证据-{n:02d}.txt"
        path.write_text(f"evidence {n}\n" * (n + 1), encoding="utf-8")
        ws.evidence.add(case.id, path, item_id=items[n % len(items)].id)
    if with_apk:
        ws.cases.record_apk_analysis(case.id, APK_RESULT)
    return int(case.id)
