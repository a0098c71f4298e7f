"""Evaluate the little probability language of latent-variable identities on discrete models.

Expressions are sympy trees built from ``grader.mathread.objects`` (``Prob``,
``Expect``, ``KL``) plus ``Integral``/``Sum`` over the latent variable, ``log``,
``exp``, ``Add``, ``Mul``, ``Pow`` and numbers. Which letters are the observed
and the latent variable, the model's density and the approximate posterior is
the rubric part's :class:`LatentModel` (for the ELBO: ``x``, ``z``, ``p``,
``q``). Two expressions are *equivalent* when they agree on several random
discrete models: the latent variable takes ``k`` values, the observed one is
fixed to one value, a random joint ``p(x, z)`` fixes ``p(z)``, ``p(x|z)``,
``p(x)`` and ``p(z|x)`` consistently, and ``q(z|x)`` is drawn on its own. Any
correct rewriting agrees on every model; a wrong one agrees on a random model
with probability zero, so a handful of trials decides.

Reading choices, stated once:

- (in the ELBO's letters) anything that depends on ``z`` is a vector over the
  ``k`` values of ``z``, evaluated pointwise; ``∫ … dz`` and ``Σ_z`` sum it,
  ``E_{d}[f]`` is ``Σ_z d(z) f(z)``, ``KL(a ‖ b)`` is ``Σ_z a(z) log(a(z)/b(z))``;
- a bare ``E[f]`` (``dist`` is ``S.EmptySet``) and ``E_q[f]`` are taken under
  ``q(z|x)``; ``q(z)`` and a bare ``q`` (``log q``, ``KL(q ‖ p(z))``) mean
  ``q(z|x)``: the only sensible readings when ``q`` approximates the posterior
  (a bare ``p`` is ambiguous and stays unsupported);
- subscripted names fold to their letter (``p_θ`` → ``p``, ``q_φ`` → ``q``);
- anything else (unknown densities, free symbols, ``log`` of a non-positive
  value) raises :class:`UnsupportedExpression`, which a checker turns into
  ``needs_review``, never into a wrong answer.

Example:
    >>> import sympy
    >>> from grader.mathread.objects import Expect, KL, Prob
    >>> x, z, p, q = sympy.symbols("x z p q")
    >>> elbo = LatentModel(observed="x", latent="z", model="p", approximation="q")
    >>> qzx = Prob(q, sympy.Tuple(z), sympy.Tuple(x))
    >>> pz = Prob(p, sympy.Tuple(z), sympy.Tuple())
    >>> pxz = Prob(p, sympy.Tuple(x), sympy.Tuple(z))
    >>> joint = Prob(p, sympy.Tuple(x, z), sympy.Tuple())
    >>> equivalent(Expect(qzx, sympy.log(pxz)) - KL(qzx, pz),
    ...            sympy.Integral(qzx * sympy.log(joint / qzx), z), elbo)
    True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy
from pydantic import BaseModel, ConfigDict, Field
from sympy.printing.str import StrPrinter

from grader.mathread.objects import KL, Expect, Prob
from grader.maths.verdict import Verdict, not_equivalent, undecided
from grader.maths.verdict import equivalent as equivalent_verdict
from grader.notation import Notation

K_DEFAULT = 3
"""Number of values of the latent variable in a random model (trials alternate k and k + 1)."""
TRIALS_DEFAULT = 5
RTOL_DEFAULT = 1e-8
ATOL_DEFAULT = 1e-10
_FLOOR = 0.05
"""Mixed into every random distribution so that no probability is tiny and logs stay tame."""

Value = float | np.ndarray
"""A scalar, or a vector over the latent variable's values for an expression where it is free."""


class UnsupportedExpression(ValueError):
    """The expression uses something the evaluator does not model."""


class LatentModel(BaseModel):
    """The letters of a latent-variable model, as the assignment writes them.

    For the ELBO of a VAE: ``observed: x, latent: z, model: p, approximation: q``.
    Subscripted spellings fold to these letters (``p_θ`` is the model's density).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    observed: str = Field(description="The observed variable, fixed at one value in each model.")
    latent: str = Field(description="The latent variable that expectations, sums and integrals "
                                    "run over.")
    model: str = Field(description="Name of the model's density: its joint, prior, likelihood, "
                                   "evidence and posterior are all written with it.")
    approximation: str = Field(description="Name of the approximate posterior, a density over "
                                           "the latent variable given the observed one.")


@dataclass(frozen=True, eq=False)
class DiscreteModel:
    """A discrete latent-variable model observed at one value of the observed variable.

    ``joint[i, j]`` is the model's joint density at observed value ``i`` and
    latent value ``j``; ``x_obs`` is the observed row; ``q[j]`` is the
    approximate posterior at latent value ``j``. ``variables`` names the letters.
    """

    joint: np.ndarray
    q: np.ndarray
    variables: LatentModel
    x_obs: int = 0

    @property
    def k(self) -> int:
        return self.joint.shape[1]

    @property
    def joint_observed(self) -> np.ndarray:
        return self.joint[self.x_obs]

    @property
    def prior(self) -> np.ndarray:
        return self.joint.sum(axis=0)

    @property
    def evidence(self) -> float:
        return float(self.joint_observed.sum())

    @property
    def likelihood(self) -> np.ndarray:
        return self.joint_observed / self.prior

    @property
    def posterior(self) -> np.ndarray:
        return self.joint_observed / self.evidence

    @property
    def evidence_lower_bound(self) -> float:
        """``Σ_z q(z|x) log(p(x, z) / q(z|x))``, for tests and TA notes."""
        return float(np.sum(self.q * np.log(self.joint_observed / self.q)))


def _random_distribution(rng: np.random.Generator, size: int) -> np.ndarray:
    raw = rng.dirichlet(np.ones(size))
    mixed = (1 - _FLOOR * size) * raw + _FLOOR if _FLOOR * size < 1 else np.full(size, 1 / size)
    return mixed / mixed.sum()


def random_model(rng: np.random.Generator, variables: LatentModel, k: int = K_DEFAULT,
                 n_x: int = 2) -> DiscreteModel:
    """A random model with ``k`` latent values and ``n_x`` observed values."""
    joint = _random_distribution(rng, n_x * k).reshape(n_x, k)
    return DiscreteModel(joint, _random_distribution(rng, k), variables, int(rng.integers(n_x)))


def sample_models(variables: LatentModel, trials: int = TRIALS_DEFAULT,
                  seed: int = 0) -> list[DiscreteModel]:
    """``trials`` random models, reproducible from ``seed``; ``k`` alternates 3, 4."""
    rng = np.random.default_rng(seed)
    return [random_model(rng, variables, K_DEFAULT + i % 2) for i in range(trials)]


# ---------------------------------------------------------------- densities

_DensityKey = tuple[str, frozenset[str], frozenset[str]]


@lru_cache(maxsize=32)
def _densities(v: LatentModel) -> dict[_DensityKey, Callable[[DiscreteModel], Value]]:
    """Every density the model defines, keyed by (name, outcome, condition)."""
    obs, lat, none = frozenset({v.observed}), frozenset({v.latent}), frozenset()
    return {
        (v.model, obs | lat, none): lambda m: m.joint_observed,
        (v.model, obs, lat): lambda m: m.likelihood,
        (v.model, lat, obs): lambda m: m.posterior,
        (v.model, lat, none): lambda m: m.prior,
        (v.model, obs, none): lambda m: m.evidence,
        (v.approximation, lat, obs): lambda m: m.q,
        (v.approximation, lat, none): lambda m: m.q,
    }


def _fold_name(name: object) -> str:
    text = str(name).lstrip("\\")
    return text.split("_", 1)[0].split("^", 1)[0]


def _variables(args: sympy.Basic, what: str, v: LatentModel) -> frozenset[str]:
    names = []
    for arg in getattr(args, "args", ()):
        if not isinstance(arg, sympy.Symbol) or arg.name not in (v.observed, v.latent):
            raise UnsupportedExpression(f"unknown variable {arg} in the {what} of a density")
        names.append(arg.name)
    if len(set(names)) != len(names):
        raise UnsupportedExpression(f"repeated variable in the {what} of a density")
    return frozenset(names)


def density_key(prob: Prob, variables: LatentModel) -> _DensityKey:
    """``(name, outcome variables, given variables)`` of a ``Prob``."""
    name, outcome, given = prob.args
    return (_fold_name(name), _variables(outcome, "outcome", variables),
            _variables(given, "condition", variables))


def _density(prob: Prob, model: DiscreteModel) -> Value:
    key = density_key(prob, model.variables)
    try:
        return _densities(model.variables)[key](model)
    except KeyError:
        raise UnsupportedExpression(f"no density {show(prob)} in the model") from None


def _is_bare_approximation(expr: sympy.Basic, v: LatentModel) -> bool:
    """The approximate posterior written without arguments (a Symbol, or
    ``Prob(q, (), ())`` from ``E_q``)."""
    if isinstance(expr, sympy.Symbol):
        return _fold_name(expr.name) == v.approximation
    return (isinstance(expr, Prob) and _fold_name(expr.args[0]) == v.approximation
            and not expr.args[1].args and not expr.args[2].args)


def _distribution_over_latent(dist: sympy.Basic, model: DiscreteModel) -> np.ndarray:
    """The weights of an expectation or one side of a KL: a density over the latent variable."""
    v = model.variables
    if dist == sympy.S.EmptySet or _is_bare_approximation(dist, v):
        return model.q
    if not isinstance(dist, Prob):
        raise UnsupportedExpression(f"cannot take {dist} as a distribution")
    _, outcome, _ = density_key(dist, v)
    if outcome != frozenset({v.latent}):
        raise UnsupportedExpression(f"{show(dist)} is not a distribution over {v.latent}")
    return np.asarray(_density(dist, model))


# ---------------------------------------------------------------- evaluation

def _sum_over_latent(expr: sympy.Basic, model: DiscreteModel) -> float:
    latent = model.variables.latent
    for limit in expr.limits:
        if not (isinstance(limit[0], sympy.Symbol) and limit[0].name == latent):
            raise UnsupportedExpression(f"cannot sum or integrate over {limit[0]}")
    if len(expr.limits) != 1:
        raise UnsupportedExpression(f"only a single sum or integral over {latent} is modelled")
    body = _value(expr.function, model)
    return float(np.sum(np.broadcast_to(body, (model.k,))))


def _log(value: Value) -> Value:
    if np.any(np.asarray(value) <= 0):
        raise UnsupportedExpression("log of a non-positive value")
    return np.log(value)


def _value(expr: sympy.Basic, model: DiscreteModel) -> Value:
    if _is_bare_approximation(expr, model.variables):
        return model.q
    if isinstance(expr, Prob):
        return _density(expr, model)
    if isinstance(expr, Expect):
        dist, body = expr.args
        weights = _distribution_over_latent(dist, model)
        return float(np.sum(weights * _value(body, model)))
    if isinstance(expr, KL):
        a = _distribution_over_latent(expr.args[0], model)
        b = _distribution_over_latent(expr.args[1], model)
        return float(np.sum(a * np.log(a / b)))
    if isinstance(expr, sympy.Integral | sympy.Sum):
        return _sum_over_latent(expr, model)
    if isinstance(expr, sympy.Add):
        return sum((_value(a, model) for a in expr.args), start=0.0)
    if isinstance(expr, sympy.Mul):
        result: Value = 1.0
        for arg in expr.args:
            result = result * _value(arg, model)
        return result
    if isinstance(expr, sympy.Pow):
        base, exponent = (_value(a, model) for a in expr.args)
        # A negative base with a fractional exponent, or 1/0, is undefined: not a number to compare.
        with np.errstate(divide="raise", invalid="raise"):
            try:
                return np.power(np.asarray(base, dtype=float), exponent)
            except FloatingPointError:
                raise UnsupportedExpression(f"{show(expr)} is undefined on the model") from None
    if isinstance(expr, sympy.log):
        return _log(_value(expr.args[0], model))
    if isinstance(expr, sympy.exp):
        return np.exp(_value(expr.args[0], model))
    if expr.is_Number or isinstance(expr, sympy.NumberSymbol):
        number = complex(expr)
        if number.imag:
            raise UnsupportedExpression(f"complex number {expr}")
        return number.real
    if isinstance(expr, sympy.Symbol):
        raise UnsupportedExpression(f"free symbol {expr} outside a density")
    raise UnsupportedExpression(f"cannot evaluate {type(expr).__name__}: {show(expr)}")


def value(expr: sympy.Basic, model: DiscreteModel) -> Value:
    """``expr`` on ``model``: a float, or a vector over the latent values if it is free.

    Raises:
        UnsupportedExpression: the expression uses something not modelled.
    """
    try:
        result = _value(expr, model)
    except (TypeError, ValueError, ArithmeticError) as err:
        if isinstance(err, UnsupportedExpression):
            raise
        raise UnsupportedExpression(f"cannot evaluate {show(expr)}: {err}") from err
    if not np.all(np.isfinite(result)):
        raise UnsupportedExpression(f"{show(expr)} is not finite on the model")
    return result


def evaluate(expr: sympy.Basic, model: DiscreteModel) -> float:
    """``expr`` as a number on ``model``.

    Example:
        >>> m = sample_models(LatentModel(observed="x", latent="z", model="p",
        ...                               approximation="q"), 1)[0]
        >>> p, x = sympy.symbols("p x")
        >>> evidence = Prob(p, sympy.Tuple(x), sympy.Tuple())
        >>> bool(evaluate(sympy.log(evidence), m) == np.log(m.evidence))
        True

    Raises:
        UnsupportedExpression: the expression uses something not modelled, or
            still depends on the latent variable (it is not a number).
    """
    result = value(expr, model)
    if isinstance(result, np.ndarray) and result.ndim:
        raise UnsupportedExpression(f"{show(expr)} still depends on {model.variables.latent}")
    return float(result)


def agree(a: Value, b: Value) -> bool:
    """Whether two values agree within the evaluator's tolerance."""
    return bool(np.allclose(a, b, rtol=RTOL_DEFAULT, atol=ATOL_DEFAULT))


def equivalent(a: sympy.Basic, b: sympy.Basic, variables: LatentModel,
               trials: int = TRIALS_DEFAULT, *, seed: int = 0) -> bool | None:
    """Whether ``a`` and ``b`` agree on ``trials`` random models.

    Expressions with a free latent variable are compared pointwise. ``None``
    means at least one side could not be evaluated.

    Example:
        >>> p, x, z = sympy.symbols("p x z")
        >>> elbo = LatentModel(observed="x", latent="z", model="p", approximation="q")
        >>> joint = Prob(p, sympy.Tuple(x, z), sympy.Tuple())
        >>> bayes = Prob(p, sympy.Tuple(x), sympy.Tuple(z)) * Prob(p, sympy.Tuple(z), sympy.Tuple())
        >>> equivalent(sympy.log(joint), sympy.log(bayes), elbo)
        True
    """
    for model in sample_models(variables, trials, seed):
        try:
            va, vb = value(a, model), value(b, model)
        except UnsupportedExpression:
            return None
        if not agree(va, vb):
            return False
    return True


def compare_on_models(reference: sympy.Basic, answer: sympy.Basic, variables: LatentModel,
                      trials: int = TRIALS_DEFAULT) -> Verdict:
    """``verify``'s comparison for a latent-variable model: the two sides on
    ``trials`` random discrete models (see the module docstring). Each side's
    values are computed once (a derivation's steps are compared several times)."""
    values_ref = values_on_models(reference, variables, trials)
    values_ans = values_on_models(answer, variables, trials)
    for side in (values_ref, values_ans):
        if isinstance(side, str):
            return undecided(f"cannot evaluate on the model: {side}", "models")
    if all(agree(a, b) for a, b in zip(values_ref, values_ans, strict=True)):
        return equivalent_verdict("models", f"equal on {trials} random models")
    return not_equivalent("models", f"not equal on {trials} random models")


@lru_cache(maxsize=1024)
def values_on_models(expr: sympy.Basic, variables: LatentModel,
                     trials: int = TRIALS_DEFAULT) -> tuple[Value, ...] | str:
    """``expr`` on the ``trials`` models of :func:`sample_models` (seed 0), or why it
    cannot be evaluated there (cached either way)."""
    try:
        return tuple(value(expr, m) for m in _models(variables, trials))
    except UnsupportedExpression as exc:
        return str(exc)


@lru_cache(maxsize=32)
def _models(variables: LatentModel, trials: int) -> tuple[DiscreteModel, ...]:
    return tuple(sample_models(variables, trials))


def with_densities(notation: Notation | None, variables: LatentModel) -> Notation:
    """``notation`` in which the model's density and the approximation are densities:
    a part declares them in its model's letters, so ``p(x|z)`` reads as a density
    even where the rubric's notation does not list them."""
    notation = notation or Notation()
    declared = tuple(n for n in (variables.model, variables.approximation)
                     if n not in notation.densities)
    return dataclasses.replace(notation, densities=notation.densities + declared)


# ---------------------------------------------------------------- printing

class _ProbabilityPrinter(StrPrinter):
    """Prints ``p(x|z)``, ``E_{q(z|x)}[…]``, ``KL(a ‖ b)`` instead of constructor calls."""

    def _print_Prob(self, expr: Prob) -> str:
        name, outcome, given = expr.args
        out = ", ".join(self._print(a) for a in outcome.args)
        if given.args:
            return f"{self._print(name)}({out}|{', '.join(self._print(a) for a in given.args)})"
        return f"{self._print(name)}({out})"

    def _print_Expect(self, expr: Expect) -> str:
        dist, body = expr.args
        sub = "" if dist == sympy.S.EmptySet else f"_{{{self._print(dist)}}}"
        return f"E{sub}[{self._print(body)}]"

    def _print_KL(self, expr: KL) -> str:
        return f"KL({self._print(expr.args[0])} ‖ {self._print(expr.args[1])})"

    def _print_Integral(self, expr: sympy.Integral) -> str:
        variables = " ".join(f"d{self._print(limit[0])}" for limit in expr.limits)
        return f"∫ {self._print(expr.function)} {variables}"


def show(expr: sympy.Basic) -> str:
    """A compact, readable form of ``expr`` for TA notes."""
    return _ProbabilityPrinter().doprint(expr)


__all__ = [
    "DiscreteModel",
    "LatentModel",
    "UnsupportedExpression",
    "agree",
    "compare_on_models",
    "density_key",
    "equivalent",
    "evaluate",
    "random_model",
    "sample_models",
    "show",
    "value",
    "values_on_models",
    "with_densities",
]
