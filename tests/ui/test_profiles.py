"""Profiles through the Profile menu and the Profiles page: add, switch (and isolation), rename,
reset and delete with inline confirmation, export and import history between data dirs."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import func, select

from quizapp.core.db.engine import DB_NAME
from quizapp.core.db.models import Attempt, TallyQuestion
from quizapp.ui.theme import ThemeName
from tests.helpers.layout import clipped
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls
from tests.helpers.windows import open_window
from tests.ui.test_progress import big_topics, open_progress, practise_in_core


def menu_action(window, text: str):
    menu = window.menu("&Profile")
    menu.aboutToShow.emit()  # what opening the menu does: list the profiles afresh
    return next(a for a in menu.actions() if a.text() == text)


def open_form(window, text: str):
    menu_action(window, text).trigger()
    QApplication.processEvents()
    page = window.pages["profiles"]
    assert window.stack.currentWidget() is page
    return page


def submit(qtbot, window, field: str, text: str) -> None:
    edit = named(window, field)
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def import_file(qtbot, window, path: str) -> None:
    """Types the path, presses Enter, and waits for the import that runs off the GUI thread."""
    submit(qtbot, window, "Import history file", path)
    page = window.pages["profiles"]
    qtbot.waitUntil(lambda: page._importing is not None and not page._importing.running
                    and not page.import_progress.isVisible(), timeout=20000)


def answers_of(window, profile_id: int) -> int:
    with window.ctx.db.sessions() as s:
        return int(s.scalar(select(func.coalesce(func.sum(TallyQuestion.answered), 0))
                            .where(TallyQuestion.profile_id == profile_id)))


def test_add_profile_shows_validation_then_switches(qtbot, window) -> None:
    open_form(window, "&Add profile…")
    assert QApplication.focusWidget() is named(window, "New profile name")
    submit(qtbot, window, "New profile name", "   ")
    assert text_of(window, "Add profile status") == "Cannot add: a name cannot be empty."
    submit(qtbot, window, "New profile name", "x" * 41)
    assert text_of(window, "Add profile status") == "Cannot add: a name has at most 40 characters."
    submit(qtbot, window, "New profile name", "default")
    assert text_of(window, "Add profile status") == "Cannot add: another profile is already called 'Default'."
    assert named(window, "Add profile status").property("result") == "wrong"
    assert [p.name for p in window.ctx.profiles.all()] == ["Default"]

    submit(qtbot, window, "New profile name", "Maya")
    assert text_of(window, "Add profile status") == "Added Maya and switched to it."
    assert window.ctx.profiles.current().name == "Maya"
    assert text_of(window, "Profile in use") == "Studying as Maya"
    assert is_shown(window, "Switch to Default") and not is_shown(window, "Switch to Maya")
    qtbot.mouseClick(named(window, "Back to home"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Current profile") == "Studying as Maya"
    # The menu followed the published change, before anyone opened it.
    assert [a.text() for a in window.menu("&Profile").actions() if a.isCheckable() and a.isChecked()] == [
        "Study as Maya"]


def test_another_students_progress_is_their_own(qtbot, window) -> None:
    practise_in_core(window, big_topics(window)[0], right=4, wrong=1)
    open_form(window, "&Add profile…")
    submit(qtbot, window, "New profile name", "Maya")
    open_progress(qtbot, window)
    assert text_of(window, "Progress profile") == "Studying as Maya"
    assert text_of(window, "Overall result") == "So far: no answers."

    menu_action(window, "Study as Default").trigger()  # Progress is on screen: it redraws in place
    assert window.stack.currentWidget() is window.pages["progress"]
    assert text_of(window, "Progress profile") == "Studying as Default"
    assert text_of(window, "Overall result") == "So far: 5 answers, 4 correct (80%)."
    window.show_home()
    assert text_of(window, "Current profile") == "Studying as Default"


def test_switching_from_a_session_page_goes_home(qtbot, window, clock) -> None:
    from tests.ui.test_progress import practise_in_gui

    window.ctx.profiles.add("Maya")
    practise_in_gui(qtbot, window, clock, "R")  # ends on the practice summary
    menu_action(window, "Study as Maya").trigger()
    assert window.stack.currentWidget() is window.home
    assert text_of(window, "Current profile") == "Studying as Maya"


def test_rename_shows_validation_errors(qtbot, window) -> None:
    window.ctx.profiles.add("Sam")
    page = open_form(window, "&Rename profile…")
    assert named(window, "Profile name").text() == "Default"
    assert QApplication.focusWidget() is named(window, "Profile name")
    for typed, message in (("", "a name cannot be empty"), ("y" * 60, "a name has at most 40 characters"),
                           ("sam", "another profile is already called 'Sam'")):
        submit(qtbot, window, "Profile name", typed)
        assert text_of(window, "Rename status") == f"Cannot rename: {message}."
    submit(qtbot, window, "Profile name", "  Maya   Rivera ")
    assert text_of(window, "Rename status") == "Default is now called Maya Rivera."
    assert page.rename_title.text() == "Rename Maya Rivera"
    window.show_home()
    assert text_of(window, "Current profile") == "Studying as Maya Rivera"
    assert not is_shown(window, "Your name")  # named now: the first-run banner is gone


def test_reset_history_asks_first(qtbot, window) -> None:
    practise_in_core(window, big_topics(window)[0], right=3, wrong=2)
    profile = window.ctx.profiles.current().id
    open_form(window, "Reset &history…")
    assert QApplication.focusWidget() is named(window, "Reset history")
    qtbot.mouseClick(named(window, "Reset history"), Qt.MouseButton.LeftButton)
    assert is_shown(window, "Confirm reset")
    assert "cannot be undone" in text_of(window, "Confirm reset warning")
    assert QApplication.focusWidget() is named(window, "Cancel reset")  # the safe choice has focus
    qtbot.mouseClick(named(window, "Cancel reset"), Qt.MouseButton.LeftButton)
    assert not is_shown(window, "Confirm reset") and answers_of(window, profile) == 5

    qtbot.mouseClick(named(window, "Reset history"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(named(window, "Cancel reset"), Qt.Key.Key_Escape)
    assert not is_shown(window, "Confirm reset") and answers_of(window, profile) == 5

    qtbot.mouseClick(named(window, "Reset history"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Confirm reset"), Qt.MouseButton.LeftButton)
    assert answers_of(window, profile) == 0
    assert "no answers are left" in text_of(window, "Reset status")
    assert window.ctx.profiles.current().name == "Default"  # the name stays
    open_progress(qtbot, window)
    assert text_of(window, "Overall result") == "So far: no answers."


def test_delete_profile_asks_first(qtbot, window) -> None:
    page = open_form(window, "&Manage profiles")
    assert not named(window, "Delete profile").isEnabled()  # the only profile
    window.ctx.profiles.add("Maya", switch=True)
    page.refresh()
    qtbot.mouseClick(named(window, "Delete profile"), Qt.MouseButton.LeftButton)
    assert "Delete Maya" in text_of(window, "Confirm delete warning")
    qtbot.mouseClick(named(window, "Confirm delete"), Qt.MouseButton.LeftButton)
    assert [p.name for p in window.ctx.profiles.all()] == ["Default"]
    assert text_of(window, "Reset status") == "Maya was deleted. Now studying as Default."
    assert text_of(window, "Profile in use") == "Studying as Default"


def test_export_then_import_into_another_data_dir(qtbot, window, tmp_path: Path, bank_template: Path,
                                                  clock) -> None:

    practise_in_core(window, big_topics(window)[0], right=4, wrong=2)
    open_form(window, "&Export history…")
    assert QApplication.focusWidget() is named(window, "Export history file")
    assert named(window, "Export history file").text().endswith("quizapp-history-Default-2026-01-05.json")
    target = tmp_path / "moving" / "maya.json"
    submit(qtbot, window, "Export history file", str(target))
    assert text_of(window, "Export status") == "Cannot export: the folder to save into does not exist."
    target.parent.mkdir()
    submit(qtbot, window, "Export history file", str(target))
    assert text_of(window, "Export status").startswith("Saved 1 session, 6 answers")
    assert target.is_file()

    other = tmp_path / "home-computer"
    other.mkdir()
    shutil.copyfile(bank_template, other / DB_NAME)
    second = open_window(qtbot, other, clock)
    open_form(second, "&Import history…")
    assert QApplication.focusWidget() is named(second, "Import history file")
    import_file(qtbot, second, str(tmp_path / "missing.json"))
    assert text_of(second, "Import status") == "Cannot import: no such file. Nothing was changed."
    import_file(qtbot, second, str(target))
    # The file is the lab's Default profile, not this computer's: asked inline, nothing written yet.
    assert is_shown(second, "Import into this profile anyway") and not is_shown(second, "Import status")
    assert "comes from the profile Default on another computer" in text_of(
        second, "Import into this profile anyway warning")
    assert QApplication.focusWidget() is named(second, "Cancel import")
    with second.ctx.db.sessions() as s:
        assert s.scalar(select(func.count(Attempt.id))) == 0
    qtbot.mouseClick(named(second, "Import into this profile anyway"), Qt.MouseButton.LeftButton)
    page = second.pages["profiles"]
    qtbot.waitUntil(lambda: not page._importing.running and not page.import_progress.isVisible(), timeout=20000)
    assert text_of(second, "Import status").startswith("Imported into Default: 1 session and 6 answers added")
    import_file(qtbot, second, str(target))  # the lab's profile is remembered: no question this time
    assert "0 sessions and 0 answers added; 1 session was already here" in text_of(second, "Import status")
    with second.ctx.db.sessions() as s:
        assert s.scalar(select(func.count(Attempt.id))) == 1
    open_progress(qtbot, second)
    assert text_of(second, "Overall result") == "So far: 6 answers, 4 correct (67%)."
    second.close()


def test_importing_another_profiles_history_is_asked_first_and_can_be_cancelled(qtbot, window,
                                                                               tmp_path: Path) -> None:
    practise_in_core(window, big_topics(window)[0], right=2, wrong=1)
    target = tmp_path / "default.json"
    window.ctx.profiles.export_history(window.ctx.profiles.current().id, target)
    ben, _ = window.ctx.profiles.add("Ben", switch=True)
    open_form(window, "&Import history…")
    import_file(qtbot, window, str(target))
    assert "belongs to Default, another profile on this computer" in text_of(
        window, "Import into this profile anyway warning")
    qtbot.keyClick(named(window, "Cancel import"), Qt.Key.Key_Space)
    assert text_of(window, "Import status") == "Import cancelled; nothing was changed."
    assert not is_shown(window, "Import into this profile anyway") and answers_of(window, ben.id) == 0


def test_a_large_history_imports_off_the_gui_thread_with_progress(qtbot, window, tmp_path: Path) -> None:
    """Issue #24, case 6: the page stays live while a file is read and merged, and the bar moves."""
    practise_in_core(window, big_topics(window)[0], right=2, wrong=1)
    target = tmp_path / "default.json"
    me = window.ctx.profiles.current().id
    window.ctx.profiles.export_history(me, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    first = document["attempts"][0]
    document["attempts"] = [{**first, "id": str(uuid.UUID(int=n))} for n in range(1200)]
    target.write_text(json.dumps(document), encoding="utf-8")
    page = open_form(window, "&Import history…")
    seen: list[tuple[int, bool, bool]] = []  # (value, bar shown, Import button enabled) as the bar moves
    page.import_progress.valueChanged.connect(
        lambda value: seen.append((value, page.import_progress.isVisible(), page.import_button.isEnabled())))
    import_file(qtbot, window, str(target))
    assert text_of(window, "Import status").startswith("Imported into Default: 1200 sessions")
    assert [v for v, _, _ in seen if v > 0] == [500, 1000, 1200]
    assert all(shown and not enabled for v, shown, enabled in seen if v > 0)
    assert named(window, "Import history").isEnabled()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note about any new top-level
def test_browse_opens_a_file_dialog_that_does_not_block(qtbot, window, tmp_path: Path) -> None:
    open_form(window, "&Export history…")
    qtbot.mouseClick(named(window, "Browse for export file"), Qt.MouseButton.LeftButton)
    dialogs = [d for d in window.findChildren(QFileDialog) if d.isVisible()]
    assert len(dialogs) == 1  # we got here: .open(), not a blocking exec()
    dialogs[0].fileSelected.emit(str(tmp_path / "chosen.json"))
    dialogs[0].reject()
    assert named(window, "Export history file").text() == str(tmp_path / "chosen.json")


@pytest.mark.parametrize("size", [(1024, 640), (800, 600)])
@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.DARK])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_profiles_names_and_layout_at_small_sizes(qtbot, window, theme: ThemeName, scale: float,
                                                  size: tuple[int, int]) -> None:
    window.ctx.profiles.add("Maya Rivera-Thompson, evening class B")
    window.ctx.profiles.add("Sam")
    open_form(window, "&Manage profiles")
    named(window, "Reset history").click()
    submit(qtbot, window, "New profile name", "")
    window.set_theme(theme)
    window.set_text_scale(scale)
    window.resize(*size)
    QApplication.processEvents()
    assert duplicate_names(window) == {}
    assert unnamed_controls(window) == []
    assert clipped(window) == []
    window.set_text_scale(1.0)
    window.set_theme(ThemeName.LIGHT)


def test_every_profiles_control_is_reached_by_tab(qtbot, window) -> None:
    window.ctx.profiles.add("Sam")
    open_form(window, "&Manage profiles")
    seen = set()
    for _ in range(30):
        widget = QApplication.focusWidget()
        seen.add(widget.accessibleName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    for name in ("Switch to Sam", "New profile name", "Switch to the new profile", "Add profile", "Profile name",
                 "Rename profile", "Export history file", "Browse for export file", "Export history",
                 "Import history file",
                 "Browse for import file", "Import history", "Reset history", "Delete profile", "Back to home"):
        assert name in seen, name
    assert "Ctrl+Shift+U" == menu_action(window, "&Manage profiles").shortcut().toString()
