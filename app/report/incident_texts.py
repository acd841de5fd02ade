"""Bilingual names and fixed wording for incidents, notices and statistics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.enums import (
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    NoticeChannel,
    RecipientKind,
)
from app.i18n import pick

CATEGORY_NAMES: dict[IncidentCategory, dict[str, str]] = {
    IncidentCategory.COUNTERFEIT_APP: {
        "zh": "仿冒或二次打包应用",
        "en": "Counterfeit or repackaged app",
    },
    IncidentCategory.OUTDATED_BUILD: {
        "zh": "渠道分发过期或未备案版本",
        "en": "Outdated or unregistered build in a channel",
    },
    IncidentCategory.DATA_LEAK: {"zh": "数据泄露", "en": "Data leak"},
    IncidentCategory.UNAUTHORISED_ACCESS: {
        "zh": "未授权访问或越权",
        "en": "Unauthorised access",
    },
    IncidentCategory.ILLEGAL_COLLECTION: {
        "zh": "违法违规收集使用个人信息",
        "en": "Unlawful collection or use of personal information",
    },
    IncidentCategory.MALWARE: {"zh": "恶意程序", "en": "Malware"},
    IncidentCategory.NETWORK_ATTACK: {
        "zh": "网络攻击（入侵、拒绝服务、篡改）",
        "en": "Network attack (intrusion, DoS, defacement)",
    },
    IncidentCategory.VULNERABILITY: {"zh": "安全漏洞或隐患", "en": "Vulnerability"},
    IncidentCategory.OUTAGE: {"zh": "服务中断或设施故障", "en": "Outage or equipment failure"},
    IncidentCategory.OTHER: {"zh": "其他", "en": "Other"},
}

# Short names for charts and tables.
CATEGORY_SHORT: dict[IncidentCategory, dict[str, str]] = {
    IncidentCategory.COUNTERFEIT_APP: {"zh": "仿冒应用", "en": "Counterfeit app"},
    IncidentCategory.OUTDATED_BUILD: {"zh": "过期版本", "en": "Outdated build"},
    IncidentCategory.DATA_LEAK: {"zh": "数据泄露", "en": "Data leak"},
    IncidentCategory.UNAUTHORISED_ACCESS: {"zh": "未授权访问", "en": "Unauthorised access"},
    IncidentCategory.ILLEGAL_COLLECTION: {"zh": "违规收集", "en": "Unlawful collection"},
    IncidentCategory.MALWARE: {"zh": "恶意程序", "en": "Malware"},
    IncidentCategory.NETWORK_ATTACK: {"zh": "网络攻击", "en": "Network attack"},
    IncidentCategory.VULNERABILITY: {"zh": "安全漏洞", "en": "Vulnerability"},
    IncidentCategory.OUTAGE: {"zh": "服务中断", "en": "Outage"},
    IncidentCategory.OTHER: {"zh": "其他", "en": "Other"},
}

SEVERITY_NAMES: dict[IncidentSeverity, dict[str, str]] = {
    IncidentSeverity.CRITICAL: {"zh": "特别重大", "en": "Critical"},
    IncidentSeverity.HIGH: {"zh": "重大", "en": "High"},
    IncidentSeverity.MEDIUM: {"zh": "较大", "en": "Medium"},
    IncidentSeverity.LOW: {"zh": "一般", "en": "Low"},
}

STATUS_NAMES: dict[IncidentStatus, dict[str, str]] = {
    IncidentStatus.OPEN: {"zh": "待通报", "en": "Open"},
    IncidentStatus.NOTIFIED: {"zh": "已通报", "en": "Notified"},
    IncidentStatus.CLOSED: {"zh": "已关闭", "en": "Closed"},
}

CHANNEL_NAMES: dict[NoticeChannel, dict[str, str]] = {
    NoticeChannel.LETTER: {"zh": "书面通报函", "en": "Letter"},
    NoticeChannel.PHONE: {"zh": "电话", "en": "Phone"},
    NoticeChannel.EMAIL: {"zh": "电子邮件", "en": "Email"},
}

RECIPIENT_NAMES: dict[RecipientKind, dict[str, str]] = {
    RecipientKind.CONTACT: {"zh": "机构联系人", "en": "Organisation contact"},
    RecipientKind.ESCALATION: {"zh": "上报（抄报）", "en": "Escalation"},
}

EVENT_NAMES: dict[str, dict[str, str]] = {
    "recorded": {"zh": "登记", "en": "Recorded"},
    "updated": {"zh": "修改", "en": "Updated"},
    "notice_prepared": {"zh": "生成通报", "en": "Notice prepared"},
    "notified": {"zh": "已送达机构", "en": "Delivered to the organisation"},
    "escalated": {"zh": "已上报", "en": "Escalated"},
    "closed": {"zh": "关闭", "en": "Closed"},
    "reopened": {"zh": "重新打开", "en": "Reopened"},
}

OVERDUE_NAMES: dict[str, dict[str, str]] = {
    "notice": {"zh": "通报逾期", "en": "notice overdue"},
    "escalation": {"zh": "上报逾期", "en": "escalation overdue"},
}


def name(table: Mapping[Any, Mapping[str, str]], key: object, lang: str | None = None) -> str:
    """The localised name of a code; an unknown code is shown as it is."""
    entry = table.get(key)
    return pick(entry, lang) if entry else str(key)
