"""Every checker compares a student's maths through ``grader.maths.verify`` (issue #9).

A checker may read, render and describe maths; deciding whether two pieces of
maths are the same is ``verify``'s job, so the comparison internals of
``grader.maths`` (and sympy's or numpy's equality helpers) are not called from
``grader/checks``. The scan works on the syntax tree: calls and imports, not
comments or docstrings.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHECKS = REPO / "grader" / "checks"

#: Modules of grader.maths that decide equivalence; only ``verify`` may call them.
COMPARISON_MODULES = frozenset({
    "grader.maths.compare", "grader.maths.relations", "grader.maths.orders",
    "grader.maths.signs", "grader.maths.api"})
#: Names that decide equivalence, in modules a checker may otherwise use.
COMPARISON_NAMES = {
    "grader.maths.monomials": frozenset({"covers", "dominated", "difference", "maximal"}),
    "grader.maths.probability": frozenset({"equivalent", "agree", "compare_on_models"}),
    "grader.maths.numeric": frozenset({"points", "evaluate", "confirm"}),
}
#: Calls that compare maths directly, whatever they are imported as.
COMPARISON_CALLS = frozenset({
    "simplify", "equals", "cancel", "isclose", "allclose", "array_equal", "covers",
    "dominated", "agree", "compare_bounds", "compare_relations", "compare_sets",
    "compare_on_models", "compare_measurements", "order_difference"})


@dataclass(frozen=True)
class Hit:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}: {self.what}"


def scan(path: Path) -> list[Hit]:
    """Direct comparisons of maths in one module: imports of comparison internals
    and calls of equality helpers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hits: list[Hit] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names}
            if node.module in COMPARISON_MODULES:
                hits.append(Hit(path, node.lineno, f"imports {node.module}"))
            elif node.module == "grader.maths" and names & {"compare", "relations", "orders"}:
                hits.append(Hit(path, node.lineno, f"imports grader.maths.{names}"))
            for name in sorted(names & COMPARISON_NAMES.get(node.module, frozenset())):
                hits.append(Hit(path, node.lineno, f"imports {node.module}.{name}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in COMPARISON_MODULES:
                    hits.append(Hit(path, node.lineno, f"imports {alias.name}"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else \
                func.id if isinstance(func, ast.Name) else None
            if name in COMPARISON_CALLS:
                hits.append(Hit(path, node.lineno, f"calls {name}()"))
    return hits


def test_checkers_compare_maths_only_through_verify() -> None:
    hits = [h for path in sorted(CHECKS.rglob("*.py")) for h in scan(path)]
    assert not hits, "compare through grader.maths.verify:\n" + "\n".join(map(str, hits))


def test_the_checkers_that_compare_maths_call_verify() -> None:
    """The checkers of answers with maths in them reach ``verify`` (the scan above
    would pass on a checker that compared nothing at all)."""
    for module in ("expression.py", "complexity/grading.py", "identity/grading.py",
                   "table/grading.py"):
        assert "verify(" in (CHECKS / module).read_text(encoding="utf-8"), module


@pytest.mark.parametrize(("code", "expected"), [
    ("from grader.maths.compare import compare\n", ["imports grader.maths.compare"]),
    ("from grader.maths import relations\n", ["imports grader.maths.{'relations'}"]),
    ("from grader.maths.monomials import bound_terms, covers\n",
     ["imports grader.maths.monomials.covers"]),
    ("from grader.maths.probability import agree, value\n",
     ["imports grader.maths.probability.agree"]),
    ("import sympy\nok = sympy.simplify(a - b) == 0\n", ["calls simplify()"]),
    ("ok = a.equals(b)\n", ["calls equals()"]),
    ("import math\nok = math.isclose(a, b)\n", ["calls isclose()"]),
    ("import numpy as np\nok = np.allclose(a, b)\n", ["calls allclose()"]),
    ("from grader.maths import verify\nok = verify(a, b).equivalent\n", []),
    ('"""We never call sympy.simplify(a - b) here."""\n# nor math.isclose(a, b)\n', []),
    ("from grader.maths.monomials import bound_terms, render_bound\n", []),
])
def test_scanner_finds_comparisons_and_skips_text(tmp_path: Path, code: str,
                                                  expected: list[str]) -> None:
    module = tmp_path / "module.py"
    module.write_text(code, encoding="utf-8")
    assert [h.what for h in scan(module)] == expected
