"""The running exam with a fake clock: commits, checkpoints, expiry, resume rules, closed exams."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.core.clock import FakeClock
from quizapp.core.db.models import Attempt, AttemptItem
from quizapp.core.errors import UserError
from quizapp.core.exam.engine import ExamEngine
from quizapp.core.exam.errors import ExamClosed
from quizapp.core.exam.service import ExamService
from tests.core.exam.conftest import ExamWorld

QUICK = 36 * 60


def stored(world: ExamWorld, attempt_id: int) -> tuple[Attempt, list[AttemptItem]]:
    """What is committed, read in a fresh session (what a crash would leave)."""
    with world.ctx.db.sessions() as s:
        attempt = s.get(Attempt, attempt_id)
        items = list(s.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id)
                               .order_by(AttemptItem.position)))
        assert attempt is not None
        return attempt, items


def start(world: ExamWorld, slug: str = "ccma-quick", **kw) -> ExamEngine:
    engine, changes = world.exams.start(world.profile_id, slug, seed=kw.pop("seed", 1), **kw)
    assert changes.attempts
    return engine


def test_start_stores_the_attempt_and_shuffled_items(world: ExamWorld) -> None:
    engine = start(world, accommodation=1.5, strict=True)
    state = engine.state()
    assert state.total == 30 and state.current_index == 0 and state.current.number == 1
    assert state.time_limit_seconds == QUICK * 1.5 == state.remaining_seconds
    assert state.remaining_text == "0:54:00" and state.strict and state.accommodation == 1.5
    attempt, items = stored(world, engine.attempt_id)
    assert (attempt.mode, attempt.time_limit_seconds, attempt.elapsed_seconds) == ("mock", 3240.0, 0.0)
    assert attempt.checkpoint_at == world.clock.now() and attempt.seed == 1 and attempt.submitted_at is None
    assert all(sorted(i.display_order) == [0, 1, 2, 3] for i in items) and all(i.scored for i in items)
    assert len({tuple(i.display_order) for i in items}) > 1
    # The view shows choices in display order, lettered A-D.
    first = state.items[0].question
    assert [c.position for c in first.choices] == items[0].display_order
    assert [c.letter for c in first.choices] == list("ABCD")
    with pytest.raises(UserError, match="1x, 1.5x or 2x"):
        world.exams.start(world.profile_id, "ccma-quick", accommodation=3.0)


def test_every_action_is_committed_at_once_with_a_clock_checkpoint(world: ExamWorld) -> None:
    engine = start(world)
    choice = engine.state().items[2].question.choices[1].position
    world.clock.advance(7)
    update = engine.answer(2, [choice])
    assert update.changes.answers and update.state.items[2].chosen == (choice,)
    assert update.state.items[2].chosen_letters == "B" and update.state.answered_count == 1
    attempt, items = stored(world, engine.attempt_id)
    assert items[2].chosen == [choice] and items[2].answered_at == world.clock.now()
    assert attempt.elapsed_seconds == 7.0 and attempt.checkpoint_at == world.clock.now()
    assert items[0].seconds_spent == 7.0  # the time went to the item on screen

    world.clock.advance(2)
    engine.set_flag(5, True)
    engine.toggle_flag()  # the current item, 0
    world.clock.advance(1)
    update = engine.go_to(5)
    assert update.state.current_index == 5 and update.state.flagged == (0, 5)
    attempt, items = stored(world, engine.attempt_id)
    assert attempt.current_index == 5 and attempt.elapsed_seconds == 10.0
    assert [i.position for i in items if i.flagged] == [0, 5]

    engine.clear_answer(2)
    engine.toggle_flag(0)
    assert stored(world, engine.attempt_id)[1][2].chosen is None
    assert engine.state().unanswered == tuple(range(30)) and engine.state().flagged == (5,)
    assert engine.next_item().state.current_index == 6
    assert engine.previous_item().state.current_index == 5


def test_bad_positions_and_choices_are_refused(world: ExamWorld) -> None:
    engine = start(world)
    with pytest.raises(UserError, match="no question 31"):
        engine.go_to(30)
    with pytest.raises(UserError, match="choose one of the answers"):
        engine.answer(0, [7])
    with pytest.raises(UserError, match="one answer"):
        engine.answer(0, [0, 1])
    assert stored(world, engine.attempt_id)[0].elapsed_seconds == 0.0


def test_ticking_commits_a_checkpoint_at_least_every_five_seconds(world: ExamWorld) -> None:
    engine = start(world)
    commits = 0
    last = 0.0
    for second in range(1, 121):
        world.clock.advance(1)
        engine.tick()
        committed = stored(world, engine.attempt_id)[0].elapsed_seconds
        assert second - committed < 5  # a crash now would lose under 5 s
        if committed != last:
            commits += 1
            last = committed
    assert commits == 30  # every 4 s, not every tick


def test_the_exam_submits_itself_exactly_at_zero_and_not_a_tick_before(world: ExamWorld) -> None:
    engine = start(world)
    world.clock.advance(QUICK - 1)
    update = engine.tick()
    assert not update.state.submitted and update.state.remaining_seconds == 1.0
    assert update.state.remaining_text == "0:00:01"
    world.clock.advance(0.5)
    assert not engine.tick().state.submitted and engine.remaining_seconds() == 0.5
    world.clock.advance(0.5)
    update = engine.tick()
    assert update.state.submitted and update.state.auto_submitted
    assert update.state.remaining_seconds == 0.0 and update.changes.attempts
    attempt, _ = stored(world, engine.attempt_id)
    assert attempt.submitted_at == world.clock.now() and attempt.elapsed_seconds == QUICK
    assert world.exams.in_progress(world.profile_id) is None
    world.clock.advance(100)
    assert engine.remaining_seconds() == 0.0 and not engine.tick().changes


def test_an_action_after_zero_submits_instead_of_recording(world: ExamWorld) -> None:
    engine = start(world)
    world.clock.advance(QUICK + 30)  # no tick came in time (a busy UI)
    update = engine.answer(0, [engine.state().items[0].question.choices[0].position])
    assert update.state.submitted and update.state.auto_submitted
    assert update.state.items[0].chosen == ()
    attempt, items = stored(world, engine.attempt_id)
    assert attempt.elapsed_seconds == QUICK and items[0].chosen is None


def test_warnings_at_15_and_5_minutes_are_reported_once(world: ExamWorld) -> None:
    engine = start(world)
    world.clock.advance(QUICK - 15 * 60 - 1)
    assert engine.tick().warnings == ()
    world.clock.advance(1)
    update = engine.tick()
    assert update.warnings == (15,) and update.warning_text == "15 minutes left in this exam."
    world.clock.advance(1)
    assert engine.tick().warnings == ()
    # Given warnings survive a crash and resume.
    resumed, _ = world.exams.resume(engine.attempt_id)
    assert resumed.tick().warnings == ()
    world.clock.advance(10 * 60)
    assert resumed.go_to(3).warnings == (5,)
    assert resumed.tick().warnings == ()


def test_resume_restores_state_and_by_default_the_clock_stops_while_closed(world: ExamWorld) -> None:
    engine = start(world)
    state = engine.state()
    world.clock.advance(60)
    engine.answer(0, [state.items[0].question.choices[2].position])
    engine.set_flag(4, True)
    engine.go_to(7)
    world.clock.advance(3)
    engine.tick()  # under 4 s since the last commit: nothing written
    del engine  # the app is gone
    world.clock.advance(3600)  # closed for an hour

    found = world.exams.in_progress(world.profile_id)
    assert found is not None and found.answered == 1 and found.total == 30 and found.blueprint == "ccma-quick"
    assert found.remaining_seconds == QUICK - 60
    resumed, changes = world.exams.resume(found.attempt_id)
    assert not changes
    again = resumed.state()
    assert again.items[0].chosen_letters == "C" and again.flagged == (4,) and again.current_index == 7
    assert again.remaining_seconds == QUICK - 60
    assert [i.question for i in again.items] == [i.question for i in state.items]
    world.clock.advance(10)
    assert resumed.remaining_seconds() == QUICK - 70


def test_strict_timing_counts_the_time_the_app_was_closed(world: ExamWorld) -> None:
    engine = start(world, strict=True)
    world.clock.advance(60)
    engine.go_to(1)
    world.clock.advance(600)  # ten minutes with the app closed
    found = world.exams.in_progress(world.profile_id)
    assert found is not None and found.strict and found.remaining_seconds == QUICK - 660
    resumed, _ = world.exams.resume(engine.attempt_id)
    assert resumed.remaining_seconds() == QUICK - 660
    assert stored(world, engine.attempt_id)[0].elapsed_seconds == QUICK - (QUICK - 660)
    # Resumed twice without time passing: the gap is not counted twice.
    assert world.exams.resume(engine.attempt_id)[0].remaining_seconds() == QUICK - 660


def test_a_wall_clock_set_back_gives_no_time_back_in_strict_mode(world: ExamWorld) -> None:
    engine = start(world, strict=True)
    world.clock.advance(100)
    engine.go_to(2)
    world.clock.jump_wall(-3 * 3600)  # the system time is set back while the app is closed
    resumed, _ = world.exams.resume(engine.attempt_id)
    assert resumed.remaining_seconds() == QUICK - 100


def test_strict_time_running_out_while_closed_submits_at_resume(world: ExamWorld) -> None:
    engine = start(world, strict=True)
    engine.answer(0, [engine.state().items[0].question.choices[0].position])
    world.clock.advance(QUICK + 5)
    found = world.exams.in_progress(world.profile_id)
    assert found is not None and found.remaining_seconds == 0.0
    resumed, changes = world.exams.resume(engine.attempt_id)
    assert changes.attempts and resumed.submitted and resumed.state().auto_submitted
    assert resumed.remaining_seconds() == 0.0
    attempt, items = stored(world, engine.attempt_id)
    assert attempt.submitted_at is not None and attempt.elapsed_seconds == QUICK and items[0].correct is not None
    assert world.exams.results(engine.attempt_id).items[0].answered


class BackwardsClock(FakeClock):
    def step_back(self, seconds: float) -> None:
        self._mono -= seconds


def test_a_monotonic_clock_going_backwards_never_gives_time_or_goes_negative(world: ExamWorld) -> None:
    clock = BackwardsClock()
    exams = ExamService(world.ctx.db.sessions, clock)
    engine, _ = exams.start(world.profile_id, "ccma-quick", seed=3)
    clock.advance(100)
    engine.tick()
    clock.step_back(5000)
    assert engine.remaining_seconds() == QUICK - 100
    update = engine.go_to(1)
    assert update.state.remaining_seconds == QUICK - 100 and update.state.elapsed_seconds == 100
    clock.advance(20)
    assert engine.remaining_seconds() == QUICK - 120
    clock.step_back(10**9)
    assert engine.tick().state.remaining_seconds == QUICK - 120  # the UI ticks on
    clock.advance(QUICK - 121)
    assert not engine.tick().state.submitted
    clock.advance(1)
    assert engine.tick().state.submitted and engine.remaining_seconds() == 0.0


def test_a_submitted_exam_refuses_every_change(world: ExamWorld) -> None:
    engine = start(world)
    other, _ = world.exams.resume(engine.attempt_id)  # a second window on the same exam
    update = engine.submit()
    assert update.state.submitted and not update.state.auto_submitted and update.changes.attempts
    pos = engine.state().items[0].question.choices[0].position
    for action in (lambda: engine.answer(0, [pos]), lambda: engine.clear_answer(0),
                   lambda: engine.set_flag(0, True), lambda: engine.go_to(1), engine.submit):
        with pytest.raises(ExamClosed, match="cannot be changed"):
            action()
    with pytest.raises(ExamClosed):
        other.answer(0, [pos])
    with pytest.raises(ExamClosed):
        world.exams.resume(engine.attempt_id)
    assert stored(world, engine.attempt_id)[1][0].chosen is None


def test_starting_a_new_exam_abandons_the_unfinished_one(world: ExamWorld) -> None:
    old = start(world)
    old.answer(0, [old.state().items[0].question.choices[0].position])
    assert world.exams.in_progress(world.profile_id).attempt_id == old.attempt_id
    new = start(world, seed=2)
    assert world.exams.in_progress(world.profile_id).attempt_id == new.attempt_id
    with pytest.raises(ExamClosed, match="abandoned"):
        world.exams.resume(old.attempt_id)
    with pytest.raises(ExamClosed):
        old.go_to(3)
    attempt, items = stored(world, old.attempt_id)
    assert attempt.submitted_at is None and attempt.score is None and items[0].chosen is not None
    world.exams.abandon(new.attempt_id)
    assert world.exams.in_progress(world.profile_id) is None


def test_time_spent_per_item_adds_up_to_the_time_used(world: ExamWorld) -> None:
    engine = start(world)
    for position, seconds in ((0, 30), (1, 12), (2, 45)):
        world.clock.advance(seconds)
        engine.go_to(position + 1)
    world.clock.advance(9)
    engine.submit()
    attempt, items = stored(world, engine.attempt_id)
    assert [i.seconds_spent for i in items[:4]] == [30, 12, 45, 9]
    assert sum(i.seconds_spent for i in items) == attempt.elapsed_seconds == 96


def test_blueprints_are_listed_for_the_set_up_page(world: ExamWorld) -> None:
    infos = world.exams.blueprints()
    assert [b.slug for b in infos] == ["ccma-full", "ccma-half", "ccma-quick"]
    full = infos[0]
    assert (full.minutes, full.scored, full.unscored, full.items) == (180, 150, 30, 180)
    assert full.time_limit_seconds(2.0) == 180 * 120 and dict(full.subdomains)["Phlebotomy"] == 12
