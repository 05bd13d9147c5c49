"""A daily goal (questions a day, set by the student) and the streak of days it was met.

Both are read from `tally_day` (answers per profile, local day and topic: quizapp.core.tallies),
in SQL: today's count is one indexed sum, and the streak is a gaps-and-islands query over the
days whose answers reach the goal, so neither ever reads the answers themselves. Days are local
days (DESIGN.md "Time"). What counts is what the statistics count: scored answers, practice and
review as checked, a mock exam's once submitted. The streak measures every day against today's
goal (goals are not kept per day), and is still alive until the end of the day after the last
day it was met: a student who met it yesterday sees yesterday's streak all day today.
No notification, nothing online.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import DEFAULT_DAILY_GOAL, Profile, TallyDay
from quizapp.core.errors import UserError
from quizapp.core.tallies import day_number

MIN_GOAL, MAX_GOAL = 1, 500


@dataclass(frozen=True)
class DailyGoal:
    goal: int
    today: int  # questions answered today (local day)
    streak_days: int  # consecutive days up to today (or yesterday) with at least `goal` answers

    @property
    def met_today(self) -> bool:
        return self.today >= self.goal

    @property
    def left_today(self) -> int:
        return max(0, self.goal - self.today)


def answered_on(session: Session, profile_id: int, day: int) -> int:
    """Scored answers on one local day (a day number, see quizapp.core.tallies.day_number)."""
    return int(session.scalar(select(func.coalesce(func.sum(TallyDay.answered), 0))
                              .where(TallyDay.profile_id == profile_id, TallyDay.day == day)) or 0)


FIRST_WINDOW = 64  # days looked at first; most streaks are far shorter


def _days_meeting(session: Session, profile_id: int, goal: int, first: int, last: int) -> list[int]:
    """The local days in [first, last] with at least `goal` answers, newest first."""
    return list(session.scalars(
        select(TallyDay.day)
        .where(TallyDay.profile_id == profile_id, TallyDay.day >= first, TallyDay.day <= last)
        .group_by(TallyDay.day).having(func.sum(TallyDay.answered) >= goal)
        .order_by(TallyDay.day.desc())))


def streak_days(session: Session, profile_id: int, goal: int, today: int) -> int:
    """The number of consecutive local days, ending today or yesterday, on which the profile
    answered at least `goal` questions; 0 when neither day reached it.

    Read in a window that grows only while the run fills it (64 days, then 4 times as many),
    because the summary holds a row per day and topic: grouping ten years of them for a streak
    of three days cost the home page 130 ms over a million answers. The primary key (profile,
    day, topic) makes each window one range of the index.
    """
    window = FIRST_WINDOW
    while True:
        first = today - window + 1
        days = _days_meeting(session, profile_id, goal, first, today)
        if not days or days[0] < today - 1:
            return 0
        run = 1
        while run < len(days) and days[run] == days[0] - run:
            run += 1
        oldest = days[run - 1]
        if oldest > first:  # the run ended inside the window: a day before it missed the goal
            return run
        earliest = session.scalar(select(func.min(TallyDay.day)).where(TallyDay.profile_id == profile_id))
        if earliest is None or earliest >= first:
            return run
        window *= 4


def clean_goal(goal: int) -> int:
    if isinstance(goal, bool) or not isinstance(goal, int) or not MIN_GOAL <= goal <= MAX_GOAL:
        raise UserError(f"a daily goal is {MIN_GOAL} to {MAX_GOAL} questions")
    return goal


class GoalService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def status(self, profile_id: int) -> DailyGoal:
        """The profile's goal, today's answers and the streak, at the clock's local today."""
        today = day_number(self._clock.now())
        with self._sessions() as session:
            goal = session.scalar(select(Profile.daily_goal).where(Profile.id == profile_id))
            goal = int(goal) if goal else DEFAULT_DAILY_GOAL
            return DailyGoal(goal, answered_on(session, profile_id, today),
                             streak_days(session, profile_id, goal, today))

    def set_goal(self, profile_id: int, goal: int) -> tuple[DailyGoal, Changes]:
        """Sets the questions-a-day goal (1-500); the streak is measured against it from now on."""
        cleaned = clean_goal(goal)
        with self._sessions.begin() as session:
            row = session.get(Profile, profile_id)
            if row is None:
                raise UserError("that profile no longer exists")
            changed = row.daily_goal != cleaned
            row.daily_goal = cleaned
        return self.status(profile_id), Changes(goal=changed)
