"""The readiness estimate: the share of a CCMA exam's scored items a student would get right now.

Pure, like quizapp.core.stats.shape: it reads the per-topic rows (their last-30-day tallies,
which hold scored answers only, so pretest items never reach it) and returns a frozen
`Readiness`. The statistics are in quizapp.core.stats.posterior; this module decides what the
parts are, what each weighs, and when there is enough to say anything.

The parts are the test plan's: each CCMA domain, except that Clinical Patient Care is its six
sub-domains, each weighted by its own share of the exam (Phlebotomy 12 of 150, EKG 6 of 150),
not by how many of its questions the bank happens to hold. Clinical answers to questions with
no sub-domain (or one the plan does not name) cannot be placed in a part: they weigh nothing
but still tell the model about the student's level. Career and Credentialing is practice only
and left out, like answers to questions with no domain.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quizapp.core.stats.posterior import LEVEL, Evidence, weighted_rate
from quizapp.core.stats.rows import TopicRow
from quizapp.core.stats.shape import RECENT_DAYS
from quizapp.core.taxonomy import CLINICAL, TEST_PLAN_ITEMS, TEST_PLAN_SUBDOMAIN_ITEMS

# Below this many recent answers in the CCMA domains there is no figure at all (None, and null
# in `quizapp stats --json`): it is the fewest the calibration benchmark checks, and with fewer
# the figure would mostly repeat the model's assumptions.
ESTIMATE_FROM = 20
# Below this many the range is still very wide (about 30 points at 50 answers, 45 at 20): the
# Progress page calls the estimate rough and shows the range alone, not a precise-looking figure.
FIRM_FROM = 50

Part = tuple[str, str | None]  # (domain, sub-domain), sub-domain None for a domain taken whole


def plan_parts() -> dict[Part, int]:
    """The CCMA test plan's scored items per part: Clinical Patient Care by sub-domain."""
    parts: dict[Part, int] = {}
    for domain, items in TEST_PLAN_ITEMS.items():
        if domain == CLINICAL:
            parts.update(((CLINICAL, sub), n) for sub, n in TEST_PLAN_SUBDOMAIN_ITEMS.items())
        else:
            parts[(domain, None)] = items
    return parts


PLAN_PARTS = plan_parts()

READINESS_EXPLANATION = (
    "This is an estimate, not an NHA score. It uses your answers from the last "
    f"{RECENT_DAYS} days in each part of the CCMA test plan (each domain, and each Clinical Patient "
    "Care sub-domain) and weights each part by how many of the exam's 150 scored items come from it, "
    "so Phlebotomy counts for 12 and EKG for 6. Career and Credentialing is practice only and left "
    "out. A part you have practised little is assumed to be roughly like your other parts, with the "
    "extra uncertainty that brings, so the range is wide at first and narrows as you answer more. "
    "NHA reports a scaled score from 200 to 500, which is not a percentage, so no percentage here "
    "is the NHA pass line."
)
RANGE_MEANING = ("The range is where your true percent very likely lies (at least 19 times in 20); it "
                 "narrows as you answer more questions.")


@dataclass(frozen=True)
class PartReadiness:
    name: str  # the domain, or for Clinical Patient Care the sub-domain
    domain: str
    subdomain: str | None
    weight: float  # share of the exam's scored items (0 for Clinical answers without a known sub-domain)
    answered: int  # in the last RECENT_DAYS days
    correct: int
    estimate: float | None  # the part's own rate, as the model sees it; None without an estimate


@dataclass(frozen=True)
class Readiness:
    estimate: float | None  # None below ESTIMATE_FROM recent answers in the CCMA domains
    low: float | None  # the central LEVEL of the posterior: see quizapp.core.stats.posterior
    high: float | None
    answered: int  # the recent answers it rests on
    explanation: str
    parts: tuple[PartReadiness, ...] = ()
    range_meaning: str = RANGE_MEANING

    @property
    def rough(self) -> bool:
        """An estimate on fewer than FIRM_FROM answers: show its range, not a figure."""
        return self.estimate is not None and self.answered < FIRM_FROM

    @property
    def rough_range(self) -> tuple[float, float] | None:
        """The range rounded outwards to whole multiples of 5% (0.45, 0.9), for a rough estimate:
        a range that does not look more precise than it is."""
        if self.low is None or self.high is None:
            return None
        return math.floor(self.low * 20 + 1e-9) / 20, math.ceil(self.high * 20 - 1e-9) / 20

    @property
    def needed(self) -> int:
        """Recent answers still missing before there is any estimate."""
        return max(0, ESTIMATE_FROM - self.answered)


def _tallies(rows: Iterable[TopicRow], plan: Mapping[Part, int]) -> dict[Part, list[int]]:
    whole_domains = {domain for domain, sub in plan if sub is None}
    split_domains = {domain for domain, sub in plan if sub is not None}
    tallies: dict[Part, list[int]] = {part: [0, 0] for part in plan}
    for row in rows:
        if row.domain in whole_domains:
            part: Part = (row.domain, None)
        elif row.domain in split_domains:
            part = (row.domain, row.subdomain)  # an unplaced sub-domain: a part of weight 0
        else:
            continue
        cell = tallies.setdefault(part, [0, 0])
        cell[0] += max(0, row.answered_30d)
        cell[1] += max(0, row.correct_30d)
    return tallies


def readiness(rows: Iterable[TopicRow], plan: Mapping[Part, int] | None = None) -> Readiness:
    """The estimate, its range and its parts from the last 30 days' answers (see the module doc).

    `plan` maps each part to its scored items (the CCMA test plan unless given)."""
    plan = PLAN_PARTS if plan is None else plan
    tallies = _tallies(rows, plan)
    answered = sum(a for a, _ in tallies.values())
    order = list(tallies)
    result = None
    if answered >= ESTIMATE_FROM:
        result = weighted_rate([Evidence(a, c, float(plan.get(p, 0))) for p, (a, c) in tallies.items()])
    items = sum(plan.values()) or 1
    parts = tuple(
        PartReadiness(sub or domain, domain, sub, plan.get((domain, sub), 0) / items, a, min(c, a),
                      result.part_means[i] if result is not None else None)
        for i, ((domain, sub), (a, c)) in enumerate((p, tallies[p]) for p in order)
    )
    if result is None:
        return Readiness(None, None, None, answered, READINESS_EXPLANATION, parts)
    return Readiness(result.mean, result.low, result.high, answered, READINESS_EXPLANATION, parts)


__all__ = ["ESTIMATE_FROM", "FIRM_FROM", "LEVEL", "PLAN_PARTS", "PartReadiness", "Readiness", "readiness"]
