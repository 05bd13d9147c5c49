"""Focused drills, Quick 10, the daily goal, the calendar and forecast, and changing a review's
grade, as a student meets them in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox

from quizapp.core.clock import FakeClock
from quizapp.ui.theme import ThemeName
from tests.helpers.layout import clipped
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls
from tests.ui.test_progress import _choice, _keys, practise_in_gui

DAY = 86_400


def test_practice_modes_count_and_draw_what_they_say(qtbot, window, clock: FakeClock) -> None:
    given = practise_in_gui(qtbot, window, clock, "WWRR")
    missed = {topic for _, topic, right in given if not right}
    window.show_home()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    for name in ("New and mixed", "Missed questions", "Bookmarked", "Not seen yet", "Weakest topics"):
        assert is_shown(window, name), name
    assert named(window, "New and mixed").isChecked()
    missed_radio = named(window, "Missed questions")
    assert missed_radio.text() == "Missed questions (2)" and named(window, "Bookmarked").text() == "Bookmarked (0)"
    assert duplicate_names(window) == {} and unnamed_controls(window) == []
    missed_radio.click()
    assert text_of(window, "Questions chosen") == "2 questions to draw from"
    named(window, "Weakest topics").click()
    assert not named(window, "Topics to practise").isEnabled()
    assert "at least 5 answers" in text_of(window, "About this mode")
    missed_radio.click()
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    page = window.pages["practice"]
    assert window.stack.currentWidget() is page
    assert {i.question.topic for i in page.state.items} == missed and len(page.state.items) == 2

    window.show_home()  # the mode is remembered with the rest of the choice
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    assert named(window, "Missed questions").isChecked()


def test_quick_10_from_home(qtbot, window, clock: FakeClock) -> None:
    named(window, "Skip naming").click()
    quick = named(window, "Quick 10")
    assert "weakest topics" in quick.toolTip()
    qtbot.mouseClick(quick, Qt.MouseButton.LeftButton)
    page = window.pages["practice"]
    assert window.stack.currentWidget() is page and len(page.state.items) == 10
    assert text_of(window, "Question position") == "Question 1 of 10"


def test_daily_goal_and_streak_on_home(qtbot, window, clock: FakeClock) -> None:
    named(window, "Skip naming").click()
    assert text_of(window, "Daily goal status") == "0 of 20 questions today; 20 to go."
    assert text_of(window, "Streak") == "Meet your goal today to start a streak."
    goal = named(window, "Daily goal")
    assert isinstance(goal, QSpinBox) and goal.value() == 20
    goal.setFocus()
    goal.selectAll()
    qtbot.keyClicks(goal, "3")
    qtbot.keyClick(goal, Qt.Key.Key_Return)
    assert window.ctx.goals.status(window.ctx.profiles.current().id).goal == 3
    practise_in_gui(qtbot, window, clock, "RWR")
    window.show_home()
    assert text_of(window, "Daily goal status") == "Goal met: 3 of 3 questions today."
    assert named(window, "Daily goal progress").value() == 3
    assert text_of(window, "Streak").startswith("1-day streak")
    clock.advance(DAY)
    window.show_home()
    assert text_of(window, "Daily goal status") == "0 of 3 questions today; 3 to go."
    assert text_of(window, "Streak") == "1-day streak: meet your goal today to keep it going."


def test_progress_shows_the_heat_map_and_the_forecast_in_words(qtbot, window, clock: FakeClock) -> None:
    practise_in_gui(qtbot, window, clock, "WWR")
    window.show_home()
    qtbot.mouseClick(named(window, "Progress"), Qt.MouseButton.LeftButton)
    heat = named(window, "Answers per day")
    assert heat.height() > 100 and "you answered 3 questions on 1 day of" in heat.accessibleDescription()
    assert text_of(window, "Answers per day in words") == heat.accessibleDescription()
    forecast = named(window, "Review forecast")
    assert forecast.accessibleDescription().startswith("2 review questions due in the next 14 days: today")
    assert text_of(window, "Review forecast in words") == forecast.accessibleDescription()
    assert heat.grab().width() > 0 and forecast.grab().height() > 0


def test_review_shows_when_it_comes_back_and_keys_1_to_4_change_the_grade(qtbot, window,
                                                                           clock: FakeClock) -> None:
    practise_in_gui(qtbot, window, clock, "WW")
    clock.advance(11 * 60)
    window.show_home()
    qtbot.mouseClick(named(window, "Start review"), Qt.MouseButton.LeftButton)
    page = window.pages["review"]
    assert not is_shown(window, "Comes back")
    qtbot.keyClick(page, Qt.Key.Key_2)  # before checking, 2 chooses answer B
    question = page.current_item().question
    assert page.question.chosen_positions() == [question.choices[1].position]
    right = _choice(window, _keys(window), question, True)[0]
    letter = next(c.letter for c in question.choices if c.position == right)
    qtbot.keyClick(page, getattr(Qt.Key, f"Key_{letter}"))
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert text_of(window, "Comes back") == "Comes back tomorrow."
    assert named(window, "Good").isChecked() and named(window, "Good").text().startswith("✓ 3 Good")
    assert "Graded Good from your answer" in text_of(window, "About the grade")
    assert duplicate_names(window) == {} and unnamed_controls(window) == []
    qtbot.keyClick(page, Qt.Key.Key_1)  # after checking, 1 is Again
    assert named(window, "Again").isChecked() and text_of(window, "Comes back") == "Comes back in 10 minutes."
    assert "your answer suggested Good" in text_of(window, "About the grade")
    assert page.current_item().feedback.correct  # the answer's verdict stays
    qtbot.keyClick(page, Qt.Key.Key_Return)  # Enter moves on, keeping the grade given
    assert text_of(window, "Question position") == "Question 2 of 2"
    qtbot.keyClick(page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert named(window, "Again").isChecked()  # shown again as given


@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.DARK])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_clipped_text_on_the_new_pages_at_1024x640(qtbot, window, clock: FakeClock, theme: ThemeName,
                                                      scale: float) -> None:
    practise_in_gui(qtbot, window, clock, "WR")
    window.set_theme(theme)
    window.set_text_scale(scale)
    window.resize(1024, 640)
    pages = []
    window.show_home()
    QApplication.processEvents()
    pages.append(("home", clipped(window)))
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.pages["search"]
    qtbot.keyClicks(search.field, "blood")
    search.open_result(0)
    QApplication.processEvents()
    pages.append(("search", clipped(window)))
    clock.advance(11 * 60)
    window.show_home()
    qtbot.mouseClick(named(window, "Start review"), Qt.MouseButton.LeftButton)
    review = window.pages["review"]
    qtbot.keyClick(review, Qt.Key.Key_A)
    qtbot.keyClick(review, Qt.Key.Key_Return)
    QApplication.processEvents()
    pages.append(("review", clipped(window)))
    window.show_home()
    qtbot.mouseClick(named(window, "Progress"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    pages.append(("progress", clipped(window)))
    assert [p for p in pages if p[1]] == []
    window.set_text_scale(1.0)
    window.set_theme(ThemeName.LIGHT)
