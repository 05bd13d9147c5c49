"""Progress: home's `Progress` button, View › Progress (Ctrl+G), and "practise my weakest topics".

The page is built on first use (start-up builds only the home page) and redraws through the
dispatcher whenever an answer, a review or the profile changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.ui import keys
from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.ui.features.practice import PracticeFeature
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.progress import ProgressPage

SHORTCUT = keys.PROGRESS.keys


class ProgressFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        window.add_lazy_page("progress", self._make_page)

        self.open_button = button("Progress", tip=f"Your results per domain and topic, and a readiness "
                                                   f"estimate ({SHORTCUT})")
        window.home.add_action(self.open_button)
        self.open_button.clicked.connect(self.open)

        view_menu = window.menu("&View")
        first = view_menu.actions()[0] if view_menu.actions() else None  # the look settings, set apart below
        self.action = window.command("&View", "&Progress", SHORTCUT, self.open,
                                     tip=f"Your results per domain and topic ({SHORTCUT})", on_top=True)
        if first is not None:
            view_menu.insertSeparator(first)

    def _make_page(self) -> ProgressPage:
        from quizapp.ui.pages.progress import ProgressPage  # loaded on first use, not at start-up

        page = ProgressPage(self.ctx.stats, self.ctx.profiles)
        page.back.connect(self.window.show_home)
        page.practise_topics.connect(self._on_practise_topics)
        return page

    @property
    def page(self) -> ProgressPage:
        return self.window.page("progress")  # type: ignore[return-value]

    def open(self) -> None:
        """Shows the page, then fills it: laid out at its real width first, the table of topics
        is built once rather than again for the width the page gets when shown."""
        page = self.page
        page.mark_stale()
        self.window.show_page("progress")  # a visible page redraws as it is shown
        page.refresh_if_stale()  # (a window not on screen gets no show event)
        (page.practise_button if page.practise_button.isVisible() else page.back_button).setFocus()

    def _practice(self) -> PracticeFeature:
        from quizapp.ui.features.practice import PracticeFeature

        return next(f for f in self.window.features if isinstance(f, PracticeFeature))

    def _on_practise_topics(self, topics: tuple[str, ...]) -> None:
        self._practice().show_setup(topics=topics)


def install(window: MainWindow) -> ProgressFeature:
    return ProgressFeature(window)
