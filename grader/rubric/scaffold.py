"""``grader rubric new ID``: a rubric and a reference module to start from.

The scaffold holds one example part of every registered answer kind, on one
small made-up assignment (a fixed-point iteration and a matrix product), so
an instructor sees each kind's fields filled in and deletes what they do not
need. As generated it validates and passes ``grader rubric selftest``
(``tests/rubric/test_scaffold.py`` runs both), so it stays a working example.
"""

from __future__ import annotations

import re
from pathlib import Path

from grader.checks import CHECKERS
from grader.rubric.models import PART_ID

#: One example part per answer kind, as YAML under ``parts:``.
PART_TEMPLATES: dict[str, str] = {
    "complexity": '''\
  # complexity: a big-O bound, compared with the reference by dominant terms.
  - id: 1a.matmul_time
    points: 2
    kind: complexity
    prompt: "Time to multiply an n×m matrix by an m×k matrix."
    reference: matmul_time              # a function of the reference module
    accept:
      - {reference: matmul_time_written_out, note: the constant written out}
    cues: {labels: ["1a", "1 (a)"], keywords: [time, multiply], shape: bound}
    params:
      companions: []                    # bounds allowed beside a correct one
    misconceptions:
      - {id: one_size_missing, answer: "O(n m)", points: 0.5,
         feedback: "Your bound leaves out one of the sizes."}
''',
    "expression": '''\
  # expression: a closed form, compared by evaluation at random points.
  - id: 1b.pairs
    points: 2
    kind: expression
    prompt: "How many unordered pairs of distinct items can be drawn from n items?"
    reference: pairs
    accept:
      - {answer: "(n^2 - n)/2", note: expanded}
    cues: {labels: ["1b", "1 (b)"], keywords: [pairs]}
    params:
      integer_symbols: [n]              # sampled as integers ≥ 2
    misconceptions:
      - {id: ordered_pairs, reference: ordered_pairs, points: 1,
         feedback: "Your count treats (a, b) and (b, a) as different pairs."}
''',
    "property": '''\
  # property: a reference function decides whether the answer has a property.
  - id: 2a.own_derivative
    points: 2
    kind: property
    prompt: "Give a function f with f' = f and f(0) = 1."
    model_answer: "f(x) = exp(x)"       # the key's wording: selftest grades it
    cues: {labels: ["2a", "2 (a)"], keywords: [derivative]}
    params: {function: own_derivative_check}
    misconceptions:
      - {id: wrong_start, answer: "f(x) = 2 exp(x)", points: 1,
         feedback: "Your function has the right derivative; check its value at 0."}
''',
    "identity": '''\
  # identity: a derivation whose final line must equal the definition, in the asked form.
  - id: 2b.elbo
    points: 3
    kind: identity
    prompt: "Show that L(q) = E_{q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ p(z))."
    model_answer: >-
      L(q) = ∫ q(z|x) log(p(x,z)/q(z|x)) dz
      = ∫ q(z|x) log p(x|z) dz + ∫ q(z|x) log(p(z)/q(z|x)) dz
      = E_{q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ p(z))
    cues: {labels: ["2b", "2 (b)"], keywords: [KL, ELBO]}
    params:
      target: elbo_target
      definition: elbo_definition
      variables: {observed: x, latent: z, model: p, approximation: q}
      left_sides: [L, ELBO]       # names that open a row of the derivation
      quantity: "the ELBO L(q)"   # how feedback names it
    misconceptions:             # reported by the checker by id; "answer" is a selftest case
      - {id: not_asked_form, answer: "L(q) = E_{q(z|x)}[log p(x,z) − log q(z|x)]", points: 1,
         feedback: "Your final expression is equal but not in the asked form."}
      - {id: sign_error, answer: "L(q) = E_{q(z|x)}[log p(x|z)] + KL(q(z|x) ‖ p(z))",
         points: 0, feedback: "Check the sign of the KL term."}
''',
    "table": '''\
  # table: numbers by row, checked cell by cell with error carried forward.
  - id: 3a.iterates
    points: 2
    kind: table
    prompt: "x_{t+1} = x_t / 2 + 1 from x_0 = 0: give x_t for t = 0..4."
    reference: iterates_table
    cues: {labels: ["3a", "3 (a)"], keywords: [table, iterates], shape: "table 1x5"}
    params:
      rows: [x]
      labels: {x: [x_t]}
      recurrence: iterate_step          # one step, for error carried forward
    misconceptions:
      - {id: offset_missing, reference: iterates_table_without_offset, points: 0,
         feedback: "Your table leaves out the constant added at each step."}
''',
    "choice": '''\
  # choice: yes/no with a reason.
  - id: 3b.converges
    points: 1
    kind: choice
    prompt: "Do the iterates converge?"
    model_answer: "Yes: the distance to 2 halves at every step, so x_t converges to 2."
    examples:
      - {answer: "No, the iterates do not converge.", points: 0, note: the wrong choice}
    cues: {labels: ["3b", "3 (b)"], keywords: [converge]}
    params:
      expected: "yes"
      subject: [converge, limit]
      reason_keywords: [halves, contraction, fixed point]
''',
    "free_text": '''\
  # free_text: concepts recognised by patterns; incomplete answers go to a TA.
  - id: 4.why
    points: 2
    kind: free_text
    prompt: "Why do the iterates converge?"
    model_answer: "The map is a contraction: each step halves the distance to the fixed point 2."
    examples:
      - {answer: "It is a contraction.", points: 1, review: true, note: one concept of two}
    cues: {labels: ["4", "q4"], keywords: [contraction, fixed point]}
    params:
      auto_decide: true
      concepts:
        - {name: "the map is a contraction", points: 1,
           patterns: ["contract", "halv", "factor (of )?1/2"]}
        - {name: "the fixed point 2", points: 1, patterns: ["fixed point", "x ?= ?2"]}
''',
    "manual": '''\
  # manual: always graded by a TA (a plot, code, an essay).
  - id: 5.plot
    points: 2
    kind: manual
    prompt: "Plot x_t against t."
    cues: {labels: ["5", "q5"], keywords: [plot]}
''',
}

RUBRIC_HEAD = '''\
# Rubric for {id}: one part per gradebook row. Each kind's settings ("params")
# are listed with their meaning by `grader rubric schema`; the walk-through is
# docs/writing-an-assignment.md. Check with:
#   grader rubric validate rubrics/{id}.yaml
#   grader rubric selftest rubrics/{id}.yaml
#   grader rubric try rubrics/{id}.yaml 1a.matmul_time "O(n m k)"
id: {id}
title: "{id}"
reference: {module}                     # reference/{module}.py
notation:
  symbols: [n, m, k, x, t]
  aliases: {{N: n}}
  meanings:
    n: [number of items, rows]

parts:
'''

REFERENCE_MODULE = '''\
"""Reference answers for ``{id}``: every answer computed, never typed in.

The rubric names these functions: ``reference``, ``accept[].reference`` and
``misconceptions[].reference`` return the answer (a sympy expression, a numpy
table); ``params.function`` of a property part receives a ``PropertyInput``
and returns a ``PropertyVerdict``; ``params.recurrence`` of a table part
computes one step. Each is called once when the rubric is loaded.
"""

from __future__ import annotations

import numpy as np
import sympy

from grader.checks.complexity import dominant_terms
from grader.checks.property import PropertyInput, PropertyVerdict
from grader.mathread.objects import KL, Expect, Prob

n, m, k = sympy.symbols("n m k", positive=True)
SIZES = (n, m, k)


# ------------------------------------------------------------ 1a: complexity

def matmul_count() -> sympy.Expr:
    """Multiply-adds of an (n×m)(m×k) product: one per (row, column, inner index)."""
    return n * k * m + n * k


def matmul_time() -> sympy.Expr:
    return dominant_terms(matmul_count(), SIZES)


def matmul_time_written_out() -> sympy.Expr:
    return sympy.expand(2 * n * m * k)


# ------------------------------------------------------------ 1b: expression

def ordered_pairs() -> sympy.Expr:
    return n * (n - 1)


def pairs() -> sympy.Expr:
    return sympy.binomial(n, 2).expand(func=True)


# ------------------------------------------------------------ 2a: property

def _last_side(expr: sympy.Basic) -> sympy.Basic:
    while isinstance(expr, sympy.Eq):
        expr = expr.rhs
    return expr


def _values(expr: sympy.Expr, points: tuple[float, ...]) -> list[complex] | None:
    """``expr`` at ``points`` of its one variable (``e`` read as Euler's number)."""
    names = {{s.name: s for s in expr.free_symbols}}
    expr = expr.subs({{names.pop("e"): sympy.E}}) if "e" in names else expr
    if len(names) > 1:
        return None
    variable = next(iter(names.values()), sympy.Symbol("x"))
    derivative = sympy.diff(expr, variable)
    try:
        return [complex(f.subs(variable, p).evalf()) for p in points for f in (expr, derivative)]
    except (TypeError, ValueError):
        return None


def own_derivative_check(inp: PropertyInput) -> PropertyVerdict:
    """f' = f at a few points, then f(0) = 1."""
    for stated in reversed(inp.final or inp.exprs):
        expr = _last_side(stated)
        if not isinstance(expr, sympy.Expr):
            continue
        values = _values(expr, (0.0, 0.5, 1.0))
        if values is None:
            continue
        shown = sympy.sstr(expr)
        pairs_ = list(zip(values[0::2], values[1::2], strict=True))
        if not all(abs(f - df) < 1e-9 * max(1.0, abs(f)) for f, df in pairs_):
            return PropertyVerdict("incorrect", f"f' ≠ f for {{shown}}", interpreted_as=shown)
        if abs(pairs_[0][0] - 1) > 1e-9:
            return PropertyVerdict("wrong_start", f"f(0) = {{pairs_[0][0]:.3g}}",
                                   interpreted_as=shown)
        return PropertyVerdict("correct", interpreted_as=shown)
    return PropertyVerdict("unreadable", "no expression in one variable")


# ------------------------------------------------------------ 2b: identity

_x, _z, _p, _q = sympy.symbols("x z p q")


def elbo_definition() -> sympy.Expr:
    """``∫ q(z|x) log(p(x, z) / q(z|x)) dz``."""
    q_zx = Prob(_q, sympy.Tuple(_z), sympy.Tuple(_x))
    return sympy.Integral(q_zx * sympy.log(Prob(_p, sympy.Tuple(_x, _z), sympy.Tuple()) / q_zx),
                          _z)


def elbo_target() -> sympy.Expr:
    """``E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))``, the asked form."""
    q_zx = Prob(_q, sympy.Tuple(_z), sympy.Tuple(_x))
    return (Expect(q_zx, sympy.log(Prob(_p, sympy.Tuple(_x), sympy.Tuple(_z))))
            - KL(q_zx, Prob(_p, sympy.Tuple(_z), sympy.Tuple())))


# ------------------------------------------------------------ 3a: table

STEPS = 4


def iterate_step(prev: dict[str, float]) -> dict[str, float]:
    return {{"x": prev["x"] / 2 + 1}}


def _run(step) -> np.ndarray:  # noqa: ANN001 (a step function like iterate_step)
    columns = [{{"x": 0.0}}]
    for _ in range(STEPS):
        columns.append(step(columns[-1]))
    return np.array([[c["x"] for c in columns]])


def iterates_table() -> np.ndarray:
    return _run(iterate_step)


def iterates_table_without_offset() -> np.ndarray:
    return _run(lambda prev: {{"x": prev["x"] / 2}})
'''


def module_name(assignment_id: str) -> str:
    """The reference module's name for an assignment id (``optim-hw3`` → ``optim_hw3``)."""
    name = re.sub(r"\W", "_", assignment_id)
    return name if name[:1].isalpha() or name[:1] == "_" else f"a_{name}"


def rubric_text(assignment_id: str) -> str:
    """The scaffold rubric: one example part of each registered kind that has a template."""
    head = RUBRIC_HEAD.format(id=assignment_id, module=module_name(assignment_id))
    return head + "\n".join(PART_TEMPLATES[kind] for kind in CHECKERS if kind in PART_TEMPLATES)


def scaffold(assignment_id: str, folder: Path, *, force: bool = False) -> list[Path]:
    """Write ``folder/rubrics/ID.yaml`` and ``folder/reference/<module>.py``.

    Raises:
        ValueError: the id is not letters, digits, '.', '_' or '-'.
        FileExistsError: a file is there already and ``force`` is not set.
    """
    if not PART_ID.match(assignment_id):
        raise ValueError(f"assignment id {assignment_id!r} must be letters, digits, "
                         "'.', '_' or '-'")
    rubric = folder / "rubrics" / f"{assignment_id}.yaml"
    module = folder / "reference" / f"{module_name(assignment_id)}.py"
    for path in (rubric, module):
        if path.exists() and not force:
            raise FileExistsError(f"{path} exists (--force overwrites it)")
    for path, text in ((rubric, rubric_text(assignment_id)),
                       (module, REFERENCE_MODULE.format(id=assignment_id))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [rubric, module]


def kinds_without_template() -> list[str]:
    """Registered kinds the scaffold has no example of (a new checker needs one)."""
    return [kind for kind in CHECKERS if kind not in PART_TEMPLATES]
