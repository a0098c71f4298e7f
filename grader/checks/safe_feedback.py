"""Student-safe wording of how an answer differs from the expected one.

A student may learn the *kind* of error (too small, not tight, a factor
missing, a slip) and which of *their own* factors or terms is wrong: "the
factor t⁹ in your bound is larger than needed" says nothing the answer did not
already hold. What the reference has and the answer lacks is never named nor
counted, since naming it spells the answer out ("the factor n² is missing") and
any sentence built from reference terms can be inverted. The specifics belong
in TA notes; every sentence here is built from the student's side only.
"""

from __future__ import annotations

from collections.abc import Sequence

NOT_TIGHT = "Your bound is correct as an upper bound but not tight"
TOO_SMALL = "Your bound is too small"
NOT_EXPECTED = "Your bound is not the expected one"
FACTOR_MISSING = "at least one factor is missing"
TERM_MISSING = "it leaves out at least one term that dominates for some sizes"


def listing(items: Sequence[str], noun: str) -> str:
    """``the factor t⁹`` / ``the factors t⁹ and n⁹`` / ``the factors t⁹, n⁹ and L⁹``."""
    if len(items) == 1:
        return f"the {noun} {items[0]}"
    return f"the {noun}s {', '.join(items[:-1])} and {items[-1]}"


def own_parts(items: Sequence[str], noun: str, verdict: str, where: str = "your bound") -> str:
    """``the factor t⁹ in your bound is larger than needed`` for the student's own items."""
    verb = "is" if len(items) == 1 else "are"
    return f"{listing(items, noun)} in {where} {verb} {verdict}"


def sentence(head: str, clauses: Sequence[str]) -> str:
    """``head: clause, and clause.``; just ``head.`` without clauses."""
    clauses = [c for c in clauses if c]
    if not clauses:
        return f"{head}."
    body = clauses[0] if len(clauses) == 1 else \
        ", ".join(clauses[:-1]) + f", and {clauses[-1]}"
    return f"{head}: {body}."


def factor_difference(*, looser: bool, tighter: bool, too_large: Sequence[str],
                      too_small: Sequence[str], missing: bool) -> str:
    """Two one-term bounds: the student's factors that are too large or too small,
    and whether some factor is missing (never which one).

    Example:
        >>> factor_difference(looser=False, tighter=True, too_large=[], too_small=["n"],
        ...                   missing=True).split(": ")[1]
        'the factor n in your bound is smaller than needed, and at least one factor is missing.'
    """
    head = NOT_TIGHT if looser else TOO_SMALL if tighter else NOT_EXPECTED
    clauses = []
    if too_large:
        clauses.append(own_parts(too_large, "factor", "larger than needed"))
    if too_small:
        clauses.append(own_parts(too_small, "factor", "smaller than needed"))
    if missing:
        clauses.append(FACTOR_MISSING)
    return sentence(head, clauses)


def term_difference(*, looser: bool, tighter: bool, extra: Sequence[str],
                    missing: bool) -> str:
    """Bounds with several terms: the student's surplus terms, and whether some
    dominant term is left out (never which one, nor how many)."""
    head = NOT_TIGHT if looser else TOO_SMALL if tighter else NOT_EXPECTED
    clauses = []
    if missing and not looser:
        clauses.append(TERM_MISSING)
    if extra:
        clauses.append(own_parts(extra, "term", "larger than needed" if looser
                                 else "not expected"))
    return sentence(head, clauses)


def slip_line(kind: str) -> str:
    """The feedback line for an answer equal to a slip of the reference; ``kind``
    is :attr:`grader.checks.mutations.Slip.kind`, never its description."""
    return f"It looks like a slip: {kind}."
