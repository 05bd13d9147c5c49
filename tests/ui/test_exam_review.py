"""Issue #20, item 11: the review screen before submitting lists every question, filtered to all,
unanswered, flagged or answered as on the results page; choosing one goes back to it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.widgets import is_shown, named, text_of, visible_named
from tests.ui.test_exam_flow import begin, exam_feature

ALT = Qt.KeyboardModifier.AltModifier  # the exam's commands take Alt; letters answer


def listed(window) -> list[int]:
    """The question numbers the review list shows, in order."""
    numbers = [int(name.rsplit(" ", 1)[1]) for name in visible_named(window) if name.startswith("Go to question ")]
    return sorted(numbers)


def status_of(window, number: int) -> str:
    jump = named(window, f"Go to question {number}")
    grid = exam_feature(window).review.grid
    index = grid.indexOf(jump)
    row, _, _, _ = grid.getItemPosition(index)
    return grid.itemAtPosition(row, 1).widget().text()


def test_review_lists_every_question_with_filters(qtbot, window) -> None:
    begin(qtbot, window)  # ccma-quick: 30 questions
    page = exam_feature(window).page
    for number in range(1, 11):  # answer 1-10, flag 3 and 12, leave the rest blank
        qtbot.keyClick(page, Qt.Key.Key_B)
        if number == 3:
            qtbot.keyClick(page, Qt.Key.Key_L, ALT)
        qtbot.keyClick(page, Qt.Key.Key_Right, ALT)
    qtbot.keyClick(page, Qt.Key.Key_Right, ALT)
    qtbot.keyClick(page, Qt.Key.Key_L, ALT)  # question 12
    qtbot.keyClick(page, Qt.Key.Key_R, ALT)
    review = exam_feature(window).review
    assert window.stack.currentWidget() is review

    assert named(window, "Show all questions").isChecked()
    assert listed(window) == list(range(1, 31))
    assert text_of(window, "Review list count") == "Showing 30 of 30 questions."
    assert status_of(window, 1) == "Answered"
    assert status_of(window, 3) == "Answered\n⚑ Flagged"
    assert status_of(window, 12) == "Unanswered\n⚑ Flagged"
    assert status_of(window, 20) == "Unanswered"

    qtbot.mouseClick(named(window, "Show unanswered questions"), Qt.MouseButton.LeftButton)
    assert listed(window) == list(range(11, 31))
    assert text_of(window, "Review list count") == "Showing 20 of 20 unanswered questions."
    qtbot.mouseClick(named(window, "Show flagged questions"), Qt.MouseButton.LeftButton)
    assert listed(window) == [3, 12]
    assert text_of(window, "Review list count") == "Showing 2 of 2 flagged questions."
    qtbot.mouseClick(named(window, "Show answered questions"), Qt.MouseButton.LeftButton)
    assert listed(window) == list(range(1, 11))

    # Choosing one goes to it; the review opens on all questions again next time.
    jump = named(window, "Go to question 7")
    jump.setFocus()
    qtbot.keyClick(jump, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is page
    assert text_of(window, "Question position") == "Question 7 of 30"
    qtbot.keyClick(page, Qt.Key.Key_R, ALT)
    assert named(window, "Show all questions").isChecked() and len(listed(window)) == 30

    qtbot.mouseClick(named(window, "Show flagged questions"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Go to question 12"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position") == "Question 12 of 30"


def test_nothing_left_says_so_and_a_full_exam_lists_in_batches(qtbot, window) -> None:
    begin(qtbot, window)
    page = exam_feature(window).page
    qtbot.keyClick(page, Qt.Key.Key_R, ALT)
    qtbot.mouseClick(named(window, "Show flagged questions"), Qt.MouseButton.LeftButton)
    assert listed(window) == [] and text_of(window, "Review list count") == "No question is flagged."
    qtbot.mouseClick(named(window, "Show answered questions"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Review list count") == "No question has an answer yet."
    assert not is_shown(window, "Show more questions")


def test_a_full_exam_lists_in_batches_with_show_more(qtbot, window) -> None:
    from quizapp.ui.pages.exam_review import REVIEW_BATCH
    from tests.ui.test_exam_flow import open_setup

    open_setup(qtbot, window)
    named(window, "ccma-full").setChecked(True)
    named(window, "Begin exam").click()
    if is_shown(window, "Start anyway"):  # the real bank may be short of a full exam
        named(window, "Start anyway").click()
    page = exam_feature(window).page
    total = page.state.total
    assert total > 2 * REVIEW_BATCH
    qtbot.keyClick(page, Qt.Key.Key_R, ALT)
    assert listed(window) == list(range(1, REVIEW_BATCH + 1))
    assert text_of(window, "Review list count") == f"Showing {REVIEW_BATCH} of {total} questions."
    qtbot.mouseClick(named(window, "Show more questions"), Qt.MouseButton.LeftButton)
    assert listed(window) == list(range(1, 2 * REVIEW_BATCH + 1))
    while is_shown(window, "Show more questions"):
        qtbot.mouseClick(named(window, "Show more questions"), Qt.MouseButton.LeftButton)
    assert listed(window) == list(range(1, total + 1))
    qtbot.mouseClick(named(window, f"Go to question {total}"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position") == f"Question {total} of {total}"
