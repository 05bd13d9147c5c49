"""What every page shares: redraw on relevant changes, lazily when hidden."""

from __future__ import annotations

from typing import Any

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


class TimedExamPage(Page):
    """A page that shows a running exam's clock (the exam itself and its review screen).

    Subclasses set `self.countdown`, `self._engine` and `self._state`, and implement `_on_tick`.
    """

    countdown: Any
    _engine: Any
    _state: Any

    def _on_tick(self) -> None:
        raise NotImplementedError

    def unload(self) -> None:
        """Forgets the exam (it was submitted or abandoned): nothing may tick for it any more."""
        self.countdown.run(False)
        self._engine = None
        self._state = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if self._engine is not None:
            self._on_tick()  # time passed while another page was shown: repaint (or submit) at once
