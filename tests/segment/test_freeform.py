"""The free-form reader on the real seeds and on small hand-made rubrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.rubric.loader import load_rubric_file
from grader.rubric.models import Cues, Part, Rubric
from grader.segment.cues import _RubricCues
from grader.segment.freeform import segment_freeform
from grader.segment.garble import garble_factor
from grader.segment.labels import parse_label
from grader.segment.tables import (
    _BOUND,
    _has_number_grid,
    _has_vector_list,
    _spread_grid_tables,
    _table_cells,
)
from grader.segment.text import _clauses
from grader.segment.words import one_slip_apart as _one_slip_apart

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / ".." / "shared" / "seeds"
RUBRIC_OF = {"000": "seqmodels-a5", "001": "seqmodels-a5", "002": "seqmodels-a5",
             "003": "kernel-attention-hw2", "004": "rnn-attention-hw2"}


def _seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip(f"seed {prefix} not available")
    rubric = load_rubric_file(REPO / "rubrics" / f"{RUBRIC_OF[prefix]}.yaml")[0]
    return segment_freeform(path.read_text(encoding="utf-8"), rubric)


@pytest.fixture(scope="module")
def seeds():
    return {prefix: _seed(prefix) for prefix in RUBRIC_OF}


# ---------------------------------------------------------------- labels

# ---------------------------------------------------------------- seeds

CONTAINS = [
    # (seed, part, text the answer contains)
    ("000", "1a.rnn_train_space", r"\propto t \times n \times l"),
    ("000", "1a.rnn_test_space", r"\propto n \times l"),
    ("000", "1a.tf_train_time", r"l^2 \times n \times l"),
    ("000", "1a.tf_test_time", r"l^2 \times n \times l"),      # one answer, two parts
    ("000", "1d.ffn_across_tokens", "feed forward network"),    # labelled "2d)"
    ("000", "2b.average_query", "q = k_a + k_b"),
    ("000", "3.elbo_identity", r"D_{KL}"),
    ("000", "4a.gda_table", "q\t1\t2\t1\t-1\t-2\t-1\t1"),
    ("000", "4b.converges", "not possible to reach the optimal"),
    ("000", "4c.equilibrium", "Nash equilibrium"),
    ("001", "1a.rnn_train_time", r"O(t \cdot n^2 \cdot L)"),
    ("001", "1a.rnn_test_space", r"O(n \cdot d)"),
    ("001", "1a.tf_train_space", r"O(t^2 \cdot n^2 \cdot L)"),
    ("001", "1d.layernorm_across_tokens", "layer norm does not look across tokens"),
    ("001", "1d.ffn_across_tokens", "feed forward network does look"),
    ("001", "2a.attention_weights", "softmax"),
    ("001", "3.elbo_terms", "Reconstruction term"),
    ("001", "4a.gda_table", "1\t0\t-2\t-4\t-4\t0\t8"),          # labelled "2a)" after "24)"
    ("001", "4b.converges", "will not converge"),
    ("002", "1d.ffn_across_tokens", "No feed forward network and layer norm"),
    ("002", "1d.layernorm_across_tokens", "No feed forward network and layer norm"),
    ("002", "4b.converges", "No it is not possible"),
    ("002", "1c.attention_bottleneck", "yes, it is bottlencek"),  # OCR slip of a keyword
    ("002", "2a.copy_condition", "Kigy >>> Kility"),     # ">>" named late, "z= v" first
    ("002", "4a.gda_table", "P5 P6 -1 -2 -1 1 2 1"),      # a grid flattened into a line
    ("002", "4c.equilibrium", "Nash equilibrium point is 0"),
    ("003", "1.2.feature_map", r"\phi(q)^T = \left[1, q_1"),
    ("003", "1.2.M", r"M = 2 \times D + 1"),             # "Therefore, $M = …$" ends φ's text
    ("003", "1.1.complexity", "O(L^2 D)"),
    ("003", "1.4.complexity", "Worst case is still $O(L^2)$"),
    ("003", "2.1.best_lr", "0.01"),
    ("004", "1.closed_form", "sigmoid"),
    ("004", "2a.norm_x2", r"||x_2|| = \beta"),
    ("004", "2a.norm_x3", r"||x_3||=\beta\sqrt{2}"),
    ("004", "2b.outputs", "y_3 = x_3 = c + d"),
    ("004", "3.standard_complexity", "O(T^2)"),
    ("004", "3.linear_complexity", "O(T)"),
]

NOT_CONTAINS = [
    ("000", "1a.rnn_train_time", "space train"),
    ("000", "2b.average_query", "number of neurons"),   # "2b)" answers 1b
    ("001", "1a.rnn_train_time", "Space complexity"),
    ("001", "2a.attention_weights", "\t1\t2"),         # the table is 4a's
    ("004", "3.standard_complexity", "O(T) "),
    ("004", "3.linear_complexity", "O(T^2)"),
    ("004", "3.standard_complexity", "W_{ij}"),         # "3) Dot product" is 2b's step
    ("002", "3.elbo_terms", "min man"),                 # page 4 opens question 4
    ("003", "1.2.M", r"\phi(q)^T"),
]

MISSING = [
    ("000", "1d.layernorm_across_tokens"),
    ("000", "2a.copy_condition"),
    ("000", "3.elbo_terms"),
    ("000", "4a.minmax_value"),   # restating min_p max_q f is not an answer
    ("001", "2a.copy_condition"),
    ("001", "2b.average_query"),
    ("001", "4a.minmax_value"),
    ("004", "1.meaning"),
    ("002", "2a.attention_weights"),   # 2a) answers only the copy condition
]

EXACT = [
    ("003", "1.4.complexity", "Worst case is still $O(L^2)$."),
]

FINALS = [
    ("000", "2b.average_query", "q = k_a + k_b"),
    ("000", "1a.rnn_test_space", r"\text{RNN}_{\text{space test}} \propto n \times l"),
    ("001", "1a.rnn_test_space", r"Space complexity:  $O(n \cdot d)$"),
    ("004", "1.closed_form", "Hence, Answer computed by the output unit"),
    ("004", "3.linear_complexity", "Therefore, the overall time complexity"),
]


@pytest.mark.parametrize(("seed", "part", "needle"), CONTAINS)
def test_seed_answer_contains(seeds, seed, part, needle):
    assert needle in seeds[seed][part].text


@pytest.mark.parametrize(("seed", "part", "needle"), NOT_CONTAINS)
def test_seed_answer_excludes(seeds, seed, part, needle):
    assert needle not in seeds[seed][part].text


@pytest.mark.parametrize(("seed", "part"), MISSING)
def test_seed_answer_missing(seeds, seed, part):
    assert seeds[seed][part].is_empty


@pytest.mark.parametrize(("seed", "part", "text"), EXACT)
def test_seed_answer_exact(seeds, seed, part, text):
    assert seeds[seed][part].text == text


@pytest.mark.parametrize(("seed", "part", "start"), FINALS)
def test_seed_final(seeds, seed, part, start):
    assert (seeds[seed][part].final or "").startswith(start)


def test_every_part_has_an_answer(seeds):
    for prefix, answers in seeds.items():
        rubric = load_rubric_file(REPO / "rubrics" / f"{RUBRIC_OF[prefix]}.yaml")[0]
        assert set(answers) == {part.id for part in rubric.parts}
        for answer in answers.values():
            assert 0.0 <= answer.confidence <= 1.0
            assert "\\boxed" not in answer.text


def test_garbled_complexities_are_not_confident(seeds):
    for part_id, answer in seeds["002"].items():
        if part_id.startswith("1a."):
            assert answer.confidence < 0.5, part_id


def test_shared_answer_is_less_confident(seeds):
    shared = seeds["000"]["1a.tf_train_time"]      # one Transformers_time for train and test
    own = seeds["000"]["1a.rnn_train_space"]        # \text{RNN}_{space train}
    assert shared.confidence < own.confidence
    assert shared.confidence >= 0.5


def test_clean_labelled_answers_are_confident(seeds):
    for part_id in ("1a.rnn_train_time", "1a.tf_test_space", "4a.gda_table", "4b.converges"):
        assert seeds["001"][part_id].confidence >= 0.8, part_id


def test_declarations_reach_answers(seeds):
    assert seeds["001"]["1a.rnn_test_space"].declared == {"t": "t", "L": "L", "n": "n"}


# ---------------------------------------------------------------- small rubrics

def _rubric(*parts: tuple[str, list[str], list[str]], meanings=None) -> Rubric:
    notation = {"symbols": ["t", "n"], "meanings": meanings or {}}
    return Rubric(id="toy", title="toy", notation=notation, parts=[
        Part(id=pid, points=1, kind="free_text", cues=Cues(labels=labels, keywords=keywords))
        for pid, labels, keywords in parts])


TOY = _rubric(("1a.speed", ["1a"], ["fast"]), ("1b.size", ["1b"], ["big"]),
              ("2.proof", ["2"], ["proof"]), meanings={"n": ["neurons"]})

TOY_CASES = [
    # (text, {part: expected text}) - "" means missing
    ("1a) it is fast\n\n1b) it is big\n\n2) proof: trivial",
     {"1a.speed": "it is fast", "1b.size": "it is big", "2.proof": "proof: trivial"}),
    ("Question 1\n\n(a) fast enough\n\n(b) big enough",
     {"1a.speed": "fast enough", "1b.size": "big enough", "2.proof": ""}),
    ("1a) fast\n\n2b) it is quite big\n\nSolution 2\n\nthe proof is easy",
     {"1a.speed": "fast", "1b.size": "it is quite big", "2.proof": "the proof is easy"}),
    ("1b) big\n\n1a) fast", {"1a.speed": "fast", "1b.size": "big"}),
    ("", {"1a.speed": "", "1b.size": "", "2.proof": ""}),
]


@pytest.mark.parametrize(("text", "expected"), TOY_CASES)
def test_toy_rubric(text, expected):
    answers = segment_freeform(text, TOY)
    for part_id, wanted in expected.items():
        assert answers[part_id].text == wanted, part_id


def test_final_marks():
    answers = segment_freeform("1a) we see it\n\nHence it is fast.\n\n1b) \\boxed{big}", TOY)
    assert answers["1a.speed"].final == "Hence it is fast."
    assert answers["1b.size"].final == "big"
    assert answers["1b.size"].text == "big"


def test_declared_symbols():
    answers = segment_freeform("Let d be the number of neurons.\n\n1a) fast, O(d)", TOY)
    assert answers["1a.speed"].declared == {"d": "n"}


GARBLE = [
    ("thi ten2 ten2 teln Fransformy ten ten ln botteneck depends on", False),
    ("The feed forward network does not look across the tokens at all.", True),
    ("$$x = \\frac{a}{b}$$", True),  # maths is not judged
]


@pytest.mark.parametrize(("text", "readable"), GARBLE)
def test_garble_factor(text, readable):
    assert (garble_factor(text) == 1.0) is readable
    if not readable:
        assert garble_factor(text) < 0.5


TOY_SHARED = _rubric(("1a.speed", ["1a"], ["fast", "bottleneck"]),
                     ("1a.size", ["1a"], ["big", ">>"]), ("1a.count", ["1a"], ["M ="]))

TOY_SHARED_CASES = [
    # (text, {part: expected text}) - "" means missing
    ("1a) yes, it is a bottlencek.", {"1a.speed": "yes, it is a bottlencek.", "1a.size": ""}),
    ("1a) z = v so that the first score >> the second score",
     {"1a.speed": "", "1a.size": "z = v so that the first score >> the second score"}),
    ("1a) it is big: $x = [1, 2, 3]$\n\nTherefore, $M = 3$.",
     {"1a.size": "it is big: $x = [1, 2, 3]$", "1a.count": "Therefore, $M = 3$."}),
]


@pytest.mark.parametrize(("text", "expected"), TOY_SHARED_CASES)
def test_toy_shared_segment(text, expected):
    answers = segment_freeform(text, TOY_SHARED)
    for part_id, wanted in expected.items():
        assert answers[part_id].text == wanted, part_id


ONE_SLIP = [
    # (word, keyword, one OCR slip apart)
    ("bottlencek", "bottleneck", True),    # neighbours swapped
    ("paralel", "parallel", True),         # a letter dropped
    ("transformerr", "transformer", True),
    ("bottleneck", "bottleneck", True),
    ("layers", "player", False),
    ("botlencek", "bottleneck", False),    # two slips
    ("trail", "train", False),             # too short to guess
]


@pytest.mark.parametrize(("word", "keyword", "close"), ONE_SLIP)
def test_one_slip_apart(word, keyword, close):
    assert _one_slip_apart(word, keyword) is close


GRIDS = [
    # (text, holds a 2x7 grid)
    ("t\t0\t1\t2\t3\t4\t5\t6\nq\t1\t2\t1\t-1\t-2\t-1\t1\np\t1\t-1\t-2\t-1\t1\t2\t1", True),
    ("p: 1, -1, -2, -1, 1, 2, 1\nq: 1, 2, 1, -1, -2, -1, 1", True),
    ("p & 1 & -1 & -2 & -1 & 1 & 2 & 1 \\\\ q & 1 & 2 & 1 & -1 & -2 & -1 & 1", True),
    ("To a a ay 2 1 -1 -2 po P1 P2 P3 Py P5 P6 -1 -2 -1 1 2 1", True),   # OCR'd, seed 002
    ("after 6 iterations p and q are back to 1 and 1", False),
    ("$q_1, q_2, q_3$ and the values 1 2 3", False),
    ("p: 1, -1, -2", False),
]


@pytest.mark.parametrize(("text", "grid"), GRIDS)
def test_number_grid_shape(text, grid):
    assert _has_number_grid(text, 2, 7) is grid


SMALL_GRIDS = [
    # (text, holds a 3x3 grid): rows as tuples, in maths with LaTeX spacing
    ("- $\\tau = 0.5$: $(0.02,\\ 0.12,\\ 0.87)$\n- $\\tau = 1$: $(0.09,\\ 0.24,\\ 0.67)$\n"
     "- $\\tau = 2$: $\\left(0.19,\\, 0.31,\\, 0.51\\right)$", True),
    ("tau=0.5 -> (0.02, 0.12, 0.87)\ntau=1 -> (0.09, 0.24, 0.67)\ntau=2 -> (0.19, 0.31, 0.51)",
     True),
    ("z = (1, 2, 3) and the limit is (0, 0, 1)", False),
]


@pytest.mark.parametrize(("text", "grid"), SMALL_GRIDS)
def test_tuple_rows_make_a_grid(text, grid):
    assert _has_number_grid(text, 3, 3) is grid


@pytest.mark.parametrize(("text", "bound"), [
    ("O(n^2 d)", True), ("\\Theta(n \\log n)", True), ("∝ n^2 d", True),
    ("\\propto \\log n", True),
    # proportions of values, not bounds
    ("$\\propto (e^2, e^4, e^6)$", False), ("∝ e^{z_i/τ}", False),
])
def test_bound_shape(text, bound):
    assert bool(_BOUND.search(text)) is bound


LISTS = [
    (r"$\phi(q)^T = \left[1, q_1, \dots, q_D, \frac{1}{\sqrt{2}} q_1^2\right]$", True),
    ("phi(x) = (1, x_1, x_2, x_1 x_2)", True),
    (r"$\phi(x) = \begin{bmatrix} 1 \\\\ x_1 \\\\ x_2 \end{bmatrix}$", True),
    ("f(p, q) = pq", False),
    ("(p_0, q_0) = (1, 1)", False),
    (r"$M = 2 \times D + 1$", False),
]


@pytest.mark.parametrize(("text", "is_list"), LISTS)
def test_vector_list_shape(text, is_list):
    assert _has_vector_list(text) is is_list


@pytest.mark.parametrize("text", ["$QK^T$", r"$QK^\top$", r"$QK^{\top}$", "QKᵀ", r"$QK^\intercal$"])
def test_transpose_spellings_meet_a_T_cue(text):
    assert "qk^t" in _RubricCues.prepare_text(text).replace(" ", "")


# -------------------------------------------------- one line, several parts (issue #3)

SEQ = load_rubric_file(REPO / "rubrics" / "seqmodels-a5.yaml")[0]

GRID_LINES = [
    # (text, part, the answer contains, the answer does not contain)
    ("1a) RNN train: time $O(tn^2L)$, space $O(tnL)$",
     "1a.rnn_train_time", "O(tn^2L)", "O(tnL)"),
    ("1a) RNN train: time $O(tn^2L)$, space $O(tnL)$",
     "1a.rnn_train_space", "O(tnL)", "O(tn^2L)"),
    ("1a) RNN  testing:  time O(L n^2 t), memory O(L n)", "1a.rnn_test_space", "O(L n)", "n^2"),
    # a keyword grid run together without commas (OCR)
    ("1a) RNN Time train 0(tn2L) test 0(tn2L) Space train 0(tnL) test 0(nL)",
     "1a.rnn_test_space", "0(nL)", "tn"),
    ("1a) RNN Time train 0(tn2L) test 0(tn2L) Space train 0(tnL) test 0(nL)",
     "1a.rnn_train_space", "0(tnL)", "tn2L"),
    # "same" answers by reference; "same as training" does not start a clause
    ("1a) Transformer Time train 0(t2nL) test same Space train 0(tnL)",
     "1a.tf_test_time", "test same", "0(tnL)"),
    ("1a) RNN\n- test time: same as training, $O(L n^2 t)$\n- test space: $O(nL)$",
     "1a.rnn_test_time", "same as training, $O(L n^2 t)$", "O(nL)"),
    # a phase pointed at ("igual que en entrenamiento") does not change the context
    ("1a) **RNN — entrenamiento**\n- Tiempo: $O(t n^2 L)$\n- Espacio: $O(t n L)$\n"
     "**RNN — test**\n- Tiempo: igual que en entrenamiento, $O(t n^2 L)$\n- Espacio: $O(n L)$",
     "1a.rnn_test_space", "O(n L)", "O(t n L)"),
    ("1a) RNN train:\n- time $O(tn^2L)$\n- space $O(tnL)$\nRNN test:\n"
     "- time: as in train, $O(tn^2L)$\n- space $O(nL)$",
     "1a.rnn_train_space", "O(tnL)", "O(nL)"),
    # the bound before its measure: one clause
    ("1a) rnn: O(tn^2L) time for training and testing",
     "1a.rnn_test_time", "O(tn^2L) time for training", "zzz"),
    # "backprop through time" after "space" does not make the line a time answer
    ("1a) RNN training space: hidden states for backprop through time, $O(tnL)$",
     "1a.rnn_train_space", "O(tnL)", "zzz"),
    # "at training time" is a phase
    ("1a) For RNN model at train time:\nSpace complexity: $O(tnL)$",
     "1a.rnn_train_space", "O(tnL)", "zzz"),
]

GRID_TABLES = [
    # a Markdown table whose header names the measures, rows the model and phase
    ("1a)\n\n|  | time | space |\n|---|---|---|\n| RNN train | $O(tn^2L)$ | $O(tnL)$ |\n"
     "| RNN test | $O(tn^2L)$ | $O(nL)$ |\n", {
         "1a.rnn_train_time": "RNN train (time): $O(tn^2L)$",
         "1a.rnn_train_space": "RNN train (space): $O(tnL)$",
         "1a.rnn_test_space": "RNN test (space): $O(nL)$"}),
    # model and phase in cells of their own, header names the measures
    ("1a)\n\n| model | phase | time | space |\n|---|---|---|---|\n"
     "| Transformer | test | $O(t^2nL)$ | $O(tnL)$ |\n", {
         "1a.tf_test_time": "Transformer test (time): $O(t^2nL)$",
         "1a.tf_test_space": "Transformer test (space): $O(tnL)$"}),
    # transposed: the header names model and phase, the first column the measure
    ("1a)\n\n| | RNN train | RNN test |\n|---|---|---|\n| time | $O(tn^2L)$ | $O(tn^2L)$ |\n"
     "| space | $O(tnL)$ | $O(nL)$ |\n", {
         "1a.rnn_train_space": "space (RNN train): $O(tnL)$",
         "1a.rnn_test_space": "space (RNN test): $O(nL)$"}),
]


@pytest.mark.parametrize(("text", "part", "needle", "absent"), GRID_LINES)
def test_one_line_holds_several_grid_answers(text, part, needle, absent):
    answer = segment_freeform(text, SEQ)[part]
    assert needle in answer.text
    assert absent not in answer.text


@pytest.mark.parametrize(("text", "expected"), GRID_TABLES)
def test_grid_table_cells_go_to_their_parts(text, expected):
    answers = segment_freeform(text, SEQ)
    for part_id, wanted in expected.items():
        assert answers[part_id].text == wanted, part_id
        assert answers[part_id].confidence >= 0.8, part_id


def test_number_table_is_not_spread():
    blocks = _spread_grid_tables("| t | 0 | 1 |\n|---|---|---|\n| p | 1 | -1 |", lambda c: False)
    assert blocks == [("| t | 0 | 1 |\n|---|---|---|\n| p | 1 | -1 |", False)]


# ---------------------------------------------------------------- one label, parallel value parts

RNN_ATT = load_rubric_file(REPO / "rubrics" / "rnn-attention-hw2.yaml")[0]

PARALLEL = [
    # (text, {part: expected text})
    (r"2a) $\|x_1\| = \beta\sqrt{2}$, $\|x_2\| = \beta$, $\|x_3\| = \beta\sqrt{2}$", {
        "2a.norm_x1": r"$\|x_1\| = \beta\sqrt{2}$",
        "2a.norm_x2": r"$\|x_2\| = \beta$",
        "2a.norm_x3": r"$\|x_3\| = \beta\sqrt{2}$"}),
    ("Question 2\n\na) |x_1| = sqrt(2) beta, |x_2| = beta, |x_3| = sqrt(2) beta", {
        "2a.norm_x2": "|x_2| = beta"}),
    # one per line, the first with its working
    ("2a) $x_1 = d + b$, so $\\|x_1\\| = \\beta\\sqrt{2}$\n\n$\\|x_2\\| = \\beta$\n\n"
     "$\\|x_3\\| = \\beta\\sqrt{2}$", {
         "2a.norm_x1": "$x_1 = d + b$, so $\\|x_1\\| = \\beta\\sqrt{2}$",
         "2a.norm_x2": "$\\|x_2\\| = \\beta$"}),
    ("Question 3\n\nStandard: $O(T^2 \\cdot d)$. "
     "Linear: $O(T \\cdot d^2)$ because it is computed once.", {
        "3.standard_complexity": "Standard: $O(T^2 \\cdot d)$.",
        "3.linear_complexity": "Linear: $O(T \\cdot d^2)$ because it is computed once."}),
]


@pytest.mark.parametrize(("text", "expected"), PARALLEL)
def test_parallel_value_parts_share_a_label(text, expected):
    answers = segment_freeform(text, RNN_ATT)
    for part_id, wanted in expected.items():
        assert answers[part_id].text == wanted, part_id
        assert answers[part_id].confidence >= 0.6, part_id


def test_bold_number_labels():
    assert (parse_label("**1.** Expanding").question, parse_label("**b)** I normalise").sub) \
        == ("1", "b")
    answers = segment_freeform("**2. a)** $\\|x_2\\| = \\beta$\n\n**3.** Standard: $O(T^2 d)$",
                               RNN_ATT)
    assert answers["3.standard_complexity"].text == "Standard: $O(T^2 d)$"
    assert "Standard" not in answers["2a.norm_x2"].text


# -------------------------------------------------- a value and a table under one label

TABLE_7 = "t\t0\t1\t2\t3\t4\t5\t6\np\t1\t-1\t-2\t-1\t1\t2\t1\nq\t1\t2\t1\t-1\t-2\t-1\t1"

VALUE_AND_TABLE = [
    # (text, minmax text, table text contains)
    (f"4a) $\\min_p \\max_q pq = 0$\n\n{TABLE_7}", "$\\min_p \\max_q pq = 0$", "p\t1\t-1"),
    (f"4a) min_p max_q pq = 0, reached at p = 0.\n{TABLE_7}",
     "min_p max_q pq = 0, reached at p = 0.", "q\t1\t2"),
    # restating the question gives no value: not an answer
    (f"4a) to optimise we $\\min_p \\max_q f(p, q)$\n\n{TABLE_7}", "", "p\t1\t-1"),
]


@pytest.mark.parametrize(("text", "minmax", "table"), VALUE_AND_TABLE)
def test_value_and_table_share_a_label(text, minmax, table):
    answers = segment_freeform(text, SEQ)
    assert answers["4a.minmax_value"].text == minmax
    assert table in answers["4a.gda_table"].text
    if minmax:
        assert "max_q" not in answers["4a.gda_table"].text


# -------------------------------------------------- lead-in lines; a value and its general form

def test_header_line_is_not_an_answer():
    answers = segment_freeform("Omar — A5 (only Q3 and Q4, ran out of time)\n\n"
                               "4) a) $\\min_p \\max_q pq = 0$", SEQ)
    assert answers["1a.rnn_train_time"].is_empty
    assert answers["4a.minmax_value"].text == "$\\min_p \\max_q pq = 0$"


KERNEL = load_rubric_file(REPO / "rubrics" / "kernel-attention-hw2.yaml")[0]

VALUE_THEN_GENERAL = [
    # (text, M, M_general)
    ("1.2 $\\phi(x) = [1, x_1, \\dots, x_D]$. Its size is\n$$M = 1 + D + D^2.$$\n\n"
     "In general, with $K$ terms:\n$$M = \\binom{D+K-1}{K-1}.$$",
     "$$M = 1 + D + D^2.$$", "$$M = \\binom{D+K-1}{K-1}.$$"),
    ("1.2   Take φ(x) = [ 1 , x , (x ⊗ x)/√2 ] ∈ R^M.\n      M = 1 + D + D²\n"
     "      General K:  M = Σ_{k=0}^{K-1} D^k",
     "M = 1 + D + D²", "General K:  M = Σ_{k=0}^{K-1} D^k"),
    ("1.2 $\\phi(x) = [1, x_1, \\dots, x_D]$\n\n$M = D^2 + D + 1$\n\n"
     "With $K$ terms: $M = \\sum_{k=0}^{K-1} D^k$.",
     "$M = D^2 + D + 1$", "With $K$ terms: $M = \\sum_{k=0}^{K-1} D^k$."),
]


@pytest.mark.parametrize(("text", "m", "general"), VALUE_THEN_GENERAL)
def test_value_and_its_general_form(text, m, general):
    answers = segment_freeform(text, KERNEL)
    assert answers["1.2.M"].text == m
    assert general in answers["1.2.M_general"].text
    assert "K-1" not in answers["1.2.M"].text


def test_german_heading_and_transposed_table():
    text = ("Aufgabe 4\na) min_p max_q pq = 0\nt\tp_t\tq_t\n0\t1\t1\n1\t-1\t2\n2\t-2\t1\n"
            "3\t-1\t-1\n4\t1\t-2\n5\t2\t-1\n6\t1\t1\nb) no convergence: it cycles.")
    answers = segment_freeform(text, SEQ)
    assert answers["4a.minmax_value"].text == "min_p max_q pq = 0"
    assert answers["4a.gda_table"].text.startswith("t\tp_t\tq_t\n0\t1\t1")
    assert answers["4b.converges"].text == "no convergence: it cycles."


CHOICES_ON_ONE_LINE = [
    # (text, {part: expected text})
    ("1d) FFN no , layernorm no", {"1d.ffn_across_tokens": "FFN no",
                                   "1d.layernorm_across_tokens": "layernorm no"}),
]


@pytest.mark.parametrize(("text", "expected"), CHOICES_ON_ONE_LINE)
def test_choices_answered_on_one_line(text, expected):
    answers = segment_freeform(text, SEQ)
    for part_id, wanted in expected.items():
        assert answers[part_id].text == wanted, part_id


def test_yes_before_any_part_named_does_not_cut():
    text = "1c) yes attention looks at all tokens. no bottleneck, all in parallel."
    answers = segment_freeform(text, SEQ)
    for part_id in ("1c.attention_across_tokens", "1c.attention_bottleneck"):
        assert answers[part_id].text in ("", text[4:]), part_id


# -------------------------------------------------- norms written with bars; maths words

BAR_NORMS = [
    # (text, {part: expected text}): "||x_1||" opens no Markdown table
    ("Question 2\na) ||x_1|| = sqrt(||d||^2 + ||b||^2) = sqrt(2) beta\n   ||x_2|| = beta\n"
     "   ||x_3|| = sqrt(2) beta", {
         "2a.norm_x1": "||x_1|| = sqrt(||d||^2 + ||b||^2) = sqrt(2) beta",
         "2a.norm_x2": "||x_2|| = beta",
         "2a.norm_x3": "||x_3|| = sqrt(2) beta"}),
]


@pytest.mark.parametrize(("text", "expected"), BAR_NORMS)
def test_bar_norms_are_not_table_rows(text, expected):
    answers = segment_freeform(text, RNN_ATT)
    for part_id, wanted in expected.items():
        assert answers[part_id].text == wanted, part_id
        assert answers[part_id].confidence >= 0.6, part_id


def test_markdown_rows_are_still_tables():
    assert _spread_grid_tables("| | time |\n|---|---|\n| RNN | O(n) |",
                               lambda cell: cell == "time") == [("RNN (time): O(n)", True)]


@pytest.mark.parametrize("text", ["x_1 = sqrt(2) beta so sqrt of beta squared",
                                  "y = sigmoid(1000 sum_i x_i) with tanh and exp"])
def test_maths_words_are_not_garble(text):
    assert garble_factor(text) == 1.0


# -------------------------------------------------- choice answers placed by their order

CHOICES_IN_ORDER = [
    # (text, {part: expected text}); every part found at a deciding confidence
    # "yes / no" answers both choice parts of the sub-question
    ("1c) yes / no: the attention of all positions is one big matrix product.", {
        "1c.attention_across_tokens": "yes / no: the attention of all positions is one big "
                                      "matrix product.",
        "1c.attention_bottleneck": "yes / no: the attention of all positions is one big "
                                   "matrix product."}),
    ("1c) yes\n\n1d) no / no", {"1d.ffn_across_tokens": "no / no",
                                "1d.layernorm_across_tokens": "no / no"}),
    ("1d) No and no.", {"1d.ffn_across_tokens": "No and no.",
                        "1d.layernorm_across_tokens": "No and no."}),
    # a bare "Yes." before the sentence naming the second part answers the first
    ("1c) Yes. No — it's not a bottleneck, all positions go through one matrix product.", {
        "1c.attention_across_tokens": "Yes.",
        "1c.attention_bottleneck": "No — it's not a bottleneck, all positions go through "
                                   "one matrix product."}),
    # OCR split "bottle neck" still names the part
    ("1c) yes . Not a bottle neck , all positions at once (matrix mult)", {
        "1c.attention_across_tokens": "yes .",
        "1c.attention_bottleneck": "Not a bottle neck , all positions at once (matrix mult)"}),
]


@pytest.mark.parametrize(("text", "expected"), CHOICES_IN_ORDER)
def test_choices_placed_by_order(text, expected):
    answers = segment_freeform(text, SEQ)
    for part_id, wanted in expected.items():
        assert answers[part_id].text == wanted, part_id
        assert answers[part_id].confidence >= 0.6, part_id


NOT_PLACED_BY_ORDER = [
    # (text, part that must not get the text)
    # two sentences before the named part: which answers what is unclear
    ("1c) Yes. Maybe. No — it's not a bottleneck.", "1c.attention_across_tokens"),
    # the lead is not a yes/no answer
    ("1c) Hard to say. No — it's not a bottleneck.", "1c.attention_across_tokens"),
    # a pair under parts that are not choices
    ("4a) no / no", "4a.gda_table"),
]


@pytest.mark.parametrize(("text", "part_id"), NOT_PLACED_BY_ORDER)
def test_not_placed_by_order(text, part_id):
    answers = segment_freeform(text, SEQ)
    assert answers[part_id].is_empty or answers[part_id].confidence < 0.6


def test_split_word_matches_its_keyword():
    cues = _RubricCues(SEQ)
    assert cues.find("bottleneck", cues.prepare("not a bottle neck at all")) == 2
    assert cues.find("bottleneck", cues.prepare("a bottle of neck oil")) is None
    # "layer norm" is a cue of its own: "layernorm" does not count it twice
    assert cues.count("layernorm", cues.prepare("layer norm")) == 0


# -------------------------------------------------- a value before a flattened table; elimination

FLAT_TABLE = "t 0 1 2 3 4 5 6 p 1 -1 -2 -1 1 2 1 q 1 2 1 -1 -2 -1 1"

GRID_LEADS = [
    # (text, minmax text, table text)
    (f"4 a) minmax = 0 {FLAT_TABLE}", "minmax = 0", FLAT_TABLE),
    (f"4 a) min_p max_q pq = 0 {FLAT_TABLE}", "min_p max_q pq = 0", FLAT_TABLE),
    # a lead naming no other part stays with its table
    (f"4 a) the updates give {FLAT_TABLE}", "", f"the updates give {FLAT_TABLE}"),
]


@pytest.mark.parametrize(("text", "minmax", "table"), GRID_LEADS)
def test_value_before_a_flattened_table(text, minmax, table):
    answers = segment_freeform(text, SEQ)
    assert answers["4a.minmax_value"].text == minmax
    assert answers["4a.gda_table"].text == table


def test_text_naming_no_part_goes_to_the_one_whose_shape_fits():
    answers = segment_freeform("### 4.\n\n**(a)** The value is $0$.\n\n**(b)** no, it cycles.",
                               SEQ)
    assert answers["4a.minmax_value"].text == "The value is $0$."
    assert answers["4a.minmax_value"].confidence >= 0.6
    assert answers["4a.gda_table"].is_empty


# -------------------------------------------------- a value part's span inside another's sentence

SPANS_IN_SENTENCES = [
    # (text, {part: expected text}): "" for no text
    ("1.2) so we can take $\\phi(x) = [1, x_1, \\dots, x_D]$, which gives $M = D + 1$.\n\n"
     "Keeping K terms, each power adds D coordinates: $M = (K-1)D + 1$.", {
         "1.2.M": "$M = D + 1$",
         "1.2.feature_map": "so we can take $\\phi(x) = [1, x_1, \\dots, x_D]$, "
                            "which gives $M = D + 1$.",
         "1.2.M_general": "Keeping K terms, each power adds D coordinates: $M = (K-1)D + 1$."}),
    # a span naming the sentence's own part is its working, not the other part's answer
    ("1.2) $\\phi(x) = [1, x_1, \\dots, x_D]$ is a feature map.\n\n"
     "With K terms each power adds D, $M = (K-1)D + 1$.", {"1.2.M": ""}),
    # a span not opening with the cue ("$2D + 1 = M$" could be working) is left alone
    ("1.2) we take $\\phi(x) = [1, x_1, \\dots, x_D]$ and so $D + 1 = M$.", {"1.2.M": ""}),
]


@pytest.mark.parametrize(("text", "expected"), SPANS_IN_SENTENCES)
def test_value_span_inside_another_parts_sentence(text, expected):
    answers = segment_freeform(text, KERNEL)
    for part_id, wanted in expected.items():
        assert answers[part_id].text == wanted, part_id
        if wanted:
            assert answers[part_id].confidence >= 0.6, part_id


# -------------------------------------------------- the final line of a maths part

MATHS_FINALS = [
    # (text, part, final)
    # "So ..." reading the result in words: the last equation is the result
    ("Question 1\n\nH_T = X_T - H_{T-1}\nY_T = sigmoid(1000 * sum_i (X_{2i} - X_{2i-1}))\n"
     "So the unit fires ($Y_T \\approx 1$) when the even inputs sum to more than the odd ones.",
     "1.closed_form", "Y_T = sigmoid(1000 * sum_i (X_{2i} - X_{2i-1}))"),
    # a "So" line stating a value stays the final
    ("Question 1\n\nH_T = X_T - H_{T-1}\nSo Y_T = sigmoid(1000 (X_2 - X_1)) for T = 2.",
     "1.closed_form", "So Y_T = sigmoid(1000 (X_2 - X_1)) for T = 2."),
    # a result wrapped over two lines is one result, then an aside checking it
    ("Question 1\n\nH_T = X_T - H_{T-1}\nso Y_T = sigmoid(1000 (X_2 - X_1 +\nX_4 - X_3))\n"
     "check T = 2: ok.", "1.closed_form", "so Y_T = sigmoid(1000 (X_2 - X_1 + X_4 - X_3))"),
    # German and French conclusion words
    ("Aufgabe 1\n\nH_T = X_T - H_{T-1}\nAlso Y_T = sigmoid(1000 H_T).\nDas ist gut.",
     "1.closed_form", "Also Y_T = sigmoid(1000 H_T)."),
    ("Exercice 1\n\nH_T = X_T - H_{T-1}\nDonc Y_T = sigmoid(1000 H_T).\nC'est bien.",
     "1.closed_form", "Donc Y_T = sigmoid(1000 H_T)."),
]

# A grid of parts (``_by_context``): a "So ..." line in words is no bound either.
GRID_FINALS = [
    ("3)\nLinear: $S = \\sum_j v_j k_j^T$ built once.\nlinear (time): $O(N D^2)$\n"
     "So linear attention is linear in the sequence length, better when $N > D$.",
     "3.linear_complexity", "linear (time): $O(N D^2)$"),
]


@pytest.mark.parametrize(("text", "part_id", "final"), GRID_FINALS)
def test_final_of_a_grid_part_in_words_is_not_the_result(text, part_id, final):
    assert segment_freeform(text, RNN_ATT)[part_id].final == final


@pytest.mark.parametrize(("text", "part_id", "final"), MATHS_FINALS)
def test_final_of_a_maths_part(text, part_id, final):
    assert segment_freeform(text, RNN_ATT)[part_id].final == final


# A labelled block shared by parts of different shapes goes to the one part whose
# shape the text positively has: a bare bound answers the complexity part.
SHAPE_DECIDES_CASES = [
    ("kernel-attention-hw2", "1.1   Each row of the softmax needs D×D work, L rows: O(L D²).\n",
     "1.1.complexity", "1.1.why_problematic"),
    ("kernel-attention-hw2", "1.1) Each score is a dot product: $\\Theta(L^2 D)$.\n",
     "1.1.complexity", "1.1.why_problematic"),
]


@pytest.mark.parametrize(("assignment_id", "text", "gets", "not_gets"), SHAPE_DECIDES_CASES)
def test_bound_shape_picks_the_complexity_part(assignments, assignment_id, text, gets,
                                               not_gets):
    answers = segment_freeform(text, assignments[assignment_id].rubric)
    assert answers[gets].text.strip()
    assert answers[gets].confidence >= 0.6
    assert not answers[not_gets].text.strip()


def test_garbled_block_goes_to_its_parts_for_review(seeds, assignments):
    """Seed 002 answered 1a, but OCR garbled it ("a) thi ten2 ten2 teln. Space
    complexity train RNN Fransformy ..."): the block is shown to a TA under each
    1a part at a confidence below any decision, not reported as missing."""
    from grader.outcome import Status
    from grader.pipeline import grade_submission

    q1a = {part_id: answer for part_id, answer in seeds["002"].items()
           if part_id.startswith("1a.")}
    assert len(q1a) == 8
    for part_id, answer in q1a.items():
        assert "thi ten2 ten2 teln" in answer.text, part_id
        assert "Space complexity train RNN" in answer.text, part_id
        assert "RNNs is sequential" not in answer.text, part_id   # 1b stays 1b's
        assert 0.0 < answer.confidence < 0.5, part_id
    path = next(SEEDS.glob("002_*.txt"))
    result = grade_submission(path, assignments["seqmodels-a5"])
    statuses = {p.part: p.status for p in result.parts if p.part.startswith("1a.")}
    assert statuses == dict.fromkeys(q1a, Status.NEEDS_REVIEW)


@pytest.mark.parametrize("text", [
    "1a) Time complexity for training an RNN is linear in the sequence length.",
    "1a) Space complexity train RNN depends on the sequence length and the layers.",
])
def test_readable_block_without_values_is_not_given_out(assignments, text):
    answers = segment_freeform(text, assignments["seqmodels-a5"].rubric)
    assert all(answers[part_id].is_empty or answers[part_id].confidence >= 0.5
               for part_id in answers if part_id.startswith("1a."))


@pytest.mark.parametrize(("text", "part_id", "start"), [
    ("2a)\n‖x₂‖ = β\n‖x₃‖ = √2·β", "2a.norm_x3", "‖x₃‖"),
    ("2a)\n‖x₂‖ = β\n‖x₃‖ = √2·β", "2a.norm_x2", "‖x₂‖"),
    ("2a)\n‖x₁‖ = √2 β, ‖x₂‖ = β.", "2a.norm_x2", "‖x₂‖"),
    ("2a)\n‖x₁‖ = ‖x₃‖ = √2·β, ‖x₂‖ = β.", "2a.norm_x1", "‖x₁‖ = ‖x₃‖ = √2·β"),
    ("2a)\n‖x₁‖ = ‖x₃‖ = √2·β, ‖x₂‖ = β.", "2a.norm_x3", "‖x₁‖ = ‖x₃‖ = √2·β"),
])
def test_unicode_subscripts_name_parts(text, part_id, start):
    """Plain-text notes write indices as Unicode subscripts: "x₂" names what "x_2" does."""
    answer = segment_freeform(text, RNN_ATT)[part_id]
    assert answer.text.startswith(start)


def _grid_rubric(train: str, test: str, time: str, memory: str) -> Rubric:
    parts = [Part(id=f"1a.{phase}_{measure}", points=1, kind="complexity",
                  cues=Cues(labels=["1a"], keywords=[phase_word, measure_word]))
             for phase, phase_word in (("train", train), ("test", test))
             for measure, measure_word in (("time", time), ("memory", memory))]
    return Rubric(id="grid", title="grid", parts=parts)


GRID_TEXT = {
    "fr": "1a)\n- entraînement : temps $O(a)$, mémoire $O(b)$\n- inférence : temps $O(c)$, "
          "mémoire $O(d)$",
    "de": "1a)\n- Training: Zeit $O(a)$, Speicher $O(b)$\n- Inferenz: Zeit $O(c)$, "
          "Speicher $O(d)$",
}


@pytest.mark.parametrize("language", sorted(GRID_TEXT))
def test_keyword_spellings_in_other_languages(language):
    """A cue keyword's '|' spellings name its part in other languages, accents or not."""
    rubric = _grid_rubric("train|entrainement", "test|inference|inferenz", "time|zeit|temps",
                          "memory|speicher|memoire")
    answers = segment_freeform(GRID_TEXT[language], rubric)
    values = {"1a.train_time": "O(a)", "1a.train_memory": "O(b)", "1a.test_time": "O(c)",
              "1a.test_memory": "O(d)"}
    for part_id, value in values.items():
        others = [other for other in values.values() if other != value]
        assert value in answers[part_id].text, part_id
        assert not any(other in answers[part_id].text for other in others), part_id


def test_words_the_rubric_does_not_know_give_no_confident_reading():
    """Without the German spellings the grid cannot be shared out: review, not a guess."""
    rubric = _grid_rubric("train", "test", "time", "memory")
    answers = segment_freeform(GRID_TEXT["de"], rubric)
    assert all(answer.confidence < 0.6 for answer in answers.values())



@pytest.mark.parametrize(("sentence", "clauses"), [
    ("time O(a), space O(b)", ["time O(a)", "space O(b)"]),
    ("time = space = O(a)", ["time = space = O(a)"]),          # one value, two names
    ("time ≈ space ≈ O(a)", ["time ≈ space ≈ O(a)"]),
    ("time = O(a), space = O(b)", ["time = O(a)", "space = O(b)"]),
])
def test_clauses_keep_chained_equations_whole(sentence, clauses):
    assert _clauses(sentence, lambda rest: rest.split()[0] in ("time", "space")) == clauses



@pytest.mark.parametrize(("line", "cells"), [
    ("  p :  1   0  -2  -4", ["p :", "1", "0", "-2", "-4"]),  # aligned by spaces
    ("t    0   1   2", ["t", "0", "1", "2"]),
    ("| a | b | c |", ["a", "b", "c"]),
    ("0\t1\t1", ["0", "1", "1"]),
    ("updates: q = q + p,  p = p - q,  step 1", None),  # prose with double spaces
    ("RNN  time  O(n)", None),
    ("just words", None),
])
def test_table_cells(line, cells):
    assert _table_cells(line) == cells


def test_plain_text_table_of_numbers_goes_to_the_table_part():
    """A grid aligned with spaces is one table (a part whose shape is a table), not
    lines read one by one, and its "q" row is no "Question 1"."""
    text = ("4.a) min_p max_q pq = 0 at p = 0.\n\n  t :  0   1   2   3   4   5   6\n"
            "  p :  1   0  -2  -4  -4   0   8\n  q :  1   2   2   0  -4  -8  -8\n")
    answers = segment_freeform(text, SEQ)
    assert "q :  1   2   2" in answers["4a.gda_table"].text
    assert "p :  1" in answers["4a.gda_table"].text


@pytest.mark.parametrize(("text", "part_id", "start"), [
    # a sub-label under a question whose parts have no sub-parts opens the part
    # at its position: "b)" the second
    ("Aufgabe 1\n\nTeil a)\n$Y_T = \\sigma(1000 H_T)$\n\nTeil b)\nDas Netz ist ein Schalter.",
     "1.meaning", "Das Netz ist ein Schalter."),
    ("Question 1\n\n(a) $Y_T = \\sigma(1000 H_T)$\n\n(b) The network is a switch.",
     "1.meaning", "The network is a switch."),
    # the heading's own label is not cut at its letter: no "### Teil" left behind
    ("## Aufgabe 1\n\n### Teil a) Geschlossene Form\n$Y_T = \\sigma(1000 H_T)$",
     "1.closed_form", "Geschlossene Form"),
])
def test_sub_labels_by_position(text, part_id, start):
    assert segment_freeform(text, RNN_ATT)[part_id].text.startswith(start)


@pytest.mark.parametrize(("text", "part_id", "start"), [
    # "\gg" in LaTeX names what the cue "≫" names
    ("2a)\n$$\\alpha_i = \\frac{\\exp(k_i^T q)}{\\sum_j \\exp(k_j^T q)}$$\n\n"
     "Si $k_j^T q \\gg k_i^T q$ pour tout $i$, alors $z$ copie $v_j$.",
     "2a.copy_condition", "Si $k_j^T q \\gg k_i^T q$"),
    # the other part's question asked again opens its answer
    ("2a)\n$$\\alpha_i = \\frac{\\exp(k_i^T q)}{\\sum_j \\exp(k_j^T q)}$$\n\n"
     "Wann ist $z \\approx v_j$? Genau dann, wenn $q = k_j$.",
     "2a.copy_condition", "Wann ist $z \\approx v_j$?"),
])
def test_relations_and_asked_questions_open_parts(text, part_id, start):
    assert segment_freeform(text, SEQ)[part_id].text.startswith(start)


# ---------------------------------------------------------------- surely missing or not

# Four answers of one sub-question, each line naming its part; the students'
# abbreviation of one dimension ("TF") is no keyword of the rubric.
GRID = Rubric(id="toy", title="toy", notation={"symbols": ["t", "n"]}, parts=[
    Part(id=f"1a.{model}_{phase}", points=1, kind="free_text",
         cues=Cues(labels=["1a"], keywords=[word, phase]))
    for model, word in (("rnn", "RNN"), ("tf", "Transformer")) for phase in ("train", "test")])

MISSING_CASES = [
    # (text, part, surely missing): sure only when nothing where its answer would
    # be names it as well as the part that took it
    ("1a) RNN train O(n)\n1a) RNN test O(1)\n1a) Transformer train O(t)\n"
     "1a) Transformer test: TODO", "1a.tf_test", True),
    ("1a) RNN train O(n)\n1a) RNN test O(1)\n1a) Transformer train O(t)", "1a.tf_test", True),
    ("1a) RNN train O(n)\n1a) RNN test O(1)\n1a) TF train O(t)\n1a) TF test O(t^2)",
     "1a.tf_test", False),
    ("1a) RNN train O(n)\n1a) RNN test O(1)\n1a) TF train O(t)\n1a) TF test O(t^2)",
     "1a.tf_train", False),
]


@pytest.mark.parametrize(("text", "part", "surely_missing"), MISSING_CASES)
def test_missing_only_when_nothing_nearby_names_the_part(text, part, surely_missing):
    answer = segment_freeform(text, GRID)[part]
    if surely_missing:
        assert answer.is_empty and answer.confidence == 1.0
    else:
        assert answer.is_empty is False or answer.confidence < 1.0
