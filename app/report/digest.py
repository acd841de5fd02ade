"""The digest a report prints over the answers and evidence it was made from.

Verification recomputes it from the database: if it still matches, the case
record has not changed since the report was produced. The serialisation is
canonical JSON (sorted keys, no insignificant whitespace, UTF-8), so any
implementation can reproduce it::

    {"answers": [{"item_id", "justification", "note", "result", "source"}...
                 sorted by item_id],
     "evidence": [sha256 hex, sorted],
     "format": "ihsa-digest-1"}
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Protocol

FORMAT = "ihsa-digest-1"


class DigestAnswer(Protocol):
    """The answer fields the digest covers (app.domain.models.Answer has them)."""

    @property
    def item_id(self) -> str: ...
    @property
    def result(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def justification(self) -> str: ...
    @property
    def source(self) -> str: ...


def canonical_payload(answers: Iterable[DigestAnswer], evidence_sha256: Iterable[str]) -> bytes:
    """The exact bytes that are hashed."""
    rows = sorted(
        (
            {
                "item_id": a.item_id,
                "result": str(a.result),
                "note": a.note or "",
                "justification": a.justification or "",
                "source": str(a.source),
            }
            for a in answers
        ),
        key=lambda row: row["item_id"],
    )
    document = {
        "format": FORMAT,
        "answers": rows,
        "evidence": sorted(h.lower() for h in evidence_sha256),
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def answers_digest(answers: Iterable[DigestAnswer], evidence_sha256: Iterable[str]) -> str:
    """SHA-256 (lowercase hex) of the canonical payload."""
    return hashlib.sha256(canonical_payload(answers, evidence_sha256)).hexdigest()
