"""Exam time from an injected clock: elapsed, remaining, checkpoints and warnings. Pure.

Running time is measured with `monotonic()`; a reading that goes backwards adds nothing (and the
count carries on from the new reading), so no clock trouble ever gives negative or extra time.
Wall time (`now()`) is used only to carry a strict exam's clock across a closed app.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from quizapp.core.clock import Clock

CHECKPOINT_SECONDS = 4.0  # a tick commits after this long, so a crash loses under 5 s
WARNING_MINUTES = (15, 5)


class ExamTimer:
    """Elapsed exam seconds: the committed value plus monotonic progress since the last commit."""

    def __init__(self, clock: Clock, committed: float, limit: float) -> None:
        self._clock = clock
        self.limit = max(0.0, limit)
        self.committed = min(max(0.0, committed), self.limit)
        self._pending = 0.0  # monotonic progress since the last commit
        self._last = clock.monotonic()

    def _sample(self) -> None:
        reading = self._clock.monotonic()
        step = reading - self._last
        self._last = reading
        if step > 0:
            self._pending += step

    def elapsed(self) -> float:
        self._sample()
        return min(self.committed + self._pending, self.limit)

    def remaining(self) -> float:
        return max(0.0, self.limit - self.elapsed())

    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def since_commit(self) -> float:
        self._sample()
        return self._pending

    def checkpoint_due(self) -> bool:
        return self.since_commit() >= CHECKPOINT_SECONDS

    def committed_at(self, elapsed: float) -> None:
        """Call after a commit of `elapsed` (a value this timer gave) succeeded."""
        self._pending = max(0.0, self.committed + self._pending - elapsed)
        self.committed = elapsed


def resumed_elapsed(committed: float, checkpoint_at: datetime | None, now: datetime, *, strict: bool,
                    limit: float) -> float:
    """Elapsed seconds when an exam is reopened.

    Default: the clock stopped while the app was closed. Strict: the wall-clock time since the
    last checkpoint counts too, never negative (a clock set back gives no time back).
    """
    elapsed = max(0.0, committed)
    if strict and checkpoint_at is not None:
        elapsed += max(0.0, (now - checkpoint_at).total_seconds())
    return min(elapsed, max(0.0, limit))


class WarningTracker:
    """Which "minutes left" warnings are due; each is reported once, even across a resume."""

    def __init__(self, limit: float, already: Iterable[int] = (), minutes: Iterable[int] = WARNING_MINUTES):
        # A warning longer than the whole exam would fire at the start: it is not given.
        self._pending = sorted((m for m in minutes if m * 60 < limit and m not in set(already)), reverse=True)
        self.given: tuple[int, ...] = tuple(sorted(set(already), reverse=True))

    def due(self, remaining: float) -> tuple[int, ...]:
        """Thresholds (in minutes) crossed and not yet given, largest first."""
        return tuple(m for m in self._pending if remaining <= m * 60)

    def give(self, minutes: Iterable[int]) -> None:
        """Marks warnings as given, once they have been stored."""
        done = set(minutes)
        self._pending = [m for m in self._pending if m not in done]
        self.given = tuple(sorted({*self.given, *done}, reverse=True))


def format_clock(seconds: float) -> str:
    """`H:MM:SS`, seconds rounded down, never negative (the `Time remaining` text)."""
    whole = max(0, int(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
