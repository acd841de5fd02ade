"""Errors the user can understand and act on.

A ``KnownError`` is a user or environment problem (bad input, locked database,
full disk): the CLI prints its one-line message and exits non-zero, the GUI shows
it in a message box. Anything else is a bug and goes to the crash handler.
"""

from __future__ import annotations

from app.i18n import pick


class KnownError(Exception):
    """A failure with a bilingual, one-line, user-facing message."""

    code = "error"

    def __init__(self, zh: str, en: str, *, code: str | None = None) -> None:
        super().__init__(en)
        self.text = {"zh": zh, "en": en}
        if code:
            self.code = code

    def message(self, lang: str | None = None) -> str:
        return pick(self.text, lang)

    def __str__(self) -> str:
        return self.message()


class NotFoundError(KnownError):
    code = "not_found"


class ValidationError(KnownError):
    code = "invalid"


class ConflictError(KnownError):
    code = "conflict"


class StorageError(KnownError):
    code = "storage"


class IntegrityError(KnownError):
    """Stored data no longer matches its recorded hash."""

    code = "integrity"


class JobCancelled(KnownError):
    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("操作已取消", "Operation cancelled")
