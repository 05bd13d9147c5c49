"""The instructor's pages: Class and Item analysis (Instructor menu; on home too when the
database has an instructor passphrase, i.e. is a class's), and a student's Progress page as
the student sees it, opened from Class. Built on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.class_results import ClassResultsPage
    from quizapp.ui.pages.item_analysis import ItemAnalysisPage
    from quizapp.ui.pages.progress import ProgressPage


class ClassroomFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        window.add_lazy_page("class", self._make_class_page)
        window.add_lazy_page("items", self._make_items_page)
        window.add_lazy_page("student-progress", self._make_student_page)
        menu = window.menu("&Instructor")
        self.class_action = QAction("&Class results", window)
        self.class_action.triggered.connect(self.open_class)
        self.items_action = QAction("&Item analysis", window)
        self.items_action.triggered.connect(self.open_items)
        menu.addAction(self.class_action)
        menu.addAction(self.items_action)
        self.class_button = button("Class", tip="Instructors: every student's results (needs the passphrase)")
        self.items_button = button("Item analysis", tip="Instructors: which questions are too easy, too hard or "
                                   "broken (needs the passphrase)")
        self.class_button.clicked.connect(self.open_class)
        self.items_button.clicked.connect(self.open_items)
        if self.ctx.classes.has_passphrase():
            window.home.add_action(self.class_button)
            window.home.add_action(self.items_button)

    def _make_class_page(self) -> ClassResultsPage:
        from quizapp.ui.pages.class_results import ClassResultsPage

        page = ClassResultsPage(self.ctx)
        page.back.connect(self.window.show_home)
        page.open_student.connect(self._on_open_student)
        return page

    def _make_items_page(self) -> ItemAnalysisPage:
        from quizapp.ui.pages.item_analysis import ItemAnalysisPage

        page = ItemAnalysisPage(self.ctx)
        page.back.connect(self.window.show_home)
        page.publish.connect(self.window.publish)
        return page

    def _make_student_page(self) -> ProgressPage:
        from quizapp.ui.pages.progress import ProgressPage

        page = ProgressPage(self.ctx.stats, self.ctx.profiles)
        page.back.connect(self.open_class)
        return page

    @property
    def class_page(self) -> ClassResultsPage:
        return self.window.page("class")  # type: ignore[return-value]

    @property
    def items_page(self) -> ItemAnalysisPage:
        return self.window.page("items")  # type: ignore[return-value]

    def _open(self, name: str) -> None:
        page = self.window.page(name)
        self.window.show_page(name)
        gate = page.gate  # type: ignore[attr-defined]
        (gate.field if gate.isVisible() else page.back_button).setFocus()  # type: ignore[attr-defined]

    def open_class(self) -> None:
        self._open("class")

    def open_items(self) -> None:
        self._open("items")

    def _on_open_student(self, profile_id: int, name: str) -> None:
        page: ProgressPage = self.window.page("student-progress")  # type: ignore[assignment]
        page.viewing = (profile_id, name)
        page.back_button.setText("Back to class")
        page.mark_stale()
        self.window.show_page("student-progress")
        page.refresh_if_stale()
        page.back_button.setFocus()


def install(window: MainWindow) -> ClassroomFeature:
    return ClassroomFeature(window)
