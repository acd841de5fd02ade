"""ihsa analyze FILE.apk [FILE.apk ...] — offline APK analysis in isolated processes.

Contract (kept stable for scripts): with ``--json`` one file prints the
analyzer's JSON object, several files print a JSON list in the order given,
where a failed file is ``{"file": {"name"}, "error", "code"}`` and the exit
code is 1. ``--case ID`` also stores every successful result on the case and
takes the official certificates, versionCode and package name from the case's
application unless the options override them.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from app.apk.consistency import normalise_fingerprint, signature_verdict
from app.apk.inputs import expand_inputs
from app.apk.isolation import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, analyze_isolated, analyze_many
from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.output import print_json, print_table
from app.domain.enums import SEVERITY_ORDER
from app.i18n import language, pick


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "analyze",
        help="analyse Android APK files offline",
        description="Analyse APK files, each in a separate process with time and memory limits.",
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE.apk",
        type=Path,
        help="APK files (also .xapk/.apks/.apkm bundles), folders of them, or patterns",
    )
    parser.add_argument(
        "--official-cert",
        action="append",
        default=None,
        metavar="SHA256",
        help="registered signing-certificate SHA-256 (repeatable)",
    )
    parser.add_argument(
        "--official-version-code", type=positive_int, metavar="N", help="registered versionCode"
    )
    parser.add_argument(
        "--official-package", metavar="NAME", help="registered package name (applicationId)"
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"wall-time limit per file in seconds (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--memory-mb",
        type=positive_int,
        default=DEFAULT_MEMORY_MB,
        metavar="N",
        help=f"memory limit per file in MB (default {DEFAULT_MEMORY_MB})",
    )
    parser.add_argument(
        "--workers", type=positive_int, metavar="N", help="parallel processes (default: CPUs)"
    )
    parser.add_argument(
        "--case", type=positive_int, metavar="ID", help="also store the results on this case"
    )
    add_json_flag(parser)
    parser.set_defaults(func=_analyze)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _official_certs(texts: list[str]) -> tuple[str, ...]:
    """Checked here, before any child process starts."""
    return tuple(dict.fromkeys(normalise_fingerprint(text) for text in texts))


def _analyze(args: argparse.Namespace) -> int:
    args.files = expand_inputs(args.files)
    certs = _official_certs(args.official_cert) if args.official_cert is not None else None
    version_code = args.official_version_code
    package = args.official_package
    workspace = None
    if args.case is not None:
        workspace = open_workspace(args)
        case = workspace.cases.get(args.case)
        if case.application_id is not None:
            application = workspace.applications.get(case.application_id)
            if certs is None:
                certs = tuple(application.official_cert_sha256)
            if version_code is None:
                version_code = application.official_version_code
            if package is None:
                package = application.package or None
    options: dict[str, Any] = {
        "official_certs": certs or (),
        "official_version_code": version_code,
        "official_package": package,
        "timeout": args.timeout,
        "memory_mb": args.memory_mb,
    }
    if len(args.files) == 1:
        results = [analyze_isolated(args.files[0], **options)]
    else:
        results = analyze_many(args.files, workers=args.workers, **options)
    if workspace is not None:
        for result in results:
            if "error" not in result:
                stored = workspace.cases.record_apk_analysis(args.case, result)
                auto = workspace.assessment.apply_apk_result(args.case, result)
                kept = f", {len(auto.kept)} manual answers kept" if auto.kept else ""
                print(
                    f"ihsa: {result['file']['name']} → case {args.case}, analysis {stored}; "
                    f"{len(auto.applied)} items answered automatically{kept}",
                    file=sys.stderr,
                )
    if args.json:
        print_json(results[0] if len(args.files) == 1 else results)
    else:
        for number, result in enumerate(results):
            if number:
                print()
            _print_summary(result)
        if len(results) > 1:
            print()
            _print_sweep(results)
    return 1 if any("error" in r for r in results) else 0


def _print_sweep(results: list[dict[str, Any]]) -> None:
    """One line per file, the way a channel sweep is read: which build is which."""
    zh = language() == "zh"
    headers = (
        [
            "文件",
            "包名",
            "versionCode",
            "签名校验",
            "包名比对",
            "证书比对",
            "版本比对",
            "加固",
            "严重/高",
        ]
        if zh
        else [
            "file",
            "package",
            "versionCode",
            "signature",
            "package",
            "certificate",
            "version",
            "packer",
            "critical/high",
        ]
    )
    rows = []
    for result in results:
        name = (result.get("file") or {}).get("name", "?")
        if "error" in result:
            rows.append([name, "-", "-", "失败" if zh else "FAILED", "", "", "", "", ""])
            continue
        signing = result.get("signing") or {}
        valid = signing.get("signature_valid")
        consistency = result.get("consistency") or {}
        severities = Counter(f.get("severity") for f in result.get("findings") or [])
        rows.append(
            [
                name,
                result.get("package") or "?",
                result.get("version_code") if result.get("version_code") is not None else "?",
                _SIGNATURE_MARK.get(valid, "?") if signing.get("signed") else "unsigned",
                consistency.get("package", "unknown"),
                consistency.get("cert", "unknown"),
                consistency.get("version", "unknown"),
                ", ".join(str(p.get("name", "?")) for p in result.get("packers") or []) or "-",
                f"{severities['critical']}/{severities['high']}",
            ]
        )
    print_table(headers, rows)


_SIGNATURE_MARK = {True: "valid", False: "INVALID", None: "?"}


# ------------------------------------------------------------ human summary


def _print_summary(result: dict[str, Any]) -> None:
    zh = language() == "zh"
    name = (result.get("file") or {}).get("name", "?")
    if "error" in result:
        print(f"{name}: {'失败' if zh else 'FAILED'} — {result['error']}")
        return
    file_info = result.get("file") or {}
    print(f"== {name}  ({file_info.get('size', '?')} B, sha256 {file_info.get('sha256', '?')})")
    bundle = result.get("bundle")
    if isinstance(bundle, dict):
        splits = len(bundle.get("splits") or [])
        text = (
            f"{bundle.get('format')}，分析 {bundle.get('analysed')}（拆分包 {splits} 个）"
            if zh
            else f"{bundle.get('format')}, analysed {bundle.get('analysed')} ({splits} split(s))"
        )
        remarks = "; ".join(str(n) for n in bundle.get("notes") or [])
        _line(zh, "安装包组", "bundle", text + (f" — {remarks}" if remarks else ""))
    _line(zh, "包名", "package", result.get("package") or "?")
    version = f"{result.get('version_name') or '?'} (versionCode {result.get('version_code')})"
    _line(zh, "版本", "version", version)
    _line(zh, "SDK", "SDK", f"min {result.get('min_sdk')}, target {result.get('target_sdk')}")
    _line(zh, "签名", "signing", _signing_text(result.get("signing") or {}))
    _line(zh, "一致性", "consistency", _consistency_text(result.get("consistency") or {}))
    packers = result.get("packers") or []
    _line(
        zh,
        "加固",
        "packers",
        ", ".join(f"{pick(p['title'])} ({p['confidence']})" for p in packers)
        or ("未发现" if zh else "none found"),
    )
    sdks = result.get("sdks") or []
    collectors = [s for s in sdks if s.get("collects_personal_data")]
    _line(
        zh,
        "第三方SDK",
        "SDKs",
        f"{len(sdks)}"
        + (
            f"（收集个人信息 {len(collectors)}）"
            if zh
            else f" ({len(collectors)} collect personal data)"
        )
        + (": " + ", ".join(pick(s["title"]) for s in sdks) if sdks else ""),
    )
    completeness = result.get("completeness") or {}
    if completeness.get("packed") or completeness.get("degraded"):
        notes = []
        if completeness.get("packed"):
            notes.append(
                "代码已加固，代码级检查不完整" if zh else "code is packed: code checks incomplete"
            )
        degraded = completeness.get("degraded")
        if degraded:
            items = degraded if isinstance(degraded, list) else [degraded]
            notes.append(("解析降级：" if zh else "degraded parse: ") + "; ".join(map(str, items)))
        _line(zh, "完整性", "completeness", " / ".join(notes))
    _print_findings(zh, result.get("findings") or [])


def _line(zh: bool, label_zh: str, label_en: str, value: str) -> None:
    print(f"  {label_zh if zh else label_en}: {value}")


def _signing_text(signing: dict[str, Any]) -> str:
    schemes = [s for s in ("v1", "v2", "v3", "v31") if signing.get(s)]
    parts = [("schemes " + "+".join(schemes)) if schemes else "unsigned"]
    certificates = signing.get("certificates") or []
    for cert in certificates[:3]:
        if isinstance(cert, dict):
            parts.append(f"{cert.get('subject', '?')} sha256 {cert.get('sha256', '?')}")
    if schemes:
        parts.append(pick(signature_verdict(signing)))
    return "; ".join(parts)


def _consistency_text(consistency: dict[str, Any]) -> str:
    if consistency.get("verdict_zh") or consistency.get("verdict_en"):
        return pick(
            {"zh": consistency.get("verdict_zh", ""), "en": consistency.get("verdict_en", "")}
        )
    return "-"


def _print_findings(zh: bool, findings: list[dict[str, Any]]) -> None:
    counts = Counter(f.get("severity", "info") for f in findings)
    summary = ", ".join(f"{s} {counts[s]}" for s in SEVERITY_ORDER if counts[s])
    _line(zh, "发现", "findings", summary or ("无" if zh else "none"))
    order = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    for finding in sorted(findings, key=lambda f: order.get(f.get("severity", "info"), 99)):
        title = finding.get("title")
        text = pick(title) if isinstance(title, dict) else (title or "")
        rule = finding.get("rule_id", "?")
        print(f"    [{finding.get('severity', '?')}] {rule} {text}".rstrip())
