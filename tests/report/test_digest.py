"""The answer/evidence digest: canonical, order-free, sensitive to every covered field."""

from __future__ import annotations

from dataclasses import replace

from app.domain.enums import AnswerSource, Result
from app.domain.models import Answer
from app.report.digest import answers_digest, canonical_payload

ANSWERS = [
    Answer(1, "IH-AUTH-02", Result.FAIL, note="口令未定期更换", source=AnswerSource.MANUAL),
    Answer(1, "IH-AUTH-01", Result.PASS),
    Answer(1, "IH-USE-03", Result.NA, justification="不提供该业务", source=AnswerSource.APK_AUTO),
]
EVIDENCE = ["b" * 64, "A" * 64]


def test_format_is_stable() -> None:
    # Changing this value breaks verification of every report already issued.
    assert (
        canonical_payload(ANSWERS[:1], ["AB"])
        == (
            '{"answers":[{"item_id":"IH-AUTH-02","justification":"","note":"口令未定期更换",'
            '"result":"fail","source":"manual"}],"evidence":["ab"],"format":"ihsa-digest-1"}'
        ).encode()
    )
    assert answers_digest(ANSWERS, EVIDENCE) == answers_digest(
        list(reversed(ANSWERS)), list(reversed(EVIDENCE))
    )


def test_every_covered_field_changes_the_digest() -> None:
    base = answers_digest(ANSWERS, EVIDENCE)
    for change in (
        {"result": Result.PARTIAL},
        {"note": "changed"},
        {"justification": "x"},
        {"source": AnswerSource.OVERRIDE},
        {"item_id": "IH-AUTH-03"},
    ):
        changed = [replace(ANSWERS[0], **change), *ANSWERS[1:]]
        assert answers_digest(changed, EVIDENCE) != base, change
    assert answers_digest(ANSWERS, EVIDENCE[:1]) != base
    assert answers_digest(ANSWERS[1:], EVIDENCE) != base


def test_fields_outside_the_digest_do_not_matter() -> None:
    base = answers_digest(ANSWERS, EVIDENCE)
    moved = [replace(a, case_id=99, override_reason="r") for a in ANSWERS]
    assert answers_digest(moved, EVIDENCE) == base
