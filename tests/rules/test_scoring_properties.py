"""Properties of the scoring model over the bundled pack, checked with hypothesis."""

from __future__ import annotations

from functools import cache

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.enums import Result
from app.errors import ValidationError
from app.rules import RulePack, load_pack, score
from tests.rules.packbuilder import BUNDLED_RULES

RESULTS = list(Result)


@cache
def bundled() -> RulePack:
    return load_pack(BUNDLED_RULES)


def answers_strategy() -> st.SearchStrategy[dict[str, Result]]:
    ids = [i.id for i in bundled().items]
    return st.lists(st.sampled_from(RESULTS), min_size=len(ids), max_size=len(ids)).map(
        lambda results: dict(zip(ids, results, strict=True))
    )


def _score_or_skip(answers):
    try:
        return score(bundled(), answers)
    except ValidationError:  # every item n/a: nothing to score
        assume(False)
        raise


@settings(max_examples=60, deadline=None)
@given(answers_strategy())
def test_score_stays_within_0_and_100(answers):
    result = _score_or_skip(answers)
    assert 0 <= result.score <= 100
    assert 0 <= result.exact_score <= 100


@settings(max_examples=60, deadline=None)
@given(answers_strategy(), st.data())
def test_improving_an_answer_never_lowers_the_score(answers, data):
    before = _score_or_skip(answers)
    improvable = [i for i, r in answers.items() if r in (Result.FAIL, Result.PARTIAL)]
    assume(improvable)
    item_id = data.draw(st.sampled_from(improvable))
    better = Result.PARTIAL if answers[item_id] is Result.FAIL else Result.PASS
    after = score(bundled(), {**answers, item_id: better})
    assert after.exact_score >= before.exact_score
    assert after.score >= before.score


@settings(max_examples=40, deadline=None)
@given(answers_strategy(), st.randoms(use_true_random=False))
def test_order_of_answers_changes_nothing(answers, rnd):
    before = _score_or_skip(answers)
    pairs = list(answers.items())
    rnd.shuffle(pairs)
    after = score(bundled(), dict(pairs))
    assert after.to_json("en") == before.to_json("en")
    assert after.exact_score == before.exact_score
