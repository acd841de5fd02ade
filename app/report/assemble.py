"""Turn a case's records, its rule pack and its score into ReportData.

No database access here: ``app.services.reports`` fetches the records and calls
``assemble``. The APK analysis arrives as the analyzer's stored JSON; it is read
defensively (a missing or odd field is left out, never a crash).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from app.apk.consistency import signature_verdict
from app.domain.enums import AnswerSource, Result, Severity
from app.domain.models import Answer, Application, Case, Evidence, Organisation
from app.errors import NotFoundError
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
    Text,
)

MAX_EVIDENCE_LINES = 3
MAX_EVIDENCE_CHARS = 160


def assemble(
    *,
    lang: str,
    case: Case,
    organisation: Organisation,
    application: Application | None,
    pack: Any,  # app.rules.model.RulePack
    scored: Any | None,  # app.rules.scoring.ScoreResult; None when nothing is applicable
    answers: Sequence[Answer],
    evidence: Sequence[Evidence],
    apk_result: Mapping[str, Any] | None,
    generated_at: datetime,
) -> ReportData:
    by_item = _answers_by_item(pack, answers)
    evidence_by_item: dict[str, list[str]] = {}
    for entry in evidence:
        if entry.item_id:
            evidence_by_item.setdefault(entry.item_id, []).append(entry.original_name)
    domain_scores = {d.domain_id: d for d in scored.domains} if scored is not None else {}
    domains = tuple(
        _domain_section(domain, domain_scores.get(domain.id), by_item, evidence_by_item)
        for domain in pack.domains
    )
    handling = None
    deadline = None
    if scored is not None:
        base = case.assessment_date or generated_at.date()
        days = scored.deadline_days
        deadline = base + timedelta(days=days) if days else None
        handling = Handling(action=scored.handling, deadline=deadline, grade_rule=scored.reason)
    apk = _apk_summary(apk_result) if apk_result else None
    findings = _checklist_findings(domains, pack, deadline)
    if apk is not None and apk_result is not None:
        findings += _apk_findings(apk_result, deadline)
    return ReportData(
        lang=lang,
        case_id=case.id,
        case_type=case.case_type,
        organisation=organisation.name,
        credit_code=organisation.credit_code,
        application=application.name if application else "",
        package=application.package if application else "",
        assessor=case.assessor,
        reviewer=case.reviewer,
        site=case.site,
        assessment_date=case.assessment_date,
        generated_at=generated_at,
        score=float(scored.score) if scored is not None else None,
        grade=scored.grade if scored is not None else None,
        provisional=scored.provisional if scored is not None else True,
        pack=pack.ref(),
        digest=answers_digest(answers, [e.sha256 for e in evidence]),
        domains=domains,
        handling=handling,
        findings=tuple(findings),
        apk=apk,
        evidence=tuple(
            EvidenceEntry(
                name=e.original_name,
                sha256=e.sha256,
                size=e.size,
                item_id=e.item_id or "",
                description=e.description,
            )
            for e in evidence
        ),
    )


def _answers_by_item(pack: Any, answers: Sequence[Answer]) -> dict[str, Answer]:
    """Answers keyed by the pack's current item id (renamed ids followed)."""
    found: dict[str, Answer] = {}
    for answer in answers:
        try:
            found[pack.item(answer.item_id).id] = answer
        except NotFoundError:
            continue  # an item deleted from the pack: it stays in the digest only
    return found


def _domain_section(
    domain: Any,
    score: Any,  # app.rules.DomainScore, or None before the case is scored
    answers: Mapping[str, Answer],
    evidence_by_item: Mapping[str, list[str]],
) -> DomainSection:
    rows = []
    for item in domain.items:
        answer = answers.get(item.id)
        rows.append(
            ItemRow(
                item_id=item.id,
                title=item.title,
                methods=tuple(item.method),
                severity=_severity(item.severity),
                result=answer.result if answer else Result.NOT_ASSESSED,
                veto=item.veto,
                note=answer.note if answer else "",
                justification=answer.justification if answer else "",
                source=answer.source if answer else AnswerSource.MANUAL,
                evidence=tuple(evidence_by_item.get(item.id, ())),
            )
        )
    applicable = score is not None and score.fraction is not None
    return DomainSection(
        domain_id=domain.id,
        title=domain.title,
        weight=float(domain.weight),
        fraction=float(score.fraction) if applicable else None,
        points=float(score.points) if applicable else 0.0,
        max_points=float(score.max_points) if applicable else 0.0,
        items=tuple(rows),
    )


def _checklist_findings(
    domains: Sequence[DomainSection], pack: Any, deadline: date | None
) -> list[FindingEntry]:
    findings = []
    for domain in domains:
        for row in domain.items:
            if row.result not in (Result.FAIL, Result.PARTIAL):
                continue
            guidance = pack.item(row.item_id).guidance
            severity = Severity.CRITICAL if row.veto and row.result == Result.FAIL else row.severity
            findings.append(
                FindingEntry(
                    severity=severity,
                    title=row.title,
                    origin="checklist",
                    ref=row.item_id,
                    remediation={},
                    affected_items=(row.item_id,),
                    evidence=row.evidence,
                    due_date=deadline,
                    veto=row.veto,
                    observation=row.note,
                    requirement=guidance,
                )
            )
    return findings


def _apk_findings(result: Mapping[str, Any], deadline: date | None) -> list[FindingEntry]:
    findings = []
    for raw in _list(result.get("findings")):
        if not isinstance(raw, Mapping) or not raw.get("rule_id"):
            continue
        findings.append(
            FindingEntry(
                severity=_severity(raw.get("severity")),
                title=_text(raw.get("title"), str(raw["rule_id"])),
                origin="apk",
                ref=str(raw["rule_id"]),
                remediation=_text(raw.get("remediation"), ""),
                affected_items=tuple(str(i) for i in _list(raw.get("checklist_items"))),
                evidence=_evidence_lines(raw.get("evidence")),
                due_date=deadline,
            )
        )
    return findings


def _file_name(file_info: Mapping[str, Any], bundle: object) -> str:
    """The file the inspector gave; for a bundle (XAPK…) also the APK analysed inside."""
    name = str(file_info.get("name") or "")
    if isinstance(bundle, Mapping) and bundle.get("analysed"):
        return f"{name} → {bundle['analysed']}"
    return name


def _apk_summary(result: Mapping[str, Any]) -> ApkSummary:
    signing = _mapping(result.get("signing"))
    consistency = _mapping(result.get("consistency"))
    file_info = _mapping(result.get("file"))
    version_code = result.get("version_code")
    return ApkSummary(
        package=str(result.get("package") or ""),
        version_name=str(result.get("version_name") or ""),
        version_code=version_code if isinstance(version_code, int) else None,
        file_name=_file_name(file_info, result.get("bundle")),
        file_sha256=str(file_info.get("sha256") or ""),
        certificates=tuple(
            CertificateEntry(
                sha256=str(c.get("sha256", "")),
                subject=str(c.get("subject", "")),
                issuer=str(c.get("issuer", "")),
                not_before=str(c.get("not_before", "")),
                not_after=str(c.get("not_after", "")),
                signature_algorithm=str(c.get("signature_algorithm", "")),
            )
            for c in _list(signing.get("certificates"))
            if isinstance(c, Mapping)
        ),
        consistency={
            "zh": str(consistency.get("verdict_zh") or ""),
            "en": str(consistency.get("verdict_en") or ""),
        },
        signature=signature_verdict(signing),
        packers=tuple(
            (_text(p.get("title"), str(p.get("name", ""))), str(p.get("vendor", "")))
            for p in _list(result.get("packers"))
            if isinstance(p, Mapping)
        ),
        sdks=tuple(
            (
                _text(s.get("title"), str(s.get("name", ""))),
                str(s.get("vendor", "")),
                str(s.get("category", "")),
            )
            for s in _list(result.get("sdks"))
            if isinstance(s, Mapping)
        ),
        findings=tuple(
            ApkFindingEntry(
                rule_id=str(f["rule_id"]),
                severity=_severity(f.get("severity")),
                title=_text(f.get("title"), str(f["rule_id"])),
                checklist_items=tuple(str(i) for i in _list(f.get("checklist_items"))),
            )
            for f in _list(result.get("findings"))
            if isinstance(f, Mapping) and f.get("rule_id")
        ),
    )


def _severity(value: Any) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        return Severity.INFO


def _text(value: Any, fallback: str) -> Text:
    if isinstance(value, Mapping):
        return {"zh": str(value.get("zh") or fallback), "en": str(value.get("en") or fallback)}
    if isinstance(value, str) and value:
        return {"zh": value, "en": value}
    return {"zh": fallback, "en": fallback}


def _evidence_lines(value: Any) -> tuple[str, ...]:
    lines = [value] if isinstance(value, str) else [str(v) for v in _list(value)]
    shown = [_clip(line) for line in lines[:MAX_EVIDENCE_LINES] if line]
    if len(lines) > MAX_EVIDENCE_LINES:
        shown.append(f"(+{len(lines) - MAX_EVIDENCE_LINES})")
    return tuple(shown)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_EVIDENCE_CHARS else text[: MAX_EVIDENCE_CHARS - 1] + "…"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []
