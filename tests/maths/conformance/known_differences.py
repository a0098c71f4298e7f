"""Confidently wrong cases we accept, each with its reason.

A case belongs here only when the source follows a convention we do not (and
say why), or when it is a limit of ours written down honestly. The conformance
test fails on any confidently wrong case not listed, and on a listed case that
is no longer wrong (so this list only shrinks).
"""

from __future__ import annotations

_STACK = "maths/moodle-qtype_stack"

_FLOATS = ("STACK (Maxima) compares floats as binary doubles; we accept a decimal that "
           "is the exact value correctly rounded to the digits written")
_MULTIPLICITY = ("STACK's equation test keeps the multiplicity of roots; we compare "
                 "solution sets (x = 2 and (x − 2)² = 0 have the same solutions)")

_SET_MEMBERS = ("STACK compares set members without simplifying them "
                "(its comment: \"We don't simplify here\")")
_SET_OR_RELATION = ("STACK keeps a set apart from the inequality that describes it; we "
                    "compare both as sets of reals (x ∈ [−2, 7] and −2 ≤ x ≤ 7 are one answer)")
_SUBSCRIPTS = ("STACK (Maxima) keeps x1, x_1 and x[1] as different names; our students "
               "write a1, a_1 and a[1] (as in code) for a₁, so all three are the same index")

KNOWN_DIFFERENCES: dict[tuple[str, int, str, str], str] = {
    (_STACK, 76, "x_1", "x1"): _SUBSCRIPTS,
    (_STACK, 184, "a_1", "a1"): _SUBSCRIPTS,
    (_STACK, 77, "x[1]", "x_1"): _SUBSCRIPTS,
    (_STACK, 78, "x1", "x[1]"): _SUBSCRIPTS,
    (_STACK, 107, "4.52*10^2", "452"): _FLOATS,
    (_STACK, 109, "1/3", "0.333333333333333"): _FLOATS,
    (_STACK, 116, "x^2/3", "0.333333333333333*x^2"): _FLOATS,
    (_STACK, 120, "20.4", "100.4-80.0"): _FLOATS,
    (_STACK, 168, "2^(0.196078431373*t)", "2^((1/5.1)*t)"): _FLOATS,
    (_STACK, 293, "log(abs(x-3))+log(abs(x+3))", "log(abs((x^2-9)))"): (
        "the two are equal for every real x ≠ ±3; STACK's Maxima does not combine "
        "logarithms of absolute values"),
    (_STACK, 372, "1/(n+2)*((n+1)^(1/(n+1)))^(n+2)", "(n+1)^((n+2)/(n+1))/(n+2)"): (
        "equal wherever both are real (n > −1); STACK's Maxima keeps (a^b)^c apart "
        "from a^(bc) on complex branches"),
    (_STACK, 402, "x=1", "1"): (
        "Math-Verify accepts the value for an answer `name = value` (its cases "
        "`k=1` vs `1`); STACK asks for the equation; we follow Math-Verify"),
    (_STACK, 443, "x=2", "(x-2)^2=0"): _MULTIPLICITY,
    (_STACK, 458, "a*b=0", "a^3*b^3=0"): _MULTIPLICITY,
    (_STACK, 460, "(x-1)^3=0", "x=1"): _MULTIPLICITY,
    (_STACK, 445, "x = 5/2 or x = 4 or x = 55/4",
     "4*x^2-71*x+220 = 0 or 14*x^2-91*x+140 = 0"): _MULTIPLICITY + " (x = 4 is a root of both)",
    (_STACK, 422, "s^2=0", "s^2*e^(s*t)=0"): (
        "both hold exactly when s = 0, whatever t; STACK's equation test compares "
        "factored forms and keeps the factor e^(st), which is never zero"),
    (_STACK, 457, "a=0 or b=0", "a^3*b^3=0"): _MULTIPLICITY,
    (_STACK, 378, r"\{1-2^(3/2),2^(3/2)+1\}", r"\{(2-2^(5/2))/2,(2^(5/2)+2)/2\}"): (
        "the members are equal ((2 − 2^(5/2))/2 = 1 − 2^(3/2)); " + _SET_MEMBERS
        + " (the same row with radcan, line 379, is equivalent)"),
    (_STACK, 380, r"\{(a-x)^6000\}", r"\{(x-a)^6000\}"): (
        "the members are equal (an even power of u and of −u); " + _SET_MEMBERS
        + " (the expressions alone, line 200, are equivalent for STACK too)"),
    (_STACK, 670, r"\{x = (-3 + sqrt(9 + 48))/6, x = (-3 - sqrt(9 + 48))/6\}",
     r"\{x = -1/2 + sqrt(1/4 + 4/3), x = (-1/2 - sqrt(1/4 + 4/3))\}"): (
        "the members are equal (sqrt(1/4 + 4/3) = sqrt(57)/6); " + _SET_MEMBERS
        + " (the single equation, line 668, is equivalent for STACK too)"),
    (_STACK, 513, "1 <= x and x<2", "[1,2)"): _SET_OR_RELATION,
    (_STACK, 514, "[1,2)", "1 <= x and x<2"): _SET_OR_RELATION,
    (_STACK, 1499, r"\{(a-x)^6000\}", r"\{(x-a)^6000\}"): (
        "the members are equal (an even power of u and of −u); " + _SET_MEMBERS),
    (_STACK, 588, "x>1", "sigma>1"): (
        "STACK compares one-variable inequalities whatever the variable is called; "
        "we compare x > 1 with σ > 1 as relations in two unknowns"),
    (_STACK, 589, "x>1", "a>1"): (
        "STACK compares one-variable inequalities whatever the variable is called; "
        "we compare x > 1 with a > 1 as relations in two unknowns"),
}
