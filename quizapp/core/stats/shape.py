"""Pure functions that turn the statistics rows into what the Progress page and `quizapp stats` show.

No database and no system clock here (STYLE.md: the database aggregates, pure functions shape),
so every rule — the too-little-data rule, trends, the weakest topics — is tested with
hand-built rows (the readiness estimate is in quizapp.core.stats.readiness). Accuracies are
fractions 0-1, None where there is nothing to say.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from quizapp.core.clock import Clock
from quizapp.core.stats.rows import DayRow, TopicRow
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

MIN_ANSWERS = 5  # fewer answers than this in a topic: "not enough data", never a percentage
RECENT_DAYS = 30
CHART_WEEKS = 12
WEAKEST_COUNT = 3
ALL_NAME = "All domains"
NO_TOPIC = "No topic"


def accuracy(correct: int, answered: int, min_answers: int = 1) -> float | None:
    """correct / answered, or None below `min_answers` (and always with no answers, so a page
    with no history never divides by zero). Clamped, in case a re-score left odd tallies."""
    if answered < max(1, min_answers):
        return None
    return min(1.0, max(0.0, correct / answered))


@dataclass(frozen=True)
class StatLine:
    """One row of the Progress table: a domain, sub-domain, topic or everything."""

    name: str
    answered: int
    correct: int
    accuracy: float | None  # None: no answers (or, for a topic, fewer than MIN_ANSWERS)
    answered_30d: int
    correct_30d: int
    accuracy_30d: float | None
    trend: float | None  # last 30 days minus the 30 before, when both have MIN_ANSWERS answers
    seconds_per_question: float | None
    enough_data: bool  # at least MIN_ANSWERS answers in all
    domain: str | None = None  # for a sub-domain or topic: where it belongs
    subdomain: str | None = None  # for a topic that lies in exactly one sub-domain


@dataclass(frozen=True)
class DomainStats:
    line: StatLine
    subdomains: tuple[StatLine, ...]  # every Clinical Patient Care sub-domain; () elsewhere
    topics: tuple[StatLine, ...]  # topics with answers, by name

    @property
    def name(self) -> str:
        return self.line.name


@dataclass(frozen=True)
class WeekPoint:
    start: date  # the Monday (local) that starts the week
    answered: int
    correct: int
    accuracy: float | None


@dataclass(frozen=True)
class DomainSeries:
    name: str
    points: tuple[WeekPoint, ...]  # oldest first, one per week, empty weeks included


class _Sum:
    """A mutable accumulator used only while shaping."""

    __slots__ = ("answered", "correct", "seconds", "answered_30d", "correct_30d", "answered_prev",
                 "correct_prev", "subdomains")

    def __init__(self) -> None:
        self.answered = self.correct = self.answered_30d = self.correct_30d = 0
        self.answered_prev = self.correct_prev = 0
        self.seconds = 0.0
        self.subdomains: set[str | None] = set()

    def add(self, row: TopicRow) -> None:
        self.answered += row.answered
        self.correct += row.correct
        self.seconds += row.seconds
        self.answered_30d += row.answered_30d
        self.correct_30d += row.correct_30d
        self.answered_prev += row.answered_prev
        self.correct_prev += row.correct_prev
        self.subdomains.add(row.subdomain)


def _line(name: str, total: _Sum, min_answers: int, domain: str | None = None,
          subdomain: str | None = None) -> StatLine:
    recent = accuracy(total.correct_30d, total.answered_30d, min_answers)
    before = accuracy(total.correct_prev, total.answered_prev, MIN_ANSWERS)
    change = None
    if total.answered_30d >= MIN_ANSWERS and recent is not None and before is not None:
        change = recent - before
    return StatLine(
        name=name,
        answered=total.answered,
        correct=total.correct,
        accuracy=accuracy(total.correct, total.answered, min_answers),
        answered_30d=total.answered_30d,
        correct_30d=total.correct_30d,
        accuracy_30d=recent,
        trend=change,
        seconds_per_question=(max(0.0, total.seconds) / total.answered) if total.answered > 0 else None,
        enough_data=total.answered >= MIN_ANSWERS,
        domain=domain,
        subdomain=subdomain,
    )


def overall(rows: Iterable[TopicRow]) -> StatLine:
    """Everything a profile answered, imported questions without a domain included."""
    total = _Sum()
    for row in rows:
        total.add(row)
    return _line(ALL_NAME, total, 1)


def _ordered(found: Iterable[str], canonical: Iterable[str]) -> list[str]:
    canonical = list(canonical)
    return canonical + sorted(set(found) - set(canonical))


def _topic_line(domain: str | None, topic: str, total: _Sum) -> StatLine:
    only = next(iter(total.subdomains)) if len(total.subdomains) == 1 else None
    return _line(topic, total, MIN_ANSWERS, domain, only)


def _topic_sums(rows: Iterable[TopicRow]) -> dict[tuple[str | None, str], _Sum]:
    sums: dict[tuple[str | None, str], _Sum] = {}
    for row in rows:
        sums.setdefault((row.domain, row.topic or NO_TOPIC), _Sum()).add(row)
    return sums


def per_domain(rows: Iterable[TopicRow]) -> tuple[DomainStats, ...]:
    """Every domain of the test plan (and the practice-only one) in test-plan order, answered
    or not, so an empty history still shows the whole plan; Clinical Patient Care lists its six
    sub-domains. Answers to questions without a domain count only in `overall`."""
    rows = [r for r in rows if r.domain is not None]
    domain_sums: dict[str, _Sum] = {}
    sub_sums: dict[tuple[str, str], _Sum] = {}
    for row in rows:
        assert row.domain is not None
        domain_sums.setdefault(row.domain, _Sum()).add(row)
        if row.subdomain is not None:
            sub_sums.setdefault((row.domain, row.subdomain), _Sum()).add(row)
    topic_sums = _topic_sums(rows)
    result = []
    for name in _ordered(domain_sums, ALL_DOMAINS):
        found_subs = [s for d, s in sub_sums if d == name]
        sub_names = _ordered(found_subs, CLINICAL_SUBDOMAINS) if name == CLINICAL else sorted(found_subs)
        subdomains = tuple(_line(s, sub_sums.get((name, s), _Sum()), 1, name) for s in sub_names)
        topics = tuple(
            _topic_line(name, topic, total)
            for (domain, topic), total in sorted(topic_sums.items(), key=lambda kv: kv[0][1].casefold())
            if domain == name
        )
        result.append(DomainStats(_line(name, domain_sums.get(name, _Sum()), 1), subdomains, topics))
    return tuple(result)


def weakest_topics(rows: Iterable[TopicRow], count: int = WEAKEST_COUNT) -> tuple[StatLine, ...]:
    """The topics with the lowest accuracy among those with enough data to judge.

    Recent accuracy is used where the last 30 days hold enough answers (a topic mastered since
    should not stay "weak" for ever), otherwise accuracy over all time. Ties go to the topic
    with more answers, then by name, so the list is stable.
    """
    lines = [_topic_line(d, t, s) for (d, t), s in _topic_sums(rows).items()]
    judged = []
    for line in lines:
        if not line.enough_data or line.accuracy is None:
            continue
        score = line.accuracy_30d if line.accuracy_30d is not None else line.accuracy
        judged.append((score, -line.answered, line.name.casefold(), line))
    judged.sort(key=lambda entry: entry[:3])
    return tuple(entry[3] for entry in judged[:max(0, count)])


def week_starts(today: date, weeks: int = CHART_WEEKS) -> tuple[date, ...]:
    """The Mondays of the last `weeks` weeks, oldest first, the current week last."""
    monday = today - timedelta(days=today.weekday())
    return tuple(monday - timedelta(weeks=weeks - 1 - i) for i in range(max(1, weeks)))


def trend(rows: Iterable[DayRow], clock: Clock, weeks: int = CHART_WEEKS) -> tuple[DomainSeries, ...]:
    """Weekly accuracy per domain over the last `weeks` local weeks, for the chart.

    Only domains with answers in the window get a series. Days after today (recorded while the
    clock was set ahead) count in the current week rather than vanishing; older days are left
    out; a malformed day is ignored.
    """
    starts = week_starts(clock.now().astimezone().date(), weeks)
    tallies: dict[str, list[list[int]]] = {}
    for row in rows:
        if row.domain is None:
            continue
        try:
            day = date.fromisoformat(row.day)
        except ValueError:
            continue
        if day < starts[0]:
            continue
        index = min((day - starts[0]).days // 7, len(starts) - 1)
        cells = tallies.setdefault(row.domain, [[0, 0] for _ in starts])
        cells[index][0] += row.answered
        cells[index][1] += row.correct
    return tuple(
        DomainSeries(name, tuple(WeekPoint(start, a, c, accuracy(c, a))
                                 for start, (a, c) in zip(starts, tallies[name], strict=True)))
        for name in _ordered(tallies, ALL_DOMAINS) if name in tallies
    )
