"""Timed mock exams: set-up, the exam, the review before submitting, the results; home's
`Start mock exam` / `Resume exam`; and the question before closing the window mid-exam.

One live `ExamEngine` at most: leaving the exam for another page keeps it (and its clock, which
runs while the app is open), so `Resume exam` goes back to the same engine; after a restart it
is rebuilt from committed state by `ctx.exams.resume`. While the exam's own pages are not on
screen (another page, or the window minimised) the feature's clock timer ticks the engine, so
its time is still checkpointed every few seconds (and it still submits at zero); a banner above
every other page says the clock keeps running, and home's `Resume exam (… left)` counts down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from quizapp.core.exam.timing import format_clock
from quizapp.core.overview import Overview
from quizapp.core.profiles import ProfileInfo
from quizapp.ui import keys
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.features.notes import read_note
from quizapp.ui.timers import while_wanted
from quizapp.ui.widgets.banner import Banner
from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.core.exam.engine import ExamEngine
    from quizapp.core.exam.state import InProgressExam
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.exam import MockExamPage
    from quizapp.ui.pages.exam_results import ExamResultsPage
    from quizapp.ui.pages.exam_review import ExamReviewPage
    from quizapp.ui.pages.exam_setup import ExamRequest, ExamSetupPage

HEADLESS_PLATFORMS = ("offscreen", "minimal")  # nobody can answer a question box there
CLOCK_MS = 500  # as the exam page's own countdown: the shown second never skips


def leave_message(strict: bool) -> str:
    clock = ("With strict timing the clock keeps running while the app is closed, as at a test centre."
             if strict else "The clock stops while the app is closed.")
    return (f"Your answers and flags are saved, and Resume exam on the home page takes you back to this "
            f"question. {clock}")


class ExamFeature(QObject):
    """Wires the exam pages together and watches the window's close (hence a QObject)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        self.engine: ExamEngine | None = None
        self._open: InProgressExam | None = None
        window.add_lazy_page("exam_setup", self._make_setup)
        window.add_lazy_page("exam", self._make_page)
        window.add_lazy_page("exam_review", self._make_review)
        window.add_lazy_page("exam_results", self._make_results)

        self.start_button = button("Start mock exam", tip="A timed exam shaped like the CCMA (Ctrl+E)")
        self.resume_button = button("Resume exam", tip="Go back to your unfinished mock exam")
        window.home.add_action(self.start_button, self._refresh_home)
        window.home.add_action(self.resume_button)

        self.start_button.clicked.connect(self.show_setup)
        self.resume_button.clicked.connect(self._on_resume)

        window.command(keys.STUDY_MENU, "Start mock &exam", keys.EXAM.keys, self.show_setup)
        window.installEventFilter(self)

        # The running exam's clock, whatever page is shown (its own pages tick it while visible).
        self.clock = while_wanted(self, "exam clock", CLOCK_MS, self._on_clock)
        self.banner = Banner("Exam clock", action="Return to the exam")
        assert self.banner.action is not None
        self.banner.action.setToolTip("Go back to the question you were on")
        self.banner.action.clicked.connect(self._on_resume)
        window.add_banner(self.banner)
        window.stack.currentChanged.connect(self._on_page_changed)

    # -- pages, built on first use (the exam modules load when a student first opens an exam) --
    def _make_setup(self) -> ExamSetupPage:
        from quizapp.ui.pages.exam_setup import ExamSetupPage

        page = ExamSetupPage(self.ctx.exams)
        page.begin.connect(self._on_begin)
        page.back.connect(self.window.show_home)
        page.resume.connect(self._on_resume)
        return page

    def _make_page(self) -> MockExamPage:
        from quizapp.ui.pages.exam import MockExamPage

        page = MockExamPage(self.window.publish)
        page.review_requested.connect(self._on_review_requested)
        page.finished.connect(self._on_finished)
        return page

    def _make_review(self) -> ExamReviewPage:
        from quizapp.ui.pages.exam_review import ExamReviewPage

        page = ExamReviewPage(self.window.publish)
        page.jump.connect(self._on_jump)
        page.back.connect(self._on_back_to_exam)
        page.finished.connect(self._on_finished)
        return page

    def _make_results(self) -> ExamResultsPage:
        from quizapp.ui.pages.exam_results import ExamResultsPage
        from quizapp.ui.widgets.question_marks import MarksClient

        page = ExamResultsPage(marks=MarksClient(self.ctx, self.window.publish))
        page.home.connect(self.window.show_home)
        page.again.connect(self.show_setup)
        page.note_requested.connect(lambda name, anchor: read_note(self.window, name, anchor))
        return page

    @property
    def setup(self) -> ExamSetupPage:
        return self.window.page("exam_setup")  # type: ignore[return-value]

    @property
    def page(self) -> MockExamPage:
        return self.window.page("exam")  # type: ignore[return-value]

    @property
    def review(self) -> ExamReviewPage:
        return self.window.page("exam_review")  # type: ignore[return-value]

    @property
    def results(self) -> ExamResultsPage:
        return self.window.page("exam_results")  # type: ignore[return-value]

    # -- home ----------------------------------------------------------------------------------
    def _live(self, attempt_id: int | None) -> ExamEngine | None:
        """The engine in memory for this attempt, if it is still running."""
        engine = self.engine
        if engine is None or engine.submitted or engine.attempt_id != attempt_id:
            return None
        return engine

    def _refresh_home(self, profile: ProfileInfo, overview: Overview) -> None:
        self._open = self.ctx.exams.in_progress(profile.id)
        self.start_button.setEnabled(not overview.empty)
        self.resume_button.setVisible(self._open is not None)
        if self._open is not None:
            live = self._live(self._open.attempt_id)
            left = live.remaining_seconds() if live else self._open.remaining_seconds
            self.resume_button.setText(f"Resume exam ({format_clock(left)} left)")
            self.resume_button.setAccessibleDescription(
                f"{self._open.blueprint_name}: {self._open.answered} of {self._open.total} answered")

    # -- flow ----------------------------------------------------------------------------------
    def show_setup(self) -> None:
        open_exam = self.ctx.exams.in_progress(self.ctx.profiles.current().id)
        live = self._live(open_exam.attempt_id) if open_exam else None
        self.setup.prepare(open_exam, live.remaining_seconds() if live else None)
        self.window.show_page("exam_setup")
        radio = self.setup.radios.get(self.setup.selected_slug() or "")
        (radio or self.setup.begin_button).setFocus()

    def _on_begin(self, request: ExamRequest) -> None:
        profile = self.ctx.profiles.current()
        outcome = call_core(lambda: self.ctx.exams.start(profile.id, request.slug, accommodation=request.accommodation,
                                                         strict=request.strict), self.setup.show_error)
        if outcome is REFUSED:
            return
        engine, changes = outcome
        self._drop_engine()
        self.window.publish(changes)
        self._show_exam(engine)

    def _on_resume(self) -> None:
        open_exam = self.ctx.exams.in_progress(self.ctx.profiles.current().id)
        if open_exam is None:
            self.window.show_home()
            return
        live = self._live(open_exam.attempt_id)
        if live is not None:
            self._show_exam(live)
            return
        def refused(message: str) -> None:
            self.window.show_home()
            self.window.home.summary.setText(f"Cannot resume the exam: {message}")
        outcome = call_core(lambda: self.ctx.exams.resume(open_exam.attempt_id), refused)
        if outcome is REFUSED:
            return
        engine, changes = outcome
        self._drop_engine()
        self.window.publish(changes)
        self._show_exam(engine)  # straight to the results if strict timing ran out while closed

    def _show_exam(self, engine: ExamEngine) -> None:
        if not engine.submitted and engine.remaining_seconds() <= 0:  # ran out while another page was shown
            update = call_core(engine.tick, lambda message: None)  # the window's banner says why
            if update is not REFUSED:
                self.window.publish(update.changes)
        if engine.submitted:
            self._drop_engine()
            self._show_results(engine.attempt_id)
            return
        self.engine = engine
        self.review.unload()
        self.page.load(engine)
        self.clock.set_wanted(True)
        self.window.show_page("exam")
        self.page.question.stem.setFocus()

    def _on_review_requested(self) -> None:
        if self.engine is None or self.engine.submitted:
            return
        self.review.load(self.engine)
        self.window.show_page("exam_review")
        self.review.submit_button.setFocus()

    def _on_jump(self, position: int) -> None:
        self.window.show_page("exam")
        self.page.go_to(position)

    def _on_back_to_exam(self) -> None:
        self.window.show_page("exam")
        self.page.question.stem.setFocus()

    def _on_finished(self, attempt_id: int) -> None:
        self._drop_engine()
        self._show_results(attempt_id)

    def _show_results(self, attempt_id: int) -> None:
        def refused(message: str) -> None:
            self.window.show_home()
            self.window.home.summary.setText(f"Cannot show the results: {message}")
        results = call_core(lambda: self.ctx.exams.results(attempt_id), refused)
        if results is REFUSED:
            return
        self.results.show_results(results)
        self.window.show_page("exam_results")
        self.results.home_button.setFocus()

    def _drop_engine(self) -> None:
        self.engine = None
        self.clock.set_wanted(False)
        self.banner.hide()
        self.page.unload()
        self.review.unload()

    # -- the clock while the exam is not on screen ------------------------------------------------
    def _pages_tick(self) -> bool:
        """True while the exam page or its review screen ticks the engine itself (shown)."""
        pages = [self.window.pages.get(name) for name in ("exam", "exam_review")]
        return any(page is not None and page.countdown.timer.isActive() for page in pages)  # type: ignore[attr-defined]

    def _on_clock(self) -> None:
        engine = self.engine
        if engine is None or engine.submitted:
            self.clock.set_wanted(False)
            return
        if not self._pages_tick():
            update = call_core(engine.tick, lambda message: None)  # the window's banner says why
            if update is REFUSED:
                return
            self.window.publish(update.changes)
            if update.state.submitted:  # the time ran out while another page was shown
                self._on_finished(update.state.attempt_id)
                return
        self._show_clock()

    def _on_page_changed(self, _index: int) -> None:
        self._show_clock()

    def _show_clock(self) -> None:
        """The banner above any page but the exam's own, and home's countdown on `Resume exam`."""
        engine = self.engine
        if engine is None or engine.submitted:
            self.banner.hide()
            return
        left = format_clock(engine.remaining_seconds())
        if self.resume_button.isVisible():
            self.resume_button.setText(f"Resume exam ({left} left)")
        away = self.window.stack.currentWidget() not in (self.window.pages.get("exam"),
                                                          self.window.pages.get("exam_review"))
        if away:
            self.banner.say(f"Your mock exam's clock keeps running while you are away: {left} left. Your answers "
                            "are saved.", announce_it=not self.banner.isVisible())
        else:
            self.banner.hide()

    # -- closing the window mid-exam -------------------------------------------------------------
    def _exam_on_screen(self) -> bool:
        current = self.window.stack.currentWidget()
        return self.window.isVisible() and current in (self.page, self.review)

    def confirm_leave(self, strict: bool) -> bool:
        """Asks whether to leave a running exam. Overridable (tests replace it); on a headless
        platform there is nobody to answer, so it leaves: the attempt stays resumable anyway."""
        if QGuiApplication.platformName() in HEADLESS_PLATFORMS:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Leave the exam?", "Leave the exam and close quizapp?",
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setInformativeText(leave_message(strict))
        leave = box.addButton("Leave", QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton("Stay in the exam", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is leave

    def _checkpoint(self) -> None:
        """Commits the time used so far, so a resume continues from this very moment."""
        engine = self.engine
        if engine is None or engine.submitted or self.window.ctx is None:
            return
        # Already closed elsewhere: nothing is left to save, and nothing to say as the window closes.
        outcome = call_core(lambda: engine.go_to(engine.state().current_index), lambda message: None)
        if outcome is not REFUSED:
            self.window.publish(outcome.changes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.window and event.type() == QEvent.Type.Close and self.engine is not None:
            if self._exam_on_screen() and not self.engine.submitted:
                if not self.confirm_leave(self.engine.state().strict):
                    event.ignore()
                    return True
            self._checkpoint()
            self._drop_engine()
        return super().eventFilter(watched, event)


def install(window: MainWindow) -> ExamFeature:
    return ExamFeature(window)
