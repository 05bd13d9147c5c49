"""Question sets, imports and exam packs: the pages, home's `Import question set`, File menu entries.

Three lazy pages: the Question sets page (table, managing a set, import, removed sets), the set
browser (a set's questions and its students' reports) and the exam pack editor. The pages only
signal where the instructor wants to go; this feature does the navigation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from quizapp.ui import keys
from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.core.context import AppContext
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.pack_editor import PackEditorPage
    from quizapp.ui.pages.question_sets import QuestionSetsPage
    from quizapp.ui.pages.set_browser import SetBrowserPage


class QuestionSetsFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx: AppContext = window.ctx
        window.add_lazy_page("question_sets", self._make_sets_page)
        window.add_lazy_page("set_browser", self._make_browser)
        window.add_lazy_page("pack_editor", self._make_pack_editor)
        self.import_button = button("Import question set", tip="Load an instructor's question file (Ctrl+I)")
        window.home.add_action(self.import_button)
        self.import_button.clicked.connect(self.open_import)
        file_menu = window.menu("&File")
        sets_action = QAction("Question &sets", window)
        sets_action.triggered.connect(self.open)
        import_action = QAction("&Import question set…", window)
        import_action.setShortcut(QKeySequence(keys.IMPORT.keys))
        import_action.triggered.connect(self.open_import)
        pack_action = QAction("&Exam packs…", window)
        pack_action.triggered.connect(self.open_pack_editor)
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertAction(first, import_action)
        file_menu.insertAction(import_action, sets_action)
        file_menu.insertAction(first, pack_action)
        file_menu.insertSeparator(first)

    # -- pages ---------------------------------------------------------------------------------
    def _make_sets_page(self) -> QuestionSetsPage:
        from quizapp.ui.pages.question_sets import QuestionSetsPage

        page = QuestionSetsPage(self.ctx, self.window.publish)
        page.browse_requested.connect(lambda slug: self.open_browser(slug, "questions"))
        page.reports_requested.connect(lambda slug: self.open_browser(slug, "reports"))
        page.new_pack_requested.connect(self.open_pack_editor)
        return page

    def _make_browser(self) -> SetBrowserPage:
        from quizapp.ui.pages.set_browser import SetBrowserPage

        page = SetBrowserPage(self.ctx.sets, self.ctx.reports)
        page.back.connect(self._back_to_sets)
        return page

    def _make_pack_editor(self) -> PackEditorPage:
        from quizapp.ui.pages.pack_editor import PackEditorPage

        page = PackEditorPage(self.ctx.packs, self.ctx.sets, self._domain_counts, self.window.publish)
        page.back.connect(self.open)
        return page

    def _domain_counts(self) -> Mapping[str, int]:
        """Questions per CCMA domain in the sets switched on: what a pack can draw from."""
        overview = self.ctx.overview.overview(self.ctx.profiles.current().id)
        return {d.name: d.questions for d in overview.domains}

    @property
    def page(self) -> QuestionSetsPage:
        return self.window.page("question_sets")  # type: ignore[return-value]

    @property
    def browser(self) -> SetBrowserPage:
        return self.window.page("set_browser")  # type: ignore[return-value]

    @property
    def pack_editor(self) -> PackEditorPage:
        return self.window.page("pack_editor")  # type: ignore[return-value]

    # -- navigation ----------------------------------------------------------------------------
    def open(self) -> None:
        self.page.refresh()
        self.window.show_page("question_sets")

    def open_import(self) -> None:
        self.window.show_page("question_sets")
        self.page.start_import()

    def open_browser(self, slug: str, section: str = "questions") -> None:
        self.window.show_page("set_browser")
        self.browser.show_set(slug, section)

    def open_pack_editor(self) -> None:
        editor = self.pack_editor
        editor.refresh()
        self.window.show_page("pack_editor")
        editor.new_template()

    def _back_to_sets(self) -> None:
        slug = self.browser.slug if "set_browser" in self.window.pages else ""
        self.open()
        if slug:
            self.page.manage(slug)
        self.page.actions.browse_button.setFocus()


def install(window: MainWindow) -> QuestionSetsFeature:
    return QuestionSetsFeature(window)
