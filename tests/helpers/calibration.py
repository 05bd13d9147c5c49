"""Simulated students with known true rates, driven through the core the way the app draws and
records questions: the readiness calibration benchmark (benchmarks/bench_readiness.py) and its
small seeded test (tests/core/stats/test_readiness_calibration.py) both run this.

A student is a profile with a true rate for every part of the test plan (each CCMA domain, each
Clinical Patient Care sub-domain, and the practice-only Career and Credentialing domain), each
drawn uniformly between 0.4 and 0.95. Their true readiness is the test plan's weighted mean of
those rates: the share of a full exam's 150 scored items they would get right on average.

They practise as a student does, through PracticeService on a real SQLite database: sessions of
10 to 20 questions, one a day or so; half over everything (every domain and enabled set, the
app's default, so the mix follows the bank, not the exam), half on one CCMA domain, or for
Clinical Patient Care half the time on one sub-domain. The service draws the questions (unseen
first, then missed) and shuffles the options; each answer is right with the part's true rate and
is checked through the one answer path. At each checkpoint (a number of answers in the CCMA
domains, all in the last 30 days) the statistics service is asked for readiness, and main's
previous estimator is run on the same rows for comparison.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import Choice, Question
from quizapp.core.practice import PracticeRequest
from quizapp.core.stats import queries
from quizapp.core.stats.readiness import PLAN_PARTS, Part
from quizapp.core.stats.rows import TopicRow
from quizapp.core.stats.shape import RECENT_DAYS
from quizapp.core.tallies import day_number
from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS, TEST_PLAN_ITEMS

COUNTS = (20, 50, 150, 400)
TRUE_RATES = (0.4, 0.95)
SESSION_SIZES = (10, 20)
SECONDS_PER_ANSWER = 30
HOURS_BETWEEN_SESSIONS = 20  # 400 answers take about 27 sessions: 22 days, inside the 30-day window


def scratch_dir(prefix: str) -> Path:
    """A fresh folder for a simulation's database: in /dev/shm when there is one, since a few
    hundred thousand commits need not wait for a disk (a real SQLite database all the same).
    The caller removes it."""
    shm = Path("/dev/shm")
    base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


@dataclass(frozen=True)
class Estimate:
    estimate: float
    low: float
    high: float

    def covers(self, truth: float) -> bool:
        return self.low <= truth <= self.high

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Outcome:
    """One student at one checkpoint: the truth, readiness as the app gives it, and main's
    previous estimator on the same rows."""

    count: int
    truth: float
    after: Estimate
    before: Estimate


@dataclass(frozen=True)
class Calibration:
    """How an estimator did over many students at one answer count (fractions 0-1)."""

    count: int
    students: int
    mean_abs_error: float
    bias: float  # mean of estimate - truth
    coverage: float  # share of students whose truth lay inside the range
    mean_width: float
    needed_width: float  # 2 x the 95th percentile of |estimate - truth|: the narrowest fixed
    # range around the estimate that would hold the truth for 95% of these students

    @property
    def width_ratio(self) -> float:
        return self.mean_width / self.needed_width if self.needed_width else float("inf")


def calibration(count: int, pairs: Sequence[tuple[float, Estimate]]) -> Calibration:
    errors = [e.estimate - truth for truth, e in pairs]
    absolute = sorted(abs(x) for x in errors)
    q95 = absolute[min(len(absolute) - 1, int(0.95 * len(absolute)))]
    return Calibration(
        count=count, students=len(pairs), mean_abs_error=statistics.fmean(absolute), bias=statistics.fmean(errors),
        coverage=sum(e.covers(truth) for truth, e in pairs) / len(pairs),
        mean_width=statistics.fmean(e.width for _, e in pairs), needed_width=2 * q95)


def summarise(outcomes: Iterable[Outcome]) -> dict[str, list[Calibration]]:
    """Per answer count, for `after` (the app's estimator) and `before` (main's)."""
    by_count: dict[int, list[Outcome]] = {}
    for outcome in outcomes:
        by_count.setdefault(outcome.count, []).append(outcome)
    return {
        side: [calibration(count, [(o.truth, getattr(o, side)) for o in found])
               for count, found in sorted(by_count.items())]
        for side in ("after", "before")
    }


def true_readiness(rates: dict[Part, float]) -> float:
    items = sum(PLAN_PARTS.values())
    return sum(n * rates[part] for part, n in PLAN_PARTS.items()) / items


def main_estimate(rows: Iterable[TopicRow]) -> Estimate | None:
    """main's estimator before issue #23, kept verbatim in substance for the comparison: per
    domain (Clinical Patient Care as one), a Beta posterior with a prior of 2 pseudo-answers at
    the student's pooled rate, a normal 95% interval from the summed variances."""
    plan = TEST_PLAN_ITEMS
    tallies = {name: [0, 0] for name in plan}
    for row in rows:
        if row.domain in tallies:
            tallies[row.domain][0] += max(0, row.answered_30d)
            tallies[row.domain][1] += max(0, row.correct_30d)
    answered = sum(a for a, _ in tallies.values())
    if answered == 0:
        return None
    correct = min(answered, sum(c for _, c in tallies.values()))
    pooled = (correct + 1) / (answered + 2)
    items = sum(plan.values())
    estimate = variance = 0.0
    for name, (n, c) in tallies.items():
        c = min(c, n)
        alpha = c + 2.0 * pooled
        beta = (n - c) + 2.0 * (1 - pooled)
        weight = plan[name] / items
        estimate += weight * alpha / (alpha + beta)
        variance += weight**2 * alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1))
    spread = 1.959964 * variance**0.5
    return Estimate(estimate, max(0.0, estimate - spread), min(1.0, estimate + spread))


@dataclass(frozen=True)
class _Fact:
    part: Part | None  # None: not a part of the plan (Career and Credentialing, no domain)
    keys: frozenset[int]
    positions: tuple[int, ...]


class Simulator:
    """Students on one database (one AppContext), each a profile of their own.

    Student `index` of a run with `seed` draws everything from its own generator, and its
    profile sees only its own answers, so a student comes out the same whichever database, batch
    or process simulates it: the benchmark's `--jobs` changes the time a run takes, not its
    figures."""

    def __init__(self, ctx: AppContext, clock: FakeClock, seed: int) -> None:
        self.ctx, self.clock, self.seed = ctx, clock, seed
        self.rng = random.Random(seed)
        self.answers = 0  # checked through the answer path, Career and Credentialing included
        self._facts = self._load_facts()
        places = {pc.place for pc in ctx.practice.place_counts()}
        self._sub_places = {sub: tuple(sorted((p for p in places if p[:2] == (CLINICAL, sub)),
                                              key=lambda p: tuple(x or "" for x in p)))
                            for sub in CLINICAL_SUBDOMAINS}

    def _load_facts(self) -> dict[int, _Fact]:
        facts: dict[int, _Fact] = {}
        with self.ctx.db.sessions() as session:
            keys: dict[int, set[int]] = {}
            positions: dict[int, list[int]] = {}
            for qid, position, right in session.execute(select(Choice.question_id, Choice.position,
                                                               Choice.is_correct)):
                positions.setdefault(qid, []).append(position)
                if right:
                    keys.setdefault(qid, set()).add(position)
            for qid, domain, sub in session.execute(select(Question.id, Question.domain, Question.subdomain)):
                part: Part | None = None
                if domain == CLINICAL and (CLINICAL, sub) in PLAN_PARTS:
                    part = (CLINICAL, sub)
                elif (domain, None) in PLAN_PARTS:
                    part = (domain, None)
                facts[qid] = _Fact(part, frozenset(keys.get(qid, ())), tuple(sorted(positions.get(qid, ()))))
        return facts

    def _session_request(self) -> PracticeRequest:
        rng = self.rng
        size = rng.randint(*SESSION_SIZES)
        seed = rng.randrange(2**31)
        if rng.random() < 0.5:
            return PracticeRequest(count=size, seed=seed)
        domain = rng.choice(CCMA_DOMAINS)
        if domain == CLINICAL and rng.random() < 0.5:
            return PracticeRequest(places=self._sub_places[rng.choice(CLINICAL_SUBDOMAINS)], count=size, seed=seed)
        return PracticeRequest(domains=(domain,), count=size, seed=seed)

    def _choice(self, fact: _Fact, right: bool) -> list[int]:
        if right:
            return sorted(fact.keys)
        wrong = [p for p in fact.positions if p not in fact.keys]
        return [self.rng.choice(wrong)]

    def _rows(self, profile_id: int) -> list[TopicRow]:
        """The rows StatsService reads, over the same windows."""
        today = self.clock.now().astimezone().date()
        recent_from = today - timedelta(days=RECENT_DAYS - 1)
        previous_from = recent_from - timedelta(days=RECENT_DAYS)
        with self.ctx.db.sessions() as session:
            return queries.topic_rows(session, profile_id, day_number(recent_from), day_number(previous_from))

    def _measure(self, profile_id: int, count: int, truth: float) -> Outcome:
        ready = self.ctx.stats.progress(profile_id).readiness
        if ready.answered != count or ready.estimate is None or ready.low is None or ready.high is None:
            raise AssertionError(f"readiness rests on {ready.answered} answers, the student gave {count}")
        before = main_estimate(self._rows(profile_id))
        assert before is not None
        return Outcome(count, truth, Estimate(ready.estimate, ready.low, ready.high), before)

    def student(self, index: int, checkpoints: Sequence[int] = COUNTS) -> list[Outcome]:
        """Student `index`, measured at each checkpoint (answers in the CCMA domains)."""
        rng = self.rng = random.Random(f"{self.seed}:{index}")
        profile, _ = self.ctx.profiles.add(f"Simulated student {index}")
        rates: dict[Part | None, float] = {part: rng.uniform(*TRUE_RATES) for part in PLAN_PARTS}
        rates[None] = rng.uniform(*TRUE_RATES)  # Career and Credentialing, which readiness leaves out
        truth = true_readiness({p: r for p, r in rates.items() if p is not None})
        wanted = sorted(set(checkpoints))
        counted, outcomes = 0, []
        while wanted:
            state, _ = self.ctx.practice.start(profile.id, self._session_request())
            for item in state.items:
                fact = self._facts[item.question.question_id]
                self.ctx.practice.check(state.attempt_id, item.position,
                                        self._choice(fact, rng.random() < rates[fact.part]),
                                        seconds=SECONDS_PER_ANSWER)
                self.clock.advance(SECONDS_PER_ANSWER)
                self.answers += 1
                if fact.part is not None:
                    counted += 1
                    if counted == wanted[0]:
                        outcomes.append(self._measure(profile.id, counted, truth))
                        wanted.pop(0)
                        if not wanted:
                            break
            self.ctx.practice.finish(state.attempt_id)
            self.clock.advance(HOURS_BETWEEN_SESSIONS * 3600)
        return outcomes

