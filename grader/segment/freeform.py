"""Find each rubric part's answer in a free-form submission: the stages, in order.

Students label answers in many ways ("1a)", "(1) (a)", "Solution 2 b", "<2> <0>",
"## 1 Question 1", "1.1)") and mis-number them ("2b)" for 1b), so labels are
evidence, not truth. Reading goes in stages, one module each:

1. ``assignment.py``: the text cut into units at labels and paragraphs, each
   given the question it most likely answers (label, document order, content
   cues), consecutive units of one question and sub-part forming a segment.
2. ``share.py`` and ``grid.py``: a segment's text shared out among the parts
   it can answer, sentence by sentence or, for a grid of parts, by a running
   context of the dimensions named.
3. ``conclusion.py``: each part's final answer, the value the student concluded.
4. Here: blanks and placeholders are empty answers, the declared symbols are
   attached, and confidence is cut for OCR junk (``garble.py``) and for an
   answer that announces a value it does not hold.

Confidence multiplies how sure each step was, because a confident wrong
extraction is worse than a review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from grader.answer import Answer
from grader.rubric.models import Part, Rubric
from grader.segment.assignment import (
    _candidates,
    _resolve_questions,
    _Segment,
    _segments,
    _split_units,
    _Unit,
)
from grader.segment.blanks import is_answering, is_blank_answer
from grader.segment.conclusion import _STATES_VALUE, UNFINISHED_CONFIDENCE, _ends_in_lead
from grader.segment.cues import _RubricCues
from grader.segment.declarations import find_declarations, map_declarations
from grader.segment.garble import _is_garbled, garble_factor
from grader.segment.labels import is_label_only
from grader.segment.normalise import normalise, unbox
from grader.segment.prose import _has_maths
from grader.segment.share import _Piece, _share_out

# OCR junk under a label ("a) thi ten2 ten2 teln. Space complexity train RNN ...")
# that no part's reading takes is not dropped: it goes, at a confidence below
# any decision, to the parts it plausibly answers, so a TA sees it instead of
# the student being told "no answer found".
GARBLED_CONFIDENCE = 0.4       # at most this sure of such a block (pipeline: needs_review)
UNPLACED_MIN_SCORE = 1.0       # a paragraph naming all of a part's cue keywords is shown for it
UNPLACED_CONFIDENCE = 0.35     # below any decision: a TA confirms it
UNPLACED_MIN_KEYWORDS = 2
COMBINED_CONFIDENCE = 0.45     # a sub-part's share of a combined answer the reading did not split
NAMED_MIN_SCORE = 0.5         # a line naming half a missing part's keywords makes it unsure
CONTESTED_CONFIDENCE = 0.5    # a reading holding such a line: below any decision
NAMING_LINES_MAX = 200         # lines under one label searched for a missing part's keywords


# ---------------------------------------------------------------- public API

def segment_freeform(text: str, rubric: Rubric) -> dict[str, Answer]:
    """One ``Answer`` per rubric part, found by labels and content cues.

    Args:
        text: the submission's text as read by ``grader.ingest``.
        rubric: the assignment; each part's ``cues`` guide the search.

    Returns:
        ``{part_id: Answer}`` for every part; a part with no answer found has
        empty text (reported as missing).

    Example:
        >>> answers = segment_freeform("1a) O(n^2)\\n\\n1b) no", rubric)  # doctest: +SKIP
        >>> answers["1a.time"].text  # doctest: +SKIP
        'O(n^2)'
    """
    clean = normalise(text)
    cues = _RubricCues(rubric)
    units = _resolve_questions(_split_units(clean, cues), cues)
    segments = _segments(units)
    labelled = {(seg.question, sub) for seg in segments if seg.sub is not None
                for sub in (seg.sub, *seg.also)}
    pieces: dict[str, list[_Piece]] = defaultdict(list)
    garbled: dict[str, list[_Piece]] = defaultdict(list)  # used only where nothing else is
    dropped: _Segment | None = None  # a garbled segment no part could take
    written: dict[tuple[str, str | None], list[str]] = {}  # text under sub-question labels
    for segment in segments:
        candidates = _candidates(segment, cues, labelled)
        shared = _share_out(segment, candidates, cues) if candidates else {}
        if segment.also:
            shared = _combined(segment, shared, cues)
        for part_id, piece in shared.items():
            pieces[part_id].append(piece)
        given = {}
        if not shared:
            lead = dropped if dropped is not None and dropped.question == segment.question else None
            given = _garbled_pieces(segment, candidates, cues, lead)
            for part_id, piece in given.items():
                garbled[part_id].append(piece)
        if (segment.sub is not None and segment.text.strip()
                and not is_blank_answer(segment.text, lambda _: False, is_label_only)):
            for sub in (segment.sub, *segment.also):
                written.setdefault((segment.question, sub), []).append(segment.text)
        dropped = segment if not shared and not given and _is_garbled(
            segment.text, cues.parts_of(segment.question), cues.vocabulary) else None
    for part_id, found in garbled.items():
        if not pieces.get(part_id):
            pieces[part_id] = found
    missing = [part for part in rubric.parts if not pieces.get(part.id)
               and len(part.cues.keywords) >= UNPLACED_MIN_KEYWORDS]
    named = _fully_named(units, cues) if missing else []
    for part in missing:
        pieces[part.id] = _unplaced(part, named)

    meanings = dict(getattr(rubric.notation, "meanings", {}) or {})
    declared = map_declarations(find_declarations(clean), meanings) if meanings else {}
    answers = {}
    for part in rubric.parts:
        found = [piece for piece in pieces.get(part.id, []) if piece.text.strip()]
        answers[part.id] = _answer(part, found, declared, cues)
    for part in rubric.parts:
        if (answers[part.id].text or answers[part.id].confidence >= 1.0
                or _label_read_for_nothing(part, written, answers, cues)):
            continue
        naming = _naming_lines(part, units, cues)
        if not naming:
            answers[part.id] = replace(answers[part.id], confidence=1.0)  # left out
        for other in cues.parts_of(cues.key(part)[0]):  # a line it took may be this part's
            taken = answers[other.id]
            if taken.text and any(line in taken.text for line in naming):
                answers[other.id] = replace(
                    taken, confidence=min(taken.confidence, CONTESTED_CONFIDENCE))
    return answers


def _naming_lines(part: Part, units: list[_Unit], cues: _RubricCues) -> list[str]:
    """The answering lines where this part's answer would be (its question's units
    of its own sub-part or of none, or units of no known question after the
    lead-in) that name the part at least as well as any sibling: read for a
    sibling, such a line may be this part's ("1a) TF train time …" under a label
    of four answers, "TF" no keyword of the part), so "no answer" would be a guess
    and the sibling's reading is contested."""
    question, sub = cues.key(part)
    siblings = cues.parts_of(question)
    placed = [at for at, unit in enumerate(units) if unit.question is not None]
    after_lead_in = units[placed[0]:] if placed else []  # the lead-in is name and title
    lines = list(dict.fromkeys(
        line for unit in after_lead_in
        if unit.question is None or (unit.question == question and unit.sub in (sub, None))
        for line in unit.text.splitlines() if is_answering(line)))
    if len(lines) > NAMING_LINES_MAX:
        return lines  # too much text to be sure none of it answers this part
    return [line.strip() for line in lines if _names_best(part, line, siblings, cues)
            and not any(cues.restates_prompt(line, p.id) for p in siblings)]


def _names_best(part: Part, line: str, siblings: list[Part], cues: _RubricCues) -> bool:
    """Whether an answering line names this part's cue keywords as well as any
    sibling's, and at least half of them: read for a sibling, it may be this part's."""
    prepared = cues.prepare(line)
    own = cues.keyword_score(part, prepared)
    if own < NAMED_MIN_SCORE:
        return False
    return all(cues.keyword_score(other, prepared) <= own for other in siblings)


def _label_read_for_nothing(part: Part, written: dict[tuple[str, str | None], list[str]],
                            answers: dict[str, Answer], cues: _RubricCues) -> bool:
    """Whether the student wrote something under this part's sub-question label
    (``written``) that may answer it: no part of the sub-question was read as a
    share of its own (only the unsplit block, or nothing), or a line of it
    names every cue keyword of this part ("Time of the backward pass: …" taken
    along with the forward pass's line). Then "no answer" would be a confident guess.
    A sub-question some of whose parts were read, with nothing naming this one,
    is not: students answer half of one ("(d) FFN: no" and nothing on layer
    norm); an empty label is a blank, surely."""
    key = cues.key(part)
    if key not in written:
        return False
    lines = {line for text in written[key] for line in text.splitlines() if line.strip()}
    if len(lines) > NAMING_LINES_MAX:
        return True  # too much under one label to be sure nothing of it answers this part
    if len(part.cues.keywords) >= UNPLACED_MIN_KEYWORDS and any(
            cues.keyword_score(part, cues.prepare(line)) >= UNPLACED_MIN_SCORE
            for line in lines):
        return True  # one line names the part: keywords spread over a grid do not
    # a sibling read as a share of its own: above what an unsplit whole block gets
    return not any(answers[other.id].text and answers[other.id].confidence > COMBINED_CONFIDENCE
                   for other in cues.group(*key))


def _garbled_pieces(segment: _Segment, candidates: list[Part], cues: _RubricCues,
                    lead: _Segment | None = None) -> dict[str, _Piece]:
    """A segment of OCR junk no part took, given to the parts it plausibly answers.

    Plausible are the parts of the segment's labelled sub-question when the
    text names a keyword of any of them (OCR can eat the rest: "Fransformy"),
    else the candidates whose own keywords it names. ``lead`` is a garbled
    segment of the same question just before that no part could take ("Line
    complexity train test RNN" before "a) thi ten2 ..."): its text leads.
    Readable text is never given out this way.
    """
    text = segment.text
    if lead is not None:
        text = lead.text + "\n\n" + text
    own = cues.group(segment.question, segment.sub) if segment.sub is not None else []
    pool = own or candidates
    if not pool or not text.strip():
        return {}
    named = [part for part in pool if cues.part_score(text, part) > 0]
    plausible = pool if own and named else named
    if not plausible or not _is_garbled(text, plausible, cues.vocabulary):
        return {}
    confidence = min(segment.confidence * garble_factor(text, cues.vocabulary),
                     GARBLED_CONFIDENCE)
    return {part.id: _Piece(text, confidence, None) for part in plausible}


def _combined(segment: _Segment, shared: dict[str, _Piece],
              cues: _RubricCues) -> dict[str, _Piece]:
    """One answer under a label of several sub-parts ("2b/2c)"), shared out.

    Where the reading gave each sub-part text of its own, it stands. Else every
    one of them is shown the whole block below any decision: which half
    answers which is for a TA to confirm, not for one part to be decided on
    text holding the other's answer too.
    """
    parts = [part for sub in (segment.sub, *segment.also)
             for part in cues.group(segment.question, sub)]
    texts = [shared[part.id].text for part in parts if part.id in shared]
    if len(texts) == len(parts) and len(set(texts)) == len(texts):
        return shared  # each sub-part read its own share
    out = dict(shared)
    for part in parts:
        out[part.id] = _Piece(segment.text, min(COMBINED_CONFIDENCE, segment.confidence), None)
    return out


def _unplaced(part: Part, named: list[tuple[str, frozenset[str]]]) -> list[_Piece]:
    """The paragraph naming a part no reading gave text to, for a TA to see.

    A part left with no text is reported as missing, a decided verdict. When a
    paragraph names all of the part's cue keywords and names no other part as
    fully (``named``: each paragraph with the parts it names fully), the answer
    is likely there under a numbering the reader did not follow ("(iii)" for
    the rubric's 1.2): it is shown under the part at a confidence below any
    decision instead.
    """
    if len(part.cues.keywords) < UNPLACED_MIN_KEYWORDS:
        return []  # one cue ("M =") is too little to go on
    for text, parts in named:
        if parts == {part.id} and (not part.answer_form.is_value or _has_maths(text)):
            return [_Piece(text, UNPLACED_CONFIDENCE, None)]  # a value part's states a value
    return []


def _fully_named(units: list[_Unit], cues: _RubricCues) -> list[tuple[str, frozenset[str]]]:
    """Each paragraph with the parts whose cue keywords it names all of (each
    distinct text scored once: a long run of one label costs one scoring)."""
    scored: dict[str, frozenset[str]] = {}
    out = []
    for unit in units:
        if not unit.text.strip():
            continue
        if unit.text not in scored:
            scores = cues.keyword_scores(cues.prepare(unit.text))
            scored[unit.text] = frozenset(
                other.id for other in cues.parts if scores[other.id] >= UNPLACED_MIN_SCORE)
        if scored[unit.text]:
            out.append((unit.text, scored[unit.text]))
    return out


def _answer(part: Part, pieces: list[_Piece], declared: dict[str, str],
            cues: _RubricCues) -> Answer:
    if not pieces:  # found nothing: not sure it is absent (segment_freeform may be)
        return Answer(part.id, "", confidence=0.0, declared=dict(declared))
    texts = [piece.text for piece in pieces]
    body = "\n\n".join(texts)
    if is_blank_answer(body, lambda text: cues.restates_prompt(text, part.id),
                       is_label_only):
        return Answer(part.id, "", confidence=1.0, declared=dict(declared))
    confidence = max(piece.confidence for piece in pieces)
    if len(pieces) > 1:
        confidence *= 0.85
    finals = [piece.final for piece in pieces if piece.final]
    final = unbox(finals[-1]).strip() if finals else None
    confidence *= garble_factor(body, cues.vocabulary)
    if (final is None and part.answer_form.is_maths and _ends_in_lead(body)
            and not _STATES_VALUE.search(body)):
        confidence = min(confidence, UNFINISHED_CONFIDENCE)
    text = unbox(body).strip()
    candidates = tuple(unbox(t).strip() for t in texts) if len(texts) > 1 else ()
    return Answer(part.id, text, final=final, confidence=round(min(confidence, 1.0), 3),
                  candidates=candidates, declared=dict(declared))
