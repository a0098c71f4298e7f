"""A cache of check outcomes: one answer to one part under one rubric version is checked once.

A class of students writes the same few answers (``O(t n^2 L)`` twenty times),
and a check may cost a second of sympy. ``grade_part`` asks the cache before it
runs a checker and stores what the checker decided. Keys are
``(assignment.version, part id, hash of the answer's text, final line and
declarations)``: the version changes with the rubric text or the reference
module's source, so an edited rubric or reference never reuses an old outcome.
Confidence and other readings are not in the key because ``grade_part`` applies
them after the check.

Two stores: :class:`MemoryCache` (one process, bounded, least recently used
entries dropped) and :class:`RedisCache` (shared by every worker of a broker).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from abc import ABC, abstractmethod
from collections import OrderedDict
from typing import Any

from grader.answer import Answer
from grader.outcome import CheckOutcome, Status

MEMORY_ENTRIES_DEFAULT = 20_000
REDIS_PREFIX_DEFAULT = "grader:check:"
REDIS_TTL_SECONDS_DEFAULT = 30 * 24 * 3600


def check_key(version: str, part_id: str, answer: Answer) -> str:
    """The cache key of one check: rubric version, part and normalised answer.

    Example:
        >>> check_key("6c75247458d56842", "1a", Answer("1a", " O(n) ")).startswith("6c75")
        True
    """
    if not version:
        raise ValueError("a check cache needs the assignment version")
    # a slot's text may be read differently (it certainly answers the part); keys
    # of free-form answers stay what they were
    answer_json = json.dumps([answer.text.strip(), (answer.final or "").strip(),
                              sorted(answer.declared.items()),
                              *(["in_slot"] if answer.in_slot else [])], ensure_ascii=False)
    digest = hashlib.sha256(answer_json.encode()).hexdigest()[:32]
    return f"{version}:{part_id}:{digest}"


def outcome_to_json(outcome: CheckOutcome) -> str:
    return json.dumps({"status": outcome.status.value, "score": outcome.score,
                       "feedback": list(outcome.feedback), "ta_notes": list(outcome.ta_notes),
                       "interpreted_as": outcome.interpreted_as, "matched": outcome.matched},
                      ensure_ascii=False)


def outcome_from_json(text: str | bytes) -> CheckOutcome:
    data: dict[str, Any] = json.loads(text)
    return CheckOutcome(Status(data["status"]), float(data["score"]), tuple(data["feedback"]),
                        tuple(data["ta_notes"]), data["interpreted_as"], data["matched"])


class CheckCache(ABC):
    """Where check outcomes are kept; counts hits and misses for reports."""

    def __init__(self) -> None:
        self.hits = 0
        self.misses = 0

    def get(self, version: str, part_id: str, answer: Answer) -> CheckOutcome | None:
        """The stored outcome for this answer, or None (counted as a miss)."""
        found = self._load(check_key(version, part_id, answer))
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return outcome_from_json(found)

    def put(self, version: str, part_id: str, answer: Answer, outcome: CheckOutcome) -> None:
        self._save(check_key(version, part_id, answer), outcome_to_json(outcome))

    @property
    def hit_rate(self) -> float:
        looked_up = self.hits + self.misses
        return self.hits / looked_up if looked_up else 0.0

    @abstractmethod
    def _load(self, key: str) -> str | bytes | None: ...

    @abstractmethod
    def _save(self, key: str, value: str) -> None: ...


class MemoryCache(CheckCache):
    """A bounded in-process cache (the default without a broker)."""

    def __init__(self, max_entries: int = MEMORY_ENTRIES_DEFAULT) -> None:
        super().__init__()
        self.max_entries = max_entries
        self._entries: OrderedDict[str, str] = OrderedDict()

    def _load(self, key: str) -> str | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def _save(self, key: str, value: str) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class RedisCache(CheckCache):
    """A cache shared by every worker that talks to one Redis.

    A bounded in-process layer (``local_entries``, 0 for none) sits in front of
    Redis: a worker process asks Redis only for answers it has not seen, so a
    submission whose answers are all common costs no Redis round trip (one GET
    per part was most of a cached task's time, bench/run.py). Keys carry the
    rubric version, so the layer never serves an outdated outcome.

    Redis failures are not grading failures: a lookup that fails is a miss and
    a store that fails is skipped.
    """

    def __init__(self, client: Any, *, prefix: str = REDIS_PREFIX_DEFAULT,
                 ttl_seconds: int = REDIS_TTL_SECONDS_DEFAULT,
                 local_entries: int = MEMORY_ENTRIES_DEFAULT) -> None:
        super().__init__()
        self.client = client
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self._local = MemoryCache(local_entries) if local_entries > 0 else None

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisCache:
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=5), **kwargs)

    def _load(self, key: str) -> str | bytes | None:
        import redis

        if self._local is not None and (found := self._local._load(key)) is not None:
            return found
        try:
            value = self.client.get(self.prefix + key)
        except redis.RedisError:
            return None
        if value is not None and self._local is not None:
            self._local._save(key, value.decode() if isinstance(value, bytes) else value)
        return value

    def _save(self, key: str, value: str) -> None:
        import redis

        if self._local is not None:
            self._local._save(key, value)
        with contextlib.suppress(redis.RedisError):
            self.client.set(self.prefix + key, value, ex=self.ttl_seconds)
