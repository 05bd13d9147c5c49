"""A submitted mock exam's score report: percent correct overall, per domain and per Clinical
Patient Care sub-domain (scored items only), time used, the change against earlier exams of the
same blueprint, the unscored pretest items (revealed only here), and a per-item review (their
answer, the key, the rationale, the source's readable title) filtered to all / wrong / flagged.

Percent correct is not an NHA scaled score (CONTENT.md): the page says so next to the number
and never draws a pass line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.exam.results import ExamResults, ReviewFilter, ReviewItem, ScoreLine
from quizapp.core.marks import Marks
from quizapp.core.percent import percent
from quizapp.core.wording import plural, plural_word
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page, set_result
from quizapp.ui.widgets.countdown import duration_text
from quizapp.ui.widgets.feedback_panel import note_of, read_note_button
from quizapp.ui.widgets.navigator import FLAGGED_MARK
from quizapp.ui.widgets.question_marks import MarksClient, NoteEditor, QuestionMarks, bookmark_button

REVIEW_PAGE_SIZE = 20  # item cards built at a time: a 180-item review builds more on request
FILTERS = ((ReviewFilter.ALL, "All questions", "Show all questions"),
           (ReviewFilter.WRONG, "Wrong or unanswered", "Show wrong answers"),
           (ReviewFilter.FLAGGED, f"{FLAGGED_MARK} Flagged", "Show flagged questions"))


def score_text(line: ScoreLine) -> str:
    if not line.total:
        return "no scored items"
    return f"{line.correct} of {line.total} · {percent(line.score)}"


def score_bar(line: ScoreLine) -> QProgressBar:
    """A bar beside the numbers, so weak domains stand out at a glance (the numbers say it too)."""
    bar = QProgressBar()
    bar.setRange(0, max(1, line.total))
    bar.setValue(line.correct)
    bar.setTextVisible(False)
    bar.setFixedWidth(140)
    bar.setFixedHeight(10)
    bar.setAccessibleName(f"Bar: {line.name}")
    bar.setAccessibleDescription(score_text(line))
    return bar


def change_text(results: ExamResults) -> str:
    name = results.blueprint_name
    if results.change is None:
        if results.previous_score is None:
            return f"This is your first {name}; the next one will show your change."
        return ""
    points = round(100 * results.change)
    direction = "up" if points > 0 else "down" if points < 0 else "no change"
    amount = f" {plural(abs(points), 'point')}" if points else ""
    return (f"Change since your previous {name}: {direction}{amount} "
            f"({percent(results.previous_score)} then, {percent(results.score)} now).")


def history_text(results: ExamResults) -> str:
    if len(results.history) < 2:
        return ""
    return "Your recent scores on this exam, oldest first: " + " → ".join(percent(p.score) for p in results.history)


def new_items_text(results: ExamResults) -> str:
    """How fresh the exam was: questions met in an earlier mock exam come back only when the
    sets run out of new ones."""
    total = len(results.items)
    if results.new_items == total:
        if total == 1:
            return "The question was new to you: it was in no earlier mock exam."
        return f"All {total} questions were new to you: none was in an earlier mock exam."
    back = total - results.new_items
    return (f"{results.new_items} of {plural(total, 'question')} {plural_word(results.new_items, 'was')} new to you; "
            f"{back} came back from earlier mock exams because the sets had no unseen ones left there.")


def time_text(results: ExamResults) -> str:
    used = duration_text(results.time_used_seconds, with_seconds=True)
    limit = duration_text(results.time_limit_seconds)
    extra = f", with {results.accommodation:g}× time" if results.accommodation != 1.0 else ""
    auto = ". Submitted automatically when the time ran out" if results.auto_submitted else ""
    return f"Time used: {used} of {limit}{extra}{auto}."


def verdict(item: ReviewItem) -> tuple[str, str]:
    """Text and result colour: the text says it, so colour is never the only signal."""
    if not item.answered:
        return "✗ Not answered", "wrong"
    return ("✓ Correct", "correct") if item.correct else ("✗ Wrong", "wrong")


class ReviewCard(QWidget):
    """One item of the per-item review: question, both answers, why, and where it comes from;
    with a marks client, the student's `Bookmark N` and `My note N` on it."""

    note_requested = Signal(str, str)  # note name, section anchor

    def __init__(self, item: ReviewItem, parent: QWidget | None = None, *, client: MarksClient | None = None,
                 stored: Marks | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card()
        outer.addWidget(frame)
        text, result = verdict(item)
        tags = [f"Question {item.number}", text]
        if item.flagged:
            tags.append(f"{FLAGGED_MARK} flagged")
        if not item.scored:
            tags.append("unscored pretest item")
        heading = label(" · ".join(tags), role="subtitle")
        set_result(heading, result)
        layout.addWidget(heading)
        view = item.question
        layout.addWidget(label(" · ".join(p for p in (view.domain, view.subdomain, view.topic) if p), role="muted"))
        stem = label(view.stem, selectable=True)
        if view.text_format == "html":
            stem.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(stem)
        fb = item.feedback
        chosen, key = set(fb.chosen_letters), set(fb.key_letters)
        lines = []
        for choice in view.choices:
            marks = [m for m, on in (("correct answer", choice.letter in key), ("your answer", choice.letter in chosen))
                     if on]
            lines.append(f"{choice.letter}. {choice.text}" + (f"  ← {' and '.join(marks)}" if marks else ""))
        layout.addWidget(label("\n".join(lines), selectable=True))
        yours = f"Your answer: {fb.chosen_letters}" if fb.chosen_letters else "You did not answer"
        layout.addWidget(label(f"{yours} · Correct answer: {fb.key_text}"))
        if fb.rationale:
            layout.addWidget(label(f"Why: {fb.rationale}", selectable=True))
        titles = list(dict.fromkeys(s.title for s in fb.sources))
        row = QHBoxLayout()
        if titles:
            row.addWidget(label(("Source: " if len(titles) == 1 else "Sources: ") + "; ".join(titles),
                                role="muted", selectable=True), 1)
        note = note_of(fb.sources)
        if note is not None and note.note:
            read = read_note_button(item.number)
            read.clicked.connect(lambda: self.note_requested.emit(note.note or "", note.anchor or ""))
            row.addWidget(read)
        self.marks: QuestionMarks | None = None
        if client is not None:
            bookmark = bookmark_button(item.number)
            row.addWidget(bookmark)
            editor = NoteEditor(item.number)
            self.marks = QuestionMarks(client, bookmark, editor, editor.status.setText, self)
            self.marks.show(view.question_id, stored)
        layout.addLayout(row)
        if self.marks is not None:
            layout.addWidget(editor)


class ExamResultsPage(Page):
    """Wraps an `ExamResults`; emits `home` or `again`."""

    title = "Exam results"
    home = Signal()
    again = Signal()
    note_requested = Signal(str, str)  # a question's "Read the note N"

    def __init__(self, parent: QWidget | None = None, *, marks: MarksClient | None = None) -> None:
        super().__init__(parent)
        self._marks = marks
        self._results: ExamResults | None = None
        self._filter = ReviewFilter.ALL
        self._shown = 0
        self._cards: list[QWidget] = []
        self._score_widgets: list[QWidget] = []
        column = scroll_page(self)
        self.heading = label(role="title", name="Results heading")
        column.addWidget(self.heading)

        summary, summary_layout = card()
        self.overall = label(role="subtitle", name="Overall score")
        self.time_used = label(name="Time used")
        self.change = label(name="Change since previous exam")
        self.history = label(role="muted", name="Earlier exams")
        self.freshness = label(role="muted", name="New questions")
        for widget in (self.overall, self.time_used, self.change, self.history, self.freshness):
            summary_layout.addWidget(widget)
        column.addWidget(summary)

        note, note_layout = card("banner")
        self.note = label(name="About this score")
        note_layout.addWidget(self.note)
        column.addWidget(note)

        domains, domains_layout = card()
        domains_layout.addWidget(label("Percent correct by domain (scored items)", role="subtitle"))
        self.score_grid = QGridLayout()
        self.score_grid.setHorizontalSpacing(16)
        self.score_grid.setVerticalSpacing(4)
        self.score_grid.setColumnStretch(0, 1)
        domains_layout.addLayout(self.score_grid)
        column.addWidget(domains)

        self.unscored_card, unscored_layout = card()
        unscored_layout.addWidget(label("Unscored pretest items", role="subtitle"))
        self.unscored = label(name="Unscored items")
        unscored_layout.addWidget(self.unscored)
        column.addWidget(self.unscored_card)

        review, review_layout = card()
        review_layout.addWidget(label("Question by question", role="subtitle"))
        filters = QHBoxLayout()
        self._filter_group = QButtonGroup(self)
        self.filter_buttons: dict[ReviewFilter, QRadioButton] = {}
        for which, text, name in FILTERS:
            radio = QRadioButton(text)
            radio.setAccessibleName(name)
            self._filter_group.addButton(radio)
            filters.addWidget(radio)
            self.filter_buttons[which] = radio
        filters.addStretch(1)
        review_layout.addLayout(filters)
        self.review_count = label(role="muted", name="Review count")
        review_layout.addWidget(self.review_count)
        column.addWidget(review)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(10)
        column.addLayout(self.cards_box)
        self.more_button = button("Show more", "Show more questions", tip="Show the next questions of this list")
        column.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)

        actions = QHBoxLayout()
        self.home_button = button("Back to home", tip="Return to the home page (Esc)", primary=True)
        self.again_button = button("Take another exam", tip="Set up another mock exam")
        actions.addWidget(self.home_button)
        actions.addWidget(self.again_button)
        actions.addStretch(1)
        column.addLayout(actions)
        column.addStretch(1)

        self.filter_buttons[ReviewFilter.ALL].setChecked(True)
        for which, radio in self.filter_buttons.items():
            radio.toggled.connect(lambda on, w=which: on and self._on_filter(w))
        self.more_button.clicked.connect(self._on_more)
        self.home_button.clicked.connect(self.home)
        self.again_button.clicked.connect(self.again)

    @property
    def results(self) -> ExamResults | None:
        return self._results

    def show_results(self, results: ExamResults) -> None:
        self._results = results
        self.heading.setText(f"Results: {results.blueprint_name}")
        self.overall.setText(f"{percent(results.score)} correct: {results.overall.correct} of "
                             f"{plural(results.overall.total, 'scored item')}" if results.overall.total
                             else "No scored items in this exam.")
        self.time_used.setText(time_text(results))
        self.change.setText(change_text(results))
        self.change.setVisible(bool(self.change.text()))
        self.history.setText(history_text(results))
        self.history.setVisible(bool(self.history.text()))
        self.freshness.setText(new_items_text(results))
        self.note.setText(results.note)
        self._show_scores(results)
        unscored = results.unscored_items
        if unscored:
            right, n = sum(1 for i in unscored if i.correct), len(unscored)
            self.unscored.setText(
                f"As on the real exam, {plural(n, 'item')} {plural_word(n, 'was')} unscored pretest "
                f"{plural_word(n, 'question')} and {plural_word(n, 'does', 'do')} not count in "
                f"your percent: questions {', '.join(str(i.number) for i in unscored)}. You answered {right} of "
                "them correctly. They are marked in the list below.")
        self.unscored_card.setVisible(bool(unscored))
        self._filter = ReviewFilter.ALL
        self.filter_buttons[ReviewFilter.ALL].blockSignals(True)
        self.filter_buttons[ReviewFilter.ALL].setChecked(True)
        self.filter_buttons[ReviewFilter.ALL].blockSignals(False)
        self._show_review()
        self.home_button.setFocus()

    def _show_scores(self, results: ExamResults) -> None:
        for widget in self._score_widgets:
            widget.hide()  # deleteLater waits for the event loop; gone from view now
            widget.deleteLater()
        self._score_widgets.clear()
        rows: list[tuple[ScoreLine, bool]] = []
        for line in results.domains:
            rows.append((line, False))
            rows += [(sub, True) for sub in line.subdomains]
        for r, (line, indented) in enumerate(rows):
            name = label(line.name, role="muted" if indented else None)
            if indented:
                name.setContentsMargins(20, 0, 0, 0)
            value = label(score_text(line), name=f"Score: {line.name}", wrap=False)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.score_grid.addWidget(name, r, 0)
            self.score_grid.addWidget(score_bar(line), r, 1)
            self.score_grid.addWidget(value, r, 2)
            self._score_widgets += [name, self.score_grid.itemAtPosition(r, 1).widget(), value]
        for widget in self._score_widgets:
            widget.show()  # a layout would only show it on the next event-loop pass

    # -- per-item review -----------------------------------------------------------------------
    def _on_filter(self, which: ReviewFilter) -> None:
        self._filter = which
        self._show_review()

    def commit_notes(self) -> None:
        """Saves any note being written (before its card goes, or the page is left)."""
        for widget in self._cards:
            if isinstance(widget, ReviewCard) and widget.marks is not None:
                widget.marks.commit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt naming
        self.commit_notes()
        super().hideEvent(event)

    def _show_review(self) -> None:
        self.commit_notes()
        for widget in self._cards:
            widget.hide()  # deleteLater waits for the event loop; gone from view now
            widget.deleteLater()
        self._cards.clear()
        self._shown = 0
        self._on_more()

    def _on_more(self) -> None:
        if self._results is None:
            return
        items = self._results.review(self._filter)
        batch = items[self._shown:self._shown + REVIEW_PAGE_SIZE]
        stored = self._marks.of([i.question.question_id for i in batch]) if self._marks is not None else {}
        for item in batch:
            widget = ReviewCard(item, client=self._marks, stored=stored.get(item.question.question_id))
            widget.note_requested.connect(self.note_requested)
            self.cards_box.addWidget(widget)
            widget.show()  # a layout would only show it on the next event-loop pass
            self._cards.append(widget)
        self._shown = min(len(items), self._shown + REVIEW_PAGE_SIZE)
        names = {ReviewFilter.ALL: "questions", ReviewFilter.WRONG: "wrong or unanswered questions",
                 ReviewFilter.FLAGGED: "flagged questions"}
        if not items:
            self.review_count.setText(f"No {names[self._filter]} in this exam.")
        else:
            self.review_count.setText(f"Showing {self._shown} of {len(items)} {names[self._filter]}.")
        self.more_button.setVisible(self._shown < len(items))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.home.emit()
        else:
            super().keyPressEvent(event)
