"""A scroll area as tall as its content and no taller, that scrolls once the window is shorter.

The exam's question sits in one: a short question keeps `Next` right under its options, and a long
question (or 200% text in a small window) scrolls inside the area while the buttons below it stay
on screen. A plain QScrollArea asks for a fixed-ish size (about 24 lines) whatever it holds.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget


class FittingScrollArea(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._width = -1

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint()
        content = self.widget()
        if content is None:
            return hint
        width = self.viewport().width() if self._width > 0 else content.sizeHint().width()
        height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        if height < 0:
            height = content.sizeHint().height()
        return QSize(hint.width(), height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(super().minimumSizeHint().width(), 3 * self.fontMetrics().height())

    def content_changed(self) -> None:
        """Call when the content was replaced: the area asks for its new height."""
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.size().width() != self._width:  # wrapped text is taller or shorter now
            self._width = event.size().width()
            self.updateGeometry()
