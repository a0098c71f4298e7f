"""Stored state: users, submissions (the uploaded bytes) and their results.

SQLAlchemy 2 models; the schema is created and upgraded by the Alembic
migrations next to this module (:func:`upgrade_database`), never by
``create_all``, so a deployment on PostgreSQL follows the same history as a
SQLite file.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(enum.StrEnum):
    STUDENT = "student"
    TA = "ta"


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    #: ``scrypt$salt-hex$hash-hex`` of the token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(200))
    #: First characters of the token's hash, to find the row without scanning.
    token_lookup: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoredSubmission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assignment: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[JobStatus] = mapped_column(Enum(JobStatus, native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: ``SubmissionResult.to_dict()``: TA notes included, filtered on the way out.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class StoredDecision(Base):
    """A TA decision (:class:`grader.decisions.Decision`) on a stored check.

    ``submission`` is a stored submission's id as text, or ``"*"`` for a group
    decision (every check of ``assignment`` whose answer to ``part`` has
    ``answer_key``), as in ``decisions.yaml``.
    """

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment: Mapped[str] = mapped_column(String(80), index=True)
    part: Mapped[str] = mapped_column(String(120))
    submission: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    answer_key: Mapped[str] = mapped_column(String(32))
    #: The answer the decision was made on (cut), for the record.
    answer: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(80))
    at: Mapped[str] = mapped_column(String(40))


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # Grading threads write results while requests read: let them share the file.
        return create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    return create_engine(url, pool_pre_ping=True)


def make_sessions(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)


def upgrade_database(engine: Engine) -> None:
    """Bring the database at ``engine`` to the newest migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
