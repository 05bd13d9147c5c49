"""A PIN keeps a profile to its student in the window: set on the Profiles page, asked for
inline when switching to it, and before the app opens it at start (issue #22)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from tests.helpers.widgets import named, text_of
from tests.helpers.windows import open_window


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_set_a_pin_then_switching_back_asks_for_it(qtbot, window) -> None:
    feature = window.features[[type(f).__name__ for f in window.features].index("ProfilesFeature")]
    feature.open("add")
    page = window.pages["profiles"]
    qtbot.keyClicks(page.add_name, "Ben")
    _click(qtbot, page.add_button)  # switches to Ben
    assert page.current.name == "Ben"
    qtbot.keyClicks(page.new_pin, "12a")
    _click(qtbot, page.set_pin_button)
    assert "4 to 12 digits" in text_of(window, "PIN status")
    qtbot.keyClicks(page.new_pin, "2468")
    _click(qtbot, page.set_pin_button)
    assert text_of(window, "PIN status") == "Ben is now protected by a PIN."
    default = next(p for p in window.ctx.profiles.all() if p.name != "Ben")
    page.switch_to(default.id)
    assert window.ctx.profiles.current().name == default.name
    ben = next(p for p in window.ctx.profiles.all() if p.name == "Ben")
    page.switch_to(ben.id)  # asks for the PIN instead of switching
    assert page.pin_row.isVisible() and window.ctx.profiles.current().name == default.name
    qtbot.keyClicks(page.switch_pin, "1111")
    _click(qtbot, page.open_button)
    assert "not this profile's PIN" in text_of(window, "Switch status")
    assert window.ctx.profiles.current().name == default.name
    qtbot.keyClicks(page.switch_pin, "2468")
    _click(qtbot, page.open_button)
    assert window.ctx.profiles.current().name == "Ben" and not page.pin_row.isVisible()


def test_the_app_does_not_open_a_pin_profile_without_its_pin(qtbot, ui_data_dir: Path, clock: FakeClock) -> None:
    ctx = AppContext.open(ui_data_dir, clock)
    try:
        ctx.bank.ensure_installed()
        maya, _ = ctx.profiles.add("Maya", switch=True)
        ctx.profiles.set_pin(maya.id, "1357")
    finally:
        ctx.close()
    window = open_window(qtbot, ui_data_dir, clock)
    try:
        lock = window.pages["profile-lock"]
        assert window.stack.currentWidget() is lock and not window.menuBar().isEnabled()
        assert text_of(window, "Locked profile") == "Maya's profile is protected by a PIN."
        qtbot.keyClicks(lock.pin, "0000")
        _click(qtbot, lock.unlock_button)
        assert "not this profile's PIN" in text_of(window, "Unlock status")
        assert window.stack.currentWidget() is lock
        _click(qtbot, named(window, "Study as Default"))
        assert window.stack.currentWidget() is window.home and window.menuBar().isEnabled()
        assert window.ctx.profiles.current().name == "Default"
    finally:
        window.close()


def test_the_pin_opens_the_locked_profile(qtbot, ui_data_dir: Path, clock: FakeClock) -> None:
    ctx = AppContext.open(ui_data_dir, clock)
    try:
        ctx.bank.ensure_installed()
        maya, _ = ctx.profiles.add("Maya", switch=True)
        ctx.profiles.set_pin(maya.id, "1357")
    finally:
        ctx.close()
    window = open_window(qtbot, ui_data_dir, clock)
    try:
        lock = window.pages["profile-lock"]
        qtbot.keyClicks(lock.pin, "1357")
        qtbot.keyClick(lock.pin, Qt.Key.Key_Return)
        assert window.stack.currentWidget() is window.home
        assert window.ctx.profiles.current().name == "Maya"
    finally:
        window.close()


def test_on_a_class_database_a_new_profile_joins_a_class(qtbot, ui_data_dir: Path, clock: FakeClock) -> None:
    ctx = AppContext.open(ui_data_dir, clock)
    try:
        ctx.bank.ensure_installed()
        morning, _ = ctx.classes.create("Morning", "correct horse battery")
        ctx.profiles.add("Maria", class_id=morning.id)
    finally:
        ctx.close()
    window = open_window(qtbot, ui_data_dir, clock)
    try:
        feature = window.features[[type(f).__name__ for f in window.features].index("ProfilesFeature")]
        feature.open("add")
        page = window.pages["profiles"]
        assert page.add_class.isVisible()
        assert [page.add_class.itemText(i) for i in range(page.add_class.count())] == ["No class", "Morning"]
        page.add_class.setCurrentIndex(1)
        qtbot.keyClicks(page.add_name, "maria")
        _click(qtbot, page.add_button)
        assert "already called 'Maria'" in text_of(window, "Add profile status")
        page.add_class.setCurrentIndex(0)  # another class (none): its own Maria
        _click(qtbot, page.add_button)
        assert window.ctx.profiles.current().name == "maria" and window.ctx.profiles.current().class_id is None
    finally:
        window.close()
