"""A call into core that runs off the GUI thread and reports back on it.

Some requests take long with a large file (a history import reads and checks every value, then
merges thousands of sessions); the window must keep painting meanwhile. `BackgroundCall` runs
the request on a worker thread through the one error path (`call_core`), hands it a progress
callback, and delivers progress and the outcome as Qt signals, which arrive on the GUI thread
(queued), so the page only ever touches widgets there. Core opens its own database session in
the worker thread; nothing else is shared.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from quizapp.ui.core_calls import REFUSED, call_core

Progress = Callable[[int, int], None]


class BackgroundCall(QObject):
    progressed = Signal(int, int)  # done, total
    finished = Signal(object, str)  # the outcome (REFUSED when core refused), the message if refused

    def __init__(self, request: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._request = request
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="quizapp-background", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        messages: list[str] = []
        outcome = call_core(lambda: self._request(self.progressed.emit), messages.append)
        self.finished.emit(outcome, messages[0] if outcome is REFUSED and messages else "")
