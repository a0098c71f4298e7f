"""A segment's text shared out among the parts it can answer, sentence by sentence.

A sentence that names a part's keywords early on starts that part's text;
sentences naming none continue the current part. Yes/no answers in a row
answer the yes/no parts of one sub-question in order; a maths span stating
another value part's cue answers it too; text naming no part goes to the
one part whose answer form fits. Grids of parts go to ``grid.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from grader.rubric.models import Part
from grader.rubric.reading import AnswerForm
from grader.segment.assignment import _Segment, _sub_order
from grader.segment.blanks import is_answering
from grader.segment.conclusion import _final
from grader.segment.cues import _RubricCues
from grader.segment.grid import _by_context, _dimensions, _parallel_values
from grader.segment.labels import match_label
from grader.segment.language import CONCLUSION_LINE
from grader.segment.prose import _MATH_SPAN, _is_prose
from grader.segment.tables import _CELL_TOKEN
from grader.segment.text import _clauses, _sentences

# Confidence factors of text placed by its form rather than by keywords: a
# "yes / no" answering both choice parts of a sub-question; a bare "Yes."
# before the sentence naming the second part; the one part whose shape fits.
PAIR_FACTOR = 0.9
ORDER_FACTOR = 0.85
ELIMINATED_FACTOR = 0.85
# A block naming another part's keywords above this share (and above its own part's)
# is that part's, whatever the order says.
REPEATED_LABEL_DOUBT = 0.5
ITEM_FACTOR = 0.9              # "(ii) …" under a label of several parts: the second part
SPAN_FACTOR = 0.75             # "…, which gives $M = 2D + 1$": a span mid-sentence


@dataclass
class _Piece:
    """What one segment contributes to one part."""

    text: str
    confidence: float
    final: str | None


# ---------------------------------------------------------------- parts

def _share_out(segment: _Segment, candidates: list[Part],
               cues: _RubricCues) -> dict[str, _Piece]:
    base = segment.confidence
    text = segment.text
    if len(candidates) == 1:
        part = candidates[0]
        return {part.id: _Piece(text, base, _final(text, part.answer_form))}
    own = cues.group(segment.question, segment.sub) if segment.sub else []
    own += [part for also in segment.also for part in cues.group(segment.question, also)]
    in_order = _by_repeated_label(segment, own or candidates, cues)
    if in_order:
        return in_order
    itemised = _by_items(text, own)
    if itemised:
        return {part_id: _Piece(body, base * ITEM_FACTOR, _final(body, cues.form(part_id)))
                for part_id, body in itemised.items()}
    if len(own) > 1 and (_dimensions(own, cues) or _parallel_values(own, cues)):
        candidates = own  # "a)" under "Question 2" answers 2a's grid, not the question's rest
    dimensions = _dimensions(candidates, cues) or _parallel_values(candidates, cues)
    if dimensions:
        shared = _by_context(text, candidates, dimensions, cues)
    else:
        start = own if len(own) == 1 else _by_ordinal(segment, candidates, cues)
        label = segment.units[0].label
        shared = _by_anchor(text, candidates, cues, start, own,
                            hold=label is None or not label.itemised)
    return {part_id: _Piece(body, base * factor, final)
            for part_id, (body, factor, final) in shared.items()}


def _by_repeated_label(segment: _Segment, parts: list[Part],
                       cues: _RubricCues) -> dict[str, _Piece]:
    """One label written once per answer ("4a) minmax = 1", "4a) q: 1 2 1 …";
    "3) ELBO = …", "3) terms: …"): as many labelled blocks as the label has
    parts give the parts in order, each block with the unlabelled lines after it.

    Order is a prior, not the truth: a block whose keywords name another of the
    parts better than its own in order leaves the sharing to the keywords.
    """
    blocks: list[list[str]] = []
    for unit in segment.units:
        if unit.label is not None:
            blocks.append([])
        if blocks and unit.text.strip():
            blocks[-1].append(unit.text)
    texts = ["\n".join(block) for block in blocks]
    if len(texts) < 2 or len(texts) != len(parts) or not all(
            any(is_answering(line) for line in text.splitlines()) for text in texts):
        return {}  # ", (d)" left of a heading "Q1 (c), (d)" is no block of its own
    for text, part in zip(texts, parts, strict=True):
        prepared = cues.prepare(text)
        own = cues.keyword_score(part, prepared)
        if any(cues.keyword_score(other, prepared) > max(own, REPEATED_LABEL_DOUBT)
               for other in parts if other is not part):
            return {}
    base = segment.confidence * ORDER_FACTOR
    return {part.id: _Piece(text, base, _final(text, part.answer_form))
            for text, part in zip(texts, parts, strict=True)}
def _by_items(text: str, own: list[Part]) -> dict[str, str]:
    """A sub-part of several rubric parts answered as numbered items, one per part
    in order ("(i) Forward pass time … (ii) Backward … (iii) Memory …" under
    "1a"): each item's text to the part at its position; {} unless the items are
    exactly the first ones, in order, one per part."""
    if len(own) < 2:
        return {}
    starts: list[int] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        found = match_label(line)
        if found is not None and found[0].itemised and found[0].sub is not None:
            if _sub_order(found[0].sub) != len(starts) + 1:
                return {}
            starts.append(offset)
        offset += len(line)
    if len(starts) != len(own):
        return {}
    bounds = [0, *starts[1:], len(text)]
    return {part.id: text[a:b].strip() for part, a, b in zip(own, bounds, bounds[1:],
                                                                strict=False)}


def _by_ordinal(segment: _Segment, candidates: list[Part], cues: _RubricCues) -> list[Part]:
    """The part a sub-label names by its position when the question's parts have no
    sub-parts of their own: "Teil b)" under a question of two parts opens the second.

    Only where to start: the sentences that follow still go to the part their
    keywords name (``_by_anchor``).
    """
    parts = cues.parts_of(segment.question)
    if segment.sub is None or any(cues.key(part)[1] is not None for part in parts):
        return []
    position = _sub_order(segment.sub) - 1
    if not 0 <= position < len(parts) or parts[position] not in candidates:
        return []
    return [parts[position]]


def _by_anchor(text: str, candidates: list[Part], cues: _RubricCues,
               start: list[Part], own: list[Part] | None = None, hold: bool = True,
               ) -> dict[str, tuple[str, float, str | None]]:
    """Sentences go to the part whose keywords they name early; others continue.

    ``own`` are the parts of the segment's labelled sub-question: text naming
    no part goes to the one of them whose shape fits when the others' do not.
    """
    ids = [part.id for part in candidates]
    current: tuple[str, ...] = tuple(part.id for part in start)
    anchored = bool(current)
    buffer: list[str] = []
    assigned: dict[str, list[str]] = defaultdict(list)
    shared_with: dict[str, int] = defaultdict(lambda: 1)
    one_word = tuple(kw for part in candidates for kw in part.cues.keywords if " " not in kw)

    def opens_with(rest: str) -> bool:
        """Does the text open with a candidate's keyword ("layernorm no")?"""
        words = rest.split(maxsplit=1)
        return cues.names_any(words[0] if words else "", one_word)

    def says(word: str) -> bool:  # "FFN no, layernorm no": a choice answered
        return word.lower().strip(".,;:") in _CHOICE_WORDS

    clauses = [piece for sentence in _sentences(text)
               for clause in _clauses(sentence, opens_with, says)
               for piece in _grid_lead(clause, candidates, cues)]
    pair = _choice_pair(candidates, cues)
    placed: dict[str, float] = {}  # parts given text by answer order, not by keywords
    paired = False  # the current parts were set by a "yes / no" answering both
    # A sub-label naming one part ("(b)" under "Aufgabe 4") gives it the
    # label's first sentence, whatever else that sentence names: an answer
    # opens under its label ("(b) Nein, KL ist nicht symmetrisch (… σ₁² …)").
    # A roman item ("(iii)") names a part by position only: it holds its first
    # sentence when that sentence has the part's form ("No: …" for a yes/no).
    held = len(start) == 1 and own is not None and list(start) == list(own) and (
        hold or (start[0].answer_form is AnswerForm.YES_NO and bool(clauses)
                 and bool(_CHOICE_OPENING.match(clauses[0]))))
    for sentence in clauses:
        early = cues.early_scores(sentence, ids)
        whole = cues.whole_scores(sentence, ids)
        hits = tuple(h for h in _best(early)
                     if not cues.form(h).is_value or not cues.restates_prompt(sentence, h))
        headed = _heading_names(sentence, ids, cues)
        if headed:  # "**Memory:** … in the backward pass …": the heading names the part
            hits = headed
        if pair and _CHOICE_PAIR.match(sentence):
            # "yes / no: …", "no / no": one answer per choice part, in order;
            # the choice checker picks its own by position.
            hits, paired = pair, True
            for part_id in pair:
                placed[part_id] = min(placed.get(part_id, 1.0), PAIR_FACTOR)
            current = ()
        if hits and (not current or (hits != current and (bool(headed) or (
                not held and _switches(sentence, hits, current, whole, cues))))):
            if hits != pair:
                paired = False
            if buffer and not current and len(hits) == 1:
                buffer = _place_in_order(buffer, hits[0], candidates, cues, assigned, placed)
            current = hits
            anchored = True
            if buffer:
                for part_id in current:
                    assigned[part_id].extend(buffer)
                buffer = []
        if not current:
            buffer.append(sentence)
            continue
        for part_id in current:
            assigned[part_id].append(sentence)
            shared_with[part_id] = max(shared_with[part_id], len(current)) \
                if len(current) > 1 and not paired else shared_with[part_id]
        for part_id, span in _named_spans(sentence, current, candidates, cues):
            if not assigned.get(part_id):
                assigned[part_id].append(span)
                placed[part_id] = SPAN_FACTOR
        # The held sentence runs on over lines until it ends ("… kommt σ₁² statt
        # \n σ₂² in den Bruch).").
        held = held and not _SENTENCE_END.search(sentence)
    if buffer and not anchored:
        only = _only_fitting(buffer, own or candidates, cues)
        if only is not None:
            anchored = True
            placed[only] = ELIMINATED_FACTOR
        assigned[only or _most_named(buffer, ids, cues)].extend(buffer)
    result = {}
    for part_id, sentences in assigned.items():
        body = "\n".join(sentences)
        if not anchored:
            factor = 0.65
        elif shared_with[part_id] > 1:
            factor = 0.75 if shared_with[part_id] == 2 else 0.5
        else:
            factor = placed.get(part_id, 0.9)
        result[part_id] = (body, factor, _final(body, cues.form(part_id)))
    return result


# A run-in heading opening a sentence: "**Memory:** …", "__Backward time__: …",
# "Forward time: …" (a few words and a colon).
_RUN_IN_HEADING = re.compile(r"^[\s>#-]*(?:(?:\*\*|__)(?P<bold>[^*_\n:]{1,40}?)\s*"
                             r"(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)"
                             r"|(?P<plain>[^\W\d][\w'-]*(?:\s+[\w'-]+){0,3})\s*:(?!\s*=))")


def _heading_names(sentence: str, ids: list[str], cues: _RubricCues) -> tuple[str, ...]:
    """The one part a sentence's run-in heading names by its keywords, or ()."""
    match = _RUN_IN_HEADING.match(sentence)
    if match is None:
        return ()
    named = _best(cues.whole_scores(match.group("bold") or match.group("plain"), ids))
    return named if len(named) == 1 else ()


_SENTENCE_END = re.compile(r"[.!?][)\]$*_\s]*$")
# "yes / no", "No and no", "yes, no" opening a sentence: two yes/no answers at once.
_CHOICE_PAIR = re.compile(r"^\W*(?:yes|no)\s*(?:/|,|;|&|\+|\band\b)\s*(?:yes|no)\b"
                          r"(?!\s*(?:/|,)\s*(?:yes|no)\b)", re.IGNORECASE)
_CHOICE_OPENING = re.compile(r"^\W*(?:yes|no)\b", re.IGNORECASE)


def _named_spans(sentence: str, current: tuple[str, ...], candidates: list[Part],
                 cues: _RubricCues) -> list[tuple[str, str]]:
    """Maths spans inside a sentence that state another value part's answer.

    "so we take $\\phi(x) = [...]$, which gives $M = 2D + 1$." belongs to the
    feature map, but its span ``$M = 2D + 1$`` opens with the cue ``M =`` of
    the dimension part: that span answers it too. A span naming any keyword of
    the sentence's own parts ("$M = (K-1)D + 1$" under "K terms") is working.
    """
    found = []
    others = [part for part in candidates
              if part.id not in current and part.answer_form.is_value]
    if not others or not current:
        return found
    for match in _MATH_SPAN.finditer(sentence):
        span = match.group()
        prepared = cues.prepare(span.strip("$")).strip()
        if "=" not in span or any(score > 0 for score, _ in
                                  cues.whole_scores(span, list(current)).values()):
            continue
        opening = [part.id for part in others
                   if any(cues.offset(kw, prepared) == 0 for kw in part.cues.keywords)]
        if len(opening) == 1:
            found.append((opening[0], span))
    return found


def _choice_pair(candidates: list[Part], cues: _RubricCues) -> tuple[str, ...]:
    """The two choice parts of one sub-question among the candidates, in rubric
    order; empty unless exactly one sub-question has exactly two, both choices."""
    groups: dict[tuple[str, str | None], list[Part]] = defaultdict(list)
    for part in candidates:
        groups[cues.key(part)].append(part)
    pairs = [tuple(part.id for part in group) for group in groups.values()
             if len(group) == 2 and all(part.answer_form is AnswerForm.YES_NO for part in group)]
    return pairs[0] if len(pairs) == 1 else ()


def _place_in_order(buffer: list[str], anchor: str, candidates: list[Part],
                    cues: _RubricCues, assigned: dict[str, list[str]],
                    placed: dict[str, float]) -> list[str]:
    """Bare yes/no answers before the first part named answer the parts before it.

    "Yes. No — it's not a bottleneck, ..." under 1c: the second sentence names
    the second part, so "Yes." answers the first. Only when each of the parts
    before the named one is a choice of the same sub-question and there is
    exactly one yes/no sentence for each. Returns what is left of the buffer.
    """
    group = [part for part in candidates
             if cues.key(part) == cues.key(next(p for p in candidates if p.id == anchor))]
    index = next(i for i, part in enumerate(group) if part.id == anchor)
    before = group[:index]
    yes_no = AnswerForm.YES_NO
    if (not before or len(buffer) != len(before) or group[index].answer_form is not yes_no
            or any(part.answer_form is not yes_no or assigned.get(part.id) for part in before)
            or not all(_CHOICE_OPENING.match(sentence) for sentence in buffer)):
        return buffer
    for part, sentence in zip(before, buffer, strict=True):
        assigned[part.id].append(sentence)
        placed[part.id] = ORDER_FACTOR
    return []


def _only_fitting(buffer: list[str], candidates: list[Part], cues: _RubricCues) -> str | None:
    """The one candidate text naming no part can answer, when the others' shapes
    rule them out ("The value is $0$." answers no 2x7 table)."""
    text = "\n".join(buffer)
    if len(candidates) < 2:
        return None
    fitting = [part.id for part in candidates
               if not part.cues.shape or cues.shape_hit(text, part.id)]
    if len(fitting) == 1:
        return fitting[0]
    # Else the one part whose shape the text positively has ("O(L D²)" is a
    # bound: it answers the complexity part, not the explanation beside it).
    shaped = [part.id for part in candidates if part.cues.shape and part.id in fitting
              and cues.shape_hit(text, part.id)]
    return shaped[0] if len(shaped) == 1 else None


def _grid_lead(clause: str, candidates: list[Part], cues: _RubricCues) -> list[str]:
    """Cut a value written before a table flattened onto its line off the table.

    "minmax = 0 t 0 1 2 3 4 5 6 p 1 -1 ..." (OCR put the table on the value's
    line) → ["minmax = 0", "t 0 1 2 3 4 5 6 p 1 -1 ..."], but only when the
    lead names another candidate part's keywords and the rest is still the
    table: a lead naming nothing stays with the table.
    """
    if "\n" in clause:
        return [clause]  # table rows on lines of their own are cut by _sentences
    for part in candidates:
        shape = (part.cues.shape or "").lower()
        if not shape.startswith("table") or not cues.shape_hit(clause, part.id):
            continue
        size = re.search(r"(\d+)\s*x\s*(\d+)", shape)
        start = _grid_start(clause, max(int(size.group(2)) - 1, 2) if size else 2)
        if not start:
            return [clause]
        lead, rest = clause[:start].rstrip(), clause[start:]
        others = [p.id for p in candidates if p.id != part.id]
        named = any(score > 0 for score, _ in cues.early_scores(lead, others).values())
        if named and cues.shape_hit(rest, part.id):
            return [lead, rest]
        return [clause]
    return [clause]


def _grid_start(text: str, wanted: int) -> int | None:
    """Where a flattened grid starts: its first run of ``wanted`` numbers, with
    the row label before it ("t 0 1 2 ...", "p_t: 1 -1 ...")."""
    tokens = [(m.start(), m.group()) for m in re.finditer(r"[^\s,;&|]+", text)]
    run = 0
    for index, (_, token) in enumerate(tokens):
        run = run + 1 if _CELL_TOKEN.fullmatch(token) else 0
        if run == wanted:
            first = index - wanted + 1
            if first and re.fullmatch(r"[A-Za-z](?:_?\{?\w\}?)?:?", tokens[first - 1][1]):
                first -= 1
            return tokens[first][0]
    return None


def _most_named(sentences: list[str], ids: list[str], cues: _RubricCues) -> str:
    """The part whose keywords text with no early anchor names most; the first on a tie.

    "z = v_j, ... so k_j^T q >>> k_i^T q" names ``>>`` late in its only
    sentence: it still answers the part with that cue, not the first one.
    """
    whole = cues.whole_scores("\n".join(sentences), ids)
    best = max(whole[part_id][0] for part_id in ids)
    leaders = [part_id for part_id in ids if whole[part_id][0] == best]
    return leaders[0] if best > 0 and len(leaders) == 1 else ids[0]


def _best(scores: dict[str, tuple[float, int]]) -> tuple[str, ...]:
    positive = {key: value for key, value in scores.items() if value[0] > 0}
    if not positive:
        return ()
    top = max(value[0] for value in positive.values())
    return tuple(key for key, value in positive.items() if value[0] == top)


def _switches(sentence: str, hits: tuple[str, ...], current: tuple[str, ...],
              whole: dict[str, tuple[float, int]], cues: _RubricCues) -> bool:
    """A prose sentence about other parts starts their text; maths only as a result.

    Maths naming another part's keywords is usually working ("… = M + 1");
    but a concluding line ("Therefore, $M = 2D + 1$") or a line opening with
    the other part's keyword ("$$M = 1 + D + D^2$$") that names none of the
    current parts' keywords states the other part's answer, and so does a line
    naming the other part more than the current one.
    """
    if any(cues.shape_hit(sentence, h) for h in hits):
        # "So $O(\ell N d^2)$." after "Forward: …" has every bound's shape and
        # names none of them: it is the current part's result, not a new answer
        prepared = cues.prepare(sentence)
        named = [h for h in hits if cues.keyword_score(cues.part(h), prepared) > 0]
        return bool(named) or not set(current) <= set(hits)
    new = max(whole[h][0] for h in hits)
    old = max((whole[c][0] for c in current if c in whole), default=0.0)
    if sentence.rstrip(" *_>").endswith("?") and old == 0 < new:
        return True  # the question asked again ("Wann ist $z \approx v_j$?") opens its answer
    if not _is_prose(sentence):
        if 0 < old < new:
            return True  # "M = Σ_{k=0}^{K-1} D^k" names the general part more
        opens = min(whole[h][1] for h in hits) == 0
        return (bool(CONCLUSION_LINE.match(sentence.replace("*", ""))) or opens) and old == 0 < new
    if new != old:
        return new > old
    new_pos = min(whole[h][1] for h in hits)
    old_pos = min((whole[c][1] for c in current if c in whole and whole[c][0] > 0),
                  default=10**9)
    return new_pos < old_pos


_CHOICE_WORDS = frozenset({"yes", "no", "true", "false"})
