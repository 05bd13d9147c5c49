"""Profiles: the Profile menu (switch to a student, add, rename, reset, export, import) and the
Profiles page where each of those forms lives inline.

The menu lists the profiles afresh each time it opens. Switching publishes
`Changes(profiles=True)`, so home and Progress redraw for the new student; from a page that
belongs to the previous student's session (a question, a summary) it goes home, and during a
mock exam switching is disabled, so an exam is never left mid-question by a menu click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from quizapp.core.changes import Changes
from quizapp.ui import keys
from quizapp.ui.core_calls import REFUSED, call_core

if TYPE_CHECKING:
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.profiles import ProfilesPage

SHORTCUT = keys.PROFILES.keys
STAY_ON = ("home", "progress", "profiles", "question_sets", "shortcuts")  # pages that redraw for anyone
EXAM_PAGES = ("exam", "exam_review")


class ProfilesFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        window.add_lazy_page("profiles", self._make_page)
        self.menu = window.menu("&Profile")
        self.menu.aboutToShow.connect(self._on_menu_shown)
        self._switch_group = QActionGroup(window)
        self._switch_actions: list[QAction] = []
        self.forms: dict[str, QAction] = {}
        entries = (("manage", "&Manage profiles", SHORTCUT), ("add", "&Add profile…", None),
                   ("rename", "&Rename profile…", None), ("reset", "Reset &history…", None),
                   ("export", "&Export history…", None), ("import", "&Import history…", None))
        for section, text, sequence in entries:
            action = QAction(text, window)
            if sequence:
                action.setShortcut(QKeySequence(sequence))
            action.triggered.connect(lambda _=False, s=section: self.open("switch" if s == "manage" else s))
            self.forms[section] = action
            if section in ("manage", "export"):
                self.menu.addSeparator()
            self.menu.addAction(action)
        self._on_menu_shown()  # the switch entries exist before the menu is first opened
        window.dispatcher.register(self)

    def _make_page(self) -> ProfilesPage:
        from quizapp.ui.pages.profiles import ProfilesPage

        page = ProfilesPage(self.ctx.profiles, self.window.publish,
                            lambda: self.window.clock.now().astimezone().date().isoformat(),
                            classes=self.ctx.classes.all)
        page.back.connect(self.window.show_home)
        return page

    @property
    def page(self) -> ProfilesPage:
        return self.window.page("profiles")  # type: ignore[return-value]

    def open(self, section: str = "switch") -> None:
        page = self.page
        page.refresh()
        self.window.show_page("profiles")
        page.focus_section(section)

    # -- the menu's list of profiles -------------------------------------------------------------
    def _current_page_name(self) -> str | None:
        current = self.window.stack.currentWidget()
        return next((name for name, page in self.window.pages.items() if page is current), None)

    def _on_menu_shown(self) -> None:
        """Lists every profile as a checkable entry, the current one checked."""
        for action in self._switch_actions:
            self.menu.removeAction(action)
            self._switch_group.removeAction(action)
            action.deleteLater()
        self._switch_actions.clear()
        current = self.ctx.profiles.current()
        in_exam = self._current_page_name() in EXAM_PAGES
        first = self.menu.actions()[0] if self.menu.actions() else None
        for profile in self.ctx.profiles.all():
            action = QAction(f"Study as {profile.name}", self.window)
            action.setCheckable(True)
            action.setChecked(profile.id == current.id)
            action.setEnabled(not in_exam)
            action.setToolTip("Finish or leave the exam to switch" if in_exam else f"Switch to {profile.name}")
            action.triggered.connect(lambda _=False, p=profile.id: self.switch_to(p))
            self._switch_group.addAction(action)
            self.menu.insertAction(first, action)
            self._switch_actions.append(action)

    @property
    def switch_actions(self) -> list[QAction]:
        return list(self._switch_actions)

    def on_changes(self, changes: Changes) -> None:
        """Keeps the menu's list (and which one is checked) in step with adds, renames, switches."""
        if changes.profiles:
            self._on_menu_shown()

    def switch_to(self, profile_id: int) -> None:
        if self._current_page_name() in EXAM_PAGES:
            return
        target = next((p for p in self.ctx.profiles.all() if p.id == profile_id), None)
        if target is not None and target.has_pin:  # asked for on the Profiles page, inline
            self.open("switch")
            self.page.ask_pin(target)
            return
        outcome = call_core(lambda: self.ctx.profiles.switch(profile_id), lambda message: self._on_menu_shown())
        if outcome is REFUSED:
            return
        _, changes = outcome
        self.window.publish(changes)
        if self._current_page_name() not in STAY_ON:
            self.window.show_home()


def install(window: MainWindow) -> ProfilesFeature:
    return ProfilesFeature(window)
