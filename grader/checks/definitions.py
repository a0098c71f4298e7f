"""Definitions stated inside an answer: substitutions into it, not answers.

Students name things before they use them: "Let $p = \\mathrm{softmax}(z)$", "with
$s = \\mathrm{softmax}(z)$, the gradient is …", "$\\nabla_z \\ell = p - y$ where
$p = \\mathrm{softmax}(z)$", "dl/dz = p - y (p = softmax(z))". Graded as answers,
such an equation is the wrong thing to grade (``p_i = e^{z_i}/Σ_j e^{z_j}`` is not
the gradient). An equation is a definition when

- its left side is a plain name (``p``, ``s``, ``p_i``; never a derivative name
  such as ``∂ℓ/∂z``, which names the quantity asked for) not used on its right, and
- a definition word opens its clause ("let", "where", "with", "write",
  "define", "denote", "i.e.", or a bracket), or the name is used in another of
  the answer's statements.

Checkers receive these as a mapping name → definition and grade what is left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import sympy

from grader.mathread.derivatives import differentiated
from grader.mathread.normalise import UNICODE_GREEK
from grader.mathread.objects import QuantityName
from grader.mathread.transformer import ProseWord
from grader.notation import Notation

# a clause ends at a sentence end, a colon or a word that draws a conclusion
_CLAUSE_END = re.compile(r"[.;:!?\n]|\b(?:so|then|hence|thus|therefore|gives?|and so)\b"
                         r"|⇒|=>|\\(?:Rightarrow|implies)(?![A-Za-z])", re.IGNORECASE)
_CUE = re.compile(r"\b(?:let|where|with|write|writing|define|defining|denote|denoting"
                  r"|set(?:ting)?|wobei|avec|o[uù]|donde|con|ie)\b|\(\s*$",
                  re.IGNORECASE)
# "i.e.", "e.g.": their dots do not end a sentence
_ABBREVIATION = re.compile(r"\b([ie])\.\s?([eg])\.", re.IGNORECASE)
#: how far back from a span its clause may open
CLAUSE_REACH_DEFAULT = 160
# "p - y   (p = softmax(z))": an answer and, in brackets after it, a definition
_TRAILING_DEFINITION = re.compile(r"^(?P<head>.*\S)\s*\(\s*(?P<definition>[^()=]{1,40}=(?:[^()]"
                                  r"|\([^()]*\)){1,120})\)\s*[.,;]?\s*$", re.DOTALL)


def defined_name(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(name, definition)`` when ``expr`` has the shape of a definition
    (``p = softmax(z)``, ``p_i = e^{z_i}/Σ_j e^{z_j}``), else None."""
    if not isinstance(expr, sympy.Eq):
        return None
    name, value = expr.lhs, expr.rhs
    plain = isinstance(name, sympy.Symbol) and not isinstance(name, QuantityName | ProseWord)
    indexed = isinstance(name, sympy.Indexed) and all(
        isinstance(i, sympy.Symbol | sympy.Integer) for i in name.indices)
    if not (plain or indexed) or name in value.atoms(type(name)):
        return None
    if indexed and name.base in value.atoms(sympy.IndexedBase):
        return None
    return name, value


def opens_with_cue(text: str, start: int) -> bool:
    """Whether the clause holding the span at ``start`` of ``text`` opens with a
    definition word ("Let …", "…, where …", "with …", "(…")."""
    before = _ABBREVIATION.sub(lambda m: f" {m.group(1)}{m.group(2)} ",
                               text[max(0, start - CLAUSE_REACH_DEFAULT):start])
    ends = list(_CLAUSE_END.finditer(before))
    clause = before[ends[-1].end():] if ends else before
    return bool(_CUE.search(clause))


def used_names(exprs: Iterable[sympy.Basic], notation: Notation | None = None) -> set[str]:
    """Every name used in ``exprs`` (symbols, the bases of indexed names, and
    what a derivative name differentiates: ``∂ℓ/∂z`` uses ``ℓ``)."""
    names: set[str] = set()
    for expr in exprs:
        for symbol in expr.atoms(sympy.Symbol):
            names.add(symbol.name)
            if isinstance(symbol, QuantityName):
                names.update(_spelled(n, notation) for n in differentiated(symbol.name))
        names |= {str(b.label) for b in expr.atoms(sympy.IndexedBase)}
    return names


def _spelled(name: str, notation: Notation | None) -> str:
    """A name as the reader spells its symbol (``ℓ`` is ``ell``, or what the
    assignment's notation makes of it)."""
    word = UNICODE_GREEK.get(name, name)
    if notation is None:
        return word
    out = notation.canonical(word)
    if out == word:  # the notation may know the letter itself ("ℓ": L)
        out = notation.canonical(name)
        return word if out == name else out
    return out


def _name_of(name: sympy.Basic) -> str:
    return str(name.base.label) if isinstance(name, sympy.Indexed) else str(name)


def definitions(exprs: tuple[sympy.Basic, ...], cued: Iterable[bool] | None = None,
                notation: Notation | None = None) -> dict[sympy.Basic, sympy.Basic]:
    """The definitions among ``exprs`` (see the module docstring); ``cued`` says,
    per expression, whether a definition word opens its clause (unknown: none);
    ``notation`` spells the names a derivative name uses as the reader does."""
    flags = list(cued) if cued is not None else [False] * len(exprs)
    found: dict[sympy.Basic, sympy.Basic] = {}
    for k, (expr, cue) in enumerate(zip(exprs, flags, strict=True)):
        shape = defined_name(expr)
        if shape is None:
            continue
        name, value = shape
        others = [e for j, e in enumerate(exprs) if j != k and not _same_definition(e, name)]
        if cue or _name_of(name) in used_names(others, notation):
            found.setdefault(name, value)
    return found


def _same_definition(expr: sympy.Basic, name: sympy.Basic) -> bool:
    shape = defined_name(expr)
    return shape is not None and _name_of(shape[0]) == _name_of(name)


def is_definition(expr: sympy.Basic, found: Mapping[sympy.Basic, sympy.Basic]) -> bool:
    """Whether ``expr`` is one of the definitions ``found``."""
    shape = defined_name(expr)
    return shape is not None and found.get(shape[0]) == shape[1]


def split_trailing_definition(text: str) -> tuple[str, str] | None:
    """``dl/dz = p - y  (p = softmax(z))`` as the answer and the bracketed
    definition after it, or None."""
    match = _TRAILING_DEFINITION.match(text)
    if match is None or not re.search(r"[A-Za-z\\]", match.group("definition").split("=")[0]):
        return None
    return match.group("head"), match.group("definition")
