"""The application life-cycle on the regulator's platform (风控平台) and its rules.

registered → active (admitted) → suspended ⇄ active → removed (清出); removed comes
back to active only through an approved, passing re-admission case. An application
that fails its first assessment may be removed straight from registered.
"""

from __future__ import annotations

from app.domain.enums import AppStatus, Grade, RectificationStatus

STATUS_TEXT: dict[AppStatus, dict[str, str]] = {
    AppStatus.REGISTERED: {"zh": "已登记", "en": "registered"},
    AppStatus.ACTIVE: {"zh": "已接入", "en": "active"},
    AppStatus.SUSPENDED: {"zh": "已暂停", "en": "suspended"},
    AppStatus.REMOVED: {"zh": "已清出", "en": "removed"},
}

APP_TRANSITIONS: dict[AppStatus, frozenset[AppStatus]] = {
    AppStatus.REGISTERED: frozenset({AppStatus.ACTIVE, AppStatus.REMOVED}),
    AppStatus.ACTIVE: frozenset({AppStatus.SUSPENDED, AppStatus.REMOVED}),
    AppStatus.SUSPENDED: frozenset({AppStatus.ACTIVE, AppStatus.REMOVED}),
    AppStatus.REMOVED: frozenset({AppStatus.ACTIVE}),
}


def allowed_next(status: AppStatus) -> list[AppStatus]:
    """The statuses ``status`` may move to, in life-cycle order."""
    return [s for s in AppStatus if s in APP_TRANSITIONS[status]]


# Grades that pass an assessment (B passes with rectifications).
PASSING_GRADES = frozenset({Grade.A, Grade.B})

# Statuses in which the app may not carry a valid authorization code.
REVOKING_STATUSES = frozenset({AppStatus.SUSPENDED, AppStatus.REMOVED})

MIN_REASON_CHARS = 4

RECTIFICATION_TEXT: dict[RectificationStatus, dict[str, str]] = {
    RectificationStatus.OPEN: {"zh": "待整改", "en": "open"},
    RectificationStatus.FIXED: {"zh": "已整改待复核", "en": "fixed, awaiting verification"},
    RectificationStatus.VERIFIED: {"zh": "已复核", "en": "verified"},
    RectificationStatus.WAIVED: {"zh": "已豁免", "en": "waived"},
}

# action -> (statuses it starts from, status it leads to)
RECTIFICATION_ACTIONS: dict[str, tuple[frozenset[RectificationStatus], RectificationStatus]] = {
    "fix": (frozenset({RectificationStatus.OPEN}), RectificationStatus.FIXED),
    "verify": (frozenset({RectificationStatus.FIXED}), RectificationStatus.VERIFIED),
    "reopen": (frozenset({RectificationStatus.FIXED}), RectificationStatus.OPEN),
    "waive": (
        frozenset({RectificationStatus.OPEN, RectificationStatus.FIXED}),
        RectificationStatus.WAIVED,
    ),
}

ACTION_TEXT: dict[str, dict[str, str]] = {
    "create": {"zh": "创建", "en": "created"},
    "fix": {"zh": "标记已整改", "en": "mark fixed"},
    "verify": {"zh": "复核确认", "en": "verify"},
    "reopen": {"zh": "退回重新整改", "en": "reopen"},
    "waive": {"zh": "豁免", "en": "waive"},
}

CLOSED_RECTIFICATION = frozenset({RectificationStatus.VERIFIED, RectificationStatus.WAIVED})
