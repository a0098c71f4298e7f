"""The symbols an assignment fixes and the spellings students use for them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Notation:
    """How to read identifiers in one part of one submission.

    ``symbols`` are the names the assignment fixes (``t``, ``n``, ``L``).
    ``aliases`` map students' spellings onto them (``l``, ``ℓ`` → ``L``).
    ``declared`` are further names a student introduced ("let d be the width");
    a checker treats an expression that uses a name outside ``symbols`` and
    ``declared`` as undefined, which is a reason for review, not a wrong answer.
    """

    symbols: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    declared: dict[str, str] = field(default_factory=dict)
    functions: tuple[str, ...] = ()
    """Names read as functions when followed by ``(``: ``f(y)`` is ``f`` applied to
    ``y``, not ``f·y``."""
    densities: tuple[str, ...] = ()
    """Names of probability densities and distributions: ``p(x | z)`` (a name
    followed by variables and at most one ``|``) is a density, and a bare name in
    ``E_p[…]`` a distribution. None by default: ``p(x + 1)`` is a product unless the
    assignment declares ``p`` a density."""

    def canonical(self, name: str) -> str:
        """The assignment's name for ``name`` (itself when no alias applies)."""
        name = self.declared.get(name, name)
        return self.aliases.get(name, name)

    def with_declarations(self, declared: dict[str, str]) -> Notation:
        """A copy in which a student's own declarations also apply."""
        return replace(self, declared={**self.declared, **declared})

    def __hash__(self) -> int:
        return hash((self.symbols, tuple(sorted(self.aliases.items())),
                     tuple(sorted(self.declared.items())), self.functions, self.densities))
