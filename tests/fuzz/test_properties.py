"""Property tests: every reader of untrusted text, on generated hostile input.

Properties: a reader raises nothing but its documented error (SubmissionError
for the file readers, MathParseError for the maths reader, nothing at all for
the normaliser, the declarations reader, the segmenter and ``math_spans``), and
each call finishes within ``TIME_BOUND_S``. Budget and reproducibility come from
the "ci" hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from grader.errors import SubmissionError  # noqa: E402
from grader.ingest import read_submission  # noqa: E402
from grader.mathread import MathParseError, math_spans, parse_chain, parse_math  # noqa: E402
from grader.segment import segment_submission  # noqa: E402
from tests.fuzz.entry import RUBRIC_IDS, TIME_BOUND_S, rubric, run, timed  # noqa: E402
from tests.fuzz.strategies import deep_expressions, documents, expressions  # noqa: E402

# Generated documents, also repeated up to 20 times (cheap to generate, up to ~100 KB).
_large = st.tuples(documents(), st.integers(2, 20)).map(lambda pair: pair[0] * pair[1])
_any_text = st.one_of(documents(), _large, st.text(max_size=5_000))


def _bounded(seconds: float, what: str) -> None:
    assert seconds < TIME_BOUND_S, f"{what} took {seconds:.2f} s (bound {TIME_BOUND_S} s)"


# ---------------------------------------------------------------- file readers

@given(st.binary(max_size=20_000))
def test_decode_text_on_random_bytes(data: bytes) -> None:
    from grader.ingest.formats import decode_text

    _bounded(timed(lambda: decode_text(data, Path("x.txt")), (SubmissionError,)), "decode_text")


_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(st.text(max_size=8), children, max_size=5)),
    max_leaves=40)
_cells = st.lists(st.fixed_dictionaries({
    "cell_type": st.sampled_from(["markdown", "code", "raw", 3]),
    "source": st.one_of(documents(max_fragments=20), st.lists(st.text(max_size=50)), _json)}),
    max_size=6)


@given(st.one_of(
    _cells.map(lambda cells: json.dumps({"cells": cells, "nbformat": 4})),
    _json.map(json.dumps),
    st.text(max_size=3_000),
    st.integers(1, 50_000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 50_000).map(lambda n: '{"cells": ' + "[" * n)))
def test_notebook_markdown_on_random_json(data: str) -> None:
    _bounded(run("notebook", data), "notebook_markdown")


@given(_any_text)
def test_tex_to_markdown_on_random_text(source: str) -> None:
    _bounded(run("tex", source), "tex_to_markdown")
    _bounded(run("notebook_md", source), "display_environments")


_SUFFIXES = (".md", ".txt", ".tex", ".ipynb", ".pdf")


@given(st.sampled_from(_SUFFIXES),
       st.one_of(st.binary(min_size=1, max_size=8_000),
                 documents().map(lambda text: text.encode("utf-8", "surrogatepass")),
                 st.binary(max_size=4_000).map(lambda tail: b"%PDF-1.4\n" + tail)))
def test_read_submission_on_random_files(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        _bounded(timed(lambda: read_submission(path), (SubmissionError,)),
                 f"read_submission({suffix})")


# ---------------------------------------------------------------- segmenter

@given(_any_text)
def test_normaliser_and_declarations_never_raise(text: str) -> None:
    _bounded(run("normalise", text), "normalise")
    _bounded(run("declarations", text), "find_declarations")


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
@given(text=st.one_of(documents(), _large))
def test_segmenter_never_raises(rubric_id: str, text: str) -> None:
    parts = rubric(rubric_id)
    answers: dict = {}
    _bounded(timed(lambda: answers.update(segment_submission(text, parts))), "segment")
    assert set(answers) == {part.id for part in parts.parts}


# ---------------------------------------------------------------- maths reader

@given(st.one_of(expressions(), deep_expressions(), st.text(max_size=2_500), documents(10)))
def test_maths_reader_raises_only_its_error(text: str) -> None:
    for reader in (parse_math, parse_chain):
        _bounded(timed(lambda reader=reader: reader(text), (MathParseError,)), reader.__name__)


@given(st.one_of(_any_text, expressions().map(lambda e: f"so ${e}$ and O({e}) hence")))
def test_math_spans_never_raise(text: str) -> None:
    spans: list = []
    _bounded(timed(lambda: spans.extend(math_spans(text))), "math_spans")
    for span in spans:
        assert text[span.start:span.end] == span.text


# ---------------------------------------------------------------- maths core

_MODES = st.sampled_from(["expression", "relation", "bound"])
_MATHS = st.one_of(expressions(), st.text(max_size=300),
                   expressions().map(lambda e: f"x = {e}"),
                   expressions().map(lambda e: f"[{e}, 1)"))


@given(_MATHS, _MATHS, _MODES)
def test_verify_never_raises_and_is_bounded(reference: str, answer: str, mode: str) -> None:
    from grader.maths import Verdict, verify

    verdicts: list = []
    seconds = timed(lambda: verdicts.append(verify(reference, answer, mode=mode, timeout=1.0)))
    _bounded(seconds, "verify")
    assert isinstance(verdicts[0], Verdict)
