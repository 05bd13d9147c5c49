"""A student's mock exam through the real window: set-up, the exam by keyboard, the navigator,
the review screen, submitting, the results; resuming after closing; a bank too small to fill
the blueprint; names for screen readers; and no clipped text at 1024x640 at 100% and 200%."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from sqlalchemy import select

from quizapp.core.clock import FakeClock
from quizapp.core.db.engine import DB_NAME
from quizapp.core.db.location import DatabaseLocation
from quizapp.core.db.models import Attempt, Choice
from quizapp.core.exam.state import ExamState
from quizapp.core.taxonomy import CLINICAL
from quizapp.ui.theme import ThemeName
from tests.helpers.exam_bank import exam_bank, full_counts
from tests.helpers.layout import clipped
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls
from tests.helpers.windows import open_window

CLOCK_TEXT = re.compile(r"^\d+:\d\d:\d\d$")
EXAM_NAMES = ["Question text", "Answer A", "Answer B", "Answer C", "Answer D", "Next question",
              "Previous question", "Time remaining", "Flag for review", "Question navigator", "Review answers",
              "Go to question 1", "Go to question 30"]
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
SETUP_NAMES = ["ccma-full", "ccma-half", "ccma-quick", "Extra time", "Strict timing", "Begin exam"]


# -- helpers ------------------------------------------------------------------------------------
def exam_feature(window):
    from quizapp.ui.features.exams import ExamFeature

    return next(f for f in window.features if isinstance(f, ExamFeature))


def press(qtbot, window, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """A key as a student presses it: to whatever has keyboard focus."""
    target = QApplication.focusWidget() or window
    assert target.window() is window, f"focus left the window: {target!r}"
    qtbot.keyClick(target, key, modifier)


def open_setup(qtbot, window) -> None:
    if is_shown(window, "Skip naming"):
        named(window, "Skip naming").click()
    start = named(window, "Start mock exam")
    start.setFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is exam_feature(window).setup


def begin(qtbot, window, slug: str = "ccma-quick", *, strict: bool = False) -> None:
    """Starts an exam of a blueprint the bank can fill, from home."""
    open_setup(qtbot, window)
    named(window, slug).setChecked(True)
    if strict:
        named(window, "Strict timing").setChecked(True)
    named(window, "Begin exam").click()
    assert window.stack.currentWidget() is exam_feature(window).page


def exam_state(window) -> ExamState:
    state = exam_feature(window).page.state
    assert state is not None
    return state


def key_letters(window, state: ExamState) -> dict[int, str]:
    """The displayed letter of each item's key, read from the database, not from the app."""
    keys = {}
    with window.ctx.db.sessions() as s:
        for item in state.items:
            correct = set(s.scalars(select(Choice.position).where(
                Choice.question_id == item.question.question_id, Choice.is_correct == True)))  # noqa: E712
            keys[item.position] = item.question.letters_for(sorted(correct))
    return keys


def all_clipping(window) -> list[str]:
    for _ in range(3):  # wrapped labels settle over a couple of layout passes
        QApplication.processEvents()
    return clipped(window)


# -- the whole exam by keyboard -------------------------------------------------------------------
ANSWER_KEYS = [Qt.Key.Key_A, Qt.Key.Key_2, Qt.Key.Key_C, Qt.Key.Key_4, Qt.Key.Key_B, Qt.Key.Key_1,
               Qt.Key.Key_D, Qt.Key.Key_3]
KEY_LETTER = {Qt.Key.Key_A: "A", Qt.Key.Key_B: "B", Qt.Key.Key_C: "C", Qt.Key.Key_D: "D",
              Qt.Key.Key_1: "A", Qt.Key.Key_2: "B", Qt.Key.Key_3: "C", Qt.Key.Key_4: "D"}


def test_quick_exam_entirely_by_keyboard(qtbot, window, clock: FakeClock) -> None:
    named(window, "Skip naming").click()
    named(window, "Start mock exam").setFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    feature = exam_feature(window)
    assert QApplication.focusWidget() is named(window, "ccma-full")  # the first blueprint, chosen
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    assert named(window, "ccma-quick").isChecked()
    assert "30 items in 36 minutes" in text_of(window, "Exam time")
    press(qtbot, window, Qt.Key.Key_Return)  # Begin exam
    assert window.stack.currentWidget() is feature.page
    assert CLOCK_TEXT.match(text_of(window, "Time remaining"))
    assert text_of(window, "Time remaining") == "0:36:00"

    total = exam_state(window).total
    assert total == 30
    given: dict[int, str] = {}
    blank = {4, 11}  # questions 5 and 12 are skipped at first
    flagged = {2, 7}  # questions 3 and 8
    for position in range(total):
        assert text_of(window, "Question position") == f"Question {position + 1} of {total}"
        if position not in blank:
            key = ANSWER_KEYS[position % len(ANSWER_KEYS)]
            press(qtbot, window, key)
            given[position] = KEY_LETTER[key]
            assert not is_shown(window, "Rationale") and not is_shown(window, "Result")  # no feedback
        if position in flagged:
            press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
            assert named(window, "Flag for review").isChecked()
        clock.advance(20)
        press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert text_of(window, "Question position") == f"Question {total} of {total}"  # Alt+Right stops at the end

    # What was committed is what was pressed.
    state = exam_state(window)
    assert {i.position: i.chosen_letters for i in state.items if i.answered} == given
    assert set(state.flagged) == flagged
    assert text_of(window, "Go to question 3") == "3 ✓⚑"
    assert text_of(window, "Go to question 5") == "5"
    assert text_of(window, "Go to question 1") == "1 ✓"
    assert text_of(window, "Answered count") == f"{len(given)} of {total} answered"

    # Alt+Left goes back; the navigator jumps by keyboard (Alt+N, arrows, Enter).
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert text_of(window, "Question position") == f"Question {total - 1} of {total}"
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is named(window, f"Go to question {total - 1}")
    press(qtbot, window, Qt.Key.Key_Home)
    for _ in range(11):
        press(qtbot, window, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is named(window, "Go to question 12")
    press(qtbot, window, Qt.Key.Key_Return)
    assert text_of(window, "Question position") == f"Question 12 of {total}"
    assert not named(window, "Answer A").isChecked()
    press(qtbot, window, Qt.Key.Key_D)
    given[11] = "D"
    assert text_of(window, "Go to question 12") == "12 ✓"

    # Alt+R opens the review screen: question 5 is still blank, 3 and 8 are flagged; each jumps back.
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is feature.review
    summary = text_of(window, "Review summary")
    assert "Unanswered (1): 5." in summary and "Flagged for review (2): 3, 8." in summary
    for number in (3, 5, 8):
        assert is_shown(window, f"Go to question {number}")
    assert is_shown(window, "Go to question 12")  # every question is listed, answered ones too
    named(window, "Show unanswered questions").click()
    assert is_shown(window, "Go to question 5") and not is_shown(window, "Go to question 12")
    named(window, "Show all questions").click()
    assert CLOCK_TEXT.match(text_of(window, "Time remaining"))
    named(window, "Go to question 8").setFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is feature.page
    assert text_of(window, "Question position") == f"Question 8 of {total}"
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)

    # Submit exam, then Confirm submit, inline.
    assert QApplication.focusWidget() is named(window, "Submit exam")
    press(qtbot, window, Qt.Key.Key_Space)
    assert "1 question is unanswered" in text_of(window, "Submit warning")
    assert QApplication.focusWidget() is named(window, "Confirm submit")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is feature.results
    assert feature.engine is None

    # The results page's numbers, against the answers given and the keys in the database.
    keys = key_letters(window, state)
    right = {p for p, letter in given.items() if keys[p] == letter}
    percent = round(100 * len(right) / total)
    assert text_of(window, "Overall score") == f"{percent}% correct: {len(right)} of {total} scored items"
    by_domain: dict[str, list[int]] = {}
    for item in state.items:
        for name in (item.question.domain, item.question.subdomain):
            if name:
                tally = by_domain.setdefault(name, [0, 0])
                tally[0] += item.position in right
                tally[1] += 1
    for name, (correct, count) in by_domain.items():
        assert text_of(window, f"Score: {name}") == f"{correct} of {count} · {round(100 * correct / count)}%", name
    assert is_shown(window, f"Score: {CLINICAL}") and is_shown(window, "Score: Phlebotomy")
    assert text_of(window, "Time used").startswith("Time used: 10 minutes of 36 minutes")
    assert "first CCMA quick mock exam" in text_of(window, "Change since previous exam")
    note = text_of(window, "About this score")
    assert "scaled score" in note and "not a percentage" in note
    assert not is_shown(window, "Unscored items")  # ccma-quick has no pretest items
    with window.ctx.db.sessions() as s:
        stored = s.scalar(select(Attempt.score).where(Attempt.id == state.attempt_id))
    assert stored == pytest.approx(len(right) / total)

    # The per-item review: all, wrong (or blank), flagged.
    assert text_of(window, "Review count") == f"Showing 20 of {total} questions."
    named(window, "Show wrong answers").click()
    assert text_of(window, "Review count") == f"Showing {min(20, total - len(right))} of {total - len(right)} " \
        "wrong or unanswered questions."
    named(window, "Show flagged questions").click()
    assert text_of(window, "Review count") == "Showing 2 of 2 flagged questions."
    results_page = feature.results
    texts = [w.text() for w in results_page.findChildren(QWidget) if w.isVisible() and hasattr(w, "text")
             and isinstance(w.text(), str)]
    assert any(t.startswith("Question 3 · ") and "flagged" in t for t in texts)
    assert any(t.startswith("Why: ") for t in texts)
    sources = [t for t in texts if t.startswith("Source")]
    assert sources and all(".txt" not in t for t in sources)  # readable titles, never file names
    assert any(f"Correct answer: {keys[2]}" in t for t in texts)

    # Home shows no exam to resume any more, and Esc goes there.
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
    assert not is_shown(window, "Resume exam")


def take_quick_exam(qtbot, window, answer: Qt.Key):
    begin(qtbot, window)
    page = exam_feature(window).page
    for _ in range(exam_state(window).total):
        qtbot.keyClick(page, answer)
        qtbot.keyClick(page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    named(window, "Submit exam").click()
    named(window, "Confirm submit").click()
    results = exam_feature(window).results.results
    assert results is not None
    return results


def test_a_second_exam_shows_the_change(qtbot, window, clock: FakeClock) -> None:
    first = take_quick_exam(qtbot, window, Qt.Key.Key_A)
    named(window, "Back to home").click()
    clock.advance(3600)
    second = take_quick_exam(qtbot, window, Qt.Key.Key_B)
    before, now = round(100 * first.score), round(100 * second.score)
    points = round(100 * (second.score - first.score))
    change = text_of(window, "Change since previous exam")
    assert change.startswith("Change since your previous CCMA quick mock exam: ")
    if points:
        assert f"{'up' if points > 0 else 'down'} {abs(points)} point" in change
    else:
        assert "no change" in change
    assert change.endswith(f"({before}% then, {now}% now).")
    assert text_of(window, "Earlier exams").endswith(f"{before}% → {now}%")


def test_a_second_exam_asks_none_of_the_first_exams_questions(qtbot, window, clock: FakeClock) -> None:
    first = take_quick_exam(qtbot, window, Qt.Key.Key_A)
    assert text_of(window, "New questions") == "All 30 questions were new to you: none was in an earlier mock exam."
    named(window, "Back to home").click()
    clock.advance(3600)
    second = take_quick_exam(qtbot, window, Qt.Key.Key_B)
    asked = [{i.question.question_id for i in r.items} for r in (first, second)]
    assert len(asked[1]) == 30 and not asked[0] & asked[1]
    assert text_of(window, "New questions").startswith("All 30 questions were new to you")


def test_navigator_click_and_previous_next_buttons(qtbot, window) -> None:
    begin(qtbot, window)
    qtbot.mouseClick(named(window, "Go to question 17"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position") == "Question 17 of 30"
    qtbot.mouseClick(named(window, "Next question"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Next question"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Previous question"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position") == "Question 18 of 30"
    qtbot.mouseClick(named(window, "Answer C"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Flag for review"), Qt.MouseButton.LeftButton)
    cell = named(window, "Go to question 18")
    assert cell.text() == "18 ✓⚑"
    assert cell.accessibleDescription() == "answered, flagged for review, current question"
    assert cell.property("current") is True and cell.property("flagged") is True
    qtbot.mouseClick(named(window, "Flag for review"), Qt.MouseButton.LeftButton)
    assert cell.text() == "18 ✓"
    qtbot.mouseClick(named(window, "Go to question 1"), Qt.MouseButton.LeftButton)
    assert not named(window, "Previous question").isEnabled()
    assert named(window, "Go to question 18").property("current") is False


# -- resuming -------------------------------------------------------------------------------------
def test_resume_after_closing_mid_exam(qtbot, window, ui_data_dir: Path, clock: FakeClock) -> None:
    begin(qtbot, window)
    page = exam_feature(window).page
    alt, none = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.NoModifier
    for key, modifier in ((Qt.Key.Key_B, none), (Qt.Key.Key_Right, alt), (Qt.Key.Key_L, alt), (Qt.Key.Key_Right, alt),
                          (Qt.Key.Key_D, none), (Qt.Key.Key_L, alt), (Qt.Key.Key_Right, alt), (Qt.Key.Key_Right, alt)):
        qtbot.keyClick(page, key, modifier)
        clock.advance(31.5)
    assert text_of(window, "Time remaining") == "0:32:19"  # as of the last key press
    page.countdown.fire()  # what the UI timer does: ask the engine, repaint
    before = exam_state(window)
    assert text_of(window, "Time remaining") == "0:31:48" == before.remaining_text  # 36:00 - 8 x 31.5 s
    window.close()  # offscreen: nobody to ask, so it leaves (see test_closing_asks_first)
    assert not page.countdown.timer.isActive()

    clock.advance(600)  # the app stays closed for ten minutes: the clock stops (not strict)
    again = open_window(qtbot, ui_data_dir, clock)
    resume = named(again, "Resume exam")
    assert resume.text() == "Resume exam (0:31:48 left)"
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    after = exam_state(again)
    assert text_of(again, "Question position") == "Question 5 of 30"
    assert text_of(again, "Time remaining") == "0:31:48"
    assert [(i.chosen, i.flagged) for i in after.items] == [(i.chosen, i.flagged) for i in before.items]
    assert text_of(again, "Go to question 1") == "1 ✓"
    assert text_of(again, "Go to question 2") == "2 ⚑"
    assert text_of(again, "Go to question 3") == "3 ✓⚑"
    qtbot.mouseClick(named(again, "Go to question 3"), Qt.MouseButton.LeftButton)
    assert named(again, "Answer D").isChecked() and named(again, "Flag for review").isChecked()
    again.close()


def test_strict_exam_runs_out_while_closed(qtbot, window, ui_data_dir: Path, clock: FakeClock) -> None:
    begin(qtbot, window, strict=True)
    qtbot.keyClick(exam_feature(window).page, Qt.Key.Key_A)
    window.close()
    clock.advance(37 * 60)  # a test centre's clock: it kept running, and ran out
    again = open_window(qtbot, ui_data_dir, clock)
    qtbot.mouseClick(named(again, "Resume exam"), Qt.MouseButton.LeftButton)
    assert again.stack.currentWidget() is exam_feature(again).results
    assert "Submitted automatically when the time ran out" in text_of(again, "Time used")
    again.close()


def test_closing_mid_exam_asks_first(qtbot, window) -> None:
    begin(qtbot, window)
    feature = exam_feature(window)
    asked: list[bool] = []
    feature.confirm_leave = lambda strict: asked.append(strict) or False  # "Stay in the exam"
    window.close()
    assert asked == [False]
    assert window.isVisible() and window.stack.currentWidget() is feature.page
    assert feature.page.countdown.timer.isActive()
    feature.confirm_leave = lambda strict: True  # "Leave"
    window.close()
    assert not window.isVisible()
    assert not feature.page.countdown.timer.isActive()
    with sqlite3.connect(window.data_dir / DB_NAME) as db:  # the window closed its own connection
        assert db.execute("SELECT count(*) FROM attempt WHERE submitted_at IS NULL").fetchone() == (1,)


def test_leaving_for_home_keeps_the_exam_and_its_clock(qtbot, window, clock: FakeClock) -> None:
    begin(qtbot, window)
    page = exam_feature(window).page
    assert page.countdown.timer.isActive()
    window.show_home()  # Ctrl+H in the middle of an exam
    assert not page.countdown.timer.isActive()  # nothing ticks for a page nobody sees
    assert named(window, "Resume exam").text() == "Resume exam (0:36:00 left)"
    clock.advance(90)  # the app is open: the exam's clock runs
    qtbot.mouseClick(named(window, "Resume exam"), Qt.MouseButton.LeftButton)
    assert page.countdown.timer.isActive()
    assert text_of(window, "Time remaining") == "0:34:30"


def test_starting_anew_says_the_open_exam_is_abandoned(qtbot, window) -> None:
    begin(qtbot, window)
    first = exam_state(window).attempt_id
    qtbot.keyClick(exam_feature(window).page, Qt.Key.Key_A)
    window.show_home()
    open_setup(qtbot, window)
    warning = text_of(window, "Unfinished exam")
    assert "CCMA quick mock exam (1 of 30 answered, 0:36:00 left)" in warning and "abandons it" in warning
    named(window, "Begin exam").click()
    second = exam_state(window).attempt_id
    assert second != first
    assert window.ctx.exams.in_progress(window.ctx.profiles.current().id).attempt_id == second


def test_resume_from_the_setup_page(qtbot, window) -> None:
    begin(qtbot, window)
    attempt = exam_state(window).attempt_id
    window.show_home()
    open_setup(qtbot, window)
    named(window, "Resume unfinished exam").click()
    assert exam_state(window).attempt_id == attempt


# -- a bank too small for the blueprint -----------------------------------------------------------
@pytest.fixture
def short_window(qtbot, tmp_path: Path, clock: FakeClock, migrated_template: DatabaseLocation,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """The window over a bank that fills ccma-full except Phlebotomy (4 of 12)."""

    counts = full_counts(3)
    counts[(CLINICAL, "Phlebotomy")] = 4
    monkeypatch.setenv("QUIZAPP_BANK_DIR", str(exam_bank(tmp_path / "bank", counts)))
    data = tmp_path / "short-data"
    data.mkdir()
    shutil.copyfile(migrated_template.sqlite_path, data / DB_NAME)  # the GUI runs on SQLite
    win = open_window(qtbot, data, clock)
    yield win
    win.close()


def test_short_bank_names_the_shortfall_then_cancel_or_start_anyway(qtbot, short_window) -> None:
    window = short_window
    open_setup(qtbot, window)
    named(window, "ccma-full").setChecked(True)
    assert "only 4 in the bank" in [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    assert not is_shown(window, "Start anyway")
    named(window, "Begin exam").click()
    assert text_of(window, "Short domains") == "Clinical Patient Care: Phlebotomy: 8 short (12 wanted, 4 in the bank)"
    anyway = text_of(window, "Exam started anyway")
    assert anyway.startswith("Start anyway gives an exam of 172 items instead of 180, in the same 180 minutes")
    assert "Clinical Patient Care: Phlebotomy: 4 of 12" in anyway and "left out, not replaced" in anyway
    assert "Your percent is over the 142 scored items you get" in anyway
    assert text_of(window, "Exam sets").startswith("Questions come from Career-guide bank.")
    assert not is_shown(window, "Begin exam")
    assert QApplication.focusWidget() is named(window, "Start anyway")

    named(window, "Cancel").click()
    assert not is_shown(window, "Start anyway") and is_shown(window, "Begin exam")
    assert window.ctx.exams.in_progress(window.ctx.profiles.current().id) is None  # nothing started

    named(window, "ccma-quick").setChecked(True)  # fillable: begins at once
    named(window, "ccma-full").setChecked(True)
    named(window, "Begin exam").click()
    named(window, "Start anyway").click()
    assert text_of(window, "Question position") == "Question 1 of 172"
    assert text_of(window, "Time remaining") == "3:00:00"


def test_extra_time_changes_the_shape_and_the_clock(qtbot, window) -> None:
    open_setup(qtbot, window)
    named(window, "ccma-quick").setChecked(True)
    combo = named(window, "Extra time")
    assert [combo.itemText(i) for i in range(combo.count())] == ["1× (standard time)", "1.5×", "2×"]
    combo.setCurrentIndex(1)
    assert "30 items in 54 minutes (1.5× the standard 36 minutes)" in text_of(window, "Exam time")
    assert "as at a test centre" in text_of(window, "Strict timing explained")
    named(window, "Begin exam").click()
    assert text_of(window, "Time remaining") == "0:54:00"


# -- names and layout -----------------------------------------------------------------------------
def test_names_are_present_and_unique_on_every_exam_page(qtbot, window) -> None:
    open_setup(qtbot, window)
    for name in SETUP_NAMES:
        assert is_shown(window, name), name
    assert duplicate_names(window) == {} and unnamed_controls(window) == []
    named(window, "ccma-quick").setChecked(True)
    named(window, "Begin exam").click()
    for name in EXAM_NAMES:
        assert is_shown(window, name), name
    assert duplicate_names(window) == {} and unnamed_controls(window) == []
    named(window, "Review answers").click()
    named(window, "Submit exam").click()
    for name in ("Time remaining", "Confirm submit", "Keep working", "Back to exam", "Go to question 30"):
        assert is_shown(window, name), name
    assert duplicate_names(window) == {} and unnamed_controls(window) == []
    named(window, "Confirm submit").click()
    assert duplicate_names(window) == {} and unnamed_controls(window) == []
    assert not is_shown(window, "Time remaining")


def test_shortcuts_are_shown_in_tooltips(qtbot, window) -> None:
    assert "Ctrl+E" in named(window, "Start mock exam").toolTip()
    begin(qtbot, window)
    for name, key in (("Next question", "Alt+Right"), ("Previous question", "(Alt+Left)"),
                      ("Flag for review", "(Alt+L)"), ("Review answers", "(Alt+R)")):
        assert key in named(window, name).toolTip(), name
    assert "press A or 1" in named(window, "Answer A").toolTip()
    assert "Alt+R review answers" in text_of(window, "Exam keys")


def test_ctrl_e_opens_the_exam_setup(qtbot, window) -> None:
    named(window, "Skip naming").click()
    window.activateWindow()
    press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is exam_feature(window).setup


@pytest.mark.parametrize("size", [(1024, 640), (800, 600)])
@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.DARK])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_clipped_text_on_exam_pages_at_small_sizes(qtbot, window, clock: FakeClock, theme: ThemeName,
                                                      scale: float, size: tuple[int, int]) -> None:
    window.set_theme(theme)
    window.set_text_scale(scale)
    window.resize(*size)
    open_setup(qtbot, window)
    named(window, "ccma-full").setChecked(True)
    named(window, "Begin exam").click()  # the real bank may be short here: the panel shows then
    pages = [("setup", all_clipping(window))]
    if is_shown(window, "Start anyway"):
        named(window, "Start anyway").click()
    page = exam_feature(window).page
    alt, none = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.NoModifier
    for key, modifier in ((Qt.Key.Key_A, none), (Qt.Key.Key_L, alt), (Qt.Key.Key_Right, alt), (Qt.Key.Key_B, none)):
        qtbot.keyClick(page, key, modifier)
    clock.advance(2 * 3600 + 45 * 60 + 5)
    page.countdown.fire()
    assert is_shown(window, "Time warning")
    pages.append(("exam", all_clipping(window)))
    assert page.navigator.area.verticalScrollBar().maximum() > 0  # 170-odd cells: the navigator scrolls
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    named(window, "Submit exam").click()
    pages.append(("review", all_clipping(window)))
    named(window, "Confirm submit").click()
    pages.append(("results", all_clipping(window)))
    assert [p for p in pages if p[1]] == []
    window.set_text_scale(1.0)
    window.set_theme(ThemeName.LIGHT)
