"""One equivalence case translated from a public suite, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from grader.notation import Notation


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
    symbols: tuple[str, ...] = ()
    """Names the source declares (PrairieLearn's ``variables``): ``mn`` reads as m·n."""
    functions: tuple[str, ...] = ()
    """Function names the source declares (PrairieLearn's ``custom_functions``)."""

    @property
    def notation(self) -> Notation | None:
        if not self.symbols and not self.functions:
            return None
        return Notation(self.symbols, functions=self.functions)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.source.split("@")[0], self.line, self.reference, self.answer)
