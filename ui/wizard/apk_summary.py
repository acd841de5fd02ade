"""An analyzer result as readable HTML for the APK page.

Everything taken from the APK (names, certificate subjects, strings) is
attacker-controlled and is escaped before it reaches a rich-text widget.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6 import QtCore

from app.apk.consistency import signature_verdict
from app.domain.enums import SEVERITY_ORDER
from app.domain.models import Application
from app.i18n import pick
from app.services.assessment import AutoAnswers
from ui.wizard import labels

SEVERITY_COLOURS = {
    "critical": "#8e0000",
    "high": "#c62828",
    "medium": "#b26a00",
    "low": "#546e7a",
    "info": "#757575",
}


translate = QtCore.QCoreApplication.translate


def _e(value: Any) -> str:
    if isinstance(value, Mapping) and ("zh" in value or "en" in value):
        value = pick(value)
    return html.escape(str(value))


def _row(label: str, value: str) -> str:
    return f"<tr><th align='left' valign='top'>{html.escape(label)}</th><td>{value}</td></tr>"


def summary_html(
    result: Mapping[str, Any],
    application: Application | None,
    auto: AutoAnswers | None = None,
) -> str:
    file_info = result.get("file") or {}
    rows = [
        _row(
            translate("ApkSummary", "File"),
            f"{_e(file_info.get('name', '?'))} ({_e(file_info.get('size', '?'))} B)",
        ),
        _row(translate("ApkSummary", "SHA-256"), f"<code>{_e(file_info.get('sha256', ''))}</code>"),
        *_bundle_rows(result.get("bundle")),
        _row(translate("ApkSummary", "Package"), _e(result.get("package") or "?")),
        _row(
            translate("ApkSummary", "Version"),
            f"{_e(result.get('version_name') or '?')} (versionCode "
            f"{_e(result.get('version_code'))})",
        ),
        _row(
            translate("ApkSummary", "Android SDK"),
            f"min {_e(result.get('min_sdk'))}, target {_e(result.get('target_sdk'))}",
        ),
        _row(translate("ApkSummary", "Signing"), _signing(result.get("signing") or {})),
        _row(
            translate("ApkSummary", "Consistency"),
            _consistency(result.get("consistency") or {}, application),
        ),
        _row(translate("ApkSummary", "Packer / protector"), _packers(result.get("packers") or [])),
        _row(translate("ApkSummary", "Third-party SDKs"), _sdks(result.get("sdks") or [])),
    ]
    parts = [f"<table cellspacing='2' cellpadding='3'>{''.join(rows)}</table>"]
    completeness = result.get("completeness") or {}
    warnings = []
    if completeness.get("packed"):
        warnings.append(
            translate(
                "ApkSummary", "The code is packed: code-level checks are incomplete, not clean."
            )
        )
    degraded = completeness.get("degraded")
    if degraded:
        items = degraded if isinstance(degraded, list) else [degraded]
        warnings.append(
            translate("ApkSummary", "Degraded parse: {0}").format("; ".join(str(i) for i in items))
        )
    for warning in warnings:
        parts.append(f"<p style='color:#b26a00'><b>⚠ {html.escape(warning)}</b></p>")
    if auto is not None:
        parts.append(_auto_html(auto))
    parts.append(_findings(result.get("findings") or []))
    return "".join(parts)


def _bundle_rows(bundle: Any) -> list[str]:
    """A bundle (XAPK, APKS…): which APK inside was analysed, and the splits beside it."""
    if not isinstance(bundle, Mapping):
        return []
    text = translate("ApkSummary", "{0} bundle: analysed {1}; {2} split APK(s)").format(
        bundle.get("format", "?"), bundle.get("analysed", "?"), len(bundle.get("splits") or [])
    )
    notes = "".join(f"<br><i>{_e(note)}</i>" for note in bundle.get("notes") or [])
    return [_row(translate("ApkSummary", "Bundle"), html.escape(text) + notes)]


def _signing(signing: Mapping[str, Any]) -> str:
    schemes = [s for s in ("v1", "v2", "v3", "v31") if signing.get(s)]
    text = (
        html.escape(" + ".join(schemes))
        if schemes
        else "<b>" + html.escape(translate("ApkSummary", "unsigned")) + "</b>"
    )
    certs = []
    for cert in signing.get("certificates") or []:
        if isinstance(cert, Mapping):
            certs.append(
                f"{_e(cert.get('subject', '?'))}<br><code>{_e(cert.get('sha256', ''))}</code>"
            )
    if schemes:
        colour = SIGNATURE_COLOURS.get(signing.get("signature_valid"), "#b26a00")
        verdict = pick(signature_verdict(signing))
        certs.append(f"<span style='color:{colour}'><b>{_e(verdict)}</b></span>")
    return text + "".join(f"<br>{c}" for c in certs)


SIGNATURE_COLOURS = {True: "#2e7d32", False: "#c62828"}


def alerts(result: Mapping[str, Any]) -> list[str]:
    """What must stop the inspector at once: a broken signature, another app or build."""
    signing = result.get("signing") or {}
    consistency = result.get("consistency") or {}
    found = []
    if signing.get("signature_valid") is False:
        found.append(translate("ApkSummary", "The signature does not verify."))
    if consistency.get("package") == "mismatch":
        found.append(translate("ApkSummary", "Not the registered package."))
    if consistency.get("cert") == "mismatch":
        found.append(translate("ApkSummary", "Not signed with the registered certificate."))
    if consistency.get("version") == "outdated":
        found.append(translate("ApkSummary", "Older than the registered release."))
    return found


CONSISTENCY_COLOURS = {
    "match": "#2e7d32",
    "current": "#2e7d32",
    "newer": "#b26a00",
    "mismatch": "#c62828",
    "outdated": "#c62828",
}


def _consistency(consistency: Mapping[str, Any], application: Application | None) -> str:
    if application is None:
        return html.escape(
            translate(
                "ApkSummary",
                "No registered application on this case: "
                "the certificate and version cannot be compared.",
            )
        )
    lines = []
    verdict = {"zh": consistency.get("verdict_zh") or "", "en": consistency.get("verdict_en") or ""}
    if verdict["zh"] or verdict["en"]:
        worst = (
            "#c62828"
            if {"mismatch", "outdated"}
            & {
                consistency.get("package"),
                consistency.get("cert"),
                consistency.get("version"),
            }
            else CONSISTENCY_COLOURS.get(str(consistency.get("cert")), "#000000")
        )
        lines.append(f"<b style='color:{worst}'>{_e(verdict)}</b>")
    registered = translate(
        "ApkSummary", "Registered: {0}, versionCode {1}, {2} certificate(s)"
    ).format(
        application.package or "—",
        application.official_version_code or "—",
        len(application.official_cert_sha256),
    )
    lines.append(f"<i>{html.escape(registered)}</i>")
    return "<br>".join(lines)


def _packers(packers: Sequence[Any]) -> str:
    if not packers:
        return html.escape(translate("ApkSummary", "none found"))
    names = []
    for packer in packers:
        if isinstance(packer, Mapping):
            vendor = packer.get("vendor")
            title = packer.get("title") or packer.get("name", "?")
            names.append(_e(title) + (f" ({_e(vendor)})" if vendor else ""))
    return ", ".join(names)


def _sdks(sdks: Sequence[Any]) -> str:
    if not sdks:
        return html.escape(translate("ApkSummary", "none found"))
    entries = []
    for sdk in sdks:
        if not isinstance(sdk, Mapping):
            continue
        name = _e(sdk.get("title") or sdk.get("name", "?"))
        entries.append(f"<b>{name}</b>" if sdk.get("collects_personal_data") else name)
    collecting = sum(1 for s in sdks if isinstance(s, Mapping) and s.get("collects_personal_data"))
    head = html.escape(
        translate("ApkSummary", "{0} found, {1} collect personal data (bold)").format(
            len(sdks), collecting
        )
    )
    return f"{head}: {', '.join(entries)}"


def _auto_html(auto: AutoAnswers) -> str:
    parts = [
        html.escape(translate("ApkSummary", "Automatic answers set on {0} item(s): {1}")).format(
            len(auto.applied), html.escape(", ".join(auto.applied) or "—")
        )
    ]
    if auto.kept:
        parts.append(
            html.escape(
                translate(
                    "ApkSummary", "Your own answers were kept where the analysis disagrees: {0}"
                ).format(", ".join(auto.kept))
            )
        )
    return "<p style='color:#1565c0'>" + "<br>".join(parts) + "</p>"


def _findings(findings: Sequence[Any]) -> str:
    valid = [f for f in findings if isinstance(f, Mapping)]
    if not valid:
        return "<p>" + html.escape(translate("ApkSummary", "No findings.")) + "</p>"
    order = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    valid.sort(key=lambda f: order.get(str(f.get("severity", "info")), 99))
    rows = []
    for finding in valid:
        severity = str(finding.get("severity", "info"))
        colour = SEVERITY_COLOURS.get(severity, "#757575")
        evidence = finding.get("evidence")
        if isinstance(evidence, list):
            evidence_text = "<br>".join(_e(e) for e in evidence[:8])
            if len(evidence) > 8:
                evidence_text += "<br>…"
        elif evidence:
            evidence_text = _e(evidence)
        else:
            evidence_text = ""
        rows.append(
            f"<tr><td style='color:{colour}'><b>{html.escape(labels.severity_label(severity))}</b>"
            f"</td><td><code>{_e(finding.get('rule_id') or finding.get('id', '?'))}</code></td>"
            f"<td>{_e(finding.get('title', ''))}"
            + (f"<br><small>{evidence_text}</small>" if evidence_text else "")
            + "</td></tr>"
        )
    head = "".join(
        f"<th align='left'>{html.escape(h)}</th>"
        for h in (
            translate("ApkSummary", "Severity"),
            translate("ApkSummary", "Rule"),
            translate("ApkSummary", "Finding and evidence"),
        )
    )
    title = html.escape(translate("ApkSummary", "Findings ({0})").format(len(valid)))
    return (
        f"<h4>{title}</h4><table cellspacing='2' cellpadding='3'><tr>{head}</tr>"
        f"{''.join(rows)}</table>"
    )
