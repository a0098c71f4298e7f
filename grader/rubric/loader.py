"""Load a rubric from YAML, with errors that name the field and the line."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from grader.errors import RubricError
from grader.rubric.kinds import TypedRubric
from grader.rubric.models import Rubric

RUBRICS_DIR_ENV = "GRADER_RUBRICS_DIR"


def rubric_dirs() -> list[Path]:
    """Where rubric ids are looked up, first match wins.

    ``$GRADER_RUBRICS_DIR``, then ``./rubrics``, then the ``rubrics/`` folder
    of the checkout the package runs from (the default set-up is editable).
    """
    dirs = []
    if os.environ.get(RUBRICS_DIR_ENV):
        dirs.append(Path(os.environ[RUBRICS_DIR_ENV]))
    dirs.append(Path.cwd() / "rubrics")
    dirs.append(Path(__file__).resolve().parents[2] / "rubrics")
    return dirs


def find_rubric(assignment: str) -> Path:
    """Resolve an assignment id or a YAML path to a rubric file."""
    as_path = Path(assignment)
    if as_path.suffix in (".yaml", ".yml") or as_path.is_file():
        if not as_path.is_file():
            raise RubricError(f"{assignment}: no such rubric file")
        return as_path
    for folder in rubric_dirs():
        for suffix in (".yaml", ".yml"):
            candidate = folder / f"{assignment}{suffix}"
            if candidate.is_file():
                return candidate
    known = sorted({p.stem for d in rubric_dirs() if d.is_dir() for p in d.glob("*.y*ml")})
    raise RubricError(f"unknown assignment {assignment!r}; known: {', '.join(known) or 'none'}")


def load_rubric_file(path: Path) -> tuple[Rubric, str]:
    """Parse and validate one rubric file; return it with its text's hash.

    Each part's ``params`` are validated by its kind's settings model
    (``kinds.py``), so a setting the kind does not read is an error here.

    Raises:
        RubricError: naming the file, the field path and the line of each problem.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"{path}: cannot read: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RubricError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RubricError(f"{path}: a rubric is a mapping with id, title and parts")
    try:
        rubric = TypedRubric.model_validate(data)
    except ValidationError as exc:
        # The node tree gives the errors their lines; parsing the text a second time
        # for it is left to the files that have errors (what loaded, composes).
        raise RubricError(describe_validation_error(path, exc, yaml.compose(text))) from exc
    return rubric, hashlib.sha256(text.encode()).hexdigest()[:16]


def describe_validation_error(path: Path, exc: ValidationError, tree: yaml.Node | None,
                              prefix: tuple[Any, ...] = ()) -> str:
    """One line per problem: field path, YAML line, message.

    ``prefix`` places the validated object inside the file, e.g.
    ``("parts", 3, "params")`` for a checker's params.
    """
    lines = [f"{path}: {exc.error_count()} problem(s)"]
    for error in exc.errors():
        loc, kind = _untagged(tree, (*prefix, *error["loc"]))
        loc, message = _tag_error(error, loc, kind)
        line = _line_of(tree, loc)
        where = f"line {line}" if line else "top level"
        lines.append(f"  {_dotted(loc)} ({where}): {message}")
    return "\n".join(lines)


def locate(path: Path, loc: tuple[Any, ...], message: str) -> str:
    """``message`` prefixed with the file, the field path and its line."""
    tree = yaml.compose(path.read_text(encoding="utf-8"))
    return f"{path}: {_dotted(loc)} (line {_line_of(tree, loc)}): {message}"


def _tag_error(error: Any, loc: tuple[Any, ...], kind: str | None) -> tuple[tuple[Any, ...], str]:
    """Errors worded for an instructor: a discriminated union's own (unknown or
    missing ``kind``), placed on the tag field, and a setting the part's kind
    does not have, with the settings it has."""
    ctx = error.get("ctx") or {}
    tag = str(ctx.get("discriminator", "")).strip("'")
    if error["type"] == "union_tag_invalid":
        return (*loc, tag), (f"unknown {tag} {ctx['tag']!r}; known: "
                             f"{ctx['expected_tags'].replace(chr(39), '')}")
    if error["type"] == "union_tag_not_found":
        return loc, f"{tag} is required"
    if error["type"] == "extra_forbidden" and kind and len(loc) >= 2 and loc[-2] == "params":
        from grader.rubric.kinds import settings_fields

        known = ", ".join(settings_fields(kind)) or "none"
        return loc, f"{loc[-1]!r} is not a setting of a {kind} part (its settings: {known})"
    return loc, error["msg"]


def _untagged(node: yaml.Node | None,
              loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str | None]:
    """``loc`` without the tag a discriminated union inserts, and that tag: a
    part's errors come as ``parts.3.choice.params.x``, where ``choice`` is the
    part's ``kind`` and no key of the file."""
    out: list[Any] = []
    tag = None
    for item in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(item, str):
            keys = {k.value: v for k, v in node.value}
            kind = keys.get("kind")
            if item not in keys and isinstance(kind, yaml.ScalarNode) and kind.value == item:
                tag = item
                continue
            node = keys.get(item)
        elif isinstance(node, yaml.SequenceNode) and isinstance(item, int):
            node = node.value[item] if item < len(node.value) else None
        else:
            node = None
        out.append(item)
    return tuple(out), tag


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for item in loc:
        text += f"[{item}]" if isinstance(item, int) else (f".{item}" if text else str(item))
    return text or "(root)"


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest YAML node that ``loc`` reaches."""
    line = node.start_mark.line + 1 if node is not None else None
    for item in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == item), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(item, int):
            child = node.value[item] if item < len(node.value) else None
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line
