"""One equivalence case translated from a public suite, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """``reference`` and ``answer`` as our students would write them; ``expected``
    is the source's verdict (True: equivalent). ``source`` is
    ``owner/repo@commit:path`` and ``line`` the line of the case in that file."""

    source: str
    line: int
    reference: str
    answer: str
    expected: bool
    mode: str = "expression"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.source.split("@")[0], self.line, self.reference, self.answer)
