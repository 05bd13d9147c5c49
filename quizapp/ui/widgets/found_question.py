"""A search result opened: the question with every option, its answer marked in words, the
rationale and sources, `Read the note`, and the student's `Bookmark` and `My note` on it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from quizapp.core.search.service import FoundQuestion
from quizapp.ui.widgets.common import card, label
from quizapp.ui.widgets.feedback_panel import note_of, read_note_button
from quizapp.ui.widgets.question_marks import MarksClient, NoteEditor, QuestionMarks, bookmark_button
from quizapp.ui.widgets.rich_text import show_text, without_images

KEY_MARK = "  ✓ correct answer"


class FoundQuestionView(QWidget):
    note_requested = Signal(str, str)  # note name, section anchor

    def __init__(self, marks: MarksClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card()
        outer.addWidget(frame)
        outer.addStretch(1)  # the card is as tall as the question, not the pane
        top = QHBoxLayout()
        self.place = label(role="muted", name="Found question place")
        self.bookmark = bookmark_button()
        top.addWidget(self.place, 1)
        top.addWidget(self.bookmark, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.stem = label(role="stem", name="Found question", selectable=True)
        self.stem.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.options = label(name="Found question options", selectable=True)
        self.key = label(role="subtitle", name="Found question answer")
        self.rationale = label(name="Found question rationale", selectable=True)
        self.choice_notes = label(role="muted", name="Found question option feedback", selectable=True)
        for widget in (self.stem, self.options, self.key, self.rationale, self.choice_notes):
            layout.addWidget(widget)
        row = QHBoxLayout()
        self.sources = label(role="muted", name="Found question sources", selectable=True)
        self.read_note = read_note_button()
        row.addWidget(self.sources, 1)
        row.addWidget(self.read_note)
        layout.addLayout(row)
        self.editor = NoteEditor()
        layout.addWidget(self.editor)
        self.status = label(role="muted", name="Found question status")
        layout.addWidget(self.status)
        self.marks = QuestionMarks(marks, self.bookmark, self.editor, self.status.setText, self)
        self._note: tuple[str, str] | None = None
        self.read_note.clicked.connect(self._on_read_note)
        self.clear()

    def clear(self, message: str = "Choose a result to read the question with its answer.") -> None:
        self.marks.commit()
        self.place.setText(message)
        for widget in (self.stem, self.options, self.key, self.rationale, self.choice_notes, self.sources,
                       self.read_note, self.bookmark, self.editor, self.status):
            widget.hide()

    @property
    def question_id(self) -> int | None:
        return None if self.stem.isHidden() else self.marks.question_id

    def show_question(self, found: FoundQuestion) -> None:
        view, feedback = found.question, found.feedback
        rich = view.text_format == "html"
        self.place.setText(" · ".join(p for p in (found.set_name, view.domain, view.subdomain, view.topic) if p))
        show_text(self.stem, without_images(view.stem) if rich else view.stem, rich)
        key = set(feedback.key_letters)
        lines = [f"{c.letter}. {c.text}{KEY_MARK if c.letter in key else ''}" for c in view.choices]
        show_text(self.options, ("<br>" if rich else "\n").join(lines), rich)
        self.key.setText(f"The correct answer is {feedback.key_letters}.")
        why = f"Why: {feedback.rationale}" if feedback.rationale else "No rationale is given."
        show_text(self.rationale, why, rich)
        notes = [f"{letter}: {text}" for letter, text in feedback.choice_feedback]
        show_text(self.choice_notes, ("<br>" if rich else "\n").join(notes), rich)
        titles = list(dict.fromkeys(s.title for s in feedback.sources))
        self.sources.setText(("Source: " if len(titles) == 1 else "Sources: ") + "; ".join(titles) if titles else "")
        note = note_of(feedback.sources)
        self._note = (note.note, note.anchor or "") if note is not None and note.note else None
        for widget in (self.stem, self.options, self.key, self.rationale, self.bookmark, self.editor, self.status):
            widget.show()
        self.choice_notes.setVisible(bool(notes))
        self.sources.setVisible(bool(titles))
        self.read_note.setVisible(self._note is not None)
        self.status.setText("")
        self.marks.show(view.question_id, found.marks)

    def _on_read_note(self) -> None:
        if self._note is not None:
            self.note_requested.emit(*self._note)
