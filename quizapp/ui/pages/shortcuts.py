"""Help › Keyboard shortcuts, as a page (no modal dialogs): `quizapp.ui.keys` as written."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from quizapp.ui import keys
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page


class ShortcutsPage(Page):
    title = "Keyboard shortcuts"
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.previous: QWidget | None = None
        column = scroll_page(self)
        column.addWidget(label("Keyboard shortcuts", role="title"))
        for heading, rows in keys.SECTIONS:
            box, layout = card()
            layout.addWidget(label(heading, role="subtitle"))
            for key in rows:
                layout.addWidget(label(f"{key.keys}  —  {key.what}"))
            column.addWidget(box)
        self.back_button = button("Back", "Close shortcuts", tip="Return (Esc)", primary=True)
        column.addWidget(self.back_button, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        self.back_button.clicked.connect(self.back)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
        else:
            super().keyPressEvent(event)
