"""A running service on SQLite or PostgreSQL, with two students and a TA (issue #12).

PostgreSQL is the server at ``$GRADER_TEST_POSTGRES_URL`` (default the local
one, database ``test``); each test gets its own schema, dropped afterwards,
since other engineers' tests share the database.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import SEEDS

POSTGRES_URL_ENV = "GRADER_TEST_POSTGRES_URL"
POSTGRES_URL_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ASSIGNMENT = "seqmodels-a5"
#: Small limits so the tests reach them with small bodies and few requests.
MAX_UPLOAD_BYTES = 64 * 1024
CHECKS_PER_HOUR = 3
GRADED_WITHIN_SECONDS = 120
SEED = sorted(SEEDS.glob("*.txt"))[0]


def postgres_url() -> str:
    return os.environ.get(POSTGRES_URL_ENV, POSTGRES_URL_DEFAULT)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'web.sqlite3'}"
        return
    yield from _postgres_schema()


def _postgres_schema() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    schema = f"grader_web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url())
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL at {postgres_url()}: {exc}")
    try:
        yield f"{postgres_url()}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@dataclass
class Service:
    client: Any
    app: Any
    tokens: dict[str, str]

    def headers(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def submit(self, name: str, **form: Any) -> Any:
        files = form.pop("files", None)
        return self.client.post("/api/submissions", headers=self.headers(name),
                                data={"assignment": ASSIGNMENT, **form}, files=files)

    def submit_seed(self, name: str) -> int:
        response = self.submit(name, files={"file": (SEED.name, SEED.read_bytes())})
        assert response.status_code == 202, response.text
        return response.json()["id"]

    def wait(self, name: str, submission_id: int) -> dict[str, Any]:
        deadline = time.monotonic() + GRADED_WITHIN_SECONDS
        while time.monotonic() < deadline:
            body = self.client.get(f"/api/submissions/{submission_id}",
                                   headers=self.headers(name)).json()
            if body["status"] in ("done", "failed"):
                return body
            time.sleep(0.2)
        raise AssertionError(f"submission {submission_id} not graded in "
                             f"{GRADED_WITHIN_SECONDS} s")


def make_app(db_url: str):
    from grader.web import WebSettings, create_app

    return create_app(WebSettings(db_url=db_url, max_upload_bytes=MAX_UPLOAD_BYTES,
                                  checks_per_hour_default=CHECKS_PER_HOUR,
                                  assignments=(ASSIGNMENT,)))


def add_users(app, roles: dict[str, str]) -> dict[str, str]:
    from grader.web.auth import add_user
    from grader.web.db import Role

    with app.state.sessions() as session:
        return {name: add_user(session, name, Role(role)) for name, role in roles.items()}


@pytest.fixture
def service(db_url: str) -> Iterator[Service]:
    from fastapi.testclient import TestClient

    app = make_app(db_url)
    tokens = add_users(app, {"ada": "student", "bob": "student", "tess": "ta"})
    with TestClient(app) as client:
        yield Service(client, app, tokens)
    app.state.engine.dispose()
