"""Passwords of local accounts: salted scrypt hashes, the password policy, role codes.

Pure functions (no database): the account service (app/services/accounts.py) stores
what these produce. scrypt comes with the standard library, so no dependency is
needed; its cost parameters are stored in each hash, so they can be raised later and
old hashes still verify (and are re-hashed at the next sign-in).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.enums import Role
from app.errors import ValidationError

# OWASP's password storage cheat sheet lists N=2^15, r=8, p=3 among its equivalent
# scrypt minimums: 32 MiB of memory, about 0.3 s on this project's machines.
LOG2_N, BLOCK_SIZE, PARALLELISM = 15, 8, 3
SALT_BYTES, KEY_BYTES = 16, 32
_SCHEME = "scrypt"
_MAX_MEMORY = 256 * 1024 * 1024

MIN_LENGTH, MAX_LENGTH = 10, 128
MIN_CHARACTER_CLASSES = 3
# Stems of the passwords tried first by anyone guessing (and by the checklist's own
# weak-password test, IH-AUTH-01); a password that is one of them plus digits or
# symbols is refused too ("Password!2024").
_COMMON_STEMS = frozenset(
    {
        "password",
        "passw0rd",
        "admin",
        "administrator",
        "qwerty",
        "qwertyuiop",
        "asdfgh",
        "abcdef",
        "abcdefg",
        "abcdefgh",
        "letmein",
        "welcome",
        "iloveyou",
        "changeme",
        "root",
        "test",
        "hospital",
        "ihsa",
    }
)

# Letters of any script (an office names its reviewers 赵复核 as often as zhao), digits
# and . _ @ -; a case names its assessor and reviewer by these names.
USERNAME_PATTERN = re.compile(r"^[^\W_][\w.@-]{1,63}$")


@dataclass(frozen=True)
class HashParameters:
    log2_n: int = LOG2_N
    block_size: int = BLOCK_SIZE
    parallelism: int = PARALLELISM


CURRENT = HashParameters()


def hash_password(password: str, parameters: HashParameters | None = None) -> str:
    """``scrypt$log2N$r$p$salt$key`` with a fresh random salt (base64 without padding)."""
    parameters = parameters or CURRENT
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, parameters)
    return "$".join(
        (
            _SCHEME,
            str(parameters.log2_n),
            str(parameters.block_size),
            str(parameters.parallelism),
            _b64(salt),
            _b64(key),
        )
    )


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches; the comparison takes constant time.

    A malformed stored hash verifies nothing (it is never an error a guesser can tell
    apart from a wrong password).
    """
    parsed = _parse(stored)
    if parsed is None:
        hash_password(password)  # spend the same time as a real check
        return False
    parameters, salt, key = parsed
    return hmac.compare_digest(_derive(password, salt, parameters), key)


def spend_hash_time(password: str) -> None:
    """Hash for nothing, so an unknown user name takes as long as a wrong password."""
    hash_password(password)


def needs_rehash(stored: str) -> bool:
    """True for hashes made with weaker parameters than today's (re-hashed on sign-in)."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] != CURRENT


def password_problem(password: str, username: str) -> tuple[str, str] | None:
    """Why ``password`` is refused for ``username`` as (zh, en), or None when acceptable."""
    if len(password) < MIN_LENGTH:
        return (
            f"口令至少 {MIN_LENGTH} 个字符（当前 {len(password)} 个）",
            f"the password needs at least {MIN_LENGTH} characters (it has {len(password)})",
        )
    if len(password) > MAX_LENGTH:
        return (
            f"口令最多 {MAX_LENGTH} 个字符",
            f"the password takes at most {MAX_LENGTH} characters",
        )
    classes = _character_classes(password)
    if classes < MIN_CHARACTER_CLASSES:
        return (
            f"口令须包含大写字母、小写字母、数字、符号中的至少 {MIN_CHARACTER_CLASSES} 类"
            f"（当前 {classes} 类）",
            f"the password needs at least {MIN_CHARACTER_CLASSES} of: upper-case, lower-case, "
            f"digits, symbols (it has {classes})",
        )
    lowered = password.casefold()
    name = username.strip().casefold()
    if name and (lowered == name or (len(name) >= 3 and name in lowered)):
        return ("口令不能包含用户名", "the password must not contain the user name")
    stem = re.sub(r"[^a-z]", "", lowered)
    if stem in _COMMON_STEMS or len(set(password)) <= 3:
        return (
            "口令过于常见或简单（如 Password!2024），请换一个",
            "the password is too common or simple (like Password!2024); choose another",
        )
    return None


def check_password(password: str, username: str) -> None:
    problem = password_problem(password, username)
    if problem is not None:
        raise ValidationError(*problem, code="weak_password")


def check_username(username: str) -> str:
    """The user name, stripped and NFC-normalised; letters (any script), digits and
    . _ @ - only (it is typed at sign-in)."""
    name = unicodedata.normalize("NFC", username.strip())
    if not USERNAME_PATTERN.match(name):
        raise ValidationError(
            f"用户名须为 2–64 个字母、数字或 . _ @ -，且以字母或数字开头：{name!r}",
            f"a user name is 2–64 letters, digits or . _ @ -, starting with a letter or "
            f"digit: {name!r}",
        )
    return name


def encode_roles(roles: Iterable[Role | str]) -> str:
    """Stored form of a role set: sorted codes joined by commas; refuses an empty set."""
    codes = sorted({parse_role(role).value for role in roles})
    if not codes:
        raise ValidationError(
            "至少选择一个角色（评估员、复核员、管理员）",
            "choose at least one role (assessor, reviewer, admin)",
        )
    return ",".join(codes)


def decode_roles(text: str) -> frozenset[Role]:
    return frozenset(Role(code) for code in text.split(",") if code in Role.__members__.values())


def parse_role(value: Role | str) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        raise ValidationError(
            f"未知角色：{value}（可选 assessor、reviewer、admin）",
            f"unknown role: {value} (choose assessor, reviewer, admin)",
        ) from None


def _derive(password: str, salt: bytes, parameters: HashParameters) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=1 << parameters.log2_n,
        r=parameters.block_size,
        p=parameters.parallelism,
        dklen=KEY_BYTES,
        maxmem=_MAX_MEMORY,
    )


def _parse(stored: str) -> tuple[HashParameters, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return None
    try:
        parameters = HashParameters(int(parts[1]), int(parts[2]), int(parts[3]))
        salt, key = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    if not (10 <= parameters.log2_n <= 20 and 1 <= parameters.block_size <= 32):
        return None
    if not 1 <= parameters.parallelism <= 16 or not salt or len(key) != KEY_BYTES:
        return None
    return parameters, salt, key


def _character_classes(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except ValueError as err:  # binascii.Error is a ValueError
        raise ValueError(str(err)) from err
