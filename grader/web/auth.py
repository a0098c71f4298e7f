"""Tokens: issued once, stored as a salted scrypt hash, checked on each request.

A request carries its token as ``Authorization: Bearer …`` (the API) or in an
HttpOnly, SameSite=Strict cookie set by the login form (the pages).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from grader.web.db import Role, User

COOKIE_NAME = "grader_token"
TOKEN_BYTES_DEFAULT = 24
#: scrypt cost (n, r, p): ~16 MB and a few ms per check, cheap for one request,
#: expensive for a stolen table.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_token(token: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(token.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def token_matches(token: str, stored: str) -> bool:
    try:
        _, salt, _ = stored.split("$")
        expected = hash_token(token, bytes.fromhex(salt))
    except ValueError:
        return False
    return hmac.compare_digest(expected, stored)


def lookup_key(token: str) -> str:
    """An unsalted short hash to find the candidate row; the scrypt hash decides."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def add_user(session: Session, name: str, role: Role) -> str:
    """Create a user and return their token (shown once; only its hash is kept).

    Example:
        >>> token = add_user(session, "ada", Role.STUDENT)  # doctest: +SKIP
    """
    token = secrets.token_urlsafe(TOKEN_BYTES_DEFAULT)
    session.add(User(name=name, role=role, token_hash=hash_token(token),
                     token_lookup=lookup_key(token)))
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    for user in session.scalars(select(User).where(User.token_lookup == lookup_key(token))):
        if token_matches(token, user.token_hash):
            return user
    return None


def request_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE_NAME)


def current_user(request: Request) -> User:
    """The request's user, or 401 (a FastAPI dependency)."""
    token = request_token(request)
    user = None
    if token:
        with request.app.state.sessions() as session:
            user = user_for_token(session, token)
    if user is None:
        raise HTTPException(401, "a valid token is needed: 'Authorization: Bearer TOKEN' "
                                 "(issued by 'grader users add')",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


def optional_user(request: Request) -> User | None:
    try:
        return current_user(request)
    except HTTPException:
        return None
