"""STACK's AlgEquiv fixtures on sets, intervals, ≠, ± and relations joined by and/or.

Translated to the notation students write: ``oo(a,b)``/``cc``/``co``/``oc`` as
``(a, b)``/``[a, b]``/``[a, b)``/``(a, b]``, ``%union`` as ``\\cup``, ``{…}`` as
``\\{…\\}``, ``#`` as ``\\ne``, ``#pm#`` as ``\\pm``, ``nounand``/``nounor`` as
``and``/``or``. Left out: rows with Maxima's ``inf``/``minf`` (its own infinity
conventions), sets of relations, logic on letters, matrices and lists.
"""

from tests.maths.conformance.case import Case

SOURCE = ('maths/moodle-qtype_stack@a14f3034a0e4:tests/fixtures/answertestfixtures.class.php')

CASES = (
    Case(SOURCE, 228, 'cos(x)*cos(y)-( \\pm sin(x)*sin(y))', 'cos(x \\pm y)', True),
    Case(SOURCE, 229, 'sin(x)*cos(y) \\pm cos(x)*sin(y)', 'sin(x \\pm y)', True),
    Case(SOURCE, 230, 'cos(x)*sin(y) \\pm sin(x)*cos(y)', 'sin(x \\pm y)', False),
    Case(SOURCE, 341, '\\{1,2,3\\}', 'x', False),
    Case(SOURCE, 342, '\\{1,2,3\\}', '[1,2)', False),
    Case(SOURCE, 343, '\\{1,2,3\\}', '\\{1,2\\}', False),
    Case(SOURCE, 344, '\\{1/2, 1/3\\}', '\\{2/4, 1/3\\}', True),
    Case(SOURCE, 347, '\\{1,2,3\\}', '\\{1,2,4\\}', False),
    Case(SOURCE, 378, '\\{1-2^(3/2),2^(3/2)+1\\}', '\\{(2-2^(5/2))/2,(2^(5/2)+2)/2\\}', False),
    Case(SOURCE, 380, '\\{(a-x)^6000\\}', '\\{(x-a)^6000\\}', False),
    Case(SOURCE, 428, 'a*b=0', 'a=0 or b=0', True, mode='relation'),
    Case(SOURCE, 429, 'a=0 or b=0', 'a*b=0', True, mode='relation'),
    Case(SOURCE, 432, 'a=0 or x=y', 'a*x=a*y', True, mode='relation'),
    Case(SOURCE, 452, 'x=2 or x=-2', 'x^2=4', True, mode='relation'),
    Case(SOURCE, 453, 'x=2 or x=-2', 'x^2=4', True, mode='relation'),
    Case(SOURCE, 454, 'x=2 or x=3', 'x^2-5*x+6=0', True, mode='relation'),
    Case(SOURCE, 455, 'x=(5  \\pm  sqrt(25-24))/2', 'x^2-5*x+6=0', True, mode='relation'),
    Case(SOURCE, 456, 'x=(5  \\pm  sqrt(25-23))/2', 'x^2-5*x+6=0', False, mode='relation'),
    Case(SOURCE, 457, 'a=0 or b=0', 'a^3*b^3=0', False, mode='relation'),
    Case(SOURCE, 494, '1=2', '\\{\\}', False, mode='relation'),
    Case(SOURCE, 498, '[1,3]', 'x^2', False),
    Case(SOURCE, 499, '(1,2) \\cup (3,4)', '(1,2) \\cup (3,4)', True),
    Case(SOURCE, 500, '(1,3)', '(1,2] \\cup [2,3)', True),
    Case(SOURCE, 501, '[1,3]', '(1,2] \\cup [2,3)', False),
    Case(SOURCE, 503, '\\{-1,1\\}', '\\{-1,1\\}', True),
    Case(SOURCE, 504, '[1,3]', '\\{1,3\\}', False),
    Case(SOURCE, 513, '1 <= x and x<2', '[1,2)', False, mode='relation'),
    Case(SOURCE, 514, '[1,2)', '1 <= x and x<2', False, mode='relation'),
    Case(SOURCE, 547, 'x=y or x=-y', 'abs(x)=abs(y)', True, mode='relation'),
    Case(SOURCE, 564, 'x>1 and x<5', 'x=1', False, mode='relation'),
    Case(SOURCE, 580, 'x>2 or x<-2', 'x^2>4', True, mode='relation'),
    Case(SOURCE, 581, 'x<-3 or 1<x', '1<x or x<-3', True, mode='relation'),
    Case(SOURCE, 582, 'x<-1 or 3<x', '1<x or x<-3', False, mode='relation'),
    Case(SOURCE, 583, 'x>1 and x<5', 'x>1 and x<5', True, mode='relation'),
    Case(SOURCE, 584, '5>x and 1<x', 'x>1 and x<5', True, mode='relation'),
    Case(SOURCE, 592, 'x>=1', 'x>=1 or 1<=x', True, mode='relation'),
    Case(SOURCE, 593, 'x=1', 'x>=1 and x<=1', True, mode='relation'),
    Case(SOURCE, 603,
         'x < 0 or x >= 1 and x <= 3',
         '(x < 0 or x >= 1) and x <= 3',
         True, mode='relation'),
    Case(SOURCE, 614, '-3<=x and x<=3', '-3<=x', False, mode='relation'),
    Case(SOURCE, 615, 'x>2 or -2>x', '\\{2,-2\\}', False, mode='relation'),
    Case(SOURCE, 616, 'x<2 and x>-2', 'x^2<4', True, mode='relation'),
    Case(SOURCE, 617, 'x<2 and x>-2', 'x^2<6', False, mode='relation'),
    Case(SOURCE, 627, '-1<x and x<1', 'abs(x)<2', False, mode='relation'),
    Case(SOURCE, 645, 'x \\ne 1', 'x \\ne 1', True, mode='relation'),
    Case(SOURCE, 646, 'x \\ne 2', 'x \\ne (1+1)', True, mode='relation'),
    Case(SOURCE, 647, 'x \\ne 1', '1 \\ne x', True, mode='relation'),
    Case(SOURCE, 648, 'b \\ne a', 'a \\ne b', True, mode='relation'),
    Case(SOURCE, 649, 'x-2 \\ne 0', 'x \\ne 2', True, mode='relation'),
    Case(SOURCE, 651, 'x \\ne 2', 'x-3 \\ne 0', False, mode='relation'),
    Case(SOURCE, 652, 'x<2 or x>2', 'x \\ne 2', True, mode='relation'),
    Case(SOURCE, 656, 'x \\ne 0', 'x \\ne 1', False, mode='relation'),
    Case(SOURCE, 747, '-b \\pm sqrt(b^2-4*a*c)', '-(b \\pm sqrt(b^2-4*a*c))', True),
    Case(SOURCE, 748, 'x=c^2-b or x=-c^2-b', 'x=-b \\pm c^2', True, mode='relation'),
    Case(SOURCE, 749, 'x=c^2-b or x=-c^2-b', 'x=b \\pm c^2', False, mode='relation'),
    Case(SOURCE, 750, 'x \\pm a = y \\pm b', 'x \\pm a = y \\pm b', True, mode='relation'),
    Case(SOURCE, 751, 'x \\pm a = y \\pm c', 'x \\pm a = y \\pm b', False, mode='relation'),
)
