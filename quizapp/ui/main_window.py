"""The main window: a stack of pages, a menu, and the one dispatcher that fans out changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStackedWidget, QWidget

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.ui import wheel_guard
from quizapp.ui.dispatcher import Dispatcher
from quizapp.ui.settings import UiSettings
from quizapp.ui.theme import TEXT_SCALES, ThemeName, apply_theme
from quizapp.ui.widgets.common import label

if TYPE_CHECKING:
    from quizapp.ui.pages.home import HomePage

MIN_WIDTH, MIN_HEIGHT = 1024, 640
FeatureT = TypeVar("FeatureT")


def feature_installers() -> list[Callable[[MainWindow], object]]:
    """The features, in the order their buttons appear on home. Imported late: after first paint."""
    from quizapp.ui.features import exams, goals, notes, practice, profiles, progress, question_sets, review, search

    return [practice.install, review.install, exams.install, search.install, notes.install, question_sets.install,
            progress.install, goals.install, profiles.install]


class MainWindow(QMainWindow):
    """Holds the pages; builds them only once the data is open (see `load`)."""

    BACKUP_DELAY_MS = 5000

    def __init__(self, data_dir: Path, clock: Clock) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.clock = clock
        self.ctx = None
        self.dispatcher = Dispatcher()
        self.settings = UiSettings(data_dir)
        apply_theme(QApplication.instance(), self.settings.theme, self.settings.text_scale)
        wheel_guard.install(QApplication.instance())  # the wheel scrolls pages, never changes a value by accident
        self.setWindowTitle("quizapp — CCMA practice")
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.loading = label("Opening your study data…", role="subtitle", name="Loading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self.pages: dict[str, QWidget] = {}
        self._page_factories: dict[str, Callable[[], QWidget]] = {}
        self.features: list[object] = []
        self.home: HomePage
        self._build_menus()

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Opens the data dir, installs the bank if it changed, and builds the pages."""
        from quizapp.core.context import AppContext
        from quizapp.core.errors import DatabaseDamaged, UserError

        try:
            self.ctx = AppContext.open(self.data_dir, self.clock)
            self.ctx.bank.ensure_installed()
        except DatabaseDamaged as exc:
            self._show_damaged(exc.message, exc.path, exc.newest_backup)
            return
        except UserError as exc:
            self._show_damaged(exc.message, None, None)
            return
        self._build_pages()
        self.show_home()
        QTimer.singleShot(self.BACKUP_DELAY_MS, self.start_daily_backup)

    def start_daily_backup(self) -> threading.Thread:
        """Takes the day's backup on a worker thread, off the start-up path (DESIGN.md)."""
        from quizapp.core.db.backup import try_daily_backup
        from quizapp.core.db.engine import DB_NAME

        worker = threading.Thread(target=try_daily_backup, args=(self.data_dir / DB_NAME, self.clock.now()),
                                  name="daily-backup", daemon=True)
        worker.start()
        return worker

    def _show_damaged(self, message: str, database: Path | None, backup: Path | None) -> None:
        from quizapp.ui.pages.damaged import DamagedDatabasePage

        page = self.pages.get("damaged")
        if page is None:
            page = DamagedDatabasePage()
            page.restore.connect(self._on_restore_backup)
            page.quit.connect(self.close)
            self.add_page("damaged", page)
        page.show_problem(message, database, backup)
        self.stack.setCurrentWidget(page)

    def _on_restore_backup(self, backup: Path) -> None:
        from quizapp.core.db.backup import restore_backup
        from quizapp.core.db.engine import DB_NAME

        kept = restore_backup(self.data_dir / DB_NAME, backup, self.clock.now())
        self.pages["damaged"].show_status(f"Restored {backup.name}; the damaged file was kept as {kept.name}.")
        self.load()

    def add_page(self, name: str, page: QWidget) -> None:
        self.pages[name] = page
        self.stack.addWidget(page)
        if hasattr(page, "on_changes"):
            self.dispatcher.register(page)

    def add_lazy_page(self, name: str, factory: Callable[[], QWidget]) -> None:
        """Registers a page built on first use, so start-up builds only the home page."""
        self._page_factories[name] = factory

    def feature(self, kind: type[FeatureT]) -> FeatureT:
        """The installed feature of this kind, for a feature that hands a student to another
        (a rationale's "Read the note" opens the notes)."""
        return next(f for f in self.features if isinstance(f, kind))

    def page(self, name: str) -> QWidget:
        if name not in self.pages:
            self.add_page(name, self._page_factories.pop(name)())
        return self.pages[name]

    def _build_pages(self) -> None:
        from quizapp.ui.pages.home import HomePage

        if "home" in self.pages:
            return
        assert self.ctx is not None
        self.home = HomePage(self.ctx, self.publish)
        self.add_page("home", self.home)
        for install in feature_installers():
            self.features.append(install(self))

    # -- navigation ----------------------------------------------------------------------------
    def publish(self, changes: Changes) -> None:
        self.dispatcher.publish(changes)

    def show_page(self, name: str) -> QWidget:
        page = self.page(name)
        self.stack.setCurrentWidget(page)
        self.setWindowTitle(f"{getattr(page, 'title', '')} — quizapp")
        return page

    def show_home(self) -> None:
        if "home" not in self.pages:
            return
        self.home.refresh()
        self.show_page("home")
        self.home.focus_first_action()

    def menu(self, title: str) -> QMenu:
        """The menu with this title (e.g. "&File"), created before Help if missing."""
        for action in self.menuBar().actions():
            if action.menu() is not None and action.text() == title:
                return action.menu()
        menu = QMenu(title, self)
        self.menuBar().insertMenu(self._help_menu.menuAction(), menu)
        return menu

    # -- menus and settings --------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        home_action = QAction("&Home", self)
        home_action.setShortcut(QKeySequence("Ctrl+H"))
        home_action.triggered.connect(self.show_home)
        file_menu.addAction(home_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view = bar.addMenu("&View")
        text_menu = view.addMenu("&Text size")
        for scale in TEXT_SCALES:
            action = QAction(f"{round(scale * 100)}%", self)
            action.setCheckable(True)
            action.setChecked(abs(scale - self.settings.text_scale) < 0.01)
            action.triggered.connect(lambda _=False, s=scale: self.set_text_scale(s))
            text_menu.addAction(action)
        theme_menu = view.addMenu("T&heme")
        for theme in ThemeName:
            action = QAction(theme.value.capitalize(), self)
            action.setCheckable(True)
            action.setChecked(theme is self.settings.theme)
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            theme_menu.addAction(action)

        help_menu = bar.addMenu("&Help")
        self._help_menu = help_menu
        keys = QAction("&Keyboard shortcuts", self)
        keys.setShortcut(QKeySequence("F1"))
        keys.triggered.connect(self._show_shortcuts)
        help_menu.addAction(keys)

    def _show_shortcuts(self) -> None:
        from quizapp.ui.pages.shortcuts import ShortcutsPage

        page = self.pages.get("shortcuts")
        if page is None:
            page = ShortcutsPage()
            page.back.connect(lambda: self.stack.setCurrentWidget(page.previous or self.loading))
            self.add_page("shortcuts", page)
        page.previous = self.stack.currentWidget()
        self.stack.setCurrentWidget(page)
        page.back_button.setFocus()

    def _relayout(self) -> None:
        """Hidden pages keep sizes from the old font unless told; re-measure every layout now."""
        for widget in self.findChildren(QWidget):
            widget.updateGeometry()
            if widget.layout() is not None:
                widget.layout().invalidate()

    def set_text_scale(self, scale: float) -> None:
        self.settings.text_scale = scale
        apply_theme(QApplication.instance(), self.settings.theme, scale)
        self._relayout()
        for action in self.menuBar().findChildren(QAction):
            if action.text().endswith("%"):
                action.setChecked(action.text() == f"{round(scale * 100)}%")

    def set_theme(self, theme: ThemeName) -> None:
        self.settings.theme = theme
        apply_theme(QApplication.instance(), theme, self.settings.text_scale)
        self._relayout()
        names = {t.value.capitalize() for t in ThemeName}
        for action in self.menuBar().findChildren(QAction):
            if action.text() in names:
                action.setChecked(action.text() == theme.value.capitalize())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None
        super().closeEvent(event)
