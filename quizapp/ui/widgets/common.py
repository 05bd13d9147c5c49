"""Tiny builders so every page names, styles and scrolls its widgets the same way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget


def label(text: str = "", role: str | None = None, *, name: str | None = None, wrap: bool = True,
          selectable: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setAccessibleName(name)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                       | Qt.TextInteractionFlag.TextSelectableByKeyboard)
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
