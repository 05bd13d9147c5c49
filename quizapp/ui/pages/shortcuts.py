"""Help › Keyboard shortcuts, as a page (no modal dialogs)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page

SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Everywhere", (("Ctrl+H", "Home"), ("Ctrl+P", "Start practice"), ("Ctrl+Shift+P", "Quick 10"),
                    ("Ctrl+R", "Start review"), ("Ctrl+F", "Search questions (on the study notes: search the notes)"),
                    ("Ctrl+E", "Start a mock exam"), ("Ctrl+G", "Progress"), ("Ctrl+I", "Import a question set"),
                    ("Ctrl+Shift+U", "Manage profiles"), ("F1", "This list"), ("Ctrl+Q", "Quit"),
                    ("Tab / Shift+Tab", "Move between controls"))),
    ("Progress", (("Alt+W", "Practise your weakest topics"),)),
    ("Practice and review", (("A–D or 1–4", "Choose an answer"), ("Enter", "Check the answer, then go on"),
                             ("G", "Mark \"I guessed\" before checking"),
                             ("Ctrl+B", "Bookmark the question (or remove its bookmark)"),
                             ("1–4 after checking, in review", "Change the grade: Again, Hard, Good, Easy"),
                             ("Ctrl+Enter in My note", "Save your note"),
                             ("Alt+Left / Alt+Right", "Previous / next question"))),
    ("Mock exams", (("Ctrl+E", "Start a mock exam"), ("A–D or 1–4", "Choose an answer"),
                    ("N / P", "Next / previous question"), ("F", "Flag for review"),
                    ("R", "Review answers before submitting"),
                    ("G", "Go to the question navigator (arrow keys, then Enter)"))),
)


class ShortcutsPage(Page):
    title = "Keyboard shortcuts"
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.previous: QWidget | None = None
        column = scroll_page(self)
        column.addWidget(label("Keyboard shortcuts", role="title"))
        for heading, rows in SHORTCUTS:
            box, layout = card()
            layout.addWidget(label(heading, role="subtitle"))
            for keys, what in rows:
                layout.addWidget(label(f"{keys}  —  {what}"))
            column.addWidget(box)
        self.back_button = button("Back", "Close shortcuts", tip="Return (Esc)", primary=True)
        column.addWidget(self.back_button, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        self.back_button.clicked.connect(self.back)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
        else:
            super().keyPressEvent(event)
