"""The Progress page's heat map (answers per local day, 26 weeks) and review forecast (14 days)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import ReviewCard
from quizapp.core.stats.calendar import (
    FORECAST_DAYS,
    HEAT_WEEKS,
    DayCount,
    first_day,
    forecast_days,
    heat_days,
    local_midnights,
)
from tests.core.stats.support import local_zone, practise

DAY = 86_400


def test_heat_days_lay_out_every_day_from_a_monday_to_today() -> None:
    today = date(2026, 1, 7)  # a Wednesday
    start = first_day(today)
    assert start.weekday() == 0 and (today - start).days == 7 * (HEAT_WEEKS - 1) + 2
    days = heat_days([(today, 4), (start, 1), (start - timedelta(days=1), 9), (today + timedelta(days=1), 5),
                      (today, 2)], today)
    assert days[0] == DayCount(start, 1) and days[-1] == DayCount(today, 6)
    assert len(days) == (today - start).days + 1 and sum(d.count for d in days) == 7


def test_forecast_days_start_today() -> None:
    assert forecast_days([3, 0, 2], date(2026, 1, 7)) == (
        DayCount(date(2026, 1, 7), 3), DayCount(date(2026, 1, 8), 0), DayCount(date(2026, 1, 9), 2))


def test_local_midnights_survive_a_change_of_clocks() -> None:
    with local_zone("America/New_York"):
        ends = local_midnights(date(2026, 3, 7), 3)  # clocks go forward on the 8th
        assert [e.hour for e in ends] == [0, 0, 0]
        assert [(b - a).total_seconds() / 3600 for a, b in zip(ends, ends[1:], strict=False)] == [23, 24]


def test_the_calendar_counts_answers_and_cards_due(ctx: AppContext, clock: FakeClock) -> None:
    profile = ctx.profiles.current().id
    practise(ctx, profile, "Clinical Patient Care", right=2, wrong=3)  # three cards, due in 10 minutes
    clock.advance(3 * DAY)
    practise(ctx, profile, "Medical Law and Ethics", right=1, wrong=0, seed=2)
    calendar = ctx.stats.calendar(profile)
    today = clock.now().astimezone().date()
    assert calendar.today == today and calendar.days[-1] == DayCount(today, 1)
    assert calendar.answered == 6 and calendar.active_days == 2
    assert calendar.busiest == DayCount(today - timedelta(days=3), 5)
    assert len(calendar.forecast) == FORECAST_DAYS and calendar.forecast[0] == DayCount(today, 3)  # overdue
    assert calendar.due_soon == 3


def test_the_forecast_spreads_cards_over_their_days(ctx: AppContext, clock: FakeClock) -> None:
    profile = ctx.profiles.current().id
    ids = practise(ctx, profile, "Clinical Patient Care", right=0, wrong=3)
    now = clock.now()
    with ctx.db.sessions.begin() as session:
        for qid, days in zip(ids, (1, 13, 14), strict=True):  # the last falls after the fortnight
            session.execute(update(ReviewCard).where(ReviewCard.question_id == qid)
                            .values(due=now + timedelta(days=days)))
    forecast = [d.count for d in ctx.stats.calendar(profile).forecast]
    assert forecast[1] == 1 and forecast[13] == 1 and sum(forecast) == 2
