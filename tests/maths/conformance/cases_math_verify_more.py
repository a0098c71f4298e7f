r"""More of Math-Verify's test cases, translated (issue #9, second round).

From ``tests/test_all.py``: the relation cases whose prediction is a sentence
(``Therefore $x \geq 5$ is the solution``; the segmenter finds the maths, so
only the maths is kept), matrices (``pmatrix``, ``bmatrix``, ``array`` inside
``\left[ … \right]``), and the boxed final answers of the worked solutions.
From ``tests/test_numina_cases.py`` and ``tests/test_yujianll.py``: intervals of
an absolute value, named tuples, sums with index ranges, ``±``.

Left out: answers found in prose (segmenter's job), word answers, units, numbers
in other bases, matrix arithmetic (``A + B`` as an answer), and Math-Verify's own
conventions that contradict each other (``1 - 1/e`` against ``1 + 1/e`` marked equal).
"""

from tests.maths.conformance.case import Case

_COMMIT = "huggingface/Math-Verify@5d148cfaaf99:"
ALL = _COMMIT + "tests/test_all.py"
NUMINA = _COMMIT + "tests/test_numina_cases.py"
YUJIANLL = _COMMIT + "tests/test_yujianll.py"

_M1234 = r"\begin{pmatrix}1 & 2 \\3 & 4\end{pmatrix}"

CASES = (
    Case(ALL, 130, "10", "(9+1)", True),
    Case(ALL, 152, "1/3", r"\boxed{\frac{1}{3}}", True),
    Case(ALL, 191, r"\begin{pmatrix} 0 & 3 \\ 0 & -1 \end{pmatrix}",
         r"\boxed{\begin{pmatrix} 0 & 3 \\ 0 & -1 \end{pmatrix}}", True),
    Case(ALL, 212, r"(3, \frac{\pi}{2})", r"\left( 3, \frac{\pi}{2} \right)", True),
    Case(ALL, 217, r"\frac{14}{3}", r"2+\frac{5}{3}+1", True),
    Case(ALL, 233, r"3\sqrt{13}", r"\sqrt{117}", True),
    Case(ALL, 279, "(6,31,-1)", "(6,31,-1)", True),
    Case(ALL, 284, r"1 \pm \sqrt{19}", r"1 \pm \sqrt{19}", True),
    Case(ALL, 289, r"3 \pm 2 \sqrt{2}", r"3 \pm 2 \sqrt{2}", True),
    Case(ALL, 294, r"\{1\pm\sqrt{5},-2\}", r"\{1\pm\sqrt{5},-2\}", True),
    Case(ALL, 304, r"2 \sin b \cos a", r"\sin (a + b) - \sin (a - b)", True),
    Case(ALL, 309, r"\frac{\pi r}{h+r}", r"\frac{\pi r^2}{r (h+r)}", True),
    Case(ALL, 315, r"[-1, -\frac{1}{2}) \cup (-\frac{1}{2}, 0) \cup (0, 1) \cup (1, \infty)",
         r"[-1, -\tfrac12) \cup (-\tfrac12, 0) \cup (0, 1) \cup (1, \infty)", True),
    Case(ALL, 319, r"\sqrt{2}+\sqrt{5}", r"\sqrt 2+\sqrt 5", True),
    Case(ALL, 320, r"\frac{9}{4}\pi", r"\frac94\pi", True),
    Case(ALL, 322, r"x \in \{-1\} \cup [0,7)", r"x \in \{-1\} \cup [0,7)", True,
         mode="relation"),
    Case(ALL, 337, "x >= 5", r"x \geq 5", True, mode="relation"),
    Case(ALL, 342, "x < 3", r"x \lt 3", True, mode="relation"),
    Case(ALL, 347, r"x \leq 2", "x <= 2", True, mode="relation"),
    Case(ALL, 352, "x > 5", r"x \gt 5", True, mode="relation"),
    Case(ALL, 357, "x != 3", r"x \neq 3", True, mode="relation"),
    Case(ALL, 363, "x > 5", "x < 5", False, mode="relation"),
    Case(ALL, 368, r"x \geq 5", r"x \leq 5", False, mode="relation"),
    Case(ALL, 373, r"x \neq 5", "x != 5", True, mode="relation"),
    Case(ALL, 483, r"\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}",
         r"\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}", True),
    Case(ALL, 489, r"\begin{bmatrix}0 & 0 \\0 & 0\end{bmatrix}",
         r"\begin{pmatrix}0 & 0 \\0 & 0\end{pmatrix}", True),
    Case(ALL, 495, _M1234, r"\left[\begin{array}{cc}1 & 2 \\3 & 4\end{array}\right]", True),
    Case(ALL, 501, r"\begin{pmatrix}\frac{1}{2} & \frac{3}{4} \\ \frac{5}{6} & \frac{7}{8}"
         r"\end{pmatrix}", r"\begin{pmatrix}\frac{1}{2} & \frac{3}{4} \\ \frac{5}{6} & "
         r"\frac{7}{8}\end{pmatrix}", True),
    Case(ALL, 519, r"\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}",
         r"\begin{pmatrix}1 & 2 \\ 3 & 5\end{pmatrix}", False),
    Case(ALL, 572, r"\begin{pmatrix}-\frac{7}{4}&-2\\4&\frac{1}{4}\\\end{pmatrix}",
         r"\begin{pmatrix}-\frac{7}{4}&-2\\4&\frac{1}{4}\\\end{pmatrix}", True),
    Case(ALL, 578, r"\begin{pmatrix}\frac{1}{3\sqrt[3]{x}^2}&0&0\\0&1&0\\-\sin(x)&0&0\\"
         r"\end{pmatrix}", r"\begin{pmatrix}\frac{1}{3x^{2/3}}&0&0\\0&1&0\\-\sin(x)&0&0"
         r"\end{pmatrix}", True),
    Case(ALL, 924, "4.123105625617661", r"\sqrt{17}", True),
    Case(ALL, 938, "4", r"4\sqrt{2}", False),
    Case(NUMINA, 25, r"1\leq|z|\leq \frac{3}{2}",
         r"z \in \left[-\frac{3}{2}, -1\right] \cup \left[1, \frac{3}{2}\right]", True,
         mode="relation"),
    Case(NUMINA, 30, "-12;-11;-10;-8;-7;-6", r"\{-12, -11, -10, -8, -7, -6\}", True),
    Case(NUMINA, 95, r"\{1, 2, 3\}", "1,2,3", True),
    Case(NUMINA, 126, "21,16,11", "21,16,11", True),
    Case(YUJIANLL, 13, "D = (0, 1)", "D = (0, 1)", True, mode="relation"),
    Case(YUJIANLL, 14, "(0, 1)", "(0, 1.5)", False),
    Case(YUJIANLL, 16, r"F_n = \sum_{k=0}^{n-1} F_k F_{n-k-1}",
         r"F_n = \sum_{k=0}^{n-2} F_k F_{n-k-2}", False, mode="relation"),
    Case(YUJIANLL, 21, r"F_n = \sum_{k=0}^{n-1} F_k F_{n-k-1}",
         r"F_n = \sum_{k=0}^{n-1} F_{n-k-1} F_k", True, mode="relation"),
    Case(YUJIANLL, 27, r"1 - \frac{1}{\mathrm{e}}", r"1 - \frac{1}{\mathrm{e}}", True),
    Case(YUJIANLL, 29, r"\pm 2021", "2021", False),
    Case(YUJIANLL, 30, r"\pm 2021", r"\{-2021, 2021\}", True),
)
