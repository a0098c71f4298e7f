"""Plain-text views of student answers, shared by the text-reading checkers.

Students write the same thing in LaTeX, Unicode maths and plain ASCII
(``\\mathbb{E}``, ``𝔼``, ``E``; ``k_i^\\top q``, ``k_iᵀq``, ``k_i^T q``). Rubric
patterns are written once against :func:`normalise_text`, which folds all of
these onto one ASCII-ish spelling. Nothing here evaluates student text.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# LaTeX commands with a symbolic meaning: replaced by their ASCII spelling.
_LATEX_SYMBOLS: dict[str, str] = {
    "cdot": "*", "times": "*", "ast": "*", "gg": ">>", "ll": "<<", "top": "T",
    "intercal": "T", "approx": "≈", "simeq": "≈", "neq": "!=", "ne": "!=",
    "leq": "<=", "le": "<=", "geq": ">=", "ge": ">=", "to": "->", "rightarrow": "->",
    "longrightarrow": "->", "Rightarrow": "=>", "implies": "=>", "infty": "inf",
    "parallel": "||", "Vert": "||", "vert": "|", "mid": "|", "lvert": "|", "rvert": "|",
    "lVert": "||", "rVert": "||", "sim": "~", "langle": "<", "rangle": ">",
    "lbrace": "{", "rbrace": "}", "ldots": "...", "cdots": "...", "dots": "...",
}
# Commands that size things or only wrap their argument: dropped, argument kept.
_LATEX_DROPPED = frozenset({
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
    "displaystyle", "textstyle", "limits", "nolimits", "boxed", "cancel", "underbrace",
    "overbrace", "mathbb", "mathcal", "mathrm", "mathbf", "mathit", "mathsf", "mathtt",
    "boldsymbol", "bm", "text", "textbf", "textit", "textrm", "emph", "operatorname",
    "hat", "tilde", "bar", "vec", "widehat", "overline",
})
# Commands that only space things: a space.
_LATEX_SPACES = frozenset({"quad", "qquad", "hline", "newline", "hspace", "vspace"})
_UNICODE_FOLDS: dict[str, str] = {
    "−": "-", "–": "-", "—": "-", "‐": "-", "ᵀ": "^T", "≫": ">>", "≪": "<<",
    "×": "*", "·": "*", "⋅": "*", "∗": "*", "√": "sqrt", "Σ": "sum", "∑": "sum",
    "∫": "int", "≠": "!=", "≤": "<=", "≥": ">=", "∞": "inf", "‖": "||", "∥": "||",
    "→": "->", "⇒": "=>", "∼": "~", "𝔼": "E", "’": "'", "‘": "'", "“": '"', "”": '"',
    "²": "^2", "³": "^3", "⁻¹": "^-1", "₀": "_0", "₁": "_1", "₂": "_2", "₃": "_3",
    "₄": "_4", "₅": "_5", "₆": "_6", "ᵢ": "_i", "ⱼ": "_j", "ₜ": "_t", "\u00a0": " ",
}
_GREEK: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "θ": "theta",
    "λ": "lambda", "μ": "mu", "σ": "sigma", "φ": "phi", "ϕ": "phi", "ψ": "psi", "ξ": "xi",
    "η": "eta", "τ": "tau", "π": "pi", "ω": "omega", "ℓ": "l", "∇": "nabla", "∂": "partial",
}
_FRACTION_COMMANDS = ("\\frac", "\\dfrac", "\\tfrac")
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
_TAG = re.compile(r"<\s*(del|s|strike)\s*>.*?<\s*/\s*\1\s*>|<[^<>\n]{1,40}>", re.IGNORECASE | re.S)
_STRIKE = re.compile(r"~~.*?~~", re.S)


def _balanced_group(text: str, start: int) -> tuple[str, int] | None:
    """The ``{...}`` group opening at ``text[start]`` (skipping spaces): content, end."""
    i = start
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return None
    if text[i] != "{":
        # \frac12 and \frac a b: one token is the argument.
        return text[i], i + 1
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
    return None


def _expand_two_argument(text: str, names: tuple[str, ...], template: str) -> str:
    """Rewrite ``\\frac{a}{b}`` as ``template.format(a, b)`` (nested groups allowed)."""
    for _ in range(50):  # bounded: each pass removes one command
        positions = [(text.find(n), n) for n in names if text.find(n) >= 0]
        if not positions:
            return text
        pos, name = min(positions)
        first = _balanced_group(text, pos + len(name))
        second = _balanced_group(text, first[1]) if first else None
        if first is None or second is None:
            return text[:pos] + text[pos + len(name):]
        text = text[:pos] + template.format(first[0], second[0]) + text[second[1]:]
    return text


def _expand_sqrt(text: str) -> str:
    for _ in range(50):
        pos = text.find("\\sqrt")
        if pos < 0:
            return text
        rest = pos + len("\\sqrt")
        if rest < len(text) and text[rest] == "[":  # \sqrt[n]{x}: keep x only
            close = text.find("]", rest)
            rest = close + 1 if close >= 0 else rest
        group = _balanced_group(text, rest)
        if group is None:
            return text[:pos] + "sqrt" + text[rest:]
        text = text[:pos] + f"sqrt({group[0]})" + text[group[1]:]
    return text


def _replace_command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _LATEX_SYMBOLS:
        return f" {_LATEX_SYMBOLS[name]} " if len(_LATEX_SYMBOLS[name]) > 1 else \
            _LATEX_SYMBOLS[name]
    if name in _LATEX_DROPPED:
        return ""
    if name in _LATEX_SPACES:
        return " "
    return name


def strip_crossed_out(text: str) -> str:
    """Remove ``~~struck~~`` and ``<del>struck</del>`` text and other short HTML tags."""
    return _TAG.sub(" ", _STRIKE.sub(" ", text))


def fold_unicode(text: str) -> str:
    """Unicode maths onto ASCII spellings: ``−`` → ``-``, ``ᵀ`` → ``^T``, ``α`` → ``alpha``."""
    for source, target in _UNICODE_FOLDS.items():
        text = text.replace(source, target)
    for source, target in _GREEK.items():
        text = text.replace(source, target)
    return text


def normalise_text(text: str) -> str:
    """One spelling for LaTeX, Unicode and ASCII maths, whitespace collapsed.

    LaTeX commands lose their backslash (``\\log`` → ``log``, ``\\alpha`` →
    ``alpha``), font and text wrappers keep their content (``\\mathbb{E}`` →
    ``E``), ``\\frac{a}{b}`` becomes ``(a)/(b)``, ``\\sqrt{x}`` ``sqrt(x)``,
    grouping braces disappear (``k_i^{T}`` → ``k_i^T``), relation and operator
    commands become ASCII (``\\gg`` → ``>>``, ``\\cdot`` → ``*``, ``^\\top`` →
    ``^T``), and Unicode maths is folded the same way (``ᵀ``, ``−``, ``≫``).
    Crossed-out text and math delimiters (``$``, ``\\(``, ``\\[``) are removed.

    Example:
        >>> normalise_text(r"$\\mathbb{E}_{q(z|x)}\\left[\\log p(x|z)\\right]$")
        'E_q(z|x)[log p(x|z)]'
    """
    text = strip_crossed_out(text)
    text = fold_unicode(text)
    text = text.replace("\\\\", " ").replace("\\|", "||")
    text = re.sub(r"\\[()\[\]]", " ", text)
    text = re.sub(r"\\[,;:! ]", " ", text)
    text = text.replace("\\{", "{").replace("\\}", "}").replace("\\%", "%")
    text = text.replace("$", " ")
    text = _expand_two_argument(text, _FRACTION_COMMANDS, "({})/({})")
    text = _expand_sqrt(text)
    text = _COMMAND.sub(_replace_command, text)
    text = text.replace("{", "").replace("}", "")
    text = text.replace("**", "")
    text = re.sub(r"\s+", " ", text).strip()
    # Tidy the spaces the replacements left around brackets and sub/superscripts.
    text = re.sub(r"\s*([_^])\s*", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = re.sub(r"\s+([)\]])", r"\1", text)
    return text


def compact(text: str) -> str:
    """``normalise_text`` without any whitespace, lower-cased: for keyword lookups
    that should not depend on spacing (``log q(z|x)`` vs ``log q (z | x)``)."""
    return re.sub(r"\s+", "", normalise_text(text)).lower()


def contains_keyword(text: str, keyword: str) -> bool:
    """Whether ``keyword`` occurs in ``text``, ignoring case, spacing and notation.

    Example:
        >>> contains_keyword(r"Regularization: $-E[\\log q(z|x)]$", "log q")
        True
    """
    needle = compact(keyword)
    return bool(needle) and needle in compact(text)


def fuzzy_contains(text: str, keyword: str, *, ratio: float = 0.8) -> bool:
    """Like :func:`contains_keyword`, but also accepts one misspelt word for
    single-word keywords of five letters or more (OCR: "bottlencek")."""
    if contains_keyword(text, keyword):
        return True
    key = keyword.lower().strip()
    if " " in key or len(key) < 5:
        return False
    for word in re.findall(r"[a-z]+", text.lower()):
        if abs(len(word) - len(key)) <= 2 and SequenceMatcher(None, word, key).ratio() >= ratio:
            return True
    return False


_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s+(?=\b(?:However|But|Whereas|Although|On the other hand)\b)")


def sentences(text: str) -> list[str]:
    """Split an answer into sentences (also before "However"/"But" that OCR
    glued onto the previous sentence), dropping empty pieces and rules ("-----",
    "=====" under a heading: markup, not a sentence between the question and
    its answer)."""
    cleaned = strip_crossed_out(text)
    pieces = _SENTENCE_BREAK.split(cleaned)
    return [re.sub(r"\s+", " ", p).strip() for p in pieces
            if p and p.strip() and not _RULE.match(p)]


_RULE = re.compile(r"^\s*([-=_*~])\1{2,}\s*$")

