"""Batch grading in-process and on the local pool: same results, resume, limits."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from grader.batch import JOURNAL_NAME, Journal, file_key, grade_batch
from grader.outcome import Status, SubmissionResult
from grader.rubric.assignment import load_assignment
from grader.worker.runner import TIMED_OUT
from tests.conftest import REPO
from tests.worker.hostile import write_hostile_assignment, write_sheets

SAMPLES = REPO / "submissions" / "seqmodels-a5"


def _samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def in_process(tmp_path_factory, assignments):
    """The samples graded in this process: what every other way must give."""
    out = tmp_path_factory.mktemp("in-process")
    return grade_batch(_samples(), assignments["seqmodels-a5"], out, workers=0, progress=False)


def test_pool_equals_in_process(in_process, assignments, tmp_path):
    pool = grade_batch(_samples(), assignments["seqmodels-a5"], tmp_path, workers=2,
                       progress=False)
    assert pool.results == in_process.results
    assert json.loads((tmp_path / "results.json").read_text())["submissions"] == [
        r.to_dict() for r in in_process.results]
    assert not (tmp_path / JOURNAL_NAME).exists()


def test_round_trip_through_a_payload(in_process):
    for result in in_process.results:
        assert SubmissionResult.from_dict(dataclasses.asdict(result)) == result
        assert SubmissionResult.from_dict(result.to_dict()).to_dict() == result.to_dict()


def _journal(out: Path, version: str, files: list[Path], results: list[SubmissionResult]):
    with Journal(out / JOURNAL_NAME, version).appending() as append:
        for path, result in zip(files, results, strict=True):
            append(file_key(path), dataclasses.asdict(result))


def test_resume_grades_only_what_is_missing(in_process, assignments, tmp_path):
    files, assignment = _samples(), assignments["seqmodels-a5"]
    half = len(files) // 2
    _journal(tmp_path, assignment.version, files[:half], in_process.results[:half])
    with (tmp_path / JOURNAL_NAME).open("a") as handle:
        handle.write('{"version": "torn')  # the last line of a killed run
    resumed = grade_batch(files, assignment, tmp_path, workers=0, progress=False)
    assert resumed.stats.resumed == half
    assert len(resumed.stats.seconds) == len(files) - half
    assert resumed.results == in_process.results
    assert not (tmp_path / JOURNAL_NAME).exists()


@pytest.mark.parametrize("change", ["rubric version", "file content", "fresh"])
def test_resume_ignores_stale_entries(in_process, assignments, tmp_path, change):
    assignment = assignments["seqmodels-a5"]
    files = [tmp_path / "in" / p.name for p in _samples()[:3]]
    files[0].parent.mkdir()
    for source, copy in zip(_samples(), files, strict=False):
        copy.write_bytes(source.read_bytes())
    expected = grade_batch(files, assignment, tmp_path / "expected", workers=0,
                           progress=False).results
    version = "0ld" if change == "rubric version" else assignment.version
    _journal(tmp_path, version, files, expected)
    if change == "file content":
        files[0].write_text(files[0].read_text() + "\n")
    resumed = grade_batch(files, assignment, tmp_path, workers=0, progress=False,
                          resume=change != "fresh")
    assert resumed.stats.resumed == {"rubric version": 0, "file content": 2, "fresh": 0}[change]


def test_cache_is_used_within_a_worker(assignments, tmp_path):
    files = _samples()[:4] * 2  # the same answers twice: the second pass hits the cache
    batch = grade_batch(files, assignments["seqmodels-a5"], tmp_path, workers=0,
                        progress=False, write=False)
    assert batch.stats.cache_hits >= batch.stats.cache_misses > 0
    assert [r.submission for r in batch.results][4:] == [
        f"{r.submission}-2" for r in batch.results[:4]]


@pytest.mark.slow
def test_a_check_that_never_ends_is_cut_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_TASK_TIME_LIMIT", "2")
    assignment = load_assignment(str(write_hostile_assignment(tmp_path)))
    files = write_sheets(tmp_path / "subs", {"a": "fine", "b": "hang", "c": "fine", "d": "ok"})
    batch = grade_batch(files, assignment, tmp_path / "out", workers=2, progress=False)
    by_name = {r.submission: r for r in batch.results}
    assert [p.status for p in by_name["b"].parts] == [Status.NEEDS_REVIEW] * 2
    assert by_name["b"].parts[0].feedback == (TIMED_OUT,)
    for name in "acd":
        assert by_name[name].parts[0].status is Status.CORRECT
    assert batch.stats.timed_out == 1


def test_cli_grade_on_the_pool(tmp_path):
    from grader.cli.main import main

    assert main(["grade", "seqmodels-a5", str(SAMPLES), "--out", str(tmp_path),
                 "--workers", "1", "--no-progress"]) == 0
    document = json.loads((tmp_path / "results.json").read_text())
    assert len(document["submissions"]) == len(_samples())


def test_children_are_recycled_without_hanging(in_process, assignments, tmp_path, monkeypatch):
    """Rounds of fresh pools, not max_tasks_per_child (CPython gh-115634 hangs)."""
    import grader.worker.runner as runner

    monkeypatch.setattr(runner, "MAX_TASKS_PER_CHILD_DEFAULT", 2)
    pool = grade_batch(_samples(), assignments["seqmodels-a5"], tmp_path, workers=2,
                       progress=False)
    assert pool.results == in_process.results
