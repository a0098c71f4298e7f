"""No submitted text reaches eval, exec, sympify or parse_expr, end to end.

Every string-evaluating entry point is trapped while the seeds and all sample
submissions are graded (files in, results out); sympy's string parsers all end
in ``eval``/``exec``, so trapping the builtins catches them wherever they are
called from. The maths reader's own test does the same over its case tables.
"""

from __future__ import annotations

import builtins

import pytest
import sympy
import sympy.parsing.sympy_parser as sympy_parser

from grader.pipeline import grade_submission
from tests.conftest import REPO, SEEDS

SEED_ASSIGNMENT = {"000": "seqmodels-a5", "001": "seqmodels-a5", "002": "seqmodels-a5",
                   "003": "kernel-attention-hw2", "004": "rnn-attention-hw2"}


def _submissions() -> list[tuple[str, object]]:
    found = [(p.parent.name, p) for p in sorted((REPO / "submissions").glob("*/*"))]
    if SEEDS.is_dir():
        found += [(SEED_ASSIGNMENT[p.name[:3]], p) for p in sorted(SEEDS.glob("*.txt"))]
    return found


def test_grading_never_evaluates_strings(assignments, monkeypatch):
    calls: list[str] = []

    def trap(name, real=None):
        def trapped(*args, **kwargs):
            if real is not None and not isinstance(args[0], str):
                return real(*args, **kwargs)  # imports exec compiled module code
            calls.append(f"{name}({str(args[:1])[:80]})")
            raise AssertionError(f"{name} called while grading")
        return trapped

    submissions = _submissions()
    assert len(submissions) >= 10
    # Warm up first, one file of each format: lazy imports (pypdf for PDFs, the
    # segmenter) legitimately exec module code and build dataclasses, which
    # exec generated source. Grading itself must not.
    one_per_format = {path.suffix: (a, path) for a, path in reversed(submissions)}
    for assignment_id, path in one_per_format.values():
        grade_submission(path, assignments[assignment_id])
    monkeypatch.setattr(builtins, "eval", trap("eval", builtins.eval))
    monkeypatch.setattr(builtins, "exec", trap("exec", builtins.exec))
    monkeypatch.setattr(sympy, "sympify", _only_objects(sympy.sympify, calls))
    monkeypatch.setattr(sympy, "parse_expr", trap("parse_expr"))
    monkeypatch.setattr(sympy_parser, "parse_expr", trap("parse_expr"))
    for assignment_id, path in submissions:
        result = grade_submission(path, assignments[assignment_id])
        assert len(result.parts) == len(assignments[assignment_id].rubric.parts)
    assert calls == []


def _only_objects(real, calls):
    """sympify is fine on sympy objects we built; a string means text is being parsed."""
    def guarded(value, *args, **kwargs):
        if isinstance(value, str):
            calls.append(f"sympify({value[:80]!r})")
            raise AssertionError("sympify called on a string")
        return real(value, *args, **kwargs)
    return guarded


@pytest.mark.parametrize("hostile", [
    "__import__('os').system('echo pwned')",
    "$O(().__class__.__bases__[0].__subclasses__())$",
    "lambda: 0",
    "$\\exec{1}$",
])
def test_hostile_answers_are_graded_not_run(assignments, hostile, tmp_path):
    path = tmp_path / "hostile.md"
    path.write_text("## [1a.rnn_train_time]\n\n" + hostile + "\n\n## [1a.rnn_train_space]\n\n"
                    + hostile + "\n")
    result = grade_submission(path, assignments["seqmodels-a5"])
    first = result.parts[0]
    assert first.status.value in ("needs_review", "incorrect")
