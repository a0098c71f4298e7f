"""The one Celery task: grade one submission (a thin wrapper of ``runner.grade_job``)."""

from __future__ import annotations

from typing import Any

from grader.worker import runner
from grader.worker.app import GRADE_TASK, app
from grader.worker.state import batch_state, redis_cache


@app.task(name=GRADE_TASK)
def grade(batch_id: str, job: dict[str, Any]) -> dict[str, Any]:
    """Grade ``job`` (a ``GradeJob``) for batch ``batch_id``; return the payload."""
    parsed = runner.GradeJob.model_validate(job)
    state = batch_state(app.conf.broker_url, batch_id)
    attempts = state.attempt(parsed.index)  # and marks it running
    if attempts > runner.MAX_ATTEMPTS_DEFAULT:  # it keeps killing its worker
        assignment = runner.assignment_for(parsed.assignment, parsed.version)
        payload = runner.crashed_payload(parsed, assignment, attempts - 1)
    else:
        cache = redis_cache(app.conf.broker_url) if runner.cache_enabled() else None
        payload = runner.grade_job(parsed, cache)
    state.mark(parsed.index, "done")
    return payload
