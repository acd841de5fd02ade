"""统一社会信用代码 (Unified Social Credit Identifier, GB 32100-2015) validation."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 derives from the first 17."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def problem(code: str) -> tuple[str, str] | None:
    """Why ``code`` is not a valid credit code, as (zh, en); None when it is valid."""
    code = normalise(code)
    if len(code) != 18:
        return (
            f"统一社会信用代码应为 18 位，实际 {len(code)} 位",
            f"a unified social credit code has 18 characters, got {len(code)}",
        )
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        shown = "".join(bad)
        return (
            f"统一社会信用代码含非法字符：{shown}（不使用 I、O、S、V、Z）",
            f"the credit code contains invalid characters: {shown} (I, O, S, V, Z are not used)",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        return (
            f"统一社会信用代码校验位错误：应为 {expected}，实际为 {code[17]}",
            f"credit code check character is wrong: expected {expected}, got {code[17]}",
        )
    return None
