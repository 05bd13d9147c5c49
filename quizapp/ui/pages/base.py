"""What every page shares: redraw on relevant changes, lazily when hidden."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QHideEvent, QShowEvent
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

    def mark_stale(self) -> None:
        """Redraw when next shown (or by `refresh_if_stale`)."""
        self._stale = True

    def refresh_if_stale(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if not self.cares_about(changes):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        self.refresh_if_stale()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt naming
        """Leaving the page ends what its status lines said: they told of actions now past."""
        if not event.spontaneous():  # not merely the window minimised
            from quizapp.ui.widgets.status_line import hush_all

            hush_all(self)
        super().hideEvent(event)


class TimedExamPage(Page):
    """A page that shows a running exam's clock (the exam itself and its review screen).

    Subclasses set `self.countdown`, `self.warning`, `self._publish`, `self._engine` and
    `self._state`, define a `finished(attempt_id)` signal, and implement `_on_tick`.
    """

    countdown: Any
    warning: Any
    finished: Any
    _publish: Any
    _engine: Any
    _state: Any

    def _apply(self, update: Any) -> bool:
        """Takes what the engine did (an ExamUpdate); False when the exam is over and the results
        take over."""
        self._publish(update.changes)
        if update.warning_text:
            self.warning.warn(update.warning_text)
        if update.state.submitted:
            attempt_id = update.state.attempt_id
            self.unload()
            self.finished.emit(attempt_id)
            return False
        self._state = update.state
        self.countdown.show_remaining(update.state.remaining_seconds)
        return True

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
