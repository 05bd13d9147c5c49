"""A mock exam on the one answer path: a failed commit leaves the engine as the database is,
a re-key re-scores only scored items, and readiness never sees a pretest answer (issues #16,
#23)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from quizapp.core.answers import rescore_question
from quizapp.core.db.models import Attempt, AttemptItem, Question, TallyDay, TallyQuestion
from quizapp.core.errors import UserError
from quizapp.core.stats import StatsService
from quizapp.core.stats.readiness import PLAN_PARTS
from tests.core.exam.conftest import ExamWorld
from tests.core.exam.test_results import facts, take


class _Refused(Exception):
    pass


def _stored_choice(world: ExamWorld, attempt_id: int, position: int) -> list[int] | None:
    with world.ctx.db.sessions() as s:
        return s.get(AttemptItem, (attempt_id, position)).chosen


def test_a_failed_commit_leaves_the_engine_showing_what_is_stored(world: ExamWorld) -> None:
    engine, _ = world.exams.start(world.profile_id, "ccma-quick", seed=3)
    engine.answer(0, [1])

    def refuse(session: object) -> None:
        raise _Refused("the disk is full")

    event.listen(world.ctx.db.sessions, "before_commit", refuse)
    try:
        for act in (lambda: engine.answer(0, [2]), lambda: engine.answer(1, [0]), lambda: engine.set_flag(0, True),
                    lambda: engine.clear_answer(0), lambda: engine.go_to(5)):
            with pytest.raises(_Refused):
                act()
    finally:
        event.remove(world.ctx.db.sessions, "before_commit", refuse)
    state = engine.state()
    assert state.items[0].chosen == (1,) and not state.items[0].flagged
    assert state.items[1].chosen == () and state.current_index == 0
    assert _stored_choice(world, engine.attempt_id, 0) == [1] and _stored_choice(world, engine.attempt_id, 1) is None


def test_exam_answers_are_validated_by_the_answer_path(world: ExamWorld) -> None:
    engine, _ = world.exams.start(world.profile_id, "ccma-quick", seed=3)
    for position, chosen in ((-1, [0]), (30, [0]), (0, [4]), (0, [-1]), (0, [0, 1]), (0, [])):
        with pytest.raises(UserError):
            engine.answer(position, chosen)
    assert all(not item.answered for item in engine.state().items)


def test_a_rekey_rescores_scored_items_only(world: ExamWorld) -> None:
    """The score and the summaries move for a scored item's new key, never for a pretest one."""
    engine, _ = world.exams.start(world.profile_id, "ccma-full", seed=5)
    take(engine, world, right=lambda f: False)  # every answer wrong
    engine.submit()
    known = facts(world, engine.attempt_id)
    pretest = next(p for p, f in enumerate(known) if not f[2])
    scored = next(p for p, f in enumerate(known) if f[2])

    def rekey_to_the_answer_given(position: int) -> int:
        with world.ctx.db.sessions.begin() as s:
            item = s.get(AttemptItem, (engine.attempt_id, position))
            question = s.get(Question, item.question_id)
            for choice in question.choices:
                choice.is_correct = choice.position in item.chosen
            s.flush()
            return rescore_question(s, question, world.clock.now())

    assert rekey_to_the_answer_given(pretest) == 1
    with world.ctx.db.sessions() as s:
        assert s.get(Attempt, engine.attempt_id).score == 0.0
        assert sum(s.scalars(select(TallyQuestion.correct))) == 0
    assert rekey_to_the_answer_given(scored) == 1
    with world.ctx.db.sessions() as s:
        assert s.get(Attempt, engine.attempt_id).score == pytest.approx(1 / 150)
        assert sum(s.scalars(select(TallyQuestion.correct))) == 1


def test_pretest_answers_never_reach_readiness(world: ExamWorld) -> None:
    """Issue #23: all 150 scored items right and all 30 pretest items wrong is 100%, not 83%."""
    engine, _ = world.exams.start(world.profile_id, "ccma-full", seed=6)
    take(engine, world, right=lambda f: f[2])
    engine.submit()
    assert world.exams.results(engine.attempt_id).score == 1.0
    progress = StatsService(world.ctx.db.sessions, world.clock).progress(world.profile_id)
    assert progress.overall.answered == 150 and progress.overall.accuracy == 1.0
    assert progress.overall.answered_30d == 150 and progress.overall.correct_30d == 150  # the daily summary too
    ready = progress.readiness
    assert ready.answered == 150 and not ready.rough
    assert all(p.correct == p.answered for p in ready.parts)
    # Every part of the plan got exactly its items (Phlebotomy 12, EKG 6, ...), all right.
    assert {(p.domain, p.subdomain): p.answered for p in ready.parts} == PLAN_PARTS
    assert ready.estimate is not None and ready.low is not None and ready.high is not None
    assert ready.estimate == pytest.approx(1.0, abs=0.01) and ready.low > 0.97 and ready.high <= 1.0
    with world.ctx.db.sessions() as s:
        assert s.scalar(select(func.sum(TallyDay.answered))) == 150
        assert s.scalar(select(func.sum(TallyDay.correct))) == 150
