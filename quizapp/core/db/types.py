"""Column types the models share: aware datetimes, and the compact encodings of an answer.

An answer row is written for every question a student answers, so its columns are small
integers rather than text: a million answers then take tens of MiB, not hundreds. Each type
hands Python code the plain value (a datetime, a tuple of positions, seconds) and stores the
small one, so no caller ever sees an encoding.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

# Choice positions are 0-14 (A-O, quizapp.core.questions.LETTERS); a packed order keeps four bits
# per position.
MAX_POSITION = 14
_NIBBLE = 4


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
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class _WideInteger(TypeDecorator[Any]):
    """An integer column that holds more than 32 bits: SQLite's INTEGER always does (it stores
    what a value needs, up to 8 bytes), PostgreSQL's `integer` does not, so there it is `bigint`."""

    impl = Integer
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Integer())


def to_epoch(value: datetime) -> int:
    """Whole seconds since 1970 (UTC): four bytes in SQLite until 2038, six after."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; pass an aware one")
    return int(value.timestamp() // 1)


def from_epoch(value: int) -> datetime:
    return datetime.fromtimestamp(value, UTC)


class EpochSeconds(_WideInteger):
    """An aware datetime stored as whole seconds since 1970 (UTC) in an integer column (past
    2038, which a 32-bit integer is not)."""

    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> int | None:
        return None if value is None else to_epoch(value)

    def process_result_value(self, value: int | None, dialect: Any) -> datetime | None:
        return None if value is None else from_epoch(value)


def to_millis(seconds: float) -> int:
    return max(0, round(seconds * 1000))


class Milliseconds(TypeDecorator[float]):
    """Seconds as a float in Python, whole milliseconds (a small integer) in the database."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: float | None, dialect: Any) -> int | None:
        return None if value is None else to_millis(value)

    def process_result_value(self, value: int | None, dialect: Any) -> float | None:
        return None if value is None else value / 1000


def _checked(positions: Iterable[int]) -> list[int]:
    found = list(positions)
    for p in found:
        if isinstance(p, bool) or not isinstance(p, int) or not 0 <= p <= MAX_POSITION:
            raise ValueError(f"a choice position is 0-{MAX_POSITION}, not {p!r}")
    return found


def pack_set(positions: Iterable[int]) -> int:
    """A set of choice positions as a bit mask: {0, 2} -> 0b101."""
    mask = 0
    for p in _checked(positions):
        mask |= 1 << p
    return mask


def unpack_set(mask: int) -> list[int]:
    return [p for p in range(MAX_POSITION + 1) if mask >> p & 1]


def pack_order(positions: Iterable[int]) -> int:
    """An ordered list of choice positions, four bits each, first in the low bits; each is
    stored plus one so that a zero nibble ends the list. [2, 0, 3, 1] -> 0x2413."""
    packed = 0
    for i, p in enumerate(_checked(positions)):
        packed |= (p + 1) << (_NIBBLE * i)
    return packed


def unpack_order(packed: int) -> list[int]:
    order = []
    while packed:
        order.append((packed & 0xF) - 1)
        packed >>= _NIBBLE
    return order


class PositionSet(TypeDecorator[list[int]]):
    """The chosen options (a sorted list of positions) as a bit mask; None when unanswered."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Iterable[int] | None, dialect: Any) -> int | None:
        return None if value is None else pack_set(value)

    def process_result_value(self, value: int | None, dialect: Any) -> list[int] | None:
        return None if value is None else unpack_set(value)


class PositionOrder(TypeDecorator[list[int]]):
    """The order options are shown in (a list of positions), packed into one integer.

    Fifteen positions take 60 bits: a BIGINT, because PostgreSQL's INTEGER is 32 bits and eight
    options already overflow it (SQLite's INTEGER is 64 bits either way)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Iterable[int] | None, dialect: Any) -> int | None:
        return None if value is None else pack_order(value)

    def process_result_value(self, value: int | None, dialect: Any) -> list[int] | None:
        return None if value is None else unpack_order(value)
