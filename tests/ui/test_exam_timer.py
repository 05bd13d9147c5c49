"""The exam clock in the window: a fake clock runs out, the 15- and 5-minute warnings are shown
and announced, the engine submits itself at zero and the results follow. The page's UI timer
only repaints and asks, and runs only while its page is on screen; the exam feature's clock
timer runs while an exam is open, whatever is shown (tests/ui/test_exam_away.py). Nothing here waits for real time:
the fake clock moves and the test does what the timer would do (`Countdown.fire`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from quizapp.core.clock import FakeClock
from quizapp.ui.timers import running_timers, while_visible
from quizapp.ui.widgets.countdown import duration_text, spoken_time
from tests.helpers.widgets import is_shown, named, text_of
from tests.ui.test_exam_flow import begin, exam_feature, exam_state

QUICK_SECONDS = 36 * 60


def test_the_clock_runs_out_warns_twice_and_submits_itself(qtbot, window, clock: FakeClock) -> None:
    begin(qtbot, window)
    feature = exam_feature(window)
    page = feature.page
    assert page.countdown.timer.isActive() and running_timers() == ["exam clock", "exam countdown"]
    qtbot.keyClick(page, Qt.Key.Key_C)  # question 1 answered
    qtbot.keyClick(page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # question 2 flagged, blank

    clock.advance(QUICK_SECONDS - 15 * 60 - 1)  # 15:01 left
    page.countdown.fire()
    assert text_of(window, "Time remaining") == "0:15:01"
    assert not is_shown(window, "Time warning")

    clock.advance(2)  # 14:59 left: the first warning
    page.countdown.fire()
    assert text_of(window, "Time remaining") == "0:14:59"
    assert text_of(window, "Time warning") == "15 minutes left in this exam."
    assert named(window, "Time warning").accessibleDescription() == "15 minutes left in this exam."
    assert named(window, "Time remaining").accessibleDescription() == "14 minutes left"
    assert not named(window, "Time remaining").property("result")  # not yet the last five minutes
    named(window, "Dismiss time warning").click()
    assert not is_shown(window, "Time warning")
    page.countdown.fire()
    assert not is_shown(window, "Time warning")  # each warning is given once

    clock.advance(10 * 60)  # 4:59 left: the second, on whichever exam page is open
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    review = feature.review
    assert review.countdown.timer.isActive() and not page.countdown.timer.isActive()
    review.countdown.fire()
    assert text_of(window, "Time warning") == "5 minutes left in this exam."
    assert text_of(window, "Time remaining") == "0:04:59"
    assert named(window, "Time remaining").property("result") == "wrong"  # red and bold, and the text says it
    named(window, "Back to exam").click()

    clock.advance(4 * 60 + 58)  # one second left
    page.countdown.fire()
    assert text_of(window, "Time remaining") == "0:00:01"
    clock.advance(1)  # zero: the engine submits, the page only asked
    page.countdown.fire()
    assert window.stack.currentWidget() is feature.results
    assert running_timers() == []
    assert feature.engine is None

    results = feature.results.results
    assert results is not None and results.auto_submitted
    assert results.time_used_seconds == QUICK_SECONDS
    used = text_of(window, "Time used")
    assert used == "Time used: 36 minutes of 36 minutes. Submitted automatically when the time ran out."
    assert [(i.number, i.answered, i.flagged) for i in results.items[:2]] == [(1, True, False), (2, False, True)]
    assert window.ctx.exams.in_progress(window.ctx.profiles.current().id) is None


def test_an_action_after_zero_submits_instead(qtbot, window, clock: FakeClock) -> None:
    """If the timer has not fired yet when time runs out, the next key press finds the exam over."""
    begin(qtbot, window)
    page = exam_feature(window).page
    clock.advance(QUICK_SECONDS + 30)
    qtbot.keyClick(page, Qt.Key.Key_A)
    assert window.stack.currentWidget() is exam_feature(window).results
    results = exam_feature(window).results.results
    assert results is not None and results.auto_submitted and results.overall.correct == 0


def test_time_running_out_on_another_page_submits_on_return(qtbot, window, clock: FakeClock) -> None:
    begin(qtbot, window)
    qtbot.keyClick(exam_feature(window).page, Qt.Key.Key_B)
    window.show_home()  # no timer runs here, but the exam's clock does
    clock.advance(QUICK_SECONDS)
    named(window, "Resume exam").click()
    feature = exam_feature(window)
    assert window.stack.currentWidget() is feature.results
    assert feature.results.results is not None and feature.results.results.auto_submitted
    assert running_timers() == []
    feature.results.home_button.click()
    assert not is_shown(window, "Resume exam")


def test_page_timers_run_only_while_their_page_is_shown_and_the_exam_clock_while_an_exam_is_open(
        qtbot, window, clock: FakeClock) -> None:
    begin(qtbot, window)
    exam_feature(window)
    assert running_timers() == ["exam clock", "exam countdown"]
    named(window, "Review answers").click()
    assert running_timers() == ["exam clock", "exam review countdown"]
    named(window, "Back to exam").click()
    assert running_timers() == ["exam clock", "exam countdown"]
    window.show_home()
    assert running_timers() == ["exam clock"]  # checkpoints the exam's time while it is away
    clock.advance(120)  # the exam's clock runs while the app is open
    named(window, "Resume exam").click()
    assert running_timers() == ["exam clock", "exam countdown"]
    assert text_of(window, "Time remaining") == "0:34:00"  # repainted as soon as shown
    assert exam_state(window).remaining_seconds == 34 * 60


def test_the_timer_factory_tracks_what_runs(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    ticks: list[int] = []
    timer = while_visible(owner, "probe", 1000, lambda: ticks.append(1))
    timer.set_wanted(True)
    assert running_timers() == []  # armed, but its widget is not on screen
    owner.show()
    assert running_timers() == ["probe"]
    owner.hide()
    assert running_timers() == []
    owner.show()
    timer.set_wanted(False)
    assert running_timers() == []


def test_time_in_words() -> None:
    assert duration_text(3 * 3600) == "3 hours"
    assert duration_text(90 * 60) == "1 hour 30 minutes"
    assert duration_text(36 * 60) == "36 minutes"
    assert duration_text(31 * 60 + 12, with_seconds=True) == "31 minutes 12 seconds"
    assert duration_text(45, with_seconds=True) == "45 seconds"
    assert spoken_time(2 * 3600 + 5 * 60 + 9) == "2 hours 5 minutes left"
    assert spoken_time(3600) == "1 hour left"
    assert spoken_time(59) == "59 seconds left"
