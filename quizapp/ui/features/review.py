"""Spaced review of missed questions: home's `Start review (N due)` / `Resume review`, Ctrl+R,
and a review session on the practice page driven by `ctx.review` instead of `ctx.practice`.

Only one review session is open at a time: starting a new one finishes the open one first (its
answers are kept; its unanswered cards are still due and so come back in the new session), so
no half-done session lingers with the same cards in it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.core.overview import Overview
from quizapp.core.practice import PracticeState, PracticeSummary
from quizapp.core.profiles import ProfileInfo
from quizapp.core.wording import plural, plural_word
from quizapp.ui import keys
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.features.notes import read_note
from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.practice import PracticePage
    from quizapp.ui.pages.practice_summary import PracticeSummaryPage

SHORTCUT = keys.REVIEW.keys


def due_text(due: int) -> str:
    """What `Start review` says: the count due today, or that nothing is."""
    return f"Start review ({due} due)" if due else "Nothing due today"


def due_description(due: int, next_due: datetime | None) -> str:
    """The same for a screen reader, with when the next card falls due."""
    if due:
        return f"{plural(due, 'question')} you missed {plural_word(due, 'is')} due for review today."
    if next_due is None:
        return "Nothing due today. Questions you miss or mark as guessed come back here for review."
    return f"Nothing due today. The next review is due on {next_due.astimezone():%A %d %B}."


class ReviewFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        window.add_lazy_page("review", self._make_page)
        window.add_lazy_page("review_summary", self._make_summary)
        self._resume_id: str | None = None
        self._due = 0

        self.start_button = button("Start review", tip=f"Questions you missed, back when they are due ({SHORTCUT})")
        self.resume_button = button("Resume review", tip="Continue the review session you left")
        window.home.add_action(self.start_button, self._refresh_home)
        window.home.add_action(self.resume_button)
        self.start_button.clicked.connect(self._on_start)
        self.resume_button.clicked.connect(self._on_resume)

        window.command(keys.STUDY_MENU, "Start &review", SHORTCUT, self._on_shortcut)

    # -- pages (built on first use) --------------------------------------------------------------
    def _make_page(self) -> PracticePage:
        from quizapp.ui.pages.practice import PracticePage

        page = PracticePage(self.ctx, self.window.clock, self.window.publish, session=self.ctx.review, title="Review",
                            grading=self.ctx.review)
        page.end_button.setText("End review")
        page.end_button.setAccessibleName("End review session")
        page.end_button.setToolTip("Stop here and see your summary; answers so far are kept")
        page.finish_button.setAccessibleName("Finish review")
        page.finish_button.setToolTip("Finish and see your review summary (Enter)")
        page.finished.connect(self._on_finished)
        page.note_requested.connect(lambda name, anchor: read_note(self.window, name, anchor))
        return page

    def _make_summary(self) -> PracticeSummaryPage:
        from quizapp.ui.pages.practice_summary import PracticeSummaryPage

        page = PracticeSummaryPage(heading="Review summary")
        page.again_button.setText("Review more")
        page.again_button.setAccessibleName("Review more")
        page.again_button.setToolTip(f"Start another review with what is still due ({SHORTCUT})")
        page.home.connect(self.window.show_home)
        page.again.connect(self._on_start)
        return page

    @property
    def page(self) -> PracticePage:
        return self.window.page("review")  # type: ignore[return-value]

    @property
    def summary(self) -> PracticeSummaryPage:
        return self.window.page("review_summary")  # type: ignore[return-value]

    # -- home ------------------------------------------------------------------------------------
    def _refresh_home(self, profile: ProfileInfo, overview: Overview) -> None:
        self._resume_id = self.ctx.review.in_progress(profile.id)
        self._due = self.ctx.review.due_count(profile.id)
        self.start_button.setText(due_text(self._due))
        self.start_button.setEnabled(self._due > 0)
        next_due = None if self._due else self.ctx.review.next_due(profile.id)
        self.start_button.setAccessibleDescription(due_description(self._due, next_due))
        self.resume_button.setVisible(self._resume_id is not None)

    # -- flow ------------------------------------------------------------------------------------
    def show_session(self, state: PracticeState) -> None:
        self.window.show_page("review")
        self.page.load(state)

    def _on_shortcut(self) -> None:
        if self._resume_id is not None:
            self._on_resume()
        elif self.ctx.review.due_count(self.ctx.profiles.current().id):
            self._on_start()

    def _on_start(self) -> None:
        profile = self.ctx.profiles.current()
        open_id = self.ctx.review.in_progress(profile.id)

        def refused(message: str) -> None:
            self.window.show_home()
            self.window.home.summary.setText(f"Cannot start a review: {message}.")

        if open_id is not None:
            finished = call_core(lambda: self.ctx.review.finish(open_id), refused)
            if finished is REFUSED:
                return
            self.window.publish(finished[1])
        outcome = call_core(lambda: self.ctx.review.start(profile.id), refused)
        if outcome is REFUSED:
            return
        state, changes = outcome
        self.window.publish(changes)
        self.show_session(state)

    def _on_resume(self) -> None:
        attempt_id = self.ctx.review.in_progress(self.ctx.profiles.current().id)
        if attempt_id is None:
            self.window.show_home()
            return
        self.show_session(self.ctx.review.state(attempt_id))

    def _on_finished(self, summary: PracticeSummary) -> None:
        due = self.ctx.review.due_count(self.ctx.profiles.current().id)
        self.summary.show_summary(summary)
        self.summary.again_button.setEnabled(due > 0)
        self.summary.again_button.setAccessibleDescription(due_description(due, None) if due else
                                                           "Nothing more is due today.")
        self.window.show_page("review_summary")


def install(window: MainWindow) -> ReviewFeature:
    return ReviewFeature(window)
