"""`Search questions` as a student uses it: from home, the menu or Ctrl+F; typing, filtering,
opening a result with its answer, bookmarking it, and practising the results."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from quizapp.core.clock import FakeClock
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls
from tests.ui.test_progress import practise_in_gui


def _open_with_ctrl_f(qtbot, window):
    window.show_home()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["search"]
    assert window.stack.currentWidget() is page and window.windowTitle().startswith("Search questions")
    return page


def test_search_from_home_finds_opens_and_practises(qtbot, window) -> None:
    home_button = named(window, "Search questions")
    assert "Ctrl+F" in home_button.toolTip()
    qtbot.mouseClick(home_button, Qt.MouseButton.LeftButton)
    page = window.pages["search"]
    field = named(window, "Search questions")
    assert isinstance(field, QLineEdit) and field.hasFocus()
    assert text_of(window, "Search status").startswith("Type words to search")
    assert not named(window, "Practise these results").isEnabled()

    qtbot.keyClicks(field, "order of draw")
    results = named(window, "Question search results")
    assert results.count() > 3 and text_of(window, "Search status").endswith("questions found.")
    first = results.item(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "order of draw" in first.casefold()
    qtbot.keyClick(field, Qt.Key.Key_Down)  # into the results, the first one opened
    assert results.hasFocus() and results.currentRow() == 0
    assert "order of draw" in text_of(window, "Found question").casefold()
    assert "✓ correct answer" in text_of(window, "Found question options")
    assert text_of(window, "Found question answer").startswith("The correct answer is ")
    assert text_of(window, "Found question rationale").startswith("Why: ")
    assert is_shown(window, "Read the note") and is_shown(window, "My note")
    assert duplicate_names(window) == {} and unnamed_controls(window) == []

    qtbot.keyClick(results, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # Ctrl+B bookmarks it
    bookmark = named(window, "Bookmark")
    assert bookmark.isChecked() and bookmark.text() == "★ Bookmarked"
    assert "★ bookmarked" in results.item(0).data(Qt.ItemDataRole.AccessibleTextRole)

    total = page.results_shown.total
    qtbot.mouseClick(named(window, "Practise these results"), Qt.MouseButton.LeftButton)
    practice = window.pages["practice"]
    assert window.stack.currentWidget() is practice
    assert text_of(window, "Question position") == f"Question 1 of {total}"
    assert named(window, "Bookmark").isVisible()


def test_filters_narrow_the_results(qtbot, window, clock: FakeClock) -> None:
    practise_in_gui(qtbot, window, clock, "WR")
    page = _open_with_ctrl_f(qtbot, window)
    missed = named(window, "Missed")
    assert isinstance(missed, QCheckBox)
    missed.click()
    assert page.results_shown.total == 1 and text_of(window, "Search status") == "1 question found."
    missed.click()
    domain = named(window, "Domain")
    assert isinstance(domain, QComboBox)
    domain.setCurrentIndex(domain.findText("Medical Law and Ethics"))
    assert not named(window, "Sub-domain").isEnabled()  # only Clinical Patient Care has sub-domains
    assert page.results_shown.total > 10
    assert all(h.domain == "Medical Law and Ethics" for h in page.results_shown.hits)
    qtbot.keyClicks(named(window, "Search questions"), "zzzyx")
    assert text_of(window, "Search status").startswith("No question matches")


def test_ctrl_f_stays_with_the_study_notes_and_waits_out_an_exam(qtbot, window) -> None:
    named(window, "Study notes").click()
    notes = window.pages["notes"]
    field = named(window, "Search notes")
    named(window, "Note text").setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is notes and field.hasFocus()

    window.show_home()
    named(window, "Start mock exam").click()
    named(window, "ccma-quick").click()
    named(window, "Begin exam").click()
    exam = window.stack.currentWidget()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is exam  # no searching the bank during an exam


def test_escape_clears_then_goes_home(qtbot, window) -> None:
    page = _open_with_ctrl_f(qtbot, window)
    qtbot.keyClicks(page.field, "pulse")
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)
    assert page.field.text() == "" and window.stack.currentWidget() is page
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
