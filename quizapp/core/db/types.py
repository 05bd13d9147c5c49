"""Column types the models share."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, NewType

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

QuestionPk = NewType("QuestionPk", int)
AttemptId = NewType("AttemptId", str)
ProfileId = NewType("ProfileId", int)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and hands them back aware.

    SQLite has no time zones; without this a local time written on one computer would be read
    as another's when a history moves between them.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware one")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)
