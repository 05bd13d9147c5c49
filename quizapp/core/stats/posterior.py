"""The posterior of a weighted success rate over a few parts, each with its own answers.

The readiness estimate (quizapp.core.stats.readiness) asks: given a student's answers in each
part of the test plan, what share of an exam's scored items would they get right, where each
part counts by its share of the exam? This module answers that for any parts and weights, with
no database and no clock, so it is tested with hand-built numbers.

The model, and why (issue #23 measured the one it replaces):

- Each part has its own true rate `p`, and its answers are Binomial(n, p).
- The parts' rates are drawn from one Beta distribution with mean `mu` and concentration
  `kappa` (Beta(mu * kappa, (1 - mu) * kappa)): a part the student has barely touched is
  expected to sit near their other parts (`mu`), as far from them as their parts differ from
  each other (`kappa`). Both are learnt from the answers, and their uncertainty is carried
  through instead of being plugged in: plugging in the pooled rate is what made thinly
  practised parts look surer than they were.
- `mu` and `kappa` have a discrete prior on a fixed grid: `mu` on MU_CELLS cells of (0, 1)
  with the Jeffreys weights mu^-1/2 (1 - mu)^-1/2 (no view of the student's level), `kappa` on
  KAPPA_CELLS log-spaced cells of KAPPA_RANGE with weights kappa^-1/2 — the (alpha + beta)^-5/2
  prior Gelman et al. use for this model (Bayesian Data Analysis, 3rd ed., section 5.3),
  which leans towards parts that differ, so the range errs wide rather than narrow. Because
  the prior is the grid, the posterior over (mu, kappa) is exact, not a quadrature of it.
- Given (mu, kappa), the parts' posteriors are independent Betas, so the weighted rate has an
  exact mean, variance and skewness there; its distribution is taken as the normal with those
  moments corrected for the skew (a one-term Edgeworth expansion: a weighted sum of a dozen
  Betas is close to normal, but leans away from 100%), and the posterior is the mixture of
  those over the grid. tests/core/stats/test_posterior.py checks its mean and quantiles against
  Monte Carlo draws of the exact model (within a point; mostly within 0.2).

The point estimate is the posterior mean; the range is the central LEVEL of the posterior.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MU_CELLS = 40
KAPPA_CELLS = 16
KAPPA_RANGE = (1.0, 1000.0)
# The central 97% of the posterior, promised as "at least 19 times in 20": the model is a
# simple one (real parts' rates need not be Beta-shaped around the student's mean), and the two
# extra points keep the promise when it is not exact. benchmarks/bench_readiness.py measures
# the coverage it gives (at least 95% at 20 to 400 answers) and the width that costs.
LEVEL = 0.97
_NEGLIGIBLE = 1e-9  # grid points with less posterior weight than this (relative to the largest) are dropped
_BISECTIONS = 24  # quantiles to within 1e-7
_ROOT_HALF = math.sqrt(0.5)
_EDGEWORTH = 1.0 / (6.0 * math.sqrt(2.0 * math.pi))  # skew / 6 times the normal density's constant
_MAX_SKEW = 1.0  # beyond this a one-term Edgeworth expansion stops being a distribution


@dataclass(frozen=True)
class Evidence:
    """One part: its answers, how many were right, and its weight in the rate (any scale; a
    part of weight 0 only informs the other parts through mu and kappa)."""

    answered: int
    correct: int
    weight: float


@dataclass(frozen=True)
class WeightedRate:
    mean: float  # the posterior mean of the weighted rate
    low: float  # the central LEVEL of its posterior runs from low to high
    high: float
    part_means: tuple[float, ...]  # the posterior mean of each part's own rate, in the given order


@dataclass(frozen=True)
class GridPoint:
    probability: float  # posterior probability of this (mu, kappa)
    mu: float
    kappa: float


def _clean(parts: Sequence[Evidence]) -> list[Evidence]:
    cleaned = []
    for part in parts:
        answered = max(0, part.answered)
        cleaned.append(Evidence(answered, min(max(0, part.correct), answered), max(0.0, part.weight)))
    return cleaned


def grid() -> list[tuple[float, float, float]]:
    """(log prior weight, mu, kappa) for every point of the hyperprior's grid."""
    low, high = math.log(KAPPA_RANGE[0]), math.log(KAPPA_RANGE[1])
    step = (high - low) / KAPPA_CELLS
    points = []
    for j in range(KAPPA_CELLS):
        kappa = math.exp(low + step * (j + 0.5))
        for i in range(MU_CELLS):
            mu = (i + 0.5) / MU_CELLS
            points.append((-0.5 * (math.log(mu) + math.log1p(-mu) + math.log(kappa)), mu, kappa))
    return points


_GRID = grid()


def _log_evidence(parts: Sequence[Evidence], mu: float, kappa: float, shared: dict[int, float]) -> float:
    """log P(answers | mu, kappa) up to a constant: a product of beta-binomials."""
    lgamma = math.lgamma
    a0, b0 = mu * kappa, (1.0 - mu) * kappa
    la0, lb0 = lgamma(a0), lgamma(b0)
    total = 0.0
    for part in parts:
        if part.answered:
            total += (lgamma(a0 + part.correct) - la0 + lgamma(b0 + part.answered - part.correct) - lb0
                      - shared[part.answered])
    return total


def hyper_posterior(parts: Sequence[Evidence]) -> list[GridPoint]:
    """The posterior over the (mu, kappa) grid, negligible points left out."""
    parts = _clean(parts)
    shared: dict[float, dict[int, float]] = {}
    logs = []
    for log_prior, mu, kappa in _GRID:
        if kappa not in shared:
            shared[kappa] = {p.answered: math.lgamma(kappa + p.answered) - math.lgamma(kappa) for p in parts}
        logs.append(log_prior + _log_evidence(parts, mu, kappa, shared[kappa]))
    top = max(logs)
    weights = [math.exp(value - top) for value in logs]
    kept = [(w, mu, kappa) for w, (_, mu, kappa) in zip(weights, _GRID, strict=True) if w > _NEGLIGIBLE]
    total = sum(w for w, _, _ in kept)
    return [GridPoint(w / total, mu, kappa) for w, mu, kappa in kept]


def _mixture_quantile(components: Sequence[tuple[float, float, float, float]], target: float) -> float:
    """The `target` quantile, within [0, 1], of a mixture of near-normal distributions, each
    (probability, mean, sd, skewness) and taken to a first-order Edgeworth expansion:
    F(x) = Phi(z) - skew / 6 * (z^2 - 1) * phi(z)."""
    erf, exp = math.erf, math.exp

    def cdf(x: float) -> float:
        total = 0.0
        for p, m, s, g in components:
            z = (x - m) / s
            total += p * (0.5 + 0.5 * erf(z * _ROOT_HALF) - g * (z * z - 1.0) * exp(-0.5 * z * z) * _EDGEWORTH)
        return total

    low, high = 0.0, 1.0
    for _ in range(_BISECTIONS):
        middle = 0.5 * (low + high)
        if cdf(middle) < target:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def weighted_rate(parts: Sequence[Evidence], level: float = LEVEL) -> WeightedRate | None:
    """The posterior of sum(weight * rate) / sum(weight) over the parts; None when no part has
    weight. Parts without answers are welcome: they are what the model is for."""
    parts = _clean(parts)
    total_weight = sum(p.weight for p in parts)
    if total_weight <= 0:
        return None
    weights = [p.weight / total_weight for p in parts]
    components = []
    part_means = [0.0] * len(parts)
    for point in hyper_posterior(parts):
        a0 = point.mu * point.kappa
        mean = variance = third = 0.0
        for index, (part, weight) in enumerate(zip(parts, weights, strict=True)):
            alpha, size = a0 + part.correct, point.kappa + part.answered
            rate = alpha / size
            part_means[index] += point.probability * rate
            spread = rate * (1.0 - rate) / (size + 1.0)  # the variance of Beta(alpha, size - alpha)
            mean += weight * rate
            variance += weight * weight * spread
            third += weight**3 * 2.0 * spread * (1.0 - 2.0 * rate) / (size + 2.0)  # and its third central moment
        sd = math.sqrt(variance) or 1e-12
        skew = max(-_MAX_SKEW, min(_MAX_SKEW, third / sd**3)) if variance > 0 else 0.0
        components.append((point.probability, mean, sd, skew))
    tail = (1.0 - level) / 2.0
    estimate = sum(c[0] * c[1] for c in components)
    low = min(estimate, _mixture_quantile(components, tail))
    high = max(estimate, _mixture_quantile(components, 1.0 - tail))
    return WeightedRate(estimate, low, high, tuple(part_means))
