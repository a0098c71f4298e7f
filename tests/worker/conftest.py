"""Redis and real Celery worker processes for the integration tests (marker ``redis``)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

#: A DB of its own, emptied before and after the tests that use it.
REDIS_URL_DEFAULT = "redis://127.0.0.1:6379/13"
WORKER_READY_SECONDS = 30
#: Short, so a task of a killed worker is re-delivered within seconds.
VISIBILITY_TIMEOUT_TEST = "4"
#: Seconds a test batch may take.
BATCH_SECONDS_MAX = 60


@pytest.fixture(scope="session")
def redis_url():
    """A reachable Redis DB; skips the test when there is none."""
    import redis

    url = os.environ.get("GRADER_TEST_REDIS_URL", REDIS_URL_DEFAULT)
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {url} is unreachable ({exc}); start redis-server to run this")
    client.flushdb()
    yield url
    client.flushdb()


class WorkerProcess:
    """``grader worker --concurrency N`` (1 by default) in its own process group.

    ``visibility`` sets ``$GRADER_VISIBILITY_TIMEOUT`` (None: the default of
    ``grader.worker.app``).
    """

    def __init__(self, broker: str, log: Path, *, concurrency: int = 1,
                 visibility: str | None = VISIBILITY_TIMEOUT_TEST) -> None:
        self.log = log
        env = {**os.environ}
        env.pop("GRADER_VISIBILITY_TIMEOUT", None)
        if visibility is not None:
            env["GRADER_VISIBILITY_TIMEOUT"] = visibility
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "grader.cli.main", "worker", "--broker", broker,
                 "--concurrency", str(concurrency), "--loglevel", "INFO"],
                stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + WORKER_READY_SECONDS
        while b" ready." not in self.log.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"worker did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL the worker and its children, as a crash would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM to the main process: a warm shutdown (running tasks finish)."""
        self.process.send_signal(signal.SIGTERM)

    def alive(self) -> bool:
        return self.process.poll() is None


def in_background(target, *args, **kwargs):
    """Run a batch on a thread; returns (thread, box) with box["batch"] when done."""
    box: dict = {}

    def run():
        try:
            box["batch"] = target(*args, **kwargs)
        except BaseException as exc:  # surfaced by the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def finish(thread, box):
    thread.join(BATCH_SECONDS_MAX)
    assert not thread.is_alive(), "the batch did not finish"
    if "error" in box:
        raise box["error"]
    return box["batch"]


@pytest.fixture
def start_worker(redis_url, tmp_path):
    """Start workers on the test Redis; every one is killed at teardown."""
    started: list[WorkerProcess] = []

    def start(**options: object) -> WorkerProcess:
        worker = WorkerProcess(redis_url, tmp_path / f"worker-{len(started)}.log", **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


@pytest.fixture
def private_redis(tmp_path):
    """``(process, url)`` of a Redis of this test's own, which it may kill (not
    the shared one); skips when ``redis-server`` is not on PATH."""
    import redis

    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not on PATH: no Redis of the test's own to kill")
    with socket.socket() as probe:  # a free port, released for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + WORKER_READY_SECONDS
    while True:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
            break
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"redis-server on port {port} did not start")
            time.sleep(0.05)
    yield process, url
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
