"""A message across the top of the window, above whatever page is shown: inline, never modal.

The window keeps two: one says what could not be saved and why (a full disk, a read-only
database), the other that a mock exam's clock keeps running while its page is not shown. Each is
announced to screen readers when its text changes, and can be dismissed or acted on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from quizapp.ui.widgets.common import button, label


class Banner(QFrame):
    def __init__(self, name: str, *, action: str | None = None, dismiss: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(28, 8, 16, 8)
        layout.setSpacing(12)
        self.text = label(name=name, selectable=True)
        layout.addWidget(self.text, 1)
        self.action: QPushButton | None = None
        if action:
            self.action = button(action, primary=True)
            layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignVCenter)
        self.dismiss: QPushButton | None = None
        if dismiss:
            self.dismiss = button("Dismiss", dismiss, tip="Hide this message")
            self.dismiss.clicked.connect(self.hide)
            layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def say(self, text: str, *, announce_it: bool = True) -> None:
        """Shows `text` (announcing it when it is new)."""
        changed = text != self.text.text()
        self.text.setText(text)
        self.text.setAccessibleDescription(text)
        self.show()
        if changed and announce_it:
            from quizapp.ui.widgets.countdown import announce  # loaded when first needed, not at start-up

            announce(self.text, text)
