"""The reader knows no assignment: ``grader/segment/`` is scanned for what it must not hold.

It reads parts through their declared answer form, place and cues
(``grader/rubric/reading.py``, the rubric). So no module of it may hold

- a checker kind name as a string, or read anything called ``kind``;
- a part id or an assignment id of any rubric in ``rubrics/`` (code,
  comments or docs);
- part-id syntax: splitting or matching a part's id;
- a course word: the words below were moved out (OCR junk is now told from
  the rubric's own vocabulary, phases from its cue words, the ELBO shape is
  spelt out in its rubric); none may come back in a string;
- more than 500 lines.

Each rule fails on a line reintroducing what it forbids (``VIOLATIONS``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from grader.checks import CHECKERS
from grader.rubric.loader import load_rubric_file
from grader.rubric.reading import AnswerForm

REPO = Path(__file__).resolve().parents[2]
SEGMENT = REPO / "grader" / "segment"
MAX_LINES = 500

#: Course words that segment/ held in word lists and patterns until they moved
#: to the rubrics (their vocabulary, cue words and shapes).
MOVED_VOCABULARY = frozenset("""
activation activations attend attends attention backprop backpropagation bottleneck
decoder discriminator embedding embeddings encoder equilibrium gan generator gradient hidden
layer layers neuron neurons network networks query keys recurrent regularization
regularisation saddle softmax token tokens train trained training test testing transformer
transformers dataset learning loss sigmoid relu weight weighted weights inference kl
kullback elbo rnn ffn layernorm
""".split())  # noqa: SIM905 - a word list reads better as text

#: Kind names that are not also answer-form names ("table" is both: a block of
#: the document tree may be a table).
FORBIDDEN_KINDS = frozenset(CHECKERS) - {form.value for form in AnswerForm}


def _rubric_ids() -> tuple[set[str], set[str]]:
    parts, assignments = set(), set()
    for path in sorted((REPO / "rubrics").glob("*.yaml")):
        rubric = load_rubric_file(path)[0]
        assignments.add(rubric.id)
        parts.update(part.id for part in rubric.parts)
    return parts, assignments


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (examples may name anything)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def problems(source: str, part_ids: set[str], assignment_ids: set[str]) -> list[str]:
    """What a module's source holds that the reader must not know."""
    found = []
    if len(source.splitlines()) > MAX_LINES:
        found.append(f"more than {MAX_LINES} lines")
    for name in sorted(part_ids | assignment_ids):
        if re.search(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", source):
            found.append(f"names {name!r}")
    tree = ast.parse(source)
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if node.value in FORBIDDEN_KINDS:
                found.append(f"line {node.lineno}: kind name {node.value!r}")
            words = set(re.findall(r"[a-z]+", node.value.lower()))
            for word in sorted(words & MOVED_VOCABULARY):
                found.append(f"line {node.lineno}: course word {word!r}")
        names = ([node.attr] if isinstance(node, ast.Attribute)
                 else [node.id] if isinstance(node, ast.Name)
                 else [node.arg] if isinstance(node, ast.arg) else [])
        for name in names:
            if "kind" in name.lower():
                found.append(f"line {node.lineno}: reads {name!r}")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and _is_part_id(node.func.value)):
            found.append(f"line {node.lineno}: parses a part id (.{node.func.attr})")
        if isinstance(node, ast.Call) and any(_is_part_id(arg) for arg in node.args) and (
                isinstance(node.func, ast.Attribute) and node.func.attr in _PARSERS):
            found.append(f"line {node.lineno}: parses a part id ({node.func.attr})")
    return found


_PARSERS = frozenset({"match", "fullmatch", "search", "split", "findall", "finditer", "sub"})


def _is_part_id(node: ast.AST) -> bool:
    """``part.id``, ``part_id``, ``pid``: a part's id."""
    return ((isinstance(node, ast.Attribute) and node.attr == "id")
            or (isinstance(node, ast.Name) and node.id in {"part_id", "pid"}))


MODULES = sorted(SEGMENT.glob("*.py"))


@pytest.fixture(scope="module")
def ids() -> tuple[set[str], set[str]]:
    return _rubric_ids()


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_segment_module_knows_no_assignment(path, ids):
    assert problems(path.read_text(encoding="utf-8"), *ids) == []


def test_the_scan_covers_the_rubrics(ids):
    part_ids, assignment_ids = ids
    assert len(assignment_ids) >= 5 and len(part_ids) >= 50
    assert {"choice", "complexity", "property", "identity"} <= FORBIDDEN_KINDS


VIOLATIONS = [
    # (a line reintroducing what the rules forbid, the problem it must raise)
    ('VALUE = frozenset({"complexity", "property"})', "kind name"),
    ("if part.kind == x:\n    pass", "reads 'kind'"),
    ('WORDS = frozenset("attention token layer".split())', "course word"),
    ('SHAPE = re.compile(r"kullback|\\\\mathbb")', "course word"),
    ("question = part.id.split('.')[0]", "parses a part id"),
    ("match = PATTERN.match(part_id)", "parses a part id"),
    ("# as in 1a.rnn_train_time", "names '1a.rnn_train_time'"),
    ("RUBRIC = 'seqmodels-a5'", "names 'seqmodels-a5'"),
    ("x = 1\n" * (MAX_LINES + 1), "more than"),
]


@pytest.mark.parametrize(("source", "problem"), VIOLATIONS)
def test_the_scan_finds_each_violation(source, problem, ids):
    assert any(problem in found for found in problems(source, *ids))


def test_the_scan_lets_docstring_examples_and_forms_through(ids):
    source = ('def f(part):\n    """Example: "RNN train: time O(tn²L)"."""\n'
              "    return part.answer_form.is_value\n")
    assert problems(source, *ids) == []
