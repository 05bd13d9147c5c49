"""Every keyboard shortcut, in one table: the pages, menus and tooltips take their keys from here,
and Help › Keyboard shortcuts is this table as written (tests check that every shortcut an action
has is listed, and that the keys listed do what they say).

One key, one meaning, everywhere. The letters A–O and the digits 1–9 only ever choose answers
(a Moodle question may have up to fifteen options, A–O), so the commands of a question page take
Alt: Alt+Left / Alt+Right move in practice, review and mock exams alike, Alt+G marks a guess,
Alt+L flags for review, Alt+R opens the review screen, Alt+N the question navigator. Enter goes
on: in practice it checks the answer and then moves to the next question; in a mock exam, where
nothing is checked, it moves to the next question (from the last, to the review screen).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Key:
    keys: str  # as shown to the student, and (when it is one) as QKeySequence reads it
    what: str


STUDY_MENU = "&Study"  # the menu that shows the shortcuts that start studying
QUESTION_MENU = "&Question"  # the shown question page's own commands, with their keys

# Everywhere: window actions, shown in the menus.
HOME = Key("Ctrl+H", "Home")
PRACTICE = Key("Ctrl+P", "Start practice")
QUICK_TEN = Key("Ctrl+Shift+P", "Quick 10")
REVIEW = Key("Ctrl+R", "Start review")
EXAM = Key("Ctrl+E", "Start a mock exam")
SEARCH = Key("Ctrl+F", "Search questions (on the study notes: search the notes)")
NOTES = Key("Ctrl+T", "Study notes")
PROGRESS = Key("Ctrl+G", "Progress")
IMPORT = Key("Ctrl+I", "Import a question set")
PROFILES = Key("Ctrl+Shift+U", "Manage profiles")
SHORTCUTS = Key("F1", "This list")
QUIT = Key("Ctrl+Q", "Quit")
TAB = Key("Tab / Shift+Tab", "Move between controls")

WEAKEST = Key("Alt+W", "Practise your weakest topics")

# Questions: practice, review and mock exams.
CHOOSE = Key("A–O or 1–9", "Choose an answer (the letter of the option, or its number)")
PREVIOUS = Key("Alt+Left", "Previous question")
NEXT = Key("Alt+Right", "Next question")
CHECK = Key("Enter", "Check the answer, then go on to the next question")
GUESSED = Key("Alt+G", "Mark \"I guessed\" before checking")
BOOKMARK = Key("Ctrl+B", "Bookmark the question (or remove its bookmark)")
GRADE = Key("1–4 after checking, in review", "Change the grade: Again, Hard, Good, Easy")
SAVE_NOTE = Key("Ctrl+Enter in My note", "Save your note")

EXAM_NEXT = Key("Enter", "Next question (on the last one: review answers)")
FLAG = Key("Alt+L", "Flag for review (or remove the flag)")
REVIEW_ANSWERS = Key("Alt+R", "Review answers before submitting")
NAVIGATOR = Key("Alt+N", "Go to the question navigator (arrow keys, then Enter)")

SECTIONS: tuple[tuple[str, tuple[Key, ...]], ...] = (
    ("Everywhere", (HOME, PRACTICE, QUICK_TEN, REVIEW, EXAM, SEARCH, NOTES, PROGRESS, IMPORT, PROFILES, SHORTCUTS,
                    QUIT, TAB)),
    ("Progress", (WEAKEST,)),
    ("Practice and review", (CHOOSE, CHECK, PREVIOUS, NEXT, GUESSED, BOOKMARK, GRADE, SAVE_NOTE)),
    ("Mock exams", (CHOOSE, EXAM_NEXT, PREVIOUS, NEXT, FLAG, REVIEW_ANSWERS, NAVIGATOR)),
)


def page_shortcut(page: QWidget, key: Key, slot: Callable[[], object]) -> QAction:
    """A page's command on `key`: active while focus is anywhere in the page (a scroll area
    inside it cannot swallow the key first, as Alt+Left once was by the question's scroll area)."""
    action = QAction(key.what, page)
    action.setShortcut(QKeySequence(key.keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda _=False: slot())
    page.addAction(action)
    return action
