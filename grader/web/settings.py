"""What one running service is configured with: database, limits, threads."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DB_URL_ENV = "GRADER_WEB_DB"
DB_URL_DEFAULT = f"sqlite:///{Path('grader-web.sqlite3').resolve()}"
#: Largest upload or pasted text accepted; a PDF of a few handwritten pages fits.
MAX_UPLOAD_BYTES_DEFAULT = 2 * 1024 * 1024
#: Self-checks per student, assignment and hour when the rubric does not say
#: (``self_checks_per_hour``): every check grades every part, so this is also the
#: number of tries of one part; enough to iterate, too few to search for a key.
CHECKS_PER_HOUR_DEFAULT = 10
#: Submissions graded at once; each runs in its own forked child.
GRADING_THREADS_DEFAULT = 2


def database_url(explicit: str | None = None) -> str:
    """``explicit``, else ``$GRADER_WEB_DB``, else a SQLite file in the working folder."""
    return explicit or os.environ.get(DB_URL_ENV) or DB_URL_DEFAULT


@dataclass(frozen=True)
class WebSettings:
    db_url: str = field(default_factory=database_url)
    max_upload_bytes: int = MAX_UPLOAD_BYTES_DEFAULT
    checks_per_hour_default: int = CHECKS_PER_HOUR_DEFAULT
    grading_threads: int = GRADING_THREADS_DEFAULT
    #: Redis URL of Celery workers to grade on; None: this process's thread pool.
    broker: str | None = None
    #: Assignment ids offered; None: every rubric in the rubric folders.
    assignments: tuple[str, ...] | None = None
