"""Redis unreachable or lost: one clear ``OperationalError`` line, not a traceback (issue #7).

The shared Redis is never touched: an unreachable broker is a closed port, a
lost one a ``redis-server`` of the test's own, killed mid-batch.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from grader.batch import JOURNAL_NAME, Journal, file_key, grade_batch, new_batch_id
from grader.errors import OperationalError
from grader.worker.state import BatchState
from tests.conftest import REPO
from tests.worker.conftest import WorkerProcess, finish, in_background

SAMPLES = REPO / "submissions" / "seqmodels-a5"
#: Nothing listens on port 1 (binding it needs root).
CLOSED_URL = "redis://:hunter2@127.0.0.1:1/0"
FAIL_SECONDS_MAX = 10.0


def _class(folder: Path, copies: int) -> list[Path]:
    """``copies`` copies of the sample class, each in its own folder."""
    samples = sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))
    files = []
    for copy in range(copies):
        group = folder / f"group{copy}"
        group.mkdir(parents=True)
        files += [Path(shutil.copy(path, group / path.name)) for path in samples]
    return files


def test_an_unreachable_broker_fails_at_once_by_name(assignments, tmp_path):
    files = _class(tmp_path / "class", 1)
    started = time.monotonic()
    with pytest.raises(OperationalError) as caught:
        grade_batch(files, assignments["seqmodels-a5"], tmp_path / "out", broker=CLOSED_URL,
                    progress=False)
    assert time.monotonic() - started < FAIL_SECONDS_MAX
    message = str(caught.value)
    assert "cannot reach the broker at redis://:**@127.0.0.1:1/0" in message
    assert "hunter2" not in message and "\n" not in message


def test_grade_with_an_unreachable_broker_prints_one_line(tmp_path, capsys):
    from grader.cli.main import main

    files = _class(tmp_path / "class", 1)
    code = main(["grade", "seqmodels-a5", str(files[0]), "--out", str(tmp_path / "out"),
                 "--broker", CLOSED_URL, "--no-progress"])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith("grader: cannot reach the broker at redis://:**@")


@pytest.mark.slow
def test_a_broker_lost_mid_batch_keeps_what_was_graded(private_redis, assignments, tmp_path):
    server, url = private_redis
    assignment = assignments["seqmodels-a5"]
    files = _class(tmp_path / "class", 6)  # seconds of work for one worker
    out = tmp_path / "out"
    worker = WorkerProcess(url, tmp_path / "worker.log")
    try:
        batch_id = new_batch_id()
        running = in_background(grade_batch, files, assignment, out, broker=url,
                                batch_id=batch_id, progress=False)
        state = BatchState.from_url(url, batch_id)
        while (state.summary() or {}).get("done", 0) < 5:
            assert running[0].is_alive(), "the batch ended before Redis was killed"
            time.sleep(0.02)
        server.kill()
        server.wait(timeout=10)
        killed = time.monotonic()
        with pytest.raises(OperationalError) as caught:
            finish(*running)
        print(f"\nthe batch failed {time.monotonic() - killed:.2f} s after Redis died")
        assert time.monotonic() - killed < FAIL_SECONDS_MAX
    finally:
        worker.kill()
    message = str(caught.value)
    kept = len((out / JOURNAL_NAME).read_text().splitlines())
    assert 0 < kept < len(files)
    assert f"lost the broker at {url} mid-batch" in message
    assert f"the {kept} of {len(files)} submission(s) graded so far are kept" in message
    assert "run the same command again" in message and "\n" not in message
    # What a re-run resumes from: entries for these very files, as many as said.
    journal = Journal(out / JOURNAL_NAME, assignment.version).load()
    assert len(journal) == kept
    assert set(journal) <= {file_key(path) for path in files}


def test_a_second_broker_gets_connections_of_its_own():
    """A process that sends to one Redis and then another (as these tests do)
    must not go on using the first one's pooled connections."""
    from grader.worker.app import app, configure

    previous = app.conf.broker_url
    try:
        configure("redis://127.0.0.1:1/0")
        assert app.pool.connection.port == 1
        configure("redis://127.0.0.1:2/0")
        assert app.pool.connection.port == 2
        assert app.amqp.producer_pool.connections.connection.port == 2
    finally:
        if previous:
            configure(previous)
