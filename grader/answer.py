"""An answer found in a submission for one rubric part."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Answer:
    """The text a student gave for one part, as the reader found it.

    ``text`` is the whole answer with crossed-out work removed; ``final`` is
    the line the student marked as the result (boxed, "Answer:", "Hence")
    when one stands out. ``confidence`` in [0, 1] says how sure the reader is
    that this text answers this part; ``candidates`` holds conflicting
    readings when there were several. ``declared`` maps names the student
    introduced to what they said they mean ("d" → "n"). ``in_slot`` says the
    text was written in this part's slot of a structured answer sheet, so it
    certainly answers this part (free-form text may be a neighbour's).
    """

    part_id: str
    text: str
    final: str | None = None
    confidence: float = 1.0
    candidates: tuple[str, ...] = ()
    declared: dict[str, str] = field(default_factory=dict)
    in_slot: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()

    @property
    def best(self) -> str:
        """The text most likely to be the answer: the final line if marked."""
        return self.final if self.final and self.final.strip() else self.text

    def __hash__(self) -> int:
        return hash((self.part_id, self.text, self.final, self.confidence, self.candidates,
                     tuple(sorted(self.declared.items())), self.in_slot))
