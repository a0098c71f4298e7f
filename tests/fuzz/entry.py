"""The entry points the fuzz tests call, each with the errors it may raise, and a timer.

Every reader of untrusted text is listed once here so the property tests,
the regression table and the scaling tests call it the same way.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from grader.checks.identity import derivation_rows
from grader.errors import SubmissionError
from grader.ingest.formats import decode_text, notebook_markdown
from grader.ingest.latex import display_environments, tex_to_markdown
from grader.mathread import MathParseError, math_spans, parse_chain, parse_math
from grader.segment import segment_submission
from grader.segment.declarations import find_declarations
from grader.segment.normalise import normalise

#: Wall-clock bound for one call on an input of up to ~100 KB. The readers do
#: this in well under half a second on a 2-core runner; super-linear behaviour
#: at this size takes tens of seconds, so the bound separates them with room
#: for a loaded CI machine.
TIME_BOUND_S = 2.0

RUBRIC_IDS = ("kernel-attention-hw2", "rnn-attention-hw2", "seqmodels-a5")


@cache
def rubric(rubric_id: str):
    """A shipped rubric (its answer key is not needed to segment)."""
    from grader.rubric.loader import load_rubric_file

    path = Path(__file__).resolve().parents[2] / "rubrics" / f"{rubric_id}.yaml"
    return load_rubric_file(path)[0]


@dataclass(frozen=True)
class Entry:
    """A reader of untrusted text and the errors it documents."""

    call: Callable[[str], object]
    allowed: tuple[type[BaseException], ...] = ()


def _notebook(text: str) -> object:
    return notebook_markdown(text, Path("fuzz.ipynb"))


def _decode(text: str) -> object:
    return decode_text(text.encode("utf-8", "surrogatepass"), Path("fuzz.txt"))


ENTRIES: dict[str, Entry] = {
    "decode": Entry(_decode, (SubmissionError,)),
    "notebook": Entry(_notebook, (SubmissionError,)),
    "notebook_md": Entry(display_environments),
    "tex": Entry(tex_to_markdown, (SubmissionError,)),
    "normalise": Entry(normalise),
    "declarations": Entry(find_declarations),
    "segment": Entry(lambda text: segment_submission(text, rubric("seqmodels-a5"))),
    "spans": Entry(math_spans),
    "derivation": Entry(lambda text: derivation_rows(text, ("L", "ELBO"))),
    "parse": Entry(parse_math, (MathParseError,)),
    "chain": Entry(parse_chain, (MathParseError,)),
}


def timed(call: Callable[[], object], allowed: tuple[type[BaseException], ...] = ()
          ) -> float:
    """Seconds ``call`` took; an allowed error counts as a result, any other propagates."""
    start = time.perf_counter()
    with contextlib.suppress(*allowed):
        call()
    return time.perf_counter() - start


def run(name: str, text: str) -> float:
    """Run entry ``name`` on ``text``; seconds taken (only documented errors allowed)."""
    entry = ENTRIES[name]
    return timed(lambda: entry.call(text), entry.allowed)
