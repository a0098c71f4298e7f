"""The document tree: leaf blocks of every Markdown construct, with their source lines."""

from __future__ import annotations

import pytest

from grader.segment.tree import read_blocks

# (text, [(kind, content, path, marker)] in order)
BLOCKS = [
    ("# Aufgabe 1\n\nDie Antwort ist ja.\n",
     [("heading", "Aufgabe 1", (), ""), ("paragraph", "Die Antwort ist ja.", (), "")]),
    ("1. erste\n   - innen $x$\n2) zweite\n",
     [("paragraph", "erste", ("list",), "1."), ("paragraph", "innen $x$", ("list", "list"), "-"),
      ("paragraph", "zweite", ("list",), "2)")]),
    ("> [!answer]\n> Oui.\n",
     [("paragraph", "[!answer]\nOui.", ("quote",), "")]),
    ("$$\nM = 1 + D\n$$\n", [("maths", "M = 1 + D", (), "")]),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n", [("table", "| a | b |\n|---|---|\n| 1 | 2 |", (), "")]),
    ("---\ntitle: hw\n---\ntext\n",
     [("front_matter", "title: hw", (), ""), ("paragraph", "text", (), "")]),
    ("text[^1]\n\n[^1]: a footnote\n",
     [("paragraph", "text[^1]", (), ""), ("paragraph", "a footnote", ("footnote",), "")]),
    ("before\n\n---\n\nafter\n",
     [("paragraph", "before", (), ""), ("rule", "", (), ""), ("paragraph", "after", (), "")]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), BLOCKS)
def test_blocks(text, expected):
    assert [(b.role, b.content, b.path, b.marker) for b in read_blocks(text)] == expected


def test_spans_map_back_to_the_source():
    text = "# 1\n\n- a\n- b\n\n> quoted\n"
    lines = text.splitlines()
    for block in read_blocks(text):
        assert block.text == "\n".join(lines[block.start:block.end])


def test_deep_nesting_is_bounded():
    text = "> " * 200 + "deep\n"
    blocks = read_blocks(text)
    assert all(len(block.path) <= 200 for block in blocks)
