"""A mock exam in progress: the question, "Question 37 of 180", the time left, Flag for review,
Previous / Next and the navigator. No feedback on answers: correctness is decided at submit.

The page wraps an `ExamEngine` and only renders what each engine action returns; every answer,
flag and move is committed by the engine before it is drawn, and one that could not be saved (a
full disk, a read-only database) is drawn back as it is stored. The countdown's UI timer runs only
while this page is visible and merely asks `engine.tick()`: the engine itself submits at zero,
and when any action or tick reports the exam submitted the page hands over to the results.

Keys (quizapp.ui.keys): letters A–O or digits answer, Enter or Alt+Right next, Alt+Left previous,
Alt+L flag, Alt+R review answers, Alt+N the navigator: letters are only ever answers.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from quizapp.core.changes import Changes
from quizapp.core.exam.engine import ExamEngine
from quizapp.core.exam.state import ExamState, ExamUpdate
from quizapp.core.questions import LETTERS
from quizapp.ui import keys
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import TimedExamPage
from quizapp.ui.widgets.common import button, chain_focus, label
from quizapp.ui.widgets.countdown import Countdown, TimeWarningBanner
from quizapp.ui.widgets.fitting_scroll import FittingScrollArea
from quizapp.ui.widgets.flow_layout import FlowLayout
from quizapp.ui.widgets.navigator import QuestionNavigator
from quizapp.ui.widgets.question_view import QuestionWidget
from quizapp.ui.widgets.status_line import hush, say

# Every option's letter chooses it, digits 1-9 too: exam packs may hold imported questions with
# up to fifteen options (A-O), so the exam's commands take Alt and never a letter of their own.
LETTER_KEYS = {getattr(Qt.Key, f"Key_{c}"): i for i, c in enumerate(LETTERS)}
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n - 1 for n in range(1, 10)}
KEYS_HINT = (f"Keys: A–D or 1–4 answer · {keys.EXAM_NEXT.keys} or {keys.NEXT.keys} next · {keys.PREVIOUS.keys} "
             f"previous · {keys.FLAG.keys} flag for review · {keys.REVIEW_ANSWERS.keys} review answers · "
             f"{keys.NAVIGATOR.keys} question navigator")


class MockExamPage(TimedExamPage):
    title = "Mock exam"
    finished = Signal(int)  # attempt id: the exam was submitted (by the student or at zero)
    review_requested = Signal()

    def __init__(self, publish: Callable[[Changes], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._publish = publish
        self._engine: ExamEngine | None = None
        self._state: ExamState | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 16, 28, 16)
        outer.setSpacing(10)

        header = QGridLayout()  # the exam's name under the position: at 200% text it never squeezes them
        header.setVerticalSpacing(0)
        self.position = label(role="subtitle", name="Question position", wrap=False)
        self.exam_name = label(role="muted", name="Exam name")
        self.countdown = Countdown("exam countdown", self._on_tick)
        header.addWidget(self.position, 0, 0)
        header.addWidget(self.exam_name, 1, 0)
        header.addWidget(self.countdown, 0, 1, 2, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.setColumnStretch(0, 1)
        outer.addLayout(header)
        self.warning = TimeWarningBanner()
        outer.addWidget(self.warning)

        body = QHBoxLayout()
        body.setSpacing(20)
        left = QVBoxLayout()  # the question scrolls; its buttons stay in a bar below, never off screen
        left.setSpacing(8)
        self.question_area = FittingScrollArea()
        self.question_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible tab stop
        self.question_area.setWidgetResizable(True)
        self.question_area.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("pageBody")
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(12)
        self.question = QuestionWidget()
        column.addWidget(self.question)
        column.addWidget(label(KEYS_HINT, role="muted", name="Exam keys"))
        column.addStretch(1)
        self.question_area.setWidget(inner)
        left.addWidget(self.question_area)
        self.button_bar = QWidget()
        self.button_bar.setObjectName("examButtons")
        bar = QVBoxLayout(self.button_bar)
        bar.setContentsMargins(0, 4, 0, 0)
        bar.setSpacing(6)
        moves = FlowLayout()  # wraps onto a second line at large text instead of clipping
        self.previous_button = button("Previous", "Previous question",
                                      tip=f"Go back one question ({keys.PREVIOUS.keys})")
        self.next_button = button("Next", "Next question", primary=True,
                                  tip=f"Go to the next question ({keys.EXAM_NEXT.keys} or {keys.NEXT.keys})")
        self.flag_button = button("Flag for review", tip=f"Mark this question to come back to ({keys.FLAG.keys})")
        self.flag_button.setCheckable(True)
        self.review_button = button("Review answers", tip="See every question, answered or not, then submit "
                                                           f"({keys.REVIEW_ANSWERS.keys})")
        for widget in (self.previous_button, self.next_button, self.flag_button, self.review_button):
            moves.addWidget(widget)
        bar.addLayout(moves)
        self.status = label(role="muted", name="Exam status")
        self.status.hide()  # shown only while it has something to say
        bar.addWidget(self.status)
        left.addWidget(self.button_bar)
        left.addStretch(1)  # room to spare goes below the buttons, so they sit under a short question
        self.navigator = QuestionNavigator()
        self.navigator.setToolTip(f"Go to any question ({keys.NAVIGATOR.keys}, then arrow keys and Enter)")
        body.addLayout(left, 7)
        body.addWidget(self.navigator, 3)
        outer.addLayout(body, 1)

        self.question.selection_changed.connect(self._on_selection_changed)
        self.previous_button.clicked.connect(self._on_previous)
        self.next_button.clicked.connect(self._on_next)
        self.flag_button.clicked.connect(self._on_flag)
        self.review_button.clicked.connect(self.review_requested)
        self.navigator.jump.connect(self.go_to)
        keys.page_shortcut(self, keys.PREVIOUS, self._on_previous)
        keys.page_shortcut(self, keys.NEXT, self._on_next)
        keys.page_shortcut(self, keys.NAVIGATOR, self.navigator.focus_cell)
        keys.page_shortcut(self, keys.FLAG, self._on_flag)
        keys.page_shortcut(self, keys.REVIEW_ANSWERS, self.review_requested.emit)

    # -- showing -------------------------------------------------------------------------------
    @property
    def engine(self) -> ExamEngine | None:
        return self._engine

    @property
    def state(self) -> ExamState | None:
        return self._state

    def load(self, engine: ExamEngine) -> None:
        """Shows an exam (new or resumed) at its current item and starts asking for the time."""
        self._engine = engine
        self._state = engine.state()
        self.exam_name.setText(self._state.blueprint_name)
        self.warning.hide()
        hush(self.status)
        self.navigator.show_items(self._state.items, self._state.current_index)
        self._show_current()
        self.countdown.show_remaining(self._state.remaining_seconds)
        self.countdown.run(not self._state.submitted)

    def _show_current(self) -> None:
        assert self._state is not None
        state = self._state
        item = state.current
        self.position.setText(f"Question {item.number} of {state.total}")
        self.question.show_question(item.question, list(item.chosen))
        self.question_area.content_changed()
        self.question_area.verticalScrollBar().setValue(0)  # a new question starts at its first line
        self._show_flag(item.flagged)
        self.previous_button.setEnabled(state.current_index > 0)
        self.next_button.setEnabled(state.current_index < state.total - 1)
        # Tab reads the screen: the question, its options (made per question), the buttons under
        # them, then the navigator beside them.
        chain_focus(self.question.stem, *self.question.media_buttons, *self.question.option_buttons,
                    self.previous_button, self.next_button, self.flag_button, self.review_button)
        self.question.stem.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_flag(self, flagged: bool) -> None:
        self.flag_button.setChecked(flagged)
        self.flag_button.setText("⚑ Flagged for review" if flagged else "Flag for review")

    # -- acting --------------------------------------------------------------------------------
    def _act(self, action: Callable[[ExamEngine], ExamUpdate]) -> ExamUpdate | None:
        if self._engine is None:
            return None
        engine = self._engine
        update = call_core(lambda: action(engine), lambda message: say(self.status, message, problem=True))
        if update is REFUSED:
            return None
        return update if self._apply(update) else None

    def go_to(self, position: int) -> None:
        """Moves to an item (0-based): the navigator, the review screen, Next and Previous."""
        if self._state is None:
            return
        before = self._state.current
        if self._act(lambda e: e.go_to(position)) is None or self._state is None:
            return
        self.navigator.move_current(before, self._state.current)
        self._show_current()

    def _on_next(self) -> None:
        if self._state is not None and self._state.current_index < self._state.total - 1:
            self.go_to(self._state.current_index + 1)

    def _on_previous(self) -> None:
        if self._state is not None and self._state.current_index > 0:
            self.go_to(self._state.current_index - 1)

    def _on_flag(self) -> None:
        if self._state is None:
            return
        position = self._state.current_index
        if self._act(lambda e: e.toggle_flag(position)) is None or self._state is None:
            if self._state is not None:  # not saved: the button shows the stored flag again
                self._show_flag(self._state.items[position].flagged)
            return
        item = self._state.items[position]
        self._show_flag(item.flagged)
        self.navigator.show_item(item)
        say(self.status, "Flagged for review." if item.flagged else "Flag removed.")

    def _on_selection_changed(self) -> None:
        if self._state is None:
            return
        item = self._state.current
        chosen = self.question.chosen_positions()
        if tuple(sorted(chosen)) == tuple(sorted(item.chosen)):
            return
        position = item.position
        if chosen:
            update = self._act(lambda e: e.answer(position, chosen))
        else:
            update = self._act(lambda e: e.clear_answer(position))
        if update is not None and self._state is not None:
            self.navigator.show_item(self._state.items[position])
            hush(self.status)
        elif self._state is not None:  # not saved: the options show the stored answer again
            self.question.show_question(item.question, list(self._state.items[position].chosen))

    def _on_tick(self) -> None:
        if self._engine is not None:
            self._act(lambda e: e.tick())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if self._state is None:
            return super().keyPressEvent(event)
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
        elif key in LETTER_KEYS or key in DIGIT_KEYS:
            self.question.choose_index(LETTER_KEYS.get(key, DIGIT_KEYS.get(key, -1)))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # as in practice, Enter goes on
            if self._state.current_index < self._state.total - 1:
                self._on_next()
            else:
                self.review_requested.emit()
        else:
            super().keyPressEvent(event)
