"""normalise: crossed-out work goes, boxed answers stay marked, look-alikes unify."""

from __future__ import annotations

import pytest

from grader.segment.normalise import boxed_contents, normalise, unbox

CASES = [
    # (input, expected output)
    ("a ~~wrong~~ right", "a  right"),
    ("~~$$x = 1$$~~\n\n$$x = 2$$", "$$x = 2$$"),
    ("keep ~~across\n\nparagraphs~~ text", "keep ~~across\n\nparagraphs~~ text"),
    ("<del>2a)</del>\t1\t2", "\t1\t2"),
    ("x <s>no</s> y <DEL>gone</DEL>", "x  y"),
    (r"$$\cancel{k_a^T k_a} + 1$$", "$$ + 1$$"),
    (r"$\xcancel{a + {b}} c$", "$ c$"),
    (r"\sout{word} w", " w"),
    (r"\st{word} \stackrel{a}{b}", r" \stackrel{a}{b}"),
    (r"\cancelto{0}{x^2} + y", " + y"),
    (r"\boxed{q = k_a + k_b}", r"\boxed{q = k_a + k_b}"),
    (r"\fbox{x} \framebox[2cm]{y}", r"\boxed{x} \boxed{y}"),
    ("x \u2212 1\u00a0= y\u200b", "x - 1 = y"),
    ("\ufeffBOM", "BOM"),
    ("a\r\nb", "a\nb"),
    ("a\n\n\n\nb", "a\n\nb"),
    (r"\cancel{unclosed", r"\cancel{unclosed"),
    # full-width forms as East Asian keyboards type them; superscripts stay
    ("Ｏ（ｔ ｎ²）：ａ，ｂ", "O(t n²):a,b"),
    ("問２（ｂ）　答え。Yes", "問2(b) 答え. Yes"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_repeated_page_preview_is_dropped():
    paragraph = "Puneet page one text that is long enough to be a page preview, really."
    text = f"{paragraph}\n\nsecond\n\n{paragraph}\n\nthird"
    assert normalise(text) == f"{paragraph}\n\nsecond\n\nthird"


def test_short_repeats_are_kept():
    assert normalise("$$a = b$$\n\n$$a = b$$") == "$$a = b$$\n\n$$a = b$$"


BOXED = [
    (r"\boxed{1 = 1} then \boxed{q = \frac{a}{b}}", ["1 = 1", r"q = \frac{a}{b}"]),
    ("no box", []),
    (r"\boxed {spaced}", ["spaced"]),
]


@pytest.mark.parametrize(("text", "expected"), BOXED)
def test_boxed_contents(text, expected):
    assert boxed_contents(text) == expected


def test_unbox():
    assert unbox(r"$\boxed{x^{2}}$ and \boxed{y}") == "$x^{2}$ and y"
