"""Shown instead of home when the database cannot be opened: explains and offers the backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page


class DamagedDatabasePage(Page):
    title = "Problem with your data"
    restore = Signal(Path)
    quit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = scroll_page(self)
        column.addWidget(label("Your progress file could not be opened", role="title"))
        box, layout = card("banner")
        self.explanation = label(name="Problem description", selectable=True)
        layout.addWidget(self.explanation)
        self.backup_info = label(name="Backup information", selectable=True)
        layout.addWidget(self.backup_info)
        column.addWidget(box)
        row = QHBoxLayout()
        self.restore_button = button("Restore backup", tip="Put the newest backup in place; the damaged file is kept",
                                     primary=True)
        self.quit_button = button("Quit", "Quit quizapp")
        row.addWidget(self.restore_button)
        row.addWidget(self.quit_button)
        row.addStretch(1)
        column.addLayout(row)
        self.status = label(role="muted", name="Restore status")
        column.addWidget(self.status)
        column.addStretch(1)
        self._backup: Path | None = None
        self.message = ""
        self.restore_button.clicked.connect(self._on_restore)
        self.quit_button.clicked.connect(self.quit)

    def show_problem(self, message: str, database: Path | None, backup: Path | None) -> None:
        self._backup = backup
        self.message = message
        where = f"\n\nThe file is {database}. It has not been changed or deleted." if database else ""
        self.explanation.setText(f"quizapp could not read your answers and settings: {message}{where}")
        if backup is not None:
            self.backup_info.setText(f"The newest backup is {backup.name}. Restoring it puts it in place and keeps "
                                     "the damaged file beside it, renamed, so nothing is lost.")
        else:
            self.backup_info.setText("There is no backup yet. You can move the damaged file elsewhere and "
                                     "start again, or ask for help with the file above.")
        self.restore_button.setVisible(backup is not None)
        (self.restore_button if backup is not None else self.quit_button).setFocus()

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def _on_restore(self) -> None:
        if self._backup is not None:
            self.restore.emit(self._backup)
