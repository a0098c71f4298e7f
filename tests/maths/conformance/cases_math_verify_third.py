r"""More of Math-Verify's test cases, translated (issue #9, third round).

From ``tests/test_open_thoughts.py``, ``tests/test_numina_cases.py``,
``tests/test_yujianll.py``, ``tests/test_strict.py`` and ``tests/test_all.py``:
tuples and lists of tuples in any order, named tuples (``(p,q)=(3,2)``), lists
of values (``n=1, 2, 3``), intervals against chains (``-793 < a < 10``), a
relation against its value (``|AB|=1`` against ``1``), ``\pm`` in a list, and
the boxed answer of worked solutions (the maths inside ``\boxed{}``; finding it
in the prose is the segmenter's job). ``reference`` is Math-Verify's gold.

Left out: word answers (``\text{odd}``), units, ratios ``7:32``, times
``12:00``, answers split over several ``\boxed{}`` with words between them, and
Math-Verify's own conventions (``f(x)`` against ``f(y)`` is equal only in
non-strict mode; ``W(n) = 1`` against ``W(x) = 1`` compared by right-hand sides),
and rows run with a looser precision option (``0.33`` for ``1/3``).
"""

from tests.maths.conformance.case import Case

_COMMIT = "huggingface/Math-Verify@5d148cfaaf99:"
ALL = _COMMIT + "tests/test_all.py"
OPEN_THOUGHTS = _COMMIT + "tests/test_open_thoughts.py"
NUMINA = _COMMIT + "tests/test_numina_cases.py"
YUJIANLL = _COMMIT + "tests/test_yujianll.py"
STRICT = _COMMIT + "tests/test_strict.py"

OPEN_THOUGHTS_CASES = (
    Case(OPEN_THOUGHTS, 10, "2, 3, 5, 7, 13", "{2, 3, 5, 7, 13}", True),
    Case(OPEN_THOUGHTS, 15, "f(y) = y", "f(y) = y", True, mode="relation"),
    Case(OPEN_THOUGHTS, 20, "-793 < a < 10", "(-793, 10)", True, mode="relation"),
    Case(OPEN_THOUGHTS, 30, "a_3 = 2, a_{37} = 19", "a_{37} = 19, \\quad a_3 = 2", True),
    Case(OPEN_THOUGHTS, 35, "(2, 2), (1, 3), (3, 3)", "(2, 2), (1, 3), (3, 3)", True),
    Case(OPEN_THOUGHTS, 40, "(1, +\\infty)", "(1, +\\infty)", True, mode="relation"),
    Case(OPEN_THOUGHTS, 45, "x = \\frac{1}{2}, x = \\frac{-1 \\pm \\sqrt{13}}{4}",
         "x = \\frac{1}{2},\\ x = \\frac{-1 \\pm \\sqrt{13}}{4}", True),
    Case(OPEN_THOUGHTS, 55, "(5, 8), (8, 5)", "(8, 5), (5, 8)", True),
    Case(OPEN_THOUGHTS, 60, "667", "\\boxed{667}", True),
    Case(OPEN_THOUGHTS, 70, "(2, 2), (6, 2)", "(6, 2), (2, 2)", True),
    Case(OPEN_THOUGHTS, 75, "(98, 2), (99, 503)", "(99, 503), (98, 2)", True),
    Case(OPEN_THOUGHTS, 85, "k \\ge 2", "\\boxed{k \\ge 2}", True, mode="relation"),
    Case(OPEN_THOUGHTS, 85, "k \\ge 2", "2 \\le k", True, mode="relation"),
    Case(OPEN_THOUGHTS, 100, "{1,2,3}", "1, 2, 3", True),
    Case(OPEN_THOUGHTS, 115, "|AB|=1", "1", True, mode="relation"),
    Case(OPEN_THOUGHTS, 125, "f(x)=1", "1", True, mode="relation"),
    Case(OPEN_THOUGHTS, 135, "y_{1}=-2 x^{2}+4 x+3", "y_1 = -2(x - 1)^2 + 5", True,
         mode="relation"),
    Case(OPEN_THOUGHTS, 135, "y_{2}=3 x^{2}+12 x+10", "y_2 = 3(x + 2)^2 - 2", True,
         mode="relation"),
    Case(OPEN_THOUGHTS, 140, "\\frac{1}{2}+\\frac{31\\sqrt{5}}{216}",
         "\\dfrac{108 + 31\\sqrt{5}}{216}", True),
    Case(OPEN_THOUGHTS, 140, "\\frac{1}{2}-\\frac{31\\sqrt{5}}{216}",
         "\\dfrac{108 - 31\\sqrt{5}}{216}", True),
    Case(OPEN_THOUGHTS, 145, "10^{\\frac{-5+\\sqrt{13}}{6}}", "10^{\\frac{\\sqrt{13} - 5}{6}}",
         True),
    Case(OPEN_THOUGHTS, 145, "10^{\\frac{-5-\\sqrt{13}}{6}}", "10^{-\\frac{5 + \\sqrt{13}}{6}}",
         True),
)

NUMINA_CASES = (
    Case(NUMINA, 10, "(37,3,3,13),(17,3,3,7),(3,37,3,13),(3,17,3,7),(3,3,2,3)",
         "(3, 37, 3, 13), (3, 17, 3, 7), (3, 3, 2, 3), (3,17,3,7), (17,3,3,7), (37,3,3,13)",
         True),
    Case(NUMINA, 15, "(p,q)=(3,2)", "(3,2)", True),
    Case(NUMINA, 20, "(0;0;0),(0;-2;0),(0;0;6),(0;-2;6),(4;0;0),(4;-2;0),(4;0;6),(4;-2;6)",
         "(4, 0, 6), (4, -2, 6), (0, 0, 6), (0, -2, 6), (4, 0, 0), (4, -2, 0), (0, 0, 0), "
         "(0, -2, 0)", True),
    Case(NUMINA, 40, "(11,7) or (7,11)", "(7,11),\\ (11,7)", True),
    Case(NUMINA, 50, "\\frac{NO}{BO}=\\frac{1}{\\sqrt{6}}", "\\frac{1}{\\sqrt{6}}", True,
         mode="relation"),
    Case(NUMINA, 55, "p=5,q=2;p=7,q=2", "(5,2),(7,2)", True),
    Case(NUMINA, 60, "(p,q,r)=(3,2,7)", "(3,2,7)", True),
    Case(NUMINA, 70, "(2,1),(1,2),(-1,-20),(-20,-1)", "(1, 2), (2, 1), (-1, -20), (-20, -1)",
         True),
    Case(NUMINA, 75, "1, -2", "-2,1", True),
    Case(NUMINA, 102, "(37,3,3),(17,3,3,7),(3,37,3,13),(3,17,3,7),(3,3,2,3)",
         "(3, 37, 3, 13), (3, 17, 3, 7), (3, 3, 2, 3), (3,17,3,7), (17,3,3,7), (37,3,3,13)",
         False),
    Case(NUMINA, 107, "(p,q)=(3,2)", "\\boxed{(3, 2)}", True),
    Case(NUMINA, 112, "x = -5,\\ p = \\frac{14}{3}", "-5, \\frac{14}{3}", True),
    Case(NUMINA, 117, "a=4,\\,-8,\\,-10", "-10,-8,4", True),
    Case(NUMINA, 133, "p = -1, p = \\dfrac{15}{8}", "p=-1,p=\\frac{15}{8}", True),
    Case(NUMINA, 137, "0<f(x)<1", "(0,1)", True, mode="relation"),
    Case(NUMINA, 138, "6, 8", "\\boxed{6,8}", True),
)

YUJIANLL_CASES = (
    Case(YUJIANLL, 11, "n=1, 2, 3", "n=1, 2, 3", True),
    Case(YUJIANLL, 12, "n=2, 3, 4", "n=1, 2, 3", False),
    Case(YUJIANLL, 25, "19, 46, 82", "19, 46, \\text{ and } 82", True),
    Case(YUJIANLL, 26, "19, 46, 82", "21, 36, 82", False),
)

STRICT_CASES = (
    Case(STRICT, 8, "f(x)", "f(y)", False),
)

ALL_CASES = (
    Case(ALL, 238, "\\frac{3}{56}", "\\frac{3}{56}", True),
    Case(ALL, 243, "2", "\\boxed{2}", True),
    Case(ALL, 253, "-2,1", "\\boxed{-2,1}", True),
    Case(ALL, 258, "9", "\\boxed{9}", True),
    Case(ALL, 268, "0", "\\boxed{0}", True),
    Case(ALL, 299, "f(2) < f(1) < f(4)", "f(2) < f(1) < f(4)", True, mode="relation"),
    Case(ALL, 646, "[-3,2]", "[-3, 2)", False, mode="relation"),
    Case(ALL, 676, "\\left(\\frac{1}{5},\\frac{1}{6}\\right)",
         "\\left( \\frac15, \\frac16 \\right)", True),
    Case(ALL, 741, "(\\tfrac{27}{8},\\tfrac{15}{8})", "(\\frac{27}{8}, \\frac{15}{4})",
         False),
    Case(ALL, 749, "\\left( \\frac{4}{3}, -\\frac{1}{3} \\right)",
         "\\left( \\frac43, -\\frac13 \\right)", True),
    Case(ALL, 805, "x-2y+z-1=0", "2x - 4y + 2z - 2 = 0", True, mode="relation"),
    Case(ALL, 822, "[-4,0]", "\\boxed{[-4, 0]}", True, mode="relation"),
    Case(ALL, 828, "(-6, 10)", "x \\in (-6, 10)", True, mode="relation"),
    Case(ALL, 843, "11111111100", "11,\\!111,\\!111,\\!100", True),
    Case(ALL, 848, "32349", "32,\\! 349", True),
    Case(ALL, 858, "(2, 12) \\cup (12, 102)", "x \\in (2,12) \\cup (12,102)", True,
         mode="relation"),
    Case(ALL, 868, "1, 2", "\\boxed{1,2}", True),
    Case(ALL, 888, "-2 \\le x \\le 7", "x \\in [-2,7]", True, mode="relation"),
    Case(ALL, 902, "x \\in [-2,7]", "-2 \\le x \\le 7", True, mode="relation"),
)

CASES = OPEN_THOUGHTS_CASES + NUMINA_CASES + YUJIANLL_CASES + STRICT_CASES + ALL_CASES
