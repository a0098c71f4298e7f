"""Extreme answers for every rubric part, and a detector for reference leaks.

Used by ``tests/test_no_reference_leaks.py``. Probes are generated from each
part's key (reference, accepted forms, misconceptions, params), never listed
by hand, so a new rubric is probed as soon as it exists.

The detector reads a student-facing line as *tokens*: factors (``n²``,
``t^2``, ``L``, ``√β``), products of factors (``t·n²·L`` in any order and
notation), numbers, yes/no words, and canonical text (concept names, whole
rendered forms). A token of the part's reference or accepted forms that the
student's own answer does not contain is a leak.
"""

from __future__ import annotations

import random
import re
import re._parser as sre_parse  # its tree writes answers that rubric regexes match
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import sympy

from grader.checks import PartKey
from grader.checks.complexity import (
    bound_terms,
    read_rubric_form,
    render_bound,
    render_expr_bound,
    strip_bigo,
)
from grader.checks.expression import read_rubric_form as read_expression_form
from grader.checks.free_text import FreeTextParams, matched_concepts
from grader.checks.mutations import mutations
from grader.mathread import to_text

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᐟ", "0123456789-/")
_DISPLAY = {"beta": "β", "ell": "ℓ"}

Token = tuple[Any, ...]


# ----------------------------------------------------------------- tokens

def canonical(text: str) -> str:
    """One spelling for ``O(t·n²·L)``, ``O(t n^2 L)``, ``O(t*n**2*L)``, ``O(t n^{2} L)``."""
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᐟ]+", lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS), text)
    text = text.replace("**", "^").replace("β", "beta")
    text = re.sub(r"\\(?:cdot|times|left|right)", "", text)
    return re.sub(r"[\s·⋅*×{}$\\]", "", text).lower()


def _exponent(text: str | None) -> str:
    if not text:
        return "1"
    return canonical(text).lstrip("^").strip("()") or "1"


def _factor_pattern(names: Iterable[str]) -> re.Pattern[str]:
    spellings = sorted({s for n in names for s in (n, _DISPLAY.get(n, n))}, key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in spellings)
    return re.compile(
        r"(?<![A-Za-z0-9_'’\\])(?P<root>√)?(?P<name>" + alternatives + r")(?![A-Za-z_'’\[])"
        r"(?:\^\{?\(?(?P<e1>-?[\w/]+)\)?\}?|\*\*\(?(?P<e2>-?[\w/]+)\)?"
        r"|(?P<e3>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᐟ]+))?")


def _name(spelling: str) -> str:
    return next((n for n, s in _DISPLAY.items() if s == spelling), spelling)


# A symbol spelled like an English word (the curvature ``a``) is prose when a word
# follows it: "It looks like a slip: a factor dropped." names no factor.
_WORD_SYMBOLS = frozenset({"a"})
_FOLLOWED_BY_WORD = re.compile(r"\s+[a-z]{2,}")


def _is_article(match: re.Match[str], line: str) -> bool:
    return (match.group("name") in _WORD_SYMBOLS and match.end() == match.end("name")
            and bool(_FOLLOWED_BY_WORD.match(line, match.end())))


def factor_tokens(line: str, names: Iterable[str]) -> set[Token]:
    """Factors and products of two or more factors mentioned in ``line``."""
    pattern = _factor_pattern(names)
    tokens: set[Token] = set()
    run: list[Token] = []
    end = -1
    for m in pattern.finditer(line):
        if _is_article(m, line):
            continue
        power = "1/2" if m.group("root") else _exponent(m.group("e1") or m.group("e2")
                                                       or m.group("e3"))
        factor: Token = ("factor", _name(m.group("name")), power)
        tokens.add(factor)
        if run and not re.fullmatch(r"[\s·⋅*×]*", line[end:m.start()]):
            if len(run) >= 2:
                tokens.add(("product", frozenset(run)))
            run = []
        run.append(factor)
        end = m.end()
    if len(run) >= 2:
        tokens.add(("product", frozenset(run)))
    return tokens


_NUMBER = re.compile(r"(?P<root>√)?(?<![\w^.⁰¹²³⁴⁵⁶⁷⁸⁹/])(?P<n>\d+(?:\.\d+)?)(?![\w.]*\d|/\d)")


def number_tokens(line: str) -> set[Token]:
    """Numbers in ``line``, outside exponents and ``t=3`` column indices."""
    line = re.sub(r"\^\{?\(?-?[\w/]+\)?\}?|\*\*-?[\w/]+|\b[tT]\s*=\s*\d+", " ", line)
    out: set[Token] = set()
    for m in _NUMBER.finditer(line):
        value = f"{float(m.group('n')):g}"
        out.add(("number", f"√{value}" if m.group("root") else value))
    return out


def polarity_tokens(line: str) -> set[Token]:
    """``yes`` / ``no`` words, except in a phrase naming both ("yes or no")."""
    line = re.sub(r"\b(yes|no)\s*(or|/|and)\s*(yes|no)\b", " ", line, flags=re.IGNORECASE)
    return {("polarity", w.lower()) for w in re.findall(r"\b(yes|no)\b", line, re.IGNORECASE)}


# ----------------------------------------------------------------- what a part keeps secret

def _forms(key: PartKey) -> list[sympy.Basic]:
    """The reference and every accepted form as sympy objects (what must not leak)."""
    out: list[sympy.Basic] = []
    reader = read_rubric_form if key.part.kind == "complexity" else read_expression_form
    values = [key.reference, *((value if value is not None else form.answer)
                               for form, value in key.accepted)]
    for value in values:
        if value is None or isinstance(value, np.ndarray):
            continue
        out.append(value if isinstance(value, sympy.Basic) else reader(value, key.notation))
    return [strip_bigo(f) for f in out]


def expr_tokens(expr: sympy.Basic) -> set[Token]:
    """Factors, products and numbers of ``expr`` and of its expanded terms."""
    tokens: set[Token] = set()
    expr = sympy.sympify(expr)

    def factors_of(node: sympy.Basic) -> None:
        base, exp = node.as_base_exp() if isinstance(node, sympy.Pow) else (node, None)
        if isinstance(base, sympy.Symbol):
            tokens.add(("factor", base.name, canonical(str(exp if exp is not None else 1))))
        elif base.is_Integer and exp == sympy.S.Half:
            tokens.add(("number", f"√{int(base)}"))
        elif not node.is_Atom:
            for arg in (base.args if exp is not None else node.args):
                factors_of(arg)

    for node in (expr, sympy.expand(expr)):
        factors_of(node)
        for term in sympy.Add.make_args(node):
            product = [("factor", b.name, canonical(str(e)))
                       for b, e in (f.as_base_exp() for f in sympy.Mul.make_args(term))
                       if isinstance(b, sympy.Symbol)]
            if len(product) >= 2:
                tokens.add(("product", frozenset(product)))
    for term in sympy.Add.make_args(sympy.expand(expr)):
        coeff = term.as_coeff_Mul()[0]
        if (term.is_number or coeff not in (1, -1)) and coeff.is_Rational:
            tokens.add(("number", f"{abs(float(coeff)):g}"))
    return tokens


@dataclass
class Secrets:
    """What one part must never show a student unless the student wrote it."""

    names: frozenset[str] = frozenset()
    order: tuple[str, ...] = ()
    tokens: set[Token] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    instructor_lines: frozenset[str] = frozenset()


def secrets_for(key: PartKey) -> Secrets:
    part, kind = key.part, key.part.kind
    instructor = {m.feedback for m in part.misconceptions if m.feedback}
    wrong = getattr(key.params, "wrong_feedback", "")
    if wrong:
        instructor.add(wrong)
    out = Secrets(order=tuple(key.notation.symbols), instructor_lines=frozenset(instructor))
    forms = _forms(key) if kind in ("complexity", "expression") else []
    names = set(key.notation.symbols)
    for form in forms:
        names |= {s.name for s in form.free_symbols}
        out.tokens |= expr_tokens(form)
        out.texts |= {canonical(to_text(form))}
        if kind == "complexity":
            out.texts |= {canonical(f"O({to_text(form)})"),
                          canonical(render_bound(bound_terms(form), key.notation.symbols))}
    out.names = frozenset(names)
    if kind == "complexity":  # a bound's number tokens are exponents and constants: no secret
        out.tokens = {t for t in out.tokens if t[0] != "number"}
    for form, _ in key.accepted:
        if form.answer:
            out.texts.add(canonical(form.answer))
    if kind == "table" and key.reference is not None:
        cells = np.asarray(key.reference, dtype=float)[:, 1:]
        out.tokens |= {("number", f"{abs(float(x)):g}") for x in cells.ravel()}
    if kind == "choice":
        out.tokens.add(("polarity", key.params.expected))
    if kind == "free_text":
        params = key.params_as(FreeTextParams)
        out.texts |= {canonical(c.name) for c in params.concepts}
    # A bare product such as "t^2d" glued from "T² dropped" is no evidence: short
    # forms are found as factor and product tokens; whole texts must carry structure.
    out.texts = {t for t in out.texts
                 if len(t) >= 3 and (kind == "free_text" or re.search(r"[()+\-/√=]", t))}
    return out


# ----------------------------------------------------------------- probes

@dataclass(frozen=True)
class Probe:
    """One answer: its text, and the maths it was generated from (what the student owns)."""

    text: str
    expr: sympy.Basic | None = None


def _ascii(expr: sympy.Basic) -> str:
    return sympy.sstr(expr).replace("**", "^").replace("*", " ")


def _complexity_probes(key: PartKey) -> list[sympy.Expr]:
    forms = _forms(key)
    symbols = [sympy.Symbol(s) for s in key.notation.symbols]
    monomials: list[sympy.Expr] = []
    for form in forms:
        for m in sorted(bound_terms(form), key=lambda m: m.render()):  # a frozenset: fix the order
            monomials.append(sympy.Mul(*(sympy.Symbol(n) ** p * sympy.log(sympy.Symbol(n)) ** q
                                         for n, p, q in m.powers)))
    factors = list(dict.fromkeys(f for m in monomials for f in sympy.Mul.make_args(m)))
    exprs: list[sympy.Expr] = [sympy.Integer(1), sympy.Mul(*(s**9 for s in symbols)),
                               sympy.Add(*symbols)]
    exprs += symbols + [s**2 for s in symbols] + factors + monomials
    exprs += [a * b for a, b in combinations(factors, 2)
              if not a.free_symbols & b.free_symbols]
    exprs += [a + b for a, b in combinations(dict.fromkeys(monomials), 2)]
    exprs += [m * s**9 for m in monomials[:1] for s in symbols]
    exprs += [m**2 for m in monomials[:2]]
    if key.reference is not None:
        exprs += [m for _, m in mutations(strip_bigo(key.reference), key.notation.symbols)]
    return exprs


def _expression_probes(key: PartKey) -> list[sympy.Expr]:
    forms = _forms(key)
    names = sorted({*key.notation.symbols, *(s.name for f in forms for s in f.free_symbols)})
    symbols = [sympy.Symbol(n) for n in names]
    exprs: list[sympy.Expr] = [sympy.Integer(0), sympy.Integer(1), sympy.Integer(7),
                               sympy.Rational(-7, 2), sympy.Integer(1000)]
    exprs += symbols + [a * b for a, b in combinations(symbols, 2)]
    for form in forms:
        terms = list(sympy.Add.make_args(sympy.expand(form)))
        exprs += terms + [a + b for a, b in combinations(terms, 2)]
        exprs += [f for t in terms for f in sympy.Mul.make_args(t) if f.free_symbols]
        exprs += [form + 1, 2 * form, form**2]
    if key.reference is not None:
        exprs += [m for _, m in mutations(key.reference)]
    return exprs


def _table_text(rows: list[str], table: np.ndarray) -> str:
    header = "t\t" + "\t".join(str(i) for i in range(table.shape[1]))
    return "\n".join([header, *(f"{name}\t" + "\t".join(f"{v:g}" for v in row)
                                for name, row in zip(rows, table, strict=True))])


def _table_probes(key: PartKey) -> list[str]:
    ref = np.asarray(key.reference, dtype=float)
    rows = list(key.params.rows)
    rng = np.random.default_rng(7)
    tables = [np.zeros_like(ref), rng.integers(11, 99, size=ref.shape).astype(float),
              -ref, ref[::-1].copy(), np.roll(ref, 1, axis=1)]
    start_kept = np.zeros_like(ref)
    start_kept[:, 0] = ref[:, 0]
    tables.append(start_kept)
    for r in range(ref.shape[0]):
        for c in (1, ref.shape[1] - 1):
            off = ref.copy()
            off[r, c] += 37
            tables.append(off)
    return [_table_text(rows, t) for t in tables] + ["p 1 2 3", "t 0 1 2\nq 5 5"]


def minimal_match(pattern: str) -> str | None:
    """A short string that ``pattern`` matches (first branch, fewest repeats)."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None

    def walk(items: Any) -> str | None:
        out = []
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "NOT_LITERAL" or name == "ANY":
                out.append("x" if name == "ANY" or arg != ord("x") else "y")
            elif name == "IN":
                first = next(((o, a) for o, a in arg if str(o) in ("LITERAL", "RANGE")), None)
                if first is None:
                    out.append("a")
                else:
                    out.append(chr(first[1] if str(first[0]) == "LITERAL" else first[1][0]))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, _high, sub = arg
                piece = walk(sub)
                if piece is None:
                    return None
                out.append(piece * low)
            elif name == "SUBPATTERN":
                piece = walk(arg[-1])
                if piece is None:
                    return None
                out.append(piece)
            elif name == "BRANCH":
                piece = walk(arg[1][0])
                if piece is None:
                    return None
                out.append(piece)
            elif name == "CATEGORY":
                out.append({"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " "}.get(str(arg), "a"))
            elif name == "AT":
                continue
            else:
                return None
        return "".join(out)

    return walk(parsed)


def _free_text_probes(key: PartKey) -> list[str]:
    params = key.params_as(FreeTextParams)
    texts = ["I don't know.", "x", "0", "It depends."]
    for concept in params.concepts:
        for pattern in concept.patterns:
            text = minimal_match(pattern)
            if text and matched_concepts(text, [concept]):
                texts.append(text)
                break
    for misconception in key.part.misconceptions:
        if misconception.keywords:
            texts.append(" and ".join(misconception.keywords))
    return texts


def _choice_probes(key: PartKey) -> list[str]:
    expected = key.params.expected
    opposite = "No" if expected == "yes" else "Yes"
    subject = (key.params.subject or ["it"])[0]
    return ["Yes.", "No.", "Yes and no.", "Maybe.", "I don't know.", f"{opposite}.",
            f"{opposite}, {subject} does not matter here.", f"{opposite}, because of {subject}."]


_GENERIC = ["0", "1", "x = 0", "q = 0", "I don't know.", "$$L(q) = 0$$",
            "$$L(q) = \\log p(x)$$", "$$\\phi(x) = [1, x_1]$$", "Y_T = 0"]


def probes_for(key: PartKey) -> list[Probe]:
    """Every extreme answer for one part, deduplicated, in a stable order."""
    kind = key.part.kind
    seed = random.Random(key.part.id)
    if kind in ("complexity", "expression"):
        exprs = _complexity_probes(key) if kind == "complexity" else _expression_probes(key)
        probes: list[Probe] = []
        seen: set[sympy.Basic] = set()
        for expr in exprs:
            expr = sympy.sympify(expr)
            if expr in seen:
                continue
            seen.add(expr)
            # both notations the sheet invites: Unicode as printed, and ASCII with ^
            body = to_text(expr) if seed.random() < 0.5 else _ascii(expr)
            probes.append(Probe(f"O({body})" if kind == "complexity" else body, expr))
        return probes
    if kind == "table":
        texts = _table_probes(key)
    elif kind == "choice":
        texts = _choice_probes(key)
    elif kind == "free_text":
        texts = _free_text_probes(key)
    else:
        texts = list(_GENERIC)
    return [Probe(t) for t in dict.fromkeys(texts)]


# ----------------------------------------------------------------- the detector

def owned(probe: Probe, secrets: Secrets) -> tuple[set[Token], set[str]]:
    """The tokens and canonical texts of the student's own answer."""
    tokens = (factor_tokens(probe.text, secrets.names) | number_tokens(probe.text)
              | polarity_tokens(probe.text))
    texts = {canonical(probe.text)}
    if probe.expr is not None:
        tokens |= expr_tokens(probe.expr)
        for shown in (to_text(probe.expr), _ascii(probe.expr)):
            texts.add(canonical(shown))
        # what the checkers print as the student's reading, in the part's symbol order
        texts.add(canonical(render_expr_bound(probe.expr, secrets.order)))
    return tokens, texts


def leaks_in(line: str, secrets: Secrets, probe: Probe) -> list[str]:
    """What ``line`` reveals of the part's secrets that the student's answer did not hold."""
    if line.strip() in secrets.instructor_lines:
        return []
    own_tokens, own_texts = owned(probe, secrets)
    found = (factor_tokens(line, secrets.names) | number_tokens(line) | polarity_tokens(line))
    leaked = [_show_token(t) for t in sorted(found & secrets.tokens - own_tokens, key=str)]
    flat = canonical(line)
    leaked += [f"text {t!r}" for t in sorted(secrets.texts)
               if t in flat and not any(t in own for own in own_texts)]
    return leaked


def _show_token(token: Token) -> str:
    if token[0] == "product":
        return "product " + "·".join(sorted(f"{n}^{p}" for _, n, p in token[1]))
    return " ".join(str(x) for x in token)
