"""Right or wrong, the correct answer, the rationale and the sources, after a check."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from quizapp.core.views import Feedback, SourceView
from quizapp.ui.widgets.common import button, card, label, set_result
from quizapp.ui.widgets.rich_text import show_text


def note_of(sources: tuple[SourceView, ...]) -> SourceView | None:
    """The first cited study note, where "Read the note" goes."""
    return next((s for s in sources if s.note), None)


def read_note_button(number: int | None = None) -> QPushButton:
    """`Read the note` (or `Read the note N` where a page lists several questions)."""
    name = "Read the note" if number is None else f"Read the note {number}"
    return button("Read the note", name, tip="Open the study note at the section behind this answer; "
                                             "Back returns here")


class FeedbackPanel(QWidget):
    note_requested = Signal(str, str)  # note name, section anchor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card()
        outer.addWidget(frame)
        self.verdict = label(role="subtitle", name="Result")
        self.key = label(name="Correct answer")
        self.rationale = label(name="Rationale", selectable=True)
        self.choice_notes = label(name="Option feedback", selectable=True)
        self.sources = label(role="muted", name="Source", selectable=True)
        for widget in (self.verdict, self.key, self.rationale, self.choice_notes):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.sources, 1)
        self.read_note = read_note_button()
        row.addWidget(self.read_note)
        layout.addLayout(row)
        self._layout = layout
        self._note: SourceView | None = None
        self.read_note.clicked.connect(self._on_read_note)
        self.hide()

    def attach(self, widget: QWidget) -> None:
        """Adds a widget under the rationale and sources (the student's own note)."""
        self._layout.addWidget(widget)

    def _on_read_note(self) -> None:
        if self._note is not None and self._note.note:
            self.note_requested.emit(self._note.note, self._note.anchor or "")

    def show_feedback(self, feedback: Feedback, *, rich: bool = False) -> None:
        self.verdict.setText("Correct" if feedback.correct else "Not quite")
        set_result(self.verdict, "correct" if feedback.correct else "wrong")
        yours = f"You chose {feedback.chosen_letters}. " if feedback.chosen_letters else ""
        self.key.setText(f"{yours}The correct answer is {feedback.key_text}.")
        show_text(self.rationale, f"Why: {feedback.rationale}", rich)
        notes = [f"{letter}: {text}" for letter, text in feedback.choice_feedback]
        show_text(self.choice_notes, "<br>".join(notes) if rich else "\n".join(notes), rich)
        self.choice_notes.setVisible(bool(notes))
        titles = list(dict.fromkeys(s.title for s in feedback.sources))
        self.sources.setText(("Source: " if len(titles) == 1 else "Sources: ") + "; ".join(titles) if titles else "")
        self.sources.setVisible(bool(titles))
        self._note = note_of(feedback.sources)
        self.read_note.setVisible(self._note is not None)
        self.show()

    def show_saved(self) -> None:
        """Feedback is off for this session: confirm the answer is kept, reveal nothing."""
        self.verdict.setText("Answer saved")
        set_result(self.verdict, None)
        self.key.setText("You will see the answers at the end of the session.")
        for widget in (self.rationale, self.choice_notes, self.sources):
            widget.setText("")
            widget.hide()
        self._note = None
        self.read_note.hide()
        self.show()

    def clear(self) -> None:
        self.rationale.show()
        self.hide()
