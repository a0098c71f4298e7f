"""A rubric joined with its reference module: everything needed to grade.

Loading an assignment validates each part's ``params`` against its checker
and runs the reference module once, so a broken rubric or reference fails
here, before any submission is read.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from grader.checks import PartKey, get_checker
from grader.errors import ReferenceModuleError, RubricError
from grader.notation import Notation
from grader.rubric.loader import (
    describe_validation_error,
    find_rubric,
    load_rubric_file,
    locate,
)
from grader.rubric.models import NotationSpec, Part, Rubric

REFERENCE_DIR_ENV = "GRADER_REFERENCE_DIR"


@dataclass(frozen=True)
class Assignment:
    """A validated rubric, its computed keys, and a version hash.

    ``version`` changes whenever the rubric text or the reference module's
    source changes, so caches keyed on it are invalidated by either.
    """

    rubric: Rubric
    path: Path
    version: str
    keys: dict[str, PartKey]
    #: Per part, a hash of what its verdicts depend on in the rubric and the
    #: reference module: a rubric change regrades only the parts whose hash moved.
    fingerprints: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.rubric.id


def load_assignment(assignment: str | Path) -> Assignment:
    """Load ``rubrics/<id>.yaml`` (or a YAML path) and compute its reference answers.

    Example:
        >>> load_assignment("seqmodels-a5").rubric.max_score
        46.0
    """
    path = find_rubric(str(assignment))
    rubric, rubric_hash = load_rubric_file(path)
    module, module_hash = _load_reference_module(rubric, path)
    keys = {part.id: _part_key(rubric, index, part, module, path)
            for index, part in enumerate(rubric.parts)}
    version = hashlib.sha256(f"{rubric_hash}:{module_hash}".encode()).hexdigest()[:16]
    fingerprints = {part.id: part_fingerprint(keys[part.id], rubric, module_hash)
                    for part in rubric.parts}
    return Assignment(rubric, path, version, keys, fingerprints)


def part_fingerprint(key: PartKey, rubric: Rubric, module_hash: str) -> str:
    """The part as written (with the notation it reads in), the values the
    reference computed for it, and, when its settings name a function of the
    reference module, the module's source (that function may call any other)."""
    pieces = [key.part.model_dump_json(), (key.part.notation or rubric.notation)
              .model_dump_json(), _value_text(key.reference),
              *(_value_text(v) for _, v in key.accepted),
              *(_value_text(v) for _, v in key.misconceptions)]
    names = {v for v in _strings(key.part.params)}
    if key.module is not None and any(callable(getattr(key.module, n, None)) for n in names):
        pieces.append(module_hash)
    return hashlib.sha256("\0".join(pieces).encode()).hexdigest()[:16]


def _value_text(value: Any) -> str:
    """A stable text of a computed value (arrays by their bytes: repr truncates them)."""
    if hasattr(value, "tobytes") and hasattr(value, "shape"):
        return f"{value.shape}:{value.dtype}:{hashlib.sha256(value.tobytes()).hexdigest()}"
    return repr(value)


def _strings(value: Any) -> list[str]:
    if isinstance(value, BaseModel):
        return _strings(value.model_dump())
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def reference_dirs(rubric_path: Path) -> list[Path]:
    dirs = [Path(os.environ[REFERENCE_DIR_ENV])] if os.environ.get(REFERENCE_DIR_ENV) else []
    return [*dirs, rubric_path.resolve().parent.parent / "reference",
            Path(__file__).resolve().parents[2] / "reference"]


def _load_reference_module(rubric: Rubric, rubric_path: Path) -> tuple[ModuleType | None, str]:
    if rubric.reference is None:
        return None, "none"
    for folder in reference_dirs(rubric_path):
        source = folder / f"{rubric.reference}.py"
        # The name is an identifier (models.py); a symlink must not lead out either.
        if source.is_file() and source.resolve().parent == folder.resolve():
            break
    else:
        raise RubricError(f"{rubric_path}: reference module {rubric.reference!r} not found in "
                          + ", ".join(str(d) for d in reference_dirs(rubric_path)))
    spec = importlib.util.spec_from_file_location(f"grader_reference.{rubric.reference}", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise ReferenceModuleError(f"{source}: failed to import: {exc!r}") from exc
    return module, hashlib.sha256(source.read_bytes()).hexdigest()[:16]


def _part_key(rubric: Rubric, index: int, part: Part, module: ModuleType | None,
              path: Path) -> PartKey:
    try:
        checker = get_checker(part.kind)
    except KeyError as exc:
        raise RubricError(locate(path, ("parts", index, "kind"), str(exc.args[0]))) from None
    try:
        # A loaded part's params are already its kind's model (kinds.py); a
        # part built by hand may carry a dict.
        params = part.params if isinstance(part.params, checker.Params) \
            else checker.Params.model_validate(part.params)
    except ValidationError as exc:
        tree = yaml.compose(path.read_text(encoding="utf-8"))
        raise RubricError(describe_validation_error(
            path, exc, tree, prefix=("parts", index, "params"))) from None

    def compute(name: str | None, what: str) -> Any:
        if name is None:
            return None
        if module is None or not callable(getattr(module, name, None)):
            raise RubricError(locate(path, ("parts", index, what),
                                       f"reference function {name!r} not found"))
        try:
            return getattr(module, name)()
        except Exception as exc:
            raise ReferenceModuleError(f"part {part.id}: {name}() failed: {exc!r}") from exc

    return PartKey(
        part=part,
        params=params,
        notation=_notation(part.notation or rubric.notation),
        reference=compute(part.reference, "reference"),
        accepted=tuple((form, form.answer if form.answer is not None
                        else compute(form.reference, "accept")) for form in part.accept),
        misconceptions=tuple((m, m.answer if m.answer is not None
                              else compute(m.reference, "misconceptions"))
                             for m in part.misconceptions),
        module=module,
    )


def _notation(spec: NotationSpec) -> Notation:
    return Notation(tuple(spec.symbols), dict(spec.aliases), densities=tuple(spec.densities))
