"""Profiles: who studies on this computer. Switch, add, rename, reset or delete a profile, and
move a profile's history to another computer as a file — every form inline on this page.

No modal dialogs (DESIGN.md): confirmations are panels that appear in place; Browse opens a
non-blocking file dialog with `.open()`, and the path can always be typed instead. Names are
checked by core (empty, too long, duplicate) and its message is shown beside the field.

A history import runs off the GUI thread (`BackgroundCall`) with a progress bar: reading and
checking a large file takes seconds. A file that is another profile's stops before anything is
written and asks, in an inline panel, whether to import it into this profile anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from quizapp.core.changes import Changes
from quizapp.core.classes import ClassInfo
from quizapp.core.profiles import ProfileInfo, ProfileService
from quizapp.core.wording import plural
from quizapp.ui.background import BackgroundCall, Progress
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import back_row, button, card, label, scroll_page
from quizapp.ui.widgets.inline_confirm import InlineConfirm
from quizapp.ui.widgets.status_line import say, status_label


def default_export_name(profile: str, day: str) -> str:
    """A file name a student recognises later: quizapp-history-Maya-2026-01-05.json."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", profile).strip("-.") or "profile"
    return f"quizapp-history-{safe}-{day}.json"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


class ProfilesPage(Page):
    """Wraps ProfileService; every mutation it makes is published so home and progress redraw."""

    title = "Profiles"
    back = Signal()

    def __init__(self, profiles: ProfileService, publish: Callable[[Changes], None], today: Callable[[], str],
                 parent: QWidget | None = None, classes: Callable[[], list[ClassInfo]] | None = None) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._classes = classes
        self._publish = publish
        self._today = today
        self._current: ProfileInfo | None = None
        self._default_export = ""
        self._dialog: QFileDialog | None = None
        self._switch_buttons: list[QWidget] = []
        self._importing: BackgroundCall | None = None
        self._waiting: object | None = None  # a read history file that awaits "import anyway"
        column = scroll_page(self)
        column.addWidget(label("Profiles", role="title"))
        self.studying_as = label(role="subtitle", name="Profile in use")
        column.addWidget(self.studying_as)
        column.addWidget(label("Several students can share this computer. Each profile keeps its own answers, "
                               "review questions and progress.", role="muted"))
        column.addWidget(self._build_switch())
        column.addWidget(self._build_add())
        column.addWidget(self._build_rename())
        column.addWidget(self._build_pin())
        column.addWidget(self._build_move())
        column.addWidget(self._build_reset())
        self.back_button = back_row(column)
        column.addStretch(1)
        self.back_button.clicked.connect(self.back)

    # -- building ------------------------------------------------------------------------------
    @staticmethod
    def _status(name: str) -> QLabel:
        return status_label(name)

    def _build_switch(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Profiles on this computer", role="subtitle"))
        self.switch_grid = QGridLayout()
        self.switch_grid.setColumnStretch(0, 1)
        layout.addLayout(self.switch_grid)
        self._pin_target: ProfileInfo | None = None
        self.pin_row = QWidget()
        pin_layout = QHBoxLayout(self.pin_row)
        pin_layout.setContentsMargins(0, 0, 0, 0)
        self.pin_prompt = label(name="PIN needed")
        self.switch_pin = QLineEdit()
        self.switch_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.switch_pin.setAccessibleName("PIN of the profile to open")
        self.switch_pin.setMaximumWidth(160)
        self.open_button = button("Open profile", tip="Check the PIN and study as this profile (Enter)")
        pin_layout.addWidget(self.pin_prompt, 1)
        pin_layout.addWidget(self.switch_pin)
        pin_layout.addWidget(self.open_button)
        layout.addWidget(self.pin_row)
        self.pin_row.hide()
        self.open_button.clicked.connect(self._on_open_with_pin)
        self.switch_pin.returnPressed.connect(self._on_open_with_pin)
        self.switch_status = self._status("Switch status")
        layout.addWidget(self.switch_status)
        return box

    def _build_pin(self) -> QWidget:
        box, layout = card()
        self.pin_title = label("A PIN for this profile", role="subtitle")
        layout.addWidget(self.pin_title)
        layout.addWidget(label("With a PIN (4 to 12 digits), nobody else on this computer opens this profile. It "
                               "is stored only as a hash: forgotten, it cannot be read back.", role="muted"))
        row = QHBoxLayout()
        self.current_pin = QLineEdit()
        self.current_pin.setAccessibleName("Current PIN")
        self.current_pin.setPlaceholderText("Current PIN")
        self.new_pin = QLineEdit()
        self.new_pin.setAccessibleName("New PIN")
        self.new_pin.setPlaceholderText("New PIN")
        for field in (self.current_pin, self.new_pin):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            row.addWidget(field)
        self.set_pin_button = button("Set PIN", tip="Protect this profile with the new PIN")
        self.remove_pin_button = button("Remove PIN", tip="Remove the PIN (needs the current one)")
        row.addWidget(self.set_pin_button)
        row.addWidget(self.remove_pin_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.pin_status = self._status("PIN status")
        layout.addWidget(self.pin_status)
        self.set_pin_button.clicked.connect(lambda: self._on_pin(remove=False))
        self.remove_pin_button.clicked.connect(lambda: self._on_pin(remove=True))
        return box

    def _on_pin(self, *, remove: bool) -> None:
        current = self.current_pin.text() or None
        new = None if remove else self.new_pin.text()

        def refused(message: str) -> None:
            self._say(self.pin_status, f"Cannot change the PIN: {message}.", True)

        outcome = call_core(lambda: self._profiles.set_pin(self.current.id, new, current), refused)
        self.current_pin.clear()
        self.new_pin.clear()
        if outcome is REFUSED:
            return
        profile, changes = outcome
        self._publish(changes)
        self._say(self.pin_status, f"{profile.name} is now protected by a PIN." if profile.has_pin
                  else f"{profile.name} has no PIN now.")

    def ask_pin(self, profile: ProfileInfo) -> None:
        """Shows the PIN row for a protected profile the user wants to open."""
        self._pin_target = profile
        self.pin_prompt.setText(f"{profile.name} is protected by a PIN:")
        self.switch_pin.clear()
        self.pin_row.show()
        self.switch_pin.setFocus()

    def _on_open_with_pin(self) -> None:
        target = self._pin_target
        if target is None:
            return
        pin = self.switch_pin.text()
        self.switch_pin.clear()
        outcome = call_core(lambda: self._profiles.switch(target.id, pin),
                            lambda message: self._say(self.switch_status, f"Cannot switch: {message}.", True))
        if outcome is REFUSED:
            self.switch_pin.setFocus()
            return
        profile, changes = outcome
        self._pin_target = None
        self.pin_row.hide()
        self._publish(changes)
        self._say(self.switch_status, f"Now studying as {profile.name}.")

    def _build_add(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Add a profile", role="subtitle"))
        row = QHBoxLayout()
        self.add_name = QLineEdit()
        self.add_name.setAccessibleName("New profile name")
        self.add_name.setPlaceholderText("Name of the student")
        self.add_button = button("Add profile", primary=True, tip="Add this profile (Enter)")
        row.addWidget(self.add_name, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.add_class = QComboBox()  # shown when the database has classes (a class's server)
        self.add_class.setAccessibleName("Class of the new profile")
        self.add_class.setToolTip("The student's class: names are unique within a class")
        row.insertWidget(1, self.add_class)
        self.add_class.hide()
        self.add_switch = QCheckBox("Switch to the new profile")
        self.add_switch.setAccessibleName("Switch to the new profile")
        self.add_switch.setChecked(True)
        layout.addWidget(self.add_switch)
        self.add_status = self._status("Add profile status")
        layout.addWidget(self.add_status)
        self.add_button.clicked.connect(self._on_add)
        self.add_name.returnPressed.connect(self._on_add)
        return box

    def _build_rename(self) -> QWidget:
        box, layout = card()
        self.rename_title = label("Rename this profile", role="subtitle")
        layout.addWidget(self.rename_title)
        row = QHBoxLayout()
        self.rename_name = QLineEdit()
        self.rename_name.setAccessibleName("Profile name")
        self.rename_button = button("Rename profile", tip="Save the new name (Enter)")
        row.addWidget(self.rename_name, 1)
        row.addWidget(self.rename_button)
        layout.addLayout(row)
        self.rename_status = self._status("Rename status")
        layout.addWidget(self.rename_status)
        self.rename_button.clicked.connect(self._on_rename)
        self.rename_name.returnPressed.connect(self._on_rename)
        return box

    def _file_row(self, field_name: str, browse_name: str,
                  action: QPushButton) -> tuple[QHBoxLayout, QLineEdit, QPushButton]:
        row = QHBoxLayout()
        field = QLineEdit()
        field.setAccessibleName(field_name)
        field.setPlaceholderText("Path of a .json file")
        browse = button("Browse…", browse_name, tip="Choose the file in a file browser")
        row.addWidget(field, 1)
        row.addWidget(browse)
        row.addWidget(action)
        return row, field, browse

    def _build_move(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Move your history to another computer", role="subtitle"))
        layout.addWidget(label("Export writes this profile's answers, sessions and review questions to a file. "
                               "Importing it on another computer merges it into the profile in use there; "
                               "importing the same file twice adds nothing. Results are worked out again from "
                               "that computer's answer keys.", role="muted"))
        self.export_button = button("Export history", tip="Write the history file (Enter)")
        row, self.export_path, self.export_browse = self._file_row("Export history file", "Browse for export file",
                                                                   self.export_button)
        layout.addLayout(row)
        self.export_status = self._status("Export status")
        layout.addWidget(self.export_status)
        self.import_button = button("Import history", tip="Merge the history file into this profile (Enter)")
        row, self.import_path, self.import_browse = self._file_row("Import history file", "Browse for import file",
                                                                   self.import_button)
        layout.addLayout(row)
        self.import_progress = QProgressBar()
        self.import_progress.setAccessibleName("Import history progress")
        self.import_progress.setTextVisible(True)
        self.import_progress.hide()
        layout.addWidget(self.import_progress)
        self.import_confirm = InlineConfirm("Import into this profile anyway", "Cancel import",
                                            confirm_tip="Merge the other profile's history into this one")
        layout.addWidget(self.import_confirm)
        self.import_status = self._status("Import status")
        layout.addWidget(self.import_status)
        self.import_confirm.confirm.clicked.connect(self._on_import_confirmed)
        self.import_confirm.cancel.clicked.connect(self._on_import_cancelled)
        self.export_button.clicked.connect(self._on_export)
        self.export_path.returnPressed.connect(self._on_export)
        self.import_button.clicked.connect(self._on_import)
        self.import_path.returnPressed.connect(self._on_import)
        self.export_browse.clicked.connect(lambda: self._browse(save=True))
        self.import_browse.clicked.connect(lambda: self._browse(save=False))
        return box

    def _build_reset(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Start over", role="subtitle"))
        layout.addWidget(label("Resetting forgets every answer, session, review question and report of this "
                               "profile and keeps its name. Deleting removes the profile as well.", role="muted"))
        row = QHBoxLayout()
        self.reset_button = button("Reset history", tip="Asks you to confirm first")
        self.delete_button = button("Delete profile", tip="Asks you to confirm first")
        row.addWidget(self.reset_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.reset_confirm = InlineConfirm("Confirm reset", "Cancel reset", confirm_tip="This cannot be undone")
        self.delete_confirm = InlineConfirm("Confirm delete", "Cancel delete", confirm_tip="This cannot be undone")
        layout.addWidget(self.reset_confirm)
        layout.addWidget(self.delete_confirm)
        self.reset_status = self._status("Reset status")
        layout.addWidget(self.reset_status)
        self.reset_button.clicked.connect(self._on_reset_asked)
        self.delete_button.clicked.connect(self._on_delete_asked)
        self.reset_confirm.confirm.clicked.connect(self._on_reset_confirmed)
        self.delete_confirm.confirm.clicked.connect(self._on_delete_confirmed)
        self.reset_confirm.cancel.clicked.connect(self.reset_button.setFocus)
        self.delete_confirm.cancel.clicked.connect(self.delete_button.setFocus)
        return box

    # -- refreshing ----------------------------------------------------------------------------
    def cares_about(self, changes: Changes) -> bool:
        return bool(changes.profiles)

    def refresh(self) -> None:
        self._stale = False
        current = self._profiles.current()
        changed = self._current is None or current.id != self._current.id
        self._current = current
        self.studying_as.setText(f"Studying as {current.name}")
        self.rename_title.setText(f"Rename {current.name}")
        self.pin_title.setText(f"A PIN for {current.name}")
        self.current_pin.setVisible(current.has_pin)
        self.remove_pin_button.setVisible(current.has_pin)
        if changed or not self.rename_name.text():
            self.rename_name.setText(current.name)
        suggested = str(documents_folder() / default_export_name(current.name, self._today()))
        if self.export_path.text() in ("", self._default_export):
            self.export_path.setText(suggested)
        self._default_export = suggested
        if changed:
            self.reset_confirm.hide()
            self.delete_confirm.hide()
            self.import_confirm.hide()
            self._waiting = None
            self.pin_row.hide()
        self._fill_switch(current)
        self._fill_classes()

    def _fill_classes(self) -> None:
        """The classes a new profile can join; none on a database without classes."""
        chosen = self.add_class.currentData()
        self.add_class.clear()
        if self._classes is None:
            return
        classes = self._classes()
        self.add_class.addItem("No class", None)
        for cls in classes:
            self.add_class.addItem(cls.name, cls.id)
        if chosen is not None:
            self.add_class.setCurrentIndex(max(0, self.add_class.findData(chosen)))
        self.add_class.setVisible(bool(classes))

    def _fill_switch(self, current: ProfileInfo) -> None:
        for widget in self._switch_buttons:
            widget.hide()
            widget.deleteLater()
        self._switch_buttons.clear()
        for row, profile in enumerate(self._profiles.all()):
            is_current = profile.id == current.id
            name = label(f"{profile.name} (studying now)" if is_current else profile.name,
                         role="subtitle" if is_current else None)
            self.switch_grid.addWidget(name, row, 0)
            name.show()  # a layout shows new children only on the next event-loop pass
            self._switch_buttons.append(name)
            if not is_current:
                switch = button("Switch", f"Switch to {profile.name}", tip=f"Study as {profile.name} from now on")
                switch.clicked.connect(lambda _=False, p=profile.id: self.switch_to(p))
                self.switch_grid.addWidget(switch, row, 1)
                switch.show()
                self._switch_buttons.append(switch)
        self.delete_button.setEnabled(len(self._profiles.all()) > 1)
        self.delete_button.setToolTip("Asks you to confirm first" if self.delete_button.isEnabled()
                                      else "The only profile cannot be deleted; reset its history instead")

    @property
    def current(self) -> ProfileInfo:
        assert self._current is not None
        return self._current

    def focus_section(self, section: str) -> None:
        """Puts the keyboard where a menu entry (Add profile…, Export history…) leads."""
        targets = {"switch": self.add_name, "add": self.add_name, "rename": self.rename_name,
                   "reset": self.reset_button, "export": self.export_path, "import": self.import_path,
                   "delete": self.delete_button}
        target = targets[section]
        area = self.property("scrollArea")
        if area is not None and section != "switch":  # the list of profiles is at the top, where the page opens
            area.ensureWidgetVisible(target)
        if section == "switch":
            buttons = [w for w in self._switch_buttons if isinstance(w, QPushButton)]
            target = buttons[0] if buttons else self.add_name
        target.setFocus()
        if isinstance(target, QLineEdit):
            target.selectAll()

    # -- acting --------------------------------------------------------------------------------
    def _say(self, status: QLabel, text: str, problem: bool = False) -> None:
        """Shows a form's outcome (in place of any earlier one on the page); a problem is marked
        for the stylesheet and said in words."""
        say(status, text, problem)

    def switch_to(self, profile_id: int) -> None:
        target = next((p for p in self._profiles.all() if p.id == profile_id), None)
        if target is not None and target.has_pin:
            self.ask_pin(target)
            return
        outcome = call_core(lambda: self._profiles.switch(profile_id),
                            lambda message: self._say(self.switch_status, f"Cannot switch: {message}.", True))
        if outcome is REFUSED:
            return
        profile, changes = outcome
        self._publish(changes)
        self._say(self.switch_status, f"Now studying as {profile.name}.")

    def _on_add(self) -> None:
        def refused(message: str) -> None:
            self._say(self.add_status, f"Cannot add: {message}.", True)
            self.add_name.setFocus()
        name, switch = self.add_name.text(), self.add_switch.isChecked()
        class_id = self.add_class.currentData() if self.add_class.isVisible() else None
        outcome = call_core(lambda: self._profiles.add(name, switch=switch, class_id=class_id), refused)
        if outcome is REFUSED:
            return
        profile, changes = outcome
        self.add_name.clear()
        self._publish(changes)
        self._say(self.add_status, f"Added {profile.name}" + (" and switched to it." if self.add_switch.isChecked()
                                                              else "."))

    def _on_rename(self) -> None:
        old = self.current.name
        def refused(message: str) -> None:
            self._say(self.rename_status, f"Cannot rename: {message}.", True)
            self.rename_name.setFocus()
        outcome = call_core(lambda: self._profiles.rename(self.current.id, self.rename_name.text()), refused)
        if outcome is REFUSED:
            return
        profile, changes = outcome
        self._publish(changes)
        self.rename_name.setText(profile.name)
        self._say(self.rename_status, f"{old} is now called {profile.name}.")

    def _on_reset_asked(self) -> None:
        self.delete_confirm.hide()
        self.reset_confirm.ask(f"Forget every answer, session and review question of {self.current.name}? "
                               "This cannot be undone; export the history first to keep a copy.")

    def _on_reset_confirmed(self) -> None:
        self.reset_confirm.hide()
        changes = call_core(lambda: self._profiles.reset_history(self.current.id),
                            lambda message: self._say(self.reset_status, f"Cannot reset: {message}.", True))
        if changes is REFUSED:
            return
        self._publish(changes)
        self._say(self.reset_status, f"The history of {self.current.name} was reset: no answers are left.")
        self.reset_button.setFocus()

    def _on_delete_asked(self) -> None:
        self.reset_confirm.hide()
        self.delete_confirm.ask(f"Delete {self.current.name} and all of its history? This cannot be undone.")

    def _on_delete_confirmed(self) -> None:
        self.delete_confirm.hide()
        name = self.current.name
        changes = call_core(lambda: self._profiles.delete(self.current.id),
                            lambda message: self._say(self.reset_status, f"Cannot delete: {message}.", True))
        if changes is REFUSED:
            return
        self._publish(changes)
        self._say(self.reset_status, f"{name} was deleted. Now studying as {self._profiles.current().name}.")
        self.delete_button.setFocus() if self.delete_button.isEnabled() else self.back_button.setFocus()

    def _path(self, field: QLineEdit) -> Path | None:
        text = field.text().strip()
        return Path(text).expanduser() if text else None

    def _on_export(self) -> None:
        path = self._path(self.export_path)
        if path is None:
            self._say(self.export_status, "Cannot export: type the path of the file to write.", True)
            return
        result = call_core(lambda: self._profiles.export_history(self.current.id, path),
                           lambda message: self._say(self.export_status, f"Cannot export: {message}.", True))
        if result is REFUSED:
            return
        self._say(self.export_status, f"Saved {plural(result.attempts, 'session')}, "
                                      f"{plural(result.answers, 'answer')} and "
                                      f"{plural(result.review_cards, 'review question')} to {result.path}.")

    def _on_import(self) -> None:
        if self._importing is not None and self._importing.running:
            return
        path = self._path(self.import_path)
        if path is None:
            self._say(self.import_status, "Cannot import: type the path of a history file.", True)
            return
        self.import_confirm.hide()
        profile = self.current
        profiles = self._profiles

        def request(progress: Progress) -> object:
            from quizapp.core.history import OtherProfile

            try:
                return profiles.import_history(profile.id, path, progress=progress)
            except OtherProfile as exc:  # not a failure: the student is asked, and the file is kept
                return exc

        self._run_import(request, f"Reading {path.name}…")

    def _on_import_confirmed(self) -> None:
        waiting, self._waiting = self._waiting, None
        self.import_confirm.hide()
        if waiting is None:
            return
        profile = self.current
        profiles = self._profiles
        history = waiting.history  # type: ignore[attr-defined]
        self._run_import(lambda progress: profiles.merge_history(profile.id, history, into_other_profile=True,
                                                                 progress=progress), "Importing…")

    def _on_import_cancelled(self) -> None:
        self._waiting = None
        self._say(self.import_status, "Import cancelled; nothing was changed.")
        self.import_button.setFocus()

    def _run_import(self, request: object, doing: str) -> None:
        self.import_button.setEnabled(False)
        self.import_progress.setRange(0, 0)  # busy until the merge reports how far it is
        self.import_progress.setFormat(doing)
        self.import_progress.show()
        self._reveal(self.import_progress)
        self.import_status.hide()
        call = BackgroundCall(request, self)  # type: ignore[arg-type]
        call.progressed.connect(self._on_import_progress)
        call.finished.connect(self._on_import_finished)
        self._importing = call
        call.start()

    def _on_import_progress(self, done: int, total: int) -> None:
        self.import_progress.setRange(0, max(1, total))
        self.import_progress.setValue(done)
        self.import_progress.setFormat(f"Importing: {done} of {plural(total, 'session')}")

    def _on_import_finished(self, outcome: object, message: str) -> None:
        from quizapp.core.history import OtherProfile

        self.import_progress.hide()
        self.import_button.setEnabled(True)
        if outcome is REFUSED:
            self._say(self.import_status, f"Cannot import: {message}. Nothing was changed.", True)
            self._reveal(self.import_status)
            return
        if isinstance(outcome, OtherProfile):
            self._waiting = outcome
            self.import_confirm.ask(outcome.message[:1].upper() + outcome.message[1:] + ".")
            self._reveal(self.import_confirm)
            return
        report, changes = outcome  # type: ignore[misc]
        self._publish(changes)
        text = f"Imported into {report.profile}: {report.summary()}"
        if report.warnings:
            text += "\n" + "\n".join(f"Note: {w}." for w in report.warnings)
        self._say(self.import_status, text, bool(report.warnings))
        self._reveal(self.import_status)

    def _reveal(self, widget: QWidget) -> None:
        """Scrolls the page so an answer that just appeared below the fold is seen."""
        area = self.property("scrollArea")
        if area is not None:  # once the page has laid out what just appeared (the next event-loop pass)
            QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(widget))

    def _browse(self, save: bool) -> None:
        field = self.export_path if save else self.import_path
        start = self._path(field)
        folder = str(start.parent if start is not None else documents_folder())
        dialog = QFileDialog(self, "Export history to" if save else "Import history from", folder,
                             "History files (*.json);;All files (*)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
        if save and start is not None:
            dialog.selectFile(start.name)
        dialog.fileSelected.connect(field.setText)
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()  # not exec(): the window stays live, nothing blocks

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            if self.import_confirm.isVisible():
                self._on_import_cancelled()
                self.import_confirm.hide()
            elif self.reset_confirm.isVisible() or self.delete_confirm.isVisible():
                self.reset_confirm.hide()
                self.delete_confirm.hide()
                self.reset_button.setFocus()
            else:
                self.back.emit()
        else:
            super().keyPressEvent(event)
