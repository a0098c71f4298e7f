"""``grader rubric try``: one answer, read and graded as the pipeline does, with the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.cli.failures import ExitCode
from grader.cli.main import main

# (assignment, part, answer text, status, score, a fragment of "interpreted as")
TRIES = [
    ("optim-hw3", "1a.forward_time", "The forward pass costs $O(L B d^2)$.", "correct", 2,
     "O(L·B·d²)"),
    ("optim-hw3", "1a.forward_time", "O(L B d)", "partial", 0.5, "O(L·B·d)"),
    ("optim-hw3", "2a.grad_logits", "p − y, where p = softmax(z)", "correct", 3, "p - y"),
    ("optim-hw3", "2a.grad_logits", "y − softmax(z)", "partial", 1, "y - softmax(z)"),
    ("optim-hw3", "3b.stable_range", "0 < η < 2/a", "correct", 2, "eta < 2/a"),
    ("optim-hw3", "4b.kl_symmetric", "No, swapping the two Gaussians changes the value.",
     "correct", 1, "no"),
    ("optim-hw3", "4b.kl_symmetric", "Yes.", "incorrect", 0, "yes"),
    ("optim-hw3", "3c.momentum_table",
     "x: 1 0.5 0 -0.25 -0.25 -0.125\nv: 0 -0.5 -0.5 -0.25 0 0.125", "correct", 4, "v: 0"),
    ("seqmodels-a5", "1a.rnn_train_time", "O(t n^2 L)", "correct", 2, "O("),
    ("seqmodels-a5", "3.elbo_terms",
     "E_q[log p(x|z)] is the reconstruction term and −KL(q(z|x) ‖ p(z)) the "
     "regularization term.", "correct", 2, None),
    ("attention-hw4", "3b.depends_on_p", "No: M_k depends only on the offset k.", "correct", 1,
     "no"),
]


@pytest.mark.parametrize(("assignment", "part", "text", "status", "score", "shown"), TRIES)
def test_try_reports_the_pipeline_verdict_with_its_reading(capsys, assignment, part, text,
                                                           status, score, shown):
    assert main(["rubric", "try", assignment, part, text, "--json"]) == ExitCode.OK
    trial = json.loads(capsys.readouterr().out)
    assert (trial["part"], trial["status"], trial["score"]) == (part, status, score)
    # the text as the sheet reader hands it on (its normalisation writes − as -)
    assert trial["text"].replace("−", "-") == text.strip().replace("−", "-")
    if shown is not None:
        assert shown in trial["interpreted_as"]
    assert trial["ta_notes"] or trial["status"] == "correct"


def test_try_agrees_with_check_on_the_same_answer_sheet(tmp_path: Path, capsys):
    """The same answer in a one-slot answer sheet, through ``grader check``."""
    sheet = tmp_path / "answers.md"
    sheet.write_text("<!-- grader answer sheet: optim-hw3 -->\n\n## [1a.forward_time]\n\n"
                     "O(L B d)\n\n## [3b.stable_range]\n\n")
    assert main(["check", "optim-hw3", str(sheet), "--json"]) == ExitCode.OK
    checked = next(p for p in json.loads(capsys.readouterr().out)
                   if p["part"] == "1a.forward_time")
    assert main(["rubric", "try", "optim-hw3", "1a.forward_time", "--file", str(sheet),
                 "--submission", "--json"]) == ExitCode.OK
    tried = json.loads(capsys.readouterr().out)
    assert (tried["status"], tried["score"]) == (checked["status"], checked["score"])
    assert tried["read_as"] == "free-form submission"


def test_try_shows_the_key_labelled_for_instructors(capsys):
    assert main(["rubric", "try", "optim-hw3", "4a.kl_gaussians", "log(σ_2/σ_1)"]) == 0
    out = capsys.readouterr().out
    assert "instructors and TAs only" in out
    assert "distributions_swapped" in out and "kl_gaussians()" in out
    assert main(["rubric", "try", "optim-hw3", "4b.kl_symmetric", "No.", "--json"]) == 0
    key = json.loads(capsys.readouterr().out)["ta_only"]
    assert key["model_answer"].startswith("No")
    assert key["settings"]["expected"] == "no"


def test_try_reads_a_file_in_any_submission_format(tmp_path: Path, capsys):
    answer = tmp_path / "answer.tex"
    answer.write_text("The bound is $O(\\sqrt{L} B d)$.\n")
    assert main(["rubric", "try", "optim-hw3", "1b.checkpointing", "--file", str(answer),
                 "--json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["status"] == "correct"


@pytest.mark.parametrize("argv", [
    ["rubric", "try", "optim-hw3", "9z.nope", "O(1)"],
    ["rubric", "try", "optim-hw3", "1a.forward_time"],
    ["rubric", "try", "optim-hw3", "1a.forward_time", "O(1)", "--file", "x.md"],
])
def test_try_usage_errors(capsys, argv):
    assert main(argv) == ExitCode.USAGE
    assert capsys.readouterr().err.startswith("grader: ")
