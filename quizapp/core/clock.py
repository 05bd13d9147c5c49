"""Time as an argument (contract): the exam engine and the scheduler never read the system clock.

A `Clock` is any object with `monotonic()` (seconds, only differences matter) and `now()`
(timezone-aware). Tests pass a `FakeClock` and move it with `advance()`; nothing sleeps.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock: `time.monotonic` for durations, the local zone for wall time."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC).astimezone()


class FakeClock:
    """A clock that moves only when told, for deterministic tests and the crash test's child.

    `jump_wall()` moves wall time alone, as a user changing the system time would.
    """

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0) -> None:
        self._now = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._mono = monotonic_start

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("monotonic time never goes back; use jump_wall for wall time")
        self._mono += seconds
        self._now += timedelta(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
