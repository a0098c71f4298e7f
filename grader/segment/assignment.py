"""Blocks to questions: units, the question each answers, and segments.

1. **Units.** The normalised text is cut at every label and at every
   paragraph; each unit carries the label that opened it (if any).
2. **Questions.** Each unit is given the question it most likely answers:
   its label (weighted by how trustworthy that label is: "Question 2" more
   than a bare "2b)" out of sequence), the question of the unit before it
   (answers continue over paragraphs) and its content (the parts' cues).
   The margin between the best reading and the next sets the confidence.
3. **Segments.** Consecutive units of one question and sub-part form a
   segment; its candidates are the parts it can answer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from grader.rubric.models import Part
from grader.segment.cues import _RubricCues
from grader.segment.labels import (
    INLINE_SUB_LABEL,
    TEXT_SUB_LABEL,
    Label,
    match_label,
    text_after_label,
)
from grader.segment.limits import MAX_UNITS_DEFAULT
from grader.segment.tables import _is_table_row
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
LEAD_IN_MIN_SCORE = 0.3        # unlabelled text before any label: half a part's keywords
LOOKAHEAD_PARAGRAPHS = 6      # a label's block, for judging its content



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
    def also(self) -> tuple[str, ...]:
        """Further sub-parts its label covers ("2b/2c)"), by the rubric's numbering."""
        label = self.units[0].label
        if label is None or not label.also or self.sub is None:
            return ()
        if self.sub.isdigit():  # "(b)/(c)" where the rubric numbers sub-parts
            return tuple(str(ord(also) - ord("a") + 1) for also in label.also)
        return label.also

    @property
    def confidence(self) -> float:
        scores = [_unit_confidence(unit) for unit in self.units if unit.text.strip()]
        return max(scores) if scores else 0.0


def _split_units(text: str, cues: _RubricCues) -> list[_Unit]:
    """Cut the text at labels and paragraphs; the first unit may be unlabelled."""
    units: list[_Unit] = []
    current: list[str] = []
    label: Label | None = None
    last_sub: str | None = None
    numbered = False  # the last label named a question and its sub-part ("1.4", "2b)")
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
            if found and found[0].itemised and numbered:
                found = None  # "(i)" items under "1.4": steps of that sub-part's answer
            if found:
                close()
                if not found[0].itemised:
                    numbered = found[0].question is not None and found[0].sub is not None
                label = cues.sub_by_position(found[0])
                if label.sub is not None:
                    last_sub = label.sub
                rest = text_after_label(line, found[1])
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
    own += [part for also in segment.also for part in cues.group(question, also)]
    unclaimed = [part for part in cues.parts_of(question)
                 if cues.key(part)[1] is None
                 or (question, cues.key(part)[1]) not in labelled]
    if own and segment.label_trusted:
        return own
    if own:
        # A roman sub-label ("(iii)") numbers by position, and students number
        # items so, not always the rubric's sub-parts: the question's other
        # parts stay candidates, for the text's cues to claim.
        label = segment.units[0].label
        others = cues.parts_of(question) if label is not None and label.itemised else unclaimed
        return own + [part for part in others if part not in own]
    return unclaimed


def _unit_confidence(unit: _Unit) -> float:
    confidence = min(1.0, 0.25 + unit.score)
    if unit.runner_up and unit.score - unit.runner_up < SWITCH_MARGIN:
        confidence *= 0.8
    return confidence
