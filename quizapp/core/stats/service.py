"""StatsService: one read transaction of small GROUP BYs, shaped into a frozen `Progress`.

Pages and `quizapp stats` only render what this returns; they never build SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.clock import Clock
from quizapp.core.review import due_cards_count
from quizapp.core.scheduling import end_of_local_day
from quizapp.core.stats import queries, shape
from quizapp.core.stats.calendar import StudyCalendar, study_calendar
from quizapp.core.stats.readiness import Readiness, readiness
from quizapp.core.stats.rows import MockRow
from quizapp.core.stats.shape import DomainSeries, DomainStats, StatLine
from quizapp.core.tallies import day_number

MOCK_HISTORY = 10


@dataclass(frozen=True)
class Progress:
    """Everything the Progress page shows for one profile."""

    profile_id: int
    overall: StatLine
    domains: tuple[DomainStats, ...]
    weakest: tuple[StatLine, ...]  # up to three topics with enough data, weakest first
    weekly: tuple[DomainSeries, ...]  # accuracy per domain per local week, for the chart
    mock_exams: tuple[MockRow, ...]  # the last MOCK_HISTORY submitted exams, newest first
    review_due: int  # cards due by the end of the local day
    readiness: Readiness

    @property
    def empty(self) -> bool:
        return self.overall.answered == 0


class StatsService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def progress(self, profile_id: int) -> Progress:
        now = self._clock.now()
        today = now.astimezone().date()
        recent_from = today - timedelta(days=shape.RECENT_DAYS - 1)
        previous_from = recent_from - timedelta(days=shape.RECENT_DAYS)
        chart_from = shape.week_starts(today)[0]
        with self._sessions() as session:
            topics = queries.topic_rows(session, profile_id, day_number(recent_from), day_number(previous_from))
            days = queries.day_rows(session, profile_id, day_number(chart_from))
            mocks = queries.mock_rows(session, profile_id, MOCK_HISTORY)
            due = due_cards_count(session, profile_id, end_of_local_day(now))
        return Progress(
            profile_id=profile_id,
            overall=shape.overall(topics),
            domains=shape.per_domain(topics),
            weakest=shape.weakest_topics(topics),
            weekly=shape.trend(days, self._clock),
            mock_exams=tuple(mocks),
            review_due=due,
            readiness=readiness(topics),
        )

    def calendar(self, profile_id: int) -> StudyCalendar:
        """The heat map of answers per day (26 weeks) and the review forecast (14 days)."""
        with self._sessions() as session:
            return study_calendar(session, profile_id, self._clock.now())
