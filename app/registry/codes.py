"""Authorization codes (授权码): a typable id plus a statement signed by the regulator.

Two parts, because they serve two people:

* the **code id** (``7K3M-Q9TX-4RB``): 10 random Crockford base32 symbols (50 bits)
  and a Luhn mod 32 check symbol, so a mistyped id is caught before any look-up;
  ``I``/``L`` read as ``1``, ``O`` as ``0``, case and dashes do not matter.
* the **statement** (``IHSA1.<payload>.<signature>``): the canonical JSON of who the
  code is for (credit code, package, official certificate fingerprints), its validity
  and serial, signed with the regulator's Ed25519 key. Anyone holding the regulator's
  public key verifies it offline, without the database.

The signature covers the exact payload bytes carried in the statement (nothing is
re-serialised before verifying) behind a domain-separation prefix, so a signature
made for something else can never pass as a code. What offline verification cannot
know is whether the regulator revoked the code since: that needs the registry.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.i18n import pick

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
ID_RANDOM_SYMBOLS = 10
STATEMENT_PREFIX = "IHSA1"
FORMAT_VERSION = 1
SIGNING_CONTEXT = b"IHSA authorization code v1\n"
MAX_STATEMENT_CHARS = 8000  # a statement is well under 2 KB; anything larger is not one


def key_id(public_key: Ed25519PublicKey) -> str:
    """16 hex digits of the SHA-256 of the raw public key: names the key in statements."""
    from cryptography.hazmat.primitives import serialization

    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


# ------------------------------------------------------------------ code ids


def _check_symbol(body: str) -> str:
    """Luhn mod 32: catches every single wrong symbol and most swapped neighbours."""
    total, factor = 0, 2
    for symbol in reversed(body):
        addend = factor * ALPHABET.index(symbol)
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def new_code_id() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(ID_RANDOM_SYMBOLS))
    return format_code_id(body + _check_symbol(body))


def format_code_id(symbols: str) -> str:
    return f"{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"


def parse_code_id(text: str) -> str | None:
    """The canonical code id typed in ``text``, or None when it is not one (bad check)."""
    cleaned = re.sub(r"[\s\-]", "", text).upper().translate(str.maketrans("ILO", "110"))
    if len(cleaned) != ID_RANDOM_SYMBOLS + 1 or any(ch not in ALPHABET for ch in cleaned):
        return None
    if _check_symbol(cleaned[:-1]) != cleaned[-1]:
        return None
    return format_code_id(cleaned)


def looks_like_code_id(text: str) -> bool:
    """Short enough to be a typed id rather than a pasted statement."""
    return len(re.sub(r"[\s\-]", "", text)) <= 16


# ----------------------------------------------------------------- statements


@dataclass(frozen=True)
class Statement:
    """What the regulator attests; every field is covered by the signature."""

    code_id: str
    serial: int
    key_id: str
    issuer: str
    organisation_name: str
    credit_code: str
    application_name: str
    package: str
    platform: str
    cert_sha256: tuple[str, ...]
    valid_from: date
    valid_until: date
    issued_on: date

    def payload(self) -> dict[str, Any]:
        return {
            "v": FORMAT_VERSION,
            "id": self.code_id,
            "serial": self.serial,
            "kid": self.key_id,
            "iss": self.issuer,
            "org": {"name": self.organisation_name, "credit_code": self.credit_code},
            "app": {
                "name": self.application_name,
                "package": self.package,
                "platform": self.platform,
                "cert_sha256": list(self.cert_sha256),
            },
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "issued": self.issued_on.isoformat(),
        }


def sign_statement(statement: Statement, private_key: Ed25519PrivateKey) -> str:
    payload = json.dumps(
        statement.payload(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")
    signature = private_key.sign(SIGNING_CONTEXT + payload)
    return f"{STATEMENT_PREFIX}.{_b64(payload)}.{_b64(signature)}"


class MalformedCode(ValueError):
    """Not a statement at all (garbage, truncated, wrong format)."""


def parse_statement(text: str) -> tuple[Statement, bytes, bytes]:
    """(statement, signed payload bytes, signature); raises ``MalformedCode``.

    Parsing trusts nothing: the result is only meaningful after the signature checks.
    """
    compact = re.sub(r"\s", "", text)
    if not compact or len(compact) > MAX_STATEMENT_CHARS:
        raise MalformedCode("size")
    parts = compact.split(".")
    if len(parts) != 3 or parts[0] != STATEMENT_PREFIX:
        raise MalformedCode("format")
    try:
        payload, signature = _unb64(parts[1]), _unb64(parts[2])
        data = json.loads(payload.decode("utf-8"))
        statement = _statement_from(data)
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise MalformedCode(str(err)) from err
    if len(signature) != 64:
        raise MalformedCode("signature length")
    return statement, payload, signature


def _statement_from(data: Any) -> Statement:
    if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
        raise ValueError("unknown statement version")
    org, app = data["org"], data["app"]
    certs = app["cert_sha256"]
    if not isinstance(certs, list) or not all(isinstance(c, str) for c in certs):
        raise ValueError("certificate list")
    code_id = parse_code_id(str(data["id"]))
    if code_id is None:
        raise ValueError("code id")
    return Statement(
        code_id=code_id,
        serial=int(data["serial"]),
        key_id=str(data["kid"]),
        issuer=str(data["iss"]),
        organisation_name=str(org["name"]),
        credit_code=str(org["credit_code"]),
        application_name=str(app["name"]),
        package=str(app["package"]),
        platform=str(app["platform"]),
        cert_sha256=tuple(certs),
        valid_from=date.fromisoformat(data["valid_from"]),
        valid_until=date.fromisoformat(data["valid_until"]),
        issued_on=date.fromisoformat(data["issued"]),
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", text):
        raise binascii.Error("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# ---------------------------------------------------------------- verifying


class Outcome(StrEnum):
    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    TAMPERED = "tampered"
    WRONG_KEY = "wrong_key"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"  # not in this registry
    ID_ONLY = "id_only"  # a typed id without the registry: nothing to verify


OUTCOME_TEXT: dict[Outcome, dict[str, str]] = {
    Outcome.VALID: {"zh": "授权码有效", "en": "the authorization code is valid"},
    Outcome.NOT_YET_VALID: {
        "zh": "授权码尚未生效",
        "en": "the authorization code is not valid yet",
    },
    Outcome.EXPIRED: {"zh": "授权码已过期", "en": "the authorization code has expired"},
    Outcome.REVOKED: {
        "zh": "授权码已被监管机构撤销",
        "en": "the authorization code was revoked by the regulator",
    },
    Outcome.TAMPERED: {
        "zh": "签名不符：授权码内容被改动或伪造",
        "en": "the signature does not match: the code was altered or forged",
    },
    Outcome.WRONG_KEY: {
        "zh": "不是由该监管机构密钥签发（其他密钥签发，或密钥标识被改动）",
        "en": "not issued with this regulator key (another key, or its key id was altered)",
    },
    Outcome.MALFORMED: {
        "zh": "不是授权码（格式错误、内容不完整或已截断）",
        "en": "not an authorization code (wrong format, incomplete or cut off)",
    },
    Outcome.UNKNOWN: {
        "zh": "本登记库中没有此授权码",
        "en": "this authorization code is not in this registry",
    },
    Outcome.ID_ONLY: {
        "zh": "仅有授权码编号，离线无法核验：请提供完整的签名授权码，或连接登记库查询",
        "en": "a code id alone cannot be verified offline: give the full signed code, "
        "or look it up in the registry",
    },
}

OFFLINE_LIMIT = {
    "zh": "离线核验只能证明授权码由监管机构签发且在有效期内，无法得知其后是否被撤销；"
    "如需确认撤销状态，请查询登记库或联系监管机构。",
    "en": "Offline verification proves the code was issued by the regulator and is "
    "within its validity; it cannot tell whether the code was revoked since — check "
    "the registry or ask the regulator for that.",
}


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    statement: Statement | None = None
    registry_checked: bool = False
    detail: str = ""  # e.g. the revocation reason

    @property
    def valid(self) -> bool:
        return self.outcome == Outcome.VALID

    def message(self, lang: str | None = None) -> str:
        text = pick(OUTCOME_TEXT[self.outcome], lang)
        if not self.detail:
            return text
        return pick({"zh": f"{text}（{self.detail}）", "en": f"{text} ({self.detail})"}, lang)

    def limit(self, lang: str | None = None) -> str:
        """What this verification could not establish ("" when the registry was used)."""
        if self.registry_checked or self.outcome in (Outcome.MALFORMED, Outcome.ID_ONLY):
            return ""
        return pick(OFFLINE_LIMIT, lang)


def verify_signed(text: str, public_key: Ed25519PublicKey, today: date) -> Verification:
    """Verify a statement with the regulator's public key alone (no registry)."""
    from cryptography.exceptions import InvalidSignature

    if looks_like_code_id(text):
        return Verification(Outcome.ID_ONLY if parse_code_id(text) else Outcome.MALFORMED)
    try:
        statement, payload, signature = parse_statement(text)
    except MalformedCode:
        return Verification(Outcome.MALFORMED)
    if statement.key_id != key_id(public_key):
        return Verification(Outcome.WRONG_KEY, statement)
    try:
        public_key.verify(signature, SIGNING_CONTEXT + payload)
    except InvalidSignature:
        return Verification(Outcome.TAMPERED, statement)
    return Verification(validity(statement, today), statement)


def validity(statement: Statement, today: date) -> Outcome:
    if today < statement.valid_from:
        return Outcome.NOT_YET_VALID
    if today > statement.valid_until:
        return Outcome.EXPIRED
    return Outcome.VALID
