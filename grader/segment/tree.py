"""A submission's text as a flat sequence of document blocks, each with its source lines.

Every format reaches the reader as Markdown (``grader.ingest`` turns LaTeX and
notebooks into Markdown; plain text is read as Markdown too), so one parser
gives the structure: markdown-it-py (CommonMark, with tables) and the
mdit-py-plugins for dollar maths, YAML front matter and footnotes. Nothing
here re-parses Markdown with regular expressions.

A ``Block`` is a leaf of the tree: a heading, a paragraph (inside a list item
or a quote or not), a table, a display-maths block, code, front matter or a
thematic break. Its ``path`` says what contains it (``("quote", "list")``),
``marker`` the list marker of the item it opens ("1.", "-"), and
``start``/``end`` its lines in the source, so callers can map it back.

Example:
    >>> [(b.role, b.content) for b in read_blocks("# Aufgabe 1\\n\\n- ja\\n")]
    [('heading', 'Aufgabe 1'), ('paragraph', 'ja')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

#: Deeper nesting than this is not real structure (markdown-it stops there too).
MAX_NESTING_DEFAULT = 20

# Token type → block role, for tokens that are leaves with their own lines.
_LEAF_ROLES = {
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "table_open": "table",
    "math_block": "maths",
    "math_block_label": "maths",
    "fence": "code",
    "code_block": "code",
    "front_matter": "front_matter",
    "hr": "rule",
    "html_block": "html",
}
# Token type → container name in a block's path.
_CONTAINERS = {
    "blockquote_open": "quote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "footnote_open": "footnote",
}
_CLOSERS = {"blockquote_close", "bullet_list_close", "ordered_list_close", "footnote_close"}


@dataclass(frozen=True)
class Block:
    """One leaf block of a document.

    ``text`` is the block's source lines as written (list markers, ``>`` and
    all); ``content`` is what the parser read inside them (for a heading or
    paragraph its inline text, for maths the formula, for a table its source).
    """

    role: str
    text: str
    content: str
    start: int
    end: int
    path: tuple[str, ...] = ()
    marker: str = ""
    level: int = 0

    @property
    def in_quote(self) -> bool:
        return "quote" in self.path


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"maxNesting": MAX_NESTING_DEFAULT})
            .enable("table")
            .use(dollarmath_plugin)
            .use(front_matter_plugin)
            .use(footnote_plugin))


def read_blocks(text: str) -> list[Block]:
    """The leaf blocks of ``text`` in document order.

    Example:
        >>> [(b.role, b.marker, b.path) for b in read_blocks("1. a\\n   - b\\n")]
        [('paragraph', '1.', ('list',)), ('paragraph', '-', ('list', 'list'))]
    """
    lines = text.splitlines()
    blocks: list[Block] = []
    path: list[str] = []
    marker = ""  # the marker of a list item whose first block is still to come
    tokens = _parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type in _CONTAINERS:
            path.append(_CONTAINERS[token.type])
        elif token.type in _CLOSERS and path:
            path.pop()
        elif token.type == "list_item_open":
            marker = f"{token.info}{token.markup}"
        elif token.type in _LEAF_ROLES and token.map is not None:
            start, end = token.map
            role = _LEAF_ROLES[token.type]
            blocks.append(Block(
                role=role, text="\n".join(lines[start:end]),
                content=_content(tokens, index, lines[start:end]),
                start=start, end=end, path=tuple(path), marker=marker,
                level=int(token.tag[1]) if role == "heading" else 0))
            marker = ""
    return blocks


def _content(tokens: list, index: int, lines: list[str]) -> str:
    token = tokens[index]
    if token.type in ("paragraph_open", "heading_open"):
        inline = tokens[index + 1] if index + 1 < len(tokens) else None
        return inline.content.strip() if inline is not None and inline.type == "inline" else ""
    if token.type == "table_open":
        return "\n".join(lines).strip()
    return token.content.strip()
