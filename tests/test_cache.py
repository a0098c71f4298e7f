"""The check cache: keys, invalidation, stores, and its hook in grade_part."""

from __future__ import annotations

import pytest

from grader.answer import Answer
from grader.cache import (
    MemoryCache,
    RedisCache,
    check_key,
    outcome_from_json,
    outcome_to_json,
)
from grader.outcome import CheckOutcome, Status

SAME_KEY = [
    (Answer("1a", "O(n)"), Answer("1a", "  O(n)\n")),
    (Answer("1a", "O(n)", confidence=0.9), Answer("1a", "O(n)", confidence=0.4)),
    (Answer("1a", "x", declared={"d": "n", "e": "t"}),
     Answer("1a", "x", declared={"e": "t", "d": "n"})),
]
DIFFERENT_KEY = [
    (Answer("1a", "O(n)"), Answer("1a", "O(n^2)")),
    (Answer("1a", "O(n)", final="O(n)"), Answer("1a", "O(n)", final=None)),
    (Answer("1a", "O(d)", declared={"d": "n"}), Answer("1a", "O(d)")),
]
OUTCOMES = [
    CheckOutcome(Status.CORRECT, 2.0),
    CheckOutcome(Status.PARTIAL, 0.5, ("misses the recurrent product",), ("ref O(t n^2 L)",),
                 "O(t·n·L)", "forgot_recurrent_matmul"),
    CheckOutcome.review("check timed out", suggested=1.0),
]


@pytest.mark.parametrize(("one", "other"), SAME_KEY)
def test_same_answer_same_key(one, other):
    assert check_key("v1", "1a", one) == check_key("v1", "1a", other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT_KEY)
def test_different_answer_different_key(one, other):
    assert check_key("v1", "1a", one) != check_key("v1", "1a", other)


def test_version_and_part_are_in_the_key():
    answer = Answer("1a", "O(n)")
    keys = {check_key("v1", "1a", answer), check_key("v2", "1a", answer),
            check_key("v1", "1b", answer)}
    assert len(keys) == 3


def test_a_key_needs_a_version():
    with pytest.raises(ValueError, match="version"):
        check_key("", "1a", Answer("1a", "x"))


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_outcome_round_trip(outcome):
    assert outcome_from_json(outcome_to_json(outcome)) == outcome


def test_memory_cache_counts_and_evicts():
    cache = MemoryCache(max_entries=2)
    a, b, c = (Answer("1a", text) for text in ("a", "b", "c"))
    assert cache.get("v", "1a", a) is None
    cache.put("v", "1a", a, OUTCOMES[0])
    cache.put("v", "1a", b, OUTCOMES[1])
    assert cache.get("v", "1a", a) == OUTCOMES[0]  # a is now the most recent
    cache.put("v", "1a", c, OUTCOMES[2])
    assert cache.get("v", "1a", b) is None
    assert (cache.hits, cache.misses, len(cache)) == (1, 2, 2)
    assert cache.get("v2", "1a", a) is None  # another rubric version


def test_redis_cache_survives_a_dead_redis():
    cache = RedisCache.from_url("redis://127.0.0.1:1/0", local_entries=0)
    answer = Answer("1a", "O(n)")
    cache.put("v", "1a", answer, OUTCOMES[0])
    assert cache.get("v", "1a", answer) is None
    layered = RedisCache.from_url("redis://127.0.0.1:1/0")  # this process still remembers
    layered.put("v", "1a", answer, OUTCOMES[0])
    assert layered.get("v", "1a", answer) == OUTCOMES[0]


class _CountingRedis:
    """A Redis client stand-in that counts GETs."""

    def __init__(self):
        self.data, self.gets = {}, 0

    def get(self, key):
        self.gets += 1
        return self.data.get(key)

    def set(self, key, value, ex=None):
        self.data[key] = value.encode()


def test_redis_cache_asks_redis_once_per_answer_and_process():
    shared = _CountingRedis()
    writer, reader = RedisCache(shared), RedisCache(shared)
    answer = Answer("1a", "O(n)")
    writer.put("v", "1a", answer, OUTCOMES[1])
    assert writer.get("v", "1a", answer) == OUTCOMES[1] and shared.gets == 0
    assert reader.get("v", "1a", answer) == OUTCOMES[1] and shared.gets == 1  # another worker
    assert reader.get("v", "1a", answer) == OUTCOMES[1] and shared.gets == 1
    assert reader.get("v2", "1a", answer) is None  # another rubric version
    assert (reader.hits, reader.misses) == (2, 1)


class _CountingChecker:
    def __init__(self, outcome=None, error=None):
        self.calls = 0
        self.outcome = outcome
        self.error = error

    def check(self, answer, key):
        self.calls += 1
        if self.error:
            raise self.error
        return self.outcome


def _part_key():
    from grader.checks.base import NoParams, PartKey
    from grader.notation import Notation
    from grader.rubric.models import Part

    return PartKey(part=Part(id="1a", points=2, kind="counting"), params=NoParams(),
                   notation=Notation())


@pytest.mark.parametrize(("outcome", "error", "calls"), [
    (CheckOutcome(Status.CORRECT, 2.0, ("well done",)), None, 1),
    (None, RuntimeError("checker bug"), 2),  # failures are not cached
])
def test_grade_part_checks_an_answer_once(monkeypatch, outcome, error, calls):
    import grader.pipeline as pipeline

    checker = _CountingChecker(outcome, error)
    monkeypatch.setattr(pipeline, "get_checker", lambda kind: checker)
    cache, key = MemoryCache(), _part_key()
    first = pipeline.grade_part(Answer("1a", "O(n)"), key, cache=cache, version="v")
    second = pipeline.grade_part(Answer("1a", " O(n) ", confidence=0.3), key, cache=cache,
                                 version="v")
    assert checker.calls == calls
    assert second.feedback[-len(first.feedback):] == first.feedback
    assert first.status is (outcome.status if outcome else Status.NEEDS_REVIEW)
    assert second.status is Status.NEEDS_REVIEW  # low confidence is applied after the cache


def test_cached_results_equal_uncached(assignments):
    """Grading the samples with a warm cache changes nothing."""
    from grader.pipeline import grade_submission
    from tests.conftest import REPO

    assignment = assignments["seqmodels-a5"]
    files = sorted((REPO / "submissions" / "seqmodels-a5").glob("*.md"))
    cache = MemoryCache()
    cold = [grade_submission(path, assignment, cache=cache) for path in files]
    warm = [grade_submission(path, assignment, cache=cache) for path in files]
    plain = [grade_submission(path, assignment) for path in files]
    assert cold == warm == plain
    assert cache.hits > 0
