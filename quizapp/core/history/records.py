"""A history file as read and checked: plain values, every one within its range.

Nothing here is trusted as a result: `correct` and `score` are what the other computer claimed,
kept only to say where this computer's verdict differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

QuestionKey = tuple[str, str]  # (set slug, question id within the set)


@dataclass(frozen=True)
class PackStamp:
    """Which exam pack a pack attempt was taken on, and the template it was taken under."""

    name: str | None  # the pack's own short name (its file's), None in files from before signatures
    signer: str  # the signer's raw public key in hex; "" unsigned or unknown
    version: datetime | None  # the pack file's created_at
    pass_mark: float | None
    minutes: int | None

    def as_settings(self) -> dict[str, Any]:
        stamp: dict[str, Any] = {"pass_mark": self.pass_mark, "minutes": self.minutes}
        if self.name is not None:
            stamp.update(name=self.name, signer=self.signer,
                         version=None if self.version is None else self.version.isoformat())
        return stamp


@dataclass(frozen=True)
class ItemRecord:
    position: int
    question: QuestionKey
    display_order: tuple[int, ...]
    chosen: tuple[int, ...] | None
    flagged: bool
    guessed: bool
    seconds_spent: float
    correct: bool | None  # claimed
    scored: bool
    answered_at: datetime | None


@dataclass(frozen=True)
class AttemptRecord:
    id: str
    mode: str
    blueprint: str | None
    seed: int
    started_at: datetime
    submitted_at: datetime | None
    elapsed_seconds: float
    checkpoint_at: datetime | None
    time_limit_seconds: float | None
    strict: bool
    accommodation: float
    current_index: int
    settings: dict[str, Any]
    score: float | None  # claimed
    items: tuple[ItemRecord, ...]
    pack: PackStamp | None = None


@dataclass(frozen=True)
class CardRecord:
    question: QuestionKey
    state: dict[str, Any]
    due: datetime
    last_review: datetime | None
    state_version: int = 1


@dataclass(frozen=True)
class BookmarkRecord:
    question: QuestionKey
    created_at: datetime


@dataclass(frozen=True)
class NoteRecord:
    """The student's own note on a question ("My note")."""

    question: QuestionKey
    text: str
    updated_at: datetime


@dataclass(frozen=True)
class HistoryFile:
    profile: str  # the name it had where it was exported
    profile_id: str | None  # its UUID there; None in files from before profiles had one
    attempts: tuple[AttemptRecord, ...]
    cards: tuple[CardRecord, ...]
    version: int = 2
    bookmarks: tuple[BookmarkRecord, ...] = ()  # absent from files written before bookmarks
    notes: tuple[NoteRecord, ...] = ()

    @property
    def answers(self) -> int:
        return sum(len(a.items) for a in self.attempts)
