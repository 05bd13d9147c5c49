"""What every page shares: redraw on relevant changes, lazily when hidden."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from quizapp.core.changes import Changes


class Page(QWidget):
    """A page redraws when a change it cares about arrives: now if visible, else when shown."""

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = False

    def cares_about(self, changes: Changes) -> bool:
        return False

    def refresh(self) -> None:
        """Re-reads what the page shows from core."""

    def on_changes(self, changes: Changes) -> None:
        if not self.cares_about(changes):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)
