""""Report a problem" as an inline panel under the question (never a modal dialog)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from quizapp.core.reports import REASONS
from quizapp.ui.widgets.common import button, card, label


class ReportPanel(QWidget):
    submitted = Signal(str, str)  # reason, note
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card("banner")
        outer.addWidget(frame)
        layout.addWidget(label("Report a problem with this question", role="subtitle"))
        layout.addWidget(label("Your report is kept with the question so your instructor can fix it.", role="muted"))
        self.reason = QComboBox()
        self.reason.setAccessibleName("Report reason")
        for code, text in REASONS.items():
            self.reason.addItem(text, code)
        layout.addWidget(self.reason)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Report note")
        self.note.setPlaceholderText("What is wrong? (optional, except for 'Something else')")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 16)
        layout.addWidget(self.note)
        self.message = label(role="muted", name="Report status")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.send = button("Send report", primary=True)
        self.cancel = button("Cancel", "Cancel report")
        row.addWidget(self.send)
        row.addWidget(self.cancel)
        row.addStretch(1)
        layout.addLayout(row)
        self.send.clicked.connect(self._on_send)
        self.cancel.clicked.connect(self._on_cancel)
        self.hide()

    def open(self) -> None:
        self.reason.setCurrentIndex(0)
        self.note.clear()
        self.message.setText("")
        self.show()
        self.reason.setFocus()

    def show_error(self, message: str) -> None:
        self.message.setText(message)

    def _on_send(self) -> None:
        self.submitted.emit(str(self.reason.currentData()), self.note.toPlainText())

    def _on_cancel(self) -> None:
        self.hide()
        self.cancelled.emit()
