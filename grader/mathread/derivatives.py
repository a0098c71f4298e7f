r"""Derivative names: ``∂ℓ/∂z_j``, ``\frac{\partial \ell}{\partial z}``, ``\nabla_z \ell``,
``dℓ/dz`` (and a limit, ``\lim_{τ→0⁺} f(τ)``) read as the *name* of a quantity.

Students name what they compute by its derivation, on the left of an equation:
``\partial\ell/\partial z_j = p_j - y_j``. The reader does not differentiate, and
without this pass the whole equation failed to parse, so a checker graded some
other span of the answer (a definition, a step). Read as one opaque name (a
:class:`~grader.mathread.objects.QuantityName`), the equation parses and its right
side is what is graded; a derivative name on its own evaluates to nothing.

The ``∂`` and ``∇`` forms are unambiguous wherever they appear. The upright
``d`` form (``dl/dz``, ``\frac{d\ell}{dz}``) could be a product of letters, so it
is read as a name only right before a relation (``dl/dz = …``).
"""

from __future__ import annotations

import re

# the differentiated quantity or variable: a letter, a Greek/ell command or
# letter, with an optional subscript (z_j, z_{ij}, zᵢ)
_SUB = r"(?:_\s*(?:\{[^{}]{1,20}\}|\\[A-Za-z]+|[A-Za-z0-9]+)|[ᵢⱼₖₙₜ])"
_NAME = (r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*[A-Za-z]\s*\}|\\[A-Za-z]+|[A-Za-zα-ωΑ-Ωℓ])"
         rf"{_SUB}?")
_PARTIAL = r"(?:\\partial(?![A-Za-z])|∂)"
_UPRIGHT_D = r"(?:\\(?:mathrm|text|operatorname)\s*\{\s*d\s*\}|d)"
_FRAC = r"\\[dt]?frac\s*"
_POWER = r"(?:\^\s*(?:\{\s*2\s*\}|2)|²)?"

_PARTIAL_FORMS = re.compile(
    rf"{_PARTIAL}{_POWER}\s*(?P<f1>{_NAME})\s*/\s*{_PARTIAL}\s*(?P<x1>{_NAME}){_POWER}"
    rf"|{_FRAC}\{{\s*{_PARTIAL}{_POWER}\s*(?P<f2>{_NAME})\s*\}}"
    rf"\s*\{{\s*{_PARTIAL}\s*(?P<x2>{_NAME}){_POWER}\s*\}}"
    rf"|(?:\\nabla(?![A-Za-z])|∇)\s*(?:_\s*(?P<x3>\{{[^{{}}]{{1,20}}\}}|\\[A-Za-z]+|[A-Za-z]))?"
    rf"{_POWER}\s*(?P<f3>{_NAME})")
_UPRIGHT_FORMS = re.compile(
    rf"(?<![A-Za-z\\]){_UPRIGHT_D}\s*(?P<f1>{_NAME})\s*/\s*{_UPRIGHT_D}\s*(?P<x1>{_NAME})"
    rf"|{_FRAC}\{{\s*{_UPRIGHT_D}\s*(?P<f2>{_NAME})\s*\}}\s*\{{\s*{_UPRIGHT_D}\s*"
    rf"(?P<x2>{_NAME})\s*\}}")
# a limit on the left of an equation: "\lim_{τ→0⁺} f(τ) = …", "lim_{t→∞} x_t = 0"
_LIMIT = re.compile(r"\\lim(?![A-Za-z])|(?<![A-Za-z\\])lim(?=\s*_)")
#: how far after "lim" the relation may be
LIMIT_NAME_REACH_DEFAULT = 120
_SECOND = re.compile(r"\^\s*\{?\s*2|²")
_BEFORE_RELATION = re.compile(r"\s*(?:=|:=|≈|\\approx(?![A-Za-z]))")
_COMMAND_NAMES = {"ell": "ℓ", "mathcal": "", "mathbf": "", "boldsymbol": "", "bm": "",
                  "vec": ""}


def derivative_name(text: str, at: int, end: int) -> tuple[str, int] | None:
    r"""The derivative name starting at ``at`` in ``text[:end]``: its canonical
    spelling (``∂ℓ/∂z_j``) and where it ends, or None.

    Example:
        >>> derivative_name(r"\frac{\partial \ell}{\partial z} = p - y", 0, 40)
        ('∂ℓ/∂z', 32)
    """
    if text[at] not in "\\∂∇dl":
        return None
    if limit := _LIMIT.match(text, at, end):
        return _limit_name(text, limit.end(), end)
    match = _PARTIAL_FORMS.match(text, at, end)
    if match is None:
        match = _UPRIGHT_FORMS.match(text, at, end)
        if match is None or not _BEFORE_RELATION.match(text, match.end(), end):
            return None
    groups = match.groupdict()
    quantity = next(groups[k] for k in ("f1", "f2", "f3") if groups.get(k))
    variable = next((groups[k] for k in ("x1", "x2", "x3") if groups.get(k)), "")
    order = "²" if _SECOND.search(match.group(0)) else ""  # ∇²ℓ, ∂²ℓ/∂z²: the Hessian
    return f"∂{order}{_plain(quantity)}/∂{_plain(variable)}{order}", match.end()


def _limit_name(text: str, start: int, end: int) -> tuple[str, int] | None:
    r"""``\lim_{τ→0⁺} softmax_τ(z) = …``: the limit up to the relation at the top
    level after it, as one name (the reader has no limits; the value is graded)."""
    depth = 0
    for k in range(start, min(end, start + LIMIT_NAME_REACH_DEFAULT)):
        char = text[k]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and _BEFORE_RELATION.match(text, k, end) and text[k - 1] != "\\":
            written = re.sub(r"[{}\\\s]", "", text[start:k])[:40]
            return f"lim{written}", k
    return None


def differentiated(name: str) -> tuple[str, ...]:
    """The quantity and the variable (without its index) of a derivative name
    as ``derivative_name`` spells it: ``∂ℓ/∂z_j`` → ``("ℓ", "z")``."""
    top, _, bottom = name.partition("/")
    return tuple(part.lstrip("∂²").split("_")[0].rstrip("²") for part in (top, bottom)
                 if part.lstrip("∂²"))


def _plain(name: str) -> str:
    """``\\ell`` → ``ℓ``, ``z_{j}`` → ``z_j``: a name without braces or spaces."""
    name = re.sub(r"\\([A-Za-z]+)", lambda m: _COMMAND_NAMES.get(m.group(1), m.group(1)), name)
    return re.sub(r"[{}\s]", "", name)
