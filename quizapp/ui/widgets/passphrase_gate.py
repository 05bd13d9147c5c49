"""The inline panel that asks for the instructor passphrase before an instructor's page shows
anything (no modal dialog). The passphrase lives in this window's memory only, until Lock."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from quizapp.ui.widgets.common import button, card, label
from quizapp.ui.widgets.status_line import say, status_label


class PassphraseGate(QWidget):
    unlocked = Signal(str)

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box, layout = card("banner")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        layout.addWidget(label(f"{what} are for instructors: enter this database's instructor passphrase.",
                               name="Instructor passphrase needed"))
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Instructor passphrase")
        self.field.setPlaceholderText("Instructor passphrase")
        self.unlock_button = button("Unlock", tip="Check the passphrase and show the page (Enter)", primary=True)
        row.addWidget(self.field, 1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.status = status_label("Passphrase status")
        layout.addWidget(self.status)
        self.unlock_button.clicked.connect(self._on_unlock)
        self.field.returnPressed.connect(self._on_unlock)

    def _on_unlock(self) -> None:
        text = self.field.text()
        self.field.clear()
        self.unlocked.emit(text)

    def refuse(self, message: str) -> None:
        say(self.status, message, problem=True)
        self.field.setFocus()
