"""The final answer of a block: what the student concluded, not the last expression.

In order: the last boxed value; the last line opening with a conclusion word
("Hence", "Answer:", "Also", "Donc", …, ``language.CONCLUSION_WORDS``); for
maths answers, a conclusion word inside the last sentence with maths
("…, so Var(q^T k) = d.") or one display equation chaining to its result,
without a remark instancing it ("(31 for D = 5)"). A maths answer that ends
announcing a value it does not hold ("… is") is unfinished: its value went
elsewhere.
"""

from __future__ import annotations

import re

from grader.rubric.reading import AnswerForm
from grader.segment.language import CONCLUSION_LINE
from grader.segment.normalise import boxed_contents, unbox
from grader.segment.prose import _has_maths, _is_prose
from grader.segment.text import _sentences


def _final(text: str, form: AnswerForm | None = None) -> str | None:
    """The student's marked result: the last boxed item, else the last "Hence ..." line.

    For a part whose answer is maths (``AnswerForm.is_maths``) a "So ..." sentence
    stating no value ("So the unit fires ($Y_T \\approx 1$) when ...") is
    a reading of the result, not the result: the last equation line before
    it is, or no final at all.
    """
    boxed = boxed_contents(text)
    if boxed:
        return boxed[-1]
    maths = form is not None and form.is_maths
    bold = [match.group(1) for match in _BOLD_RESULT.finditer(text)] if maths else []
    if bold:
        return bold[-1].strip()
    sentences = _sentences(text)
    marked = [index for index, line in enumerate(sentences)
              if CONCLUSION_LINE.match(line.replace("*", ""))]
    if not marked:
        return _concluded(sentences) if form is not None and form.is_maths else None
    at = marked[-1]
    if _BARE_LEAD.fullmatch(sentences[at]) and at + 1 < len(sentences):
        at += 1  # "… = 1. Hence" ⏎ "$$Var(q^T k) = d$$": the word leads into the next line
    final = unbox(_through_closing(sentences, at)).strip()
    if maths and ((_is_prose(final) and not _STATES_VALUE.search(final))
                  or not _has_maths(final)):  # "So", "so I take": the value is elsewhere
        equations = [line for line in sentences[:at]
                     if _STATES_VALUE.search(line) and not _is_prose(line)]
        return unbox(equations[-1]).strip() if equations else None
    return final


# A conclusion word alone ending a line ("Hence", "**Therefore:**"): the result follows.
_BARE_LEAD = re.compile(CONCLUSION_LINE.pattern + r"[\s*_:,.]*", re.IGNORECASE)

# A result set in bold on a line of its own, as students mark it like a box:
# "**KL = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²)**".
_BOLD_RESULT = re.compile(r"^[ \t]*\*\*([^*\n]*(?:=|\bO\s*\()[^*\n]*)\*\*[ \t.]*$", re.MULTILINE)

# A conclusion word inside a sentence: "…, so Var(q^T k) = d.", "… and hence $4d^2$".
_CONCLUSION_INSIDE = re.compile(
    r"(?:[,;:.]\s*|\s)(?=(?:so|hence|thus|therefore|donc|ainsi|also|daher|somit|"
    r"folglich|por lo tanto|entonces)\s)", re.IGNORECASE)
# A remark in brackets at the end of a result: "(about 1.05M for $d = 512$)",
# "(31 for D = 5)", "(e.g. …)": an instance of the result, not the result.
_TRAILING_REMARK = re.compile(r"\s*\((?=[^()]*(?:\bfor\b|\be\.g\.|\babout\b|\bi\.e\.|"
                              r"\bca\.|\bzb\b|\bpar ex|\bwith\b|≈|\\approx))[^()]*\)[.\s]*$")


# One display equation closing a block: "$$A = B = 4Hd^2$$", "\\[ M = … = 31 \\]".
_DISPLAY_CHAIN = re.compile(r"(?:\$\$|\\\[)[^$]*=[^$]*(?:\$\$|\\\])[.,]?")


# Maths that is more than a bare symbol: "$4d^2$" states a value, "linear in $L$" does not.
_MATHS_VALUE = re.compile(r"\$[^$]*[\d^+*/(\\][^$]*\$")


def _concluded(sentences: list[str]) -> str | None:
    """The concluded value of a derivation with no conclusion line.

    The block's last sentence holding maths decides: from a conclusion word
    inside it ("… terms are independent, so Var(q^T k) = d."), or the whole of
    it when it is an equation line of its own ("$$\\#params = H(3d^2 + d^2) = 4Hd^2$$"),
    without a trailing remark instancing it ("(31 for D = 5)"). None when
    the last maths is prose without such a word: then no line is marked.
    """
    with_maths = [sentence for sentence in sentences if _STATES_VALUE.search(sentence)
                  or "$" in sentence]
    if not with_maths or with_maths[-1] != sentences[-1]:
        return None
    last = sentences[-1]
    inside = list(_CONCLUSION_INSIDE.finditer(last))
    if inside:
        value = last[inside[-1].end():]
    elif _DISPLAY_CHAIN.fullmatch(last.strip()):
        value = last
    else:
        return None
    value = _TRAILING_REMARK.sub("", unbox(value)).strip()
    return value if _STATES_VALUE.search(value) or _MATHS_VALUE.search(value) else None


#: A result broken over lines is joined for at most this many more lines.
FINAL_CONTINUATION_LINES = 2


def _through_closing(sentences: list[str], index: int) -> str:
    """Sentence ``index``, joined with the next ones while its brackets are open:
    "so M = (D+K-1)! / ((K-1)!" wrapped before "D!)" is one result."""
    text = sentences[index]
    for following in sentences[index + 1:index + 1 + FINAL_CONTINUATION_LINES]:
        if text.count("(") <= text.count(")"):
            break
        text = f"{text} {following}"
    return text if text.count("(") <= text.count(")") else sentences[index]


# A maths answer stating no relation and ending in a lead-in ("… in D variables
# is", "the number of those is:") announces a value it does not hold: the value
# went to another part or block, and what is left is no answer to decide on.
# (A lead after a stated value introduces the next part: "= 0.\nThe iterates are".)
_LEAD_END = re.compile(r"(?:\b(?:is|are|gives|becomes|equals|ist|sind|ergibt|est|sont|es|son|"
                       r"so|hence|thus|therefore|also|donc|daher)|[:=])[\s*_]*$", re.IGNORECASE)
UNFINISHED_CONFIDENCE = 0.5


def _ends_in_lead(body: str) -> bool:
    lines = [line for line in body.strip().split("\n") if line.strip()]
    return bool(lines) and bool(_LEAD_END.search(lines[-1]))
_STATES_VALUE = re.compile(r"=|\bO\s*\(")
