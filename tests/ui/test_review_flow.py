"""Spaced review from home: questions missed in practice come back, due by the FakeClock, are
served on the practice page through `ctx.review`, summarised, and rescheduled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from quizapp.core.clock import FakeClock
from quizapp.core.db.models import Attempt
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls
from tests.ui.test_progress import _choice, _keys, practise_in_gui

DAY = 86_400


def _home(window):
    window.show_home()
    return named(window, "Start review")


def _answer_review(qtbot, window, right: bool = True, move_on: bool = True) -> None:
    page = window.pages["review"]
    question = page.current_item().question
    position = _choice(window, _keys(window), question, right)[0]
    letter = next(c.letter for c in question.choices if c.position == position)
    qtbot.keyClick(page, getattr(Qt.Key, f"Key_{letter}"))
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert page.current_item().feedback.correct == right
    if move_on:
        qtbot.keyClick(page, Qt.Key.Key_Return)


def test_missed_questions_come_back_for_review(qtbot, window, clock: FakeClock) -> None:
    start = _home(window)
    assert not start.isEnabled() and start.text() == "Nothing due today"
    assert start.accessibleDescription().startswith("Nothing due today")
    assert "Ctrl+R" in start.toolTip()

    given = practise_in_gui(qtbot, window, clock, "WWRW")
    missed = [topic for _, topic, right in given if not right]
    start = _home(window)
    assert start.isEnabled() and start.text() == "Start review (3 due)"
    assert start.accessibleDescription() == "3 questions you missed are due for review today."

    clock.advance(11 * 60)  # past the 10-minute learning step
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    page = window.pages["review"]
    assert window.stack.currentWidget() is page and window.windowTitle().startswith("Review")
    assert text_of(window, "Question position") == "Question 1 of 3"
    assert sorted(item.question.topic for item in page.state.items) == sorted(missed)
    for name in ("Question text", "Answer A", "Check answer", "I guessed", "End review session"):
        assert is_shown(window, name), name
    assert duplicate_names(window) == {} and unnamed_controls(window) == []
    for _ in range(3):
        _answer_review(qtbot, window, right=True)

    summary = window.pages["review_summary"]
    assert window.stack.currentWidget() is summary
    assert text_of(window, "Overall score").startswith("3 of 3 correct")
    assert [w.text() for w in summary.findChildren(QLabel) if w.property("role") == "title"] == ["Review summary"]
    assert not named(window, "Review more").isEnabled()  # nothing else is due today

    qtbot.mouseClick(named(window, "Back to home"), Qt.MouseButton.LeftButton)
    start = named(window, "Start review")
    assert not start.isEnabled() and start.text() == "Nothing due today"
    assert "The next review is due on" in start.accessibleDescription()
    assert not is_shown(window, "Resume review")

    clock.advance(60 * DAY)  # answered right: they come back later, not never
    assert _home(window).text() == "Start review (3 due)"


def test_resume_review_returns_to_the_same_question(qtbot, window, clock: FakeClock) -> None:
    practise_in_gui(qtbot, window, clock, "WW")
    clock.advance(11 * 60)
    qtbot.mouseClick(_home(window), Qt.MouseButton.LeftButton)
    _answer_review(qtbot, window, right=False)  # wrong again: stays due today
    assert text_of(window, "Question position") == "Question 2 of 2"
    window.show_home()
    assert is_shown(window, "Resume review")
    qtbot.mouseClick(named(window, "Resume review"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position") == "Question 2 of 2"
    _answer_review(qtbot, window, right=True, move_on=False)
    qtbot.mouseClick(named(window, "Finish review"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Overall score").startswith("1 of 2 correct")
    review_more = named(window, "Review more")
    assert review_more.isEnabled()  # the one missed again is due in ten minutes
    clock.advance(11 * 60)
    qtbot.mouseClick(review_more, Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position") == "Question 1 of 1"


def test_starting_a_review_closes_the_open_one(qtbot, window, clock: FakeClock) -> None:
    practise_in_gui(qtbot, window, clock, "WW")
    clock.advance(11 * 60)
    qtbot.mouseClick(_home(window), Qt.MouseButton.LeftButton)
    first = window.pages["review"].state.attempt_id
    _answer_review(qtbot, window, right=True)
    qtbot.mouseClick(_home(window), Qt.MouseButton.LeftButton)  # Start review, not Resume
    state = window.pages["review"].state
    assert state.attempt_id != first and len(state.items) == 1
    with window.ctx.db.sessions() as s:
        assert s.scalar(select(Attempt.submitted_at).where(Attempt.id == first)) is not None


def test_ctrl_r_starts_or_resumes_a_review(qtbot, window, clock: FakeClock) -> None:
    practise_in_gui(qtbot, window, clock, "W")
    clock.advance(11 * 60)
    window.show_home()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.pages["review"]
    assert text_of(window, "Question position") == "Question 1 of 1"
