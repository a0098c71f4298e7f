"""The one error the maths reader raises for text it cannot read."""

from __future__ import annotations

_WINDOW = 60  # characters of context shown either side of the caret


class MathParseError(ValueError):
    """Student maths the reader cannot (or will not) turn into sympy.

    A plain ``ValueError`` subclass, not a ``GraderError``: an unreadable
    answer is a verdict (``needs_review``), not a fault of the grader.

    Attributes:
        message: what went wrong, in words a student can act on.
        text: the maths as the student wrote it.
        offset: index into ``text`` where reading stopped, or ``None``.
    """

    def __init__(self, message: str, text: str = "", offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.offset = offset

    def __str__(self) -> str:
        if not self.text:
            return self.message
        if self.offset is None:
            shown = self.text if len(self.text) <= 2 * _WINDOW else self.text[:2 * _WINDOW] + "…"
            return f"{self.message}\n  {shown}"
        # show a window around the offset so long answers stay readable
        offset = max(0, min(self.offset, len(self.text)))
        start = max(0, offset - _WINDOW)
        end = min(len(self.text), offset + _WINDOW)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(self.text) else ""
        line = prefix + self.text[start:end] + suffix
        line = line.replace("\n", " ").replace("\t", " ")
        caret = " " * (len(prefix) + offset - start) + "^"
        return f"{self.message}\n  {line}\n  {caret}"
