"""Review the student can trust: when a question comes back, and a grade the student can change
(Again / Hard / Good / Easy), the app's inferred grade being the default."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.practice import PracticeRequest
from quizapp.core.review import comes_back
from tests.core.stats.support import key_of, local_zone, practise, wrong_of

MINUTE, DAY = 60, 86_400


def _review(ctx: AppContext, clock: FakeClock, misses: int = 2) -> int:
    practise(ctx, ctx.profiles.current().id, "Clinical Patient Care", right=0, wrong=misses)
    clock.advance(11 * MINUTE)
    state, _ = ctx.review.start(ctx.profiles.current().id, seed=1)
    return state.attempt_id


def _check(ctx: AppContext, attempt_id: int, position: int, right: bool, guessed: bool = False) -> None:
    qid = ctx.review.state(attempt_id).items[position].question.question_id
    ctx.review.check(attempt_id, position, key_of(ctx, qid) if right else wrong_of(ctx, qid), guessed=guessed)


def test_after_an_answer_the_grade_and_its_choices_are_shown(ctx: AppContext, clock: FakeClock) -> None:
    attempt = _review(ctx, clock)
    with pytest.raises(UserError, match="answer this question first"):
        ctx.review.grade(attempt, 0)
    _check(ctx, attempt, 0, right=True)
    grade = ctx.review.grade(attempt, 0)
    assert (grade.inferred, grade.current, grade.changeable) == ("Good", "Good", True)
    assert [c.name for c in grade.choices] == ["Again", "Hard", "Good", "Easy"]
    assert [c.key for c in grade.choices] == [1, 2, 3, 4]
    dues = [c.due for c in grade.choices]
    assert dues == sorted(dues) and dues[0] < dues[-1]  # Again soonest, Easy latest
    assert grade.due == grade.choices[2].due

    _check(ctx, attempt, 1, right=False)
    assert ctx.review.grade(attempt, 1).inferred == "Again"


def test_changing_the_grade_reschedules_from_the_review_and_keeps_the_answer(ctx: AppContext,
                                                                             clock: FakeClock) -> None:
    attempt = _review(ctx, clock)
    _check(ctx, attempt, 0, right=True)
    before = ctx.stats.progress(ctx.profiles.current().id).overall
    good = ctx.review.grade(attempt, 0)
    clock.advance(30)  # deciding takes a moment; the grade still applies at the moment of the review
    easy, changes = ctx.review.regrade(attempt, 0, "Easy")
    assert changes.review and easy.current == "Easy" and easy.due == good.choices[3].due
    again, _ = ctx.review.regrade(attempt, 0, "again")
    assert again.current == "Again" and again.due == good.choices[0].due
    back, _ = ctx.review.regrade(attempt, 0, "Good")
    assert back.due == good.due  # changing twice is the same as giving the last grade at once
    after = ctx.stats.progress(ctx.profiles.current().id).overall
    assert (after.answered, after.correct) == (before.answered, before.correct)  # the verdict stays
    with pytest.raises(UserError, match="Again, Hard, Good or Easy"):
        ctx.review.regrade(attempt, 0, "Perfect")


def test_only_the_latest_review_of_a_card_can_be_regraded(ctx: AppContext, clock: FakeClock) -> None:
    attempt = _review(ctx, clock, misses=1)
    _check(ctx, attempt, 0, right=False)  # Again: due in 10 minutes
    ctx.review.finish(attempt)
    clock.advance(11 * MINUTE)
    second, _ = ctx.review.start(ctx.profiles.current().id, seed=2)
    _check(ctx, second.attempt_id, 0, right=True)
    stale = ctx.review.grade(attempt, 0)
    assert not stale.changeable and stale.current is None and stale.due is not None
    with pytest.raises(UserError, match="can no longer be changed"):
        ctx.review.regrade(attempt, 0, "Easy")
    assert ctx.review.grade(second.attempt_id, 0).changeable


def test_a_practice_session_is_not_a_review(ctx: AppContext) -> None:
    state, _ = ctx.practice.start(ctx.profiles.current().id, PracticeRequest(count=1))
    with pytest.raises(UserError, match="no longer exists"):
        ctx.review.grade(state.attempt_id, 0)


@pytest.mark.parametrize(("delta", "text"), [
    (timedelta(seconds=20), "again now"),
    (timedelta(minutes=10), "again in 10 minutes"),
    (timedelta(minutes=1), "again in 1 minute"),
    (timedelta(hours=3), "again in 3 hours"),
    (timedelta(days=1), "again tomorrow"),
    (timedelta(days=3), "again in 3 days"),
    (timedelta(days=21), "again in 3 weeks"),
    (timedelta(days=120), "again in 4 months"),
    (timedelta(days=800), "again in 2 years"),
])
def test_when_a_question_comes_back_in_words(delta: timedelta, text: str) -> None:
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with local_zone("Europe/Paris"):  # 10:00 there: three hours later is still today
        assert comes_back(now + delta, now) == text
