"""The end of a practice session: the score by domain and what was missed, with rationales."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from quizapp.core.percent import percent, share
from quizapp.core.practice import PracticeSummary
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page
from quizapp.ui.widgets.tables import fill_table, read_only_table


class PracticeSummaryPage(Page):
    title = "Summary"
    home = Signal()
    again = Signal()

    def __init__(self, parent: QWidget | None = None, *, heading: str = "Practice summary") -> None:
        super().__init__(parent)
        column = scroll_page(self)
        self.heading = label(heading, role="title", name="Summary heading")
        column.addWidget(self.heading)
        self.overall = label(role="subtitle", name="Overall score")
        column.addWidget(self.overall)
        self.table = read_only_table(("Domain", "Answered", "Correct"), "Score by domain", wrap_names=True)
        column.addWidget(self.table)
        self.missed_title = label("Questions to look at again", role="subtitle")
        column.addWidget(self.missed_title)
        self.missed_box, self.missed_layout = card()
        column.addWidget(self.missed_box)
        row = QHBoxLayout()
        self.again_button = button("Practise again", tip="Set up another session")
        self.home_button = button("Back to home", tip="Return to the home page (Esc)", primary=True)
        row.addWidget(self.home_button)
        row.addWidget(self.again_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.home_button.clicked.connect(self.home)
        self.again_button.clicked.connect(self.again)

    def show_summary(self, summary: PracticeSummary) -> None:
        if summary.answered:
            left = summary.total - summary.answered
            self.overall.setText(f"{summary.correct} of {summary.answered} correct "
                                 f"({percent(share(summary.correct, summary.answered))})"
                                 + (f"; {left} left unanswered" if left > 0 else ""))
        else:
            self.overall.setText("No questions were answered in this session.")
        fill_table(self.table, [(d.name, str(d.answered), percent(share(d.correct, d.answered)))
                                for d in summary.domains])
        while self.missed_layout.count():
            child = self.missed_layout.takeAt(0)
            if child.widget():
                child.widget().deleteLater()
        for item in summary.missed:
            fb = item.feedback
            assert fb is not None
            self.missed_layout.addWidget(label(item.question.stem, role="subtitle", selectable=True))
            self.missed_layout.addWidget(label(f"Your answer: {fb.chosen_letters} · Correct: {fb.key_letters} — "
                                               + "; ".join(f"{c.letter}. {c.text}" for c in item.question.choices
                                                           if c.letter in fb.key_letters), selectable=True))
            self.missed_layout.addWidget(label(f"Why: {fb.rationale}", selectable=True))
        self.missed_title.setVisible(bool(summary.missed))
        self.missed_box.setVisible(bool(summary.missed))
        self.home_button.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.home.emit()
        else:
            super().keyPressEvent(event)
