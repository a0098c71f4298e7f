"""One root for every fault the grader reports on purpose.

Students never see these as tracebacks: an answer the grader cannot decide is
a ``needs_review`` verdict, not an exception. These are for faults in inputs we
do not grade (rubrics, reference modules, command-line usage).
"""


class GraderError(Exception):
    """Root of all deliberate grader errors."""


class RubricError(GraderError):
    """A rubric file is missing, malformed or inconsistent.

    The message names the file, the field path and, where known, the line.
    """


class ReferenceModuleError(GraderError):
    """A reference module is missing a function or computes something unusable."""


class CheckerError(GraderError):
    """A checker was misconfigured (never raised for a bad student answer)."""


class SubmissionError(GraderError):
    """A submission file cannot be read at all."""


class OperationalError(GraderError):
    """The machinery around grading failed, not an input: the Celery broker
    (Redis) cannot be reached or went away mid-batch.

    The message is one line that names the broker URL (password hidden) and
    says what was kept and how to resume.
    """


class CheckTimeout(BaseException):
    """A check ran past its time limit.

    Derives from ``BaseException`` on purpose: sympy has many ``except
    Exception`` blocks that would otherwise swallow it (Math-Verify does the same).
    """
