"""Tiny builders so every page names, styles and scrolls its widgets the same way."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

# More than any imported question may hold (quizapp.core.formats.limits): a question is always
# shown whole, while text from an older database or a bug can never lay out a label millions of
# pixels tall or wide (a 1,000,000-character stem once took the window past 20 GB).
MAX_SHOWN_CHARS = 25_000
_RUN = 150  # characters without a space before a break is allowed (a long URL stays whole)
_UNBROKEN = re.compile(rf"[^\s<>&\u200b]{{{_RUN}}}")
_TAG = re.compile(r"(<[^>]*>)")


def clip(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """`text`, or its first `limit` characters and a note saying it was shortened."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [shortened for display: {len(text):,} characters in all]"


def _breakable(text: str) -> str:
    return _UNBROKEN.sub(lambda m: m.group(0) + "\u200b", text) if len(text) > _RUN else text


def shown_text(text: str) -> str:
    """What a label may show of `text`: clipped, and with a zero-width space allowed inside very
    long unbroken runs (word wrap cannot break "xxxx…", which would make the label as wide as
    the text). Anything that looks like a tag is left whole, so rich text keeps its markup."""
    text = clip(text)
    if len(text) <= _RUN:
        return text
    return "".join(part if part.startswith("<") else _breakable(part) for part in _TAG.split(text))


class TextLabel(QLabel):
    """A QLabel whose text stays displayable whatever it is given (see `shown_text`)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        super().setText(shown_text(text))


def label(text: str = "", role: str | None = None, *, name: str | None = None, wrap: bool = True,
          selectable: bool = False) -> QLabel:
    widget = TextLabel()
    widget.setText(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setAccessibleName(name)
    if selectable:  # by mouse only: keyboard selection would show a blinking caret in read-only text
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def button(text: str, name: str | None = None, *, tip: str | None = None, primary: bool = False) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(name or text.replace("&", ""))
    if tip:
        widget.setToolTip(tip)
    if primary:
        widget.setProperty("primary", True)
    widget.setAutoDefault(False)
    return widget


def card(role: str = "card") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", role)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(8)
    return frame, layout


def scroll_page(owner: QWidget) -> QVBoxLayout:
    """Puts a scrolling column in `owner` and returns its layout, so large text never clips."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    inner = QWidget()
    inner.setObjectName("pageBody")
    column = QVBoxLayout(inner)
    column.setContentsMargins(28, 20, 28, 20)
    column.setSpacing(14)
    area.setWidget(inner)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page scrolls; the area itself is no tab stop
    outer.addWidget(area)
    owner.setProperty("scrollArea", area)
    return column


def set_result(widget: QWidget, result: str | None) -> None:
    """Marks a widget right / wrong for the stylesheet and repaints it."""
    repolish(widget, "result", result or "")


def repolish(widget: QWidget, prop: str, value: object) -> None:
    """Sets a property the stylesheet selects on, and re-applies the style and size."""
    widget.setProperty(prop, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.updateGeometry()


def tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets inside `root` that Tab can reach, in the order they were made (a combo box's
    pop-up list, a window of its own, left out)."""
    return [w for w in root.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is root.window()]


def chain_focus(*widgets: QWidget) -> None:
    """Sets the Tab order through `widgets`, in the order given (what the page shows, in reading
    order); hidden or disabled ones are skipped by Qt when Tab is pressed."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


def button_row(column: QVBoxLayout, *buttons: QPushButton) -> None:
    """A row of buttons at the left of a page's column, in the order given."""
    row = QHBoxLayout()
    for widget in buttons:
        row.addWidget(widget)
    row.addStretch(1)
    column.addLayout(row)


def back_row(column: QVBoxLayout, text: str = "Back to home") -> QPushButton:
    """The page's closing row: one button back (Esc is handled by the page)."""
    back = button(text, tip="Return to the home page (Esc)")
    button_row(column, back)
    return back
