"""The weighted rate's posterior (quizapp.core.stats.posterior) with hand-built evidence: its
mixture's quantiles against Monte Carlo draws of the exact model, and its behaviour at the edges."""

from __future__ import annotations

import random

import pytest

from quizapp.core.stats import posterior
from quizapp.core.stats.posterior import Evidence, hyper_posterior, weighted_rate

WEIGHTS = (15, 8, 14, 28, 15, 9, 12, 6, 12, 12, 12, 7)  # the CCMA plan's parts


def exact_quantiles(parts: list[Evidence], draws: int, seed: int) -> tuple[float, float, float]:
    """Mean and central-LEVEL quantiles of the exact model, by drawing (mu, kappa) from their
    exact posterior on the grid and then every part's rate from its Beta posterior."""
    rng = random.Random(seed)
    points = hyper_posterior(parts)
    total = sum(p.weight for p in parts)
    samples = []
    for point in rng.choices(points, weights=[p.probability for p in points], k=draws):
        a0, b0 = point.mu * point.kappa, (1 - point.mu) * point.kappa
        samples.append(sum(p.weight * rng.betavariate(a0 + p.correct, b0 + p.answered - p.correct)
                           for p in parts) / total)
    samples.sort()
    tail = (1 - posterior.LEVEL) / 2
    return (sum(samples) / draws, samples[int(tail * draws)], samples[int((1 - tail) * draws)])


@pytest.mark.parametrize("answers", [
    [(3, 2), (0, 0), (5, 5), (0, 0), (2, 1), (0, 0), (0, 0), (1, 0), (4, 3), (0, 0), (3, 3), (2, 2)],  # 20, thin
    [(10, 6), (2, 2), (30, 20), (0, 0), (8, 7), (25, 24), (4, 1), (0, 0), (12, 9), (30, 21), (20, 19), (9, 8)],
    [(40, 30), (30, 20), (35, 30), (70, 60), (40, 25), (30, 28), (40, 20), (25, 24), (30, 20), (30, 27),
     (30, 15), (20, 19)],  # 420, uneven rates
    [(200, 160)] + [(0, 0)] * 11,  # everything in one part
])
def test_the_mixture_matches_the_exact_model(answers: list[tuple[int, int]]) -> None:
    parts = [Evidence(n, c, w) for (n, c), w in zip(answers, WEIGHTS, strict=True)]
    result = weighted_rate(parts)
    assert result is not None
    mean, low, high = exact_quantiles(parts, draws=20_000, seed=7)
    assert result.mean == pytest.approx(mean, abs=0.004)
    assert result.low == pytest.approx(low, abs=0.01) and result.high == pytest.approx(high, abs=0.01)
    # The estimate is the weight-averaged posterior means of the parts.
    total = sum(WEIGHTS)
    assert result.mean == pytest.approx(sum(w * m for w, m in zip(WEIGHTS, result.part_means, strict=True)) / total)


def test_no_answers_give_the_prior_a_wide_range_around_a_half() -> None:
    result = weighted_rate([Evidence(0, 0, w) for w in WEIGHTS])
    assert result is not None
    assert result.mean == pytest.approx(0.5, abs=1e-6)
    assert result.low < 0.2 and result.high > 0.8


def test_thin_parts_keep_the_range_wide_and_lean_towards_the_student() -> None:
    """200 answers in one part say little about the other eleven: much wider than 200 spread
    evenly, and the unpractised parts are expected near the practised rate (0.8), not at 0.5."""
    one_part = weighted_rate([Evidence(200, 160, WEIGHTS[0])] + [Evidence(0, 0, w) for w in WEIGHTS[1:]])
    spread = weighted_rate([Evidence(17, 14, w) for w in WEIGHTS])
    assert one_part is not None and spread is not None
    assert one_part.high - one_part.low > 2 * (spread.high - spread.low)
    assert 0.6 < one_part.part_means[5] < 0.8 and one_part.part_means[0] == pytest.approx(0.8, abs=0.01)


def test_a_part_of_weight_zero_informs_the_others_only() -> None:
    without = weighted_rate([Evidence(0, 0, w) for w in WEIGHTS])
    informed = weighted_rate([Evidence(0, 0, w) for w in WEIGHTS] + [Evidence(100, 90, 0.0)])
    assert without is not None and informed is not None
    assert informed.mean > without.mean + 0.15 and informed.high - informed.low < without.high - without.low


def test_many_answers_pin_the_weighted_rate() -> None:
    rates = [0.5, 0.9, 0.7, 0.8, 0.6, 0.95, 0.4, 0.85, 0.75, 0.65, 0.55, 0.9]
    parts = [Evidence(2000, round(2000 * r), w) for r, w in zip(rates, WEIGHTS, strict=True)]
    result = weighted_rate(parts)
    assert result is not None
    truth = sum(r * w for r, w in zip(rates, WEIGHTS, strict=True)) / sum(WEIGHTS)
    assert result.mean == pytest.approx(truth, abs=0.003)
    assert result.low < truth < result.high and result.high - result.low < 0.03


def test_extremes_stay_inside_zero_and_one_and_odd_input_is_cleaned() -> None:
    perfect = weighted_rate([Evidence(w, w, w) for w in WEIGHTS])
    hopeless = weighted_rate([Evidence(w, 0, w) for w in WEIGHTS])
    assert perfect is not None and hopeless is not None
    assert 0.97 < perfect.mean < 1.0 and perfect.low <= perfect.mean <= perfect.high <= 1.0
    assert 0.0 <= hopeless.low <= hopeless.mean < 0.03
    odd = weighted_rate([Evidence(5, 9, 1.0), Evidence(-3, -1, 1.0), Evidence(4, 2, -2.0)])
    clean = weighted_rate([Evidence(5, 5, 1.0), Evidence(0, 0, 1.0), Evidence(4, 2, 0.0)])
    assert odd == clean
    assert weighted_rate([]) is None and weighted_rate([Evidence(10, 5, 0.0)]) is None
