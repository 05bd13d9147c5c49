"""A student's practice session, driven through the real window with clicks and with keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import func, select

from quizapp.core.clock import FakeClock
from quizapp.core.db.models import AttemptItem, QuestionReport, TallyQuestion
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls
from tests.helpers.windows import open_window

DESIGN_NAMES_PRACTICE = ["Question text", "Answer A", "Answer B", "Answer C", "Answer D", "Check answer",
                         "I guessed", "Next question", "Previous question", "Report a problem"]


def _start(qtbot, window, count: int = 5, feedback: bool = True) -> None:
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    spin = named(window, "Number of questions")
    spin.setValue(count)
    box = named(window, "Show answers after each question")
    if box.isChecked() != feedback:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() == feedback
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position") == f"Question 1 of {count}"


def _answer_counts(window) -> tuple[int, int]:
    with window.ctx.db.sessions() as s:
        answered = s.scalar(select(func.count()).where(AttemptItem.chosen.is_not(None)))
        tallied = s.scalar(select(func.coalesce(func.sum(TallyQuestion.answered), 0)))
    return answered, tallied


def test_five_questions_with_clicks(qtbot, window, clock: FakeClock) -> None:
    named(window, "Skip naming").click()
    _start(qtbot, window)
    for name in DESIGN_NAMES_PRACTICE:
        assert is_shown(window, name), name
    assert duplicate_names(window) == {}
    assert unnamed_controls(window) == []
    page = window.pages["practice"]
    for i in range(5):
        assert text_of(window, "Question position") == f"Question {i + 1} of 5"
        assert not named(window, "Check answer").isEnabled()
        clock.advance(7)
        qtbot.mouseClick(named(window, "Answer B"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(named(window, "Check answer"), Qt.MouseButton.LeftButton)
        verdict = text_of(window, "Result")
        item = page.state.items[i]
        assert verdict == ("Correct" if item.feedback.correct else "Not quite")
        assert f"The correct answer is {item.feedback.key_letters}" in text_of(window, "Correct answer")
        assert text_of(window, "Rationale").startswith("Why: ") and len(text_of(window, "Rationale")) > 20
        assert text_of(window, "Source").startswith("Source")
        assert ".txt" not in text_of(window, "Source")  # readable titles, never file names
        if i < 4:
            qtbot.mouseClick(named(window, "Next question"), Qt.MouseButton.LeftButton)
    assert _answer_counts(window) == (5, 5)
    correct = sum(1 for item in page.state.items if item.feedback.correct)
    qtbot.mouseClick(named(window, "Finish practice"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Overall score").startswith(f"{correct} of 5 correct")
    qtbot.mouseClick(named(window, "Back to home"), Qt.MouseButton.LeftButton)
    # Home tallies were updated through the dispatcher, without a restart.
    table = named(window, "Progress by domain")
    answered = sum(int(table.item(r, 3).text()) for r in range(table.rowCount()))
    assert answered == 5


def test_five_questions_with_keys(qtbot, window, clock: FakeClock) -> None:
    named(window, "Skip naming").click()
    _start(qtbot, window)
    page = window.pages["practice"]
    keys = [Qt.Key.Key_1, Qt.Key.Key_B, Qt.Key.Key_3, Qt.Key.Key_D, Qt.Key.Key_A]
    for i, key in enumerate(keys):
        qtbot.keyClick(page, key)
        qtbot.keyClick(page, Qt.Key.Key_Return)  # check
        assert is_shown(window, "Rationale")
        expected = "ABCDA"[i]
        assert page.state.items[i].feedback.chosen_letters == expected
        qtbot.keyClick(page, Qt.Key.Key_Return)  # next (or finish on the last)
    assert _answer_counts(window) == (5, 5)
    assert "of 5 correct" in text_of(window, "Overall score")


def test_enter_without_a_choice_asks_for_one(qtbot, window) -> None:
    named(window, "Skip naming").click()
    _start(qtbot, window, count=2)
    page = window.pages["practice"]
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert "Choose an answer first" in text_of(window, "Practice status")
    assert _answer_counts(window) == (0, 0)


def test_guess_and_hidden_feedback_mode(qtbot, window) -> None:
    named(window, "Skip naming").click()
    _start(qtbot, window, count=2, feedback=False)
    page = window.pages["practice"]
    qtbot.keyClick(page, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page, Qt.Key.Key_C)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert text_of(window, "Result") == "Answer saved"
    assert not is_shown(window, "Rationale")
    with window.ctx.db.sessions() as s:
        assert s.scalar(select(AttemptItem.guessed).where(AttemptItem.chosen.is_not(None))) is True
    qtbot.keyClick(page, Qt.Key.Key_Return)
    qtbot.keyClick(page, Qt.Key.Key_A)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert "of 2 correct" in text_of(window, "Overall score")


def test_report_a_problem_is_saved(qtbot, window) -> None:
    named(window, "Skip naming").click()
    _start(qtbot, window, count=1)
    qtbot.mouseClick(named(window, "Report a problem"), Qt.MouseButton.LeftButton)
    reason = named(window, "Report reason")
    reason.setCurrentIndex(reason.findData("wrong-key"))
    qtbot.keyClicks(named(window, "Report note"), "Option C is also right per the guide")
    qtbot.mouseClick(named(window, "Send report"), Qt.MouseButton.LeftButton)
    assert "report was saved" in text_of(window, "Practice status")
    assert not is_shown(window, "Send report")
    with window.ctx.db.sessions() as s:
        report = s.scalar(select(QuestionReport))
        assert (report.reason, report.note) == ("wrong-key", "Option C is also right per the guide")


def test_resume_after_closing_mid_session(qtbot, window, ui_data_dir: Path, clock: FakeClock) -> None:

    named(window, "Skip naming").click()
    _start(qtbot, window, count=4)
    page = window.pages["practice"]
    qtbot.keyClick(page, Qt.Key.Key_A)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    qtbot.keyClick(page, Qt.Key.Key_Return)  # on to question 2
    first_stem = page.state.items[0].question.stem
    window.close()

    again = open_window(qtbot, ui_data_dir, clock)
    qtbot.mouseClick(named(again, "Resume practice"), Qt.MouseButton.LeftButton)
    assert text_of(again, "Question position") == "Question 2 of 4"
    qtbot.mouseClick(named(again, "Previous question"), Qt.MouseButton.LeftButton)
    assert named(again, "Question text").text() == first_stem
    assert is_shown(again, "Rationale")  # the answer given before closing is still there
    again.close()


def test_naming_the_profile_inline(qtbot, window) -> None:
    edit = named(window, "Your name")
    qtbot.keyClicks(edit, "   ")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "cannot be empty" in text_of(window, "Name status")
    edit.clear()
    qtbot.keyClicks(edit, "Maya")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert text_of(window, "Current profile") == "Studying as Maya"
    assert not is_shown(window, "Your name")
