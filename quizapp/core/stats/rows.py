"""The small rows the statistics queries return and the shaping functions read.

Plain frozen values, so the shaping functions can be tested with hand-built rows and never
see the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TopicRow:
    """A profile's answers to one (domain, subdomain, topic), all time and in two recent windows.

    `*_30d` covers the last 30 local days (today included); `*_prev` the 30 days before those.
    """

    domain: str | None
    subdomain: str | None
    topic: str | None
    answered: int
    correct: int
    seconds: float
    answered_30d: int = 0
    correct_30d: int = 0
    answered_prev: int = 0
    correct_prev: int = 0


@dataclass(frozen=True)
class DayRow:
    """A profile's answers in one domain on one local day (`day` is YYYY-MM-DD)."""

    domain: str | None
    day: str
    answered: int
    correct: int


@dataclass(frozen=True)
class MockRow:
    """A submitted mock exam or exam pack. `name` is the blueprint's name as students read it
    ("CCMA quick mock exam"); the slug where the blueprint is not on this computer."""

    blueprint: str
    submitted_at: datetime
    score: float
    name: str = ""

    @property
    def shown_name(self) -> str:
        return self.name or self.blueprint or "Mock exam"
