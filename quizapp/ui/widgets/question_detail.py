"""One question in full, for an instructor checking a set: every option with the key marked,
per-option feedback, the rationale, the sources and how many students reported it.

It renders core's frozen `QuestionDetail`. The key is marked in words ("✓ key"), not by colour
alone. HTML questions (already sanitised by the importer: a safe subset, nothing remote) are
shown as rich text; everything else as plain text, so a stray `<` is never taken for markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from quizapp.core.questions import LETTERS
from quizapp.core.sets import QuestionDetail
from quizapp.core.wording import plural
from quizapp.ui.widgets.common import card, label, repolish
from quizapp.ui.widgets.rich_text import without_images

KIND_NAMES = {"single": "single answer", "multiple": "multiple answer", "truefalse": "true/false"}


class QuestionDetailView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame, layout = card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.heading = label("Select a question to read it in full.", role="subtitle", name="Selected question")
        self.meta = label(role="muted", name="Question details", selectable=True)
        self.stem = label(role="stem", name="Selected question text", selectable=True)
        self.stem.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._options = QVBoxLayout()
        self._options.setSpacing(6)
        self._option_labels: list[QLabel] = []
        self.rationale_title = label("Rationale", role="subtitle")
        self.rationale = label(name="Question rationale", selectable=True)
        self.sources_title = label("Sources", role="subtitle")
        self.sources = label(name="Question sources", selectable=True)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addWidget(self.stem)
        layout.addLayout(self._options)
        for widget in (self.rationale_title, self.rationale, self.sources_title, self.sources):
            layout.addWidget(widget)
        self.clear()

    def clear(self, message: str = "Select a question to read it in full.") -> None:
        self.heading.setText(message)
        for widget in (self.meta, self.stem, self.rationale_title, self.rationale, self.sources_title, self.sources):
            widget.hide()
        self._set_options([])

    def show_detail(self, detail: QuestionDetail) -> None:
        q = detail.data
        is_html = q.text_format == "html"
        rich = Qt.TextFormat.RichText if is_html else Qt.TextFormat.PlainText

        def shown(text: str) -> str:
            return without_images(text) if is_html else text

        difficulty = f" — difficulty {q.difficulty}" if q.difficulty else ""
        self.heading.setText(f"{q.ext_id or 'Question'} — {KIND_NAMES.get(q.kind, q.kind)}{difficulty}")
        where = " › ".join(part for part in (q.domain, q.subdomain) if part) or "No CCMA domain"
        parts = [where, f"Topic: {q.topic or '—'}", plural(detail.reports, "student report")]
        if q.tags:
            parts.append("Tags: " + ", ".join(q.tags))
        if q.media:
            parts.append("Images: " + ", ".join(m.name for m in q.media))
        self.meta.setText(" · ".join(parts))
        self.stem.setTextFormat(rich)
        self.stem.setText(shown(q.stem))
        lines: list[tuple[str, str | None]] = []
        for letter, choice in zip(LETTERS, q.choices, strict=False):
            mark = "   ✓ key" if choice.is_correct else ""
            lines.append((f"{letter}.  {shown(choice.text)}{mark}", "correct" if choice.is_correct else None))
            if choice.feedback:
                lines.append((f"      Feedback: {shown(choice.feedback)}", "feedback"))
        self._set_options(lines, rich)
        self.rationale.setTextFormat(rich)
        self.rationale.setText(shown(q.rationale) or "No rationale was given for this question.")
        self.sources.setText("\n".join(f"{c.source} — “{c.locator}”" if c.locator else c.source
                                       for c in q.citations) or "No sources were given for this question.")
        for widget in (self.meta, self.stem, self.rationale_title, self.rationale, self.sources_title, self.sources):
            widget.show()

    @property
    def option_texts(self) -> list[str]:
        return [w.text() for w in self._option_labels]

    def _set_options(self, lines: list[tuple[str, str | None]],
                     text_format: Qt.TextFormat = Qt.TextFormat.PlainText) -> None:
        while len(self._option_labels) > len(lines):
            old = self._option_labels.pop()
            self._options.removeWidget(old)
            old.hide()  # deleted later, not at once
            old.deleteLater()
        while len(self._option_labels) < len(lines):
            widget = label(selectable=True)
            self._options.addWidget(widget)
            self._option_labels.append(widget)
        letters = iter(LETTERS)
        letter = ""
        for widget, (text, role) in zip(self._option_labels, lines, strict=True):
            if role != "feedback":
                letter = next(letters)
            widget.setTextFormat(text_format)
            widget.setText(text)
            widget.setAccessibleName(f"Feedback on option {letter}" if role == "feedback" else f"Option {letter}")
            repolish(widget, "result", "correct" if role == "correct" else "")
            repolish(widget, "role", "muted" if role == "feedback" else "")
            widget.show()
