"""Exam time from an injected clock: never negative, never extra time from a clock jump."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.core.clock import FakeClock
from quizapp.core.exam.timing import ExamTimer, WarningTracker, format_clock, resumed_elapsed


class BackwardsClock(FakeClock):
    """A monotonic source that misbehaves (a broken VM clock): it can step back."""

    def step_back(self, seconds: float) -> None:
        self._mono -= seconds


def test_elapsed_follows_monotonic_time_and_stops_at_the_limit(clock: FakeClock) -> None:
    timer = ExamTimer(clock, committed=100.0, limit=600.0)
    clock.advance(50)
    assert timer.elapsed() == 150.0 and timer.remaining() == 450.0
    clock.advance(10_000)
    assert timer.elapsed() == 600.0 and timer.remaining() == 0.0 and timer.expired()


def test_a_monotonic_clock_going_backwards_adds_nothing_and_counting_resumes() -> None:
    clock = BackwardsClock()
    timer = ExamTimer(clock, committed=0.0, limit=600.0)
    clock.advance(30)
    assert timer.elapsed() == 30.0
    clock.step_back(1000)
    assert timer.elapsed() == 30.0  # not negative, not less
    clock.advance(5)
    assert timer.elapsed() == 35.0  # counts again from the new reading, no jump forward


def test_wall_clock_jumps_do_not_touch_running_time(clock: FakeClock) -> None:
    timer = ExamTimer(clock, committed=0.0, limit=600.0)
    clock.jump_wall(-7200)
    clock.advance(10)
    clock.jump_wall(86_400)
    assert timer.elapsed() == 10.0


def test_checkpoints_are_due_every_four_seconds_since_the_last_commit(clock: FakeClock) -> None:
    timer = ExamTimer(clock, committed=0.0, limit=600.0)
    clock.advance(3.9)
    assert not timer.checkpoint_due()
    clock.advance(0.1)
    assert timer.checkpoint_due()
    timer.committed_at(timer.elapsed())
    assert timer.committed == 4.0 and not timer.checkpoint_due()
    clock.advance(1)
    assert timer.elapsed() == 5.0


def test_resuming_pauses_by_default_and_counts_wall_time_when_strict() -> None:
    at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    later = at + timedelta(minutes=10)
    assert resumed_elapsed(100, at, later, strict=False, limit=3600) == 100
    assert resumed_elapsed(100, at, later, strict=True, limit=3600) == 700
    # A wall clock set back while closed gives no time back; past the limit stops at the limit.
    assert resumed_elapsed(100, at, at - timedelta(hours=5), strict=True, limit=3600) == 100
    assert resumed_elapsed(100, at, at + timedelta(days=2), strict=True, limit=3600) == 3600
    assert resumed_elapsed(100, None, later, strict=True, limit=3600) == 100


def test_warnings_come_once_each_and_not_for_an_exam_shorter_than_them() -> None:
    tracker = WarningTracker(limit=36 * 60)
    assert tracker.due(20 * 60) == ()
    assert tracker.due(15 * 60) == (15,)
    tracker.give((15,))
    assert tracker.due(14 * 60) == ()
    assert tracker.due(4 * 60) == (5,)
    tracker.give((5,))
    assert tracker.given == (15, 5) and tracker.due(0) == ()
    # Resumed with both already given; a ten-minute exam never gets the 15-minute warning.
    assert WarningTracker(36 * 60, already=(15, 5)).due(60) == ()
    assert WarningTracker(10 * 60).due(9 * 60) == ()
    # Skipping past both at once reports both, largest first.
    assert WarningTracker(3600).due(120) == (15, 5)


def test_the_countdown_text_rounds_down_and_never_goes_negative() -> None:
    assert format_clock(3 * 3600) == "3:00:00"
    assert format_clock(59.99) == "0:00:59"
    assert format_clock(3661.5) == "1:01:01"
    assert format_clock(-3) == "0:00:00"
