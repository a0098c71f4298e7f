"""``grader users add`` and token hashing: a token is shown once and stored hashed."""

from __future__ import annotations

from sqlalchemy import select

from grader.cli.main import main
from grader.web.auth import hash_token, token_matches, user_for_token
from grader.web.db import Role, User, make_engine, make_sessions


def test_users_add_prints_a_token_that_is_stored_only_hashed(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    assert main(["users", "add", "ada", "--role", "ta", "--db", url]) == 0
    token = capsys.readouterr().out.strip()
    with make_sessions(make_engine(url))() as session:
        user = session.scalar(select(User))
        assert user is not None and user.role is Role.TA
        assert token not in user.token_hash and token not in user.token_lookup
        assert user_for_token(session, token).name == "ada"
        assert user_for_token(session, token + "x") is None


def test_users_add_refuses_a_second_user_of_the_same_name(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    assert main(["users", "add", "ada", "--role", "student", "--db", url]) == 0
    assert main(["users", "add", "ada", "--role", "ta", "--db", url]) != 0
    assert "exists already" in capsys.readouterr().err


def test_the_same_token_hashes_differently_under_two_salts() -> None:
    first, second = hash_token("secret"), hash_token("secret")
    assert first != second
    assert token_matches("secret", first) and token_matches("secret", second)
    assert not token_matches("Secret", first)
    assert not token_matches("secret", "garbage")
