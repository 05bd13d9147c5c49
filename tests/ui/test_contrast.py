"""Both themes as a student sees them: text at 4.5:1 or more, controls and the focus ring at 3:1 or
more (WCAG 1.4.3, 1.4.11), computed from the colours the app applies and read back from what it
paints; radio and check-box markers that grow with the text (issue #20, items 2, 6 and 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFocusFrame, QStyle, QStyleOptionButton, QWidget

from quizapp.ui.focus_ring import FocusRing
from quizapp.ui.style import QuizStyle
from quizapp.ui.theme import ThemeName, contrast_ratio
from tests.helpers.pixels import background, extent, picture, strongest_contrast
from tests.helpers.widgets import named

THEMES = [ThemeName.LIGHT, ThemeName.DARK]
Role = QPalette.ColorRole
TEXT_PAIRS = [(Role.WindowText, Role.Window), (Role.Text, Role.Base), (Role.ButtonText, Role.Button),
              (Role.HighlightedText, Role.Highlight), (Role.Text, Role.AlternateBase),
              (Role.PlaceholderText, Role.Window), (Role.PlaceholderText, Role.Base),
              (Role.PlaceholderText, Role.Button), (Role.PlaceholderText, Role.AlternateBase),
              (Role.Link, Role.Base), (Role.Link, Role.Window)]
BACKGROUNDS = (Role.Window, Role.Base, Role.AlternateBase)


def app_style() -> QuizStyle:
    style = QApplication.instance().findChild(QuizStyle)
    assert style is not None
    return style


def activate(qtbot, window) -> None:
    """Focus (and so the ring) follows only in the active window, as on a desktop."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def start_practice(qtbot, window) -> QWidget:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    return window.pages["practice"]


def indicator_rect(widget: QWidget) -> QRect:
    option = QStyleOptionButton()
    option.initFrom(widget)
    element = (QStyle.SubElement.SE_RadioButtonIndicator if widget.inherits("QRadioButton")
               else QStyle.SubElement.SE_CheckBoxIndicator)
    return widget.style().subElementRect(element, option, widget)


@pytest.mark.parametrize("theme", THEMES)
def test_applied_colours_meet_the_contrast_minimums(window, theme: ThemeName) -> None:
    window.set_theme(theme)
    palette = QApplication.instance().palette()
    for fg, bg in TEXT_PAIRS:
        assert contrast_ratio(palette.color(fg), palette.color(bg)) >= 4.5, (theme, fg, bg)
    disabled = palette.color(QPalette.ColorGroup.Disabled, Role.ButtonText)
    assert contrast_ratio(disabled, palette.color(Role.Button)) >= 4.5  # a disabled button's label
    colours = app_style().colours
    for status in (colours.correct, colours.wrong):
        assert contrast_ratio(QColor(status), palette.color(Role.Base)) >= 4.5
    for bg in BACKGROUNDS:
        for control in (colours.control, colours.focus, colours.highlight):  # outlines, the ring, a chosen marker
            assert contrast_ratio(QColor(control), palette.color(bg)) >= 3, (theme, control, bg)
    window.set_theme(ThemeName.LIGHT)


@pytest.mark.parametrize("theme", THEMES)
def test_markers_and_the_disabled_check_answer_are_visible(qtbot, window, theme: ThemeName) -> None:
    window.set_theme(theme)
    start_practice(qtbot, window)
    check = named(window, "Check answer")
    assert not check.isEnabled()  # nothing chosen yet
    image = picture(check)
    behind = background(image)
    assert behind == QApplication.instance().palette().color(Role.Button)  # not the highlight any more
    assert strongest_contrast(image, behind) >= 4.5, theme  # its label reads as text
    for name in ("Answer B", "I guessed"):  # an empty circle, an empty box
        marker = named(window, name)
        image = picture(marker, indicator_rect(marker))
        behind = background(image)
        assert strongest_contrast(image, behind) >= 3, (theme, name)
    qtbot.mouseClick(named(window, "Answer B"), Qt.MouseButton.LeftButton)
    marker = named(window, "Answer B")
    image = picture(marker, indicator_rect(marker))
    assert strongest_contrast(image, background(image)) >= 3  # the chosen dot
    window.set_theme(ThemeName.LIGHT)


def test_markers_grow_with_the_text(qtbot, window) -> None:
    window.set_theme(ThemeName.DARK)
    start_practice(qtbot, window)
    sizes = {}
    for scale in (1.0, 2.0):
        window.set_text_scale(scale)
        QApplication.processEvents()
        for name in ("Answer A", "I guessed"):
            marker = named(window, name)
            rect = indicator_rect(marker)
            image = picture(marker, rect)
            drawn = extent(image, background(image))
            sizes[name, scale] = drawn.width()
            assert drawn.width() >= rect.width() - 3 and drawn.height() >= rect.height() - 3, (name, scale)
    for name in ("Answer A", "I guessed"):
        assert sizes[name, 2.0] >= 1.8 * sizes[name, 1.0], (name, sizes)
    window.set_text_scale(1.0)
    window.set_theme(ThemeName.LIGHT)


def on_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def ring_frame(window) -> QFocusFrame:
    frames = [f for f in window.findChildren(QFocusFrame) if f.widget() is not None and f.isVisible()]
    assert len(frames) == 1, frames
    return frames[0]


def tab_to(qtbot, window, name: str) -> QWidget:
    target = named(window, name)
    for _ in range(60):
        if QApplication.focusWidget() is target:
            return target
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}")


def ring_change(qtbot, window, name: str) -> float:
    """Tabs to the control, and returns the contrast between the ring and what the same pixels
    show once the control has lost focus again (the ring's top edge, halfway along)."""
    target = tab_to(qtbot, window, name)
    QApplication.processEvents()
    ring = QApplication.instance().findChild(FocusRing)
    surrounded = ring.current()
    assert surrounded is target or surrounded.isAncestorOf(target), (name, surrounded)
    frame = ring_frame(window)
    assert on_window(frame).contains(on_window(surrounded)), name  # outside the control, all round
    point = frame.mapTo(window, QPoint(frame.width() // 2, 1))
    focused = window.grab().toImage().pixelColor(point)
    target.clearFocus()
    QApplication.processEvents()
    assert not frame.isVisible()
    unfocused = window.grab().toImage().pixelColor(point)
    return contrast_ratio(focused, unfocused)


@pytest.mark.parametrize("theme", THEMES)
def test_every_kind_of_control_shows_a_focus_ring(qtbot, window, theme: ThemeName) -> None:
    window.set_theme(theme)
    activate(qtbot, window)
    named(window, "Your name").setFocus()
    for name in ("Your name", "Save name", "Skip naming", "Daily goal", "Start practice"):  # primary: Save, Start
        assert ring_change(qtbot, window, name) >= 3, (theme, name)
    page = start_practice(qtbot, window)
    qtbot.keyClick(page, Qt.Key.Key_B)
    page.question.stem.setFocus()
    for name in ("Question text", "Answer B", "I guessed", "Check answer", "End practice session"):
        page.question.stem.setFocus()
        assert ring_change(qtbot, window, name) >= 3, (theme, name)
    window.set_theme(ThemeName.LIGHT)


def test_the_ring_goes_round_the_whole_answer_option(qtbot, window) -> None:
    activate(qtbot, window)
    page = start_practice(qtbot, window)
    page.question.stem.setFocus()
    target = tab_to(qtbot, window, "Answer A")
    row = target.parentWidget()
    assert QApplication.instance().findChild(FocusRing).current() is row
    assert ring_frame(window).width() > row.width() > 10 * target.width()


def test_begin_practice_shows_its_ring(qtbot, window) -> None:
    """A filled primary button that has focus the moment its page opens, once scrolled to."""
    window.set_theme(ThemeName.DARK)
    activate(qtbot, window)
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    begin = named(window, "Begin practice")
    assert begin.hasFocus()
    window.pages["practice_setup"].property("scrollArea").ensureWidgetVisible(begin)  # below the fold at 800 high
    QApplication.processEvents()
    assert QApplication.instance().findChild(FocusRing).current() is begin
    assert ring_change(qtbot, window, "Begin practice") >= 3
    window.set_theme(ThemeName.LIGHT)
