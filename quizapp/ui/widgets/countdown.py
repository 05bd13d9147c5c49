"""The exam's time left and its "minutes left" warnings: display only, never the source of time.

Remaining time always comes from the engine (committed state plus the injected clock). The
countdown owns the UI timer that asks for it: about twice a second, only while the countdown is
on screen and an exam is running (`quizapp.ui.timers`), the timer calls the page's `on_due`,
which calls `engine.tick()` and hands the result back to `show_remaining`. The timer calls the
page directly rather than through a Python-emitted signal: under PySide6 6.12 on Python 3.11 each
`Signal.emit()` from Python drops a reference to `True`, which a twice-a-second tick would
exhaust within a long exam.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from quizapp.core.exam.timing import format_clock
from quizapp.ui.timers import while_visible
from quizapp.ui.widgets.common import button, label, repolish

TICK_MS = 500  # twice a second, so the shown second never skips; the engine commits every 4 s
LOW_SECONDS = 5 * 60  # the clock turns to the "wrong" colour, in bold, from here


def spoken_time(seconds: float) -> str:
    """"2 hours 5 minutes left": what a screen reader should say, not "2 colon 05 colon 00"."""
    whole = max(0, int(seconds))
    hours, minutes = whole // 3600, whole % 3600 // 60
    if not hours and not minutes:
        return f"{whole} second{'s' if whole != 1 else ''} left"
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts) + " left"


def duration_text(seconds: float, *, with_seconds: bool = False) -> str:
    """"3 hours", "1 hour 30 minutes", "31 minutes 12 seconds": a length of time in words."""
    whole = max(0, int(seconds))
    hours, minutes, secs = whole // 3600, whole % 3600 // 60, whole % 60
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or (not hours and not (with_seconds and secs)):
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if with_seconds and secs:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


class Countdown(QWidget):
    """"Time left 0:35:59": the text of `Time remaining` is exactly `H:MM:SS`, seconds rounded down."""

    def __init__(self, timer_name: str, on_due: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.caption = label("Time left", role="muted", wrap=False)
        self.value = label("", role="subtitle", name="Time remaining", wrap=False)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        self._spoken_minute = -1
        self._on_due = on_due
        self.timer = while_visible(self, timer_name, TICK_MS, on_due)

    def fire(self) -> None:
        """Does what the timer does when it fires (tests move a fake clock, then call this)."""
        self._on_due()

    def run(self, running: bool) -> None:
        """Arms (or disarms) the ticking; it only really runs while this widget is visible."""
        self.timer.set_wanted(running)

    def show_remaining(self, seconds: float) -> None:
        text = format_clock(seconds)
        if text == self.value.text():
            return  # asked twice a second, changes once: repaint only when it does
        self.value.setText(text)
        low = seconds <= LOW_SECONDS
        if bool(self.value.property("result")) != low:
            repolish(self.value, "result", "wrong" if low else "")
        minute = int(max(0.0, seconds)) // 60
        if minute != self._spoken_minute:  # once a minute: a description changing every second is noise
            self._spoken_minute = minute
            self.value.setAccessibleDescription(spoken_time(seconds))


class TimeWarningBanner(QFrame):
    """"15 minutes left in this exam.": shown above the question and announced to screen readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setStyleSheet('QFrame[role="banner"] { border: 2px solid #c27c0e; }')
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        self.text = label(role="subtitle", name="Time warning")
        self.dismiss = button("Dismiss", "Dismiss time warning", tip="Hide this warning; the clock keeps running")
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignVCenter)
        self.dismiss.clicked.connect(self.hide)
        self.hide()

    def warn(self, sentence: str) -> None:
        self.text.setText(sentence)
        self.text.setAccessibleDescription(sentence)
        self.show()
        announce(self.text, sentence)


def announce(widget: QWidget, sentence: str) -> None:
    """Asks assistive technology to speak `sentence` now (an announcement, and an alert for
    screen readers that predate announcements)."""
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, sentence))
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
