"""Every UI timer comes from here, so none can tick unseen (STYLE.md: qutebrowser's Timer,
napari's dangling-timer check).

A timer that repaints something only makes sense while that something is on screen: a
`VisibleTimer` runs while its owner widget is shown *and* the owner wants it (`set_wanted`),
and stops by itself when the owner is hidden (another page, the window closed). One timer must
not stop with a page: a running mock exam's clock is checkpointed whatever page is shown, and
even while the window is minimised (`while_wanted`); its owner disarms it when the exam ends or
the window closes. Each timer has
a name and is tracked while it exists, so a test fixture can fail a test that leaves one
running (`running_timers()`), instead of it firing into the next test.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_live: dict[int, QTimer] = {}  # every timer made here and not yet destroyed, by id()


def _track(timer: QTimer) -> None:
    key = id(timer)
    _live[key] = timer
    timer.destroyed.connect(lambda *_: _live.pop(key, None))


def running_timers() -> list[str]:
    """Names of the timers made here that are running now (for the test fixture)."""
    return sorted(t.objectName() for t in list(_live.values()) if shiboken6.isValid(t) and t.isActive())


def stop_all() -> None:
    """Stops every tracked timer: a fixture's clean-up after reporting what was left running."""
    for timer in list(_live.values()):
        if shiboken6.isValid(timer):
            timer.stop()


class VisibleTimer(QTimer):
    """A repeating timer that runs only while `owner` is visible and `set_wanted(True)`."""

    def __init__(self, owner: QWidget, name: str, interval_ms: int) -> None:
        super().__init__(owner)
        self.setObjectName(name)
        self.setInterval(interval_ms)
        self._owner = owner
        self._wanted = False
        owner.installEventFilter(self)

    @property
    def wanted(self) -> bool:
        return self._wanted

    def set_wanted(self, wanted: bool) -> None:
        self._wanted = wanted
        self._follow(self._owner.isVisible())

    def _follow(self, visible: bool) -> None:
        if self._wanted and visible:
            if not self.isActive():
                self.start()
        else:
            self.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self._owner:
            if event.type() == QEvent.Type.Show:
                self._follow(True)
            elif event.type() == QEvent.Type.Hide:
                self._follow(False)
        return False


def while_visible(owner: QWidget, name: str, interval_ms: int, slot: Callable[[], None]) -> VisibleTimer:
    """A tracked repeating timer tied to `owner`'s visibility; call `set_wanted(True)` to arm it."""
    timer = VisibleTimer(owner, name, interval_ms)
    timer.timeout.connect(slot)
    _track(timer)
    return timer


class WantedTimer(QTimer):
    """A repeating timer that runs exactly while its owner wants it, shown or not."""

    def __init__(self, owner: QObject, slot: Callable[[], None]) -> None:
        super().__init__(owner)
        self._slot = slot
        self.timeout.connect(slot)

    def fire(self) -> None:
        """Does what the timer does when it fires (tests move a fake clock, then call this)."""
        self._slot()

    @property
    def wanted(self) -> bool:
        return self.isActive()

    def set_wanted(self, wanted: bool) -> None:
        if wanted and not self.isActive():
            self.start()
        elif not wanted:
            self.stop()


def while_wanted(owner: QObject, name: str, interval_ms: int, slot: Callable[[], None]) -> WantedTimer:
    """A tracked repeating timer that runs while `set_wanted(True)`, whatever is on screen."""
    timer = WantedTimer(owner, slot)
    timer.setObjectName(name)
    timer.setInterval(interval_ms)
    _track(timer)
    return timer
