"""The identity checker: the ELBO derivation graded by its final line."""

from __future__ import annotations

import types

import pytest
import sympy
from sympy import Integral, Tuple, log

from grader.answer import Answer
from grader.checks.base import PartKey
from grader.checks.identity import (
    IdentityChecker,
    IdentityParams,
    Step,
    derivation_rows,
    grade_steps,
    load_reference,
)
from grader.errors import ReferenceModuleError
from grader.mathread.objects import KL, Expect, Prob
from grader.maths.probability import LatentModel
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import Misconception, Part

x, z, p, q = sympy.symbols("x z p q")
#: The ELBO's letters, as its rubric part declares them.
ELBO = LatentModel(observed="x", latent="z", model="p", approximation="q")


def P(name: sympy.Symbol, outcome: tuple, given: tuple = ()) -> Prob:
    return Prob(name, Tuple(*outcome), Tuple(*given))


Q_ZX = P(q, (z,), (x,))
P_XZ = P(p, (x, z))
P_X_GIVEN_Z = P(p, (x,), (z,))
P_Z_GIVEN_X = P(p, (z,), (x,))
P_Z = P(p, (z,))
P_X = P(p, (x,))

DEFINITION = Integral(Q_ZX * log(P_XZ / Q_ZX), z)
TARGET = Expect(Q_ZX, log(P_X_GIVEN_Z)) - KL(Q_ZX, P_Z)

MODULE = types.SimpleNamespace(elbo_target=lambda: TARGET, elbo_definition=lambda: DEFINITION)

MISCONCEPTIONS = (
    Misconception(id="not_asked_form", points=2, feedback="Equal, but not in the asked form."),
    Misconception(id="sign_error", points=0, feedback="Check the sign of the KL term."),
    Misconception(id="evidence_left_in", points=0, feedback="log p(x) is still there."),
)


def make_key(misconceptions: tuple[Misconception, ...] = MISCONCEPTIONS,
             module: object = MODULE, **params: object) -> PartKey:
    part = Part(id="3.elbo_identity", points=4, kind="identity",
                misconceptions=list(misconceptions))
    settings = IdentityParams(target="elbo_target", definition="elbo_definition",
                              variables=ELBO, left_sides=["L", "ELBO"], quantity="the ELBO",
                              **params)
    return PartKey(part=part, params=settings, notation=Notation(),
                   misconceptions=tuple((m, None) for m in misconceptions),
                   module=module)  # type: ignore[arg-type]


def grade(*exprs: sympy.Basic | None, key: PartKey | None = None):
    key = key or make_key()
    steps = [Step(i + 1, f"line {i + 1}", e) for i, e in enumerate(exprs)]
    return grade_steps(steps, key, load_reference(key))


FINAL_LINES = [
    # (name, final expression, status, score, matched)
    ("the asked form", TARGET, Status.CORRECT, 4, None),
    ("the asked form, terms swapped", -KL(Q_ZX, P_Z) + Expect(Q_ZX, log(P_X_GIVEN_Z)),
     Status.CORRECT, 4, None),
    ("bare E for the reconstruction term",
     Expect(sympy.S.EmptySet, log(P_X_GIVEN_Z)) - KL(Q_ZX, P_Z), Status.CORRECT, 4, None),
    ("reconstruction term as an integral",
     Integral(Q_ZX * log(P_X_GIVEN_Z), z) - KL(Q_ZX, P_Z), Status.CORRECT, 4, None),
    ("E_q[log p(x,z) - log q]", Expect(Q_ZX, log(P_XZ) - log(Q_ZX)),
     Status.PARTIAL, 2, "not_asked_form"),
    ("the definition itself", DEFINITION, Status.PARTIAL, 2, "not_asked_form"),
    ("log p(x) - KL(q || p(z|x))", log(P_X) - KL(Q_ZX, P_Z_GIVEN_X),
     Status.PARTIAL, 2, "not_asked_form"),
    ("KL written out as an integral",
     Expect(Q_ZX, log(P_X_GIVEN_Z)) - Integral(Q_ZX * log(Q_ZX / P_Z), z),
     Status.PARTIAL, 2, "not_asked_form"),
    ("three expectations",
     Expect(Q_ZX, log(P_X_GIVEN_Z)) + Expect(Q_ZX, log(P_Z)) - Expect(Q_ZX, log(Q_ZX)),
     Status.PARTIAL, 2, "not_asked_form"),
    ("sign error", Expect(Q_ZX, log(P_X_GIVEN_Z)) + KL(Q_ZX, P_Z), Status.INCORRECT, 0,
     "sign_error"),
    ("negative ELBO", KL(Q_ZX, P_Z) - Expect(Q_ZX, log(P_X_GIVEN_Z)), Status.INCORRECT, 0,
     "sign_error"),
    ("log p(x) left in", TARGET + log(P_X), Status.INCORRECT, 0, "evidence_left_in"),
    ("p(z|x) in the KL", Expect(Q_ZX, log(P_X_GIVEN_Z)) - KL(P_Z_GIVEN_X, P_Z),
     Status.INCORRECT, 0, None),
]


@pytest.mark.parametrize(("name", "final", "status", "score", "matched"), FINAL_LINES,
                         ids=[c[0] for c in FINAL_LINES])
def test_final_line_decides(name: str, final: sympy.Basic, status: Status, score: float,
                            matched: str | None) -> None:
    outcome = grade(DEFINITION, final)
    assert (outcome.status, outcome.score, outcome.matched) == (status, score, matched)


def test_not_equal_feedback_names_the_error_and_notes_carry_numbers() -> None:
    outcome = grade(DEFINITION, Expect(Q_ZX, log(P_X_GIVEN_Z)) - KL(P_Z_GIVEN_X, P_Z))
    assert "not equal to the ELBO" in outcome.feedback[0]
    assert any("vs definition" in n for n in outcome.ta_notes)


def test_misconception_feedback_comes_from_the_rubric() -> None:
    outcome = grade(DEFINITION, Expect(Q_ZX, log(P_XZ) - log(Q_ZX)))
    assert outcome.feedback[0] == "Equal, but not in the asked form."


def test_absent_misconception_falls_back_to_zero_points() -> None:
    outcome = grade(DEFINITION, Expect(Q_ZX, log(P_XZ) - log(Q_ZX)), key=make_key(()))
    assert (outcome.status, outcome.score, outcome.matched) == (
        Status.INCORRECT, 0, "not_asked_form")
    assert outcome.feedback


def test_wrong_middle_step_keeps_full_credit_and_is_named() -> None:
    wrong = Integral(Q_ZX * (log(P_Z / P_Z_GIVEN_X) + log(P_X_GIVEN_Z / P_Z_GIVEN_X)), z)
    outcome = grade(DEFINITION, Integral(Q_ZX * log(P_Z * P_X_GIVEN_Z / Q_ZX), z), wrong, wrong,
                    TARGET)
    assert (outcome.status, outcome.score) == (Status.CORRECT, 4)
    assert outcome.feedback == ("Step 3 (line 3) does not follow from step 2.",)


def test_a_different_start_is_named() -> None:
    start = Integral(Q_ZX * log(P_Z_GIVEN_X / Q_ZX), z)
    outcome = grade(start, Expect(Q_ZX, log(P_XZ) - log(Q_ZX)))
    assert outcome.status is Status.PARTIAL
    assert outcome.feedback[1] == "Step 1 (line 1) is not the ELBO as defined in the question."
    assert outcome.feedback[2] == "Step 2 (line 2) does not follow from step 1."


def test_a_clean_derivation_has_no_step_feedback() -> None:
    outcome = grade(DEFINITION, Expect(Q_ZX, log(P_XZ) - log(Q_ZX)),
                    Expect(Q_ZX, log(P_X_GIVEN_Z)) + Expect(Q_ZX, log(P_Z) - log(Q_ZX)), TARGET)
    assert outcome.status is Status.CORRECT
    assert outcome.feedback == ()


def test_nothing_readable_needs_review() -> None:
    outcome = grade(None, None)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.feedback == ("could not read the derivation",)


def test_unreadable_lines_are_skipped_and_counted() -> None:
    outcome = grade(DEFINITION, None, TARGET)
    assert outcome.status is Status.CORRECT
    assert "3 steps found, 1 could not be read" in outcome.ta_notes


def test_unsupported_final_expression_needs_review() -> None:
    outcome = grade(DEFINITION, Expect(Q_ZX, log(P(sympy.Symbol("r"), (z,)))))
    assert outcome.status is Status.NEEDS_REVIEW


def test_unreadable_last_line_never_makes_the_answer_wrong() -> None:
    outcome = grade(DEFINITION, Expect(Q_ZX, log(P_X_GIVEN_Z)), None)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.feedback == ("the last line of the derivation could not be read",)


def test_unreadable_last_line_after_a_right_line_stays_correct() -> None:
    outcome = grade(DEFINITION, TARGET, None)
    assert outcome.status is Status.CORRECT
    assert any("could not be read; graded step 2" in n for n in outcome.ta_notes)


def test_bare_expectation_reading_is_noted() -> None:
    outcome = grade(DEFINITION, Expect(sympy.S.EmptySet, log(P_XZ) - log(Q_ZX)))
    assert any("bare E" in n for n in outcome.ta_notes)


def test_missing_reference_function_is_a_reference_error() -> None:
    key = make_key(module=types.SimpleNamespace(elbo_target=lambda: TARGET))
    with pytest.raises(ReferenceModuleError):
        load_reference(key)


def test_params_forbid_unknown_settings() -> None:
    with pytest.raises(ValueError, match="extra"):
        IdentityParams(target="a", definition="b", variables=ELBO, left_sides=["L"],
                       quantity="it", tolerance=1)  # type: ignore[call-arg]
    assert IdentityParams(target="a", definition="b", variables=ELBO, left_sides=["L"],
                          quantity="it").form_terms == ["Expect", "KL"]


def test_checker_is_registered() -> None:
    from grader.checks import get_checker
    assert isinstance(get_checker("identity"), IdentityChecker)
    assert IdentityChecker.Params is IdentityParams


ROWS = [
    # (text, step texts)
    ("$$L(q) = a$$\n$$= b$$", ["a", "b"]),
    ("$$c3 \\quad L(q) = a$$\nApplying Bayes\n$$L(q) = b$$", ["a", "b"]),
    ("$$\\mathcal{L}(q) = a$$", ["a"]),
    ("$$a$$\n\n$$= b.$$", ["a", "b"]),
    ("$$= - a$$\n\n$$+ b$$", ["- a + b"]),
    ("$$L(q) = -c \\\\ + d$$", ["-c + d"]),
    ("$$\\begin{aligned} L(q) &= a \\\\ &= b \\end{aligned}$$", ["a", "b"]),
    ("$$L(q) = a$$\nReconstruction term is:\n$$E[b]$$\nRegularization\n$$- c$$", ["a"]),
    ("$$L(q) = a$$\n$$b$$", ["a", "b"]),
    ("$$L(q) = a$$\nwhere\n= b", ["a", "b"]),
    ("$L(q) = a$ and some words", ["a and some words"]),
    ("Just words\nand more words", []),
    ("\\[ L(q) = a \\]", ["a"]),
]


@pytest.mark.parametrize(("text", "rows"), ROWS)
def test_derivation_rows(text: str, rows: list[str]) -> None:
    assert derivation_rows(text, ("L", "ELBO")) == rows


def test_check_reads_prose_without_maths_as_needing_review() -> None:
    outcome = IdentityChecker().check(Answer("3.elbo_identity", "I am not sure."), make_key())
    assert outcome.status is Status.NEEDS_REVIEW


# ---------------------------------------------------------------- text level

def check_text(text: str):
    return IdentityChecker().check(Answer("3.elbo_identity", text), make_key())


CLEAN = r"""$$L(q) = \int q(z|x) \log \frac{p(x,z)}{q(z|x)} dz$$
$$= \int q(z|x) \log \frac{p(x|z) p(z)}{q(z|x)} dz$$
$$= \int q(z|x) \log p(x|z) dz - \int q(z|x) \log \frac{q(z|x)}{p(z)} dz$$
$$= \mathbb{E}_{q(z|x)}[\log p(x|z)] - \mathrm{KL}(q(z|x) \| p(z))$$"""

TEXT_CASES = [
    # (name, text, status, score)
    ("clean derivation", CLEAN, Status.CORRECT, 4),
    ("one line, inline maths", r"$L(q) = \mathbb{E}_{q(z|x)}[\log p(x|z)] - KL(q(z|x) \| p(z))$",
     Status.CORRECT, 4),
    ("E_q and a bare q in the KL", r"$$L(q) = \mathbb{E}_q[\log p(x|z)] - D_{KL}(q \| p(z))$$",
     Status.CORRECT, 4),
    ("bare E", r"$$L(q) = E[\log p(x|z)] - KL(q(z|x) || p(z))$$", Status.CORRECT, 4),
    ("dropped dz", "$$L(q) = \\int q(z|x) \\log p(x|z) - \\int q(z|x) \\log "
     "\\frac{q(z|x)}{p(z)}$$\n$$= \\mathbb{E}_{q(z|x)}[\\log p(x|z)] - KL(q(z|x) \\| p(z))$$",
     Status.CORRECT, 4),
    ("aligned environment", "$$\\begin{aligned} L(q) &= \\mathbb{E}_{q(z|x)}[\\log p(x,z) - "
     "\\log q(z|x)] \\\\ &= \\mathbb{E}_{q(z|x)}[\\log p(x|z)] - KL(q(z|x) \\| p(z)) "
     "\\end{aligned}$$", Status.CORRECT, 4),
    ("terms named afterwards",
     CLEAN + "\nThe reconstruction term is\n$$\\mathbb{E}_{q(z|x)}[\\log p(x|z)]$$\n"
     "and the regulariser\n$$- KL(q(z|x) \\| p(z))$$", Status.CORRECT, 4),
    ("not the asked form", r"$$L(q) = \mathbb{E}_{q(z|x)}[\log p(x, z) - \log q(z|x)]$$",
     Status.PARTIAL, 2),
    ("sign error", r"$$L(q) = \mathbb{E}_{q(z|x)}[\log p(x|z)] + KL(q(z|x) \| p(z))$$",
     Status.INCORRECT, 0),
    ("log p(x) left in", r"$$L(q) = \log p(x) - KL(q(z|x) \| p(z))$$", Status.INCORRECT, 0),
    ("garbled", "$$L(q) = E [log p (x|z)] - KL (q|z|x) [| p(z))$$", Status.NEEDS_REVIEW, 0),
    ("prose only", "The ELBO is the expected log-likelihood minus a KL term.",
     Status.NEEDS_REVIEW, 0),
    ("right line then an unreadable last line",
     "$$L(q) = \\mathbb{E}_{q(z|x)}[\\log p(x, z) - \\log q(z|x)]$$\n"
     "$$= E [log p (x|z)] - KL (q|z|x) [| p(z))$$",
     Status.NEEDS_REVIEW, 2),
]


@pytest.mark.parametrize(("name", "text", "status", "score"), TEXT_CASES,
                         ids=[c[0] for c in TEXT_CASES])
def test_text_answers(name: str, text: str, status: Status, score: float) -> None:
    outcome = check_text(text)
    assert (outcome.status, outcome.score) == (status, score), outcome


def test_multi_line_step_is_joined() -> None:
    text = ("$$L(q) = \\int q(z|x) \\log \\frac{p(x,z)}{q(z|x)} dz$$\n"
            "$$L(q) = -D_{KL}(q(z|x) \\parallel p(z)) \\\\ + \\mathbb{E}_{q(z|x)} (\\log p(x|z))$$")
    outcome = check_text(text)
    assert (outcome.status, outcome.feedback) == (Status.CORRECT, ())


# The seeds' answers to Q3, cut out of the submissions by their own headings.
SEED_SECTIONS = [
    # (file prefix, start marker, end marker, acceptable statuses)
    ("000_", "Solution -3", "Solution-4", {Status.CORRECT}),
    ("001_", "<6>", "24)", {Status.PARTIAL, Status.CORRECT}),
    ("002_", "Page No.: $L(q)", "Sy f(p,q)", {Status.CORRECT, Status.NEEDS_REVIEW}),
]


def seed_section(prefix: str, start: str, end: str) -> str:
    from tests.conftest import SEEDS

    paths = sorted(SEEDS.glob(f"{prefix}*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix}* not found in {SEEDS}")
    text = paths[0].read_text(encoding="utf-8")
    start_at = text.index(start)
    return text[start_at:text.index(end, start_at)]


@pytest.mark.parametrize(("prefix", "start", "end", "statuses"), SEED_SECTIONS,
                         ids=[c[0] for c in SEED_SECTIONS])
def test_seed_derivations(prefix: str, start: str, end: str, statuses: set[Status]) -> None:
    outcome = check_text(seed_section(prefix, start, end))
    assert outcome.status in statuses, outcome


def test_seed_000_wrong_middle_step_is_named_with_full_credit() -> None:
    outcome = check_text(seed_section("000_", "Solution -3", "Solution-4"))
    assert (outcome.status, outcome.score) == (Status.CORRECT, 4)
    assert len(outcome.feedback) == 1
    assert outcome.feedback[0].startswith("Step 3 (\\int q(z|x) (\\log (\\frac{p(z)}{p(z|x)}")
    assert outcome.feedback[0].endswith("does not follow from step 2.")
    assert "6 steps found, 0 could not be read" in outcome.ta_notes


def test_seed_001_ends_equal_but_not_in_the_asked_form() -> None:
    outcome = check_text(seed_section("001_", "<6>", "24)"))
    assert (outcome.status, outcome.score, outcome.matched) == (
        Status.PARTIAL, 2, "not_asked_form")
    assert any(f.startswith("Step 1 ") for f in outcome.feedback)
    assert any(f.startswith("Step 4 ") and f.endswith("from step 3.") for f in outcome.feedback)


# ---------------------------------------------------------------- other letters
# The letters come from the part's settings: the same identity written with an
# observed y, a latent h, a model density f and an approximation g is graded alike.
y, h, f, g = sympy.symbols("y h f g")
G_HY, F_YH, F_Y_GIVEN_H, F_H, F_Y = (P(g, (h,), (y,)), P(f, (y, h)), P(f, (y,), (h,)),
                                      P(f, (h,)), P(f, (y,)))
OTHER = LatentModel(observed="y", latent="h", model="f", approximation="g")
OTHER_TARGET = Expect(G_HY, log(F_Y_GIVEN_H)) - KL(G_HY, F_H)
OTHER_MODULE = types.SimpleNamespace(
    bound_target=lambda: OTHER_TARGET,
    bound_definition=lambda: Integral(G_HY * log(F_YH / G_HY), h))


def other_key() -> PartKey:
    part = Part(id="1.bound", points=4, kind="identity", misconceptions=list(MISCONCEPTIONS))
    settings = IdentityParams(target="bound_target", definition="bound_definition",
                              variables=OTHER, left_sides=["F"], quantity="the bound")
    return PartKey(part=part, params=settings, notation=Notation(),
                   misconceptions=tuple((m, None) for m in MISCONCEPTIONS),
                   module=OTHER_MODULE)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "final", "status", "matched"), [
    ("the asked form", OTHER_TARGET, Status.CORRECT, None),
    ("the sum over h written out", Integral(G_HY * log(F_Y_GIVEN_H), h) - KL(G_HY, F_H),
     Status.CORRECT, None),
    ("sign error", Expect(G_HY, log(F_Y_GIVEN_H)) + KL(G_HY, F_H), Status.INCORRECT,
     "sign_error"),
    ("evidence left in", OTHER_TARGET + log(F_Y), Status.INCORRECT, "evidence_left_in"),
    ("the ELBO's letters are unknown here", TARGET, Status.NEEDS_REVIEW, None),
])
def test_the_letters_are_the_parts(name: str, final: sympy.Basic, status: Status,
                                   matched: str | None) -> None:
    key = other_key()
    outcome = grade_steps([Step(1, "line 1", final)], key, load_reference(key))
    assert (outcome.status, outcome.matched) == (status, matched)


@pytest.mark.parametrize(("text", "rows"), [
    ("$$F(g) = a$$\n$$= b$$", ["a", "b"]),
    ("$$\\mathcal{F} = a$$", ["a"]),
    # L is not a left side of this part: the first row is kept whole, the second is prose-separated
    ("$$L(q) = a$$\nwords\n$$L(q) = b$$", ["L(q) = a"]),
])
def test_left_sides_are_the_parts(text: str, rows: list[str]) -> None:
    assert derivation_rows(text, ("F",)) == rows
