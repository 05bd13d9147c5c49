"""Before submitting: every question, filtered to all / unanswered / flagged / answered as on the
results page (each jumps back), then `Submit exam` and an inline `Confirm submit` (no modal dialog).

The exam's clock keeps running here, so this page shows the countdown too and, while it is on
screen, asks the engine for the time: at zero the engine submits and the results follow, exactly
as on the question page.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QRadioButton, QWidget

from quizapp.core.changes import Changes
from quizapp.core.exam.engine import ExamEngine
from quizapp.core.exam.state import ExamState, ItemState
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import TimedExamPage
from quizapp.ui.widgets.common import button, button_row, card, label, scroll_page
from quizapp.ui.widgets.countdown import Countdown, TimeWarningBanner
from quizapp.ui.widgets.flow_layout import FlowLayout
from quizapp.ui.widgets.navigator import FLAGGED_MARK

EXCERPT_CHARS = 140


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a stem, cut at a word, so a long list stays scannable."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


REVIEW_BATCH = 40  # rows built at a time: a 180-question exam builds more on request


class Shown(Enum):
    """Which questions the list shows."""

    ALL = "all"
    UNANSWERED = "unanswered"
    FLAGGED = "flagged"
    ANSWERED = "answered"

    def keeps(self, item: ItemState) -> bool:
        return {Shown.ALL: True, Shown.UNANSWERED: not item.answered, Shown.FLAGGED: item.flagged,
                Shown.ANSWERED: item.answered}[self]


EMPTY_TEXT = {"unanswered": "Every question has an answer.", "flagged": "No question is flagged.",
              "answered": "No question has an answer yet.", "all": "This exam has no questions."}
FILTERS = ((Shown.ALL, "All questions", "Show all questions", "question"),
           (Shown.UNANSWERED, "Unanswered", "Show unanswered questions", "unanswered question"),
           (Shown.FLAGGED, f"{FLAGGED_MARK} Flagged", "Show flagged questions", "flagged question"),
           (Shown.ANSWERED, "Answered", "Show answered questions", "answered question"))


def item_status(item: ItemState) -> str:
    """"Answered", "Unanswered", with "⚑ Flagged" on a line of its own (a narrow column at 200% text)."""
    parts = ["Answered" if item.answered else "Unanswered"]
    if item.flagged:
        parts.append(f"{FLAGGED_MARK} Flagged")
    return "\n".join(parts)


def numbers(positions: tuple[int, ...]) -> str:
    """Question numbers with runs shortened: "4, 9, 42–176" (a full exam left half blank would
    otherwise be a wall of numbers)."""
    runs: list[list[int]] = []
    for number in (p + 1 for p in sorted(positions)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}, {b}" if b == a + 1 else f"{a}–{b}" for a, b in runs)


def review_summary(state: ExamState) -> str:
    unanswered, flagged = state.unanswered, state.flagged
    text = f"You have answered {state.answered_count} of {plural(state.total, 'question')}."
    text += (f" Unanswered ({len(unanswered)}): {numbers(unanswered)}." if unanswered
             else " Every question has an answer.")
    text += f" Flagged for review ({len(flagged)}): {numbers(flagged)}." if flagged else " None is flagged."
    return text


class ExamReviewPage(TimedExamPage):
    title = "Review answers"
    jump = Signal(int)  # 0-based position: back to the exam at this item
    back = Signal()
    finished = Signal(int)  # attempt id, submitted

    def __init__(self, publish: Callable[[Changes], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._publish = publish
        self._engine: ExamEngine | None = None
        self._state: ExamState | None = None
        self._rows: list[QWidget] = []
        column = scroll_page(self)
        header = QHBoxLayout()
        header.addWidget(label("Review your answers", role="title"), 1)
        self.countdown = Countdown("exam review countdown", self._on_tick)
        header.addWidget(self.countdown, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(header)
        self.warning = TimeWarningBanner()
        column.addWidget(self.warning)
        self.summary = label(name="Review summary")
        column.addWidget(self.summary)

        actions = QHBoxLayout()
        self.back_button = button("Back to exam", tip="Return to the question you were on (Esc)")
        self.submit_button = button("Submit exam", tip="Finish the exam: you are asked to confirm first", primary=True)
        actions.addWidget(self.back_button)
        actions.addWidget(self.submit_button)
        actions.addStretch(1)
        column.addLayout(actions)

        self.confirm_panel, confirm_layout = card("banner")
        confirm_layout.addWidget(label("Submit the exam now?", role="subtitle"))
        self.confirm_text = label(name="Submit warning")
        confirm_layout.addWidget(self.confirm_text)
        self.confirm_button = button("Submit now", "Confirm submit", tip="Submit and see your results (Enter)",
                                     primary=True)
        self.keep_button = button("Keep working", tip="Go on with the exam; nothing is submitted (Esc)")
        button_row(confirm_layout, self.confirm_button, self.keep_button)
        column.addWidget(self.confirm_panel)
        self.confirm_panel.hide()
        self.status = label(role="muted", name="Review status")
        column.addWidget(self.status)
        self.status.hide()

        self.list_card, list_layout = card()
        self.list_title = label("Questions", role="subtitle")
        list_layout.addWidget(self.list_title)
        filters = FlowLayout()
        self._filter_group = QButtonGroup(self)
        self.filter_buttons: dict[Shown, QRadioButton] = {}
        for which, text, name, _ in FILTERS:
            radio = QRadioButton(text)
            radio.setAccessibleName(name)
            self._filter_group.addButton(radio)
            filters.addWidget(radio)
            self.filter_buttons[which] = radio
        list_layout.addLayout(filters)
        self.list_count = label(role="muted", name="Review list count")
        list_layout.addWidget(self.list_count)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(2, 1)
        list_layout.addLayout(self.grid)
        self.more_button = button("Show more", "Show more questions", tip="Show the next questions of this list")
        list_layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.list_card)
        self._shown_filter = Shown.ALL
        self._listed = 0
        self.filter_buttons[Shown.ALL].setChecked(True)
        for which, radio in self.filter_buttons.items():
            radio.toggled.connect(lambda on, w=which: on and self._on_filter(w))
        self.more_button.clicked.connect(self._on_more)

        column.addStretch(1)

        self.back_button.clicked.connect(self.back)
        self.submit_button.clicked.connect(self._on_submit)
        self.confirm_button.clicked.connect(self._on_confirm)
        self.keep_button.clicked.connect(self._on_keep_working)

    # -- showing -------------------------------------------------------------------------------
    def load(self, engine: ExamEngine) -> None:
        self._engine = engine
        self.warning.hide()
        self.confirm_panel.hide()
        self.submit_button.show()
        self.status.hide()
        self._shown_filter = Shown.ALL
        radio = self.filter_buttons[Shown.ALL]
        radio.blockSignals(True)
        radio.setChecked(True)
        radio.blockSignals(False)
        self._show(engine.state())
        self.countdown.run(not engine.submitted)

    def _show(self, state: ExamState) -> None:
        self._state = state
        self.countdown.show_remaining(state.remaining_seconds)
        self.summary.setText(review_summary(state))
        self._show_list()
        self.submit_button.setFocus()

    # -- the list of questions -----------------------------------------------------------------
    def _on_filter(self, which: Shown) -> None:
        self._shown_filter = which
        self._show_list()

    def _chosen(self) -> list[ItemState]:
        assert self._state is not None
        return [item for item in self._state.items if self._shown_filter.keeps(item)]

    def _show_list(self) -> None:
        for widget in self._rows:
            widget.hide()  # deleteLater waits for the event loop; gone from view now
            widget.deleteLater()
        self._rows.clear()
        self._listed = 0
        self._on_more()

    def _on_more(self) -> None:
        if self._state is None:
            return
        chosen = self._chosen()
        batch = chosen[self._listed:self._listed + REVIEW_BATCH]
        added: list[QWidget] = []
        for r, item in enumerate(batch, start=self._listed):
            jump = button(f"Question {item.number}", f"Go to question {item.number}",
                          tip=f"Back to question {item.number}")
            jump.clicked.connect(lambda _=False, p=item.position: self.jump.emit(p))
            status = label(item_status(item), wrap=False)
            stem = label(excerpt(item.question.stem), role="muted")
            for text in (status, stem):
                text.setContentsMargins(0, 6, 0, 0)  # first line level with the button's text
            self.grid.addWidget(jump, r, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(status, r, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(stem, r, 2)
            added += [jump, status, stem]
        for widget in added:
            widget.show()  # a layout would only show it on the next event-loop pass
        self._rows += added
        self._listed = min(len(chosen), self._listed + REVIEW_BATCH)
        noun = next(n for w, _, _, n in FILTERS if w is self._shown_filter)
        self.list_count.setText(f"Showing {self._listed} of {plural(len(chosen), noun)}." if chosen
                                else EMPTY_TEXT[self._shown_filter.value])
        self.more_button.setVisible(self._listed < len(chosen))

    # -- acting --------------------------------------------------------------------------------
    def _on_tick(self) -> None:
        if self._engine is not None:
            engine = self._engine
            update = call_core(engine.tick, lambda message: None)  # the window's banner says why
            if update is not REFUSED:
                self._apply(update)

    def _on_submit(self) -> None:
        if self._state is None:
            return
        blank = len(self._state.unanswered)
        self.confirm_text.setText(
            "After submitting you cannot change any answer. "
            + (f"{blank} question{'s are' if blank != 1 else ' is'} unanswered and will count as wrong. "
               if blank else "Every question has an answer. ")
            + "Your results open straight away.")
        self.submit_button.hide()
        self.confirm_panel.show()
        self.confirm_button.setFocus()

    def _on_keep_working(self) -> None:
        self.confirm_panel.hide()
        self.submit_button.show()
        self.submit_button.setFocus()

    def _on_confirm(self) -> None:
        if self._engine is None:
            return
        def refused(message: str) -> None:
            self.status.setText(message)
            self.status.show()
        update = call_core(lambda: self._engine.submit(), refused)
        if update is REFUSED:
            return
        self._apply(update)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self._on_keep_working() if self.confirm_panel.isVisible() else self.back.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.confirm_panel.isVisible():
            self._on_confirm()
        else:
            super().keyPressEvent(event)
