"""After a review answer: when the question comes back, and the grade the student may change
(`Again`, `Hard`, `Good`, `Easy`; keys 1-4 once the answer is checked), as Anki shows it.

The app's inferred grade is pressed from the start, so moving on with Enter keeps it; each
button says when the question would come back with that grade.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from quizapp.core.review import ReviewGrade, comes_back
from quizapp.ui.widgets.common import button, label

WHY = {"Again": "you did not know it", "Hard": "you knew it with difficulty or guessed",
       "Good": "you knew it", "Easy": "you knew it at once"}


def interval(due: datetime, now: datetime) -> str:
    """"10 minutes", "tomorrow", "3 days": the button's second line."""
    return comes_back(due, now).removeprefix("again ").removeprefix("in ")


class GradePanel(QWidget):
    chosen = Signal(str)  # Again | Hard | Good | Easy

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.when = label(role="subtitle", name="Comes back")
        self.explain = label(role="muted", name="About the grade")
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for key, name in enumerate(("Again", "Hard", "Good", "Easy"), 1):
            widget = button(name, name, tip=f"{name}: {WHY[name]} (key {key})")
            widget.setCheckable(True)
            self.group.addButton(widget, key)
            self.buttons[name] = widget
            row.addWidget(widget)
            widget.clicked.connect(lambda _=False, n=name: self.chosen.emit(n))
        row.addStretch(1)
        layout.addWidget(self.when)
        layout.addLayout(row)
        layout.addWidget(self.explain)
        self._grade: ReviewGrade | None = None
        self.hide()

    @property
    def grade(self) -> ReviewGrade | None:
        return self._grade

    def show_grade(self, grade: ReviewGrade, now: datetime) -> None:
        self._grade = grade
        if grade.due is None:
            self.when.setText("This question no longer comes back for review.")
        else:
            self.when.setText(f"Comes back {comes_back(grade.due, now).removeprefix('again ')}.")
        for choice in grade.choices:
            widget = self.buttons[choice.name]
            mark = "✓ " if choice.name == grade.current else ""
            widget.setText(f"{mark}{choice.key} {choice.name} · {interval(choice.due, now)}")
            widget.setAccessibleDescription(f"comes back {comes_back(choice.due, now)}"
                                            + (", your answer's grade" if choice.name == grade.inferred else ""))
            widget.setChecked(choice.name == grade.current)
            widget.setVisible(True)
        for widget in self.buttons.values():
            widget.setVisible(grade.changeable)
            widget.setEnabled(grade.changeable)
        if grade.changeable and grade.current in (None, grade.inferred):
            self.explain.setText(f"Graded {grade.inferred} from your answer. If it felt harder or easier, press "
                                 "1-4 (Again, Hard, Good, Easy); your answer's score stays as it is.")
        elif grade.changeable:
            self.explain.setText(f"Graded {grade.current} by you (your answer suggested {grade.inferred}). Press 1-4 "
                                 "to change it again; your answer's score stays as it is.")
        else:
            self.explain.setText("")
        self.explain.setVisible(grade.changeable)
        self.show()

    def choose_key(self, key: int) -> str | None:
        """The grade for key 1-4, if grades can be changed now."""
        if self._grade is None or not self._grade.changeable:
            return None
        return next((c.name for c in self._grade.choices if c.key == key), None)

    def clear(self) -> None:
        self._grade = None
        self.hide()
