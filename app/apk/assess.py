"""Judge the facts read from an APK: checks, rule statuses, findings, the JSON report.

Rule ids, severities and texts come from rules/apk/catalog.yaml; which checklist
items a rule feeds comes from the rule pack. A rule is ``fired`` when its weakness
is present (for ``control`` rules: when the protection is absent), ``clear`` when
checked and absent, ``unknown`` when it could not be decided — e.g. the code is
packed, which is never reported as clean.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.apk import consistency
from app.apk.catalog import analyzer_data, checklist_items
from app.apk.codechecks import EVIDENCE_CAP, CodeFindings
from app.apk.nsc import decide_cleartext
from app.domain.enums import SEVERITY_ORDER

if TYPE_CHECKING:
    from app.apk.pipeline import Facts

FIRED, CLEAR, UNKNOWN = "fired", "clear", "unknown"

CHECK_SIGNALS: dict[str, tuple[str, ...]] = {
    "webview_js_enabled": ("js_enabled",),
    "webview_js_interface": ("js_interface",),
    "webview_ssl_error_ignored": ("ssl_error",),
    "insecure_trustmanager": ("trust_all",),
    "insecure_hostname_verifier": ("hostname",),
    "weak_crypto": ("ecb", "weak_cipher", "weak_hash", "static_iv", "insecure_random"),
    "hardcoded_secrets": ("secret",),
    "cleartext_http_urls": ("http_url",),
    "sql_injection": ("raw_sql",),
    "sensitive_logging": ("sensitive_log",),
    "root_detection": ("root_detect",),
    "anti_debug": ("anti_debug",),
}
CHECK_KEYS = (*CHECK_SIGNALS, "obfuscation", "multidex")

# Weakness rules fed by exactly one code signal.
SIGNAL_RULES = {
    "js_enabled": "APK-WEB-JS-ENABLED",
    "js_interface": "APK-WEB-JS-INTERFACE",
    "file_access": "APK-WEB-FILE-ACCESS",
    "ssl_error": "APK-WEB-SSL-ERROR",
    "trust_all": "APK-TLS-TRUST-ALL",
    "hostname": "APK-TLS-HOSTNAME",
    "ecb": "APK-CRYPTO-ECB",
    "weak_cipher": "APK-CRYPTO-WEAK-CIPHER",
    "weak_hash": "APK-CRYPTO-WEAK-HASH",
    "static_iv": "APK-CRYPTO-STATIC-IV",
    "insecure_random": "APK-CRYPTO-INSECURE-RANDOM",
    "raw_sql": "APK-CODE-RAW-SQL",
    "sensitive_log": "APK-CODE-SENSITIVE-LOG",
    "http_url": "APK-NET-HTTP-URL",
    "world_readable": "APK-STORE-WORLD-READABLE",
    "external_storage": "APK-STORE-EXTERNAL",
}
# Protections whose absence fires a rule.
CONTROL_RULES = {
    "root_detect": "APK-RES-NO-ROOT-DETECT",
    "anti_debug": "APK-RES-NO-ANTI-DEBUG",
    "anti_tamper": "APK-RES-NO-ANTI-TAMPER",
}
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITY_ORDER)}
_SECRET_METADATA = re.compile(r"(?i)(secret|api_?key)")
# Obfuscation: share of app classes (R and BuildConfig aside) with 1-2 letter simple
# names, and of app methods with 1-2 letter names; either above its threshold counts.
OBFUSCATED_CLASS_SHARE = 0.25
OBFUSCATED_METHOD_SHARE = 0.3
_RESOURCE_CLASS = re.compile(r"/(R|BuildConfig|Manifest)(\$[A-Za-z_]+)?;$")


class _Code:
    """How far the code could be analysed, and the check results that follow."""

    def __init__(self, facts: Facts) -> None:
        self.findings: CodeFindings = facts.code
        # A "protector" guards the app at run time but leaves its code readable.
        self.packed = any(p.get("kind", "packer") == "packer" for p in facts.packers)
        if not facts.dex_names:
            self.state = "none"
        elif facts.dex_failures >= len(facts.dex_names):
            self.state = "failed"
        elif self.packed:
            self.state = "packed"
        elif facts.dex_failures:
            self.state = "partial"
        else:
            self.state = "ok"
        self.packer_names = ", ".join(_name(p) for p in facts.packers)

    @property
    def decidable(self) -> bool:
        return self.state in ("ok", "partial")

    def result(self, signals: Sequence[str]) -> bool | None:
        if not self.decidable:
            return None
        if any(self.findings.has(s) for s in signals):
            return True
        return None if self.state == "partial" else False

    def evidence(self, signals: Sequence[str]) -> list[str]:
        if self.state == "packed":
            return [f"code is packed ({self.packer_names}); code checks not decided"]
        if self.state == "none":
            return ["no DEX file in the package"]
        if self.state == "failed":
            return ["no DEX file could be parsed"]
        out: list[str] = []
        for signal in signals:
            out.extend(self.findings.evidence.get(signal, []))
        return out[:EVIDENCE_CAP]


def build_report(
    facts: Facts,
    *,
    official_certs: Sequence[str],
    official_version_code: int | None,
    official_package: str | None = None,
    now: datetime,
    analyzer_version: str,
) -> dict:
    data = analyzer_data()
    code = _Code(facts)
    manifest = facts.manifest
    checks = _checks(facts, code)
    certificates = list(facts.signing.certificates.values())
    consistency_result = consistency.compare(
        facts.signing.signer_certificates(),
        facts.signing.signed,
        manifest.version_code if manifest else None,
        official_certs,
        official_version_code,
        signature_valid=facts.signing.verification.signature_valid,
        package=manifest.package if manifest else None,
        official_package=official_package,
    )
    statuses, evidence = _rules(facts, code, checks, certificates, consistency_result, now)
    links = checklist_items()
    findings: list[dict] = []
    for rule_id, status in statuses.items():
        if status != FIRED:
            continue
        info = data.rules[rule_id]
        findings.append(
            {
                "rule_id": rule_id,
                "severity": info.severity,
                "title": dict(info.title),
                "remediation": dict(info.remediation),
                "evidence": evidence.get(rule_id, [])[:EVIDENCE_CAP],
                "checklist_items": list(links.get(rule_id, [])),
            }
        )
    findings.sort(key=lambda f: (SEVERITY_RANK.get(f["severity"], 9), f["rule_id"]))
    return {
        "file": facts.bundle_file
        or {"name": facts.path.name, "size": facts.size, "sha256": facts.sha256},
        "package": manifest.package if manifest else None,
        "version_code": manifest.version_code if manifest else None,
        "version_name": manifest.version_name if manifest else None,
        "min_sdk": manifest.min_sdk if manifest else None,
        "target_sdk": manifest.target_sdk if manifest else None,
        "signing": _signing_json(facts),
        "manifest": _manifest_json(facts),
        "checks": checks,
        "packers": [_named(p) for p in facts.packers],
        "sdks": [_named(s) for s in facts.sdks],
        "findings": findings,
        "rule_status": statuses,
        "consistency": consistency_result,
        "completeness": {
            "packed": code.packed,
            "code_analysis": code.state,
            "degraded": list(dict.fromkeys(facts.degraded)),
        },
        "native_libs": [lib.to_json() for lib in facts.native_libs]
        + [{"path": text.split(":", 1)[0], "error": text} for text in facts.unreadable_libs],
        "bundle": _bundle_json(facts),
        "timings": {},
        "analyzer_version": analyzer_version,
    }


def _bundle_json(facts: Facts) -> dict | None:
    """For a bundle (XAPK, APKS…): its APKs and the one analysed, with that APK's hash."""
    if facts.bundle is None:
        return None
    return {
        **facts.bundle.to_json(),
        "analysed_file": {"name": facts.bundle.base, "size": facts.size, "sha256": facts.sha256},
    }


def _named(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A packer or SDK for the JSON contract: ``name`` a plain (English) string for
    machines, ``title`` the ``{zh, en}`` display name."""
    name = entry.get("name")
    if isinstance(name, Mapping):
        return {**entry, "name": str(name.get("en") or name.get("zh") or ""), "title": dict(name)}
    return {**entry, "title": {"zh": str(name or ""), "en": str(name or "")}}


# -- checks ------------------------------------------------------------------------


def _checks(facts: Facts, code: _Code) -> dict[str, dict]:
    checks: dict[str, dict] = {}
    for key, signals in CHECK_SIGNALS.items():
        checks[key] = {"result": code.result(signals), "evidence": code.evidence(signals)}
    secrets = _package_secrets(facts)
    if secrets:
        entry = checks["hardcoded_secrets"]
        entry["result"] = True
        entry["evidence"] = (secrets + [e for e in entry["evidence"] if e not in secrets])[
            :EVIDENCE_CAP
        ]
    checks["obfuscation"] = _obfuscation(code, facts.manifest_anomalies)
    checks["multidex"] = {
        "result": len(facts.dex_names) >= 2,
        "evidence": list(facts.dex_names),
    }
    return checks


def _package_secrets(facts: Facts) -> list[str]:
    """Secrets outside the code: manifest meta-data and key files shipped in the APK."""
    out = list(facts.key_files)
    if facts.manifest:
        for name, value in facts.manifest.metadata:
            if value and _SECRET_METADATA.search(name) and len(value) >= 16 and " " not in value:
                out.append(f"manifest meta-data {name} = {value[:4]}…({len(value)} chars)")
    return out


def _obfuscation(code: _Code, manifest_anomalies: list[str]) -> dict:
    """Renamed code (short class / method names), or tricks that break analysis tools:
    methods hidden from decompilers, a manifest crafted to mislead parsers."""
    if not code.decidable:
        return {"result": None, "evidence": code.evidence(())}
    findings = code.findings
    tricks = [f"manifest: {a}" for a in manifest_anomalies] + findings.evidence.get(
        "anti_analysis", []
    )
    if tricks:
        return {"result": True, "evidence": tricks[:EVIDENCE_CAP]}
    classes = [d for d in findings.app_class_names if not _RESOURCE_CLASS.search(d)]
    if not classes:
        return {"result": None, "evidence": ["no app classes to judge"]}
    short_classes = sum(1 for d in classes if _short_class(d))
    methods = [m for m in findings.app_method_names if not m.startswith("<")]
    short_methods = sum(1 for m in methods if len(m) <= 2)
    class_share = short_classes / len(classes)
    method_share = short_methods / len(methods) if methods else 0.0
    result = class_share >= OBFUSCATED_CLASS_SHARE or method_share >= OBFUSCATED_METHOD_SHARE
    evidence = [
        f"{short_classes}/{len(classes)} app classes have 1-2 letter names ({class_share:.0%})",
        f"{short_methods}/{len(methods)} sampled app methods have 1-2 letter names "
        f"({method_share:.0%})",
    ]
    if result is False and code.state == "partial":
        return {"result": None, "evidence": evidence}
    return {"result": result, "evidence": evidence}


def _short_class(descriptor: str) -> bool:
    simple = descriptor.rstrip(";").rsplit("/", 1)[-1].rsplit("$", 1)[-1]
    return len(simple) <= 2 and not simple.isdigit()


# -- rules -------------------------------------------------------------------------


def _rules(
    facts: Facts,
    code: _Code,
    checks: dict[str, dict],
    certificates: list,
    consistency_result: dict,
    now: datetime,
) -> tuple[dict[str, str], dict[str, list[str]]]:
    data = analyzer_data()
    statuses: dict[str, str] = {}
    evidence: dict[str, list[str]] = {}

    def judge(rule_id: str, present: bool | None, proof: Sequence[str] = ()) -> None:
        statuses[rule_id] = UNKNOWN if present is None else (FIRED if present else CLEAR)
        if present:
            evidence[rule_id] = list(proof)[:EVIDENCE_CAP]

    _signing_rules(facts, certificates, now, judge)
    cert, version = consistency_result["cert"], consistency_result["version"]
    judge(
        "APK-CONS-CERT-MISMATCH",
        None if cert == "unknown" else cert == "mismatch",
        [consistency_result["verdict_en"]],
    )
    package_state = consistency_result["package"]
    judge(
        "APK-CONS-PACKAGE-MISMATCH",
        None if package_state == "unknown" else package_state == "mismatch",
        [
            f"package {facts.manifest.package if facts.manifest else '?'} != registered "
            f"{consistency_result['official_package']}"
        ],
    )
    judge(
        "APK-CONS-VERSION-OUTDATED",
        None if version == "unknown" else version == "outdated",
        [
            f"versionCode {facts.manifest.version_code if facts.manifest else '?'} < official "
            f"{consistency_result['official_version_code']}"
        ],
    )
    _manifest_rules(facts, judge)
    for signal, rule_id in SIGNAL_RULES.items():
        judge(rule_id, code.result((signal,)), code.evidence((signal,)))
    judge(
        "APK-CODE-HARDCODED-SECRET",
        checks["hardcoded_secrets"]["result"],
        checks["hardcoded_secrets"]["evidence"],
    )
    _privacy_rules(facts, code, judge)
    for signal, rule_id in CONTROL_RULES.items():
        present = code.result((signal,))
        judge(rule_id, None if present is None else not present, _absent(signal, code))
    obfuscated = checks["obfuscation"]["result"]
    judge(
        "APK-RES-NO-OBFUSCATION",
        None if obfuscated is None else not obfuscated,
        checks["obfuscation"]["evidence"],
    )
    if code.packed or any(p.get("kind") == "protector" for p in facts.packers):
        judge("APK-RES-NO-HARDENING", False)
    else:
        judge(
            "APK-RES-NO-HARDENING",
            None if obfuscated is None else not obfuscated,
            ["no packer found", *checks["obfuscation"]["evidence"]],
        )
    weak_libs = [
        f"{lib.path}: {', '.join(lib.weaknesses)}" for lib in facts.native_libs if lib.weaknesses
    ]
    judge("APK-NATIVE-NO-HARDENING", bool(weak_libs), weak_libs)
    judge(
        "APK-SDK-THIRD-PARTY",
        bool(facts.sdks),
        [
            f"{s.get('name')} ({s.get('vendor') or '?'}, {s.get('category') or '?'})"
            for s in facts.sdks
        ],
    )
    judge("APK-PARSE-DEGRADED", bool(facts.degraded), list(dict.fromkeys(facts.degraded)))
    return {rule_id: statuses.get(rule_id, UNKNOWN) for rule_id in data.rules}, evidence


def _name(entry: dict) -> str:
    """English display name of a packer / SDK entry (names are {zh, en} mappings)."""
    name = entry.get("name")
    if isinstance(name, dict):
        return str(name.get("en") or name.get("zh") or entry.get("id") or "?")
    return str(name or entry.get("id") or "?")


def _absent(signal: str, code: _Code) -> list[str]:
    what = {
        "root_detect": "no root or emulator check found in the app code",
        "anti_debug": "no debugger check found in the app code",
        "anti_tamper": "no signature or integrity self-check found in the app code",
    }[signal]
    return [what]


def _signing_rules(facts: Facts, certificates: list, now: datetime, judge) -> None:  # type: ignore[no-untyped-def]
    signing = facts.signing
    judge(
        "APK-SIGN-UNSIGNED",
        not signing.signed,
        ["no v1, v2, v3 or v3.1 signature found", *signing.notes],
    )
    debug = [
        f"{c.subject} ({'Android debug key' if c.is_android_debug else 'AOSP test key'})"
        for c in certificates
        if c.is_android_debug or c.is_aosp_test_key
    ]
    judge("APK-SIGN-DEBUG-CERT", bool(debug), debug)
    weak = []
    for signer in signing.signers:
        for digest in signer.digest_algorithms:
            if digest in ("MD5", "SHA-1"):
                weak.append(f"{signer.scheme} signer digest {digest} {signer.source}".strip())
        for algorithm in signer.signature_algorithms:
            lowered = algorithm.lower()
            if "md5" in lowered or ("dsa" in lowered and "ecdsa" not in lowered):
                weak.append(f"{signer.scheme} signature algorithm {algorithm}")
    for cert in certificates:
        if cert.key_type == "DSA" or (cert.key_type == "RSA" and (cert.key_size or 0) < 2048):
            weak.append(f"{cert.subject}: {cert.key}")
    judge("APK-SIGN-WEAK-ALGO", bool(weak), list(dict.fromkeys(weak)))
    manifest = facts.manifest
    v1_only = signing.v1 and not (signing.v2 or signing.v3 or signing.v31)
    if v1_only and manifest is None:
        judge("APK-SIGN-JANUS", None)
    else:
        min_sdk = manifest.effective_min_sdk if manifest else 24
        judge(
            "APK-SIGN-JANUS",
            v1_only and min_sdk < 24,
            [f"only a v1 signature, minSdkVersion {min_sdk} < 24"],
        )
    expired = [
        f"{c.subject}: valid {c.not_before.date()} – {c.not_after.date()}"
        for c in certificates
        if not c.valid_at(now)
    ]
    judge("APK-SIGN-CERT-EXPIRED", bool(expired), expired)
    verification = signing.verification
    if not verification.schemes_used:  # nothing to verify: APK-SIGN-UNSIGNED speaks
        judge("APK-SIGN-INVALID", False)
    else:
        valid = verification.signature_valid
        judge("APK-SIGN-INVALID", None if valid is None else not valid, verification.problems)


def _manifest_rules(facts: Facts, judge) -> None:  # type: ignore[no-untyped-def]
    manifest = facts.manifest
    rule_ids = (
        "APK-MAN-DEBUGGABLE",
        "APK-MAN-ALLOW-BACKUP",
        "APK-MAN-TEST-ONLY",
        "APK-MAN-EXPORTED",
        "APK-NET-CLEARTEXT",
        "APK-NET-USER-CA",
        "APK-NET-DEBUG-OVERRIDES",
        "APK-PERM-DANGEROUS",
        "APK-PERM-IRRELEVANT",
    )
    if manifest is None:
        for rule_id in rule_ids:
            judge(rule_id, None)
        return
    data = analyzer_data()
    judge("APK-MAN-DEBUGGABLE", manifest.debuggable, [manifest.debuggable_evidence])
    judge(
        "APK-MAN-ALLOW-BACKUP",
        manifest.allow_backup,
        [
            "android:allowBackup=true"
            if manifest.allow_backup_explicit
            else "android:allowBackup not set (the platform default is true)"
        ],
    )
    judge("APK-MAN-TEST-ONLY", manifest.test_only, ["android:testOnly=true"])
    judge(
        "APK-MAN-EXPORTED", bool(manifest.exported_unprotected()), manifest.exported_unprotected()
    )
    nsc = facts.nsc
    if nsc is not None and not nsc.readable:
        judge("APK-NET-CLEARTEXT", None)
        judge("APK-NET-USER-CA", None)
        judge("APK-NET-DEBUG-OVERRIDES", None)
    else:
        decision = decide_cleartext(manifest, nsc)
        judge("APK-NET-CLEARTEXT", decision.permitted, [decision.reason])
        user_ca = [
            f"network_security_config {where} trusts user CAs"
            for where in (nsc.user_ca if nsc else [])
        ]
        if not (nsc and nsc.present) and manifest.effective_target_sdk < 24:
            user_ca.append(
                f"targetSdk {manifest.effective_target_sdk} < 24: user-installed CAs are trusted "
                "by default"
            )
        judge("APK-NET-USER-CA", bool(user_ca), user_ca)
        judge(
            "APK-NET-DEBUG-OVERRIDES",
            bool(nsc and nsc.debug_overrides),
            ["network_security_config <debug-overrides> declares trust anchors"],
        )
    dangerous = sorted(set(manifest.permissions) & data.dangerous_permissions)
    judge("APK-PERM-DANGEROUS", bool(dangerous), dangerous)
    irrelevant = [
        f"{p}: {data.irrelevant_permissions[p]['en']}"
        for p in manifest.permissions
        if p in data.irrelevant_permissions
    ]
    judge("APK-PERM-IRRELEVANT", bool(irrelevant), irrelevant)


def _privacy_rules(facts: Facts, code: _Code, judge) -> None:  # type: ignore[no-untyped-def]
    judge("APK-PRIV-DEVICE-ID", code.result(("device_id",)), code.evidence(("device_id",)))
    present = code.result(("installed_apps",))
    proof = code.evidence(("installed_apps",))
    manifest = facts.manifest
    if manifest and "android.permission.QUERY_ALL_PACKAGES" in manifest.permissions:
        present = True
        proof = ["requests android.permission.QUERY_ALL_PACKAGES", *proof]
    judge("APK-PRIV-INSTALLED-APPS", present, proof)


# -- JSON sections -------------------------------------------------------------------


def _signing_json(facts: Facts) -> dict:
    signing = facts.signing
    main: list[dict] = []
    rotated: list[dict] = []
    for fingerprint, cert in signing.certificates.items():
        entry = cert.to_json()
        schemes = signing.cert_schemes.get(fingerprint, [])
        entry["schemes"] = schemes
        # v3.1 certificates are the rotated key used on Android 13+; listed apart.
        (rotated if schemes == ["v31"] else main).append(entry)
    certs = list(signing.certificates.values())
    return {
        "v1": signing.v1,
        "v2": signing.v2,
        "v3": signing.v3,
        "v31": signing.v31,
        "signed": signing.signed,
        "certificates": main,
        "v31_certificates": rotated,
        "debug_certificate": any(c.is_android_debug for c in certs),
        "aosp_test_key": any(c.is_aosp_test_key for c in certs),
        "v1_signer_digests": signing.v1_digests,
        "verified": signing.verification.to_json(),
        "signature_valid": signing.verification.signature_valid,
        "signers": [
            {
                "scheme": s.scheme,
                "certificates": s.certificates,
                "digest_algorithms": s.digest_algorithms,
                "signature_algorithms": s.signature_algorithms,
                "source": s.source,
                "verified": s.verified,
            }
            for s in signing.signers
        ],
    }


def _manifest_json(facts: Facts) -> dict:
    manifest = facts.manifest
    if manifest is None:
        return {
            key: None
            for key in (
                "debuggable",
                "allow_backup",
                "allow_backup_explicit",
                "test_only",
                "cleartext_traffic",
                "network_security_config",
                "exported_unprotected",
                "exported_launcher",
                "exported_with_permission",
                "permissions",
                "dangerous_permissions",
                "irrelevant_permissions",
            )
        }
    data = analyzer_data()
    nsc = facts.nsc
    cleartext = None if nsc is not None and not nsc.readable else decide_cleartext(manifest, nsc)
    return {
        "debuggable": manifest.debuggable,
        "allow_backup": manifest.allow_backup,
        "allow_backup_explicit": manifest.allow_backup_explicit,
        "test_only": manifest.test_only,
        "cleartext_traffic": cleartext.permitted if cleartext else None,
        "cleartext_reason": cleartext.reason if cleartext else None,
        "uses_cleartext_traffic": manifest.uses_cleartext_traffic,
        "network_security_config": bool(nsc and nsc.present),
        "network_security": nsc.to_json() if nsc else None,
        "application_class": manifest.application_class,
        "exported_unprotected": manifest.exported_unprotected(),
        "exported_launcher": manifest.exported_launcher(),
        "exported_with_permission": manifest.exported_with_permission(),
        "permissions": list(manifest.permissions),
        "dangerous_permissions": sorted(set(manifest.permissions) & data.dangerous_permissions),
        "irrelevant_permissions": [
            p for p in manifest.permissions if p in data.irrelevant_permissions
        ],
    }
