"""Incident notice letters (事件通报函): one text, as PDF for post and as plain text.

The letter is built once as a list of blocks, so the PDF, the e-mail text and the
phone script say exactly the same thing; the plain text is what the notification
record keeps. The PDF is written beside its target and moved into place only when
complete.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfgen.canvas import Canvas

from app import __version__
from app.domain.enums import IncidentCategory, IncidentSeverity, NoticeChannel
from app.domain.models import Contact, Incident
from app.files import written_in_place_of
from app.i18n import join_list, pick
from app.report.incident_texts import CATEGORY_NAMES, SEVERITY_NAMES, name

LETTER_TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "zh": "互联网医院网络安全事件通报",
        "en": "Internet Hospital Security Incident Notice",
    },
    "number": {"zh": "编号：{number}", "en": "No. {number}"},
    "to": {"zh": "致：{org}（统一社会信用代码 {code}）", "en": "To: {org} (credit code {code})"},
    "attention": {"zh": "联系人：{people}", "en": "Attention: {people}"},
    "cc": {"zh": "抄报：{people}", "en": "Copy (escalation): {people}"},
    "intro": {
        "zh": "{issuer}于 {discovered} 获悉贵单位发生以下网络安全事件，现予通报。"
        "请高度重视，按下列要求处置并反馈。",
        "en": "{issuer} learned on {discovered} of the following security incident concerning "
        "your organisation and hereby notifies you of it. Please act on it as required below "
        "and report back.",
    },
    "issuer_default": {"zh": "我单位", "en": "This office"},
    "facts": {"zh": "一、事件基本情况", "en": "1. The incident"},
    "f_title": {"zh": "事件名称", "en": "Incident"},
    "f_category": {"zh": "事件类别", "en": "Category"},
    "f_severity": {"zh": "事件级别", "en": "Severity"},
    "f_application": {"zh": "涉及应用", "en": "Application"},
    "f_case": {"zh": "关联评估案件", "en": "Related assessment case"},
    "f_occurred": {"zh": "发生时间", "en": "Occurred"},
    "f_discovered": {"zh": "发现时间", "en": "Discovered"},
    "f_deadline": {"zh": "通报时限", "en": "Notice deadline"},
    "deadline_value": {
        "zh": "发现后 {hours} 小时内（{due}）",
        "en": "within {hours} h of discovery ({due})",
    },
    "description": {"zh": "二、事件情况说明", "en": "2. What happened"},
    "no_description": {"zh": "（见事件名称）", "en": "(see the incident title)"},
    "requirements": {"zh": "三、处置要求", "en": "3. Required actions"},
    "confidential": {
        "zh": "本通报仅发送给上述单位和人员，涉及安全信息，请注意保密，不得对外公开。",
        "en": "This notice is for the organisation and persons named above only; it contains "
        "security information and must not be published.",
    },
    "signed": {"zh": "通报单位：{issuer}", "en": "Issued by: {issuer}"},
    "date": {"zh": "日期：{date}", "en": "Date: {date}"},
    "prepared_by": {"zh": "经办人：{person}", "en": "Prepared by: {person}"},
    "none": {"zh": "无", "en": "none"},
    "page_of": {"zh": "第 {page} 页 / 共 {total} 页", "en": "Page {page} of {total}"},
    "footer": {"zh": "互联网医院安全评估工作站", "en": "IHSA Workstation"},
    "email_subject": {
        "zh": "主题：【事件通报】{number} {title}",
        "en": "Subject: [Incident notice] {number} {title}",
    },
    "phone_script": {
        "zh": "电话通报要点（请逐项告知并确认对方已知悉）",
        "en": "Phone notice script (read each point and confirm it was understood)",
    },
}

RESPONSE_BY_SEVERITY: dict[IncidentSeverity, dict[str, str]] = {
    IncidentSeverity.CRITICAL: {
        "zh": "请立即启动网络安全事件应急预案，采取措施控制事态、消除影响，保存相关日志和证据；"
        "于收到本通报后 24 小时内书面报告初步处置情况，处置完毕后 5 个工作日内提交总结报告。",
        "en": "Start your incident response plan at once, contain the incident and its effects, "
        "and preserve logs and evidence; report the first measures in writing within 24 hours "
        "of receiving this notice, and a final report within 5 working days of resolution.",
    },
    IncidentSeverity.HIGH: {
        "zh": "请立即组织处置，控制事态、消除影响，保存相关日志和证据；于收到本通报后 24 小时内"
        "书面报告初步处置情况，处置完毕后 5 个工作日内提交总结报告。",
        "en": "Act at once to contain the incident and its effects, and preserve logs and "
        "evidence; report the first measures in writing within 24 hours of receiving this "
        "notice, and a final report within 5 working days of resolution.",
    },
    IncidentSeverity.MEDIUM: {
        "zh": "请于收到本通报后 3 个工作日内完成核查和处置，并书面反馈处置结果。",
        "en": "Investigate and resolve the incident within 3 working days of receiving this "
        "notice, and report the result in writing.",
    },
    IncidentSeverity.LOW: {
        "zh": "请于收到本通报后 10 个工作日内完成整改，并书面反馈整改结果。",
        "en": "Remedy the issue within 10 working days of receiving this notice, and report "
        "the result in writing.",
    },
}

ACTION_BY_CATEGORY: dict[IncidentCategory, dict[str, str]] = {
    IncidentCategory.COUNTERFEIT_APP: {
        "zh": "立即联系相关应用分发渠道下架仿冒或二次打包的安装包，在官方渠道发布正版下载提示，"
        "并核对备案的签名证书与官方版本。",
        "en": "Have the distribution channels remove the counterfeit or repackaged builds at "
        "once, point users to the official download, and check the registered signing "
        "certificate and official release.",
    },
    IncidentCategory.OUTDATED_BUILD: {
        "zh": "督促相关渠道下架过期或未备案的版本，确保各渠道分发的版本与备案的官方版本一致。",
        "en": "Have the channels remove outdated or unregistered builds, so that every channel "
        "distributes the registered official release.",
    },
    IncidentCategory.DATA_LEAK: {
        "zh": "立即查明泄露数据的范围和原因，采取补救措施防止扩大；涉及个人信息的，依法告知受影响"
        "的个人并向有关主管部门报告。",
        "en": "Establish at once which data leaked and why, and take remedial measures; where "
        "personal information is involved, inform the people affected and report to the "
        "competent authorities as the law requires.",
    },
    IncidentCategory.UNAUTHORISED_ACCESS: {
        "zh": "立即封堵未授权访问途径，重置相关账号和凭证，核查访问日志，评估数据是否被非法获取。",
        "en": "Close the access path at once, reset the accounts and credentials involved, "
        "review the access logs and assess whether data was obtained.",
    },
    IncidentCategory.ILLEGAL_COLLECTION: {
        "zh": "立即停止违规收集、使用个人信息的行为，按最小必要原则整改相关功能和隐私政策。",
        "en": "Stop the unlawful collection or use of personal information at once, and bring "
        "the features and the privacy policy in line with the minimum-necessary principle.",
    },
    IncidentCategory.MALWARE: {
        "zh": "立即隔离受感染的系统和终端，清除恶意程序，排查感染途径。",
        "en": "Isolate the infected systems and devices at once, remove the malware and find "
        "how it got in.",
    },
    IncidentCategory.NETWORK_ATTACK: {
        "zh": "立即采取防护措施阻断攻击，核查系统是否被入侵或篡改，必要时切换至备用系统。",
        "en": "Block the attack at once, check whether systems were intruded or altered, and "
        "switch to standby systems where needed.",
    },
    IncidentCategory.VULNERABILITY: {
        "zh": "尽快修复漏洞或采取临时防护措施，修复后进行复测验证。",
        "en": "Fix the vulnerability or put temporary protection in place promptly, and "
        "re-test after the fix.",
    },
    IncidentCategory.OUTAGE: {
        "zh": "尽快恢复服务，查明中断原因，评估对诊疗业务和患者的影响。",
        "en": "Restore the service promptly, find the cause, and assess the effect on care "
        "and on patients.",
    },
}


@dataclass(frozen=True)
class NoticeContent:
    """Everything a notice says; built by the incident service."""

    number: str
    incident: Incident
    organisation_name: str
    credit_code: str
    recipients: tuple[Contact, ...]
    escalation: Contact | None
    issuer: str
    prepared_by: str
    prepared_at: datetime
    notice_hours: int
    lang: str


def t(key: str, lang: str, **values: object) -> str:
    text = pick(LETTER_TEXTS[key], lang)
    return text.format(**values) if values else text


def when(value: datetime | None, lang: str) -> str:
    """Local time with its UTC offset, as every date in the product's documents."""
    if value is None:
        return t("none", lang)
    local = value.astimezone()
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%d %H:%M") + f" UTC{offset[:3]}:{offset[3:]}"


def person(contact: Contact, lang: str) -> str:
    if not contact.role:
        return contact.name
    return (
        f"{contact.name}（{contact.role}）" if lang == "zh" else f"{contact.name} ({contact.role})"
    )


@dataclass(frozen=True)
class LetterParts:
    """The letter in order; the PDF lays these out, the plain text joins them."""

    title: str
    number: str
    to: str
    attention: str
    cc: str
    intro: str
    facts: tuple[tuple[str, str], ...]
    description: str
    requirements: tuple[str, ...]
    closing: tuple[str, ...]


def letter_parts(content: NoticeContent) -> LetterParts:
    lang, incident = content.lang, content.incident
    issuer = content.issuer or t("issuer_default", lang)
    facts = [
        (t("f_title", lang), incident.title),
        (t("f_category", lang), name(CATEGORY_NAMES, incident.category, lang)),
        (t("f_severity", lang), name(SEVERITY_NAMES, incident.severity, lang)),
    ]
    if incident.application_name:
        facts.append((t("f_application", lang), incident.application_name))
    if incident.case_id is not None:
        facts.append((t("f_case", lang), str(incident.case_id)))
    facts += [
        (t("f_occurred", lang), when(incident.occurred_at, lang)),
        (t("f_discovered", lang), when(incident.discovered_at, lang)),
        (
            t("f_deadline", lang),
            t(
                "deadline_value",
                lang,
                hours=content.notice_hours,
                due=when(incident.notice_due_at, lang),
            ),
        ),
    ]
    requirements = [pick(RESPONSE_BY_SEVERITY[incident.severity], lang)]
    action = ACTION_BY_CATEGORY.get(incident.category)
    if action:
        requirements.append(pick(action, lang))
    return LetterParts(
        title=t("title", lang),
        number=t("number", lang, number=content.number),
        to=t("to", lang, org=content.organisation_name, code=content.credit_code),
        attention=t(
            "attention", lang, people=join_list([person(c, lang) for c in content.recipients], lang)
        ),
        cc=t("cc", lang, people=person(content.escalation, lang)) if content.escalation else "",
        intro=t("intro", lang, issuer=issuer, discovered=when(incident.discovered_at, lang)),
        facts=tuple(facts),
        description=incident.description or t("no_description", lang),
        requirements=tuple(requirements),
        closing=(
            t("confidential", lang),
            t("signed", lang, issuer=issuer),
            t("date", lang, date=content.prepared_at.astimezone().date().isoformat()),
            t("prepared_by", lang, person=content.prepared_by),
        ),
    )


def notice_text(content: NoticeContent, channel: NoticeChannel) -> str:
    """The notice as plain text: the letter, with an e-mail subject or a phone heading."""
    lang, parts = content.lang, letter_parts(content)
    colon = "：" if lang == "zh" else ": "
    lines: list[str] = []
    if channel == NoticeChannel.EMAIL:
        lines += [t("email_subject", lang, number=content.number, title=content.incident.title), ""]
    elif channel == NoticeChannel.PHONE:
        lines += [t("phone_script", lang), ""]
    lines += [parts.title, parts.number, "", parts.to, parts.attention]
    if parts.cc:
        lines.append(parts.cc)
    lines += ["", parts.intro, "", t("facts", lang)]
    lines += [f"  {key}{colon}{value}" for key, value in parts.facts]
    lines += ["", t("description", lang), parts.description, "", t("requirements", lang)]
    lines += [f"  {index}. {text}" for index, text in enumerate(parts.requirements, 1)]
    lines += ["", *parts.closing]
    return "\n".join(lines) + "\n"


def render_letter(content: NoticeContent, out_path: Path) -> Path:
    """Write the letter as an A4 PDF (embedded CJK font) and return its path."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from app.report.fonts import REPORTLAB_NAME, register_reportlab_font
    from app.report.layout import CONTENT_WIDTH, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP
    from app.report.styles import GRID, PRIMARY, PRIMARY_LIGHT, make_styles

    register_reportlab_font()
    styles = make_styles(REPORTLAB_NAME)
    lang, parts = content.lang, letter_parts(content)

    def para(text: str, style: Any) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    title_style = styles.cover_title.clone("letter_title", alignment=1, fontSize=20, leading=28)
    number_style = styles.right.clone("letter_number", textColor=PRIMARY, fontSize=9)
    story: list[Any] = [
        para(parts.title, title_style),
        Spacer(1, 2 * mm),
        para(parts.number, number_style),
        Spacer(1, 6 * mm),
        para(parts.to, styles.body),
        para(parts.attention, styles.body),
    ]
    if parts.cc:
        story.append(para(parts.cc, styles.body))
    story += [Spacer(1, 3 * mm), para(parts.intro, styles.body), para(t("facts", lang), styles.h2)]
    key_width = 34 * mm
    table = Table(
        [[para(k, styles.cell), para(v, styles.cell)] for k, v in parts.facts],
        colWidths=[key_width, CONTENT_WIDTH - key_width],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REPORTLAB_NAME),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (0, -1), PRIMARY_LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story += [table, para(t("description", lang), styles.h2), para(parts.description, styles.body)]
    story.append(para(t("requirements", lang), styles.h2))
    story += [para(f"{i}. {text}", styles.body) for i, text in enumerate(parts.requirements, 1)]
    story += [Spacer(1, 6 * mm), para(parts.closing[0], styles.small), Spacer(1, 10 * mm)]
    story += [para(line, styles.right) for line in parts.closing[1:]]

    out_path = Path(out_path)
    with written_in_place_of(out_path, "通报函", "notice letter") as temp:
        doc = SimpleDocTemplate(
            str(temp),
            pagesize=_a4(),
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_LEFT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{parts.title} {content.number}",
            author=content.issuer or content.prepared_by,
            subject=content.incident.title,
            creator=f"IHSA Workstation {__version__}",
            lang="zh-CN" if lang == "zh" else "en",
            initialFontName=REPORTLAB_NAME,
        )
        doc.build(
            story,
            canvasmaker=functools.partial(
                PagedCanvas, footer=f"{t('footer', lang)} · {content.number}", lang=lang
            ),
        )
    return out_path


class PagedCanvas(Canvas):
    """Draws "page x of y" and a left footer on every page once the total is known."""

    def __init__(self, *args: Any, footer: str, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer_text = footer
        self._lang = lang
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        from reportlab.lib.units import mm

        from app.report.fonts import REPORTLAB_NAME
        from app.report.layout import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH
        from app.report.styles import MUTED, RULE

        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self.saveState()
            y = MARGIN_BOTTOM - 9 * mm
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_LEFT, y + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, y + 4 * mm)
            self.setFont(REPORTLAB_NAME, 8)
            self.setFillColor(MUTED)
            self.drawString(MARGIN_LEFT, y, self._footer_text)
            page = t("page_of", self._lang, page=self._pageNumber, total=total)
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, y, page)
            self.restoreState()
            super().showPage()
        super().save()


def _a4() -> tuple[float, float]:
    from app.report.layout import PAGE_HEIGHT, PAGE_WIDTH

    return PAGE_WIDTH, PAGE_HEIGHT
