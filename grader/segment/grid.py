"""Parts that form a grid (model x phase x measure; ‖x_1‖, ‖x_2‖, ‖x_3‖).

When the parts' keywords form dimensions, a running context is kept line by
line: a clause naming "space" after "RNN train" answers the RNN's training
space part, until another value of a dimension is named.
"""

from __future__ import annotations

from collections import defaultdict

from grader.rubric.models import Part
from grader.segment.conclusion import _final
from grader.segment.cues import _RubricCues
from grader.segment.language import SAME_AS
from grader.segment.normalise import boxed_contents, unbox
from grader.segment.prose import _has_value, _is_chain
from grader.segment.tables import _spread_grid_tables
from grader.segment.text import _clauses, _sentences

MENTION_SPAN_WORDS = 3         # "time (train and test)": values this close are named together


def _parallel_values(candidates: list[Part],
                     cues: _RubricCues) -> list[dict[str, frozenset[str]]]:
    """One dimension for parallel value parts: ‖x_1‖, ‖x_2‖, ‖x_3‖; standard vs linear.

    Parts of one value form whose own keywords tell them apart ("x_2" names
    only ‖x_2‖) are answered line by line like a grid: a clause naming ``x_2``
    belongs to ‖x_2‖ until another part is named. Parts of different forms
    (a feature map and its dimension) keep the sentence reading of
    :func:`_by_anchor`, where maths naming another part is usually working.
    """
    forms = {part.answer_form for part in candidates}
    if len(forms) != 1 or not all(form.is_value for form in forms):
        return []
    return _dimensions(candidates, cues, minimum=1)


def _dimensions(candidates: list[Part], cues: _RubricCues,
                minimum: int = 2) -> list[dict[str, frozenset[str]]]:
    """Keyword dimensions (model x phase x measure) when the parts form a grid.

    Returns, per dimension, value name → the part ids it selects; empty when
    the parts' keywords do not form a grid with at least ``minimum`` dimensions.
    """
    ids = frozenset(part.id for part in candidates)
    by_set: dict[frozenset[str], list[str]] = defaultdict(list)
    # in the rubric's order: a set's order changes with the hash seed, and so would the reading
    for keyword in dict.fromkeys(kw for part in candidates for kw in part.cues.keywords):
        holders = frozenset(p.id for p in candidates if keyword in p.cues.keywords)
        if holders != ids:
            by_set[holders].append(keyword)
    values = list(by_set)
    parent = list(range(len(values)))

    def find(index: int) -> int:
        while parent[index] != index:
            index = parent[index]
        return index

    for i, first in enumerate(values):
        for j in range(i + 1, len(values)):
            if not first & values[j]:
                parent[find(j)] = find(i)
    groups: dict[int, list[frozenset[str]]] = defaultdict(list)
    for index, value in enumerate(values):
        groups[find(index)].append(value)
    dimensions = []
    for members in groups.values():
        if len(members) < 2:
            continue
        union = frozenset().union(*members)
        if union == ids and sum(len(m) for m in members) == len(ids):
            dimensions.append({by_set[m][0]: m for m in members})
    if len(dimensions) < minimum:
        return []
    signatures = {tuple(next(name for name, m in dim.items() if pid in m) for dim in dimensions)
                  for pid in ids}
    return dimensions if len(signatures) == len(ids) else []


def _by_context(text: str, candidates: list[Part], dimensions: list[dict[str, frozenset[str]]],
                cues: _RubricCues) -> dict[str, tuple[str, float, str | None]]:
    """Keep a running context (model, phase, measure) and give lines to matching parts.

    A line holding several answers ("RNN train: time O(tn²L), space O(tnL)") is
    cut into clauses where a dimension named before changes after an answer;
    a table whose header names dimension values gives each cell its row's and
    column's names ("RNN train time: O(tn²L)").
    """
    keywords_of: dict[tuple[int, str], list[str]] = {}
    for index, dimension in enumerate(dimensions):
        for name, members in dimension.items():
            words: list[str] = []
            for part in candidates:
                if part.id in members:
                    words = [kw for kw in part.cues.keywords
                             if frozenset(p.id for p in candidates if kw in p.cues.keywords)
                             == members]
                    break
            keywords_of[(index, name)] = words

    dimension_words = tuple(kw for words in keywords_of.values() for kw in words)

    def mentions(sentence: str) -> list[tuple[int, int, frozenset[str]]]:
        """(word position, dimension, values named) for each dimension the text names;
        a value pointed at ("same as train") is not named."""
        prepared = cues.prepare(SAME_AS.sub(" ", sentence))
        found: list[tuple[int, int, frozenset[str]]] = []
        for index, dimension in enumerate(dimensions):
            named = {}
            for name in dimension:
                positions = [cues.find(kw, prepared) for kw in keywords_of[(index, name)]]
                positions = [p for p in positions if p is not None]
                if positions:
                    named[name] = min(positions)
            if named:
                first = min(named.values())
                # "time (train and test)" names both; "space: the states kept
                # for backprop through time" names space only.
                near = frozenset(name for name, pos in named.items()
                                 if pos - first <= MENTION_SPAN_WORDS)
                found.append((first, index, near))
        return found

    def opens_with(text: str) -> bool:
        """Does the text's first word name a dimension value ("space", "$\\|x_2\\|$")?"""
        prepared = cues.prepare(text).lstrip()
        first = prepared.split(maxsplit=1)
        first_end = len(first[0]) if first else 0
        return cues.any_starts_before(dimension_words, prepared, first_end)

    active: dict[int, frozenset[str]] = {}
    order: list[int] = []
    lines: dict[str, list[tuple[str, bool, int]]] = defaultdict(list)
    ids = [part.id for part in candidates]
    for block, grid in _spread_grid_tables(text, lambda cell: bool(mentions(cell))):
        for sentence in _sentences(block):
            if grid:  # a table cell carries its whole context
                active, order = {}, []
            pieces: dict[str, list[tuple[str, bool, int]]] = defaultdict(list)
            for clause in _clauses(sentence, opens_with):
                for _position, index, names in sorted(mentions(clause)):
                    if active.get(index) != names:
                        if index in order:
                            cut = order.index(index)
                            for later in order[cut + 1:]:
                                active.pop(later, None)
                            order = order[:cut]
                        active[index] = names
                        order.append(index)
                if not active:
                    continue
                matching = [pid for pid in ids if all(
                    any(pid in dimensions[index][name] for name in names)
                    for index, names in active.items())]
                header = not _has_value(clause)
                for pid in matching:
                    pieces[pid].append((clause, header, len(matching)))
            for pid, clauses in pieces.items():  # a part's clauses of one sentence stay one line
                lines[pid].append((" ".join(c[0] for c in clauses), all(c[1] for c in clauses),
                                   min(c[2] for c in clauses)))
        if grid:
            active, order = {}, []
    result = {}
    for pid, entries in lines.items():
        content = [entry for entry in entries if not entry[1]]
        if not content:
            continue
        body = "\n".join(entry[0] for entry in entries)
        sharing = min(entry[2] for entry in content)
        factor = 0.95 if sharing == 1 else 0.65 if sharing == 2 else 0.45
        boxed = boxed_contents("\n".join(entry[0] for entry in content))
        if boxed:
            final = boxed[-1]
        else:
            # A "Therefore ..." line, else the part's own last line: a
            # derivation ends in its result.
            exact = [entry[0] for entry in content if entry[2] == 1]
            marked = _final("\n".join(exact), cues.form(pid))
            final = marked or (unbox(exact[-1]) if exact else _final(body, cues.form(pid)))
            if not marked and _is_chain(content[-1][0]):
                final = unbox(content[-1][0])  # "A = B = v" last: the derivation's result
        result[pid] = (body, factor, final)
    return result
