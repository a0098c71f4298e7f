"""No student-facing text reveals a reference answer (issue #7).

Every part of every rubric is graded with extreme answers generated from its
key (``tests/leak_probes.py``): constants, huge powers, each symbol alone, the
reference's factors and terms one at a time, their products and sums, its
slips, zero and random tables, the opposite yes/no, near-empty text. Each
answer is graded on its own and written into answer sheets, and every
student-facing channel is read: ``PartResult.to_dict(for_student=True)``, the
self-check text, ``grader check --json`` and the student report. A factor,
product, number, yes/no word or rendered form of the reference or of an
accepted form that the student's own answer does not hold is a leak. Only
feedback the instructor wrote in the rubric (a misconception's ``feedback``, a
choice part's ``wrong_feedback``) is exempt. Run with ``-s`` for the figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from grader.answer import Answer
from grader.cache import MemoryCache
from grader.outcome import PartResult, SubmissionResult
from grader.pipeline import grade_part, grade_text
from grader.report.markdown import render_student_report
from grader.report.selfcheck import render_selfcheck
from grader.rubric.assignment import Assignment
from grader.segment.sheet import render_sheet
from tests.conftest import ASSIGNMENT_IDS
from tests.leak_probes import Probe, Secrets, leaks_in, probes_for, secrets_for

_SKIPPED_FIELDS = {"part", "status", "answer", "score", "max_score", "confidence"}
_SELFCHECK_HEADER = re.compile(r"^(?:✔|◐|✘|∅|\?) (?P<part>\S+): ")
_REPORT_HEADER = re.compile(r"^## (?P<part>\S+): ")


def fill_sheet(assignment: Assignment, answers: dict[str, str]) -> str:
    sheet = render_sheet(assignment.rubric)
    for part_id, text in answers.items():
        heading = next(line for line in sheet.splitlines() if line.startswith(f"## [{part_id}]"))
        sheet = sheet.replace(f"{heading}\n\n_(your answer)_", f"{heading}\n\n{text}", 1)
    return sheet


def student_fields(part: PartResult) -> Iterator[str]:
    """Every line of the part's student dict except the student's own answer and numbers."""
    for name, value in part.to_dict(for_student=True).items():
        if name not in _SKIPPED_FIELDS and isinstance(value, str):
            yield from value.split("\n")


def selfcheck_lines(text: str) -> Iterator[tuple[str, str]]:
    """(part, line) for what the self-check says about each part (not the text it read)."""
    part = None
    for line in text.splitlines():
        if match := _SELFCHECK_HEADER.match(line):
            part = match.group("part")
        elif part and line.startswith("    ") and not line.startswith("    text read: "):
            yield part, line.strip().removeprefix("interpreted as: ")


def report_lines(text: str) -> Iterator[tuple[str, str]]:
    """(part, line) for each part section of a student report, prompt excluded."""
    part = None
    for line in text.splitlines():
        if match := _REPORT_HEADER.match(line):
            part = match.group("part")
        elif part and line.strip() and not (line.startswith("*") and line.endswith("*")):
            shown = re.fullmatch(r"Read as: `(.*)`", line)
            yield part, shown.group(1) if shown else line.removeprefix("- ")


def json_lines(text: str) -> Iterator[tuple[str, str]]:
    for item in json.loads(text):
        for name, value in item.items():
            if name not in _SKIPPED_FIELDS and isinstance(value, str):
                yield from ((item["part"], line) for line in value.split("\n"))


class Probed:
    """Probes and secrets of one assignment, and the leaks found in what was shown."""

    def __init__(self, assignment: Assignment) -> None:
        self.assignment = assignment
        self.probes = {pid: probes_for(key) for pid, key in assignment.keys.items()}
        self.secrets: dict[str, Secrets] = {pid: secrets_for(key)
                                            for pid, key in assignment.keys.items()}
        self.leaks: list[str] = []
        self.leaking: set[tuple[str, str]] = set()
        # An answer graded alone is not checked again when a sheet holds it: the
        # sheet tests are about what the outputs show, and a check is deterministic.
        self.cache = MemoryCache()

    def scan(self, channel: str, part_id: str, probe: Probe, line: str) -> None:
        for leak in leaks_in(line, self.secrets[part_id], probe):
            self.leaking.add((part_id, probe.text))
            self.leaks.append(f"{self.assignment.id} {part_id} [{channel}] answer "
                              f"{probe.text!r}: {leak} in {line!r}")

    def figures(self) -> str:
        parts = len({part for part, _ in self.leaking})
        return (f"{len(self.leaks)} findings in {len(self.leaking)} answers "
                f"in {parts} parts")

    def rounds(self) -> Iterator[dict[str, Probe]]:
        """Answer sheets: the i-th probe of every part (parts with fewer probes cycle)."""
        longest = max(len(p) for p in self.probes.values())
        for i in range(longest):
            yield {pid: probes[i % len(probes)] for pid, probes in self.probes.items()}


@pytest.fixture(scope="module")
def probed(assignments) -> dict[str, Probed]:
    return {aid: Probed(assignments[aid]) for aid in ASSIGNMENT_IDS}


FIGURES: dict[str, object] = {}


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
def test_every_part_is_probed(probed, assignment_id):
    p = probed[assignment_id]
    assert set(p.probes) == {part.id for part in p.assignment.rubric.parts}
    for part in p.assignment.rubric.parts:
        wanted = {"complexity": 15, "expression": 10}.get(part.kind, 4)
        assert len(p.probes[part.id]) >= wanted, (part.id, len(p.probes[part.id]))
        if part.kind in ("complexity", "expression", "table", "choice", "free_text"):
            assert p.secrets[part.id].tokens or p.secrets[part.id].texts, part.id


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
def test_no_leaks_when_each_answer_is_graded(probed, assignment_id):
    p = probed[assignment_id]
    p.leaks, p.leaking = [], set()
    for part_id, probes in p.probes.items():
        key = p.assignment.keys[part_id]
        for probe in probes:
            # in_slot, as a sheet's answers are, so the sheets below reuse this check
            result = grade_part(Answer(part_id, probe.text, in_slot=True), key, cache=p.cache,
                                version=p.assignment.version)
            for line in student_fields(result):
                p.scan("part", part_id, probe, line)
    FIGURES[f"{assignment_id} graded alone"] = (
        f"{sum(map(len, p.probes.values()))} answers", p.figures())
    assert not p.leaks, f"{len(p.leaks)} leaks:\n" + "\n".join(p.leaks[:40])


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
def test_no_leaks_in_self_check_json_and_report(probed, assignment_id):
    p = probed[assignment_id]
    p.leaks, p.leaking = [], set()
    sheets = 0
    for answers in p.rounds():
        text = fill_sheet(p.assignment, {pid: probe.text for pid, probe in answers.items()})
        result = grade_text(text, p.assignment, name="probe", source="probe.md",
                            cache=p.cache)
        sheets += 1
        _scan_outputs(p, answers, result)
    FIGURES[f"{assignment_id} in sheets"] = (
        f"{sheets} sheets x self-check, JSON and report", p.figures())
    assert not p.leaks, f"{len(p.leaks)} leaks:\n" + "\n".join(p.leaks[:40])


def _scan_outputs(p: Probed, answers: dict[str, Probe], result: SubmissionResult) -> None:
    as_json = json.dumps([part.to_dict(for_student=True) for part in result.parts],
                         ensure_ascii=False)
    channels = {
        "self-check": selfcheck_lines(render_selfcheck(result)),
        "json": json_lines(as_json),
        "report": report_lines(render_student_report(result, p.assignment)),
    }
    for channel, lines in channels.items():
        for part_id, line in lines:
            p.scan(channel, part_id, answers[part_id], line)


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
def test_no_leaks_in_the_check_command(probed, assignment_id, tmp_path, capsys):
    """``grader check`` and ``grader check --json`` end to end on the first sheets."""
    from grader.cli.main import main

    p = probed[assignment_id]
    p.leaks, p.leaking = [], set()
    for index, answers in zip(range(3), p.rounds(), strict=False):
        sheet = tmp_path / f"probe{index}.md"
        sheet.write_text(fill_sheet(p.assignment, {k: v.text for k, v in answers.items()}),
                         encoding="utf-8")
        main(["check", assignment_id, str(sheet)])
        for part_id, line in selfcheck_lines(capsys.readouterr().out):
            p.scan("grader check", part_id, answers[part_id], line)
        main(["check", assignment_id, str(sheet), "--json"])
        for part_id, line in json_lines(capsys.readouterr().out):
            p.scan("grader check --json", part_id, answers[part_id], line)
    assert not p.leaks, "\n".join(p.leaks[:40])


def test_print_figures(probed):
    """The probe's size (run with ``-s``)."""
    counts = {f"{aid} {pid}": len(v) for aid, pr in probed.items() for pid, v in pr.probes.items()}
    print(f"\nreference-leak probe: {len(counts)} parts, {sum(counts.values())} answers "
          f"({min(counts.values())}-{max(counts.values())} per part)")
    for name, (graded, leaks) in sorted(FIGURES.items()):  # type: ignore[misc]
        print(f"  {name}: {graded}: {leaks}")
    assert counts


# ----------------------------------------------------------------- the detector itself

@pytest.fixture(scope="module")
def rnn_time(assignments) -> tuple[Secrets, Probe]:
    key = assignments["seqmodels-a5"].keys["1a.rnn_train_time"]  # reference t·n²·L
    return secrets_for(key), Probe("O(t^9 n^9 L^9)")


@pytest.mark.parametrize("line", [
    "Your bound is correct as an upper bound but not tight: it has t⁹·n⁹·L⁹ where t·n²·L "
    "is expected.",
    "Your bound is too small: the factor t and n² and L is missing.",
    "expected O(L n^2 t)",
    "It looks like a slip: the factor n² dropped.",
    "the term L·n²·t",
    "n^{2}",
])
def test_detector_finds_reference_factors_in_any_notation(rnn_time, line):
    secrets, probe = rnn_time
    assert leaks_in(line, secrets, probe)


@pytest.mark.parametrize("line", [
    "O(t⁹·n⁹·L⁹)",
    "Your bound is correct as an upper bound but not tight: the factors t⁹, n⁹ and L⁹ in "
    "your bound are larger than needed.",
    "It looks like a slip: two symbols swapped.",
    "Your bound misses the cost of the n×n recurrent matrix product at each step.",
])
def test_detector_lets_the_students_own_factors_and_instructor_lines_through(rnn_time, line):
    secrets, probe = rnn_time
    secrets.instructor_lines |= {"Your bound misses the cost of the n×n recurrent matrix "
                                 "product at each step."}
    assert leaks_in(line, secrets, probe) == []


def test_detector_finds_table_cells_concepts_and_the_expected_choice(assignments):
    keys = assignments["seqmodels-a5"].keys
    table = secrets_for(keys["4a.gda_table"])
    zeros = Probe("t 0 1\np 0 0\nq 0 0")
    assert leaks_in("q at t=3 should be 2", table, zeros)
    assert not leaks_in("q at t=3 is not right.", table, zeros)
    concepts = secrets_for(keys["1b.n_less_than_t"])
    assert leaks_in("Concepts the grader found in your answer: the attention term t²n "
                    "dominates tn².", concepts, Probe("dominat"))
    choice = secrets_for(keys["1c.attention_bottleneck"])  # expected: no
    assert leaks_in("The answer is no.", choice, Probe("Yes."))
    assert not leaks_in("The grader could not tell whether this answer says yes or no.",
                        choice, Probe("Maybe."))
