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
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
GRADER = REPO / "grader"
#: Scanned by another test of its own (tests/segment/).
EXCLUDED_DIRS = (GRADER / "segment",)
#: ``grader rubric new`` writes an example assignment: its text is sample content
#: handed to the instructor, not knowledge the grader reads answers with.
EXCLUDED_FILES = (GRADER / "rubric" / "scaffold.py",)

#: The topic words of this course, taken from the five answer keys' headings and
#: the rubrics' prompts, concept names and cue keywords: words that name a model,
#: layer, training method or exercise of these assignments. Generic mathematics
#: and programming words are left out even when the keys use them (variance, KL,
#: expectation, limit, matrix, norm, convex, complexity, token, gradient, table,
#: and softmax, a function the maths reader knows like sigmoid and relu), since a
#: grader for any theory-heavy course reads them; so are words a program uses
#: for itself (a parse-tree transformer, a random generator, positional
#: arguments, a tagged union's discriminator) and English words the grader's own text handling needs
#: (bottleneck, parallel, position).
COURSE_VOCABULARY = (
    # seqmodels-a5: sequence models, attention, VAEs and GANs
    "rnn", "rnns", "lstm", "layernorm", "layer norm",
    "feed-forward", "feed forward", "ffn", "self-attention", "elbo", "vae", "vaes",
    "variational", "gan", "gans", "minmax", "min-max",
    "minimax", "max-min", "descent-ascent", "gda", "nash",
    # kernel-attention-hw2 and rnn-attention-hw2: approximating attention
    "attention", "linearised", "linearized", "feature map", "pooling",
    "learning rate",
    # optim-hw3: backpropagation and optimisation
    "backpropagation", "backprop", "checkpointing", "checkpoint", "momentum", "heavy-ball",
    "nesterov", "residual", "logits", "cross-entropy", "gaussians",
    # attention-hw4: multi-head attention, temperature, positions
    "multi-head", "mha", "temperature", "sinusoidal", "log-sum-exp",
    "logsumexp",
)

#: Part-id tails (``kl_gaussians`` of ``4a.kl_gaussians``) too generic to be
#: evidence of one part: ordinary words a program uses for itself.
GENERIC_TAILS = frozenset({"m", "complexity", "meaning", "outputs", "implementation",
                           "converges", "closed_form", "equilibrium"})

#: Symbol conventions of one assignment: code that builds a symbol or a set of
#: symbols from these letters (``Symbol("z")``, ``frozenset("xz")``) or compares
#: a name with them (``name in ("x", "z")``, ``== "q"``) fixes which variables an
#: expression is over; those come from the rubric part instead. The letters are
#: the observed/latent variables and densities of the ELBO part and the players
#: of the min-max part. Only code that reads maths is scanned for them (a "q"
#: key that quits a prompt is no symbol).
CONVENTION_LETTERS = frozenset("xzpq")
MATHS_CODE = (GRADER / "checks", GRADER / "maths", GRADER / "mathread", GRADER / "notation.py")
_SYMBOL_BUILDERS = frozenset({"Symbol", "symbols", "frozenset", "set", "Tuple"})


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


@lru_cache(maxsize=1)
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


def _letters(node: ast.AST) -> list[ast.Constant]:
    """The string constants of convention letters in ``node``: itself, or every
    element of a tuple, list or set display made only of them."""
    def is_letters(n: ast.AST) -> bool:
        return (isinstance(n, ast.Constant) and isinstance(n.value, str) and bool(n.value)
                and set(n.value) <= CONVENTION_LETTERS and len(set(n.value)) == len(n.value))
    if is_letters(node):
        return [node]  # type: ignore[list-item]
    if isinstance(node, ast.Tuple | ast.List | ast.Set) and node.elts \
            and all(is_letters(e) for e in node.elts):
        return list(node.elts)  # type: ignore[arg-type]
    return []


def _conventions(source: str) -> list[tuple[int, str]]:
    """``(line, letters)`` where code builds symbols from, or compares names with,
    convention letters."""
    found = []
    for node in ast.walk(ast.parse(source)):
        operands: list[ast.AST] = []
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _SYMBOL_BUILDERS:
                operands = list(node.args)
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
        found += [(c.lineno, c.value) for operand in operands for c in _letters(operand)]
    return found


def scan(path: Path, *, maths: bool = True) -> list[Hit]:
    """Every forbidden word in the code of one module; symbol conventions too when
    it is code that reads ``maths``."""
    source = path.read_text(encoding="utf-8")
    forbidden = _forbidden()
    anything = re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in forbidden), re.I)
    hits = []
    for line, text, _is_string in _code_tokens(source):
        if not anything.search(text):
            continue
        seen: set[str] = set()  # "minmax" and "min-max" are one word
        for pattern, word, what in forbidden:
            key = re.sub(r"[\s_\-]", "", word.lower())
            if key not in seen and pattern.search(text):
                seen.add(key)
                hits.append(Hit(path, line, word, what))
    if maths:
        hits += [Hit(path, line, letters, "symbol convention")
                 for line, letters in _conventions(source)]
    return hits


def _modules() -> list[Path]:
    return sorted(p for p in GRADER.rglob("*.py")
                  if not any(p.is_relative_to(d) for d in EXCLUDED_DIRS)
                  and p not in EXCLUDED_FILES)


#: Hits still to move, in code whose owners change it separately (issue #10),
#: with what is known. Any hit not listed fails; a listed one that has gone
#: fails too, so the list only shrinks.
KNOWN_REMAINING: dict[tuple[str, str], str] = {}


def _hits() -> list[Hit]:
    return [h for p in _modules()
            for h in scan(p, maths=any(p == m or p.is_relative_to(m) for m in MATHS_CODE))]


def test_grader_code_holds_no_assignment_knowledge() -> None:
    hits = _hits()
    new = [h for h in hits if (str(h.path.relative_to(REPO)), h.word) not in KNOWN_REMAINING]
    assert not new, "assignment knowledge in grader/:\n" + "\n".join(map(str, new))
    gone = set(KNOWN_REMAINING) - {(str(h.path.relative_to(REPO)), h.word) for h in hits}
    assert not gone, f"no longer found, remove from KNOWN_REMAINING: {sorted(gone)}"


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
    ('DENSITIES = {("p", frozenset("xz")): 1}\n', ["xz"]),
    ('ok = name in ("x", "z") or name == "q"\n', ["x", "z", "q"]),
    ('Z = sympy.Symbol("z")\n', ["z"]),
    ('UNITS = ("ms", "s", "x y")\nSUB = {"ₓ": "x"}\nROMAN = [(10, "x")]\n', []),
    ('msg = f"attention of {x}"\n', ["attention"]),
])
def test_scanner_finds_code_and_skips_comments_and_docstrings(
        tmp_path: Path, code: str, expected: list[str]) -> None:
    module = tmp_path / "module.py"
    module.write_text(code, encoding="utf-8")
    assert sorted(h.word for h in scan(module)) == sorted(expected)
