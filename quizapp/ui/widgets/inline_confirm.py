"""An "are you sure?" panel shown in place of a modal dialog (DESIGN.md: no blocking modals).

The warning says what will happen in plain words; Cancel gets the focus, so Enter never confirms
by accident, and Esc (handled by the page) or Cancel hides it again.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from quizapp.ui.widgets.common import button, card, label


class InlineConfirm(QWidget):
    def __init__(self, confirm_text: str, cancel_name: str, *, confirm_tip: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame, layout = card("banner")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.warning = label(name=f"{confirm_text} warning")
        layout.addWidget(self.warning)
        row = QHBoxLayout()
        self.confirm = button(confirm_text, primary=True, tip=confirm_tip or None)
        self.cancel = button("Cancel", cancel_name, tip="Keep everything as it is (Esc)")
        row.addWidget(self.confirm)
        row.addWidget(self.cancel)
        row.addStretch(1)
        layout.addLayout(row)
        self.cancel.clicked.connect(self.hide)
        self.hide()

    def ask(self, warning: str) -> None:
        self.warning.setText(warning)
        self.show()
        self.cancel.setFocus()
