"""Student text with its maths as MathML, safe to put in an HTML page.

latex2mathml turns ``$…$`` spans into MathML that every current browser renders
without a script or a network. Its output is not safe as it comes: it copies
``\\text{…}`` verbatim (``<script>`` included) and turns ``\\href`` into an
attribute. So every conversion is parsed back and rebuilt from an allow-list
of MathML elements and attributes; anything else (or a conversion that fails,
or maths too long to be an answer) falls back to escaped text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
#: Longest maths span converted; longer ones are shown as text.
MAX_MATHS_CHARS_DEFAULT = 400
_ALLOWED_TAGS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose", "mfenced", "semantics", "annotation",
})
_ALLOWED_ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "minsize",
    "maxsize", "accent", "accentunder", "movablelimits", "form", "width", "height", "depth",
    "notation", "linethickness", "displaystyle", "scriptlevel", "columnalign", "rowalign",
    "open", "close", "separators", "encoding",
})
_MATHS = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)

ET.register_namespace("", MATHML_NS)


def latex_to_mathml(latex: str, *, display: bool = False) -> str | None:
    """Safe MathML for ``latex``, or None when it cannot be given safely."""
    if len(latex) > MAX_MATHS_CHARS_DEFAULT:
        return None
    try:
        from latex2mathml.converter import convert

        converted = convert(latex, display="block" if display else "inline")
        root = ET.fromstring(converted)
    except Exception:  # any failure of a third-party parser on hostile text: show text
        return None
    for element in root.iter():
        if _local(element.tag) not in _ALLOWED_TAGS:
            return None
        for name in list(element.attrib):
            if _local(name) not in _ALLOWED_ATTRIBUTES and name != "xmlns":
                del element.attrib[name]
    return ET.tostring(root, encoding="unicode")


def text_with_maths(text: str) -> str:
    """``text`` as HTML: ``$…$``, ``$$…$$``, ``\\(…\\)`` and ``\\[…\\]`` as MathML, the
    rest escaped, line breaks kept."""
    pieces = []
    position = 0
    for match in _MATHS.finditer(text):
        pieces.append(html.escape(text[position:match.start()]))
        latex = next(g for g in match.groups() if g is not None)
        display = match.group(1) is not None or match.group(4) is not None
        pieces.append(latex_to_mathml(latex, display=display) or html.escape(match.group(0)))
        position = match.end()
    pieces.append(html.escape(text[position:]))
    return "".join(pieces).replace("\n", "<br>\n")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
