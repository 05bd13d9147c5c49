"""Question sets and imports: the page, home's `Import question set`, and File menu entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from quizapp.ui.pages.question_sets import QuestionSetsPage
from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.ui.main_window import MainWindow


class QuestionSetsFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        window.add_lazy_page("question_sets", lambda: QuestionSetsPage(window.ctx, window.publish))
        self.import_button = button("Import question set", tip="Load an instructor's question file (Ctrl+I)")
        window.home.add_action(self.import_button)
        self.import_button.clicked.connect(self.open_import)
        file_menu = window.menu("&File")
        sets_action = QAction("Question &sets", window)
        sets_action.triggered.connect(self.open)
        import_action = QAction("&Import question set…", window)
        import_action.setShortcut(QKeySequence("Ctrl+I"))
        import_action.triggered.connect(self.open_import)
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertAction(first, import_action)
        file_menu.insertAction(import_action, sets_action)

    @property
    def page(self) -> QuestionSetsPage:
        return self.window.page("question_sets")  # type: ignore[return-value]

    def open(self) -> None:
        self.page.refresh()
        self.window.show_page("question_sets")

    def open_import(self) -> None:
        self.window.show_page("question_sets")
        self.page.start_import()


def install(window: MainWindow) -> QuestionSetsFeature:
    return QuestionSetsFeature(window)
