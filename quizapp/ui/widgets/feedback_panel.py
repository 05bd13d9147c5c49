"""Right or wrong, the correct answer, the rationale and the sources, after a check."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from quizapp.core.views import Feedback
from quizapp.ui.widgets.common import card, label, set_result
from quizapp.ui.widgets.rich_text import show_text


class FeedbackPanel(QWidget):
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
        for widget in (self.verdict, self.key, self.rationale, self.choice_notes, self.sources):
            layout.addWidget(widget)
        self.hide()

    def show_feedback(self, feedback: Feedback, *, rich: bool = False) -> None:
        self.verdict.setText("Correct" if feedback.correct else "Not quite")
        set_result(self.verdict, "correct" if feedback.correct else "wrong")
        yours = f"You chose {feedback.chosen_letters}. " if feedback.chosen_letters else ""
        self.key.setText(f"{yours}The correct answer is {feedback.key_letters}.")
        show_text(self.rationale, f"Why: {feedback.rationale}", rich)
        notes = [f"{letter}: {text}" for letter, text in feedback.choice_feedback]
        show_text(self.choice_notes, "<br>".join(notes) if rich else "\n".join(notes), rich)
        self.choice_notes.setVisible(bool(notes))
        titles = list(dict.fromkeys(s.title for s in feedback.sources))
        self.sources.setText(("Source: " if len(titles) == 1 else "Sources: ") + "; ".join(titles) if titles else "")
        self.sources.setVisible(bool(titles))
        self.show()

    def show_saved(self) -> None:
        """Feedback is off for this session: confirm the answer is kept, reveal nothing."""
        self.verdict.setText("Answer saved")
        set_result(self.verdict, None)
        self.key.setText("You will see the answers at the end of the session.")
        for widget in (self.rationale, self.choice_notes, self.sources):
            widget.setText("")
            widget.hide()
        self.show()

    def clear(self) -> None:
        self.rationale.show()
        self.hide()
