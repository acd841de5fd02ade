"""The analyzer rule ids a pack's ``apk_rules`` may name.

The APK analyzer owns its catalogue (``rules/apk/catalog.yaml``). While that
file does not exist, items are checked against the ids agreed in the shared
contract (notes/apk_rule_ids.md), kept here as a constant.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

CATALOG_RELPATH = Path("apk") / "catalog.yaml"
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")

CONTRACT_APK_RULE_IDS: frozenset[str] = frozenset(
    {
        "APK-SIGN-UNSIGNED",
        "APK-SIGN-DEBUG-CERT",
        "APK-SIGN-WEAK-ALGO",
        "APK-SIGN-JANUS",
        "APK-SIGN-CERT-EXPIRED",
        "APK-CONS-CERT-MISMATCH",
        "APK-CONS-VERSION-OUTDATED",
        "APK-MAN-DEBUGGABLE",
        "APK-MAN-ALLOW-BACKUP",
        "APK-MAN-TEST-ONLY",
        "APK-MAN-EXPORTED",
        "APK-NET-CLEARTEXT",
        "APK-NET-USER-CA",
        "APK-NET-DEBUG-OVERRIDES",
        "APK-NET-HTTP-URL",
        "APK-PERM-DANGEROUS",
        "APK-PERM-IRRELEVANT",
        "APK-PRIV-DEVICE-ID",
        "APK-PRIV-INSTALLED-APPS",
        "APK-WEB-JS-ENABLED",
        "APK-WEB-JS-INTERFACE",
        "APK-WEB-FILE-ACCESS",
        "APK-WEB-SSL-ERROR",
        "APK-TLS-TRUST-ALL",
        "APK-TLS-HOSTNAME",
        "APK-CRYPTO-ECB",
        "APK-CRYPTO-WEAK-CIPHER",
        "APK-CRYPTO-WEAK-HASH",
        "APK-CRYPTO-STATIC-IV",
        "APK-CRYPTO-INSECURE-RANDOM",
        "APK-CODE-RAW-SQL",
        "APK-CODE-SENSITIVE-LOG",
        "APK-CODE-HARDCODED-SECRET",
        "APK-STORE-WORLD-READABLE",
        "APK-STORE-EXTERNAL",
        "APK-RES-NO-ROOT-DETECT",
        "APK-RES-NO-ANTI-DEBUG",
        "APK-RES-NO-ANTI-TAMPER",
        "APK-RES-NO-OBFUSCATION",
        "APK-RES-NO-HARDENING",
        "APK-NATIVE-NO-HARDENING",
        "APK-SDK-THIRD-PARTY",
        "APK-PARSE-DEGRADED",
    }
)


def catalog_rule_ids(data: Any) -> set[str] | None:
    """Rule ids in a parsed analyzer catalogue, or None if its shape is not recognised.

    Accepted shapes: ``{rules: [{id: ...}, ...]}``, ``{rules: {ID: {...}}}``,
    a list of ``{id: ...}`` mappings, or a mapping keyed by rule id.
    """
    if isinstance(data, dict) and "rules" in data:
        data = data["rules"]
    if isinstance(data, list):
        ids = {entry.get("id") for entry in data if isinstance(entry, dict)}
        if len(ids) == len(data) and all(isinstance(i, str) and i for i in ids):
            return {str(i) for i in ids}
        return None
    if isinstance(data, dict) and data and all(_RULE_ID.match(str(key)) for key in data):
        return set(data)
    return None
