"""Keyboard use as a student meets it (issue #20, items 3, 4 and 5): Tab in reading order with no
invisible stops, read-only question text without a caret, one meaning per key in practice and
exam alike, a shortcuts page and menus that tell the truth, and focus after naming oneself."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QMenu, QWidget

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.questions import LETTERS
from quizapp.ui import keys
from tests.helpers.widgets import is_shown, named, text_of
from tests.helpers.windows import open_window

ALT = Qt.KeyboardModifier.AltModifier


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def reads_before(a: QWidget, b: QWidget) -> bool:
    """`a` comes before `b` reading the window: an earlier line, or the same line further left."""
    ra, rb = on_screen(a), on_screen(b)
    same_line = ra.top() < rb.bottom() and rb.top() < ra.bottom()
    return ra.left() < rb.left() if same_line else ra.bottom() <= rb.top()


def tab_cycle(qtbot, start: QWidget, limit: int = 40) -> list[QWidget]:
    """Every widget Tab visits from `start` until it comes back round (start included, first)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is start:
            return seen
        seen.append(widget)
    raise AssertionError(f"Tab never came back: {[w.accessibleName() for w in seen]}")


def start_practice(qtbot, window, count: int = 5) -> QWidget:
    if is_shown(window, "Skip naming"):
        named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    named(window, "Number of questions").setValue(count)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    return window.pages["practice"]


# -- item 3: Tab order, the question text, home ----------------------------------------------------
def test_practice_tab_order_reads_the_screen(qtbot, window) -> None:
    activate(qtbot, window)
    page = start_practice(qtbot, window)
    qtbot.keyClick(page, Qt.Key.Key_B)  # Check answer becomes available
    qtbot.keyClick(page, Qt.Key.Key_Right, ALT)  # question 2: Previous is available too
    qtbot.keyClick(page, Qt.Key.Key_C)
    cycle = tab_cycle(qtbot, named(window, "Bookmark"))
    images = [b.accessibleName() for b in page.question.media_buttons]  # a drawn question's diagram
    assert [w.accessibleName() for w in cycle] == [
        "Bookmark", "Question text", *images, "Answer C", "I guessed", "Check answer", "Previous question",
        "Next question", "Report a problem", "End practice session"]
    for before, after in zip(cycle, cycle[1:], strict=False):
        assert reads_before(before, after), (before.accessibleName(), after.accessibleName())


def test_question_text_has_no_caret_but_can_be_read_and_selected(qtbot, window) -> None:
    activate(qtbot, window)
    page = start_practice(qtbot, window)
    stem = named(window, "Question text")
    assert isinstance(stem, QLabel) and stem.hasFocus()  # where a new question puts the focus
    flags = stem.textInteractionFlags()
    assert not flags & Qt.TextInteractionFlag.TextSelectableByKeyboard  # the flag that draws a caret
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert stem.accessibleDescription() == page.current_item().question.stem  # what a screen reader reads
    y = stem.height() // 2
    qtbot.mousePress(stem, Qt.MouseButton.LeftButton, pos=QPoint(2, y))
    qtbot.mouseMove(stem, QPoint(stem.width() // 2, y))
    qtbot.mouseRelease(stem, Qt.MouseButton.LeftButton, pos=QPoint(stem.width() // 2, y))
    assert stem.hasSelectedText() and stem.selectedText() in stem.text()


def test_home_has_no_invisible_tab_stops_and_reads_in_order(qtbot, window) -> None:
    activate(qtbot, window)
    cycle = tab_cycle(qtbot, named(window, "Your name"))
    assert [w.accessibleName() for w in cycle] == [
        "Your name", "Save name", "Skip naming", "Daily goal", "Start practice", "Quick 10", "Start mock exam",
        "Search questions", "Study notes", "Import question set", "Progress", "Progress by domain"]
    for widget in cycle:
        assert widget.isVisible() and not isinstance(widget, QAbstractScrollArea) or widget.accessibleName()
    for before, after in zip(cycle, cycle[1:], strict=False):
        assert reads_before(before, after), (before.accessibleName(), after.accessibleName())


# -- item 5: after naming oneself ------------------------------------------------------------------
def test_saving_a_name_moves_focus_to_start_practice(qtbot, window) -> None:
    activate(qtbot, window)
    field = named(window, "Your name")
    field.setFocus()
    qtbot.keyClicks(field, "Maria")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert text_of(window, "Current profile") == "Studying as Maria"
    assert not is_shown(window, "Your name")
    assert QApplication.focusWidget() is named(window, "Start practice")


# -- item 4: one meaning per key ------------------------------------------------------------------
def test_alt_arrows_move_in_practice_wherever_the_focus_is(qtbot, window) -> None:
    activate(qtbot, window)
    page = start_practice(qtbot, window)
    assert named(window, "Question text").hasFocus()  # inside the page's scroll area
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, ALT)
    assert text_of(window, "Question position") == "Question 2 of 5"
    qtbot.keyClick(page, Qt.Key.Key_A)
    assert QApplication.focusWidget() is named(window, "Answer A")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, ALT)
    assert text_of(window, "Question position") == "Question 3 of 5"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, ALT)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, ALT)
    assert text_of(window, "Question position") == "Question 1 of 5"


def test_letter_g_is_an_answer_and_alt_g_marks_the_guess(qtbot, ui_data_dir: Path, clock: FakeClock,
                                                         tmp_path: Path) -> None:
    source = tmp_path / "eight.gift"
    answers = " ".join(("=" if n == 6 else "~") + f"option {n}" for n in range(8))
    source.write_text(f"Which option is right? {{{answers}}}\n", encoding="utf-8")
    ctx = AppContext.open(ui_data_dir, clock)
    assert ctx.imports.run(ctx.imports.preview(source))[0].imported == 1
    ctx.sets.set_enabled("builtin", False)
    ctx.sets.set_enabled("essentials", False)
    ctx.close()
    window = open_window(qtbot, ui_data_dir, clock)
    activate(qtbot, window)
    page = start_practice(qtbot, window, count=1)
    qtbot.keyClick(page, Qt.Key.Key_G)
    assert named(window, "Answer G").isChecked() and not named(window, "I guessed").isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_G, ALT)
    assert named(window, "I guessed").isChecked() and named(window, "Answer G").isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    item = page.state.items[0]
    assert list(item.chosen) == [item.question.choices[6].position] and item.guessed  # G: the seventh shown
    assert text_of(window, "Result") in ("Correct", "Not quite")
    window.close()


def exam_page(qtbot, window) -> QWidget:
    if is_shown(window, "Skip naming"):
        named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start mock exam"), Qt.MouseButton.LeftButton)
    named(window, "ccma-quick").setChecked(True)
    qtbot.mouseClick(named(window, "Begin exam"), Qt.MouseButton.LeftButton)
    if is_shown(window, "Start anyway"):
        named(window, "Start anyway").click()
    QApplication.processEvents()
    return window.stack.currentWidget()


def test_exam_keys_match_practice_and_leave_letters_to_answers(qtbot, window) -> None:
    activate(qtbot, window)
    page = exam_page(qtbot, window)
    total = page.state.total
    assert named(window, "Question text").hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, ALT)
    assert text_of(window, "Question position") == f"Question 2 of {total}"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter goes on, as in practice
    assert text_of(window, "Question position") == f"Question 3 of {total}"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, ALT)
    assert text_of(window, "Question position") == f"Question 2 of {total}"
    for letter in (Qt.Key.Key_F, Qt.Key.Key_G, Qt.Key.Key_N, Qt.Key.Key_P, Qt.Key.Key_R):  # once commands
        qtbot.keyClick(QApplication.focusWidget(), letter)
    assert text_of(window, "Question position") == f"Question 2 of {total}"
    assert not named(window, "Flag for review").isChecked() and window.stack.currentWidget() is page
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, ALT)
    assert named(window, "Flag for review").isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, ALT)
    assert QApplication.focusWidget() is named(window, "Go to question 2")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert text_of(window, "Question position") == f"Question {total} of {total}"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # from the last question: the review screen
    assert window.stack.currentWidget() is not page and is_shown(window, "Submit exam")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is page
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, ALT)
    assert is_shown(window, "Submit exam")


def test_every_letter_of_an_option_chooses_it_in_the_exam() -> None:
    from quizapp.ui.pages import exam, practice

    for table in (exam.LETTER_KEYS, practice.LETTER_KEYS):
        assert sorted(table.values()) == list(range(len(LETTERS)))  # A–O, none held back


# -- item 4: the shortcuts page and the menus tell the truth ---------------------------------------
def build_question_pages(qtbot, window) -> None:
    start_practice(qtbot, window)
    named(window, "End practice session").click()
    window.show_home()
    exam_page(qtbot, window)


def test_the_shortcuts_page_lists_every_shortcut_the_app_has(qtbot, window) -> None:
    activate(qtbot, window)
    build_question_pages(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    page = window.pages["shortcuts"]
    assert window.stack.currentWidget() is page
    listed = [lab.text() for lab in page.findChildren(QLabel) if "  —  " in lab.text()]
    written = {line.split("  —  ")[0] for line in listed}
    assert written == {k.keys for _, rows in keys.SECTIONS for k in rows}
    actual = {a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()}
    actual |= {s.key().toString() for s in window.findChildren(QShortcut)}
    mnemonics = {f"Alt+{b.text()[b.text().index('&') + 1].upper()}" for b in window.findChildren(QWidget)
                 if hasattr(b, "text") and callable(b.text) and isinstance(b.text(), str) and "&" in b.text()
                 and not isinstance(b, (QLabel, QMenu)) and b.text().index("&") < len(b.text()) - 1}
    for shortcut in actual | mnemonics:
        assert shortcut in written, shortcut
    for gone in ("G", "N / P", "F", "R"):
        assert gone not in written


def test_menus_show_the_shortcuts_that_start_studying(qtbot, window) -> None:
    study = next(a.menu() for a in window.menuBar().actions() if a.text() == keys.STUDY_MENU)
    shown = {a.text().replace("&", ""): a.shortcut().toString() for a in study.actions()}
    assert shown == {"Start practice": "Ctrl+P", "Quick 10": "Ctrl+Shift+P", "Start review": "Ctrl+R",
                     "Start mock exam": "Ctrl+E"}
    for action in window.actions():  # every shortcut of the window is in a menu, where it is shown
        if not action.shortcut().isEmpty():
            assert any(isinstance(o, QMenu) for o in action.associatedObjects()), action.text()
    activate(qtbot, window)
    named(window, "Skip naming").click()
    study.actions()[0].trigger()
    assert window.stack.currentWidget() is window.pages["practice_setup"]


def test_the_question_menu_shows_the_page_commands_and_their_keys(qtbot, window) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == keys.QUESTION_MENU)
    assert not menu.isEnabled()  # home has no commands of its own
    activate(qtbot, window)
    start_practice(qtbot, window)
    shown = [a.text() for a in menu.actions()]  # "what<Tab>keys": the keys stand in the menu's key column
    assert shown == [f"{k.what}\t{k.keys}" for k in (keys.PREVIOUS, keys.NEXT, keys.GUESSED)]
    next(a for a in menu.actions() if a.text().startswith(keys.NEXT.what)).trigger()
    assert text_of(window, "Question position") == "Question 2 of 5"
    window.show_home()
    exam_page(qtbot, window)
    shown = [a.text() for a in menu.actions()]
    assert shown == [f"{k.what}\t{k.keys}" for k in (keys.PREVIOUS, keys.NEXT, keys.NAVIGATOR, keys.FLAG,
                                                       keys.REVIEW_ANSWERS)]
    assert menu.isEnabled()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, ALT)  # the keys still work after the menu changed
    assert is_shown(window, "Submit exam")
    window.show_home()
    assert not menu.isEnabled()


def test_exam_tab_order_reads_the_screen(qtbot, window) -> None:
    activate(qtbot, window)
    exam_page(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, ALT)  # question 2: Previous is available
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_B)
    cycle = tab_cycle(qtbot, named(window, "Question text"))
    names = [w.accessibleName() for w in cycle]
    assert names[:7] == ["Question text", "Answer B", "Previous question", "Next question", "Flag for review",
                         "Review answers", "Go to question 2"]
    for before, after in zip(cycle[:6], cycle[1:6], strict=False):  # the navigator stands to the right
        assert reads_before(before, after), (before.accessibleName(), after.accessibleName())
