"""The Progress page's calendar: answers per local day over the last 26 weeks (the heat map),
and review cards falling due per day over the next 14 (the forecast).

SQL sums what it can (`tally_day` per day; review cards bucketed by local midnights in one
pass); the pure functions below lay the result out day by day, empty days included, so the
widgets only paint. Days are local days (DESIGN.md "Time").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import TallyDay
from quizapp.core.review import due_between
from quizapp.core.tallies import day_number, day_of

HEAT_WEEKS = 26
FORECAST_DAYS = 14


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class StudyCalendar:
    today: date
    days: tuple[DayCount, ...]  # every day from the Monday HEAT_WEEKS - 1 weeks back to today
    forecast: tuple[DayCount, ...]  # today (overdue cards included) and the days after it

    @property
    def answered(self) -> int:
        return sum(d.count for d in self.days)

    @property
    def active_days(self) -> int:
        return sum(1 for d in self.days if d.count)

    @property
    def busiest(self) -> DayCount | None:
        """The day with the most answers (the latest of equals), None with no answers."""
        return max((d for d in self.days if d.count), key=lambda d: (d.count, d.day), default=None)

    @property
    def due_soon(self) -> int:
        return sum(d.count for d in self.forecast)


def first_day(today: date, weeks: int = HEAT_WEEKS) -> date:
    """The Monday that starts the map: the current week is its last column."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def heat_days(rows: Iterable[tuple[date, int]], today: date, weeks: int = HEAT_WEEKS) -> tuple[DayCount, ...]:
    """Every day from `first_day` to today with its answers; days outside that span (before
    it, or after today while the clock was set ahead) are left out."""
    start = first_day(today, weeks)
    counts: dict[date, int] = {}
    for day, count in rows:
        if start <= day <= today:
            counts[day] = counts.get(day, 0) + max(0, count)
    return tuple(DayCount(start + timedelta(days=i), counts.get(start + timedelta(days=i), 0))
                 for i in range((today - start).days + 1))


def forecast_days(counts: Sequence[int], today: date) -> tuple[DayCount, ...]:
    """Due counts per day from today on (the first holds every card overdue as well)."""
    return tuple(DayCount(today + timedelta(days=i), n) for i, n in enumerate(counts))


def local_midnights(today: date, days: int) -> list[datetime]:
    """The local midnights that end `today` and each of the `days - 1` days after it (DST-safe:
    each naive wall time is localised on its own)."""
    return [datetime.combine(today + timedelta(days=i + 1), time()).astimezone() for i in range(days)]


def answers_per_day(session: Session, profile_id: int, since: date) -> list[tuple[date, int]]:
    """Scored answers per local day from `since` on: at most one small row per day."""
    rows = session.execute(select(TallyDay.day, func.sum(TallyDay.answered))
                           .where(TallyDay.profile_id == profile_id, TallyDay.day >= day_number(since))
                           .group_by(TallyDay.day))
    return [(day_of(day), int(n or 0)) for day, n in rows]


def study_calendar(session: Session, profile_id: int, now: datetime) -> StudyCalendar:
    today = now.astimezone().date()
    days = heat_days(answers_per_day(session, profile_id, first_day(today)), today)
    due = due_between(session, profile_id, local_midnights(today, FORECAST_DAYS))
    return StudyCalendar(today, days, forecast_days(due, today))
