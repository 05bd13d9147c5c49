"""Bookmarks and `My note` as a student uses them: Ctrl+B while practising (the letters stay
answers), a note written under the rationale that comes back with the question in review, and
`Bookmark N` / `My note N` on an exam's results."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from quizapp.core.clock import FakeClock
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls
from tests.ui.test_exam_flow import exam_feature, take_quick_exam
from tests.ui.test_progress import _choice, _keys


def _start_practice(qtbot, window, count: int = 3):
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    named(window, "Number of questions").setValue(count)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    return window.pages["practice"]


def _answer(qtbot, window, page, right: bool) -> None:
    question = page.current_item().question
    position = _choice(window, _keys(window), question, right)[0]
    letter = next(c.letter for c in question.choices if c.position == position)
    qtbot.keyClick(page, getattr(Qt.Key, f"Key_{letter}"))
    qtbot.keyClick(page, Qt.Key.Key_Return)


def test_ctrl_b_bookmarks_and_b_still_chooses_answer_b(qtbot, window) -> None:
    page = _start_practice(qtbot, window)
    bookmark = named(window, "Bookmark")
    assert not bookmark.isChecked() and "Ctrl+B" in bookmark.toolTip()
    qtbot.keyClick(page, Qt.Key.Key_B)
    assert page.question.chosen_positions() == [page.current_item().question.choices[1].position]
    assert not bookmark.isChecked()
    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert bookmark.isChecked() and bookmark.text() == "★ Bookmarked"
    qid = page.current_item().question.question_id
    assert window.ctx.marks.get(window.ctx.profiles.current().id, qid).bookmarked  # committed at once
    qtbot.keyClick(page, Qt.Key.Key_Return)  # check B
    qtbot.keyClick(page, Qt.Key.Key_Return)  # next
    assert not named(window, "Bookmark").isChecked()  # the next question is not bookmarked
    qtbot.keyClick(page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert named(window, "Bookmark").isChecked()
    qtbot.mouseClick(named(window, "Bookmark"), Qt.MouseButton.LeftButton)
    assert not window.ctx.marks.get(window.ctx.profiles.current().id, qid).bookmarked


def test_a_note_under_the_rationale_comes_back_with_the_question(qtbot, window, clock: FakeClock) -> None:
    page = _start_practice(qtbot, window, count=2)
    assert not is_shown(window, "My note")  # before checking: the note could give the answer away
    _answer(qtbot, window, page, right=False)
    note = named(window, "My note")
    assert isinstance(note, QPlainTextEdit)
    feedback_bottom = named(window, "Rationale").mapTo(window, named(window, "Rationale").rect().bottomLeft()).y()
    assert note.mapTo(window, note.rect().topLeft()).y() > feedback_bottom  # under the rationale
    qid = page.current_item().question.question_id
    note.setFocus()
    qtbot.keyClicks(note, "Think: the tube comes before the additive.")
    qtbot.keyClick(page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # moving on saves it
    profile = window.ctx.profiles.current().id
    assert window.ctx.marks.get(profile, qid).note == "Think: the tube comes before the additive."
    _answer(qtbot, window, page, right=True)
    qtbot.keyClick(page, Qt.Key.Key_Return)  # the summary

    clock.advance(11 * 60)
    window.show_home()
    qtbot.mouseClick(named(window, "Start review"), Qt.MouseButton.LeftButton)
    review = window.pages["review"]
    assert review.current_item().question.question_id == qid
    assert is_shown(window, "Your note is waiting") and not is_shown(window, "My note")
    _answer(qtbot, window, review, right=True)
    assert named(window, "My note").toPlainText() == "Think: the tube comes before the additive."
    assert not is_shown(window, "Your note is waiting")
    note = named(window, "My note")
    note.setFocus()
    note.selectAll()
    qtbot.keyClick(note, Qt.Key.Key_Delete)
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves now
    assert text_of(window, "Note status") == "Note deleted."
    assert window.ctx.marks.get(profile, qid).note == ""
    assert duplicate_names(window) == {} and unnamed_controls(window) == []


def test_exam_results_number_their_bookmarks_and_notes(qtbot, window) -> None:
    named(window, "Skip naming").click()
    take_quick_exam(qtbot, window, Qt.Key.Key_A)
    results = exam_feature(window).results
    assert window.stack.currentWidget() is results
    for name in ("Bookmark 1", "Bookmark 3", "My note 3", "Save note 3"):
        assert is_shown(window, name), name
    assert duplicate_names(window) == {} and unnamed_controls(window) == []
    qtbot.mouseClick(named(window, "Bookmark 3"), Qt.MouseButton.LeftButton)
    note = named(window, "My note 3")
    note.setFocus()
    qtbot.keyClicks(note, "Read the consent section again.")
    qtbot.mouseClick(named(window, "Save note 3"), Qt.MouseButton.LeftButton)
    third = results.results.items[2].question.question_id
    marks = window.ctx.marks.get(window.ctx.profiles.current().id, third)
    assert marks.bookmarked and marks.note == "Read the consent section again."
    assert text_of(window, "Note status 3") == "Note saved."
