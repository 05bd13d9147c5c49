"""Tells every page what a core call changed, once (STYLE.md: Anki's OpChanges fan-out).

Pages redraw at once when visible, or remember to redraw when next shown; nothing polls.
"""

from __future__ import annotations

from typing import Protocol

from quizapp.core.changes import Changes


class ChangeListener(Protocol):
    def on_changes(self, changes: Changes) -> None: ...


class Dispatcher:
    def __init__(self) -> None:
        self._listeners: list[ChangeListener] = []

    def register(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def publish(self, changes: Changes) -> None:
        if not changes:
            return
        for listener in list(self._listeners):
            listener.on_changes(changes)
