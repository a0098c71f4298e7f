"""The JSON API and pages on SQLite and PostgreSQL: grading, isolation, limits, restart."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from grader.pipeline import grade_submission
from tests.web.conftest import (
    ASSIGNMENT,
    CHECKS_PER_HOUR,
    MAX_UPLOAD_BYTES,
    SEED,
    add_users,
    make_app,
)

#: Every endpoint that takes a submission id; each must hide others' submissions.
ID_ENDPOINTS = ["/api/submissions/{id}", "/submissions/{id}", "/submissions/{id}/fragment"]
STUDENT_FORBIDDEN_KEYS = {"ta_notes", "machine", "decided_by"}


def test_a_seed_is_graded_as_the_pipeline_grades_it(service, assignments) -> None:
    body = service.wait("ada", service.submit_seed("ada"))
    expected = grade_submission(SEED, assignments[ASSIGNMENT])
    assert body["status"] == "done"
    assert [(p["part"], p["status"], p["score"]) for p in body["parts"]] == [
        (p.part, p.status.value, round(p.score, 4)) for p in expected.parts]
    assert body["filename"] == SEED.name and body["user"] == "ada"


def test_a_student_never_gets_ta_notes(service) -> None:
    body = service.wait("ada", service.submit_seed("ada"))
    assert body["parts"]
    for part in body["parts"]:
        assert not STUDENT_FORBIDDEN_KEYS & part.keys()
    ta_view = service.client.get(f"/api/submissions/{body['id']}",
                                 headers=service.headers("tess")).json()
    assert all("ta_notes" in part for part in ta_view["parts"])


@pytest.mark.parametrize("endpoint", ID_ENDPOINTS)
def test_another_student_cannot_read_a_submission(service, endpoint) -> None:
    submission_id = service.submit_seed("ada")
    service.wait("ada", submission_id)
    url = endpoint.format(id=submission_id)
    assert service.client.get(url, headers=service.headers("bob")).status_code == 404
    missing = service.client.get(endpoint.format(id=submission_id + 1000),
                                 headers=service.headers("bob"))
    assert missing.status_code == 404, "others' ids must look like unused ones"
    assert service.client.get(url, headers=service.headers("ada")).status_code == 200
    assert service.client.get(url, headers=service.headers("tess")).status_code == 200
    assert service.client.get(url).status_code == 401


def test_every_route_that_takes_an_id_is_in_the_table_above(service) -> None:
    """A new route with an id in its path must join ID_ENDPOINTS (and so be tested
    for cross-student access); ids in a body go only to the TA routes, which answer
    a student 403 (tests/web/test_ta.py)."""
    paths = service.client.get("/openapi.json").json()["paths"]
    with_ids = {path.replace("{submission_id}", "{id}") for path in paths if "{" in path}
    assert with_ids and with_ids <= set(ID_ENDPOINTS)


def test_histories_are_own_and_the_ta_sees_the_class(service) -> None:
    ada_id, bob_id = service.submit_seed("ada"), service.submit_seed("bob")
    ids = {name: {s["id"] for s in service.client.get(
        "/api/submissions", headers=service.headers(name)).json()} for name in service.tokens}
    assert ids == {"ada": {ada_id}, "bob": {bob_id}, "tess": {ada_id, bob_id}}
    service.wait("ada", ada_id)
    service.wait("bob", bob_id)
    page = service.client.get("/ta", headers=service.headers("tess"))
    assert page.status_code == 200 and "ada" in page.text and "bob" in page.text
    assert service.client.get("/ta", headers=service.headers("ada")).status_code == 403


OVERSIZED = [
    ("file", lambda n: {"files": {"file": ("big.txt", b"a" * n)}}),
    ("text", lambda n: {"text": "a" * n}),
    ("body far over the limit", lambda n: {"files": {"file": ("big.txt", b"a" * (n * 4))}}),
]


@pytest.mark.parametrize(("what", "form"), OVERSIZED, ids=[case[0] for case in OVERSIZED])
def test_an_oversized_upload_is_refused_with_its_limit(service, what, form) -> None:
    response = service.submit("ada", **form(MAX_UPLOAD_BYTES + 1))
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert service.client.get("/api/submissions", headers=service.headers("ada")).json() == []


def test_a_pasted_text_over_the_form_parsers_default_is_judged_by_our_limit(tmp_path) -> None:
    from grader.web import WebSettings, create_app

    limit = 3 * 1024 * 1024  # above the multipart parser's 1 MB field default
    app = create_app(WebSettings(db_url=f"sqlite:///{tmp_path / 'web.sqlite3'}",
                                 max_upload_bytes=limit, assignments=(ASSIGNMENT,)))
    headers = {"Authorization": f"Bearer {add_users(app, {'ada': 'student'})['ada']}"}
    with TestClient(app) as client:
        refused = client.post("/api/submissions", headers=headers,
                              data={"assignment": ASSIGNMENT, "text": "a" * (limit + 1)})
        accepted = client.post("/api/submissions", headers=headers,
                               data={"assignment": ASSIGNMENT, "text": "a" * (limit // 2)})
        _wait(client, headers, accepted.json()["id"])
    app.state.engine.dispose()
    assert refused.status_code == 413 and "larger than 3 MB" in refused.json()["detail"]
    assert accepted.status_code == 202


def test_an_unreadable_suffix_and_an_empty_form_are_refused(service) -> None:
    assert service.submit("ada", files={"file": ("a.exe", b"MZ")}).status_code == 415
    assert service.submit("ada").status_code == 422
    other = service.client.post("/api/submissions", headers=service.headers("ada"),
                                data={"assignment": "../../etc/passwd", "text": "x"})
    assert other.status_code == 404


def test_checks_beyond_the_hourly_limit_are_refused(service) -> None:
    for _ in range(CHECKS_PER_HOUR):
        assert service.submit("ada", text="1a: O(n)").status_code == 202
    refused = service.submit("ada", text="1a: O(n)")
    assert refused.status_code == 429
    assert f"at most {CHECKS_PER_HOUR}" in refused.json()["detail"]
    assert int(refused.headers["Retry-After"]) > 0
    assert service.submit("bob", text="1a: O(n)").status_code == 202, "limits are per user"
    for _ in range(CHECKS_PER_HOUR + 1):
        assert service.submit("tess", text="1a: O(n)").status_code == 202


DEADLINES = [  # (days from now, a student's check accepted)
    (-1, False),
    (1, True),
]


@pytest.mark.parametrize(("days", "accepted"), DEADLINES)
def test_a_student_cannot_check_after_the_deadline(service, days, accepted) -> None:
    grader = service.app.state.grader
    assignment = grader.assignment(ASSIGNMENT)
    deadline = datetime.now(UTC) + timedelta(days=days)
    grader.use(dataclasses.replace(
        assignment, rubric=assignment.rubric.model_copy(update={"deadline": deadline})))
    response = service.submit("ada", text="1a: O(n)")
    assert response.status_code == (202 if accepted else 403)
    if not accepted:
        assert "deadline" in response.json()["detail"]
    assert service.submit("tess", text="1a: O(n)").status_code == 202


def test_pasted_maths_is_shown_as_mathml_and_markup_escaped(service) -> None:
    part = service.app.state.grader.assignment(ASSIGNMENT).rubric.parts[0].id
    text = f"## [{part}]\n\n<script>alert(1)</script> so the answer is $O(t n^2 L)$\n"
    submission_id = service.submit("ada", text=text).json()["id"]
    body = service.wait("ada", submission_id)
    assert "O(t n^2 L)" in body["parts"][0]["answer"]
    page = service.client.get(f"/submissions/{submission_id}", headers=service.headers("ada"))
    assert page.status_code == 200
    assert "<math" in page.text
    assert "<script>alert" not in page.text


def test_a_bad_token_is_refused(service) -> None:
    response = service.client.get("/api/submissions",
                                  headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert service.client.post("/login", data={"token": "nope"}).status_code == 401


def test_the_login_cookie_opens_the_pages(service) -> None:
    response = service.client.post("/login", data={"token": service.tokens["ada"]},
                                   follow_redirects=False)
    assert response.status_code == 303
    home = service.client.get("/")
    assert home.status_code == 200 and "Your checks" in home.text
    service.client.cookies.clear()
    assert "token" in service.client.get("/").text


def test_the_openapi_schema_lists_the_api(service) -> None:
    paths = service.client.get("/openapi.json").json()["paths"]
    assert {"/api/submissions", "/api/submissions/{submission_id}", "/api/review-queue",
            "/api/groups", "/api/decisions"} <= paths.keys()


def test_a_stored_result_survives_a_restart(db_url) -> None:
    first = make_app(db_url)
    token = add_users(first, {"ada": "student"})["ada"]
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(first) as client:
        submission_id = client.post("/api/submissions", headers=headers,
                                    data={"assignment": ASSIGNMENT},
                                    files={"file": (SEED.name, SEED.read_bytes())}).json()["id"]
        before = _wait(client, headers, submission_id)
    first.state.engine.dispose()
    second = make_app(db_url)
    with TestClient(second) as client:
        after = client.get(f"/api/submissions/{submission_id}", headers=headers).json()
    second.state.engine.dispose()
    assert after == before and after["status"] == "done"


def test_a_check_left_queued_by_a_stop_is_graded_on_start(tmp_path) -> None:
    from grader.web.db import JobStatus, StoredSubmission

    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    stopped = make_app(url)
    token = add_users(stopped, {"ada": "student"})["ada"]
    with stopped.state.sessions() as session:
        row = StoredSubmission(user_id=1, assignment=ASSIGNMENT, filename=SEED.name,
                               content=SEED.read_bytes(), status=JobStatus.QUEUED)
        session.add(row)
        session.commit()
        submission_id = row.id
    stopped.state.engine.dispose()
    with TestClient(make_app(url)) as client:
        body = _wait(client, {"Authorization": f"Bearer {token}"}, submission_id)
    assert body["status"] == "done" and body["parts"]


def _wait(client, headers, submission_id):
    import time

    for _ in range(600):
        body = client.get(f"/api/submissions/{submission_id}", headers=headers).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError("not graded")
