r"""LaTeX source → the Markdown-ish text the segmenter and the maths reader read.

Not a TeX engine: a handful of rewrites for what students type in homework.

- Maths is kept as written, but display environments (``equation``, ``align``,
  ``gather``, ``multline``, ``eqnarray``, starred too, and ``\[…\]``) become one
  ``$$row$$`` line per row: rows split at ``\\``, the ``&`` alignment markers
  dropped (a column separator between two equations of a row becomes
  ``\qquad``), ``\label``/``\tag``/``\nonumber`` removed. The maths reader reads
  neither ``&`` nor ``\\``; ``\(…\)`` becomes ``$…$``.
- Lists get the labels LaTeX would print: enumerate's defaults by depth
  (``1.``, ``(a)``, ``i.``, ``A.``), enumitem's ``[(a)]``, ``[label=(\alph*)]``,
  ``[label=\arabic*)]``, ``start=``; ``\item[(b)]`` gives its own label and does
  not step the counter, as in LaTeX.
- ``tabular`` becomes Markdown table rows (``| a | b |``, a ``|---|`` line
  after the first row); rules (``\hline``, ``\toprule``, …) are dropped.
- Sections become Markdown headings, ``\paragraph{X}`` a heading ``#### X``;
  ``\textbf{X}``, ``\emph{X}`` and friends become ``X``; ``\\``, ``\quad``,
  ``~`` and control spaces outside maths become line breaks and spaces.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from grader.errors import SubmissionError

# Deepest ``{…}`` nesting read. Homework LaTeX nests a few levels
# (``\frac{\sum_{j}{x_j}}{2}``, ``\multicolumn{2}{c}{\textbf{x}}``); the command
# rewriter recurses once per level of nested arguments, so a deeper file is
# refused (SubmissionError) instead of running into Python's recursion limit.
MAX_TEX_GROUP_DEPTH_DEFAULT = 50
# Longest ``[…]`` option read (``\item[(b)]``, ``[label=(\alph*)]``, ``\\[2pt]``).
# A ``[`` without its ``]`` this close is not an option; without the bound every
# stray ``[`` would scan to the end of the file (quadratic in the file's size).
MAX_OPTION_CHARS_DEFAULT = 500
# Private-use characters the reader uses to mark stashed maths and tables; a
# file containing them would be read as references to stash entries.
_STASH_MARKS = str.maketrans({"\ue000": "\ufffd", "\ue001": "\ufffd"})
_BRACE_TOKEN = re.compile(r"\\.|[{}]", re.DOTALL)

# ---------------------------------------------------------------- small helpers


def strip_tex_comments(text: str) -> str:
    """Drop ``%`` comments; ``\\%`` (an odd number of backslashes before it) is kept."""
    lines = []
    for line in text.split("\n"):
        percent = line.find("%")
        while percent >= 0:
            backslashes = 0  # counted backwards: one pass over each run of backslashes
            while backslashes < percent and line[percent - backslashes - 1] == "\\":
                backslashes += 1
            if backslashes % 2 == 0:
                line = line[:percent]
                break
            percent = line.find("%", percent + 1)
        lines.append(line)
    return "\n".join(lines)


def group_depth(text: str) -> int:
    """Deepest nesting of unescaped ``{…}`` in ``text`` (a stray ``}`` does not go below 0)."""
    depth = deepest = 0
    for match in _BRACE_TOKEN.finditer(text):
        token = match.group(0)
        if token == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif token == "}":
            depth = max(depth - 1, 0)
    return deepest


def _brace_ends(text: str) -> dict[int, int]:
    """For each unescaped ``{`` that is closed, the index just past its ``}``.

    One linear pass; looking groups up here instead of scanning from each ``{``
    keeps a file full of unclosed groups linear.
    """
    ends: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACE_TOKEN.finditer(text):
        token = match.group(0)
        if token == "{":
            stack.append(match.start())
        elif token == "}" and stack:
            ends[stack.pop()] = match.end()
    return ends


def _group_end(text: str, start: int, open_: str = "{", close: str = "}",
               ends: dict[int, int] | None = None) -> int:
    """Index just past the group opening at ``text[start]`` (balanced, ``\\{`` skipped).

    Returns -1 when the group is not closed. ``{…}`` groups are looked up in
    ``ends`` (``_brace_ends(text)``, computed here when not given); other groups
    must close within ``MAX_OPTION_CHARS_DEFAULT`` characters.
    """
    if open_ == "{":
        return (_brace_ends(text) if ends is None else ends).get(start, -1)
    return _bounded_group_end(text, start, min(len(text), start + MAX_OPTION_CHARS_DEFAULT),
                              open_, close)


def _bounded_group_end(text: str, start: int, stop: int, open_: str, close: str) -> int:
    depth = 0
    index = start
    while index < stop:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == open_:
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return index + 1
        elif open_ == "[" and char == "{":  # braces protect brackets: [label={[a]}]
            end = _bounded_group_end(text, index, stop, "{", "}")
            if end < 0:
                return -1
            index = end
            continue
        index += 1
    return -1


def _argument(text: str, position: int, open_: str = "{", close: str = "}",
              ends: dict[int, int] | None = None) -> tuple[str, int] | None:
    """The group starting at ``position`` (after spaces): its content and end, or None.

    Callers that look for many groups in one text pass ``ends=_brace_ends(text)``.
    """
    index = position
    while index < len(text) and text[index] in " \t":
        index += 1
    if index >= len(text) or text[index] != open_:
        return None
    end = _group_end(text, index, open_, close, ends)
    if end < 0:
        return None
    return text[index + 1:end - 1], end


def _replace_command(text: str, names: str, render, arguments: int = 1) -> str:
    r"""Replace ``\name{arg}…`` (``names`` a regex alternation) by ``render(args)``.

    ``render`` gets the list of the ``arguments`` brace groups, each already
    rewritten, so nested commands all go. A command without its groups is left.
    """
    pattern = re.compile(r"\\(?:" + names + r")\*?(?![A-Za-z])")
    out: list[str] = []
    position = 0
    ends: dict[int, int] | None = None
    while match := pattern.search(text, position):
        groups: list[str] = []
        end = match.end()
        if ends is None:
            ends = _brace_ends(text)
        for _ in range(arguments):
            argument = _argument(text, end, ends=ends)
            if argument is None:
                break
            groups.append(_replace_command(argument[0], names, render, arguments))
            end = argument[1]
        if len(groups) < arguments:
            out.append(text[position:match.end()])
            position = match.end()
            continue
        out.append(text[position:match.start()])
        out.append(render(groups))
        position = end
    out.append(text[position:])
    return "".join(out)


_ENV_MARK = re.compile(r"\\(begin|end)\{[A-Za-z*]+\}")


def _split_top(text: str, separator: str) -> list[str]:
    r"""``text`` split at ``separator`` (``&`` or ``\\``) outside braces and nested environments.

    Environments that share their parent's rows (``aligned``, ``split``, …) are
    removed before this is called; a ``\\`` inside ``pmatrix`` or ``cases`` is not split.
    """
    pieces: list[str] = []
    depth = 0
    start = 0
    index = 0
    while index < len(text):
        if marker := _ENV_MARK.match(text, index):
            depth += 1 if marker.group(1) == "begin" else -1
            index = marker.end()
            continue
        char = text[index]
        if depth == 0 and text.startswith(separator, index):
            pieces.append(text[start:index])
            index += len(separator)
            if separator == "\\\\":  # \\*, \\[2pt]
                if index < len(text) and text[index] == "*":
                    index += 1
                option = _argument(text, index, "[", "]")
                if option is not None:
                    index = option[1]
            start = index
            continue
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        index += 1
    pieces.append(text[start:])
    return pieces


# ---------------------------------------------------------------- maths

_ALIGN_ENVS = ("align", "alignat", "flalign", "eqnarray", "xalignat", "xxalignat")
_DISPLAY_ENVS = (*_ALIGN_ENVS, "equation", "gather", "multline", "displaymath", "math",
                 "dmath", "dgroup")
_INNER_ROW_ENVS = re.compile(
    r"\\(?:begin|end)\{(?:aligned|alignedat|split|gathered|multlined)\}"
    r"(?:\s*\[[a-z]\])?(?:\s*\{\d+\})?")
_MATH_LABELS = re.compile(r"\\(?:label|tag\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![A-Za-z])")
_MATH_OPEN = re.compile(
    r"\\\\|\\\$|\\\[|\\\(|\$\$|\$|\\begin\{(" + "|".join(_DISPLAY_ENVS) + r")(\*?)\}")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


def _rows(content: str, env: str) -> list[str]:
    r"""The rows of a display, each without ``&`` (see the module docstring)."""
    content = _MATH_LABELS.sub(" ", content)
    if env in ("alignat", "xalignat", "xxalignat"):
        content = re.sub(r"^\s*\{\d+\}", "", content)
    aligned = env in _ALIGN_ENVS or bool(re.search(r"\\begin\{(?:aligned|alignedat|split)\}",
                                                   content))
    content = _INNER_ROW_ENVS.sub(" ", content)
    rows = _split_top(content, "\\\\")
    if env in ("multline", "dmath"):
        rows = [" ".join(rows)]
    out = []
    for row in rows:
        cells = _split_top(row, "&")
        if len(cells) > 1 and aligned and env != "eqnarray":
            # align: r&l columns pair up into equations; "a &= b & c &= d" is two of them.
            statements = [" ".join(cells[i:i + 2]) for i in range(0, len(cells), 2)]
        else:
            statements = [" ".join(cells)]
        pieces = [piece for statement in statements for piece in _statements(statement, "\\qquad")]
        out.extend(_join_statements(pieces))
    return out


_STATEMENT_BREAK = re.compile(r"(?<=,)\s*\\q?quad(?![A-Za-z])")
_LEADING_SPACING = re.compile(r"(?:\s|\\q?quad(?![A-Za-z])|\\[,;:! ])+")
_RELATION = re.compile(r"=|<|>|\\(?:approx|neq|ne|leq?|geq?|ll|gg|sim|propto|equiv|in|to)"
                       r"(?![A-Za-z])|[≈≤≥≠∝≪≫]")


def _statements(row: str, separator: str) -> list[tuple[str, str]]:
    """``row`` cut after each top-level ``, \\qquad`` (``a = b, \\qquad c > 0``).

    Each piece comes with the text that joins it to the piece before (the first
    with ``separator``), so that pieces put back together read as written.
    """
    pieces = []
    start = 0
    joint = separator
    breaks = list(_STATEMENT_BREAK.finditer(row))
    depths = _depths(row, [match.start() for match in breaks])
    for match, depth in zip(breaks, depths, strict=True):
        if depth == 0:
            pieces.append((row[start:match.start()], joint))
            joint = match.group(0).strip()
            start = match.end()
    pieces.append((row[start:], joint))
    trimmed = [(_strip_spacing(piece), joint) for piece, joint in pieces]
    return [(" ".join(piece.split()), joint) for piece, joint in trimmed if piece]


def _strip_spacing(piece: str) -> str:
    r"""``piece`` without the spaces, ``\quad``, ``\qquad`` and ``\,`` ``\;`` ``\:`` ``\!``
    ``\ `` at its ends.

    The end is stripped by a backward scan: a regex ``(?:…)+$`` would retry
    from every position of a long run of spaces inside the piece (quadratic).
    """
    if lead := _LEADING_SPACING.match(piece):
        piece = piece[lead.end():]
    end = len(piece)
    while end > 0:
        if end >= 2 and piece[end - 2] == "\\" and piece[end - 1] in ",;:! ":
            end -= 2  # before the lone space: a backslash ends no unit
        elif piece[end - 1].isspace():
            end -= 1
        elif piece.endswith("\\qquad", 0, end):
            end -= 6
        elif piece.endswith("\\quad", 0, end):
            end -= 5
        else:
            break
    return piece[:end]


def _join_statements(pieces: list[tuple[str, str]]) -> list[str]:
    r"""Pieces of one row that are each a relation stay apart; a piece that is not
    (``\text{(by Bayes)}``, ``x_2`` in ``x_1, \quad x_2``) goes back with the one before it."""
    out: list[str] = []
    for piece, joint in pieces:
        if out and not (_RELATION.search(piece) and _RELATION.search(out[-1])):
            out[-1] = f"{out[-1]} {joint} {piece}"
        else:
            out.append(piece)
    return out


def _depths(text: str, indices: list[int]) -> list[int]:
    """Brace and environment depth at each of ``text[index]`` (ascending indices),
    in one pass over ``text`` (a pass per index was quadratic)."""
    out: list[int] = []
    depth = 0
    position = 0
    for index in indices:
        while position < index:
            if marker := _ENV_MARK.match(text, position):
                depth += 1 if marker.group(1) == "begin" else -1
                position = marker.end()
                continue
            char = text[position]
            if char == "\\":
                position += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            position += 1
        out.append(depth)
    return out


def _stash_maths(source: str, stash: list[str], *, environments_only: bool = False) -> str:
    """Every piece of maths replaced by a placeholder (its rendering kept in ``stash``).

    With ``environments_only`` (Markdown), ``$…$``, ``$$…$$``, ``\\(…\\)`` and
    ``\\[…\\]`` are kept exactly as written; only environments are rewritten.
    """
    def keep(rendering: str) -> str:
        stash.append(rendering)
        return f"\ue000{len(stash) - 1}\ue001"

    out: list[str] = []
    position = 0
    scan = 0
    while match := _MATH_OPEN.search(source, scan):
        token = match.group(0)
        if token in ("\\\\", "\\$"):
            scan = match.end()
            continue
        if match.group(1):
            env = match.group(1)
            closing = f"\\end{{{env}{match.group(2)}}}"
        else:
            closing = {"\\[": "\\]", "\\(": "\\)", "$$": "$$", "$": "$"}[token]
        end = _closing(source, match.end(), closing)
        if end < 0:  # unclosed: leave the rest as it is
            break
        content = source[match.end():end]
        before = source[position:match.start()]
        out.append(before)
        position = scan = end + len(closing)
        if environments_only and not match.group(1):
            out.append(keep(source[match.start():position]))
            continue
        if token in ("$", "\\("):
            out.append(keep(f"${' '.join(content.split())}$"))
            continue
        # On a line of its own, without adding blank lines around it.
        rows = _rows(content, match.group(1) or "")
        display = "\n".join(f"$${row}$$" for row in rows)
        if display and not re.search(r"(?:^|\n)[ \t]*$", before):
            display = "\n" + display
        if display and not re.match(r"[ \t]*(?:\n|$)", source[position:]):
            display += "\n"
            while position < len(source) and source[position] in " \t":
                position += 1
            scan = position
        out.append(keep(display))
    out.append(source[position:])
    return "".join(out)


def display_environments(markdown: str) -> str:
    r"""Markdown with LaTeX display environments as ``$$row$$`` lines, other maths untouched.

    Jupyter renders ``\begin{align}…\end{align}`` written straight into a
    Markdown cell; the segmenter and the maths reader want ``$$…$$`` rows.

    Example:
        >>> display_environments("so\n\\begin{align*} a &= b \\\\ &= c \\end{align*}\n$x$")
        'so\n$$a = b$$\n$$= c$$\n$x$'
    """
    stash: list[str] = []
    markdown = markdown.translate(_STASH_MARKS)
    return _restore(_stash_maths(markdown, stash, environments_only=True), stash)


def _closing(source: str, start: int, closing: str) -> int:
    """Where ``closing`` next occurs unescaped at or after ``start``, or -1."""
    index = start
    while (index := source.find(closing, index)) >= 0:
        if closing.startswith("\\"):
            return index
        backslashes = 0  # counted backwards, not by copying source[:index]
        while backslashes < index and source[index - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return index
        index += 1
    return -1


def _restore(text: str, stash: list[str]) -> str:
    while _PLACEHOLDER.search(text):
        text = _PLACEHOLDER.sub(lambda m: stash[int(m.group(1))], text)
    return text


# ---------------------------------------------------------------- tables

_TABLE_OPEN = re.compile(r"\\begin\{(tabular|tabularx|tabular\*|longtable|tabu)\}")
_TABLE_RULE = re.compile(
    r"\\(?:hline|toprule|midrule|bottomrule|endhead|endfirsthead|endfoot|endlastfoot)"
    rf"(?![A-Za-z])(?:\[[^\]]{{0,{MAX_OPTION_CHARS_DEFAULT}}}\])?"
    r"|\\(?:cline|cmidrule)\s*(?:\([a-z]*\)\s*)?\{[^{}]*\}")


def _cell(text: str) -> str:
    text = _drop_grouping_braces(_text_commands(text))
    return " ".join(text.replace("|", "/").split())


def _table_rows(body: str) -> list[list[str]]:
    rows = []
    for raw in _split_top(body, "\\\\"):
        raw = _TABLE_RULE.sub(" ", raw)
        if not raw.strip():
            continue
        cells = []
        for cell in _split_top(raw, "&"):
            cell = " ".join(cell.split())
            span = re.match(r"\\multicolumn\s*\{(\d+)\}", cell)
            if span and (first := _argument(cell, span.end())) is not None:
                content = _argument(cell, first[1])
                cells.append(" ".join((content[0] if content else "").split()))
                cells.extend([""] * (int(span.group(1)) - 1))
                continue
            cells.append(cell)
        rows.append(cells)
    return rows


def _tables(source: str, stash: list[str]) -> str:
    """Each ``tabular`` as Markdown table rows (stashed: later rewrites leave ``|---|`` alone)."""
    out: list[str] = []
    position = 0
    ends = _brace_ends(source)
    while match := _TABLE_OPEN.search(source, position):
        env = match.group(1)
        index = match.end()
        if env in ("tabularx", "tabular*"):  # the width
            width = _argument(source, index, ends=ends)
            index = width[1] if width else index
        option = _argument(source, index, "[", "]")
        index = option[1] if option else index
        spec = _argument(source, index, ends=ends)
        index = spec[1] if spec else index
        closing = f"\\end{{{env}}}"
        end = source.find(closing, index)
        if end < 0:
            break
        rows = _table_rows(source[index:end])
        out.append(source[position:match.start()])
        if rows:
            width = max(len(row) for row in rows)
            lines = ["| " + " | ".join(_cell(cell) for cell in row + [""] * (width - len(row)))
                     + " |" for row in rows]
            lines.insert(1, "|" + "---|" * width)
            stash.append("\n" + "\n".join(lines) + "\n")
            out.append(f"\ue000{len(stash) - 1}\ue001")
        position = end + len(closing)
    out.append(source[position:])
    return "".join(out)


# ---------------------------------------------------------------- text

_UNWRAP = ("textbf|textit|emph|textsl|textsc|texttt|textrm|textsf|textup|textmd|textnormal|"
           "underline|uline|mbox|hbox|text|url|caption|fbox|framebox|ul|hl")
_DROP_WITH_ARGUMENT = ("label|ref|eqref|cite|vspace|hspace|includegraphics|pagestyle"
                       "|thispagestyle|setlength|addtolength|setcounter|bibliography"
                       "|bibliographystyle")
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "c": "\u0327", "v": "\u030c", "=": "\u0304", ".": "\u0307", "H": "\u030b",
            "u": "\u0306"}
_ACCENT = re.compile(r"\\(['`^\"~=.])\s*(?:\{(\w)\}|(\w))|\\([cvHu])\s*\{(\w)\}")
_TEXT_REPLACEMENTS = [
    (re.compile(r"\\(?:noindent|centering|raggedright|raggedleft|medskip|bigskip|smallskip"
                r"|par|newline|linebreak|indent|hfill|vfill|small|large|Large|LARGE|huge"
                r"|footnotesize|scriptsize|normalsize|bfseries|itshape|ttfamily|rmfamily"
                r"|itemsep|displaystyle|bf|it|em|sl|rm|tt|sc|hline|toprule|midrule|bottomrule|hrule"
                r"|today|selectfont)(?![A-Za-z])"), " "),
    (re.compile(rf"\\\\\*?(?:\s*\[[^\]]{{0,{MAX_OPTION_CHARS_DEFAULT}}}\])?"), "\n"),
    (re.compile(r"\\(?:quad|qquad|enspace|thinspace)(?![A-Za-z])|\\[ ,;:!]|~"), " "),
    (re.compile(r"\\(?:ldots|dots|textellipsis)(?![A-Za-z])(?:\{\})?"), "..."),
    (re.compile(r"---"), "—"),
    (re.compile(r"(?<!-)--(?!-)"), "–"),
    (re.compile(r"``|''"), '"'),
    (re.compile(r"\\([%&_])"), r"\1"),
    (re.compile(r"\\(?:textbackslash)(?![A-Za-z])(?:\{\})?"), "\\\\"),
]
_ENVIRONMENT_MARK = re.compile(r"\\(begin|end)\{([A-Za-z*]+)\}")
_SIZED_ENVIRONMENTS = {"minipage": 1, "tabular": 1, "multicols": 1, "wrapfigure": 2}


def _accented(match: re.Match) -> str:
    mark = match.group(1) or match.group(4)
    letter = match.group(2) or match.group(3) or match.group(5)
    return unicodedata.normalize("NFC", letter + _ACCENTS[mark])


def _text_commands(source: str) -> str:
    """Formatting commands outside maths reduced to their text."""
    source = _replace_command(source, "footnote", lambda args: f" ({args[0]})")
    source = _replace_command(source, "href|textcolor|colorbox", lambda args: args[1], 2)
    source = _replace_command(source, _DROP_WITH_ARGUMENT, lambda _args: "")
    source = _replace_command(source, _UNWRAP, lambda args: args[0])
    source = _ACCENT.sub(_accented, source)
    for pattern, replacement in _TEXT_REPLACEMENTS:
        source = pattern.sub(replacement, source)
    return source


def _drop_grouping_braces(text: str) -> str:
    r"""``{…}`` used for grouping in text (``{\bf x}`` after ``\bf`` went) loses its braces.

    A group right after a command (``\foo{x}``, a command we do not know) keeps them.
    """
    out: list[str] = []
    kept: list[bool] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            out.append(text[index:index + 2])
            index += 2
            continue
        if char == "{":
            keep = bool(re.search(r"\\[A-Za-z]+\*?\s*$|[}\]]$", "".join(out[-40:])))
            kept.append(keep)
            if keep:
                out.append(char)
        elif char == "}":
            if not kept or kept.pop():
                out.append(char)
        else:
            out.append(char)
        index += 1
    return "".join(out)


# ---------------------------------------------------------------- lists

_LIST_ENV = re.compile(r"\\(begin|end)\{(enumerate|itemize|description|compactenum|"
                       r"compactitem|inparaenum|asparaenum|enumerate\*|itemize\*)\}")
_ITEM = re.compile(r"\\item(?![A-Za-z])\s*")
_COUNTER = re.compile(r"\\(alph|Alph|arabic|roman|Roman)\*?(?:\{[^{}]*\})?")
_SHORT_COUNTER = {"1": "arabic", "a": "alph", "A": "Alph", "i": "roman", "I": "Roman"}


def _roman(number: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


def _counter(style: str, number: int) -> str:
    if style == "alph":
        return chr(ord("a") + (number - 1) % 26)
    if style == "Alph":
        return chr(ord("A") + (number - 1) % 26)
    if style == "roman":
        return _roman(number)
    if style == "Roman":
        return _roman(number).upper()
    return str(number)


# LaTeX's default enumerate labels by depth: 1.  (a)  i.  A.
_DEFAULT_STYLES = {1: ("", "arabic", "."), 2: ("(", "alph", ")"), 3: ("", "roman", "."),
                   4: ("", "Alph", ".")}


def _label_style(option: str | None) -> tuple[tuple[str, str, str] | None, int]:
    """An enumerate's optional argument as ``((before, counter, after), start)``.

    ``[(a)]`` (enumitem's short form, the enumerate package), ``[label=(\\alph*)]``,
    ``[label=\\arabic*), start=3]``. Returns ``(None, 1)`` for no label given.
    """
    if not option:
        return None, 1
    style = None
    start = 1
    for entry in _split_top(option, ","):
        entry = entry.strip()
        key, equals, value = entry.partition("=")
        if equals:
            key, value = key.strip(), value.strip()
            if value.startswith("{") and _group_end(value, 0) == len(value):
                value = value[1:-1]
            if key == "label":
                counter = _COUNTER.search(value)
                if counter:
                    style = (_plain(value[:counter.start()]), counter.group(1),
                             _plain(value[counter.end():]))
            elif key == "start" and value.strip().isdigit():
                start = int(value)
            continue
        style = _short_style(entry) or style
    return style, start


def _short_style(entry: str) -> tuple[str, str, str] | None:
    """The enumerate package's ``[(a)]``: the first of 1 a A i I outside braces is the counter."""
    depth = 0
    index = 0
    while index < len(entry):
        char = entry[index]
        if char == "\\":
            command = re.match(r"\\[A-Za-z]+|\\.", entry[index:])
            index += len(command.group(0)) if command else 1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char in _SHORT_COUNTER:
            return (_plain(entry[:index]), _SHORT_COUNTER[char], _plain(entry[index + 1:]))
        index += 1
    return None


def _plain(text: str) -> str:
    return re.sub(r"\\[A-Za-z]+\s*|[{}]", "", text)


def _lists(source: str) -> str:
    out: list[str] = []
    stack: list[dict] = []
    position = 0
    token = re.compile(_LIST_ENV.pattern + "|" + _ITEM.pattern)
    while match := token.search(source, position):
        out.append(source[position:match.start()])
        position = match.end()
        if match.group(1) == "begin":
            option = _argument(source, position, "[", "]")
            style, start = _label_style(option[0] if option else None)
            if option:
                position = option[1]
            kind = match.group(2).rstrip("*")
            kind = {"compactenum": "enumerate", "inparaenum": "enumerate",
                    "asparaenum": "enumerate", "compactitem": "itemize"}.get(kind, kind)
            stack.append({"kind": kind, "number": start - 1, "style": style})
            out.append("\n")
            continue
        if match.group(1) == "end":
            if stack:
                stack.pop()
            out.append("\n")
            continue
        given = _argument(source, position, "[", "]")
        if given is not None:
            position = given[1]
            while position < len(source) and source[position] in " \t":
                position += 1
        indent = "  " * max(len(stack) - 1, 0)
        if given is not None:
            label = " ".join(given[0].split())
        elif not stack or stack[-1]["kind"] != "enumerate":
            label = "-"
        else:
            entry = stack[-1]
            entry["number"] += 1
            depth = sum(1 for e in stack if e["kind"] == "enumerate")
            before, style, after = entry["style"] or _DEFAULT_STYLES.get(depth, _DEFAULT_STYLES[4])
            label = f"{before}{_counter(style, entry['number'])}{after}"
        out.append(f"\n\n{indent}{label} ")
    out.append(source[position:])
    return "".join(out)


# ---------------------------------------------------------------- the document

_BODY = re.compile(r"\\begin\{document\}(.*?)(?:\\end\{document\}|\Z)", re.DOTALL)
# One \s* before the optional [short title] and one after it inside the group:
# "\s*(?:[…])?\s*" backtracks quadratically over a run of spaces.
_SECTION = re.compile(r"\\(section|subsection|subsubsection|paragraph|subparagraph)\*?\s*"
                      rf"(?:\[[^\]]{{0,{MAX_OPTION_CHARS_DEFAULT}}}\]\s*)?(?=\{{)")
_SECTION_LEVEL = {"section": "##", "subsection": "###", "subsubsection": "####",
                  "paragraph": "####", "subparagraph": "#####"}
# [ \t]*, not \s*: \s* at each line start of a run of blank lines would scan
# the whole run (quadratic); blank lines left behind are collapsed at the end.
_DROP_LINES = re.compile(
    r"^[ \t]*\\(?:maketitle|tableofcontents|newpage|clearpage|pagebreak|title|author|date"
    r"|usepackage|documentclass)\b.*$", re.MULTILINE)


def _sections(source: str) -> str:
    out: list[str] = []
    position = 0
    ends = _brace_ends(source)
    while match := _SECTION.search(source, position):
        argument = _argument(source, match.end(), ends=ends)
        if argument is None:
            out.append(source[position:match.end()])
            position = match.end()
            continue
        title, end = argument
        out.append(source[position:match.start()])
        out.append(f"\n\n{_SECTION_LEVEL[match.group(1)]} {' '.join(title.split())}\n\n")
        position = end
        while position < len(source) and source[position] in " \t":
            position += 1
    out.append(source[position:])
    return "".join(out)


def _environments(source: str) -> str:
    """Markers of environments not otherwise handled become line breaks (content kept)."""
    out: list[str] = []
    position = 0
    ends = _brace_ends(source)
    while match := _ENVIRONMENT_MARK.search(source, position):
        out.append(source[position:match.start()])
        position = match.end()
        name = match.group(2)
        if match.group(1) == "begin":
            option = _argument(source, position, "[", "]")
            if option is not None and name not in ("proof",):
                position = option[1]
            for _ in range(_SIZED_ENVIRONMENTS.get(name, 0)):
                argument = _argument(source, position, ends=ends)
                if argument is not None:
                    position = argument[1]
            out.append("\nProof. " if name == "proof" else "\n")
        else:
            out.append("\n")
    out.append(source[position:])
    return "".join(out)


def tex_to_markdown(source: str, path: Path | str = "LaTeX source") -> str:
    """The document body as Markdown-ish text (see the module docstring).

    Raises:
        SubmissionError: ``{…}`` groups nest deeper than
            ``MAX_TEX_GROUP_DEPTH_DEFAULT`` (the message names ``path``).

    Example:
        >>> tex_to_markdown("\\\\begin{document}\\\\section*{Q1} x % note\\n\\\\end{document}")
        '## Q1\\n\\nx'
    """
    source = strip_tex_comments(source.translate(_STASH_MARKS))
    if (depth := group_depth(source)) > MAX_TEX_GROUP_DEPTH_DEFAULT:
        raise SubmissionError(f"{path}: LaTeX groups {{…}} nested {depth} deep; at most "
                              f"{MAX_TEX_GROUP_DEPTH_DEFAULT} levels are read")
    body = _BODY.search(source)
    if body:
        source = body.group(1)
    source = _DROP_LINES.sub("", source)
    stash: list[str] = []
    source = _stash_maths(source, stash)
    source = _tables(source, stash)
    source = _text_commands(source)
    source = _sections(source)
    source = "\n".join(line.strip() for line in source.split("\n"))
    source = _lists(source)
    source = _environments(source)
    source = _drop_grouping_braces(source)
    text = _restore(source, stash)
    text = re.sub(r"(?<=\S)[ \t]{2,}", " ", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
