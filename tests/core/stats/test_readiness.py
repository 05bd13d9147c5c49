"""The readiness estimate from hand-built rows: its parts and their weights, when it says
nothing and when it is rough, and what it does with thin, lopsided and extreme histories."""

from __future__ import annotations

import pytest

from quizapp.core.stats.readiness import ESTIMATE_FROM, FIRM_FROM, PLAN_PARTS, Readiness, readiness
from quizapp.core.stats.rows import TopicRow
from quizapp.core.taxonomy import CAREER, CLINICAL, CLINICAL_SUBDOMAINS, TEST_PLAN_ITEMS, TEST_PLAN_SUBDOMAIN_ITEMS

LAW = "Medical Law and Ethics"
PHLEBOTOMY = "Phlebotomy"
GENERAL = "General Patient Care"


def recent(domain: str | None, answered: int, correct: int, subdomain: str | None = None,
           topic: str = "t") -> TopicRow:
    """A topic's row with these answers in the last 30 days (and the same all time)."""
    return TopicRow(domain, subdomain, topic, answered, correct, 0.0, answered, correct)


def everywhere(per_part: int, rate: float) -> list[TopicRow]:
    right = round(per_part * rate)
    return [recent(domain, per_part, right, sub) for domain, sub in PLAN_PARTS]


def figures(result: Readiness) -> tuple[float, float, float]:
    assert result.estimate is not None and result.low is not None and result.high is not None
    return result.estimate, result.low, result.high


def test_the_parts_are_the_test_plan_with_clinical_by_sub_domain() -> None:
    parts = {p.name: p for p in readiness([]).parts}
    assert set(parts) == {*(d for d in TEST_PLAN_ITEMS if d != CLINICAL), *CLINICAL_SUBDOMAINS}
    assert parts[PHLEBOTOMY].weight == pytest.approx(12 / 150) and parts[PHLEBOTOMY].domain == CLINICAL
    assert parts["EKG and Cardiovascular Testing"].weight == pytest.approx(6 / 150)
    assert parts[LAW].weight == pytest.approx(7 / 150) and parts[LAW].subdomain is None
    assert sum(p.weight for p in parts.values()) == pytest.approx(1.0)
    assert sum(TEST_PLAN_SUBDOMAIN_ITEMS.values()) == TEST_PLAN_ITEMS[CLINICAL]


def test_no_figure_below_twenty_recent_answers_in_the_ccma_domains() -> None:
    old = TopicRow(LAW, None, "HIPAA", 500, 400, 0.0)  # all of it before the last 30 days
    career = recent(CAREER, 300, 250)
    unplaced = recent(None, 300, 250)
    almost = readiness([old, career, unplaced, recent(LAW, ESTIMATE_FROM - 1, 15)])
    assert (almost.estimate, almost.low, almost.high) == (None, None, None)
    assert almost.answered == ESTIMATE_FROM - 1 and almost.needed == 1 and not almost.rough
    assert "estimate, not an NHA score" in almost.explanation and "Phlebotomy counts for 12" in almost.explanation
    first = readiness([recent(LAW, ESTIMATE_FROM, 15)])
    assert first.estimate is not None and first.rough and first.needed == 0
    firm = readiness([recent(LAW, FIRM_FROM, 40)])
    assert firm.estimate is not None and not firm.rough


def test_a_rough_range_is_rounded_outwards_to_fives() -> None:
    result = Readiness(0.62, 0.4321, 0.8012, 30, "")
    assert result.rough and result.rough_range == (0.4, 0.85)
    assert Readiness(0.5, 0.45, 0.9, 30, "").rough_range == (0.45, 0.9)  # already on a multiple of 5
    assert Readiness(None, None, None, 3, "").rough_range is None


def test_clinical_sub_domains_count_by_their_share_of_the_exam() -> None:
    """Strong in General Patient Care (28 of 150 items), weak in Phlebotomy (12 of 150), and the
    bank asked far more General Patient Care questions: the estimate follows the exam's shares."""
    others = [recent(d, 300, 210, s) for d, s in PLAN_PARTS if s not in (GENERAL, PHLEBOTOMY)]
    rows = [*others, recent(CLINICAL, 900, 855, GENERAL), recent(CLINICAL, 100, 30, PHLEBOTOMY)]
    estimate, low, high = figures(readiness(rows))
    exam_weighted = (sum(PLAN_PARTS[(d, s)] * 0.7 for d, s in PLAN_PARTS if s not in (GENERAL, PHLEBOTOMY))
                     + 28 * 0.95 + 12 * 0.3) / 150
    assert estimate == pytest.approx(exam_weighted, abs=0.01) and low < exam_weighted < high
    # The same answers lumped as "Clinical" (as main did) would put Clinical at 885 of 1000.
    lumped = (sum(n * 0.7 for (d, s), n in PLAN_PARTS.items() if d != CLINICAL) + 84 * 0.885) / 150
    assert lumped - estimate > 0.03
    parts = {p.name: p for p in readiness(rows).parts}
    assert (parts[PHLEBOTOMY].answered, parts[PHLEBOTOMY].correct) == (100, 30)
    assert 0.3 < parts[PHLEBOTOMY].estimate < 0.36  # its own 30%, pulled a little towards the rest


def test_clinical_answers_without_a_known_sub_domain_inform_but_weigh_nothing() -> None:
    rows = [recent(CLINICAL, 60, 54), recent(CLINICAL, 40, 36, "Something else")]
    result = readiness(rows)
    assert result.answered == 100
    extra = [p for p in result.parts if p.weight == 0]
    assert {(p.domain, p.subdomain) for p in extra} == {(CLINICAL, None), (CLINICAL, "Something else")}
    estimate, low, high = figures(result)
    assert 0.7 < estimate < 0.9 and high - low > 0.2  # about the student's 90%, but no part is known


def test_the_range_narrows_with_more_answers_and_holds_the_estimate() -> None:
    widths = []
    for per_part in (2, 5, 20, 100, 1000):
        estimate, low, high = figures(readiness(everywhere(per_part, 0.7)))
        assert low <= estimate <= high
        widths.append(high - low)
    assert widths == sorted(widths, reverse=True) and widths[0] > 0.2 and widths[-1] < 0.03
    estimate, _, _ = figures(readiness(everywhere(1000, 0.7)))
    assert estimate == pytest.approx(0.7, abs=0.003)


def test_a_lopsided_history_is_less_sure_than_an_even_one() -> None:
    """Issue #23: the same number of answers in fewer parts says less about the exam."""
    even = readiness(everywhere(10, 0.7))
    lopsided = readiness([recent(CLINICAL, 120, 84, GENERAL)])
    _, even_low, even_high = figures(even)
    estimate, low, high = figures(lopsided)
    assert even.answered == lopsided.answered == 120
    assert high - low > 1.5 * (even_high - even_low)
    assert 0.6 < estimate < 0.75  # the unpractised parts are expected near the practised one


def test_readiness_stays_inside_zero_and_one() -> None:
    perfect = figures(readiness(everywhere(3, 1.0)))
    hopeless = figures(readiness(everywhere(3, 0.0)))
    assert perfect[2] <= 1.0 and 0.9 < perfect[0] < 1.0
    assert hopeless[1] >= 0.0 and 0.0 < hopeless[0] < 0.1
    odd = readiness([recent(LAW, 30, 45), recent("Anatomy and Physiology", -5, -2)])  # tallies a re-score left odd
    assert [(p.name, p.answered, p.correct) for p in odd.parts if p.answered or p.correct] == [(LAW, 30, 30)]
    assert odd.answered == 30
