"""The daily goal and its streak: local days, from the daily summaries, in SQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import DEFAULT_DAILY_GOAL
from quizapp.core.errors import UserError
from quizapp.core.goals import DailyGoal
from tests.core.stats.support import local_zone, open_context, practise

DAY = 86_400


def _answer(ctx: AppContext, count: int, seed: int = 1) -> None:
    practise(ctx, ctx.profiles.current().id, "Clinical Patient Care", right=count, wrong=0, seed=seed)


def test_the_goal_defaults_to_twenty_and_the_student_sets_it(ctx: AppContext) -> None:
    profile = ctx.profiles.current().id
    assert ctx.goals.status(profile) == DailyGoal(DEFAULT_DAILY_GOAL, 0, 0) and DEFAULT_DAILY_GOAL == 20
    status, changes = ctx.goals.set_goal(profile, 5)
    assert status.goal == 5 and changes.goal
    assert not ctx.goals.set_goal(profile, 5)[1]  # the same goal again changes nothing
    for bad in (0, 501, -3, True):
        with pytest.raises(UserError, match="1 to 500"):
            ctx.goals.set_goal(profile, bad)  # type: ignore[arg-type]
    assert ctx.goals.status(profile).goal == 5
    other, _ = ctx.profiles.add("Ben")
    assert ctx.goals.status(other.id).goal == 20  # per profile


def test_todays_count_and_the_streak_of_days_the_goal_was_met(ctx: AppContext, clock: FakeClock) -> None:
    profile = ctx.profiles.current().id
    ctx.goals.set_goal(profile, 3)
    _answer(ctx, 2)
    status = ctx.goals.status(profile)
    assert (status.today, status.streak_days, status.met_today, status.left_today) == (2, 0, False, 1)
    _answer(ctx, 1, seed=2)
    assert (ctx.goals.status(profile).today, ctx.goals.status(profile).streak_days) == (3, 1)
    clock.advance(DAY)
    status = ctx.goals.status(profile)
    assert (status.today, status.streak_days) == (0, 1)  # yesterday's streak lives on today
    _answer(ctx, 4, seed=3)
    assert ctx.goals.status(profile).streak_days == 2
    clock.advance(2 * DAY)  # a whole day without answers breaks it
    assert ctx.goals.status(profile).streak_days == 0
    _answer(ctx, 3, seed=4)
    assert ctx.goals.status(profile).streak_days == 1
    ctx.goals.set_goal(profile, 4)  # measured against today's goal: the 3-answer days no longer count
    assert ctx.goals.status(profile).streak_days == 0


def test_days_are_local_days(data_dir, bank_dir) -> None:  # type: ignore[no-untyped-def]
    """23:30 and 00:30 in New York are two days there, though one UTC day."""
    with local_zone("America/New_York"):
        clock = FakeClock(datetime(2026, 3, 10, 3, 30, tzinfo=UTC))  # 23:30 on the 9th, local
        ctx = open_context(data_dir, clock, bank_dir)
        try:
            profile = ctx.profiles.current().id
            ctx.goals.set_goal(profile, 2)
            _answer(ctx, 2)
            clock.advance(3600)  # 00:30 on the 10th, local
            assert ctx.goals.status(profile).today == 0
            _answer(ctx, 2, seed=5)
            assert ctx.goals.status(profile) == DailyGoal(2, 2, 2)
        finally:
            ctx.close()


def test_quizapp_stats_json_gains_the_four_keys(ctx: AppContext) -> None:
    from quizapp.commands.stats import EMPTY, stats
    from tests.core.stats.support import question_id

    profile = ctx.profiles.current().id
    assert {k: stats(ctx, None).payload[k] for k in ("bookmarks", "notes", "streak_days", "daily_goal")} == {
        "bookmarks": 0, "notes": 0, "streak_days": 0, "daily_goal": 20}
    ctx.goals.set_goal(profile, 2)
    _answer(ctx, 2)
    ctx.marks.set_bookmark(profile, question_id(ctx, "l-1"), True)
    ctx.marks.set_note(profile, question_id(ctx, "l-1"), "HIPAA")
    ctx.marks.set_note(profile, question_id(ctx, "l-2"), "Consent")
    result = stats(ctx, None)
    assert {k: result.payload[k] for k in ("bookmarks", "notes", "streak_days", "daily_goal")} == {
        "bookmarks": 1, "notes": 2, "streak_days": 1, "daily_goal": 2}
    assert "Daily goal: 2 of 2 questions today; streak 1 day" in result.lines
    failed = stats(ctx, "Nobody").payload
    assert failed == EMPTY and (failed["daily_goal"], failed["streak_days"]) == (0, 0)


def _reference_streak(met: set[int], today: int) -> int:
    """The streak by definition: back from today (or yesterday) while each day met the goal."""
    day = today if today in met else today - 1
    run = 0
    while day in met:
        run += 1
        day -= 1
    return run


@pytest.mark.parametrize("streak", [0, 1, 63, 64, 65, 255, 256, 257, 1100])
@pytest.mark.parametrize("met_today", [True, False])
def test_streaks_of_any_length_match_the_definition(ctx: AppContext, streak: int, met_today: bool) -> None:
    """The streak is read in windows that widen while the run fills them (64, 256, 1024 days):
    runs ending just inside, on and just past each edge, over years of older days around a gap."""
    from quizapp.core.db.models import TallyDay, TallyTopic
    from quizapp.core.goals import streak_days

    profile = ctx.profiles.current().id
    today = 20_000
    newest = today if met_today else today - 1
    met = {newest - k for k in range(streak)}
    older = {newest - streak - 2 - k for k in range(2000)}  # two missed days, then years that met it
    with ctx.db.sessions.begin() as session:
        topics = [TallyTopic(domain="D", subdomain="", topic=name) for name in ("a", "b")]
        session.add_all(topics)
        session.flush()
        for day in met | older:  # each day's answers split over two topics: the goal is their sum
            session.add_all([TallyDay(profile_id=profile, day=day, topic_id=topics[0].id, answered=3, correct=3),
                             TallyDay(profile_id=profile, day=day, topic_id=topics[1].id, answered=2, correct=2)])
        for missed in (newest - streak, newest - streak - 1):  # answered, but short of the goal
            session.add(TallyDay(profile_id=profile, day=missed, topic_id=topics[0].id, answered=4, correct=4))
    with ctx.db.sessions() as session:
        assert streak_days(session, profile, 5, today) == _reference_streak(met, today) == streak
