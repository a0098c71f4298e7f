"""Batch progress in Redis, for ``grader status``: queued, running, done per submission.

Keys (expiring after ``BATCH_TTL_SECONDS_DEFAULT``): ``grader:batch:<id>`` holds
the assignment, total and start time; ``grader:batch:<id>:tasks`` maps each
submission index to its state; ``grader:batch:<id>:attempts`` counts
deliveries; the sorted set ``grader:batches`` lists batches by start time.
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any

import redis

from grader.cache import RedisCache
from grader.worker.broker import unreachable

BATCH_TTL_SECONDS_DEFAULT = 7 * 24 * 3600
PREFIX = "grader:batch:"
BATCHES = "grader:batches"
STATES = ("queued", "running", "done")


class BatchState:
    """One batch's progress in Redis."""

    def __init__(self, client: redis.Redis, batch_id: str, url: str = "") -> None:
        self.client = client
        self.batch_id = batch_id
        self.key = PREFIX + batch_id
        self.url = url  # for error messages

    @classmethod
    def from_url(cls, url: str, batch_id: str) -> BatchState:
        return cls(_client(url), batch_id, url)

    def create(self, assignment: str, indexes: list[int]) -> None:
        pipe = self.client.pipeline()
        pipe.hset(self.key, mapping={"assignment": assignment, "total": len(indexes),
                                     "created": time.time()})
        if indexes:
            pipe.hset(self.key + ":tasks", mapping=dict.fromkeys(indexes, "queued"))
        pipe.zadd(BATCHES, {self.batch_id: time.time()})
        for key in (self.key, self.key + ":tasks"):
            pipe.expire(key, BATCH_TTL_SECONDS_DEFAULT)
        pipe.execute()

    def mark(self, index: int, state: str) -> None:
        self.client.hset(self.key + ":tasks", str(index), state)

    def attempt(self, index: int) -> int:
        """Count one more delivery of submission ``index`` and mark it running
        (one round trip); returns the count."""
        key = self.key + ":attempts"
        pipe = self.client.pipeline(transaction=False)
        pipe.hincrby(key, str(index), 1)
        pipe.expire(key, BATCH_TTL_SECONDS_DEFAULT)
        pipe.hset(self.key + ":tasks", str(index), "running")
        count, _, _ = pipe.execute()
        return int(count)

    def deliveries(self, index: int) -> int:
        """How many times submission ``index`` was started (0: not yet)."""
        return int(self.client.hget(self.key + ":attempts", str(index)) or 0)

    def summary(self) -> dict[str, Any] | None:
        """``{"assignment", "total", "created", "queued", "running", "done"}``, or None.

        Raises:
            OperationalError: Redis is unreachable (``grader status`` says so in one line).
        """
        with unreachable(self.url or "Redis"):
            meta = self.client.hgetall(self.key)
            values = self.client.hvals(self.key + ":tasks") if meta else []
        if not meta:
            return None
        counts = dict.fromkeys(STATES, 0)
        for value in values:
            state = value.decode()
            counts[state] = counts.get(state, 0) + 1
        return {"batch": self.batch_id, "assignment": meta[b"assignment"].decode(),
                "total": int(meta[b"total"]), "created": float(meta[b"created"]), **counts}

    def delete(self) -> None:
        self.client.delete(self.key, self.key + ":tasks", self.key + ":attempts")
        self.client.zrem(BATCHES, self.batch_id)


def recent_batches(url: str, count: int = 10) -> list[str]:
    """Ids of the latest batches, newest first.

    Raises:
        OperationalError: Redis is unreachable.
    """
    with unreachable(url):
        ids = _client(url).zrevrange(BATCHES, 0, count - 1)
    return [b.decode() for b in ids]


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=10)


def batch_state(url: str, batch_id: str) -> BatchState:
    return BatchState(_client(url), batch_id, url)


@cache
def redis_cache(url: str) -> RedisCache:
    """The check cache of a worker process (one per broker URL)."""
    return RedisCache(_client(url))
