"""Practice modes beside "new and mixed", and Quick 10's rule."""

from __future__ import annotations

import random

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.drills import BOOKMARKED, MISSED, QUICK, UNSEEN, WEAKEST, quick_order
from quizapp.core.errors import UserError
from quizapp.core.practice import PracticeRequest
from quizapp.core.selection import Candidate
from quizapp.core.stats.shape import StatLine
from tests.core.stats.support import LAW, VITALS, key_of, practise, question_id, wrong_of

DAY = 86_400


def _drawn(ctx: AppContext, mode: str, count: int = 50, **extra: object) -> set[int]:
    state, _ = ctx.practice.start(ctx.profiles.current().id,
                                  PracticeRequest(mode=mode, count=count, seed=4, **extra))  # type: ignore[arg-type]
    ctx.practice.finish(state.attempt_id)
    return {i.question.question_id for i in state.items}


def _answer(ctx: AppContext, ids: list[int], right: bool) -> None:
    profile = ctx.profiles.current().id
    state, _ = ctx.practice.start(profile, PracticeRequest(question_ids=tuple(ids), count=len(ids)))
    for item in state.items:
        qid = item.question.question_id
        ctx.practice.check(state.attempt_id, item.position, key_of(ctx, qid) if right else wrong_of(ctx, qid))
    ctx.practice.finish(state.attempt_id)


def test_missed_means_wrong_the_last_time(ctx: AppContext) -> None:
    first, second, third = (question_id(ctx, f"v-{i}") for i in range(3))
    with pytest.raises(UserError, match="no missed questions"):
        _drawn(ctx, MISSED)
    _answer(ctx, [first, second, third], right=False)
    _answer(ctx, [second], right=True)  # answered right since: no longer missed
    _answer(ctx, [third], right=True)
    _answer(ctx, [third], right=False)  # wrong again after a right answer: missed
    assert _drawn(ctx, MISSED) == {first, third}
    with pytest.raises(UserError, match="no missed questions"):
        _drawn(ctx, MISSED, domains=("Medical Law and Ethics",))


def test_bookmarked_and_not_seen_yet(ctx: AppContext) -> None:
    profile = ctx.profiles.current().id
    with pytest.raises(UserError, match="no bookmarked questions"):
        _drawn(ctx, BOOKMARKED)
    marked = {question_id(ctx, "l-2"), question_id(ctx, "c-0")}
    for qid in marked:
        ctx.marks.set_bookmark(profile, qid, True)
    assert _drawn(ctx, BOOKMARKED) == marked
    every = _drawn(ctx, UNSEEN, count=200)
    assert len(every) == 30  # nothing answered yet
    answered = practise(ctx, profile, VITALS[0], right=6, wrong=4)
    unseen = _drawn(ctx, UNSEEN, count=200)
    assert len(unseen) == 20 and not unseen & set(answered)


def test_weakest_topics_are_the_progress_pages_three(ctx: AppContext) -> None:
    profile = ctx.profiles.current().id
    with pytest.raises(UserError, match="at least 5 answers"):
        _drawn(ctx, WEAKEST)
    for prefix, right, wrong in (("v", 2, 6), ("p", 3, 3), ("l", 6, 1), ("c", 1, 2)):  # 25%, 50%, 86%, too few
        ids = [question_id(ctx, f"{prefix}-{i}") for i in range(right + wrong)]
        _answer(ctx, ids[:right], right=True)
        _answer(ctx, ids[right:], right=False)
    weakest = ctx.stats.progress(profile).weakest
    assert [t.name for t in weakest] == ["Vital signs", "Venipuncture", "HIPAA"]
    drawn = _drawn(ctx, WEAKEST, count=200)
    assert len(drawn) == 10 + 8 + 8  # every question of the three topics
    assert not any(question_id(ctx, f"c-{i}") in drawn for i in range(4))


def test_quick_ten_rule_orders_due_missed_weak_unseen_rest() -> None:
    def candidate(qid: int, topic: str, seen: int, wrong: bool) -> Candidate:
        return Candidate(qid, "D", None, topic, "single", 4, seen, wrong)

    pool = [candidate(1, "weak", 1, False), candidate(2, "other", 0, False), candidate(3, "weak", 0, False),
            candidate(4, "other", 2, True), candidate(5, "other", 1, False), candidate(6, "weak", 3, False)]
    from datetime import UTC, datetime

    due = {6: datetime(2026, 1, 2, tzinfo=UTC), 5: datetime(2026, 1, 1, tzinfo=UTC)}
    weak = [StatLine("weak", 5, 1, 0.2, 0, 0, None, None, None, True, domain="D")]
    assert quick_order(pool, due, weak, random.Random(1), count=10) == [5, 6, 4, 3, 2, 1]
    assert quick_order(pool, due, weak, random.Random(1), count=3) == [5, 6, 4]


def test_quick_ten_takes_ten_from_every_set_and_due_reviews_first(ctx: AppContext, clock: FakeClock) -> None:
    profile = ctx.profiles.current().id
    missed = practise(ctx, profile, VITALS[0], right=0, wrong=3)
    clock.advance(11 * 60)  # past the learning step: the three are due for review now
    drawn, _ = ctx.practice.start(profile, PracticeRequest(mode=QUICK, count=10, seed=9))
    ids = [i.question.question_id for i in drawn.items]
    assert len(ids) == 10 and set(ids[:3]) == set(missed)
    assert ctx.practice.state(drawn.attempt_id).items[0].feedback is None


def test_an_unknown_mode_is_refused(ctx: AppContext) -> None:
    with pytest.raises(UserError, match="no practice mode"):
        _drawn(ctx, "hardest")


def test_place_counts_count_each_mode_per_place(ctx: AppContext) -> None:
    profile = ctx.profiles.current().id
    _answer(ctx, [question_id(ctx, f"v-{i}") for i in range(3)], right=True)
    _answer(ctx, [question_id(ctx, f"v-{i}") for i in range(3, 5)], right=False)
    ctx.marks.set_bookmark(profile, question_id(ctx, "v-9"), True)
    counts = {c.place: c for c in ctx.practice.place_counts(profile)}
    vitals = counts[VITALS]
    assert (vitals.questions, vitals.missed, vitals.bookmarked, vitals.unseen) == (10, 2, 1, 5)
    assert (counts[LAW].missed, counts[LAW].unseen) == (0, 8)
    assert ctx.practice.place_counts()[0].missed == 0  # without a profile: questions only
