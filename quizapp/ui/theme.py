"""Light and dark palettes, text size, and the stylesheet over them.

Colours live in palettes, not in the stylesheet, so both themes stay legible; the few status
colours (right / wrong) are picked per theme for contrast on that theme's background. `control`
outlines radio buttons and check boxes (3:1 or more on every background) and `focus` is the focus
ring's colour (3:1 or more on every background); tests/ui/test_contrast.py checks each pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from quizapp.ui.resources import stylesheet
from quizapp.ui.style import QuizStyle

BASE_POINT_SIZE = 11
TEXT_SCALES = (1.0, 1.25, 1.5, 2.0)


class ThemeName(str, Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Colours:
    window: str
    text: str
    base: str
    alternate: str
    button: str
    mid: str
    highlight: str
    highlighted_text: str
    muted: str
    correct: str
    wrong: str
    link: str
    control: str
    focus: str


LIGHT = Colours(window="#f4f6f8", text="#1b1f24", base="#ffffff", alternate="#e8eef3",
                button="#ffffff", mid="#b8c2cc", highlight="#1f6f8b", highlighted_text="#ffffff",
                muted="#52606d", correct="#1e7a44", wrong="#b03a2e", link="#1f5f9b",
                control="#5f6b78", focus="#1f6f8b")
DARK = Colours(window="#1c2127", text="#e8ecf0", base="#242a31", alternate="#2c343c",
               button="#2c343c", mid="#4a5561", highlight="#4fb3d4", highlighted_text="#0d1317",
               muted="#a9b4bf", correct="#6fdc9a", wrong="#ff8a7a", link="#8cc8ff",
               control="#98a4b0", focus="#8cc8ff")


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def colours_for(name: ThemeName) -> Colours:
    if name is ThemeName.SYSTEM:
        return DARK if system_prefers_dark() else LIGHT
    return DARK if name is ThemeName.DARK else LIGHT


def palette_for(c: Colours) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window, QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.base, QPalette.ColorRole.AlternateBase: c.alternate,
        QPalette.ColorRole.Text: c.text, QPalette.ColorRole.Button: c.button,
        QPalette.ColorRole.ButtonText: c.text, QPalette.ColorRole.Mid: c.mid,
        QPalette.ColorRole.Highlight: c.highlight, QPalette.ColorRole.HighlightedText: c.highlighted_text,
        QPalette.ColorRole.ToolTipBase: c.base, QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted, QPalette.ColorRole.Link: c.link,
        QPalette.ColorRole.BrightText: c.wrong,
    }
    for role, value in roles.items():
        p.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return p


def _theme_rules(c: Colours) -> str:
    return (
        f'\nQLabel[role="muted"] {{ color: {c.muted}; }}'
        f'\nQLabel[result="correct"] {{ color: {c.correct}; }}'
        f'\nQLabel[result="wrong"] {{ color: {c.wrong}; }}'
        f'\nQLineEdit, QPlainTextEdit {{ border: 1px solid {c.control}; }}\n'
    )


def apply_theme(app: QApplication, name: ThemeName, text_scale: float = 1.0) -> Colours:
    """Sets palette, font size and stylesheet on the whole application."""
    colours = colours_for(name)
    QuizStyle.for_app(app, colours).configure(colours, text_scale)
    app.setPalette(palette_for(colours))
    font = app.font()
    point_size = round(BASE_POINT_SIZE * text_scale)
    font.setPointSize(point_size)
    app.setFont(font)
    sheet = stylesheet().replace("font-size: 11pt;", f"font-size: {point_size}pt;")
    for base, scaled in (("13pt", 13), ("20pt", 20)):
        sheet = sheet.replace(f"font-size: {base};", f"font-size: {round(scaled * text_scale)}pt;")
    app.setStyleSheet(sheet + _theme_rules(colours))
    return colours


def relative_luminance(colour: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
