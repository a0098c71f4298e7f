"""Yes/no questions answered in a sentence or two ("No, the FFN acts on each token").

The answer is cut into sentences. Sentences naming the question's subject
(any ``subject`` keyword, one OCR misspelling allowed: "bottlencek") are the
*explicit* ones, so one paragraph answering two questions is read once per
question. Each explicit sentence gets a polarity:

* a labelled answer, ``FFN: no``, ``LayerNorm -> no``, ``Bottleneck — no``:
  the label that names this question's subject decides; a sentence whose
  labelled answers all belong to other questions gives no vote;
* a paired answer ``yes / no``, ``No and no`` opening the sentence (see below);
* an explicit ``yes`` / ``no`` at its start (after a label such as ``c)`` or
  an "And") or at its end ("..., yes.");
* otherwise negation cues ("does not", "don't", "cannot", "not a bottleneck",
  and the part's ``no_patterns``) say *no*, affirmation cues ("does look", "is
  a bottleneck", "acts as a bottleneck", the part's ``yes_patterns``) say
  *yes*; both in one sentence is a conflict; neither is no vote.

The yes/no words are those of the languages students write in (``YES_WORDS``,
``NO_WORDS``: "ja", "nein", "oui", "non", "sí", "stimmt", "falsch"); a word
joined by a hyphen ("non-linear", "no-one") is not an answer.

When the explicit sentences give no vote, *implicit* ones are read: sentences
that do not name the subject, nor any of ``other_subjects`` (the subjects of
neighbouring questions), and that

* are just "Yes." / "No." / a paired answer and open the answer;
* open an answer sheet's slot with yes/no, a punctuation mark and then a
  reason ("No, all positions are computed at once."): the slot says which
  question the text answers, so its opening yes/no is the answer, whatever
  the reason talks about. In free form the text may have come from a
  neighbouring question, so the clause rules below decide;
* open with yes/no followed by a clause whose subject is a pronoun ("Yes, it
  looks across tokens") or a topic word ("Yes — every token attends to every
  other token") and whose predicate names the question's topic. A pronoun
  clause needs no yes/no word when it opens the answer or follows a sentence
  read for this part ("It does not look across tokens").

The topic is ``topic`` (phrases, any one suffices) or, when not set, the
content words of the part's ``prompt`` that are not subject words (two must
occur: "look", "across", "tokens" for "Does layer norm look across tokens?").
So "Yes, the feed forward network looks across tokens" is never read as an
answer about layer norm: its clause has a subject that is neither.

A paired answer ("yes / no") answers two questions at once. The same word
twice ("no / no", "No and no") is read as that word. Two different words are
read by ``position`` (this question's place among the questions of its
sub-question, 1 or 2) when the rubric sets it; without it the part goes to a
TA. "Yes and no" is a hedge, read as both.

One polarity → ``correct`` (full points) if it is ``expected``, else
``incorrect``. Both polarities → a misconception whose ``keywords`` all occur
decides ("not in the encoder, yes in the decoder"); otherwise ``needs_review``
quoting the conflicting sentences. No vote → ``needs_review``.
``reason_keywords`` never change the score; the TA notes list which occur.
"""

from __future__ import annotations

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.choice.params import ChoiceParams, Polarity
from grader.checks.choice.polarity import NO_WORDS, YES_WORDS, read_sentence, sentence_polarity
from grader.checks.choice.topic import implicit_reading, is_explicit, quote, topic_of
from grader.checks.text import contains_keyword, sentences
from grader.outcome import CheckOutcome, Status, status_for_score


class ChoiceChecker(Checker):
    """A yes/no answer with a reason; see the module docstring for the rules."""

    kind = "choice"
    Params = ChoiceParams

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        params = key.params_as(ChoiceParams)
        points = key.points
        all_sentences = sentences(answer.text)
        notes: list[str] = []
        votes: dict[Polarity, list[str]] = {"yes": [], "no": []}
        paired: list[str] = []
        topic = topic_of(params, key.part.prompt)
        explicit = [is_explicit(s, params, topic) for s in all_sentences]
        for sentence, named in zip(all_sentences, explicit, strict=True):
            if not named or sentence.rstrip(" *_").endswith("?"):
                continue  # a question restated ("Does GDA converge?") says nothing
            reading = read_sentence(sentence, params)
            if reading.paired:
                paired.append(sentence)
            for polarity in reading.polarities:
                votes[polarity].append(sentence)  # type: ignore[index]
        relevant = sum(explicit)

        if not votes["yes"] and not votes["no"] and not paired:
            previous_read = False
            # the answer opens after the question it may restate ("Hängt M_k von p ab?")
            opening = next((i for i, s in enumerate(all_sentences)
                            if not s.rstrip(" *_").endswith("?")), 0)
            for index, sentence in enumerate(all_sentences):
                if explicit[index]:
                    previous_read = True
                    continue
                found = implicit_reading(sentence, params, topic, opens=index == opening,
                                  follows=previous_read, in_slot=answer.in_slot)
                previous_read = found is not None
                if found is None:
                    continue
                reading, why = found
                if reading.paired:
                    paired.append(sentence)
                for polarity in reading.polarities:
                    votes[polarity].append(sentence)  # type: ignore[index]
                notes.append(f"the answer does not name the subject; read {why}: "
                             f"{quote(sentence, 100)}")

        reasons = [k for k in params.reason_keywords if contains_keyword(answer.text, k)]
        if params.reason_keywords:
            missing = [k for k in params.reason_keywords if k not in reasons]
            notes.append(f"reason keywords found: {', '.join(reasons) or 'none'}; "
                         f"not found: {', '.join(missing) or 'none'}")

        if paired:
            return CheckOutcome.review(
                "Your answer gives two yes/no answers at once "
                f"({quote(paired[0], 100)}); a TA will check which one answers this question.",
                interpreted_as="yes and no",
                notes=("choice: a paired yes/no and no position for this part in the rubric",
                       *notes))

        said = [p for p in ("yes", "no") if votes[p]]
        if not said:
            return CheckOutcome.review(
                "The grader could not tell whether this answer says yes or no; a TA will check it.",
                notes=(f"choice: no yes/no found in {relevant} sentence(s) about "
                       f"{', '.join(params.subject) or 'the question'}", *notes))

        if len(said) == 2:
            for misconception, _value in key.misconceptions:
                if misconception.keywords and all(
                        contains_keyword(answer.text, k) for k in misconception.keywords):
                    credit = min(misconception.points, points)
                    return CheckOutcome(
                        status_for_score(credit, points), credit, (misconception.feedback,),
                        (f"choice: both answers given; matches misconception {misconception.id}",
                         *(f"yes: {quote(s)}" for s in votes["yes"]),
                         *(f"no: {quote(s)}" for s in votes["no"]), *notes),
                        "yes and no", misconception.id)
            conflict = ("Your answer says both yes and no: "
                        f"{quote(votes['yes'][0])} and {quote(votes['no'][0])}.")
            return CheckOutcome.review(
                conflict, interpreted_as="yes and no",
                notes=("choice: conflicting sentences",
                       *(f"yes: {quote(s)}" for s in votes["yes"]),
                       *(f"no: {quote(s)}" for s in votes["no"]), *notes))

        polarity: Polarity = "yes" if said == ["yes"] else "no"
        evidence = votes[polarity]
        notes = [f"choice: read {polarity!r} from {quote(evidence[0])}", *notes]
        if polarity == params.expected:
            return CheckOutcome(Status.CORRECT, points, (), tuple(notes), polarity)
        feedback = params.wrong_feedback or (
            f"Your answer says {polarity} ({quote(evidence[0], 100)}), which is not right; "
            "revisit the reasoning behind it.")
        return CheckOutcome(Status.INCORRECT, 0.0, (feedback,), tuple(notes), polarity)


__all__ = ["NO_WORDS", "YES_WORDS", "ChoiceChecker", "ChoiceParams", "sentence_polarity"]
