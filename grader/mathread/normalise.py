r"""Rewrite student maths into the one spelling the grammar reads.

Students write the same thing many ways (``·``, ``\cdot``, ``\times``, ``*``;
``n²``, ``n^2``, ``n**2``; ``‖x‖``, ``||x||``, ``\lVert x\rVert``). This pass
maps them all onto the spelling of ``grammar.lark`` so that the grammar stays
small and (nearly) unambiguous. It also makes the few decisions that need to
look ahead or know the assignment's notation, which a context-free grammar
cannot:

* **letter runs**: a run of ASCII letters is kept whole when it is a function
  name (``log``, ``softmax``), a Greek word (``beta``), or a name the notation
  knows (symbols, aliases, declarations). Otherwise it is split into single
  letters *only if every letter is a name the notation knows* (``Ln`` with
  symbols ``L``, ``n`` reads as ``L n``); else it stays one multi-letter symbol.
  Without a notation nothing is split. A run right after ``_`` is an index and
  never split here (the transformer reads ``w_{ij}`` as two indices).
* **densities**: a name the notation declares a density (``notation.densities``,
  optionally subscripted, ``p_\theta``) directly followed by ``(`` holding only
  single-letter variables separated by ``,`` and at most one ``|`` is a density
  and gets the marker ``\prob``. Anything else followed by ``(`` is a product
  (``q (k_a + k_b)`` is the query times a sum); with no densities declared there
  are none.
* **operators by name**: ``O(`` and ``\mathcal{O}(`` become ``\bigO``;
  ``Θ(`` ``\bigTheta``; ``E[``/``E_{q(z|x)}``/``\mathbb{E}`` ``\E``;
  ``KL``/``D_{KL}``/``\mathrm{KL}`` ``\KL``; ``σ(`` becomes ``\sigmoid``
  unless the notation declares ``σ`` a symbol.
* **transpose**: ``^T``, ``^{T}``, ``^\top`` and ``ᵀ`` become ``^\top``, except
  after a number (``2^T`` is a power).
* **differentials**: inside ``\int … dz`` the ``dz`` becomes ``\dd z``.

Every output character remembers the input offset it came from, so parse
errors point at what the student wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.brackets import closing_bracket
from grader.mathread.derivatives import derivative_name
from grader.mathread.errors import MathParseError
from grader.mathread.spelling import (
    ASCII_RELATIONS,
    BIG_OPERATOR_TAIL,
    CAPITALISED_FUNCTIONS,
    CHAR_MAP,
    COMMAND_TEXT,
    CONDITION_END,
    CONDITION_GROUP,
    CONDITION_RELATION,
    DENSITY_CONTENT,
    DERIVATIVE_STARTS,
    DIGITS_AFTER,
    FUNCTION_WORDS,
    GREEK,
    GREEK_VARIANTS,
    KL_SUBSCRIPT,
    MIN_WORD_LENGTH,
    NORM_CHARS,
    NORM_COMMANDS,
    SIZING,
    SPACING,
    SPLIT_SUB,
    SUBSCRIPTS,
    SUPERSCRIPTS,
    TOKEN,
    TRANSPARENT,
    TRANSPOSE,
    UNICODE_GREEK,
    UNICODE_TEXT,
    WRAPPERS,
)
from grader.notation import Notation


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for each of its characters, the source offset."""

    text: str
    origin: tuple[int, ...]

    def source_offset(self, index: int) -> int:
        """The offset in the student's text of normalised character ``index``."""
        if not self.origin:
            return 0
        return self.origin[max(0, min(index, len(self.origin) - 1))]

    def token_count(self) -> int:
        """How many tokens the lexer will see (a cheap over-estimate)."""
        return sum(1 for _ in TOKEN.finditer(self.text))


def known_names(notation: Notation | None) -> frozenset[str]:
    """Every identifier spelling the notation knows (symbols, aliases, declarations)."""
    if notation is None:
        return frozenset()
    names = set(notation.symbols) | set(notation.aliases) | set(notation.aliases.values())
    names |= set(notation.declared) | set(notation.declared.values())
    return frozenset(names)


def normalise(source: str, notation: Notation | None = None,
              start: int = 0, end: int | None = None) -> Normalised:
    """Rewrite ``source[start:end]`` into the grammar's spelling.

    Example:
        >>> normalise("O(t·n²)").text.split()
        ['\\bigO(t', '\\cdot', 'n^{2})']
    """
    return _Scanner(source, notation, start, len(source) if end is None else end).run()


class _Scanner:
    """One pass over the source; ``emit`` records text with its source offset."""

    def __init__(self, source: str, notation: Notation | None, start: int, end: int) -> None:
        self.source = source
        self.src = source.translate(CHAR_MAP)
        self.notation = notation
        self.start = start
        self.end = end
        self.out: list[str] = []
        self.origin: list[int] = []
        self.known = known_names(notation)
        self.known_letters = frozenset(n for n in self.known if len(n) == 1)
        self.open_integrals = 0
        self.open_norms = 0
        self.kl_separators: dict[int, int] = {}  # source offset → length of the ‖ in KL(a‖b)
        self.density_until = -1  # source offset of the ")" closing the density being read
        self.densities = frozenset(notation.densities) if notation is not None else frozenset()

    # -- output -------------------------------------------------------------
    def emit(self, text: str, pos: int) -> None:
        self.out.append(text)
        self.origin.extend([pos] * len(text))

    def norm_bar(self, pos: int) -> None:
        """Emit ``‖`` as an opening or closing bar, so the grammar needs no guessing.

        A bar closes the innermost open norm when it follows an operand
        (``‖x‖``); otherwise it opens one (``a‖x‖``, ``‖‖x‖‖`` stays nested).
        """
        last = self.last_char()
        if self.open_norms > 0 and (last.isalnum() or last in ")]}!"):
            self.open_norms -= 1
            self.emit(r" \rnorm ", pos)
        else:
            self.open_norms += 1
            self.emit(r" \lnorm ", pos)

    def mark_kl_separator(self, j: int) -> None:
        """Find the ``‖`` between the two arguments of ``KL(…)`` starting after ``j``."""
        src = self.src
        k = j
        sizing = re.compile(r"\\(?:left|[bB]igg?[lr]?)(?![A-Za-z])")
        while k < self.end:  # skip spaces and \left, \big, \Bigl … before the "("
            if src[k].isspace():
                k += 1
            elif m := sizing.match(src, k):
                k = m.end()
            else:
                break
        if src[k:k + 1] != "(":
            return
        depth = 0
        bar = re.compile(r"\\\||\|\||\\parallel(?![A-Za-z])|\\Vert(?![A-Za-z])|[‖∥]|\|")
        i = k
        while i < self.end:
            c = src[i]
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
                if depth == 0:
                    return
            elif depth == 1:
                m = bar.match(src, i)
                if m:
                    self.kl_separators[i] = len(m.group(0))
                    return
            i += 1

    def kl_operator(self, i: int, after: int) -> None:
        """``KL(p‖q)`` is the divergence of its arguments; ``KL`` with none
        ("KL = log(σ₂/σ₁) + …") names the quantity the answer states."""
        if self.next_char(after) == "(":
            self.emit(r"\KL ", i)
            self.mark_kl_separator(after)
        else:
            self.emit(r" \quantity{KL} ", i)

    def drop_trailing_cdot(self) -> None:
        """Remove a ``\\cdot`` just emitted (``… \\cdot dz``: the dot is not a product)."""
        k = len(self.out) - 1
        while k >= 0 and not self.out[k].strip():
            k -= 1
        if k >= 0 and self.out[k].strip() == r"\cdot":
            removed = sum(len(p) for p in self.out[k:])
            del self.out[k:]
            del self.origin[len(self.origin) - removed:]

    def after_big_operator(self) -> bool:
        """Whether output ends with ``\\sum_{…}`` (so ``^T`` is an upper limit, not ``ᵀ``)."""
        tail = "".join(self.out)[-200:]
        return bool(BIG_OPERATOR_TAIL.search(tail))

    def after_number(self) -> bool:
        """Whether output ends with a number (``2^T`` is a power), not an index (``x_1^T``)."""
        tail = "".join(self.out)[-40:].rstrip()
        return bool(re.search(r"(?<![_\d.])\d+(?:\.\d+)?$", tail))

    def last_char(self) -> str:
        """The last non-space character emitted so far ('' at the start)."""
        for piece in reversed(self.out):
            stripped = piece.rstrip()
            if stripped:
                return stripped[-1]
        return ""

    def next_char(self, i: int) -> str:
        """The next non-space source character at or after ``i``, skipping \\left."""
        while i < self.end:
            if self.src[i].isspace():
                i += 1
            elif self.src.startswith("\\left", i) and not self.src[i + 5:i + 6].isalpha():
                i += 5
            elif self.src.startswith("\\big", i) or self.src.startswith("\\Big", i):
                m = re.match(r"\\[bB]igg?l?", self.src[i:])
                i += len(m.group(0)) if m else 1
            else:
                return self.src[i]
        return ""

    def run(self) -> Normalised:
        i = self.start
        src, end = self.src, self.end
        while i < end:
            ch = src[i]
            named = derivative_name(src, i, end) if ch in DERIVATIVE_STARTS else None
            if named is not None:
                self.emit(rf" \quantity{{{named[0]}}} ", i)
                i = named[1]
            elif i in self.kl_separators:
                self.emit(r" \klsep ", i)
                i += self.kl_separators[i]
            elif ch in NORM_CHARS:
                self.norm_bar(i)
                i += 1
            elif ch == "\\":
                i = self.command(i)
            elif ch.isascii() and ch.isalpha():
                i = self.letters(i)
            elif ch == "^":
                m = TRANSPOSE.match(src, i, end)
                if m and not self.after_number() and not self.after_big_operator():
                    self.emit(r"^\top ", i)
                    i = m.end()
                else:
                    self.emit("^", i)
                    i += 1
            elif ch == "*" and src[i + 1:i + 2] == "*" and i + 1 < end:
                self.emit("^", i)
                i += 2
            elif ch == "|" and src[i + 1:i + 2] == "|" and i + 1 < end:
                self.norm_bar(i)
                i += 2
            elif ch == "|" and i > self.density_until:
                self.norm_bar(i)  # |x_1| outside p(x|z): a norm
                i += 1
            elif src[i:i + 2] in ASCII_RELATIONS and i + 1 < end:
                self.emit(ASCII_RELATIONS[src[i:i + 2]], i)
                i += 2
            elif ch == "(" and self.condition_group(i):
                self.emit(r" \where(", i)
                i += 1
            elif ch in SUPERSCRIPTS or ch in SUBSCRIPTS:
                table = SUPERSCRIPTS if ch in SUPERSCRIPTS else SUBSCRIPTS
                j = i
                while j < end and src[j] in table:
                    j += 1
                inner = "".join(table[c] for c in src[i:j])
                self.emit(("^{" if table is SUPERSCRIPTS else "_{") + inner + "}", i)
                i = j
            elif ch in UNICODE_GREEK:
                i = self.word_command(UNICODE_GREEK[ch], i, i + 1)
            elif ch in UNICODE_TEXT:
                self.emit(UNICODE_TEXT[ch], i)
                i += 1
            elif ch == "∫":
                i = self.word_command("int", i, i + 1)
            else:
                self.emit(ch, i)
                i += 1
        return Normalised("".join(self.out), (*self.origin, self.end))

    # -- backslash commands ---------------------------------------------------
    def command(self, i: int) -> int:
        src = self.src
        m = re.compile(r"\\([A-Za-z]+\*?)").match(src, i, self.end)
        if not m:
            nxt = src[i + 1:i + 2]
            if nxt in {",", ";", ":", "!", " "}:
                self.emit(" ", i)
            elif nxt == "|":
                self.norm_bar(i)
            else:
                self.emit(src[i:i + 2], i)  # \{ \\ …: left for the lexer to refuse
            return i + 2
        return self.word_command(m.group(1).rstrip("*"), i, m.end())

    def declared_function(self, name: str) -> bool:
        functions = self.notation.functions if self.notation is not None else ()
        return name in functions or GREEK.get(name) in functions

    def word_command(self, word: str, i: int, j: int) -> int:
        """Emit command ``\\word`` found at ``i``; ``j`` is just past it."""
        word = GREEK_VARIANTS.get(word, word)
        if word in SPACING:
            self.emit(" ", i)
        elif word in SIZING:
            self.emit(" ", i)
            k = j
            while k < self.end and self.src[k] == " ":
                k += 1
            if self.src[k:k + 1] == ".":  # \left. is an invisible delimiter
                return k + 1
        elif word in NORM_COMMANDS or (word in {"vert", "lvert", "rvert"}
                                        and i > self.density_until):
            self.norm_bar(i)
        elif word in TRANSPARENT:
            self.emit(" ", i)
        elif word in WRAPPERS:
            return self.wrapped(word, i, j)
        elif word == "frac" or COMMAND_TEXT.get(word) == r"\frac":
            m = re.compile(r"\s*(\d)(\d)").match(self.src, j, self.end)
            if m:  # \frac12 means \frac{1}{2}
                self.emit(r"\frac{" + m.group(1) + "}{" + m.group(2) + "}", i)
                return m.end()
            self.emit(r"\frac", i)
        elif word in COMMAND_TEXT:
            self.emit(COMMAND_TEXT[word], i)
        elif word == "sigma" and self.next_char(j) == "(" and "sigma" not in self.known \
                and "σ" not in self.known:
            self.emit(r"\sigmoid", i)  # σ(x) is the logistic function unless declared
        elif word in {"Theta", "Omega"} and self.next_char(j) == "(":
            self.emit(rf"\big{word}", i)
        elif word == "Sigma" and (self.next_char(j) in {"_", "^"}
                                  or self.next_char(j) in SUBSCRIPTS):  # Σᵢ is Σ_i
            self.emit(r"\sum ", i)
        elif word in GREEK and self.declared_function(word) and self.next_char(j) == "(":
            self.emit(rf" \apply{{{word}}}", i)  # φ(x) for a function declared phi or φ
        elif word in GREEK:
            digits = re.compile(r"\d+(?![\d.])").match(self.src, j, self.end)  # re caches it
            if digits and word != "pi":  # μ0, α1: digits glued to a letter are its index
                self.emit(f"\\{word}_{{{digits.group(0)}}}", i)
                return digits.end()
            self.emit(f"\\{word} ", i)
        elif word.lower() in FUNCTION_WORDS:
            self.emit(f"\\{FUNCTION_WORDS[word.lower()]} ", i)
        elif word == "int":
            self.open_integrals += 1
            self.emit(r"\int ", i)
        elif word == "sqrt":
            self.emit(r"\sqrt ", i)
        else:
            # grammar commands pass through; anything else reaches the lexer,
            # which refuses it with the command's name in the message
            self.emit(f"\\{word} ", i)
        return j

    def wrapped(self, word: str, i: int, j: int) -> int:
        r"""``\text{…}``, ``\mathrm{…}``, ``\mathbb{E}``…: classify the content."""
        src = self.src
        k = j
        while k < self.end and src[k] == " ":
            k += 1
        if k < self.end and src[k] == "{":
            close = closing_bracket(src, k, self.end)
            if close is None:
                self.emit("{", k)  # the bracket check reports it
                return k + 1
            content, after = src[k + 1:close], close + 1
        elif k < self.end and src[k].isalnum():
            content, after = src[k], k + 1
        else:
            self.emit(" ", i)
            return j
        word_ = re.sub(r"\\[,;:! ]|\\(?:mathrm|text|operatorname)\b|[{}]", "", content).strip()
        if not word_:
            self.emit(" ", i)
        elif word == "mathcal" and word_ == "O" and self.next_char(after) == "(":
            self.emit(r"\bigO", i)
        elif word_ == "E" and word in {"mathbb", "mathrm", "operatorname", "mathcal"}:
            self.emit(r"\E ", i)
        elif word_ == "KL" or word_ in {"D_KL", "D_{KL}"}:
            self.kl_operator(i, after)
        elif word == "mathcal" and word_ == "N" and self.next_char(after) == "(":
            self.emit(r" \apply{N}", i)  # a Gaussian N(μ, σ²): a distribution, not N·(μ, σ²)
        elif word_.lower() in FUNCTION_WORDS and (word_.islower() or word_.lower() in {
                "softmax", "sigmoid", "diag", "relu"} or word_ in CAPITALISED_FUNCTIONS):
            self.emit(f"\\{FUNCTION_WORDS[word_.lower()]} ", i)
        elif word_ == "d" and self.open_integrals > 0 and word in {"mathrm", "text"}:
            self.open_integrals -= 1
            self.drop_trailing_cdot()
            self.emit(r"\dd ", i)
        elif re.fullmatch(r"[A-Za-z]|\d+", word_) or (
                word not in {"text", "textrm", "textit", "textbf", "textnormal", "texttt",
                             "mbox"} and re.fullmatch(r"[A-Za-z]+", word_)) \
                or word_ in self.known:
            self.emit(f" {word_} ", i)
        else:
            # prose inside maths: one TEXT token the transformer treats as words
            safe = re.sub(r"[^A-Za-z0-9 ,.'-]", "", word_)
            self.emit(rf"\text{{{safe}}}", i)
        return after

    # -- runs of letters -------------------------------------------------------
    def letters(self, i: int) -> int:
        src = self.src
        j = i
        while j < self.end and src[j].isascii() and src[j].isalpha():
            j += 1
        run = src[i:j]
        nxt = self.next_char(j)
        digits = DIGITS_AFTER.match(src, j, self.end)
        if self.last_char() == "_":
            self.emit(run, i)  # an index: w_ij stays one run
        elif digits and (len(run) == 1 or run in self.known or (run in GREEK and run != "pi")) \
                and run.lower() not in FUNCTION_WORDS:
            # a1, x2, W10: digits glued to a name are its index, never a coefficient
            self.emit(f"{run}_{{{digits.group(0)}}}", i)
            return digits.end()
        elif run == "O" and nxt == "(":
            self.emit(r"\bigO", i)
        elif self.notation is not None and run in self.notation.functions and nxt == "(":
            self.emit(rf" \apply{{{run}}}", i)  # a declared function: f(y) is f applied to y
        elif run == "E" and (nxt == "[" or (nxt == "_" and self.expectation_subscript(j))):
            self.emit(r"\E ", i)
        elif run == "D" and KL_SUBSCRIPT.match(src, j, self.end):
            after = KL_SUBSCRIPT.match(src, j, self.end).end()  # type: ignore[union-attr]
            self.kl_operator(i, after)
            return after
        elif run == "KL":
            self.kl_operator(i, j)
        elif run in self.densities and self.density_ahead(j):
            self.emit(rf" \prob {run}", i)
        elif run == "sqrt" and nxt in {"(", "{"}:
            self.emit(r"\sqrt ", i)
        elif run in {"sum", "prod"} and nxt == "_" and run not in self.known:
            self.emit(f"\\{run} ", i)  # sum_{i=1}^{n} typed without the backslash
        elif self.open_integrals > 0 and re.fullmatch(r"d[A-Za-z]", run):
            self.open_integrals -= 1
            self.drop_trailing_cdot()
            self.emit(r" \dd " + run[1], i)
        elif self.is_function(run, nxt):
            self.emit(f" \\{FUNCTION_WORDS[run.lower()]} ", i)
        elif run in GREEK:
            return self.word_command(run, i, j)
        elif run in self.known or len(run) == 1:
            self.emit(run, i)
        elif all(c in self.known_letters for c in run):
            for k, c in enumerate(run):
                self.emit(f" {c}", i + k)
            self.emit(" ", j - 1)
        elif len(run) >= MIN_WORD_LENGTH:
            # "thi ten2 teln" (OCR) or "RNN time": prose, not an identifier;
            # a deliberate multi-letter name is written \mathrm{RNN}
            raise MathParseError(f"{run!r} is a word, not maths", self.source, i)
        else:
            self.emit(run, i)
        return j

    def is_function(self, run: str, nxt: str) -> bool:
        lower = run.lower()
        if lower not in FUNCTION_WORDS or not (run == lower or run in CAPITALISED_FUNCTIONS):
            return False
        if self.notation is not None and run in self.notation.symbols:
            return False  # only a name the assignment fixes beats a function name
        # "ln" in O(ln) with symbols l, n is a product; ln(x) or ln x is the log
        return not (nxt != "(" and all(c in self.known_letters for c in run))

    def expectation_subscript(self, j: int) -> bool:
        """Whether ``E`` followed by ``_…`` at ``j`` is an expectation, not ``E_i``."""
        k = j
        while k < self.end and self.src[k].isspace():
            k += 1
        if self.src[k:k + 1] != "_":
            return False
        k += 1
        while k < self.end and self.src[k].isspace():
            k += 1
        if self.src[k:k + 1] == "{":
            close = closing_bracket(self.src, k, self.end)
            if close is None:
                return False
            inner = self.src[k + 1:close]
            return bool(re.search(r"\(|\\sim|~|∼|\|", inner)) or \
                self.density_name(inner.strip())
        return self.density_name(self.src[k:k + 1])

    def density_name(self, text: str) -> bool:
        """Whether ``text`` is a declared density, bare or subscripted (``q_φ``)."""
        return text.split("_", 1)[0] in self.densities

    def density_ahead(self, j: int) -> bool:
        """Whether ``p``/``q`` ending at ``j`` starts a density ``p_θ(x | z)``."""
        src, k = self.src, j
        if src[k:k + 1] == "_":
            m = re.compile(SPLIT_SUB).match(src, k + 1, self.end)
            if not m:
                return False
            k = m.end()
        while k < self.end and src[k].isspace():
            k += 1
        m = re.compile(r"\\left\s*|\\[bB]igg?l?\s*").match(src, k, self.end)
        if m:
            k = m.end()
        if src[k:k + 1] != "(":
            return False
        close = closing_bracket(src, k, self.end)
        if close is None:
            return False
        inner = src[k + 1:close]
        inner = re.sub(r"\\(?:right|left|middle|[bB]igg?[lr]?)\b", "", inner)
        inner = re.sub(r"\\(?:mid|vert)\b", "|", inner)
        inner = re.sub(r"\s+|\\[,;!]", "", inner)
        if not DENSITY_CONTENT.fullmatch(inner):
            return False
        self.density_until = max(self.density_until, close)
        return True

    def condition_group(self, i: int) -> bool:
        """Whether the ``(`` at ``i`` opens a condition such as ``(i<j)`` or
        ``(1 \\le i < j \\le D)`` ending a list entry (``√2 x_i x_j (i<j)``)."""
        last = self.last_char()
        if not (last.isalnum() or last in ")}]"):
            return False
        m = CONDITION_GROUP.match(self.src, i, self.end)
        if not m or not CONDITION_RELATION.search(m.group(1)):
            return False
        return bool(CONDITION_END.match(self.src, m.end(), self.end))


