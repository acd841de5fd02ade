"""Is this the official build? Signing certificate and versionCode vs. the registry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.domain.fingerprints import normalise_sha256
from app.errors import ValidationError


def normalise_fingerprint(text: str) -> str:
    """'AB:CD:…' / 'abcd…' / with spaces -> 64 lower-case hex digits; raises on anything else."""
    cleaned = normalise_sha256(text)
    if cleaned is None:
        raise ValidationError(
            f"官方证书指纹格式错误（应为 64 位十六进制 SHA-256）：{text}",
            f"Invalid official certificate fingerprint (expected 64 hex digits of SHA-256): {text}",
        )
    return cleaned


def compare(
    signer_certs: Sequence[str],
    signed: bool,
    version_code: int | None,
    official_certs: Sequence[str],
    official_version_code: int | None,
    *,
    signature_valid: bool | None = None,
    package: str | None = None,
    official_package: str | None = None,
) -> dict:
    """Package name, certificate and version against the registry.

    ``signature_valid`` False (the signature does not verify) turns a certificate
    match into "mismatch": the official certificate on a file changed after
    signing is the mark of a repackaged app, not of the official release.
    A package name other than the registered one means another app (or the
    wrong file): its versionCode says nothing about the registered release.
    """
    if not official_package or not package:
        package_state = "unknown"
    else:
        package_state = "match" if package == official_package else "mismatch"
    officials = [normalise_fingerprint(c) for c in official_certs]
    tampered = False
    if not officials:
        cert = "unknown"
    elif not signed:
        cert = "mismatch"
    else:
        cert = "match" if set(officials) & set(signer_certs) else "mismatch"
        if cert == "match" and signature_valid is False:
            cert, tampered = "mismatch", True
    if official_version_code is None or version_code is None or package_state == "mismatch":
        version = "unknown"
    elif version_code < official_version_code:
        version = "outdated"
    elif version_code > official_version_code:
        version = "newer"
    else:
        version = "current"
    other_app = package_state == "mismatch"
    zh, en = _verdict(cert, version, signed, tampered, with_version=not other_app)
    if other_app:
        zh = (
            f"包名 {package} 与备案包名 {official_package} 不一致（另一应用、错误文件或仿冒），"
            f"版本无法比对；{zh}"
        )
        en = (
            f"package {package} differs from the registered {official_package} (another app, "
            f"the wrong file or a counterfeit), so the version cannot be compared; {en}"
        )
    return {
        "package": package_state,
        "official_package": official_package or None,
        "cert": cert,
        "tampered": tampered,
        "signature_valid": signature_valid,
        "version": version,
        "official_certs": officials,
        "official_version_code": official_version_code,
        "verdict_zh": zh,
        "verdict_en": en,
    }


def _verdict(
    cert: str, version: str, signed: bool, tampered: bool, *, with_version: bool = True
) -> tuple[str, str]:
    cert_text = {
        "match": ("签名证书与备案官方证书一致", "signing certificate matches the registered one"),
        "mismatch": (
            "签名证书与备案官方证书不一致，疑似仿冒或二次打包"
            if signed
            else "安装包未签名，不可能是官方发布版本",
            "signing certificate differs from the registered one: possible counterfeit "
            "or repackaged app"
            if signed
            else "the APK is unsigned, so it cannot be the official release",
        ),
        "unknown": (
            "未提供备案官方证书，无法比对",
            "no registered official certificate to compare",
        ),
    }[cert]
    if tampered:
        cert_text = (
            "签名证书与备案官方证书一致，但签名校验失败：安装包在签名后被改动，疑似二次打包或篡改",
            "the signing certificate matches the registered one, but the signature does not "
            "verify: the APK was changed after signing (repackaged or tampered with)",
        )
    version_text = {
        "current": ("版本与备案最新版本一致", "version equals the registered release"),
        "outdated": ("版本低于备案最新版本", "version is older than the registered release"),
        "newer": (
            "版本高于备案版本（备案信息可能需要更新）",
            "version is newer than the registered release (the registry may need updating)",
        ),
        "unknown": ("未提供备案版本号或无法读取版本号", "no registered or readable versionCode"),
    }[version]
    if not with_version:
        return f"{cert_text[0]}。", f"{cert_text[1]}."
    return f"{cert_text[0]}；{version_text[0]}。", f"{cert_text[1]}; {version_text[1]}."


def signature_verdict(signing: Mapping[str, Any]) -> dict[str, str]:
    """The signature check of an analysis result's ``signing`` object, in words (zh/en).

    Analyses stored before signatures were verified have no ``verified`` object;
    they say so rather than look clean.
    """
    if not signing.get("signed", any(signing.get(s) for s in ("v1", "v2", "v3", "v31"))):
        return {"zh": "未签名", "en": "unsigned"}
    verified = signing.get("verified")
    if not isinstance(verified, Mapping):
        return {
            "zh": "未校验签名（分析早于签名校验功能）",
            "en": "signatures not verified (analysis made before signature checks existed)",
        }
    schemes = "+".join(str(s) for s in verified.get("schemes_used") or []) or "-"
    problems = "; ".join(str(p) for p in (verified.get("problems") or [])[:3])
    valid = signing.get("signature_valid")
    if valid is True:
        return {"zh": f"签名校验通过（{schemes}）", "en": f"signatures verify ({schemes})"}
    if valid is False:
        return {
            "zh": f"签名校验失败：{problems or '签名与内容不符'}",
            "en": f"signature verification failed: {problems or 'signature does not match'}",
        }
    reason = problems or "; ".join(str(n) for n in (verified.get("notes") or [])[:2]) or "-"
    return {"zh": f"签名无法完整校验：{reason}", "en": f"signatures not fully verified: {reason}"}
