"""`Search questions`: home's button, View › Search questions, and Ctrl+F everywhere.

Ctrl+F is the window's, but a page with a search of its own (the study notes; this page) keeps
it: the window hands the key to that page's `find_in_page`. During a mock exam it does nothing:
searching the bank would give answers away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.core.practice import PracticeRequest
from quizapp.ui import keys
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.features.notes import read_note
from quizapp.ui.pages.base import TimedExamPage
from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.ui.features.practice import PracticeFeature
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.search import SearchPage

SHORTCUT = keys.SEARCH.keys


class SearchFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        window.add_lazy_page("search", self._make_page)

        self.open_button = button("Search questions", tip=f"Find any question by its words, your notes, bookmarks "
                                                          f"or misses ({SHORTCUT})")
        window.home.add_action(self.open_button)
        self.open_button.clicked.connect(self.open)

        self.action = window.command("&View", "Search &questions", SHORTCUT, self._on_shortcut,
                                     tip=f"Find any question by its words ({SHORTCUT})", on_top=True)

    def _make_page(self) -> SearchPage:
        from quizapp.ui.pages.search import SearchPage

        page = SearchPage(self.ctx, self.window.publish)
        page.back.connect(self.window.show_home)
        page.practise.connect(self._on_practise)
        page.note_requested.connect(lambda name, anchor: read_note(self.window, name, anchor))
        return page

    @property
    def page(self) -> SearchPage:
        return self.window.page("search")  # type: ignore[return-value]

    def open(self) -> None:
        page = self.page
        page.refresh()
        self.window.show_page("search")
        page.find_in_page()

    def _on_shortcut(self) -> None:
        current = self.window.stack.currentWidget()
        if isinstance(current, TimedExamPage):
            return
        find_here = getattr(current, "find_in_page", None)
        if callable(find_here):
            find_here()
        elif "home" in self.window.pages:
            self.open()

    def _practice(self) -> PracticeFeature:
        from quizapp.ui.features.practice import PracticeFeature

        return self.window.feature(PracticeFeature)

    def _on_practise(self, ids: tuple[int, ...]) -> None:
        profile = self.ctx.profiles.current().id
        request = PracticeRequest(question_ids=tuple(ids), count=len(ids))
        outcome = call_core(lambda: self.ctx.practice.start(profile, request), self.page.show_error)
        if outcome is REFUSED:
            return
        state, changes = outcome
        self.window.publish(changes)
        self._practice().show_session(state)


def install(window: MainWindow) -> SearchFeature:
    return SearchFeature(window)
