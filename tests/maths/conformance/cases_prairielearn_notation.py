r"""PrairieLearn's symbolic-input reading tests, translated (issue #9, third round).

``sympy_utils_test.py`` checks that what a student types (``5mn sin m + arccos
3n``, ``sin**2 (m)``, ``(1, 2]``, ``{1} ∪ {2}``) reads as a given sympy object;
``pl-symbolic-input_test.py`` that ``|…|`` reads as an absolute value. Each pair
becomes a case: the student's text against the object written in our plain
notation (an interval ``(1, 2]`` as ``1 < x \le 2``, in relation mode), with the
variables and functions the test declares. Pairs that read as different objects
(``f(1) + g(2)`` is not ``g(1) + f(2)``) are ``False``.

Left out: complex numbers (``i``, ``j``, ``e^(pi i)``), PrairieLearn's own
conventions (``+`` and ``|`` as set union, ``&`` as intersection, digits after a
name as a factor: ``x2`` is ``x·2`` there, ``x₂`` for our students) and the
formula editor's spaced-out letters.
"""

from tests.maths.conformance.case import Case

_COMMIT = "PrairieLearn/PrairieLearn@88fb8556a7a1:apps/prairielearn/"
SYMPY_UTILS = _COMMIT + "python/test/sympy_utils_test.py"
SYMBOLIC_INPUT = _COMMIT + "elements/pl-symbolic-input/pl-symbolic-input_test.py"
_VARS = ("n", "m", "alpha", "mu0")
_FUNCS = ("f", "g", "beef", "phi")


def _pl(line: int, answer: str, reference: str, expected: bool = True,
        mode: str = "expression") -> Case:
    return Case(SYMPY_UTILS, line, reference, answer, expected, mode, _VARS, _FUNCS)


def _abs(line: int, answer: str, reference: str) -> Case:
    return Case(SYMBOLIC_INPUT, line, reference, answer, True, symbols=("x", "y", "a", "b"))


CUSTOM_FUNCTIONS = (
    _pl(71, "f(1) + g(2)", "g(2) + f(1)"),
    _pl(72, "f(g(n), 1)", "f(g(n),1)"),
    _pl(73, "f(1) + g(2, 3) + sin n", "sin(n) + f(1) + g(2,3)"),
    _pl(74, "beef(m + n)", "beef(n + m)"),
    _pl(75, "beef(n) + f(m)", "f(m) + beef(n)"),
    _pl(76, "\u03c6(\u03bc0)", "phi(mu0)"),
    _pl(80, "f(1) + g(2)", "f(1) + g(2, 3)", False),
    _pl(81, "f(1) + g(2)", "g(1) + f(2)", False),
)

EXPRESSIONS = (
    _pl(86, "1+\u03bc0", "mu0 + 1"),
    _pl(87, "m \u2212 n", "m - n"),
    _pl(88, "m - \uff08n + m\uff09", "-n"),
    _pl(89, "m \uff0b n", "n + m"),
    _pl(91, "Max(m,n)", "max(n, m)"),
    _pl(92, "min(alpha, m, n)", "min(n, m, alpha)"),
    _pl(93, "max(m)", "m"),
    _pl(94, "max(m,n)", "max(n, m)"),
    _pl(95, "abs(sign(alpha))", "|sgn(alpha)|"),
    _pl(96, "Abs(alpha)", "|alpha|"),
    _pl(97, "abs(n) * sgn(n)", "|n| sign(n)"),
    _pl(98, "n alpha", "alpha*n"),
    _pl(99, "n log^2 2n", "n*(log(2*n))^2"),
    _pl(101, "infty", "\\infty"),
    _pl(102, "infty + 99", "\\infty"),
    _pl(103, "-infty", "-\\infty"),
    _pl(104, "-infty + 99", "-\\infty"),
    _pl(105, "n \u2212 m", "n - m"),
    _pl(106, "n/-m", "-n/m"),
    _pl(107, "n / 2", "n/2"),
    _pl(108, "3^m + 4", "3**m + 4"),
    _pl(109, "nm^(-1)", "n/m"),
    _pl(110, "factorial(3m)", "(3*m)!"),
    _pl(111, "m! + n", "factorial(m) + n"),
    _pl(112, "5mn sin m + arccos 3n", "5*m*n*sin(m) + acos(3*n)"),
    _pl(113, "sin**2 (m)", "sin(m)^2"),
    _pl(114, "sin 5n", "sin(5*n)"),
    _pl(115, "pi", "\\pi"),
    _pl(116, "+5n", "5*n"),
    _pl(117, "-5n", "-5*n"),
    _pl(118, "4n + 2m", "4*n + 2*m"),
    _pl(119, "n * m", "m*n"),
    _pl(120, "m - 1", "m-1"),
    _pl(121, "m**2 + n**2 - 4 * n", "m*m + n*n - 4*n"),
    _pl(123, "n * sin(7*m) + m**2 * cos(6*n)", "n*sin(m*7) + m*m*cos(n*6)"),
    _pl(129, "sqrt(100)", "10"),
    _pl(130, "cos(m)", "\\cos m"),
    _pl(131, "sin(m)", "\\sin m"),
    _pl(132, "tan(m)", "\\tan m"),
    _pl(133, "arccos(m)", "acos(m)"),
    _pl(134, "arcsin(m)", "asin(m)"),
    _pl(135, "arctan(m)", "atan(m)"),
    _pl(136, "acos(m)", "\\arccos(m)"),
    _pl(137, "asin(m)", "\\arcsin(m)"),
    _pl(138, "atan(m)", "\\arctan(m)"),
    _pl(139, "arctan2(m, n)", "atan2(m, n)"),
    _pl(140, "atan2(m, n)", "arctan2(m,n)"),
    _pl(141, "csc(m)", "1/sin(m)"),
    _pl(142, "sec(m)", "1/cos(m)"),
    _pl(143, "cot(m)", "cos(m)/sin(m)"),
    _pl(144, "ln(m)", "log(m)"),
    _pl(145, "atanh(m)", "artanh(m)"),
    _pl(146, "asinh(m)", "arsinh(m)"),
    _pl(147, "acosh(m)", "arcosh(m)"),
    _pl(148, "tanh(m)", "sinh(m)/cosh(m)"),
    _pl(149, "sinh(m)", "(e^m - e^(-m))/2"),
    _pl(150, "cosh(m)", "(e^m + e^(-m))/2"),
    _pl(242, "sin atan n", "sin(atan(n))"),
    _pl(243, "ln(e**2)", "2"),
    _pl(245, "sin(arctan(n))", "sin(atan(n))"),
    _pl(246, "2n-m+m-n", "n"),
)

SETS = (
    _pl(155, "{}", "\\emptyset"),
    _pl(156, "{1}", "\\{1\\}"),
    _pl(157, "{1, 2, 3}", "\\{3, 2, 1\\}"),
    _pl(158, "({1, 2, 3})", "\\{1, 2, 3\\}"),
    _pl(160, "(1, 2)", "1 < x < 2", mode="relation"),
    _pl(161, "(1, 2]", "1 < x \\le 2", mode="relation"),
    _pl(162, "[1, 2)", "1 \\le x < 2", mode="relation"),
    _pl(163, "[1, 2]", "1 \\le x \\le 2", mode="relation"),
    _pl(166, "(-oo, 1]", "x \\le 1", mode="relation"),
    _pl(168, "(-oo, 1)", "x < 1", mode="relation"),
    _pl(169, "[-infty, infty]", "-\\infty < x < \\infty", mode="relation"),
    _pl(172, "[1, oo)", "x \\ge 1", mode="relation"),
    _pl(173, "(1, oo)", "x > 1", mode="relation"),
    _pl(175, "[sin(m), 2]", "\\sin m \\le x \\le 2", mode="relation"),
    _pl(176, "(sin(m), 2]", "\\sin m < x \\le 2", mode="relation"),
    _pl(177, "[sin(m), 2)", "\\sin m \\le x < 2", mode="relation"),
    _pl(178, "(sin(m), 2)", "\\sin m < x < 2", mode="relation"),
    _pl(179, "(2, sin(m))", "2 < x < \\sin m", mode="relation"),
    _pl(180, "(2, sin(m)]", "2 < x \\le \\sin m", mode="relation"),
    _pl(181, "[2, sin(m))", "2 \\le x < \\sin m", mode="relation"),
    _pl(182, "[2, sin(m)]", "2 \\le x \\le \\sin m", mode="relation"),
    _pl(184, "([1, 2])", "1 \\le x \\le 2", mode="relation"),
    _pl(186, "(({1, 2, 3}) U ([1, 2]))", "[1, 2] \\cup \\{3\\}", mode="relation"),
    _pl(190, "[m, 2] U (m + 2, 4]", "[m, 2] \\cup (m+2, 4]", mode="relation"),
    _pl(193, "{1} \u222a {2}", "\\{1, 2\\}"),
    _pl(194, "{1, 2} \u2229 {2, 3}", "\\{2\\}"),
    _pl(195, "{1, 2} - {2, 3}", "\\{1\\}"),
    _pl(197, "({m, 3} U (m + 1, 4])", "\\{3, m\\} \\cup (m+1, 4]", mode="relation"),
    _pl(215, "(sin((m/2) + 1), cos(m - 1)]", "\\sin(m/2+1) < x \\le \\cos(m-1)",
        mode="relation"),
    _pl(219, "[f(m + 1), g(f(m) + 1)]", "f(m+1) \\le x \\le g(f(m)+1)", mode="relation"),
    _pl(224, "{1, 1}", "\\{1\\}"),
    Case(SYMBOLIC_INPUT, 318, "\\sin x \\le t \\le \\cos y", "[sin(x), cos(y)]", True,
         "relation", ("x", "y", "t")),
    Case(SYMBOLIC_INPUT, 322, "x^2 + 2x - 1 \\le t \\le y^2 - 3y + 4",
         "[x^2 + 2*x - 1, y^2 - 3*y + 4]", True, "relation", ("x", "y", "t")),
)

ABSOLUTE_VALUES = (
    _abs(51, "|x|", "abs(x)"),
    _abs(52, "||x|+y|", "abs(abs(x)+y)"),
    _abs(53, "|a| + |b|", "abs(a) + abs(b)"),
    _abs(54, "|||x|||", "abs(abs(abs(x)))"),
    _abs(56, "|x+2|", "abs(x+2)"),
    _abs(57, "|-x+2|", "abs(-x+2)"),
    _abs(58, "|x!|", "abs(factorial(x))"),
    _abs(59, "|+4|", "4"),
    _abs(60, "|x + |y||", "abs(x + abs(y))"),
    _abs(61, "|x+|-x+1+2+3+4||", "abs(x+abs(-x+1+2+3+4))"),
    _abs(62, "|x+|x+1+2+3+4 ||", "abs(x+abs(x+10))"),
)

CASES = CUSTOM_FUNCTIONS + EXPRESSIONS + SETS + ABSOLUTE_VALUES
