"""Placeholders are blank, in every language students write in; answers are not."""

from __future__ import annotations

import pytest

from grader.segment.blanks import is_answering, is_blank_answer, is_placeholder

PLACEHOLDERS = [
    "TODO", "*TODO*", "(ran out of time)", "—", "--", "?", "…", "- [ ]", "% TODO: finish",
    "Implementierung nicht fertig geworden, tut mir leid.", "(valeur : je reviens dessus)",
    "pas eu le temps", "No me dio tiempo.", "**(iv)** showing $Z$: — didn't manage this one",
    "> (skipped, ran out of time)", "#########", "====",
]

ANSWERS = [
    "x = 2", "O(n)", "No.", "Nein", "yes, it is a bottleneck", "Nash equilibrium.",
    "TODO: check, but $M = 1 + D + D^2$",
    "I ran out of time to check it but the complexity is quadratic in the sequence length "
    "because every token attends to every other token in each layer",
    "Oui, chaque token regarde tous les autres.",
]


@pytest.mark.parametrize("line", PLACEHOLDERS)
def test_placeholder(line):
    assert is_placeholder(line)


@pytest.mark.parametrize("line", ANSWERS)
def test_not_placeholder(line):
    assert not is_placeholder(line)


def _restates_show(line: str) -> bool:
    return line.lower().startswith(("show", "what"))


def _is_label(line: str) -> bool:
    return line.strip() in {"Partie c)", "2.3)"}


BLANK = [
    "*TODO*",
    "> *What does the network compute?*\n*TODO*\n---",
    "Show that Z ~ D^{-1} Phi(Q) Phi(K)^T V\n\n(skipped, ran out of time)\n\n==",
    "## 2.3)\n\n—\n",
    "Partie c)\n\n?\n",
    # a note app's callout around the placeholder: the tags are markup
    "Why divide by √d?\n\n<aside>\n⚠️ TODO – come back to this\n\n</aside>",
    '<details class="note">\n  TODO\n</details>',
]

NOT_BLANK = [
    "",  # nothing at all: the answer may be elsewhere, not a placeholder
    "what does this example show?\n\nPartie c)\n",  # an empty section without a mark
    "## 2c)\n\nTODO: no, it does not converge",
    "Show that L = E - KL\nL = int q log p/q\n= E_q[log p - log q]\n(I didn't manage the rest)",
    "--\nunrolling for T = 4:\nH_1 = X_1 - H_0",
    "Nash equilibrium.",
    "<aside>\nTODO: the softmax saturates otherwise\n</aside>",
]


@pytest.mark.parametrize("text", BLANK)
def test_blank_answer(text):
    assert is_blank_answer(text, _restates_show, _is_label)


@pytest.mark.parametrize("text", NOT_BLANK)
def test_not_blank_answer(text):
    assert not is_blank_answer(text, _restates_show, _is_label)


# ---------------------------------------------------------------- answering lines

@pytest.mark.parametrize(("line", "answering"), [
    ("TF test time O(tn^2L)", True),
    ("1a) RNN train space O(nL)", True),
    ("$M = 1 + D + D^2$", True),
    ("no, all positions are computed at once", True),
    ("Nash equilibrium, a saddle point", True),
    ("best: 0.01", True),
    ("## Question 2", False),
    ("What is the bottleneck?", False),
    ("TODO", False),
    ("(ran out of time)", False),
    ("1a)", False),
    ("Kim, A5", False),
    ("---", False),
    ("\\begin{enumerate}", False),
    ("tags:", False),
])
def test_answering_lines(line: str, answering: bool) -> None:
    assert is_answering(line) is answering
