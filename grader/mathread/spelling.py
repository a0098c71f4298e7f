"""The spellings students write, and what the grammar reads for each: function
names, Greek letters, Unicode operators, LaTeX commands, and the patterns the
normaliser looks ahead with. Data only; :mod:`grader.mathread.normalise` uses it."""

from __future__ import annotations

import re

MIN_WORD_LENGTH = 3
"""An unknown run of this many letters (``thi``, ``RNN``) is read as a word."""

# function name (lower case) → the command the grammar knows
FUNCTION_WORDS: dict[str, str] = {
    "log": "log", "ln": "ln", "exp": "exp", "sigmoid": "sigmoid", "softmax": "softmax",
    "tanh": "tanh", "max": "max", "min": "min", "diag": "diag", "relu": "relu",
    "sin": "sin", "cos": "cos", "binomial": "binomial",
    "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot", "sinh": "sinh", "cosh": "cosh",
    "arcsin": "arcsin", "arccos": "arccos", "arctan": "arctan",
    "asin": "arcsin", "acos": "arccos", "atan": "arctan",
    "abs": "abs", "floor": "floor", "ceil": "ceil", "ceiling": "ceil",
    "factorial": "factorial", "lg": "lg",
    "sech": "sech", "csch": "csch", "coth": "coth", "cosec": "csc", "cosech": "csch",
    "arcsinh": "arcsinh", "arccosh": "arccosh", "arctanh": "arctanh",
    "asinh": "arcsinh", "acosh": "arccosh", "atanh": "arctanh",
    "arsinh": "arcsinh", "arcosh": "arccosh", "artanh": "arctanh",
}
# capitalised spellings students use for the same functions (Softmax(QK^T))
CAPITALISED_FUNCTIONS = {"Softmax", "Sigmoid", "Diag", "ReLU", "Relu", "Log", "Exp", "Tanh"}

GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "ell": "ℓ",
}
UNICODE_GREEK: dict[str, str] = {v: k for k, v in GREEK.items()}
UNICODE_GREEK.update({"ϕ": "phi", "ϵ": "epsilon", "ϑ": "theta", "µ": "mu"})
GREEK_VARIANTS = {"varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta",
                   "varsigma": "sigma", "varrho": "rho", "varpi": "pi"}

# one character in, one character out: offsets stay aligned
CHAR_MAP = str.maketrans({"−": "-", "–": "-", "∗": "*", "𝒪": "O", "～": "~", "：": ":"})

# character → replacement text
UNICODE_TEXT: dict[str, str] = {
    "·": r" \cdot ", "⋅": r" \cdot ", "∙": r" \cdot ", "×": r" \cdot ", "÷": "/",
    "√": r"\sqrt ", "≈": r" \approx ", "≃": r" \approx ", "∝": r" \propto ",
    "≤": r" \le ", "≥": r" \ge ", "≪": r" \ll ", "≫": r" \gg ", "≠": r" \ne ",
    "…": r" \dots ", "⋯": r" \dots ", "∞": r" \infty ",
    "⟨": r" \langle ", "⟩": r" \rangle ", "∑": r"\sum ", "∏": r"\prod ",
    "∼": r" \sim ", "~": r" \sim ", "ᵀ": r"^\top ", "≔": " := ",
    "⊗": r" \otimes ", "∈": r" \in ",
    # vulgar fractions: ⅓ is one number, (1/3)
    "½": "(1/2)", "⅓": "(1/3)", "⅔": "(2/3)", "¼": "(1/4)", "¾": "(3/4)", "⅕": "(1/5)",
    "⅙": "(1/6)", "⅛": "(1/8)",
}
# ASCII spellings of relations (">>" in "beta >> 0")
ASCII_RELATIONS = {">>": r" \gg ", "<<": r" \ll ", ">=": r" \ge ", "<=": r" \le ",
                    "!=": r" \ne "}
# "(i<j)" after a list entry: the condition the entry ranges over
CONDITION_GROUP = re.compile(
    r"\(\s*((?:[A-Za-z0-9_{},+\-\s]|\\(?:[lg]eq?|neq?|lt|gt)(?![A-Za-z])|[<>≤≥≠])*)\)")
CONDITION_RELATION = re.compile(r"[<>≤≥≠]|\\(?:[lg]eq?|neq?|lt|gt)(?![A-Za-z])")
CONDITION_END = re.compile(r"\s*(?:,|\]|\\right\s*\]|\\\}|$)")
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
                 "⁷": "7", "⁸": "8", "⁹": "9", "⁺": "+", "⁻": "-", "ⁿ": "n", "ⁱ": "i",
                 "ᵏ": "k", "ᵈ": "d", "ᵗ": "t", "ᴸ": "L", "ᴰ": "D"}
SUBSCRIPTS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6",
               "₇": "7", "₈": "8", "₉": "9", "ᵢ": "i", "ⱼ": "j", "ₖ": "k", "ₙ": "n",
               "ₜ": "t", "ₐ": "a", "ₓ": "x"}

SPACING = {"quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits", "nonumber"}
SIZING = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
           "biggl", "biggr", "Biggl", "Biggr", "middle"}
TRANSPARENT = {"boxed", "mathbf", "boldsymbol", "bm", "vec", "mathit", "cancel", "bf",
                "mathnormal", "pmb", "mathbold"}
WRAPPERS = {"text", "textrm", "textit", "textbf", "textnormal", "texttt", "mbox",
             "mathrm", "operatorname", "mathsf", "mathcal", "mathbb", "mathscr", "mathfrak"}
COMMAND_TEXT: dict[str, str] = {
    "dfrac": r"\frac", "tfrac": r"\frac", "cfrac": r"\frac",
    "cdot": r" \cdot ", "times": r" \cdot ", "ast": r" \cdot ", "div": "/",
    "vert": " | ", "lvert": " | ", "rvert": " | ", "mid": " | ",
    "approx": r" \approx ", "simeq": r" \approx ", "thickapprox": r" \approx ",
    "propto": r" \propto ", "varpropto": r" \propto ",
    "le": r" \le ", "leq": r" \le ", "leqslant": r" \le ", "ge": r" \ge ", "geq": r" \ge ",
    "geqslant": r" \ge ", "ll": r" \ll ", "gg": r" \gg ", "ne": r" \ne ", "neq": r" \ne ",
    "lt": " < ", "gt": " > ", "equiv": " = ", "coloneqq": " := ", "sim": r" \sim ",
    "dots": r" \dots ", "cdots": r" \dots ", "ldots": r" \dots ", "dotsb": r" \dots ",
    "dotsc": r" \dots ", "dotsm": r" \dots ",
    "top": r"\top ", "intercal": r"\top ", "infty": r" \infty ",
    "langle": r" \langle ", "rangle": r" \rangle ",
}
# commands the grammar reads as they are
NORM_COMMANDS = {"Vert", "lVert", "rVert", "parallel"}
NORM_CHARS = {"‖", "∥"}
GRAMMAR_COMMANDS = {"frac", "sqrt", "binom", "choose", "sum", "prod", "int", "bigO",
                     "bigTheta", "bigOmega", "E", "KL", "prob", "dd"}

SPLIT_SUB = r"(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]|[α-ωΑ-Ωϕϵϑ])"
VAR = rf"(?:[A-Za-z]|\\[A-Za-z]+)(?:_{SPLIT_SUB})?"
VARS = rf"{VAR}(?:,{VAR})*"
DENSITY_CONTENT = re.compile(rf"{VARS}(?:\|{VARS})?")
KL_SUBSCRIPT = re.compile(r"_\s*(?:\{\s*(?:\\(?:mathrm|text|operatorname)\s*\{\s*KL\s*\}|KL)"
                           r"\s*\}|KL(?![A-Za-z]))")
TRANSPOSE = re.compile(r"\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T(?![A-Za-z])"
                        r"|\\top(?![A-Za-z])|\\intercal(?![A-Za-z]))")
BIG_OPERATOR_TAIL = re.compile(r"\\(?:sum|prod|int)\s*(?:_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}"
                                r"|\\?[A-Za-z0-9]+))?\s*$")
DIGITS_AFTER = re.compile(r"\d+(?![\d.])")
# where a derivative name (∂ℓ/∂z, \\nabla_z \\ell, dl/dz) may start: read as one name
DERIVATIVE_STARTS = frozenset("\\∂∇dl")
TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]+|\d+(?:\.\d+)?|\S")
