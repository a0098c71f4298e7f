"""With a broker, the service grades on real Celery workers, as ``grade`` does (issue #12)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from grader.pipeline import grade_submission
from grader.web import WebSettings, create_app
from tests.web.conftest import ASSIGNMENT, SEED, add_users
from tests.web.test_api import _wait
from tests.worker.conftest import WorkerProcess, redis_url  # noqa: F401 (fixture)

pytestmark = pytest.mark.redis


def test_a_check_is_graded_by_a_worker_as_the_pipeline_grades_it(
        redis_url, tmp_path, assignments) -> None:  # noqa: F811
    worker = WorkerProcess(redis_url, tmp_path / "worker.log")
    try:
        app = create_app(WebSettings(db_url=f"sqlite:///{tmp_path / 'web.sqlite3'}",
                                     broker=redis_url, assignments=(ASSIGNMENT,)))
        token = add_users(app, {"ada": "student"})["ada"]
        headers = {"Authorization": f"Bearer {token}"}
        with TestClient(app) as client:
            submission_id = client.post(
                "/api/submissions", headers=headers, data={"assignment": ASSIGNMENT},
                files={"file": (SEED.name, SEED.read_bytes())}).json()["id"]
            body = _wait(client, headers, submission_id)
    finally:
        worker.kill()
    expected = grade_submission(SEED, assignments[ASSIGNMENT])
    assert body["status"] == "done"
    assert [(p["part"], p["status"], p["score"]) for p in body["parts"]] == [
        (p.part, p.status.value, round(p.score, 4)) for p in expected.parts]
    assert b"Task grader.grade[" in (tmp_path / "worker.log").read_bytes(), "graded by the worker"
