"""``grader/`` knows no assignment: everything about one lives in its rubric and reference.

A new assignment is one rubric YAML plus one reference module (README). This
test scans the code of every module in ``grader/`` for what would tie it to
the assignments we have: their ids, their part ids, this course's vocabulary
and symbol conventions of one assignment. Only code is scanned: names and
string literals, found with ``tokenize``; comments and docstrings (explanatory
examples) are not. ``grader/segment/`` is scanned by its own test.

A hit fails the test naming ``file:line: word (what)``; the fix is to move the
knowledge into rubric data or make the mechanism general, not to reword it.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
GRADER = REPO / "grader"
#: Scanned by another test of its own (tests/segment/).
EXCLUDED_DIRS = (GRADER / "segment",)

#: The topic words of this course, taken from the five answer keys' headings and
#: the rubrics' prompts, concept names and cue keywords: words that name a model,
#: layer, training method or exercise of these assignments. Generic mathematics
#: and programming words are left out even when the keys use them (variance, KL,
#: expectation, limit, matrix, norm, convex, complexity, token, gradient, table),
#: since a grader for any theory-heavy course reads them; so are English words
#: that the grader's own text handling needs (bottleneck, parallel, position).
COURSE_VOCABULARY = (
    # seqmodels-a5: sequence models, attention, VAEs and GANs
    "rnn", "rnns", "lstm", "transformer", "transformers", "layernorm", "layer norm",
    "feed-forward", "feed forward", "ffn", "self-attention", "elbo", "vae", "vaes",
    "variational", "gan", "gans", "generator", "discriminator", "minmax", "min-max",
    "minimax", "max-min", "descent-ascent", "gda", "nash",
    # kernel-attention-hw2 and rnn-attention-hw2: approximating attention
    "attention", "softmax", "linearised", "linearized", "feature map", "pooling",
    "learning rate",
    # optim-hw3: backpropagation and optimisation
    "backpropagation", "backprop", "checkpointing", "checkpoint", "momentum", "heavy-ball",
    "nesterov", "residual", "logits", "cross-entropy", "gaussians",
    # attention-hw4: multi-head attention, temperature, positions
    "multi-head", "mha", "temperature", "sinusoidal", "positional", "log-sum-exp",
    "logsumexp",
)

#: Part-id tails (``kl_gaussians`` of ``4a.kl_gaussians``) too generic to be
#: evidence of one part: ordinary words a program uses for itself.
GENERIC_TAILS = frozenset({"m", "complexity", "meaning", "outputs", "implementation",
                           "converges", "closed_form", "equilibrium"})

#: Symbol conventions of one assignment: a string literal that is exactly one of
#: these letters (or a set of them, ``"xz"``) in code fixes which variables an
#: expression is over; those come from the rubric part instead. The letters are
#: the observed/latent variables and densities of the ELBO part and the players
#: of the min-max part.
CONVENTION_LETTERS = frozenset("xzpq")


@dataclass(frozen=True)
class Hit:
    path: Path
    line: int
    word: str
    what: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}: {self.word!r} ({self.what})"


def _rubrics() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((REPO / "rubrics").glob("*.yaml"))]


def _forbidden() -> list[tuple[re.Pattern[str], str, str]]:
    """``(pattern, word, what)`` for every forbidden word, matched case-insensitively."""
    found: list[tuple[re.Pattern[str], str, str]] = []

    def add(word: str, what: str) -> None:
        parts = [re.escape(w) for w in re.split(r"[\s_\-]+", word) if w]
        body = r"[\s_\-]?".join(parts)
        found.append((re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.I), word, what))

    for rubric in _rubrics():
        add(rubric["id"], "assignment id")
        for part in rubric["parts"]:
            add(part["id"], f"part id of {rubric['id']}")
            tail = part["id"].split(".")[-1]
            if tail.lower() not in GENERIC_TAILS and ("_" in tail
                                                      or tail.lower() in COURSE_VOCABULARY):
                add(tail, f"part id tail of {rubric['id']}")
    for word in COURSE_VOCABULARY:
        add(word, "course vocabulary")
    return found


def _docstring_starts(source: str) -> set[tuple[int, int]]:
    """Where every bare string statement starts: docstrings of modules, classes,
    functions and attributes (``x = 1`` followed by ``\"\"\"what x is\"\"\"``)."""
    starts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            starts.add((node.lineno, node.col_offset))
    return starts


_STRING_TOKENS = {tokenize.STRING}


def _code_tokens(source: str) -> list[tuple[int, str, bool]]:
    """``(line, text, is_string)`` of every name and non-docstring string literal."""
    docstrings = _docstring_starts(source)
    tokens = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            tokens.append((token.start[0], token.string, False))
        elif token.type in _STRING_TOKENS and token.start not in docstrings:
            tokens.append((token.start[0], token.string, True))
    return tokens


def _literal(token: str) -> str | None:
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError):
        return None  # an f-string: its text is still scanned as a whole
    return value if isinstance(value, str) else None


def scan(path: Path) -> list[Hit]:
    """Every forbidden word in the code of one module."""
    source = path.read_text(encoding="utf-8")
    forbidden = _forbidden()
    hits = []
    for line, text, is_string in _code_tokens(source):
        for pattern, word, what in forbidden:
            if pattern.search(text):
                hits.append(Hit(path, line, word, what))
        if is_string:
            value = _literal(text)
            if value and set(value) <= CONVENTION_LETTERS and len(set(value)) == len(value):
                hits.append(Hit(path, line, value, "symbol convention"))
    return hits


def _modules() -> list[Path]:
    return sorted(p for p in GRADER.rglob("*.py")
                  if not any(p.is_relative_to(d) for d in EXCLUDED_DIRS))


#: Hits in code other helpers own, kept visible here until they move; an entry
#: that no longer hits is reported so the list shrinks.
KNOWN_ELSEWHERE: frozenset[tuple[str, str]] = frozenset()


def test_grader_code_holds_no_assignment_knowledge() -> None:
    hits = [h for p in _modules() for h in scan(p)]
    new = [h for h in hits
           if (str(h.path.relative_to(REPO)), h.word) not in KNOWN_ELSEWHERE]
    assert not new, "assignment knowledge in grader/:\n" + "\n".join(map(str, new))


# ---------------------------------------------------------------- the scanner itself

@pytest.mark.parametrize(("code", "expected"), [
    ('NEGATIVE = r"\\bindependently|elbo\\b"\n', ["elbo"]),
    ("def f():\n    '''The ELBO, the GAN and layer norm.'''\n    return 1\n", []),
    ("x = 1  # read like the ELBO over x and z\n", []),
    ("LIMIT = 3\n\"\"\"As for a5 in seqmodels-a5.\"\"\"\n", []),
    ('PART = "4a.kl_gaussians"\n', ["4a.kl_gaussians", "kl_gaussians", "gaussians"]),
    ('PATH = "rubrics/seqmodels-a5.yaml"\n', ["seqmodels-a5"]),
    ("import reference.seqmodels_a5\n", ["seqmodels-a5"]),
    ("def minmax_value(): pass\n", ["minmax_value", "minmax"]),
    ('DENSITIES = {("p", frozenset("xz")): 1}\n', ["p", "xz"]),
    ('UNITS = ("ms", "s", "x y")\n', []),
    ('msg = f"softmax of {x}"\n', ["softmax"]),
])
def test_scanner_finds_code_and_skips_comments_and_docstrings(
        tmp_path: Path, code: str, expected: list[str]) -> None:
    module = tmp_path / "module.py"
    module.write_text(code, encoding="utf-8")
    assert sorted(h.word for h in scan(module)) == sorted(expected)
