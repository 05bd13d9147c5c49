"""Practice by topic: set-up, questions with instant feedback, summary; home's practice buttons,
and `Quick 10` (ten questions picked for what the student needs most: quizapp.core.drills)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.core.overview import Overview
from quizapp.core.practice import PracticeRequest, PracticeState, PracticeSummary
from quizapp.core.profiles import ProfileInfo
from quizapp.ui import keys
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.features.notes import read_note
from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.practice import PracticePage
    from quizapp.ui.pages.practice_setup import PracticeSetupPage
    from quizapp.ui.pages.practice_summary import PracticeSummaryPage


class PracticeFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        window.add_lazy_page("practice_setup", self._make_setup)
        window.add_lazy_page("practice", self._make_page)
        window.add_lazy_page("practice_summary", self._make_summary)
        self._resume_id: str | None = None

        self.start_button = button("Start practice", tip="Practise by topic with instant feedback (Ctrl+P)",
                                   primary=True)
        self.resume_button = button("Resume practice", tip="Continue the practice session you left")
        self.quick_button = button("Quick 10", tip="Ten questions picked for you: reviews due today, then questions "
                                                   "you missed, then new ones from your weakest topics, then any new "
                                                   "ones (Ctrl+Shift+P)")
        window.home.add_action(self.start_button, self._refresh_home)
        window.home.add_action(self.quick_button)
        window.home.add_action(self.resume_button)

        self.start_button.clicked.connect(lambda: self.show_setup())
        self.quick_button.clicked.connect(self.quick_ten)
        self.resume_button.clicked.connect(self._on_resume)

        window.command(keys.STUDY_MENU, "Start &practice", keys.PRACTICE.keys, lambda: self.show_setup())
        window.command(keys.STUDY_MENU, "&Quick 10", keys.QUICK_TEN.keys, self.quick_ten)

    # Pages are built on first use (MainWindow.add_lazy_page); these build and wire them.
    def _make_setup(self) -> PracticeSetupPage:
        from quizapp.ui.pages.practice_setup import PracticeSetupPage

        page = PracticeSetupPage(self.ctx, self.window.settings)
        page.begin.connect(self._on_begin)
        page.back.connect(self.window.show_home)
        return page

    def _make_page(self) -> PracticePage:
        from quizapp.ui.pages.practice import PracticePage

        page = PracticePage(self.ctx, self.window.clock, self.window.publish)
        page.finished.connect(self._on_finished)
        page.note_requested.connect(lambda name, anchor: read_note(self.window, name, anchor))
        return page

    def _make_summary(self) -> PracticeSummaryPage:
        from quizapp.ui.pages.practice_summary import PracticeSummaryPage

        page = PracticeSummaryPage()
        page.home.connect(self.window.show_home)
        page.again.connect(lambda: self.show_setup())
        return page

    @property
    def setup(self) -> PracticeSetupPage:
        return self.window.page("practice_setup")  # type: ignore[return-value]

    @property
    def page(self) -> PracticePage:
        return self.window.page("practice")  # type: ignore[return-value]

    @property
    def summary(self) -> PracticeSummaryPage:
        return self.window.page("practice_summary")  # type: ignore[return-value]

    def _refresh_home(self, profile: ProfileInfo, overview: Overview) -> None:
        self._resume_id = self.ctx.practice.in_progress(profile.id)
        self.resume_button.setVisible(self._resume_id is not None)
        self.start_button.setEnabled(not overview.empty)
        self.quick_button.setEnabled(not overview.empty)

    def show_setup(self, topics: tuple[str, ...] | None = None) -> None:
        setup = self.setup
        setup.prepare(topics)
        self.window.show_page("practice_setup")
        setup.begin_button.setFocus()

    def show_session(self, state: PracticeState) -> None:
        self.window.show_page("practice")
        self.page.load(state)

    def _on_begin(self, request: PracticeRequest) -> None:
        profile_id = self.ctx.profiles.current().id
        outcome = call_core(lambda: self.ctx.practice.start(profile_id, request), self.setup.show_error)
        if outcome is REFUSED:
            return
        state, changes = outcome
        self.window.publish(changes)
        self.show_session(state)

    def quick_ten(self) -> None:
        """Quick 10: no set-up, straight into ten questions with feedback (never over a running exam)."""
        from quizapp.core.drills import QUICK, QUICK_COUNT  # loads the statistics: not at start-up
        from quizapp.ui.pages.base import TimedExamPage

        if isinstance(self.window.stack.currentWidget(), TimedExamPage) or not self.quick_button.isEnabled():
            return
        profile_id = self.ctx.profiles.current().id

        def refused(message: str) -> None:
            self.window.home.summary.setText(f"Cannot start Quick 10: {message}.")

        request = PracticeRequest(mode=QUICK, count=QUICK_COUNT)
        outcome = call_core(lambda: self.ctx.practice.start(profile_id, request), refused)
        if outcome is REFUSED:
            return
        state, changes = outcome
        self.window.publish(changes)
        self.show_session(state)

    def _on_resume(self) -> None:
        if self._resume_id:
            self.show_session(self.ctx.practice.state(self._resume_id))

    def _on_finished(self, summary: PracticeSummary) -> None:
        self.summary.show_summary(summary)
        self.window.show_page("practice_summary")


def install(window: MainWindow) -> PracticeFeature:
    return PracticeFeature(window)
