"""Both palettes legible, 200% text without clipping from 800x600 up, keyboard focus everywhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from quizapp.ui.theme import DARK, LIGHT, ThemeName, contrast_ratio, palette_for
from tests.helpers.layout import clipped
from tests.helpers.widgets import duplicate_names, named, unnamed_controls

PAIRS = [
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
]


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])
def test_palette_text_meets_wcag_aa(colours) -> None:
    palette = palette_for(colours)
    for fg, bg in PAIRS:
        assert contrast_ratio(palette.color(fg), palette.color(bg)) >= 4.5, (fg, bg)
    from PySide6.QtGui import QColor

    for status in (colours.correct, colours.wrong):
        assert contrast_ratio(QColor(status), QColor(colours.base)) >= 4.5


def _walk_pages(qtbot, window) -> None:
    """Home, practice set-up, a checked question, the summary: each checked for clipping."""
    pages = []
    named(window, "Skip naming").click()
    QApplication.processEvents()  # a page's layout settles on the event loop, before it is painted
    pages.append(("home", clipped(window)))
    named(window, "Start practice").click()
    QApplication.processEvents()
    pages.append(("setup", clipped(window)))
    named(window, "Begin practice").click()
    practice = window.pages["practice"]
    qtbot.keyClick(practice, Qt.Key.Key_A)
    qtbot.keyClick(practice, Qt.Key.Key_Return)
    QApplication.processEvents()
    pages.append(("question", clipped(window)))
    named(window, "End practice session").click()
    QApplication.processEvents()
    pages.append(("summary", clipped(window)))
    assert [p for p in pages if p[1]] == []


@pytest.mark.parametrize("size", [(1024, 640), (800, 600)])
@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.DARK])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_clipped_text_at_small_sizes(qtbot, window, theme: ThemeName, scale: float,
                                        size: tuple[int, int]) -> None:
    window.set_theme(theme)
    window.set_text_scale(scale)
    window.resize(*size)
    QApplication.processEvents()
    expected_bg = (DARK if theme is ThemeName.DARK else LIGHT).window
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).name() == expected_bg
    _walk_pages(qtbot, window)
    image = window.grab().toImage()
    assert not image.isNull() and (image.width(), image.height()) == size
    window.set_text_scale(1.0)
    window.set_theme(ThemeName.LIGHT)


def test_every_control_is_named_and_reachable_by_tab(qtbot, window) -> None:
    assert unnamed_controls(window) == [] and duplicate_names(window) == {}
    seen = set()
    widget = window.focusWidget() or named(window, "Start practice")
    widget.setFocus()
    for _ in range(40):
        seen.add(QApplication.focusWidget().accessibleName())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    for name in ("Your name", "Save name", "Skip naming", "Start practice", "Progress by domain"):
        assert name in seen, name


def test_shortcuts_are_shown_in_tooltips(window) -> None:
    assert "Ctrl+P" in named(window, "Start practice").toolTip()
    named(window, "Skip naming").click()
    named(window, "Start practice").click()
    named(window, "Begin practice").click()
    assert "Enter" in named(window, "Check answer").toolTip()
    assert "press A or 1" in named(window, "Answer A").toolTip()
