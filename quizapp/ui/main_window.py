"""The main window: a stack of pages, a menu, and the one dispatcher that fans out changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStackedWidget, QVBoxLayout, QWidget

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.ui import focus_ring, keys, wheel_guard
from quizapp.ui.dispatcher import Dispatcher
from quizapp.ui.settings import UiSettings
from quizapp.ui.theme import TEXT_SCALES, ThemeName, apply_theme
from quizapp.ui.widgets.banner import Banner
from quizapp.ui.widgets.common import label

if TYPE_CHECKING:  # types only: the database location, for one, loads SQLAlchemy, not before the first paint
    from quizapp.core.db.health import Health
    from quizapp.core.db.location import DatabaseLocation
    from quizapp.core.errors import UserError
    from quizapp.core.profiles import ProfileInfo
    from quizapp.ui.pages.home import HomePage

MIN_WIDTH, MIN_HEIGHT = 800, 600  # usable at 100% text; at 200% every page scrolls
FeatureT = TypeVar("FeatureT")


def feature_installers() -> list[Callable[[MainWindow], object]]:
    """The features, in the order their buttons appear on home. Imported late: after first paint."""
    from quizapp.ui.features import (
        classroom,
        exams,
        goals,
        notes,
        practice,
        profiles,
        progress,
        question_sets,
        review,
        search,
    )

    return [practice.install, review.install, exams.install, search.install, notes.install, question_sets.install,
            progress.install, goals.install, profiles.install, classroom.install]


def _log_error(data_dir: Path, error: BaseException | None = None) -> Path | None:
    """Writes a traceback (the one being handled, or `error`'s) to the data dir's logs/, as the
    CLI does."""
    import traceback

    try:
        logs = data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / "gui-error.log"
        text = "".join(traceback.format_exception(error)) if error is not None else traceback.format_exc()
        path.write_text(text, encoding="utf-8")
        return path
    except Exception:  # logging must never itself fail loudly
        return None


class _Relay(QObject):
    """Carries the background check's result from its worker thread to the window's thread."""

    checked = Signal(int, object)  # (generation, Health)


class MainWindow(QMainWindow):
    """Holds the pages; builds them only once the data is open (see `load`)."""

    CHECK_DELAY_MS = 1000

    def __init__(self, data_dir: Path, clock: Clock, database: DatabaseLocation | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.clock = clock
        self.database = database
        self.ctx = None
        self.dispatcher = Dispatcher()
        self.settings = UiSettings(data_dir)
        apply_theme(QApplication.instance(), self.settings.theme, self.settings.text_scale)
        wheel_guard.install(QApplication.instance())  # the wheel scrolls pages, never changes a value by accident
        focus_ring.install(QApplication.instance())  # a ring round the focused control, on every page
        self.setWindowTitle("quizapp — CCMA practice")
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.stack = QStackedWidget()
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self.storage_banner = Banner("Saving problem", dismiss="Dismiss saving problem")
        self._column.addWidget(self.storage_banner)
        self._column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._feature_banners: list[QWidget] = []
        self.loading = label("Opening your study data…", role="subtitle", name="Loading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self.pages: dict[str, QWidget] = {}
        self._page_factories: dict[str, Callable[[], QWidget]] = {}
        self.features: list[object] = []
        self.home: HomePage
        self._relay = _Relay(self)
        self._relay.checked.connect(self._on_background_checked)
        self._generation = 0  # bumped whenever the database is closed, so stale results are ignored
        self._build_menus()
        self.stack.currentChanged.connect(self._show_page_commands)

    @property
    def db_path(self) -> Path | None:
        """The SQLite file the app opens (`--database`, else QUIZAPP_DATABASE_URL, else the data
        dir's), None on a server: its storage, checks and backups are its administrator's."""
        if self.ctx is not None:
            return self.ctx.db.path
        from quizapp.core.db.location import resolve_database
        from quizapp.core.errors import UserError

        try:
            return (self.database or resolve_database(self.data_dir)).sqlite_path
        except UserError:
            return None

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Opens the data dir, installs the bank if it changed, and builds the pages. Whatever
        goes wrong ends on a page that says so (never on "Opening your study data…")."""
        from quizapp.core.context import AppContext

        try:
            self.ctx = AppContext.open(self.data_dir, self.clock, database=self.database)
            self.ctx.db.watch.listen(self._on_storage_failure)
            self.ctx.bank.ensure_installed()
        except Exception as exc:  # every failure to open must reach a page
            self._close_database()
            self._show_failure(exc)
            return
        self._build_pages()
        current = self.ctx.profiles.current()
        if current.has_pin:
            self.show_profile_lock(current)
        else:
            self.menuBar().setEnabled(True)
            self.show_home()
        if self.ctx.db.path is not None:  # a server's checks and backups are its administrator's
            QTimer.singleShot(self.CHECK_DELAY_MS, self.start_background_check)

    def show_profile_lock(self, profile: ProfileInfo) -> None:
        """The PIN page instead of home; the menus stay off until a profile is open."""
        from quizapp.ui.pages.profile_lock import ProfileLockPage

        page = self.pages.get("profile-lock")
        if page is None:
            assert self.ctx is not None
            page = ProfileLockPage(self.ctx.profiles)
            page.opened.connect(self._on_profile_opened)
            self.add_page("profile-lock", page)
        assert isinstance(page, ProfileLockPage)
        self.menuBar().setEnabled(False)
        page.lock_on(profile)
        self.stack.setCurrentWidget(page)
        self.setWindowTitle("quizapp — CCMA practice")

    def _on_profile_opened(self, changes: Changes) -> None:
        self.menuBar().setEnabled(True)
        self.publish(changes)
        self.show_home()

    def _show_failure(self, exc: BaseException) -> None:
        from quizapp.core.db.failures import explain
        from quizapp.core.errors import DatabaseDamaged

        explained = explain(exc, self.db_path)
        if isinstance(explained, DatabaseDamaged):
            self._show_damaged(explained.message, explained.path, explained.newest_backup)
        elif explained is not None:
            self._show_damaged(explained.message, None, None)
        else:
            log = _log_error(self.data_dir)
            where = f" (details in {log})" if log else ""
            self._show_damaged(f"unexpected error: {exc.__class__.__name__}: {exc}{where}", None, None)

    def start_background_check(self) -> threading.Thread:
        """SQLite's integrity check of the whole database and then the day's backup (verified
        before it counts), on a worker thread after the first paint (DESIGN.md). The write guard
        learns the result; damage shows the damaged-database page."""
        from quizapp.core.db.backup import check_and_back_up
        from quizapp.core.db.health import check_file

        generation, relay, db_path, now = self._generation, self._relay, self.db_path, self.clock.now()
        assert db_path is not None, "a server database has no file to check"
        guard = self.ctx.db.guard if self.ctx is not None else None

        def work() -> None:
            try:
                if guard is not None and not guard.checked:
                    guard.record(check_file(db_path, full=False))  # the quick check first: writes go on unchecked
                health = check_and_back_up(db_path, now)
            except Exception:
                return
            if guard is not None:
                guard.record(health)
            try:
                relay.checked.emit(generation, health)
            except RuntimeError:  # the window is gone
                pass

        worker = threading.Thread(target=work, name="background-check", daemon=True)
        worker.start()
        return worker

    def _on_background_checked(self, generation: int, health: Health) -> None:
        db_path = self.db_path
        if generation != self._generation or health.ok or self.ctx is None or db_path is None:
            return
        from quizapp.core.db.backup import newest_backup

        self.found_damage(f"the database is damaged: SQLite's integrity check found damage ({health.problems[0]}). "
                          "Nothing more was written to it.", newest_backup(db_path))

    def _on_storage_failure(self, error: UserError) -> None:
        """Core could not read or write the database (any page, any timer): damage leads to the
        damaged-database page once the failed call has returned; anything else is said in the
        banner, and the app stays open for reading."""
        from quizapp.core.errors import DatabaseDamaged

        if isinstance(error, DatabaseDamaged):
            generation = self._generation

            def leave() -> None:
                if generation == self._generation and self.ctx is not None:
                    self.found_damage(error.message, error.newest_backup)

            QTimer.singleShot(0, leave)
            return
        self.storage_banner.say(f"Not saved: {error.message}. What you see is what was saved.")

    def on_uncaught(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        """`sys.excepthook` of the running app (not of the test seam): the last line of defence.
        A database failure was already said by the banner or the damaged page; anything else is
        logged and said in the banner, and the app carries on with what was saved."""
        from quizapp.core.db.failures import explain

        if explain(error, self.db_path) is not None:
            return
        log = _log_error(self.data_dir, error)
        where = f"; the details are in {log}" if log else ""
        self.storage_banner.say(f"Something went wrong ({kind.__name__}: {error}){where}. What you see is what "
                                "was saved.")

    def add_banner(self, banner: QWidget) -> None:
        """A feature's message above every page (the exam clock's); removed with the features."""
        self._column.insertWidget(self._column.indexOf(self.stack), banner)
        self._feature_banners.append(banner)

    def found_damage(self, message: str, backup: Path | None) -> None:
        """Damage met while the app runs: nothing more is written, the damaged page offers the backup."""
        self._close_database()
        self._tear_down_pages()
        self._show_damaged(message, self.db_path, backup)

    def _close_database(self) -> None:
        self._generation += 1
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None

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
        self.setWindowTitle(f"{page.title} — quizapp")

    def _on_restore_backup(self, backup: Path) -> None:
        from quizapp.core.db.backup import list_backups, restore_backup
        from quizapp.core.errors import UserError

        page = self.pages["damaged"]
        db_path = self.db_path
        assert db_path is not None, "a backup is offered for a SQLite file only"
        try:
            kept = restore_backup(db_path, backup, self.clock.now())
        except UserError as exc:
            older = [b for b in list_backups(db_path) if b.name < backup.name]
            page.show_problem(page.message, db_path, older[0] if older else None)
            page.show_status(exc.message + (f" The next older backup, {older[0].name}, is offered instead."
                                            if older else ""))
            return
        page.show_status(f"Restored {backup.name}; the damaged file was kept as {kept.name}.")
        self.load()

    def _tear_down_pages(self) -> None:
        """Forgets every page and feature built over the closed database, so `load` builds them
        afresh over the restored one (a feature holds the context it was built with)."""
        for name, page in list(self.pages.items()):
            if name == "damaged":
                continue
            self.stack.removeWidget(page)
            page.deleteLater()
            del self.pages[name]
        self._page_factories.clear()
        for banner in self._feature_banners:
            self._column.removeWidget(banner)
            banner.deleteLater()
        self._feature_banners.clear()
        self.storage_banner.hide()
        for feature in self.features:
            if isinstance(feature, QObject):
                for timer in feature.findChildren(QTimer):  # the exam clock: nothing may tick meanwhile
                    timer.stop()
                feature.deleteLater()
        self.features.clear()
        self.dispatcher = Dispatcher()
        for action in self.actions():
            self.removeAction(action)
        self.menuBar().clear()
        self._build_menus()

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
        """Shows a page; one opened from another page opens at its top (a page left scrolled down
        would otherwise come back with its heading cut off)."""
        page = self.page(name)
        if self.stack.currentWidget() is not page:
            area = page.property("scrollArea")
            if area is not None:
                area.verticalScrollBar().setValue(0)
                area.horizontalScrollBar().setValue(0)
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

    def command(self, menu: str, text: str, key: str, slot: Callable[[], object], *, tip: str | None = None,
                on_top: bool = False) -> QAction:
        """A feature's command in `menu` on `key`: on top of the menu when `on_top` (the pages a
        student opens most come first), else at its end, where the window's own shortcuts also
        keep it when the menu bar is switched off (a PIN lock)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        if tip is not None:
            action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())
        target = self.menu(menu)
        if on_top:
            target.insertAction(target.actions()[0] if target.actions() else None, action)
        else:
            self.addAction(action)
            target.addAction(action)
        return action

    # -- menus and settings --------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        home_action = QAction("&Home", self)
        home_action.setShortcut(QKeySequence(keys.HOME.keys))
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

        bar.addMenu(keys.STUDY_MENU)  # filled by the features (Start practice, Quick 10, …)
        self._question_menu = bar.addMenu(keys.QUESTION_MENU)
        self._show_page_commands()

        help_menu = bar.addMenu("&Help")
        self._help_menu = help_menu
        shortcuts = QAction("&Keyboard shortcuts", self)
        shortcuts.setShortcut(QKeySequence(keys.SHORTCUTS.keys))
        shortcuts.triggered.connect(self._show_shortcuts)
        help_menu.addAction(shortcuts)

    def _show_page_commands(self) -> None:
        """The Question menu lists the shown page's own commands (Previous, Next, I guessed, Flag
        for review…) with their keys; on a page without any it is greyed out. Its entries stand in
        for the page's actions (taking those into a menu and out again left their keys dead)."""
        menu = self._question_menu
        menu.clear()  # deletes the stand-ins, which the menu owns
        page = self.stack.currentWidget()
        # QWidget.actions(page): a page may name an attribute of its own `actions` (question sets do)
        commands = [a for a in QWidget.actions(page) if not a.shortcut().isEmpty()] if page is not None else []
        for command in commands:
            keys_text = command.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            entry = menu.addAction(f"{command.text()}\t{keys_text}")  # shown in the menu's key column
            entry.triggered.connect(lambda _=False, c=command: c.trigger())
        menu.setEnabled(bool(commands))

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
