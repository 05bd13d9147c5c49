"""A mock exam's clock while its page is not shown (issue #18, case 5): Ctrl+H to home, another
page, or the window hidden/minimised. The time is still checkpointed every few seconds (a kill
then loses at most 5 s), the window says the clock keeps running, and home's `Resume exam (…
left)` counts down. The fake clock moves; the test does what the timer would (`fire`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from tests.helpers.widgets import is_shown, named, text_of
from tests.ui.test_exam_flow import begin, exam_feature

QUICK_SECONDS = 36 * 60


def committed_remaining(window) -> float:
    """What a resume after a kill would find: read by another connection from committed state."""
    other = AppContext.open(window.data_dir, FakeClock())
    try:
        found = other.exams.in_progress(other.profiles.current().id)
        assert found is not None
        return found.remaining_seconds
    finally:
        other.close()


def test_ctrl_h_keeps_checkpointing_says_so_and_home_counts_down(qtbot, window, clock: FakeClock) -> None:
    begin(qtbot, window)
    feature = exam_feature(window)
    assert not is_shown(window, "Exam clock")  # on the exam's own page, its countdown says it
    qtbot.keySequence(window, QKeySequence("Ctrl+H"))
    assert window.stack.currentWidget() is window.home
    assert not feature.page.countdown.timer.isActive() and feature.clock.isActive()
    assert "clock keeps running" in text_of(window, "Exam clock") and "0:36:00 left" in text_of(window, "Exam clock")
    assert text_of(window, "Resume exam") == "Resume exam (0:36:00 left)"

    for _ in range(3):  # 30 s at home, the timer firing as it does every half second
        clock.advance(10)
        feature.clock.fire()
    assert text_of(window, "Resume exam") == "Resume exam (0:35:30 left)"
    assert "0:35:30 left" in text_of(window, "Exam clock")
    assert committed_remaining(window) <= QUICK_SECONDS - 30 + 5  # a kill now loses at most 5 s

    qtbot.mouseClick(named(window, "Return to the exam"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is feature.page and not is_shown(window, "Exam clock")
    assert text_of(window, "Time remaining") == "0:35:30"


def test_a_hidden_or_minimised_window_still_checkpoints(qtbot, window, clock: FakeClock) -> None:
    begin(qtbot, window)
    feature = exam_feature(window)
    window.hide()  # what minimising does to the page's own timer: it stops with its page
    assert not feature.page.countdown.timer.isActive() and feature.clock.isActive()
    clock.advance(20)
    feature.clock.fire()
    assert committed_remaining(window) <= QUICK_SECONDS - 20 + 5
    window.show()
    qtbot.waitExposed(window)
    assert feature.page.countdown.timer.isActive()


def test_time_running_out_away_submits_and_shows_the_results(qtbot, window, clock: FakeClock) -> None:
    begin(qtbot, window)
    feature = exam_feature(window)
    window.show_home()
    clock.advance(QUICK_SECONDS)
    feature.clock.fire()
    assert window.stack.currentWidget() is feature.results
    assert feature.results.results is not None and feature.results.results.auto_submitted
    assert not feature.clock.isActive() and not is_shown(window, "Exam clock")
