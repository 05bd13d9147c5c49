"""Profiles: names, switching (even with a clock gone back), reset and delete."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import Attempt, AttemptItem, Profile, QuestionReport, ReviewCard, TallyDay, TallyQuestion
from quizapp.core.errors import UserError
from quizapp.core.scheduling import note_answer
from tests.core.stats.support import practise, question_id


@pytest.mark.parametrize("name, problem", [("", "empty"), ("   ", "empty"), ("x" * 41, "40"),
                                           ("default", "already")])
def test_bad_names_are_refused(ctx: AppContext, name: str, problem: str) -> None:
    ctx.profiles.current()
    with pytest.raises(UserError, match=problem):
        ctx.profiles.add(name)


def test_adding_keeps_the_current_profile_unless_asked(ctx: AppContext) -> None:
    first = ctx.profiles.current()
    added, changes = ctx.profiles.add("  Maya   Lopez ")
    assert changes.profiles and added.name == "Maya Lopez" and added.named_by_user
    assert ctx.profiles.current() == first
    sam, _ = ctx.profiles.add("x" * 40, switch=True)
    assert ctx.profiles.current() == sam
    assert [p.name for p in ctx.profiles.all()] == sorted(["Default", "Maya Lopez", "x" * 40])


def test_switching_survives_a_clock_that_went_back(ctx: AppContext, clock: FakeClock) -> None:
    first = ctx.profiles.current()
    other, _ = ctx.profiles.add("Ana")
    clock.jump_wall(-30 * 86400)
    info, changes = ctx.profiles.switch(other.id)
    assert changes.profiles and ctx.profiles.current() == info == other
    clock.jump_wall(-30 * 86400)
    ctx.profiles.switch(first.id)
    assert ctx.profiles.current() == first
    with pytest.raises(UserError):
        ctx.profiles.switch(9999)


def test_rename_refuses_another_profiles_name(ctx: AppContext) -> None:
    me = ctx.profiles.current()
    ctx.profiles.add("Ana")
    with pytest.raises(UserError, match="already"):
        ctx.profiles.rename(me.id, "ANA")
    renamed, _ = ctx.profiles.rename(me.id, "default")  # a change of case of one's own name is fine
    assert renamed.name == "default"
    assert ctx.profiles.find("DEFAULT") == renamed and ctx.profiles.find("nobody") is None


def _history_counts(ctx: AppContext, profile_id: int) -> tuple[int, ...]:
    with ctx.db.sessions() as session:
        return tuple(int(session.scalar(q) or 0) for q in (
            select(func.count()).select_from(Attempt).where(Attempt.profile_id == profile_id),
            select(func.count()).select_from(AttemptItem).join(Attempt).where(Attempt.profile_id == profile_id),
            select(func.count()).select_from(TallyQuestion).where(TallyQuestion.profile_id == profile_id),
            select(func.count()).select_from(TallyDay).where(TallyDay.profile_id == profile_id),
            select(func.count()).select_from(ReviewCard).where(ReviewCard.profile_id == profile_id),
            select(func.count()).select_from(QuestionReport).where(QuestionReport.profile_id == profile_id),
        ))


def _some_history(ctx: AppContext, profile_id: int) -> None:
    practise(ctx, profile_id, "Clinical Patient Care", right=2, wrong=2)
    with ctx.db.sessions.begin() as session:
        note_answer(session, profile_id, question_id(ctx, "l-1"), False, False, ctx.clock.now())
        session.add(QuestionReport(profile_id=profile_id, question_id=question_id(ctx, "l-1"), reason="typo",
                                   note="", created_at=ctx.clock.now()))


def test_reset_forgets_one_profiles_history_only(ctx: AppContext) -> None:
    me = ctx.profiles.current()
    other, _ = ctx.profiles.add("Ana")
    _some_history(ctx, me.id)
    _some_history(ctx, other.id)
    assert all(_history_counts(ctx, me.id))
    changes = ctx.profiles.reset_history(me.id)
    assert changes.answers and changes.attempts and changes.review and changes.reports
    assert _history_counts(ctx, me.id) == (0, 0, 0, 0, 0, 0)
    assert all(_history_counts(ctx, other.id))
    assert ctx.profiles.current() == me  # the profile itself stays


def test_delete_removes_a_profile_but_never_the_last(ctx: AppContext) -> None:
    me = ctx.profiles.current()
    other, _ = ctx.profiles.add("Ana")
    _some_history(ctx, other.id)
    ctx.profiles.delete(other.id)
    assert _history_counts(ctx, other.id) == (0, 0, 0, 0, 0, 0)
    with ctx.db.sessions() as session:
        assert session.get(Profile, other.id) is None
    with pytest.raises(UserError, match="only profile"):
        ctx.profiles.delete(me.id)
