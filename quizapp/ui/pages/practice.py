"""A practice session, one question at a time, with the answer and rationale after each check.

Keys (quizapp.ui.keys): letters or digits choose, Enter checks, Enter again moves on, Alt+Left /
Alt+Right move, Alt+G marks a guess. Every check is committed by core
before the feedback is drawn, so closing the window at any moment loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.context import AppContext
from quizapp.core.practice import PracticeItem, PracticeState, PracticeSummary
from quizapp.core.questions import LETTERS
from quizapp.core.review import ReviewGrade
from quizapp.ui import keys
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, chain_focus, label, scroll_page, tab_stops
from quizapp.ui.widgets.feedback_panel import FeedbackPanel
from quizapp.ui.widgets.grade_panel import GradePanel
from quizapp.ui.widgets.image_zoom import ImageZoomPanel
from quizapp.ui.widgets.question_marks import SHORTCUT, MarksClient, NoteEditor, QuestionMarks, bookmark_button
from quizapp.ui.widgets.question_view import QuestionWidget
from quizapp.ui.widgets.report_panel import ReportPanel

# Every option's letter chooses it (a Moodle question may have up to fifteen, A-O): the page's
# commands take Alt (quizapp.ui.keys), so no letter is ever anything but an answer.
LETTER_KEYS = {getattr(Qt.Key, f"Key_{c}"): i for i, c in enumerate(LETTERS)}
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n - 1 for n in range(1, 10)}


class QuestionSession(Protocol):
    """What the page needs from a session service: practice and review sessions both fit."""

    def check(self, attempt_id: int, position: int, chosen: Sequence[int], *, guessed: bool = False,
              seconds: float = 0.0) -> tuple[PracticeItem, Changes]: ...

    def go_to(self, attempt_id: int, position: int) -> Changes: ...

    def finish(self, attempt_id: int) -> tuple[PracticeSummary, Changes]: ...


class ReviewGrading(Protocol):
    """What the page needs to show and change a review's grade (quizapp.core.review)."""

    def grade(self, attempt_id: int, position: int) -> ReviewGrade: ...

    def regrade(self, attempt_id: int, position: int, grade: str) -> tuple[ReviewGrade, Changes]: ...


class PracticePage(Page):
    """One question at a time with feedback; serves practice sessions and review sessions alike."""

    title = "Practice"
    finished = Signal(object)  # PracticeSummary
    note_requested = Signal(str, str)  # a rationale's "Read the note": note name, section anchor

    def __init__(self, ctx: AppContext, clock: Clock, publish: Callable[[Changes], None],
                 parent: QWidget | None = None, *, session: QuestionSession | None = None,
                 title: str = "Practice", grading: ReviewGrading | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._ctx = ctx
        self._session: QuestionSession = session if session is not None else ctx.practice
        self._grading = grading
        self._clock = clock
        self._publish = publish
        self._state: PracticeState | None = None
        self._shown_at = 0.0
        column = scroll_page(self)

        # Laid out, and tabbed through, in reading order: the question and its options, then
        # "I guessed" and Check answer, then Previous / Next, Report a problem and End session.
        top = QHBoxLayout()
        self.progress = label(role="subtitle", name="Question position", wrap=False)
        self.where = label(role="muted", name="Question topic")
        self.bookmark_button = bookmark_button()
        top.addWidget(self.progress)
        top.addWidget(self.where, 1)
        top.addWidget(self.bookmark_button)
        column.addLayout(top)

        self.question = QuestionWidget()
        column.addWidget(self.question)
        self.zoom = ImageZoomPanel()
        column.addWidget(self.zoom)

        answer_row = QHBoxLayout()
        self.guessed = QCheckBox("I guessed")
        self.guessed.setAccessibleName("I guessed")
        self.guessed.setToolTip(f"Mark this answer as a guess so it comes back for review ({keys.GUESSED.keys})")
        self.check_button = button("Check answer", tip=f"Check your answer ({keys.CHECK.keys})", primary=True)
        answer_row.addWidget(self.guessed)
        answer_row.addSpacing(12)
        answer_row.addWidget(self.check_button)
        answer_row.addStretch(1)
        column.addLayout(answer_row)

        row = QHBoxLayout()
        self.previous_button = button("Previous", "Previous question",
                                      tip=f"Go back one question ({keys.PREVIOUS.keys})")
        self.next_button = button("Next", "Next question",
                                  tip=f"Go to the next question ({keys.NEXT.keys}, or Enter after checking)")
        self.finish_button = button("See summary", "Finish practice", tip="Finish and see your summary (Enter)",
                                    primary=True)
        self.report_button = button("Report a problem", tip="Tell your instructor something is wrong here")
        self.end_button = button("End session", "End practice session",
                                 tip="Stop here and see your summary; answers so far are kept")
        for widget in (self.previous_button, self.next_button, self.finish_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.report_button)
        row.addWidget(self.end_button)
        column.addLayout(row)

        self.feedback = FeedbackPanel()
        self.feedback.note_requested.connect(self.note_requested)
        self.grades = GradePanel()
        self.feedback.attach(self.grades)
        self.note_editor = NoteEditor()
        self.feedback.attach(self.note_editor)
        column.addWidget(self.feedback)
        self.note_waiting = label("You wrote a note on this question; it shows under the rationale once you check.",
                                  role="muted", name="Your note is waiting")
        self.note_waiting.hide()
        self.report = ReportPanel()
        column.addWidget(self.report)
        self.status = label(role="muted", name="Practice status")
        column.addWidget(self.note_waiting)
        column.addWidget(self.status)
        column.addStretch(1)
        self.marks = QuestionMarks(MarksClient(ctx, publish), self.bookmark_button, self.note_editor,
                                   self.status.setText, self)
        self.bookmark_shortcut = QShortcut(QKeySequence(SHORTCUT), self)
        self.bookmark_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.bookmark_shortcut.activated.connect(self.marks.toggle)
        keys.page_shortcut(self, keys.PREVIOUS, lambda: self._move(-1))
        keys.page_shortcut(self, keys.NEXT, lambda: self._move(1))
        keys.page_shortcut(self, keys.GUESSED, self._on_guess_key)
        self.grades.chosen.connect(self._on_grade)

        self.question.selection_changed.connect(self._update_buttons)
        self.question.image_requested.connect(self.zoom.show_image)
        self.check_button.clicked.connect(self._on_check)
        self.next_button.clicked.connect(lambda: self._move(1))
        self.previous_button.clicked.connect(lambda: self._move(-1))
        self.finish_button.clicked.connect(self._on_finish)
        self.end_button.clicked.connect(self._on_finish)
        self.report_button.clicked.connect(self.report.open)
        self.report.submitted.connect(self._on_report)

    # -- showing -------------------------------------------------------------------------------
    def load(self, state: PracticeState) -> None:
        self._state = state
        self._show_current()

    @property
    def state(self) -> PracticeState | None:
        return self._state

    def current_item(self) -> PracticeItem:
        assert self._state is not None
        return self._state.items[self._state.current]

    def _show_current(self) -> None:
        assert self._state is not None
        item = self.current_item()
        total = len(self._state.items)
        self.progress.setText(f"Question {item.position + 1} of {total}")
        parts = [p for p in (item.question.subdomain or item.question.domain, item.question.topic) if p]
        self.where.setText(" · ".join(parts))
        self.question.show_question(item.question, list(item.chosen) if item.chosen else None)
        self.guessed.setChecked(item.guessed)
        self.report.hide()
        self.zoom.hide()
        self.status.setText("")
        marks = self.marks.show(item.question.question_id)
        self.grades.clear()
        if item.chosen is None:
            self.feedback.clear()
            self.guessed.setEnabled(True)
            self.note_waiting.setVisible(bool(marks.note) and self._state.show_feedback)
        else:
            self._show_checked(item)
        self._shown_at = self._clock.monotonic()
        self._update_buttons()
        self._order_focus()
        self.question.stem.setFocus(Qt.FocusReason.OtherFocusReason)

    def _order_focus(self) -> None:
        """Tab follows the screen: the option buttons are made per question, so this runs per question."""
        after = [w for panel in (self.feedback, self.report) for w in tab_stops(panel)]
        chain_focus(self.bookmark_button, self.question.stem, *self.question.media_buttons,
                    *self.question.option_buttons, self.guessed, self.check_button, self.previous_button,
                    self.next_button, self.finish_button, self.report_button, self.end_button, *after)

    def _show_checked(self, item: PracticeItem) -> None:
        self.guessed.setEnabled(False)
        self.note_waiting.hide()
        if item.feedback is not None:
            self.question.lock(list(item.feedback.key_positions), list(item.chosen or []))
            self.feedback.show_feedback(item.feedback, rich=item.question.text_format == "html")
            self.note_editor.show()
        else:
            self.question.lock(None, list(item.chosen or []))
            self.feedback.show_saved()
            self.note_editor.hide()  # it could give the answer away before the session ends
        self._show_grade(item)

    def _show_grade(self, item: PracticeItem) -> None:
        """A review answer: when it comes back, and the grade the student may change."""
        state, grading = self._state, self._grading
        if grading is None or state is None:
            return
        grade = call_core(lambda: grading.grade(state.attempt_id, item.position), self.status.setText)
        if grade is not REFUSED:
            self.grades.show_grade(grade, self._clock.now())

    def _on_grade(self, name: str) -> None:
        state, grading = self._state, self._grading
        if grading is None or state is None or self.current_item().chosen is None:
            return
        position = state.current
        outcome = call_core(lambda: grading.regrade(state.attempt_id, position, name), self.status.setText)
        if outcome is REFUSED:
            self._show_grade(self.current_item())
            return
        grade, changes = outcome
        self.grades.show_grade(grade, self._clock.now())
        self._publish(changes)

    def _update_buttons(self) -> None:
        if self._state is None:
            return
        item = self.current_item()
        last = self._state.current == len(self._state.items) - 1
        checked = item.chosen is not None
        self.check_button.setEnabled(not checked and bool(self.question.chosen_positions()))
        self.check_button.setVisible(not checked)
        self.previous_button.setEnabled(self._state.current > 0)
        self.next_button.setVisible(not last)
        self.next_button.setEnabled(not last)
        self.finish_button.setVisible(last)

    # -- acting --------------------------------------------------------------------------------
    def _on_check(self) -> None:
        if self._state is None or self.current_item().chosen is not None:
            return
        chosen = self.question.chosen_positions()
        if not chosen:
            self.status.setText("Choose an answer first (press A–D or 1–4).")
            return
        seconds = max(0.0, self._clock.monotonic() - self._shown_at)
        state, guessed = self._state, self.guessed.isChecked()
        outcome = call_core(lambda: self._session.check(state.attempt_id, state.current, chosen, guessed=guessed,
                                                        seconds=seconds), self.status.setText)
        if outcome is REFUSED:
            return
        item, changes = outcome
        items = list(self._state.items)
        items[item.position] = item
        self._state = replace(self._state, items=tuple(items))
        self._show_checked(item)
        self._update_buttons()
        self._publish(changes)
        (self.finish_button if self.finish_button.isVisible() else self.next_button).setFocus()

    def _move(self, step: int) -> None:
        state = self._state
        if state is None:
            return
        target = self._state.current + step
        if not 0 <= target < len(self._state.items):
            return
        self.marks.commit()
        if call_core(lambda: self._session.go_to(state.attempt_id, target), self.status.setText) is REFUSED:
            return
        self._state = replace(self._state, current=target)
        self._show_current()

    def _on_finish(self) -> None:
        state = self._state
        if state is None:
            return
        self.marks.commit()
        outcome = call_core(lambda: self._session.finish(state.attempt_id), self.status.setText)
        if outcome is REFUSED:
            return
        summary, changes = outcome
        self._state = None
        self._publish(changes)
        self.finished.emit(summary)

    def _on_guess_key(self) -> None:
        if self._state is not None and self.guessed.isEnabled():  # only before the answer is checked
            self.guessed.toggle()

    def _on_report(self, reason: str, note: str) -> None:
        profile = self._ctx.profiles.current()
        question_id = self.current_item().question.question_id
        changes = call_core(lambda: self._ctx.reports.submit(profile.id, question_id, reason, note),
                            self.report.show_error)
        if changes is REFUSED:
            return
        self.report.hide()
        self.status.setText("Thank you: your report was saved for your instructor.")
        self._publish(changes)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if self._state is None:
            return super().keyPressEvent(event)
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        answered = self.current_item().chosen is not None
        if modifiers != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not answered:
                self._on_check()
            elif self._state.current == len(self._state.items) - 1:
                self._on_finish()
            else:
                self._move(1)
        elif answered and key in DIGIT_KEYS and self.grades.choose_key(DIGIT_KEYS[key] + 1):
            self._on_grade(self.grades.choose_key(DIGIT_KEYS[key] + 1) or "")
        elif not answered and (key in LETTER_KEYS or key in DIGIT_KEYS):
            self.question.choose_index(LETTER_KEYS.get(key, DIGIT_KEYS.get(key, -1)))
        else:
            super().keyPressEvent(event)


