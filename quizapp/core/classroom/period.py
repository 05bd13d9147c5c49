"""A period of local days an instructor filters by: `--since DATE --until DATE`, both included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from quizapp.core.errors import UserError
from quizapp.core.tallies import day_number


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{option} takes a date as YYYY-MM-DD, not {text!r}") from None


@dataclass(frozen=True)
class Period:
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise UserError("the period ends before it starts (--until is before --since)")

    @property
    def first_day(self) -> int | None:
        """The first local day as a day number (quizapp.core.tallies.day_number)."""
        return None if self.since is None else day_number(self.since)

    @property
    def last_day(self) -> int | None:
        return None if self.until is None else day_number(self.until)

    @property
    def start(self) -> datetime | None:
        """Local midnight starting the period, aware."""
        return None if self.since is None else datetime.combine(self.since, time()).astimezone()

    @property
    def end(self) -> datetime | None:
        """Local midnight after the period's last day, aware (exclusive)."""
        return None if self.until is None else datetime.combine(self.until + timedelta(days=1), time()).astimezone()

    def describe(self) -> str:
        if self.since and self.until:
            return f"{self.since.isoformat()} to {self.until.isoformat()}"
        if self.since:
            return f"since {self.since.isoformat()}"
        if self.until:
            return f"until {self.until.isoformat()}"
        return "all time"
