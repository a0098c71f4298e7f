"""The one sentence splitter: lines, sentences and clauses.

Prose lines are cut into sentences (never inside ``$…$``), table rows are kept
together, and a sentence holding several answers ("time O(Tn²L), space
O(TnL)", "FFN no, layernorm no") is cut into clauses along its own structure.
"""

from __future__ import annotations

import re

from grader.segment.limits import OPENING_WINDOW_CHARS_DEFAULT
from grader.segment.prose import _CHAIN_SIGNS, _has_maths, _has_value
from grader.segment.tables import _is_table_row, _narrow_table_lines

# Searched only in the last 3 characters before a full stop (no abbreviation
# is longer): searching the sentence so far at each one was quadratic.
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|eq|Fig)$")
_SENTENCE_END = re.compile(r"[.!?]")


def _sentences(text: str) -> list[str]:
    """Lines, and prose lines cut into sentences (never inside $...$)."""
    pieces: list[str] = []
    table: list[str] = []
    lines = text.split("\n")
    narrow = _narrow_table_lines(lines)
    for number, line in enumerate(lines):
        if _is_table_row(line) or number in narrow:
            table.append(line)
            continue
        if table:
            pieces.append("\n".join(table))
            table = []
        if not line.strip():
            continue
        if not _SENTENCE_END.search(line):  # nothing to cut at: the walk below would not
            pieces.append(line.strip())
            continue
        start = 0
        dollars = 0
        for index, char in enumerate(line):
            if char == "$" and (index == 0 or line[index - 1] != "\\"):
                dollars += 1
            elif (char in ".!?" and dollars % 2 == 0 and index + 2 < len(line)
                  and line[index + 1] == " " and (line[index + 2].isupper()
                                                  or line[index + 2] in "$(\\*_")
                  and not _ABBREVIATION.search(line, max(start, index - 3), index)):
                pieces.append(line[start:index + 1].strip())
                start = index + 2
        if line[start:].strip():
            pieces.append(line[start:].strip())
    if table:
        pieces.append("\n".join(table))
    return pieces


def _word_starts(sentence: str) -> list[int]:
    """Where each word starts; brackets and ``$…$`` keep words whole."""
    if not _GROUPING.search(sentence):  # nothing keeps words together: every \S+ is one
        return [match.start() for match in _NON_SPACE.finditer(sentence)]
    starts: list[int] = []
    depth = dollars = 0
    for position, char in enumerate(sentence):
        if not char.isspace() and (position == 0 or sentence[position - 1].isspace()) and (
                depth == 0 and dollars % 2 == 0):
            starts.append(position)
        if char == "$":
            dollars += 1
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
    return starts


_GROUPING = re.compile(r"[$()\[\]{}]")
_NON_SPACE = re.compile(r"\S+")


def _clauses(sentence: str, opens_with, answers=None) -> list[str]:
    """Cut a sentence where a dimension is named again after an answer.

    "RNN test: time O(tn²L), space O(nL)" → ["RNN test: time O(tn²L),",
    "space O(nL)"]; "space: states kept for backprop through time, ∝ tnL"
    stays whole (nothing after its maths names a dimension). Words inside
    brackets and ``$…$`` are never cut apart.

    Example:
        >>> _clauses("RNN time O(a, b) space O(c)",
        ...          lambda rest: rest.split()[0] in ("time", "space"))
        ['RNN time O(a, b)', 'space O(c)']
    """
    starts = _word_starts(sentence)
    words = [sentence[start:end].strip()
             for start, end in zip(starts, [*starts[1:], len(sentence)], strict=True)]
    cuts = [0]
    answered = False  # maths since the clause's last mention of a dimension
    named = False     # the clause opened with a mention ("FFN no", not "yes attention ...")
    previous = ""
    for index, word in enumerate(words):
        opens = opens_with(sentence[starts[index]:starts[index] + OPENING_WINDOW_CHARS_DEFAULT])
        # "FFN no, layernorm no"; "test same Space ..." ("same as training" refers on).
        cut = (answered and named) if answers is not None else (
            answered or _has_value(previous))
        # "A = B = v": after an open "=" the next name is the same value's ("‖x₁‖ = ‖x₃‖
        # = √2β", "Zeit_train = Zeit_test = O(L T² H)"), not a new answer.
        chained = previous.rstrip().endswith(_CHAIN_SIGNS)
        if opens and index and cut and not chained:
            cuts.append(starts[index])
        if opens:
            answered = False
            named = named or index == 0 or cuts[-1] == starts[index]
        answered = answered or (answers(word) if answers else _has_maths(word))
        previous = word
    merged: list[str] = []
    for start, end in zip(cuts, [*cuts[1:], len(sentence)], strict=True):
        clause = sentence[start:end]
        valued = (any(answers(word) for word in clause.split()) if answers
                  else _has_value(clause))
        if merged and not valued:
            merged[-1] += clause  # "O(tn²L) time for training": names the answer before
        else:
            merged.append(clause)
    # The separator a clause was cut at is not part of its answer ("O(tn²L),").
    clauses = [clause.strip() for clause in merged if clause.strip()]
    clauses = [clause.rstrip(",;—– ") if index < len(clauses) - 1 else clause
               for index, clause in enumerate(clauses)]
    return [clause for clause in clauses if clause] or [sentence]
