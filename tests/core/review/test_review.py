"""FSRS review: cards from wrong or guessed answers, due counts by local day, review sessions,
and schedules simulated over weeks with a fake clock (nothing sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import Attempt, QuestionSet, ReviewCard, TallyQuestion
from quizapp.core.errors import UserError
from quizapp.core.review import ReviewService
from quizapp.core.scheduling import CardUnreadable, end_of_local_day, note_answer
from tests.core.stats.support import key_of, local_zone, question_id, retire, wrong_of

HOUR = 3600.0
DAY = 24 * HOUR


def review(ctx: AppContext) -> ReviewService:
    return ctx.review


def note(ctx: AppContext, profile_id: int, ext_id: str, correct: bool, guessed: bool = False) -> bool:
    with ctx.db.sessions.begin() as session:
        return note_answer(session, profile_id, question_id(ctx, ext_id), correct, guessed, ctx.clock.now())


def card(ctx: AppContext, profile_id: int, ext_id: str) -> ReviewCard | None:
    with ctx.db.sessions() as session:
        return session.scalar(select(ReviewCard).where(
            ReviewCard.profile_id == profile_id, ReviewCard.question_id == question_id(ctx, ext_id)))


def answer_due(ctx: AppContext, profile_id: int, right: bool) -> None:
    state, _ = review(ctx).start(profile_id, seed=1)
    for item in state.items:
        qid = item.question.question_id
        review(ctx).check(state.attempt_id, item.position, key_of(ctx, qid) if right else wrong_of(ctx, qid))
    review(ctx).finish(state.attempt_id)


def test_a_wrong_answer_makes_a_card_due_soon(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    assert note(ctx, me, "v-1", correct=False)
    made = card(ctx, me, "v-1")
    assert made is not None and clock.now() < made.due <= clock.now() + timedelta(minutes=15)
    assert review(ctx).due_count(me) == 1


def test_a_right_answer_makes_no_card_but_a_guess_does(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    assert not note(ctx, me, "v-1", correct=True)
    assert card(ctx, me, "v-1") is None
    assert note(ctx, me, "v-2", correct=True, guessed=True)
    assert card(ctx, me, "v-2") is not None


def test_right_answers_come_back_later_and_later_wrong_ones_soon(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    note(ctx, me, "l-1", correct=False)
    gaps = []
    last = clock.now()
    for _day in range(240):
        if review(ctx).due_count(me):
            answer_due(ctx, me, right=True)
            gaps.append(clock.now() - last)
            last = clock.now()
        clock.advance(DAY)
    assert len(gaps) >= 4
    assert all(b > a for a, b in zip(gaps[1:], gaps[2:], strict=False)), gaps  # each interval longer than the last
    assert gaps[-1] > timedelta(days=30)
    due = card(ctx, me, "l-1")
    assert due is not None and due.due - clock.now() > timedelta(days=7)
    clock.advance((due.due - clock.now()).total_seconds())
    answer_due(ctx, me, right=False)  # a lapse
    lapsed = card(ctx, me, "l-1")
    assert lapsed is not None and lapsed.due - clock.now() <= timedelta(minutes=15)
    assert review(ctx).due_count(me) == 1


def test_due_today_means_before_the_next_local_midnight(ctx: AppContext, clock: FakeClock) -> None:
    with local_zone("CST6CDT,M3.2.0,M11.1.0"):  # US Central, without needing tzdata
        clock.advance(20 * HOUR - 9 * HOUR + 6 * HOUR)  # 2026-01-06 02:00 UTC = Jan 5, 20:00 local
        me = ctx.profiles.current().id
        note(ctx, me, "v-1", correct=False)
        note(ctx, me, "v-2", correct=False)
        midnight = end_of_local_day(clock.now())
        assert midnight == datetime(2026, 1, 6, 6, 0, tzinfo=UTC)
        with ctx.db.sessions.begin() as session:
            session.execute(update(ReviewCard).where(ReviewCard.question_id == question_id(ctx, "v-1"))
                            .values(due=midnight - timedelta(minutes=30)))
            session.execute(update(ReviewCard).where(ReviewCard.question_id == question_id(ctx, "v-2"))
                            .values(due=midnight + timedelta(minutes=30)))
        assert review(ctx).due_count(me) == 1
        clock.advance(4.5 * HOUR)  # 00:30 local: a new day
        assert review(ctx).due_count(me) == 2


def test_a_review_session_serves_the_longest_overdue_first(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    for ext in ("v-3", "v-1", "p-2", "l-4", "v-5", "p-6"):
        note(ctx, me, ext, correct=False)
        clock.advance(HOUR)
    state, changes = review(ctx).start(me, limit=4, seed=7)
    assert changes.attempts and not state.finished and state.show_feedback
    served = [item.question.question_id for item in state.items]
    assert served == [question_id(ctx, e) for e in ("v-3", "v-1", "p-2", "l-4")]
    orders = [tuple(c.position for c in item.question.choices) for item in state.items]
    assert any(order != tuple(sorted(order)) for order in orders)  # options shuffled
    with ctx.db.sessions() as session:
        attempt = session.get(Attempt, state.attempt_id)
        assert attempt is not None and attempt.mode == "review" and attempt.profile_id == me
    assert review(ctx).in_progress(me) == state.attempt_id


def test_checking_records_the_answer_and_reschedules(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    note(ctx, me, "v-1", correct=False)
    note(ctx, me, "v-2", correct=False)
    clock.advance(HOUR)
    state, _ = review(ctx).start(me, seed=3)
    first, second = state.items
    item, changes = review(ctx).check(state.attempt_id, 0, key_of(ctx, first.question.question_id), seconds=9.0)
    assert changes.answers and changes.review
    assert item.feedback is not None and item.feedback.correct and item.feedback.rationale
    item, _ = review(ctx).check(state.attempt_id, 1, wrong_of(ctx, second.question.question_id))
    assert item.feedback is not None and not item.feedback.correct
    with pytest.raises(UserError):
        review(ctx).check(state.attempt_id, 1, key_of(ctx, second.question.question_id))
    with pytest.raises(UserError):
        review(ctx).check(state.attempt_id, 5, [0])
    with ctx.db.sessions() as session:
        tallied = session.execute(select(func.sum(TallyQuestion.answered), func.sum(TallyQuestion.correct),
                                         func.sum(TallyQuestion.seconds))
                                  .where(TallyQuestion.profile_id == me)).one()
        cards = {c.question_id: c for c in session.scalars(select(ReviewCard))}
    assert tuple(tallied) == (2, 1, 9.0)
    assert cards[first.question.question_id].due > clock.now() + timedelta(hours=12)
    assert cards[second.question.question_id].due <= clock.now() + timedelta(minutes=15)
    summary, _ = review(ctx).finish(state.attempt_id)
    assert (summary.answered, summary.correct) == (2, 1)
    assert review(ctx).in_progress(me) is None


def test_nothing_due_is_a_friendly_error(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    assert review(ctx).due_count(me) == 0 and review(ctx).next_due(me) is None
    with pytest.raises(UserError, match="due"):
        review(ctx).start(me)


def test_retired_questions_and_disabled_sets_are_not_served(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    for ext in ("v-1", "v-2", "l-1"):
        note(ctx, me, ext, correct=False)
    retire(ctx, "v-1")
    assert review(ctx).due_count(me) == 2
    note(ctx, me, "v-1", correct=False)  # answered again (say, in an exam begun before): card dropped
    assert card(ctx, me, "v-1") is None
    with ctx.db.sessions.begin() as session:
        session.execute(update(QuestionSet).values(enabled=False))
    assert review(ctx).due_count(me) == 0
    with pytest.raises(UserError):
        review(ctx).start(me)


def test_cards_belong_to_one_profile(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    other, _ = ctx.profiles.add("Sam")
    note(ctx, me, "v-1", correct=False)
    assert review(ctx).due_count(other.id) == 0
    note(ctx, other.id, "v-1", correct=True)  # right, and Sam has no card: nothing happens
    assert card(ctx, other.id, "v-1") is None and card(ctx, me, "v-1") is not None


def test_a_clock_that_moves_backwards_breaks_nothing(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    note(ctx, me, "v-1", correct=False)
    clock.advance(DAY)
    answer_due(ctx, me, right=True)
    clock.jump_wall(-5 * DAY)
    assert note(ctx, me, "v-1", correct=True)
    after = card(ctx, me, "v-1")
    assert after is not None and after.due > clock.now()
    assert note(ctx, me, "v-1", correct=False)
    lapsed = card(ctx, me, "v-1")
    assert lapsed is not None and clock.now() < lapsed.due <= clock.now() + timedelta(minutes=15)


def test_an_unreadable_stored_card_is_never_replaced_silently(ctx: AppContext, clock: FakeClock) -> None:
    """Starting such a card over would throw away what the student learnt without a word: the
    answer is refused with a message instead, and the stored card is left as it is."""
    me = ctx.profiles.current().id
    note(ctx, me, "v-1", correct=False)
    with ctx.db.sessions.begin() as session:
        session.execute(update(ReviewCard).values(state={"state": "nonsense"}))
    with pytest.raises(CardUnreadable, match="damaged"):
        note(ctx, me, "v-1", correct=False)
    assert card(ctx, me, "v-1").state == {"state": "nonsense"}
    with ctx.db.sessions.begin() as session:
        session.execute(update(ReviewCard).values(state=card_state_of(ctx, me), state_version=2))
    with pytest.raises(CardUnreadable, match="format 2"):
        note(ctx, me, "v-1", correct=False)


def card_state_of(ctx: AppContext, profile_id: int) -> dict:
    """A readable card's state (of v-2, answered wrong for the purpose)."""
    note(ctx, profile_id, "v-2", correct=False)
    return card(ctx, profile_id, "v-2").state
