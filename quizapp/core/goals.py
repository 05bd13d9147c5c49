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


def streak_days(session: Session, profile_id: int, goal: int, today: int) -> int:
    """The number of consecutive local days, ending today or yesterday, on which the profile
    answered at least `goal` questions; 0 when neither day reached it.

    Gaps and islands: over the days that met the goal, newest first, `day + row_number` is the
    same for every day of an unbroken run, so the newest run is the rows sharing the newest
    day's value.
    """
    met = (select(TallyDay.day.label("day"))
           .where(TallyDay.profile_id == profile_id, TallyDay.day <= today)
           .group_by(TallyDay.day).having(func.sum(TallyDay.answered) >= goal)
           .subquery("met"))
    runs = (select(met.c.day, (met.c.day + func.row_number().over(order_by=met.c.day.desc())).label("run"))
            .subquery("runs"))
    newest_run = select(func.max(met.c.day) + 1).scalar_subquery()  # the newest day is row 1
    last_day, days = session.execute(
        select(func.max(runs.c.day), func.count()).where(runs.c.run == newest_run)).one()
    if last_day is None or last_day < today - 1:
        return 0
    return int(days)


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
