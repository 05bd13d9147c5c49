"""One answer option: a radio button (or check box) and its text, which wraps at any text size.

A QRadioButton cannot wrap its text, so at 200% a long option would be cut off; the text lives
in a label beside the button instead, and clicking anywhere on the row chooses it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QFrame, QHBoxLayout, QRadioButton, QWidget

from quizapp.ui.widgets.common import label, repolish
from quizapp.ui.widgets.rich_text import plain_text, show_text


class OptionRow(QFrame):
    def __init__(self, multiple: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "option")
        self.button: QAbstractButton = QCheckBox() if multiple else QRadioButton()
        self.text = label()
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.button.toggled.connect(self._on_toggled)
        self.setProperty("focusRingAround", True)  # the ring goes round the row when its button has focus
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_option(self, letter: str, text: str, number: int, *, rich: bool = False) -> None:
        show_text(self.text, f"{letter}.&nbsp; {text}" if rich else f"{letter}.  {text}", rich)
        self.button.setAccessibleName(f"Answer {letter}")
        self.button.setAccessibleDescription(plain_text(text, rich))
        self.setToolTip(f"Choose {letter} (press {letter} or {number})" if number <= 9 else f"Choose {letter}")
        self.button.setToolTip(self.toolTip())

    def set_locked(self, locked: bool) -> None:
        self.button.setEnabled(not locked)
        self.setCursor(Qt.CursorShape.ArrowCursor if locked else Qt.CursorShape.PointingHandCursor)

    def set_result(self, result: str | None) -> None:
        repolish(self, "result", result or "")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self.button.isEnabled():
            self.button.click()
        super().mouseReleaseEvent(event)

    def _on_toggled(self, checked: bool) -> None:
        repolish(self, "checked", checked)
