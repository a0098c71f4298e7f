"""Each answer kind's settings are typed, documented, and checked with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.checks import CHECKERS
from grader.rubric.kinds import PART_MODELS, TypedRubric
from grader.rubric.loader import load_rubric_file
from tests.conftest import ASSIGNMENT_IDS, RUBRICS
from tests.rubric.test_loader import assert_refused_naming

SCHEMA = TypedRubric.model_json_schema()


@pytest.mark.parametrize("kind", sorted(CHECKERS))
def test_every_kind_has_a_part_model_in_the_schema(kind: str):
    name = PART_MODELS[kind].__name__
    definition = SCHEMA["$defs"][name]
    assert definition["properties"]["kind"]["const"] == kind
    mapping = SCHEMA["properties"]["parts"]["items"]["discriminator"]["mapping"]
    assert mapping[kind] == f"#/$defs/{name}"


@pytest.mark.parametrize(("kind", "setting"), [
    (kind, name) for kind, checker in sorted(CHECKERS.items())
    for name in checker.Params.model_fields])
def test_every_setting_is_documented(kind: str, setting: str):
    """An editor shows the description on completion: no setting without one."""
    field = CHECKERS[kind].Params.model_fields[setting]
    assert field.description and len(field.description) > 10


@pytest.mark.parametrize("assignment", ASSIGNMENT_IDS)
def test_shipped_rubrics_load_with_typed_settings(assignment: str):
    rubric, _ = load_rubric_file(RUBRICS / f"{assignment}.yaml")
    for part in rubric.parts:
        assert isinstance(part, PART_MODELS[part.kind])
        assert isinstance(part.params, CHECKERS[part.kind].Params)


HEAD = "id: demo\ntitle: Demo\nparts:\n  - id: p0\n    points: 1\n    kind: manual\n"

# (a part's YAML lines after "kind", substrings the error must name): one
# unknown or mistyped setting per kind that takes settings, and the tag errors.
BAD_SETTINGS = [
    ("    kind: choice\n    params:\n      expected: 'yes'\n      no_patern: [x]\n",
     ["parts[1].params.no_patern (line 12)", "not a setting of a choice part", "no_patterns"]),
    ("    kind: complexity\n    params:\n      companion: ['O(n)']\n",
     ["parts[1].params.companion (line 11)", "not a setting of a complexity part",
      "companions"]),
    ("    kind: expression\n    params:\n      integer_symbol: [D]\n",
     ["parts[1].params.integer_symbol (line 11)", "integer_symbols"]),
    ("    kind: expression\n    params:\n      samples: many\n",
     ["parts[1].params.samples (line 11)", "integer"]),
    ("    kind: table\n    params:\n      rows: [x]\n      tolerence: 0.1\n",
     ["parts[1].params.tolerence (line 12)", "tolerance"]),
    ("    kind: table\n    params:\n      labels: {x: [x_t]}\n",
     ["parts[1].params.rows (line 11)", "Field required"]),
    ("    kind: free_text\n    params:\n      concepts:\n        - {name: a, points: 1}\n",
     ["parts[1].params.concepts[0].patterns (line 12)", "Field required"]),
    ("    kind: property\n    params: {fn: check}\n",
     ["parts[1].params.fn (line 10)", "function"]),
    ("    kind: identity\n    params: {target: t, definition: d, terms: [KL]}\n",
     ["parts[1].params.terms (line 10)", "form_terms"]),
    ("    kind: manual\n    params: {anything: 1}\n",
     ["parts[1].params.anything (line 10)", "its settings: none"]),
    ("    kind: choise\n", ["parts[1].kind (line 9)", "unknown kind 'choise'", "choice"]),
    ("    params: {expected: 'no'}\n", ["parts[1] (line 7)", "kind is required"]),
]


@pytest.mark.parametrize(("part", "fragments"), BAD_SETTINGS)
def test_a_bad_setting_names_file_field_and_line(tmp_path: Path, part: str,
                                                 fragments: list[str]):
    path = tmp_path / "demo.yaml"
    path.write_text(HEAD + "  - id: p1\n    points: 1\n" + part)
    assert_refused_naming(path, fragments)


WALKTHROUGH = (RUBRICS.parent / "docs" / "writing-an-assignment.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("kind", "setting"), [
    (kind, name) for kind, checker in sorted(CHECKERS.items())
    for name in (*checker.Params.model_fields, "")])
def test_the_walkthrough_documents_every_kind_and_setting(kind: str, setting: str):
    assert f"**`{kind}`**" in WALKTHROUGH
    if setting:
        assert f"`{setting}`" in WALKTHROUGH


@pytest.mark.parametrize("field", sorted(PART_MODELS["choice"].model_fields))
def test_the_walkthrough_documents_every_part_field(field: str):
    assert f"| `{field}` |" in WALKTHROUGH
