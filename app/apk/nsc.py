"""Network security config (res/xml/…) and the cleartext-traffic decision.

The platform's rule, which we follow: on API 24+ a network security config
decides (its base-config, else the targetSdk default); otherwise the
``usesCleartextTraffic`` attribute decides; without either, cleartext is
allowed when targetSdk < 28.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.apk.axml import TYPE_INT_BOOLEAN, Element
from app.apk.manifest import Manifest


@dataclass
class NetworkSecurity:
    present: bool = False
    path: str | None = None
    base_cleartext: bool | None = None  # base-config cleartextTrafficPermitted, if set
    cleartext_domains: list[str] = field(default_factory=list)
    user_ca: list[str] = field(default_factory=list)  # where user CAs are trusted
    debug_overrides: bool = False
    pinned_domains: list[str] = field(default_factory=list)
    readable: bool = True

    def to_json(self) -> dict:
        return {
            "present": self.present,
            "path": self.path,
            "base_cleartext_permitted": self.base_cleartext,
            "cleartext_domains": self.cleartext_domains,
            "user_ca_trusted": self.user_ca,
            "debug_overrides": self.debug_overrides,
            "pinned_domains": self.pinned_domains,
        }


def read_network_security(root: Element, path: str) -> NetworkSecurity:
    info = NetworkSecurity(present=True, path=path)
    for element in root.children:
        if element.tag == "base-config":
            info.base_cleartext = _cleartext(element)
            if _trusts_user(element):
                info.user_ca.append("base-config")
        elif element.tag == "domain-config":
            _read_domain_config(element, info)
        elif element.tag == "debug-overrides":
            info.debug_overrides = bool(element.find_children("trust-anchors"))
    return info


def _read_domain_config(element: Element, info: NetworkSecurity) -> None:
    domains = [d.text.strip() for d in element.find_children("domain") if d.text.strip()]
    label = ", ".join(domains[:3]) or "domain-config"
    if _cleartext(element):
        info.cleartext_domains.extend(domains or ["(unnamed domain-config)"])
    if _trusts_user(element):
        info.user_ca.append(f"domain-config {label}")
    if element.find_children("pin-set"):
        info.pinned_domains.extend(domains)
    for child in element.find_children("domain-config"):
        _read_domain_config(child, info)


def _cleartext(element: Element) -> bool | None:
    attr = element.plain_attr("cleartextTrafficPermitted")
    if attr is None:
        return None
    if attr.dtype == TYPE_INT_BOOLEAN:
        return attr.data != 0
    return (attr.raw or "").strip().lower() == "true"


def _trusts_user(element: Element) -> bool:
    for anchors in element.find_children("trust-anchors"):
        for certificates in anchors.find_children("certificates"):
            src = certificates.plain_attr("src")
            if src is not None and (src.raw or "").strip().lower() == "user":
                return True
    return False


@dataclass
class CleartextDecision:
    permitted: bool
    reason: str


def decide_cleartext(manifest: Manifest, nsc: NetworkSecurity | None) -> CleartextDecision:
    target = manifest.effective_target_sdk
    default = target < 28
    if nsc is not None and nsc.present:
        if nsc.base_cleartext is not None:
            base, why = nsc.base_cleartext, "network_security_config base-config"
        else:
            base, why = default, f"network_security_config without base-config, targetSdk {target}"
        if base:
            return CleartextDecision(True, f"{why} permits cleartext")
        if nsc.cleartext_domains:
            shown = ", ".join(nsc.cleartext_domains[:5])
            return CleartextDecision(True, f"network_security_config permits cleartext for {shown}")
        return CleartextDecision(False, f"{why} blocks cleartext")
    if manifest.uses_cleartext_traffic is not None:
        value = str(manifest.uses_cleartext_traffic).lower()
        return CleartextDecision(
            manifest.uses_cleartext_traffic, f"android:usesCleartextTraffic={value}"
        )
    verdict = "permits" if default else "blocks"
    return CleartextDecision(
        default,
        f"no usesCleartextTraffic or network_security_config; targetSdk {target} {verdict}"
        " cleartext by default",
    )
