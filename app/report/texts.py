"""Fixed wording of the report in both languages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.enums import CaseType, Grade, Result, Severity
from app.i18n import pick

LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "互联网医院安全评估报告", "en": "Internet Hospital Security Assessment Report"},
    "title_self": {
        "zh": "互联网医院安全自评估报告",
        "en": "Internet Hospital Security Self-Assessment Report",
    },
    "product": {"zh": "互联网医院安全评估工作站", "en": "IHSA Workstation"},
    "product_line": {
        "zh": "互联网医院安全评估工作站 · IHSA Workstation",
        "en": "IHSA Workstation · Internet Hospital Security Assessment Workstation",
    },
    "case": {"zh": "案件编号", "en": "Case"},
    "organisation": {"zh": "被评估机构", "en": "Organisation"},
    "credit_code": {"zh": "统一社会信用代码", "en": "Unified social credit code"},
    "application": {"zh": "被评估应用", "en": "Application"},
    "package": {"zh": "包名", "en": "Package"},
    "case_type": {"zh": "评估类型", "en": "Assessment type"},
    "assessment_date": {"zh": "评估日期", "en": "Assessment date"},
    "generated_at": {"zh": "报告生成时间", "en": "Report generated"},
    "assessor": {"zh": "评估人", "en": "Assessor"},
    "reviewer": {"zh": "复核人", "en": "Reviewer"},
    "site": {"zh": "评估地点", "en": "Site"},
    "rule_pack": {"zh": "评估规则包", "en": "Rule pack"},
    "score": {"zh": "综合得分", "en": "Score"},
    "grade": {"zh": "安全等级", "en": "Grade"},
    "provisional": {"zh": "暂定", "en": "PROVISIONAL"},
    "provisional_note": {
        "zh": "尚有 {n} 项未评估，得分按 0 计入，结果为暂定，不作为正式结论。",
        "en": "{n} item(s) not yet assessed count as 0; the result is provisional, "
        "not a final conclusion.",
    },
    "self_watermark": {"zh": "自评估", "en": "SELF-ASSESSMENT"},
    "self_grade": {"zh": "自评结果（非正式等级）", "en": "self-assessed, not official"},
    "self_note": {
        "zh": "本报告为机构自评估结果，不构成监管机构出具的正式安全等级。",
        "en": "This is the organisation's self-assessment; it is not an official grade "
        "issued by the regulator.",
    },
    "confidential": {
        "zh": "本报告含有被评估机构的安全信息，仅限授权人员使用，不得对外公开。",
        "en": "This report contains security information about the assessed organisation; "
        "for authorised persons only, not for publication.",
    },
    "not_applicable_score": {"zh": "无法计算", "en": "not computable"},
    "none": {"zh": "无", "en": "none"},
    "no_applicable": {"zh": "无适用项", "en": "no applicable item"},
    "not_set": {"zh": "未指定", "en": "not set"},
    # sections
    "sec_summary": {"zh": "执行摘要", "en": "Executive summary"},
    "sec_findings": {"zh": "问题与整改要求", "en": "Findings and remediation"},
    "sec_items": {"zh": "检查项明细", "en": "Checklist results by domain"},
    "sec_apk": {"zh": "移动应用（APK）分析摘要", "en": "Mobile app (APK) analysis summary"},
    "sec_evidence": {"zh": "证据索引", "en": "Evidence index"},
    "sec_integrity": {"zh": "规则包与数据完整性", "en": "Rule pack and data integrity"},
    "sec_signatures": {"zh": "签名", "en": "Signatures"},
    # summary
    "summary_counts": {
        "zh": "本次评估共 {total} 个检查项：符合 {pass} 项，部分符合 {partial} 项，"
        "不符合 {fail} 项，不适用 {na} 项，未评估 {not_assessed} 项。",
        "en": "{total} checklist items: {pass} pass, {partial} partial, {fail} fail, "
        "{na} not applicable, {not_assessed} not assessed.",
    },
    "summary_score": {
        "zh": "综合得分 {score} 分（满分 100 分，分值越低风险越高），安全等级 {grade}。",
        "en": "Score {score} out of 100 (lower means riskier); grade {grade}.",
    },
    "summary_findings": {
        "zh": "共发现问题 {n} 项，其中严重/高风险 {high} 项。",
        "en": "{n} finding(s), {high} of them critical or high severity.",
    },
    "grade_rule": {"zh": "定级依据", "en": "Grade rule applied"},
    "handling": {"zh": "处置决定", "en": "Handling decision"},
    "deadline": {"zh": "完成期限", "en": "Deadline"},
    "domain_chart_caption": {
        "zh": "图 1  各评估域得分率（虚线为 60% 与 85% 参考线）",
        "en": "Figure 1  Score by domain (dashed lines at 60% and 85%)",
    },
    "domain": {"zh": "评估域", "en": "Domain"},
    "weight": {"zh": "权重", "en": "Weight"},
    "items_applicable": {"zh": "适用项", "en": "Applicable"},
    "rate": {"zh": "得分率", "en": "Rate"},
    "points": {"zh": "得分", "en": "Points"},
    "counts_short": {"zh": "符合/部分/不符合", "en": "Pass/partial/fail"},
    "total": {"zh": "合计", "en": "Total"},
    # findings
    "no_findings": {"zh": "未发现需整改的问题。", "en": "No findings that require remediation."},
    "origin_checklist": {"zh": "检查项", "en": "Checklist"},
    "origin_apk": {"zh": "APK 分析", "en": "APK analysis"},
    "affected_items": {"zh": "涉及检查项", "en": "Affected items"},
    "evidence_refs": {"zh": "证据", "en": "Evidence"},
    "remediation": {"zh": "整改建议", "en": "Remediation"},
    "observation": {"zh": "评估发现", "en": "Observation"},
    "requirement": {"zh": "核查方法与达标要求", "en": "How it is checked and what passes"},
    "due_date": {"zh": "整改期限", "en": "Due"},
    "veto": {"zh": "否决项", "en": "Veto item"},
    # items
    "col_id": {"zh": "编号", "en": "ID"},
    "col_item": {"zh": "检查项", "en": "Item"},
    "col_method": {"zh": "方法", "en": "Method"},
    "col_result": {"zh": "结果", "en": "Result"},
    "col_note": {"zh": "说明与依据", "en": "Note and justification"},
    "justification": {"zh": "理由", "en": "Justification"},
    "source_auto": {"zh": "APK 自动判定", "en": "set by APK analysis"},
    "source_override": {"zh": "人工改判", "en": "manual override"},
    "domain_heading": {
        "zh": "{title}（权重 {weight}，得分率 {rate}）",
        "en": "{title} (weight {weight}, rate {rate})",
    },
    "no_items": {"zh": "本域没有检查项。", "en": "This domain has no items."},
    # apk
    "apk_none": {
        "zh": "本案件未进行 APK 分析。",
        "en": "No APK analysis was performed for this case.",
    },
    "apk_file": {"zh": "分析文件", "en": "Analysed file"},
    "version": {"zh": "版本", "en": "Version"},
    "consistency": {"zh": "一致性结论", "en": "Consistency verdict"},
    "signature_check": {"zh": "签名校验", "en": "Signature check"},
    "certificates": {"zh": "签名证书", "en": "Signing certificates"},
    "cert_subject": {"zh": "主体", "en": "Subject"},
    "cert_issuer": {"zh": "颁发者", "en": "Issuer"},
    "cert_validity": {"zh": "有效期", "en": "Validity"},
    "cert_algorithm": {"zh": "签名算法", "en": "Algorithm"},
    "packers": {"zh": "加固/保护", "en": "Packers / protectors"},
    "packers_none": {
        "zh": "未检测到加固（代码层检查结果完整）",
        "en": "none detected (code-level checks are complete)",
    },
    "sdks": {"zh": "第三方 SDK", "en": "Third-party SDKs"},
    "sdk_name": {"zh": "名称", "en": "Name"},
    "sdk_vendor": {"zh": "厂商", "en": "Vendor"},
    "sdk_category": {"zh": "类别", "en": "Category"},
    "apk_findings": {"zh": "分析发现", "en": "Analyzer findings"},
    "rule_id": {"zh": "规则", "en": "Rule"},
    "severity": {"zh": "级别", "en": "Severity"},
    "col_title": {"zh": "标题", "en": "Title"},
    # evidence
    "evidence_none": {"zh": "本案件没有证据文件。", "en": "This case has no evidence files."},
    "ev_name": {"zh": "文件名", "en": "File"},
    "digest_short": {"zh": "SHA-256", "en": "SHA-256"},
    "ev_size": {"zh": "大小", "en": "Size"},
    "ev_item": {"zh": "检查项", "en": "Item"},
    # integrity
    "pack_id": {"zh": "规则包标识", "en": "Pack id"},
    "pack_version": {"zh": "版本", "en": "Version"},
    "pack_hash": {"zh": "内容哈希（SHA-256）", "en": "Content hash (SHA-256)"},
    "digest": {"zh": "答案与证据摘要（SHA-256）", "en": "Answer and evidence digest (SHA-256)"},
    "digest_explain": {
        "zh": "摘要按固定格式（ihsa-digest-1）对全部检查项答案（编号、结果、说明、理由、来源）"
        "及全部证据文件的 SHA-256 计算。使用 ihsa verify 核验本报告时，将根据数据库重新计算并比对；"
        "不一致即表示报告生成后案件记录已被修改。",
        "en": "The digest is computed in a fixed format (ihsa-digest-1) over every answer "
        "(item id, result, note, justification, source) and the SHA-256 of every evidence "
        "file. “ihsa verify” recomputes it from the database; a mismatch means the case "
        "record changed after this report was produced.",
    },
    "generator": {"zh": "生成软件", "en": "Generated by"},
    # signatures
    "sign_intro": {
        "zh": "本报告以 PAdES 数字签名方式签署。评估人的签名为认证签名：其后只允许追加签名，"
        "对文件的任何其他修改都会使签名失效；可使用 ihsa verify 或任何支持 PDF 数字签名的"
        "阅读器（如 poppler 的 pdfsig）核验。复核人可在不影响前一签名的情况下追加签名。",
        "en": "This report is signed with PAdES digital signatures. The assessor's signature "
        "certifies it: afterwards only signatures may be added, and any other change to the "
        "file invalidates the signature; verify it with “ihsa verify” or any reader that "
        "checks PDF signatures (e.g. poppler's pdfsig). A reviewer can add a second "
        "signature without invalidating the first.",
    },
    "slot_assessor": {"zh": "签名一（评估人）", "en": "Signature 1 (assessor)"},
    "slot_reviewer": {"zh": "签名二（复核人）", "en": "Signature 2 (reviewer)"},
    "slot_empty": {"zh": "（数字签名位置）", "en": "(digital signature field)"},
    "stamp_signer": {"zh": "签名人", "en": "Signed by"},
    "stamp_org": {"zh": "单位", "en": "Organisation"},
    "stamp_time": {"zh": "签名时间", "en": "Signed at"},
    "stamp_cert": {"zh": "证书指纹", "en": "Certificate"},
    "stamp_role": {"zh": "数字签名", "en": "Digital signature"},
    "stamp_certify": {"zh": "认证签名", "en": "Certification signature"},
    "page_of": {"zh": "第 {page} 页 / 共 {total} 页", "en": "Page {page} of {total}"},
}

RESULT_NAMES = {
    Result.PASS: {"zh": "符合", "en": "Pass"},
    Result.PARTIAL: {"zh": "部分符合", "en": "Partial"},
    Result.FAIL: {"zh": "不符合", "en": "Fail"},
    Result.NA: {"zh": "不适用", "en": "N/A"},
    Result.NOT_ASSESSED: {"zh": "未评估", "en": "Not assessed"},
}

SEVERITY_NAMES = {
    Severity.CRITICAL: {"zh": "严重", "en": "Critical"},
    Severity.HIGH: {"zh": "高", "en": "High"},
    Severity.MEDIUM: {"zh": "中", "en": "Medium"},
    Severity.LOW: {"zh": "低", "en": "Low"},
    Severity.INFO: {"zh": "提示", "en": "Info"},
}

CASE_TYPE_NAMES = {
    CaseType.INITIAL: {"zh": "首次评估", "en": "Initial assessment"},
    CaseType.PERIODIC: {"zh": "定期评估", "en": "Periodic assessment"},
    CaseType.SPOT_CHECK: {"zh": "抽查", "en": "Spot check"},
    CaseType.READMISSION: {"zh": "重新准入评估", "en": "Re-admission assessment"},
    CaseType.SELF_ASSESSMENT: {"zh": "自评估", "en": "Self-assessment"},
}

METHOD_NAMES = {
    "interview": {"zh": "访谈", "en": "Interview"},
    "document": {"zh": "文档", "en": "Document"},
    "config": {"zh": "配置", "en": "Config"},
    "test": {"zh": "测试", "en": "Test"},
}

GRADE_MEANING = {
    Grade.A: {"zh": "常规监测", "en": "routine monitoring"},
    Grade.B: {"zh": "限期整改", "en": "rectify by deadline"},
    Grade.C: {"zh": "清出平台", "en": "removal from platform"},
}


def label(key: str, lang: str, **values: object) -> str:
    text = pick(LABELS[key], lang)
    return text.format(**values) if values else text


def name_of(table: Mapping[Any, Mapping[str, str]], key: object, lang: str) -> str:
    """Localised name of an enum value; unknown codes are shown as they are."""
    entry = table.get(key)
    return pick(entry, lang) if entry else str(key)
