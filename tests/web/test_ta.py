"""The TA's review queue, answer groups and decisions, by API and page, on SQLite
and PostgreSQL (issue #12).

Two students' checks of the same seed are stored as the service stores a graded
check (the pipeline's result), so each answer group of the class has both.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from grader.outcome import Status
from grader.pipeline import grade_submission
from tests.web.conftest import ASSIGNMENT, SEED, make_app

#: Every TA route: a student gets 403, an anonymous request 401.
TA_ROUTES = [
    ("get", "/ta", {}),
    ("get", "/ta/groups", {}),
    ("get", "/api/review-queue", {}),
    ("get", "/api/groups", {}),
    ("post", "/api/decisions", {"json": {"submission_id": 1, "part": "x", "score": 0}}),
    ("post", "/ta/decisions", {"data": {"submission_id": "1", "part": "x", "score": "0"}}),
]


@pytest.fixture(scope="module")
def seed_result(assignments) -> dict[str, Any]:
    return grade_submission(SEED, assignments[ASSIGNMENT]).to_dict()


@pytest.fixture
def checks(service, seed_result) -> dict[str, int]:
    """ada's and bob's graded checks of the seed: name → id."""
    from grader.web.db import JobStatus, StoredSubmission, User, utcnow

    ids = {}
    with service.app.state.sessions() as session:
        for name in ("ada", "bob"):
            user = session.query(User).filter_by(name=name).one()
            row = StoredSubmission(user_id=user.id, assignment=ASSIGNMENT, filename=SEED.name,
                                   content=SEED.read_bytes(), status=JobStatus.DONE,
                                   result=seed_result, finished_at=utcnow())
            session.add(row)
            session.commit()
            ids[name] = row.id
    return ids


def _in_review(seed_result: dict[str, Any]) -> list[str]:
    return [p["part"] for p in seed_result["parts"] if p["status"] == Status.NEEDS_REVIEW.value]


def _queue(service) -> list[dict[str, Any]]:
    response = service.client.get("/api/review-queue", headers=service.headers("tess"))
    assert response.status_code == 200, response.text
    return response.json()


def _decide(service, submission_id: int, part: str, score: float, **extra: Any):
    return service.client.post("/api/decisions", headers=service.headers("tess"), json={
        "submission_id": submission_id, "part": part, "score": score, **extra})


def _part(service, name: str, submission_id: int, part: str) -> dict[str, Any]:
    body = service.client.get(f"/api/submissions/{submission_id}",
                              headers=service.headers(name)).json()
    return next(p for p in body["parts"] if p["part"] == part)


@pytest.mark.parametrize(("method", "path", "body"), TA_ROUTES,
                         ids=[f"{m} {p}" for m, p, _ in TA_ROUTES])
def test_a_student_never_reaches_a_ta_route(service, checks, method, path, body) -> None:
    call = getattr(service.client, method)
    assert call(path, headers=service.headers("ada"), **body).status_code == 403
    assert call(path, **body).status_code == 401


def test_the_queue_is_every_part_in_review_of_the_latest_checks(
        service, checks, seed_result) -> None:
    queue = _queue(service)
    expected = sorted((i, p) for i in checks.values() for p in _in_review(seed_result))
    assert expected, "the seed has parts in review"
    assert sorted((q["submission_id"], q["part"]) for q in queue) == expected
    assert {q["user"] for q in queue} == {"ada", "bob"}
    assert all(q["group_size"] == 2 and q["reason"] for q in queue), "both gave the same answers"


def test_an_older_check_leaves_the_queue_once_a_newer_one_is_graded(
        service, checks, seed_result) -> None:
    from grader.web.db import JobStatus, StoredSubmission

    with service.app.state.sessions() as session:
        older = session.get(StoredSubmission, checks["ada"])
        newer = StoredSubmission(user_id=older.user_id, assignment=ASSIGNMENT,
                                 filename="again.txt", content=b"x", status=JobStatus.DONE,
                                 result=seed_result)
        session.add(newer)
        session.commit()
        newer_id = newer.id
    ids = {q["submission_id"] for q in _queue(service)}
    assert ids == {newer_id, checks["bob"]}


def test_a_decision_on_one_check_settles_only_that_check(service, checks, seed_result) -> None:
    part = _in_review(seed_result)[0]
    max_score = next(p["max_score"] for p in seed_result["parts"] if p["part"] == part)
    response = _decide(service, checks["ada"], part, max_score, comment="Well argued.")
    assert response.status_code == 201, response.text
    assert response.json()["applies_to"] == 1
    left = {(q["submission_id"], q["part"]) for q in _queue(service)}
    assert (checks["ada"], part) not in left and (checks["bob"], part) in left
    decided = _part(service, "ada", checks["ada"], part)
    assert (decided["status"], decided["score"]) == ("correct", max_score)
    assert decided["feedback"] == "Well argued."
    assert not {"decided_by", "machine", "ta_notes"} & decided.keys()
    assert _part(service, "tess", checks["ada"], part)["decided_by"] == "tess"
    assert _part(service, "bob", checks["bob"], part)["status"] == "needs_review"


def test_a_group_decision_settles_every_check_with_that_answer(
        service, checks, seed_result) -> None:
    part = _in_review(seed_result)[0]
    response = _decide(service, checks["bob"], part, 0, group=True)
    assert response.status_code == 201 and response.json()["applies_to"] == 2
    assert part not in {q["part"] for q in _queue(service)}
    for name, submission_id in checks.items():
        assert _part(service, name, submission_id, part)["status"] == "incorrect"


def test_a_later_decision_replaces_the_earlier_one(service, checks, seed_result) -> None:
    from grader.web.db import StoredDecision

    part = _in_review(seed_result)[0]
    for score in (0.0, 1.0):
        assert _decide(service, checks["ada"], part, score).status_code == 201
    assert _part(service, "ada", checks["ada"], part)["score"] == 1.0
    with service.app.state.sessions() as session:
        assert session.query(StoredDecision).count() == 1


def test_the_class_table_shows_decided_scores(service, checks, seed_result) -> None:
    part = _in_review(seed_result)[0]
    before = service.client.get(f"/api/submissions/{checks['ada']}",
                                headers=service.headers("tess")).json()["score"]
    assert _decide(service, checks["ada"], part, 1.5).status_code == 201
    page = service.client.get("/ta", headers=service.headers("tess")).text
    row = page.split(f'<tr data-id="{checks["ada"]}">')[1].split("</tr>")[0]
    max_score = sum(p["max_score"] for p in seed_result["parts"])
    assert f"{before + 1.5:g} / {max_score:g}" in row


BAD_DECISIONS = [  # (what, fields over a valid decision, words of the 422)
    ("score above the part's points", {"score": 1e6}, "outside"),
    ("negative score", {"score": -1}, "outside"),
    ("unknown part", {"part": "no.such_part"}, "no part"),
    ("unknown check", {"submission_id": 10**6}, "no graded check"),
]


@pytest.mark.parametrize(("what", "fields", "words"), BAD_DECISIONS,
                         ids=[case[0] for case in BAD_DECISIONS])
def test_an_impossible_decision_is_refused_with_its_reason(
        service, checks, seed_result, what, fields, words) -> None:
    part = _in_review(seed_result)[0]
    response = _decide(service, **{"submission_id": checks["ada"], "part": part, "score": 0,
                                   **fields})
    assert response.status_code == 422 and words in response.json()["detail"]
    assert len(_queue(service)) == 2 * len(_in_review(seed_result))


def test_the_groups_count_the_class_by_answer(service, checks, seed_result) -> None:
    response = service.client.get("/api/groups", headers=service.headers("tess"))
    shown = {g["part"]: g["groups"] for g in response.json()}
    assert list(shown) == [p["part"] for p in seed_result["parts"]], "rubric order"
    for part in seed_result["parts"]:
        groups = shown[part["part"]]
        if part["status"] == Status.MISSING.value:
            assert groups == []
            continue
        in_review = 2 if part["status"] == Status.NEEDS_REVIEW.value else 0
        assert [(g["count"], g["status"], g["in_review"], sorted(g["users"]))
                for g in groups] == [(2, part["status"], in_review, ["ada", "bob"])]
    one = service.client.get("/api/groups", headers=service.headers("tess"),
                             params={"part": seed_result["parts"][0]["part"]}).json()
    assert [g["part"] for g in one] == [seed_result["parts"][0]["part"]]


def test_a_group_counts_its_members_still_in_review(service, checks, seed_result) -> None:
    part = _in_review(seed_result)[0]
    assert _decide(service, checks["ada"], part, 0).status_code == 201
    shown = service.client.get("/api/groups", headers=service.headers("tess"),
                               params={"part": part}).json()
    assert [(g["count"], g["in_review"]) for g in shown[0]["groups"]] == [(2, 1)]


def test_the_pages_decide_and_come_back(service, checks, seed_result) -> None:
    part = _in_review(seed_result)[0]
    queue = service.client.get("/ta", headers=service.headers("tess")).text
    assert f'data-part="{part}"' in queue
    form = {"submission_id": str(checks["ada"]), "part": part, "score": "1", "scope": "group",
            "next": "/ta/groups"}
    response = service.client.post("/ta/decisions", headers=service.headers("tess"), data=form,
                                   follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/ta/groups?notice=")
    groups = service.client.get(response.headers["location"], headers=service.headers("tess"))
    assert "recorded:" in groups.text and "(by tess)" in groups.text
    elsewhere = service.client.post("/ta/decisions", headers=service.headers("tess"),
                                    data={**form, "next": "https://example.org/ta"},
                                    follow_redirects=False)
    assert elsewhere.headers["location"].startswith("/ta?"), "never back to another site"
    refused = service.client.post("/ta/decisions", headers=service.headers("tess"),
                                  data={**form, "score": "99"}, follow_redirects=False)
    assert "error=" in refused.headers["location"]
    hostile = service.client.post("/ta/decisions", headers=service.headers("tess"),
                                  data={**form, "part": "<script>alert(1)</script>"})
    assert "no part" in hostile.text and "<script>alert" not in hostile.text


def test_decisions_survive_a_restart(db_url, seed_result) -> None:
    from grader.web.auth import add_user
    from grader.web.db import JobStatus, Role, StoredSubmission

    part = _in_review(seed_result)[0]
    first = make_app(db_url)
    with first.state.sessions() as session:
        token = add_user(session, "tess", Role.TA)
        row = StoredSubmission(user_id=1, assignment=ASSIGNMENT, filename=SEED.name,
                               content=b"x", status=JobStatus.DONE, result=seed_result)
        session.add(row)
        session.commit()
        submission_id = row.id
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(first) as client:
        assert client.post("/api/decisions", headers=headers, json={
            "submission_id": submission_id, "part": part, "score": 1}).status_code == 201
    first.state.engine.dispose()
    second = make_app(db_url)
    with TestClient(second) as client:
        body = client.get(f"/api/submissions/{submission_id}", headers=headers).json()
        queue = client.get("/api/review-queue", headers=headers).json()
    second.state.engine.dispose()
    assert next(p for p in body["parts"] if p["part"] == part)["decided_by"] == "tess"
    assert part not in {q["part"] for q in queue}


@pytest.fixture(scope="module")
def every_seed(assignments) -> list[dict[str, Any]]:
    return [grade_submission(seed, assignments[ASSIGNMENT]).to_dict()
            for seed in sorted(SEED.parent.glob("*.txt"))]


def test_the_queue_shows_every_seeds_answers_with_their_maths(service, every_seed) -> None:
    """Each seed checked by a student of its own: the queue holds every part in
    review, and an answer with maths in it is shown as MathML."""
    from grader.web.auth import add_user
    from grader.web.db import JobStatus, Role, StoredSubmission, User

    expected = []
    with service.app.state.sessions() as session:
        for index, result in enumerate(every_seed):
            add_user(session, f"student{index}", Role.STUDENT)
            user_id = session.query(User).filter_by(name=f"student{index}").one().id
            row = StoredSubmission(user_id=user_id, assignment=ASSIGNMENT, filename="seed.txt",
                                   content=b"x", status=JobStatus.DONE, result=result)
            session.add(row)
            session.commit()
            expected += [(row.id, p["part"], p["answer"]) for p in result["parts"]
                         if p["status"] == Status.NEEDS_REVIEW.value]
    assert sorted((q["submission_id"], q["part"]) for q in _queue(service)) == sorted(
        (i, p) for i, p, _ in expected)
    page = service.client.get("/ta", headers=service.headers("tess")).text
    with_maths = [(i, p) for i, p, answer in expected if "$" in answer]
    assert with_maths, "some seeds' answers in review have maths"
    for submission_id, part in with_maths:
        item = page.split(f'data-id="{submission_id}" data-part="{part}"')[1].split("</section>")[0]
        assert "<math" in item, (submission_id, part)
