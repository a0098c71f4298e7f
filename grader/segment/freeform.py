"""Find each rubric part's answer in a free-form submission.

Students label answers in many ways ("1a)", "(1) (a)", "Solution 2 b", "<2> <0>",
"## 1 Question 1", "1.1)") and mis-number them ("2b)" for 1b), so labels are
evidence, not truth. Reading goes in three steps:

1. **Units.** The normalised text is cut at every label and at every
   paragraph; each unit carries the label that opened it (if any).
2. **Questions.** Each unit is given the question it most likely answers:
   its label (weighted by how trustworthy that label is: "Question 2" more
   than a bare "2b)" out of sequence), the question of the unit before it
   (answers continue over paragraphs) and its content (the parts'
   ``cues.keywords`` and ``cues.shape``). Consecutive units of one question
   and sub-part form a segment.
3. **Parts.** A segment's text is shared out among the parts it can answer.
   When the parts' keywords form dimensions (RNN/Transformer x train/test x
   time/space) a running context is kept line by line; otherwise a sentence
   that names a part's keywords early on starts that part's text.

Confidence multiplies how sure each step was, and is cut down for text that
reads as OCR junk, because a confident wrong extraction is worse than a
review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from grader.answer import Answer
from grader.rubric.models import Part, Rubric
from grader.rubric.reading import AnswerForm
from grader.segment.blanks import is_blank_answer
from grader.segment.declarations import find_declarations, map_declarations
from grader.segment.labels import (
    INLINE_SUB_LABEL,
    TEXT_SUB_LABEL,
    Label,
    is_label_only,
    label_text,
    match_label,
)
from grader.segment.language import CONCLUSION_LINE, fold_accents, prose_language
from grader.segment.limits import MAX_UNITS_DEFAULT, OPENING_WINDOW_CHARS_DEFAULT
from grader.segment.normalise import boxed_contents, normalise, unbox
from grader.segment.words import FUZZY_MIN_LETTERS, slip_patterns
from grader.segment.words import one_slip_apart as _one_slip_apart
from grader.segment.words import token_before as _token_before

# ---------------------------------------------------------------- tunables

# How much a label counts towards a question, by the label's strength.
LABEL_WEIGHT_STRONG = 0.7      # "Question 2", "Solution 3", "## 1 Question 1"
LABEL_WEIGHT_IN_SEQUENCE = 0.6  # "2a)" right after 1d
LABEL_WEIGHT_SUB_ONLY = 0.5    # "b)" after "a)": inherits the question
LABEL_WEIGHT_OUT_OF_SEQUENCE = 0.25  # "2b)" right after 1a; "24)"
CONTINUATION_WEIGHT = 0.3      # a paragraph continues the unit before it
CONTENT_WEIGHT = 0.6           # a unit whose keywords all match
SWITCH_MARGIN = 0.1            # content must beat continuation by this much
NARROW_TABLE_MIN_ROWS = 3      # "0\t1\t1" lines: this many in a row make a table
LEAD_IN_MIN_SCORE = 0.3        # unlabelled text before any label: half a part's keywords
LOOKAHEAD_PARAGRAPHS = 6      # a label's block, for judging its content
EARLY_WORDS = 12               # a sentence "is about" keywords in its first words
MENTION_SPAN_WORDS = 3         # "time (train and test)": values this close are named together
GARBLE_KNOWN_RATIO = 0.7       # below this share of known words, confidence drops
MIN_PROSE_WORDS_FOR_GARBLE = 4
RESTATEMENT_SHARE = 0.6        # a sentence this much made of the prompt's words restates it
# Confidence factors of text placed by its form rather than by keywords: a
# "yes / no" answering both choice parts of a sub-question; a bare "Yes."
# before the sentence naming the second part; the one part whose shape fits.
PAIR_FACTOR = 0.9
ORDER_FACTOR = 0.85
ELIMINATED_FACTOR = 0.85
SPAN_FACTOR = 0.75             # "…, which gives $M = 2D + 1$": a span mid-sentence
# OCR junk under a label ("a) thi ten2 ten2 teln. Space complexity train RNN ...")
# that no part's reading takes is not dropped: it goes, at a confidence below
# any decision, to the parts it plausibly answers, so a TA sees it instead of
# the student being told "no answer found".
GARBLED_BLOCK_MAX = 0.75       # garble_factor below this: the block is OCR junk
GARBLED_CONFIDENCE = 0.4       # at most this sure of such a block (pipeline: needs_review)

# A complexity bound: O(…), 𝒪(…), Θ(…), or "∝ …".
_BOUND = re.compile(r"(?:\\mathcal\{O\}|\bO|𝒪|Θ|\\Theta)\s*\(|∝|\\propto\b")



@dataclass
class _Unit:
    label: Label | None
    text: str
    question: str | None = None
    sub: str | None = None
    score: float = 0.0
    runner_up: float = 0.0


@dataclass
class _Segment:
    question: str
    sub: str | None
    label_trusted: bool
    units: list[_Unit] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(unit.text for unit in self.units if unit.text.strip())

    @property
    def confidence(self) -> float:
        scores = [_unit_confidence(unit) for unit in self.units if unit.text.strip()]
        return max(scores) if scores else 0.0


@dataclass
class _Piece:
    """What one segment contributes to one part."""

    text: str
    confidence: float
    final: str | None


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
        >>> answers = segment_freeform("1a) O(t n^2 L)\\n\\n1b) no", rubric)  # doctest: +SKIP
        >>> answers["1a.rnn_train_time"].text  # doctest: +SKIP
        'O(t n^2 L)'
    """
    clean = normalise(text)
    cues = _RubricCues(rubric)
    units = _resolve_questions(_split_units(clean, cues), cues)
    segments = _segments(units)
    labelled = {(seg.question, seg.sub) for seg in segments if seg.sub is not None}
    pieces: dict[str, list[_Piece]] = defaultdict(list)
    garbled: dict[str, list[_Piece]] = defaultdict(list)  # used only where nothing else is
    dropped: _Segment | None = None  # a garbled segment no part could take
    for segment in segments:
        candidates = _candidates(segment, cues, labelled)
        shared = _share_out(segment, candidates, cues) if candidates else {}
        for part_id, piece in shared.items():
            pieces[part_id].append(piece)
        given = {}
        if not shared:
            lead = dropped if dropped is not None and dropped.question == segment.question else None
            given = _garbled_pieces(segment, candidates, cues, lead)
            for part_id, piece in given.items():
                garbled[part_id].append(piece)
        dropped = segment if not shared and not given and _is_garbled(
            segment.text, cues.parts_of(segment.question)) else None
    for part_id, found in garbled.items():
        if not pieces.get(part_id):
            pieces[part_id] = found

    meanings = dict(getattr(rubric.notation, "meanings", {}) or {})
    declared = map_declarations(find_declarations(clean), meanings) if meanings else {}
    answers = {}
    for part in rubric.parts:
        found = pieces.get(part.id, [])
        answers[part.id] = _answer(part, found, declared, cues)
    return answers


def _split_units(text: str, cues: _RubricCues) -> list[_Unit]:
    """Cut the text at labels and paragraphs; the first unit may be unlabelled."""
    units: list[_Unit] = []
    current: list[str] = []
    label: Label | None = None
    last_sub: str | None = None
    in_fence = False

    def close() -> None:
        body = "\n".join(current).strip("\n")
        if body.strip() or label is not None:
            units.append(_Unit(label, body))
        current.clear()

    for raw_line in text.split("\n"):
        if raw_line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        for line in _split_inline_labels(raw_line, last_sub):
            if len(units) >= MAX_UNITS_DEFAULT:  # the rest continues the last unit
                current.append(line)
                continue
            if not line.strip():
                if current and current[-1].strip():
                    close()  # paragraphs are units of their own, unlabelled
                    label = None
                continue
            found = None if _is_table_row(line) else match_label(line, cues.labels)
            if found and found[0].sub is None and found[0].question is None:
                found = None
            if found and not _plausible(found[0], cues):
                found = None
            if found:
                close()
                label = found[0]
                if label.sub is not None:
                    last_sub = label.sub
                rest = line[found[1]:]
                if line.lstrip().startswith("$$") and not rest.lstrip().startswith("$$"):
                    rest = "$$" + rest  # "$$c3 \quad L(q) = ...$$"
                current.append(rest.strip())
            else:
                current.append(line)
    close()
    return units


def _split_inline_labels(line: str, last_sub: str | None) -> list[str]:
    """Break a line before sub-part labels written in the middle of it."""
    pieces = [line]
    # \text{b)} inside an array: always a label.
    if TEXT_SUB_LABEL.search(line):
        pieces = []
        position = 0
        for match in TEXT_SUB_LABEL.finditer(line):
            pieces.append(line[position:match.start()])
            pieces.append(f"{match.group(1)})")
            position = match.end()
        pieces.append(line[position:])
        return [piece for piece in pieces if piece.strip()] or [line]
    out: list[str] = []
    position = 0
    expected = _next_sub(last_sub)
    opening = match_label(line)  # "### Teil a) …": the line's own label is not cut apart
    label_end = opening[1] if opening else 0
    # What the text before each match says, kept up to date as matches go by
    # (recomputing it from line[:start] at every match was quadratic).
    seen = dollars = 0
    last_paren = ""
    for match in INLINE_SUB_LABEL.finditer(line):
        letter = match.group(1)
        dollars += line.count("$", seen, match.start())
        paren_at = max(line.rfind("(", seen, match.start()), line.rfind(")", seen, match.start()))
        last_paren = line[paren_at] if paren_at >= 0 else last_paren
        seen = match.start()
        if last_paren == "(" or dollars % 2 or match.start() < label_end:
            continue  # "(see part a)", "exp(k_i^T a)", inside maths, the opening label
        previous_token = _token_before(line, match.start())
        numeric_before = bool(re.fullmatch(r"[-+]?\d+(?:\.\d+)?", previous_token))
        if letter != "a" and letter != expected and not numeric_before:
            continue
        out.append(line[position:match.start()])
        position = match.start()
        expected = _next_sub(letter)
    out.append(line[position:])
    return [piece for piece in out if piece.strip()] or [line]


def _next_sub(sub: str | None) -> str | None:
    if sub is None or not sub.isalpha():
        return None
    return chr(ord(sub) + 1)


def _plausible(label: Label, cues: _RubricCues) -> bool:
    """Bare numbers are labels only when they could be question numbers."""
    if not label.weak or label.question is None:
        return True
    return label.question.isdigit() and 0 < int(label.question) <= max(cues.max_question, 30)


# ---------------------------------------------------------------- questions

def _resolve_questions(units: list[_Unit], cues: _RubricCues) -> list[_Unit]:
    """Give every unit the question (and sub-part) it most likely answers."""
    previous: _Unit | None = None
    for position, unit in enumerate(units):
        options: dict[str, float] = defaultdict(float)
        label = unit.label
        label_q, label_sub = _label_target(label, previous, cues)
        if label_q is not None:
            weight = _label_weight(label, label_q, label_sub, previous, cues)
            options[label_q] = max(options[label_q], weight)
        unknown_label = label is not None and label_q not in cues.questions
        if previous is not None and previous.question is not None and not unknown_label:
            continuation = CONTINUATION_WEIGHT if (label is None or label.weak
                                                   or label_q != previous.question) else 0.0
            if label is not None and not label.weak and label_q is not None:
                continuation = min(continuation, 0.1)
            options[previous.question] = max(options[previous.question], continuation)
            if (label is not None and not label.strong and label_q != previous.question
                    and _continues_subs(label.sub, previous.sub)):
                # "2b)" right after 1a: the letter carries on the current question,
                # the number is a slip (seeds 000 and 001 both do this).
                options[previous.question] = max(options[previous.question],
                                                 LABEL_WEIGHT_SUB_ONLY)
        content = cues.question_scores(_block_text(units, position))
        for question in set(options) | set(content):
            options[question] = options.get(question, 0.0) + CONTENT_WEIGHT * content.get(
                question, 0.0)
        options = {q: s for q, s in options.items() if q in cues.questions and s > 0}
        if previous is None and label is None:
            # Before any label only a clear answer counts: a header ("only Q3
            # and Q4, ran out of time") naming one keyword is not one.
            options = {q: s for q, s in options.items() if s >= LEAD_IN_MIN_SCORE}
        if not options:
            unit.question = None
            previous = unit if unit.label is not None else previous
            continue
        ranked = sorted(options.items(), key=lambda item: -item[1])
        best_q, best = ranked[0]
        # Keep the continuation unless another question is clearly better.
        if (previous is not None and previous.question in options and label is None
                and best_q != previous.question
                and best - options[previous.question] < SWITCH_MARGIN):
            best_q, best = previous.question, options[previous.question]
        unit.question, unit.score = best_q, best
        unit.runner_up = max((s for q, s in ranked if q != best_q), default=0.0)
        enumeration = (label is not None and label.weak and label.sub is None
                       and previous is not None and previous.question == best_q)
        if best_q == label_q and label is not None and not enumeration:
            unit.sub = label_sub
        elif previous is not None and best_q == previous.question and (
                label is None or label.sub is None):
            unit.sub = previous.sub
        elif (previous is not None and best_q == previous.question and label is not None
              and label.sub is not None):
            unit.sub = label.sub
        elif label is not None and label_sub is not None and cues.has_group(best_q, label_sub):
            unit.sub = label_sub  # "2a)" holding 4a's table: the letter is still right
        else:
            unit.sub = None
        previous = unit
    return units


def _block_text(units: list[_Unit], position: int) -> str:
    """A labelled unit's text with the paragraphs that follow it up to the next label.

    The label's first paragraph alone can say little ("3) Dot product of the
    weights and values."), so a label is judged by its whole block.
    """
    unit = units[position]
    if unit.label is None:
        return unit.text
    texts = [unit.text]
    for following in units[position + 1:position + 1 + LOOKAHEAD_PARAGRAPHS]:
        if following.label is not None:
            break
        texts.append(following.text)
    return "\n\n".join(texts)


def _label_target(label: Label | None, previous: _Unit | None,
                  cues: _RubricCues) -> tuple[str | None, str | None]:
    if label is None:
        return None, None
    if label.question is not None:
        return label.question, label.sub
    # A sub-part letter alone belongs to the current question; a letter going
    # back to "a" after a later one starts the next question.
    current = previous.question if previous is not None else None
    last_sub = previous.sub if previous is not None else None
    if current is None:
        return cues.first_question, label.sub
    if (label.sub == "a" and last_sub is not None and last_sub.isalpha() and last_sub > "a"
            and current.isdigit()):
        following = str(int(current) + 1)
        if following in cues.questions:
            return following, label.sub
    return current, label.sub


def _label_weight(label: Label | None, question: str, sub: str | None,
                  previous: _Unit | None, cues: _RubricCues) -> float:
    if label is None:
        return 0.0
    if label.strong:
        return LABEL_WEIGHT_STRONG
    in_sequence = _in_sequence(question, sub, previous)
    if sub is not None and not cues.has_group(question, sub):
        in_sequence = False  # "b)" under a question that has no part (b)
    if label.weak:
        return LABEL_WEIGHT_SUB_ONLY if in_sequence else LABEL_WEIGHT_OUT_OF_SEQUENCE
    if label.question is None:
        return LABEL_WEIGHT_SUB_ONLY if in_sequence else LABEL_WEIGHT_OUT_OF_SEQUENCE
    return LABEL_WEIGHT_IN_SEQUENCE if in_sequence else LABEL_WEIGHT_OUT_OF_SEQUENCE


def _in_sequence(question: str, sub: str | None, previous: _Unit | None) -> bool:
    """Does (question, sub) follow on from the unit before it?"""
    if previous is None or previous.question is None:
        return sub in (None, "a", "1") or question == "1"
    current, last = previous.question, previous.sub
    first_sub = sub in (None, "a", "1")
    if question == current:
        return sub is None or last is None or _sub_order(sub) > _sub_order(last)
    if question.isdigit() and current.isdigit():
        return int(question) == int(current) + 1 and first_sub
    return first_sub


def _continues_subs(sub: str | None, last: str | None) -> bool:
    """Does sub-part ``sub`` come right after ``last`` ("b" after "a", "a" first)?"""
    if sub is None:
        return False
    if last is None:
        return _sub_order(sub) == 1
    return _sub_order(sub) == _sub_order(last) + 1


def _sub_order(sub: str) -> int:
    return int(sub) if sub.isdigit() else ord(sub) - ord("a") + 1


def _segments(units: list[_Unit]) -> list[_Segment]:
    segments: list[_Segment] = []
    for unit in units:
        if unit.question is None:
            continue
        trusted = unit.label is not None and unit.label.question == unit.question
        last = segments[-1] if segments else None
        if (last is not None and last.question == unit.question and last.sub == unit.sub
                and (unit.label is None or unit.label.weak or unit.label.sub == last.sub)):
            last.units.append(unit)
            continue
        segments.append(_Segment(unit.question, unit.sub, trusted, [unit]))
    return segments


def _candidates(segment: _Segment, cues: _RubricCues,
                labelled: set[tuple[str, str | None]]) -> list[Part]:
    """Parts a segment can answer: its own sub-part's, or its question's unclaimed ones."""
    question, sub = segment.question, segment.sub
    own = cues.group(question, sub) if sub is not None else []
    unclaimed = [part for part in cues.parts_of(question)
                 if cues.key(part)[1] is None
                 or (question, cues.key(part)[1]) not in labelled]
    if own and segment.label_trusted:
        return own
    if own:
        return own + [part for part in unclaimed if part not in own]
    return unclaimed


# ---------------------------------------------------------------- parts

def _share_out(segment: _Segment, candidates: list[Part],
               cues: _RubricCues) -> dict[str, _Piece]:
    base = segment.confidence
    text = segment.text
    if len(candidates) == 1:
        part = candidates[0]
        return {part.id: _Piece(text, base, _final(text, part.answer_form))}
    own = cues.group(segment.question, segment.sub) if segment.sub else []
    if len(own) > 1 and (_dimensions(own, cues) or _parallel_values(own, cues)):
        candidates = own  # "a)" under "Question 2" answers 2a's grid, not the question's rest
    dimensions = _dimensions(candidates, cues) or _parallel_values(candidates, cues)
    if dimensions:
        shared = _by_context(text, candidates, dimensions, cues)
    else:
        start = own if len(own) == 1 else _by_ordinal(segment, candidates, cues)
        shared = _by_anchor(text, candidates, cues, start, own)
    return {part_id: _Piece(body, base * factor, final)
            for part_id, (body, factor, final) in shared.items()}


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
    if not plausible or not _is_garbled(text, plausible):
        return {}
    confidence = min(segment.confidence * garble_factor(text, _words_of(plausible)),
                     GARBLED_CONFIDENCE)
    return {part.id: _Piece(text, confidence, None) for part in plausible}


def _is_garbled(text: str, parts: list[Part]) -> bool:
    return bool(parts) and garble_factor(text, _words_of(parts)) < GARBLED_BLOCK_MAX


def _words_of(parts: list[Part]) -> frozenset[str]:
    return frozenset().union(*(_course_words(part) for part in parts))


# Searched only in the last 3 characters before a full stop (no abbreviation
# is longer): searching the sentence so far at each one was quadratic.
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|eq|Fig)$")


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


def _narrow_table_lines(lines: list[str]) -> set[int]:
    """Lines of a table with few columns ("t\tp_t\tq_t", "0\t1\t1", ...): at least
    ``NARROW_TABLE_MIN_ROWS`` consecutive rows with the same number of cells."""
    found: set[int] = set()
    run: list[int] = []
    width = None
    for number, line in enumerate([*lines, ""]):
        cells = _table_cells(line)
        if cells is not None and (width is None or len(cells) == width):
            run.append(number)
            width = len(cells)
            continue
        if len(run) >= NARROW_TABLE_MIN_ROWS:
            found.update(run)
        run, width = ([number], len(cells)) if cells is not None else ([], None)
    return found


def _by_anchor(text: str, candidates: list[Part], cues: _RubricCues,
               start: list[Part], own: list[Part] | None = None,
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
    def opens_with(rest: str) -> bool:
        """Does the text open with a candidate's keyword ("layernorm no")?"""
        first = rest.split()[0] if rest.split() else ""
        prepared = cues.prepare(first)
        return any(cues.offset(kw, prepared) is not None
                   for part in candidates for kw in part.cues.keywords if " " not in kw)

    def says(word: str) -> bool:  # "FFN no, layernorm no": a choice answered
        return word.lower().strip(".,;:") in _CHOICE_WORDS

    clauses = [piece for sentence in _sentences(text)
               for clause in _clauses(sentence, opens_with, says)
               for piece in _grid_lead(clause, candidates, cues)]
    pair = _choice_pair(candidates, cues)
    placed: dict[str, float] = {}  # parts given text by answer order, not by keywords
    paired = False  # the current parts were set by a "yes / no" answering both
    for sentence in clauses:
        early = cues.early_scores(sentence, ids)
        whole = cues.whole_scores(sentence, ids)
        hits = tuple(h for h in _best(early)
                     if not cues.form(h).is_value or not cues.restates_prompt(sentence, h))
        if pair and _CHOICE_PAIR.match(sentence):
            # "yes / no: …", "no / no": one answer per choice part, in order;
            # the choice checker picks its own by position.
            hits, paired = pair, True
            for part_id in pair:
                placed[part_id] = min(placed.get(part_id, 1.0), PAIR_FACTOR)
            current = ()
        if hits and (not current or (hits != current and _switches(
                sentence, hits, current, whole, cues))):
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
        return True
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
    for keyword in {kw for part in candidates for kw in part.cues.keywords}:
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

    def mentions(sentence: str) -> list[tuple[int, int, frozenset[str]]]:
        """(word position, dimension, values named) for each dimension the text names."""
        prepared = cues.prepare(sentence)
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
        first_end = len(prepared.split()[0]) if prepared.split() else 0
        return any((offset := cues.offset(kw, prepared)) is not None and offset < first_end
                   for words in keywords_of.values() for kw in words)

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


_CHOICE_WORDS = frozenset({"yes", "no", "true", "false"})
# Words that answer by reference ("test same"): after them a new mention starts a clause.
_VALUE_WORDS = frozenset({"same", "ditto", "likewise", "identical"})


_CHAIN_SIGNS = ("=", "≈", "\\approx")


def _is_chain(text: str) -> bool:
    """"A = B = v": one value given to several names (at least two "=" and a value)."""
    return text.count("=") >= 2 and _has_maths(text)


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
    starts: list[int] = []  # where each word starts; brackets and $…$ keep words whole
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


def _has_value(text: str) -> bool:
    """Maths, or a word answering by reference ("same")."""
    return _has_maths(text) or bool(_VALUE_WORDS & set(re.findall(r"[a-z]+", text.lower())))


# A norm written with bars, "||x_1||": its bars are no table's. Written hugging
# its contents, unlike an empty Markdown cell ("|  | time |").
_BAR_NORM = re.compile(r"\|\|(?=[^|\s])[^|\n]*?(?<=[^|\s])\|\|")


def _without_norms(line: str) -> str:
    """The line with "||x||" norms blanked out, so their bars are not read as cells."""
    return _BAR_NORM.sub(lambda match: "N" * len(match.group()), line)


_ALIGNED_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def _table_cells(line: str) -> list[str] | None:
    """The cells of a Markdown (| a | b |), tab-separated or LaTeX (a & b \\\\) table row."""
    stripped = line.strip()
    if stripped.startswith("|") and _without_norms(stripped).count("|") >= 3:
        cells = stripped.strip("|").split("|")
    elif "\t" in stripped:
        cells = stripped.split("\t")
    elif "&" in stripped and stripped.endswith("\\\\"):
        cells = stripped[:-2].split("&")
    elif _ALIGNED_GAP.search(stripped):
        # Plain-text tables align numbers with runs of spaces ("p :  1   0  -2");
        # only rows that are mostly numbers count, not prose with double spaces.
        cells = _ALIGNED_GAP.split(stripped)
        numbers = sum(1 for cell in cells if _CELL_TOKEN.fullmatch(cell.strip()))
        if len(cells) < 3 or numbers * 2 < len(cells):
            return None
    else:
        return None
    cells = [cell.strip() for cell in cells]
    return cells if len(cells) >= 2 else None


def _spread_grid_tables(text: str, names_dimension) -> list[tuple[str, bool]]:
    """Cut out tables whose header names dimensions, one line per answer cell.

    ``|  | time | space |`` over ``| RNN train | O(tn²L) | O(tnL) |`` becomes
    ``RNN train (time): O(tn²L)`` and ``RNN train (space): O(tnL)``: each
    answer cell carries its row's label cells and its column's header. Returns
    ``(text, is_grid)`` blocks in order; tables whose header and first column
    name no dimension (a table of numbers) stay in the plain text.

    Example:
        >>> _spread_grid_tables("| | time |\\n|---|---|\\n| RNN | O(n) |", lambda c: c == "time")
        [('RNN (time): O(n)', True)]
    """
    lines = text.split("\n")
    blocks: list[tuple[str, bool]] = []
    plain: list[str] = []
    position = 0
    while position < len(lines):
        rows: list[list[str]] = []
        end = position
        while end < len(lines) and (cells := _table_cells(lines[end])) is not None:
            if not all(re.fullmatch(r":?-{2,}:?|\\hline", cell) or not cell for cell in cells):
                rows.append(cells)
            end += 1
        if len(rows) < 2 or not (any(names_dimension(c) for c in rows[0])
                                 or any(names_dimension(row[0]) for row in rows[1:])):
            plain.extend(lines[position:max(end, position + 1)])
            position = max(end, position + 1)
            continue
        if plain:
            blocks.append(("\n".join(plain), False))
            plain = []
        header = rows[0]
        spread = []
        for row in rows[1:]:
            labels = " ".join(cell for cell in row if cell and not _has_maths(cell))
            for column, cell in enumerate(row):
                if not cell or not _has_maths(cell):
                    continue
                head = header[column] if column < len(header) and header[column] else ""
                # "(time)" in brackets: "RNN train time" would read as the phase "train time".
                spread.append(f"{labels} ({head}): {cell}" if head else f"{labels}: {cell}")
        blocks.append(("\n".join(spread), True))
        position = end
    if plain:
        blocks.append(("\n".join(plain), False))
    return blocks


# ---------------------------------------------------------------- text tests

_MATH_SPAN = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\[.*?\\\]", re.DOTALL)
_COMMAND = re.compile(r"\\[A-Za-z]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")


def _prose_words(text: str) -> list[str]:
    text = re.sub(r"\\text\{([^{}]*)\}", r" \1 ", text)
    text = _MATH_SPAN.sub(" ", text)
    text = _COMMAND.sub(" ", text)
    return [word for word in re.split(r"[^A-Za-z0-9']+", text) if word]


def _is_prose(text: str) -> bool:
    return sum(1 for word in _prose_words(text) if _WORD.fullmatch(word)) >= 3


def _has_maths(text: str) -> bool:
    return bool(re.search(r"\$|\\[A-Za-z]|[=∝<>]|\bO\s*\(|\d", text))


def _is_table_row(line: str) -> bool:
    """A row of a tab-separated, Markdown (| a | b |) or LaTeX (a & b \\\\) table."""
    if "\t" in line.strip(" "):
        cells = line.split("\t")
    elif line.lstrip().startswith("|") and _without_norms(line).count("|") >= 3:
        cells = _without_norms(line).split("|")
    elif line.count("&") >= 3 and "$" not in line:
        cells = line.split("&")
    else:
        return False
    return sum(1 for cell in cells if cell.strip()) >= 4


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
    sentences = _sentences(text)
    marked = [index for index, line in enumerate(sentences)
              if CONCLUSION_LINE.match(line.replace("*", ""))]
    if not marked:
        return _concluded(sentences) if form is not None and form.is_maths else None
    final = unbox(_through_closing(sentences, marked[-1])).strip()
    if form is not None and form.is_maths and _is_prose(final) and not _STATES_VALUE.search(final):
        equations = [line for line in sentences[:marked[-1]]
                     if _STATES_VALUE.search(line) and not _is_prose(line)]
        return unbox(equations[-1]).strip() if equations else None
    return final


# A conclusion word inside a sentence: "…, so Var(q^T k) = d.", "… and hence $4d^2$".
_CONCLUSION_INSIDE = re.compile(
    r"(?:[,;:.]\s*|\s)(?=(?:so|hence|thus|therefore|donc|ainsi|also|daher|somit|"
    r"folglich|por lo tanto|entonces)\s)", re.IGNORECASE)
# A remark in brackets at the end of a result: "(about 1.05M for $d = 512$)",
# "(31 for D = 5)", "(e.g. …)": an instance of the result, not the result.
_TRAILING_REMARK = re.compile(r"\s*\((?=[^()]*(?:\bfor\b|\be\.g\.|\babout\b|\bi\.e\.|"
                              r"\bca\.|\bzb\b|\bpar ex|\bwith\b|≈|\\approx))[^()]*\)[.\s]*$")


# One display equation chaining to its result: "$$A = B = 4Hd^2$$", "\\[ M = … = 31 \\]".
_DISPLAY_CHAIN = re.compile(r"(?:\$\$|\\\[)[^$]*=[^$]*=[^$]*(?:\$\$|\\\])[.,]?")


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


def _unit_confidence(unit: _Unit) -> float:
    confidence = min(1.0, 0.25 + unit.score)
    if unit.runner_up and unit.score - unit.runner_up < SWITCH_MARGIN:
        confidence *= 0.8
    return confidence


def garble_factor(text: str, extra_words: frozenset[str] = frozenset()) -> float:
    """1.0 for readable prose, less for OCR junk ("thi ten2 ten2 teln").

    The share of prose words that are common English or course words; text
    that is mostly maths is not judged.

    Example:
        >>> garble_factor("thi ten2 ten2 teln ln botteneck") < 0.5
        True
    """
    words = _prose_words(text)
    words = [word.lower() for word in words if not word.isdigit()]
    if len(words) < MIN_PROSE_WORDS_FOR_GARBLE or prose_language(words) is not None:
        return 1.0  # too little to judge, or prose in another language we read
    known = sum(1 for word in words if _known(word, extra_words))
    ratio = known / len(words)
    if ratio >= GARBLE_KNOWN_RATIO:
        return 1.0
    return (ratio / GARBLE_KNOWN_RATIO) ** 1.5


def _known(word: str, extra: frozenset[str]) -> bool:
    if not word.isalpha():
        return False
    if len(word) == 1:
        return True  # a symbol: t, n, L
    for candidate in (word, word.rstrip("s"), re.sub(r"(?:ed|ing|ly|es|er|ation)$", "", word)):
        if candidate in COMMON_WORDS or candidate in MATH_WORDS or candidate in extra:
            return True
    return False


def _answer(part: Part, pieces: list[_Piece], declared: dict[str, str],
            cues: _RubricCues) -> Answer:
    if not pieces:
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
    confidence *= garble_factor(body, _course_words(part))
    if (final is None and part.answer_form.is_maths and _ends_in_lead(body)
            and not _STATES_VALUE.search(body)):
        confidence = min(confidence, UNFINISHED_CONFIDENCE)
    text = unbox(body).strip()
    candidates = tuple(unbox(t).strip() for t in texts) if len(texts) > 1 else ()
    return Answer(part.id, text, final=final, confidence=round(min(confidence, 1.0), 3),
                  candidates=candidates, declared=dict(declared))


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


def _course_words(part: Part) -> frozenset[str]:
    words = " ".join([part.prompt, *part.cues.keywords])
    return frozenset(word.lower() for word in re.findall(r"[A-Za-z]{2,}", words))


# ---------------------------------------------------------------- cues

@lru_cache(maxsize=1024)
def _alternatives(keyword: str) -> tuple[str, ...]:
    """A cue keyword's spellings: "train|entrainement|entrenamiento" names one thing in
    several languages (``Cues.keywords``), compared without accents."""
    return tuple(fold_accents(word.strip()).lower() for word in keyword.split("|") if word.strip())


def _alternative_body(alternative: str) -> str:
    body = r"[\s\-]*".join(re.escape(word) for word in alternative.split())
    if alternative[:1].isalnum():
        body = r"(?<![a-z0-9])" + body
    if len(alternative) <= 3 and alternative[-1:].isalnum():
        body += r"(?![a-rt-z0-9])"
    return body


# Unicode subscript digits, as plain-text notes write indices ("x₁", "H₀").
_SUBSCRIPT_DIGITS = str.maketrans({chr(0x2080 + digit): f"_{digit}" for digit in range(10)})
# LaTeX relations as the characters cue keywords write them ("\gg" is "≫").
_RELATIONS = {"gg": "≫", "ll": "≪", "approx": "≈", "leq": "≤", "le": "≤", "geq": "≥",
              "ge": "≥", "neq": "≠", "ne": "≠", "sim": "∼"}
_RELATION_COMMAND = re.compile(r"\\(" + "|".join(sorted(_RELATIONS, key=len, reverse=True))
                               + r")(?![A-Za-z])")
_LAYOUT_COMMAND = re.compile(
    r"\\(?:times|cdot|left|right|quad|qquad|[dt]?frac|[bB]igg?[lr]?|boxed|begin|end|"
    r"rightarrow|leftarrow|longrightarrow|Rightarrow|mathbb|mathcal)(?![A-Za-z])")
# "at training time" names a phase, not the time measure; "training time: O(…)" names both.
_TIME_COMPOUND = re.compile(r"((?:\b(?:at|during|in|on|and)\s+|&\s*)"
                            r"(?:train(?:ing)?|test(?:ing)?|inference|run))[\s\-]*time\b")


class _RubricCues:
    """The rubric's parts indexed by question and sub-part, with keyword matchers."""

    def __init__(self, rubric: Rubric) -> None:
        self.parts = list(rubric.parts)
        self._keys = {part.id: part.place for part in self.parts}
        self.questions = {key[0] for key in self._keys.values()}
        numbers = [int(q) for q in self.questions if q.isdigit()]
        self.max_question = max(numbers, default=0)
        self.first_question = (str(min(numbers)) if numbers
                               else self._keys[self.parts[0].id][0])
        self._patterns: dict[str, re.Pattern[str]] = {}
        self.labels = frozenset(label_text(label) for part in self.parts
                                for label in part.cues.labels)
        self._spaced = frozenset(re.sub(r"[\s\-]+", "", alternative)
                                 for part in self.parts for kw in part.cues.keywords
                                 for alternative in _alternatives(kw)
                                 if re.search(r"[\s\-]", alternative))
        questions_with: dict[str, set[str]] = defaultdict(set)
        for part in self.parts:
            for keyword in part.cues.keywords:
                questions_with[keyword].add(self._keys[part.id][0])
        # A keyword found in many questions says little about any one of them.
        self.weight = {kw: 1.0 / len(qs) for kw, qs in questions_with.items()}

    def key(self, part: Part) -> tuple[str, str | None]:
        return self._keys[part.id]

    def parts_of(self, question: str) -> list[Part]:
        return [part for part in self.parts if self._keys[part.id][0] == question]

    def group(self, question: str, sub: str | None) -> list[Part]:
        return [part for part in self.parts if self._keys[part.id] == (question, sub)]

    def has_group(self, question: str, sub: str) -> bool:
        return bool(self.group(question, sub))

    # --- keyword matching

    @staticmethod
    def prepare(text: str) -> str:
        text = fold_accents(text.translate(_SUBSCRIPT_DIGITS))  # "x₁" is "x_1", "é" is "e"
        text = re.sub(r"\\(?:text|mathrm|mathbf|textbf|operatorname|mathit|emph)\s*\{([^{}]*)\}",
                      r" \1 ", text)
        text = re.sub(r"_\{\s*([A-Za-z0-9]+)\s*\}", r"_\1", text)
        text = re.sub(r"\^\s*(?:\{\s*)?\\(?:top|intercal)(?![A-Za-z])(?:\s*\})?|ᵀ", "^T", text)
        text = re.sub(r"([A-Z]{2,})(?=[A-Z][a-z])", r"\1 ", text)  # "RNNTime"
        text = _RELATION_COMMAND.sub(lambda m: f" {_RELATIONS[m.group(1)]} ", text)
        text = _LAYOUT_COMMAND.sub(" ", text)  # \times is not "time"
        text = re.sub(r"\\([A-Za-z]+)", r" \1 ", text)  # \min, \log, \alpha stay words
        lowered = text.lower()
        return _TIME_COMPOUND.sub(lambda m: m.group(1) + " ~", lowered)

    def _pattern(self, keyword: str) -> re.Pattern[str]:
        """The regex finding ``keyword`` (any of its ``|`` alternatives) in prepared text."""
        pattern = self._patterns.get(keyword)
        if pattern is None:
            spellings = _alternatives(keyword)
            if len(spellings) == 1:
                pattern = re.compile(_alternative_body(spellings[0]))
            else:
                # One scan for all spellings: a word start, then any spelling.
                bodies = [_alternative_body(spelling) for spelling in spellings]
                starts = r"(?<![a-z0-9])"
                if all(body.startswith(starts) for body in bodies):
                    bodies = [body[len(starts):] for body in bodies]
                    pattern = re.compile(starts + "(?:" + "|".join(bodies) + ")")
                else:
                    pattern = re.compile("|".join(f"(?:{body})" for body in bodies))
            self._patterns[keyword] = pattern
        return pattern

    def find(self, keyword: str, prepared: str) -> int | None:
        """Word position of the keyword's first occurrence in prepared text.

        A long one-word keyword also matches a word one OCR slip away from it
        ("bottlencek" for "bottleneck"); see :func:`_one_slip_apart`.
        """
        start = self.offset(keyword, prepared)
        if start is None:
            return None
        before = prepared[:start]
        words = len(before.split())
        # A match inside a word ("$$m = 1" for "M =") is at that word.
        return words - 1 if words and not before[-1].isspace() else words

    def offset(self, keyword: str, prepared: str) -> int | None:
        """Character offset of the keyword's first occurrence in prepared text."""
        if len(keyword) <= 2 and any(char.isupper() for char in keyword):
            return None  # single-letter symbols ("K") are too common to locate
        match = self._pattern(keyword).search(prepared)
        start = match.start() if match is not None else None
        slip = self._misspelt(keyword, prepared)
        if slip and (start is None or slip[0] < start):
            start = slip[0]
        return start

    def count(self, keyword: str, prepared: str) -> int:
        if len(keyword) <= 2 and any(char.isupper() for char in keyword):
            return 0
        found = len(self._pattern(keyword).findall(prepared)) + len(
            self._misspelt(keyword, prepared))
        return min(3, found)

    def _misspelt(self, keyword: str, prepared: str) -> list[int]:
        """Offsets of words one OCR slip away from a long one-word keyword, or
        split in two by OCR ("bottle neck" for "bottleneck")."""
        found: list[int] = []
        # OCR slips are looked for in the main spelling only: each spelling costs a
        # scan of the text, and the other languages' spellings are exact matches.
        for key in _alternatives(keyword)[:1]:
            if len(key) < FUZZY_MIN_LETTERS or not key.isalpha():
                continue
            # Only words within one letter of the key's length can be one slip away;
            # the regexes find just those (and the split pairs) without a Python loop
            # over every word of the text for every keyword.
            near, split = slip_patterns(key)
            found += [match.start() for match in near.finditer(prepared)
                      if match.group() != key and not match.group().startswith(key)
                      and _one_slip_apart(match.group(), key)]
            # OCR splits a long word in two ("bottle neck"): the pair joined is the
            # keyword. Not when a cue is the split form already ("layer norm").
            if key not in self._spaced and split is not None:
                found += [match.start() for match in split.finditer(prepared)]
        return sorted(found)

    def shape_hit(self, text: str, part_id: str) -> bool:
        shape = (next(p for p in self.parts if p.id == part_id).cues.shape or "").lower()
        if not shape:
            return False
        if shape.startswith("table"):
            size = re.search(r"(\d+)\s*x\s*(\d+)", shape)
            rows, cols = (int(size.group(1)), int(size.group(2))) if size else (2, 3)
            return _has_number_grid(text, rows, cols)
        if shape == "list":
            return _has_vector_list(text)
        if shape == "bound":
            return bool(_BOUND.search(text))
        if shape == "kl":
            lowered = text.lower()
            return ("kl" in lowered or "kullback" in lowered) and bool(
                re.search(r"\\mathbb\{e\}|\be_\{|\be\s*\[|\be_[a-z]|expect", lowered))
        return False

    def form(self, part_id: str) -> AnswerForm:
        return next(p for p in self.parts if p.id == part_id).answer_form

    def restates_prompt(self, sentence: str, part_id: str) -> bool:
        """Is the sentence mostly the question's own words ("we want min_p max_q f")?"""
        prompt = next(p for p in self.parts if p.id == part_id).prompt
        if not prompt or _STATES_NUMBER.search(sentence):
            return False  # "min_p max_q pq = 0" restates the question and answers it
        asked = set(re.findall(r"[a-z0-9]+", self.prepare(prompt)))
        said = re.findall(r"[a-z0-9]+", self.prepare(sentence))
        overlap = [word for word in said if word in asked]
        return len(set(overlap)) >= 2 and len(overlap) >= RESTATEMENT_SHARE * len(said)

    def part_score(self, text: str, part: Part, prepared: str | None = None) -> float:
        prepared = self.prepare(text) if prepared is None else prepared
        keywords = part.cues.keywords
        total = sum(self.weight[kw] for kw in keywords)
        hit = sum(self.weight[kw] for kw in keywords if self.find(kw, prepared) is not None)
        score = hit / total if total else 0.0
        if self.shape_hit(text, part.id):
            score = max(score, 1.0)
        return score

    def question_scores(self, text: str) -> dict[str, float]:
        prepared = self.prepare(text)
        scores: dict[str, float] = {}
        for part in self.parts:
            question = self._keys[part.id][0]
            scores[question] = max(scores.get(question, 0.0),
                                   self.part_score(text, part, prepared))
        return scores

    def early_scores(self, sentence: str, ids: list[str]) -> dict[str, tuple[float, int]]:
        prepared = self.prepare(sentence)
        limit = EARLY_WORDS
        out = {}
        for part in self.parts:
            if part.id not in ids:
                continue
            positions = {kw: self.find(kw, prepared) for kw in part.cues.keywords}
            early = [kw for kw, pos in positions.items() if pos is not None and pos < limit]
            score = sum(self.weight[kw] for kw in early)
            if self.shape_hit(sentence, part.id):
                score += 1.0
            first = min((positions[kw] for kw in early), default=10**9)
            out[part.id] = (score, first)
        return out

    def whole_scores(self, sentence: str, ids: list[str]) -> dict[str, tuple[float, int]]:
        prepared = self.prepare(sentence)
        out = {}
        for part in self.parts:
            if part.id not in ids:
                continue
            score = sum(self.weight[kw] * self.count(kw, prepared) for kw in part.cues.keywords)
            positions = [self.find(kw, prepared) for kw in part.cues.keywords]
            first = min((p for p in positions if p is not None), default=10**9)
            out[part.id] = (score, first)
        return out


# "... = 0", "... is -1": a sentence that ends its restatement in a value.
_STATES_NUMBER = re.compile(r"(?:=|\bis\b)\s*\$?\s*[-+−]?\d")
_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d+(?:\.\d+)?(?![\w.])")
_STATES_VALUE = re.compile(r"=|\bO\s*\(")
_CELL_TOKEN = re.compile(r"[-+−]?\d+(?:\.\d+)?")
# A row or column label with an index: p_0, q_{1}, x3, "P1" (OCR drops the subscript).
_INDEXED = re.compile(r"(?<![A-Za-z\\])\$?([A-Za-z])_?\{?(\d)\}?\$?(?![\w}])")


def _has_number_grid(text: str, rows: int, cols: int) -> bool:
    """Does the text hold a ``rows`` x ``cols`` grid of numbers, however laid out?

    Table rows (tab, Markdown or LaTeX ``&``), one per line; or labelled rows
    in a line ("p: 1, -1, -2, ..."); or a grid OCR flattened into running text:
    a run of indexed labels (``p_1 p_2 p_3``) and a run of ``cols - 1``
    numbers. A 2x7 grid counts with one row of cells lost to OCR.

    Example:
        >>> _has_number_grid("t: 0 1 2 3 4 5 6\\np: 1 -1 -2 -1 1 2 1", 2, 7)
        True
        >>> _has_number_grid("p0 P1 P2 P3 -1 -2 -1 1 2 1", 2, 7)
        True
        >>> _has_number_grid("\\n".join(f"{t}\\t{t % 3}\\t1" for t in range(7)), 2, 7)
        True
        >>> _has_number_grid("steps 1, 2 and 3 of 6 iterations", 2, 7)
        False
    """
    wanted = max(cols - 1, 2)
    numeric_rows = 0
    for line in re.split(r"\n|\\\\", text):  # LaTeX rows end in \\
        if len(_NUMBER.findall(line)) >= wanted and _is_table_row(line):
            numeric_rows += 1
        else:
            numeric_rows += sum(1 for run in _number_runs(line) if len(run) >= wanted)
    if numeric_rows >= rows:
        return True
    # Transposed: one table row per step ("0\t1\t1", "1\t-1\t2", ...).
    transposed = sum(1 for line in text.split("\n")
                     if _table_cells(line) and len(_NUMBER.findall(line)) >= rows)
    if transposed >= wanted:
        return True
    longest = max((len(run) for run in _number_runs(text)), default=0)
    return longest >= wanted and _has_index_run(text)


def _number_runs(text: str) -> list[list[str]]:
    """Runs of consecutive numbers, separated only by spaces, commas, ``&`` or ``|``."""
    runs: list[list[str]] = [[]]
    for token in re.split(r"[\s,;&|]+", re.sub(r"\$", " ", text)):
        if _CELL_TOKEN.fullmatch(token):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _has_index_run(text: str) -> bool:
    """Three consecutive indices on one letter in a row: ``p_0 p_1 p_2``, ``P1 P2 P3``."""
    labels = [(m.group(1).lower(), int(m.group(2))) for m in _INDEXED.finditer(text)]
    for first, second, third in zip(labels, labels[1:], labels[2:], strict=False):
        if (first[0] == second[0] == third[0]
                and second[1] == first[1] + 1 and third[1] == second[1] + 1):
            return True
    return False


_LIST_OPEN = re.compile(r"=\s*(?:\\left\s*)?(?:\\\[|\[|\\\{|\(|\\begin\{[bpv]?matrix\})")


def _has_vector_list(text: str) -> bool:
    """Does the text define a vector by listing entries: ``φ(q)ᵀ = [1, q_1, …, q_D]``?

    An ``=`` followed by brackets (``[…]``, ``\\left[…\\right]``, ``(…)`` or a
    matrix environment) holding at least three entries at the top level.

    Example:
        >>> _has_vector_list(r"$\\phi(x) = \\left[1, x_1, \\dots, x_D\\right]$")
        True
        >>> _has_vector_list("f(p, q) = pq, so (p_0, q_0) = (1, 1)")
        False
    """
    for match in _LIST_OPEN.finditer(text):
        opener = match.group()
        if opener.endswith("matrix}"):
            end = text.find("\\end{", match.end())
            body = text[match.end():end if end >= 0 else len(text)]
            if len(re.split(r"\\\\|&", body)) >= 3:
                return True
            continue
        depth, entries = 0, 1
        for char in text[match.end():]:
            if char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0:
                    break  # the list's own closing bracket
                depth -= 1
            elif char == "," and depth == 0:
                entries += 1
        if entries >= 3:
            return True
    return False


# Common English words and course vocabulary: a word outside this list (and
# the rubric's own words) counts towards "garbled".
COMMON_WORDS = frozenset("""
a about above across activation activations add added addition additions after again
against algorithm all allow along also although always am an analytically and another
answer any apply applied approach approximately approximation are as at attend attends
attention average avoid avoids back backprop backpropagation base based be because been
before being below best better between both bottleneck but by calculate calculated
calculating calculation can cannot case cases change check column compare compared
complex complexity compute computed computes computing condition connection connections
consider constant contain contains context contrast converge converges copy copying cost
costly could current cycle cycling data dataset decoder deep define defined definition
depend depends derivative descent detect did different dimension dimensional dimensions
direct directly discriminator distribution divide do does doing dot down drop dropping
during each effect effectively element elements embedding embeddings encoder end entire
equal equation equations equilibrium error even every exact example exponential expand
expanding expectation expected expensive faster feature features feed final find first
fixed following for form forward found from function functions gan general generator
get gets give given global gradient graph greater half has have hence here hidden high
higher how however i if implemented implies important in increase independent
independently individual input inputs instance instead into is it its itself just keep
key keys know large larger layer layers learn learning length less let like limit linear
local log long longer look looks loss low made make makes many map mapping matrix max
maximum mean means measure mechanism memory method min minimum model models module more
most much multiplication multiply must need needs network networks neuron neurons new
no non nonlinear norm normal normalization normalisation normalize not note number odd
of on once one only operation operations optimal optimise optimize or order original
orthogonal other otherwise our out output outputs over parallel parallelism parallelise
parallelize parameter parameters part path per performance point points position
positions possible previous problem process product proportional quadratic query
question rate reach reason recurrent reduce regularization regularisation relation
represent result results return row same sample saddle score scores second see self
sequence sequences sequential series set should show shows simply since single size
slope small smaller so softmax solution solve some space square squared stable standard
start state statement step steps still store stored sum such suppose take taken term
terms test testing than that the their them then there therefore these they this those
through thus time times to token tokens too total train trained training transformer
transformers true two under unit units up update updates use used using value values
variable vector vectors very was way we weight weighted weights well were what when
where whether which while why will with within without word words work would write
yes zero
""".split())  # noqa: SIM905 - a word list reads better as text
# Maths written as words in plain text ("sqrt(2) beta", "sigmoid(1000 x)"):
# notation, not OCR junk.
MATH_WORDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
xi omicron pi rho sigma tau upsilon phi varphi chi psi omega sqrt exp log ln sin cos tan
tanh sigmoid relu softmax argmax argmin sum prod lim inf sup det tr diag mod infty approx
""".split())  # noqa: SIM905
