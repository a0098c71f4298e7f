"""Render planted answers into the layouts students use: the layout generator of issue #8.

A ``Layout`` picks one value per dimension (``DIMENSIONS``): the numbering
scheme, how the answers of one label are grouped (paragraphs under the
question, quoted question lines, a list, a table, one line), the order of the
parts, notation (the rubric's symbols, the rubric's aliases, or symbols the
student declares), light OCR noise, the file format and the preamble.
``render`` writes one document for an assignment with one ``Plant`` per part
and says, per part, which dimension values actually touched it (a table
grouping falls back to a list for a multi-line answer; notation changes only
answers with a bound in them), so a wrong verdict is traced to its dimension.

Everything is rendered from the rubric's part ids and prompts; the reader under
test never sees anything the generator does not also show a human.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from grader.rubric.models import Rubric
from tests.layouts.formats import LABEL_STYLES, Block, Document, Question, Sub, render_format
from tests.layouts.plants import Plant, defined_symbol, plants_by_part

#: Every dimension of a layout and its values (the first is the plain default).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "scheme": ("## Question 1 / ### (a)", "1a)", "(a)", "Q1.a", "1(a)", "(i)",
               "Aufgabe 1 Teil a)", "Exercice 1 partie a", "Problem 1 (a)",
               "Pregunta 1 apartado a)"),
    "grouping": ("paragraphs", "quoted question", "list", "table", "inline"),
    "label": LABEL_STYLES,
    "single": ("with prompt", "bare"),
    "order": ("rubric", "shuffled", "reversed"),
    "notation": ("rubric", "aliases", "declared"),
    "noise": ("none", "ocr"),
    "format": ("md", "txt", "tex", "ipynb"),
    "preamble": ("title", "front matter", "note"),
}
#: What a part is, beside how it is laid out: its planted answer's category
#: (``plants.py``) and whether its label is shared with a part defining the same symbol.
PART_TRAITS: dict[str, tuple[str, ...]] = {
    "answer": ("correct", "misconception", "wrong", "manual", "placeholder", "empty"),
    "label shared": ("no", "with other parts", "by parts defining one symbol"),
}


@dataclass(frozen=True)
class Layout:
    """One value per dimension of ``DIMENSIONS`` and a seed for the small choices."""

    scheme: str = "## Question 1 / ### (a)"
    grouping: str = "paragraphs"
    label: str = "heading"
    single: str = "with prompt"
    order: str = "rubric"
    notation: str = "rubric"
    noise: str = "none"
    format: str = "md"
    preamble: str = "title"
    seed: int = 0


@dataclass(frozen=True)
class Rendered:
    """A generated submission: file suffix, bytes, and per part the dimension values
    that shaped its answer (``applied[part_id][dimension] = value``)."""

    suffix: str
    data: bytes
    applied: dict[str, dict[str, str]] = field(default_factory=dict)


def random_layout(rng: random.Random) -> Layout:
    """A layout with every dimension drawn uniformly (for the benchmarks; tests use hypothesis)."""
    return Layout(seed=rng.randrange(10**6),
                  **{dimension: rng.choice(values) for dimension, values in DIMENSIONS.items()})


# ---------------------------------------------------------------- labels

_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")


def split_id(part_id: str) -> tuple[str, str | None]:
    """A part id's question and sub-part.

    Example:
        >>> split_id("1a.x"), split_id("1.2.M"), split_id("3.x")
        (('1', 'a'), ('1', '2'), ('3', None))
    """
    head = part_id.rsplit(".", 1)[0]
    match = re.fullmatch(r"(\d+)\.?([a-z]|\d+)?", head)
    if match is None:
        raise ValueError(f"part id {part_id!r} has no question number")
    return match[1], match[2]


def _ordinal(sub: str) -> int:
    return int(sub) if sub.isdigit() else ord(sub) - ord("a") + 1


# scheme → (question heading or None, sub label for a letter, prefix for "1.2"-style subs,
# label of a question without sub-parts)
_SCHEMES: dict[str, tuple[str | None, str, str, str]] = {
    "## Question 1 / ### (a)": ("Question {q}", "({s})", "Question ", "Question {q}"),
    "1a)": (None, "{q}{s})", "", "{q})"),
    "(a)": ("{q}.", "({s})", "", "{q}."),
    "Q1.a": (None, "Q{q}.{s}", "Q", "Q{q}"),
    "1(a)": (None, "{q}({s})", "", "{q}."),
    "(i)": ("Question {q}", "({r})", "Question ", "Question {q}"),
    "Aufgabe 1 Teil a)": ("Aufgabe {q}", "Teil {s})", "Aufgabe ", "Aufgabe {q}"),
    "Exercice 1 partie a": ("Exercice {q}", "Partie {s}", "Exercice ", "Exercice {q}"),
    "Problem 1 (a)": ("Problem {q}", "({s})", "Problem ", "Problem {q}"),
    "Pregunta 1 apartado a)": ("Pregunta {q}", "Apartado {s})", "Pregunta ", "Pregunta {q}"),
}


def labels(scheme: str, question: str, sub: str | None) -> tuple[str | None, str | None]:
    """The question heading (or None) and the sub-part label (or None) of a scheme."""
    heading, letter, dotted, alone = _SCHEMES[scheme]
    if sub is None:
        return (heading or alone).format(q=question), None
    if sub.isdigit() and scheme != "(i)":  # "1.2" stays 1.2: a letter would be another part
        return None, f"{dotted}{question}.{sub}"
    r = _ROMAN[_ordinal(sub) - 1]
    return (heading.format(q=question) if heading else None,
            letter.format(q=question, s=sub, r=r))


# ---------------------------------------------------------------- notation and noise

# A run of letters not inside a command name or a subscript.
_RUN = re.compile(r"(?<![A-Za-zℓ\\_])[A-Za-zℓ]+(?![A-Za-zℓ])")
_BOUND = re.compile(r"(\\mathcal\{O\}|O)\(([^()]|\([^()]*\))*\)|\\propto[^$]*")


def _in_bounds(text: str, change) -> str:
    return _BOUND.sub(lambda m: change(m.group(0)), text)


def _rename(bound: str, names: dict[str, str]) -> str:
    """Symbols renamed in one bound; a glued run of symbols (``tnL``) letter by letter."""
    head, _, body = bound.partition("(") if bound.startswith(("O", "\\mathcal")) else (
        "", "", bound)

    def rename(match: re.Match) -> str:
        run = match[0]
        if run in names:
            return names[run]
        return "".join(names[c] for c in run) if all(c in names for c in run) else run
    return head + ("(" if head else "") + _RUN.sub(rename, body)


def rename_symbols(text: str, names: dict[str, str]) -> str:
    """Symbols renamed inside every bound ``O(…)`` of ``text`` (sentences are left alone)."""
    return _in_bounds(text, lambda bound: _rename(bound, names)) if names else text


def ocr_noise(text: str) -> str:
    """What a scan does to a bound: ``O(`` read as ``0(``, superscripts lost (``n^2`` → ``n2``)."""
    def scan(bound: str) -> str:
        bound = re.sub(r"^(\\mathcal\{O\}|O)\(", "0(", bound)
        bound = re.sub(r"(?<![\\_])([A-Za-zℓ])\^(\d)", r"\1\2", bound)
        return bound.translate(str.maketrans({"²": "2", "³": "3"}))
    return _in_bounds(text, scan)


_FRESH_SYMBOLS = "HSWRPGCFJU"


def declared_symbols(rubric: Rubric, taken: str) -> dict[str, tuple[str, str]]:
    """For each symbol the rubric gives meanings for: a letter no one else uses and its
    meaning (``{"n": ("H", "width")}``); ``taken`` holds the text whose letters are off limits."""
    notation = rubric.notation
    used = set(notation.symbols) | set(notation.aliases) | set(re.findall(r"\b[A-Za-z]\b", taken))
    fresh = [letter for letter in _FRESH_SYMBOLS if letter not in used]
    return {symbol: (fresh.pop(0), _phrase(meanings))
            for symbol, meanings in notation.meanings.items() if meanings and fresh}


def _phrase(meanings: list[str]) -> str:
    """The first meaning a student would write as a phrase ("number of layers", not "layers")."""
    return next((m for m in meanings if " " in m), meanings[0])


def _declaration(declared: dict[str, tuple[str, str]], rng: random.Random) -> Block:
    pairs = list(declared.values())
    style = rng.randrange(3)
    if style == 0:
        said = [f"${new}$ the {meaning}" for new, meaning in pairs]
        return Block("para", "Notation: let " + said[0].replace("$ the", "$ be the", 1)
                     + "".join(f", {s}" for s in said[1:-1])
                     + (f" and {said[-1]}." if len(said) > 1 else "."))
    if style == 1:
        return Block("para", "Notation: " + ", ".join(f"{new} = {meaning}"
                                                      for new, meaning in pairs) + ".")
    return Block("list", "", items=tuple(f"${new}$: {meaning}" for new, meaning in pairs),
                 lead="Symbols I use:")


# ---------------------------------------------------------------- the document

def _part_blocks(plants: list[Plant], prompts: dict[str, str], layout: Layout,
                 applied: dict[str, dict[str, str]], rng: random.Random) -> list[Block]:
    """The blocks of one label's answers, grouped as the layout says."""
    grouping = layout.grouping
    if grouping == "table" and not all(p.one_line and "|" not in p.text for p in plants):
        grouping = "list"
    if grouping == "inline" and not all(p.one_line and p.text.strip() and ";" not in p.text
                                        for p in plants):
        grouping = "list"
    if len(plants) == 1 and layout.single == "bare":
        applied[plants[0].part_id]["single"] = "bare"
        return [Block("para", plants[0].text)]
    for plant in plants:
        applied[plant.part_id]["grouping"] = grouping
        if len(plants) == 1:
            applied[plant.part_id]["single"] = "with prompt"
    lead = {p.part_id: prompts[p.part_id].rstrip(".?") for p in plants}
    if grouping == "list":
        return [Block("list", "", items=tuple(f"{lead[p.part_id]}: {p.text}" for p in plants))]
    if grouping == "table":
        return [Block("table", "", rows=(("question", "answer"),
                                         *((lead[p.part_id], p.text) for p in plants)))]
    if grouping == "inline":
        joiner = rng.choice(("; ", ", and ", ". "))
        return [Block("para", joiner.join(f"{lead[p.part_id]}: {p.text}" for p in plants))]
    blocks = []
    for plant in plants:
        question = prompts[plant.part_id]
        blocks.append(Block("quote", question) if grouping == "quoted question"
                      else Block("para", f"*{question}*"))
        blocks.append(Block("para", plant.text))
    return blocks


def _part_traits(rubric: Rubric, plants: dict[str, Plant],
                 applied: dict[str, dict[str, str]]) -> None:
    """Record ``PART_TRAITS`` for every part."""
    every = plants_by_part(rubric.id)
    groups: dict[tuple[str, str | None], list[str]] = {}
    for part in rubric.parts:
        groups.setdefault(split_id(part.id), []).append(part.id)
    for members in groups.values():
        symbols = [defined_symbol(every.get(m, [])) for m in members]
        repeated = any(s is not None and symbols.count(s) > 1 for s in symbols)
        for member in members:
            applied[member]["answer"] = plants[member].category
            applied[member]["label shared"] = (
                "no" if len(members) == 1 else
                "by parts defining one symbol" if repeated else "with other parts")


def _ordered(items: list, order: str, rng: random.Random) -> list:
    if order == "reversed":
        return items[::-1]
    if order == "shuffled":
        items = items[:]
        rng.shuffle(items)
    return items


def _preamble(rubric: Rubric, layout: Layout) -> list[Block]:
    if layout.preamble == "front matter":
        return [Block("front matter", f"title: {rubric.title}\nauthor: Student {layout.seed}")]
    blocks = [Block("title", f"{rubric.title}: homework of student {layout.seed}")]
    if layout.preamble == "note":
        blocks.append(Block("para", "(I answered the questions in the order I did them; "
                                    "sorry for the handwriting in the scanned parts.)"))
    return blocks


def render(rubric: Rubric, plants: dict[str, Plant], layout: Layout) -> Rendered:
    """One submission for ``rubric`` answering each part with its plant, in ``layout``."""
    rng = random.Random(layout.seed)
    applied = {part_id: {"scheme": layout.scheme, "label": layout.label, "order": layout.order,
                         "format": layout.format, "preamble": layout.preamble}
               for part_id in plants}
    texts = {part_id: plant.text for part_id, plant in plants.items()}
    names: dict[str, str] = {}
    blocks = _preamble(rubric, layout)
    if layout.notation == "aliases":
        names = {symbol: alias for alias, symbol in rubric.notation.aliases.items()
                 if len(alias) == 1 or alias == "d_model"}
    elif layout.notation == "declared":
        declared = declared_symbols(rubric, " ".join(texts.values()) + " " + " ".join(
            p.prompt for p in rubric.parts))
        names = {symbol: new for symbol, (new, _) in declared.items()}
        names |= {alias: names[symbol] for alias, symbol in rubric.notation.aliases.items()
                  if symbol in names}
        if declared:
            blocks.append(_declaration(declared, rng))
    for part_id, text in texts.items():
        renamed = rename_symbols(text, names)
        applied[part_id]["notation"] = layout.notation if renamed != text else "rubric"
        noisy = ocr_noise(renamed) if layout.noise == "ocr" else renamed
        applied[part_id]["noise"] = layout.noise if noisy != renamed else "none"
        texts[part_id] = noisy
    prompts = {p.id: p.prompt for p in rubric.parts}
    questions: dict[str, dict[str | None, list[Plant]]] = {}
    for part in rubric.parts:
        question, sub = split_id(part.id)
        plant = plants[part.id]
        questions.setdefault(question, {}).setdefault(sub, []).append(
            Plant(plant.part_id, texts[part.id], plant.status, plant.points, plant.category))
    _part_traits(rubric, plants, applied)
    document = Document(blocks, [])
    for question in _ordered(list(questions), layout.order, rng):
        subs = questions[question]
        heading = labels(layout.scheme, question, next(iter(subs)))[0]
        section = Question(heading, [])
        for sub in _ordered(list(subs), layout.order, rng):
            group = _ordered(subs[sub], layout.order, rng)
            section.subs.append(Sub(labels(layout.scheme, question, sub)[1],
                                    _ordinal(sub) if sub else 0,
                                    _part_blocks(group, prompts, layout, applied, rng)))
        document.questions.append(section)
    suffix, data = render_format(document, layout.format, style=layout.label, rng=rng,
                                 enumerate_subs=layout.scheme == "Problem 1 (a)")
    return Rendered(suffix, data, applied)
