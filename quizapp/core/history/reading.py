"""Reading a history file: every value checked for type and range before anything is written.

A file is a claim from another computer. Anything out of range — a date before 2000 or after
tomorrow, a negative or endless number of seconds, a position no question has, a seed too large
to store, `NaN` or `Infinity` — refuses the whole file with a message that names the field, so
the student (or whoever edited the file) knows what is wrong and nothing is half imported.
Limits no real history comes near keep a hostile file from taking the machine's memory.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from fsrs import Card

from quizapp.core.db.types import MAX_POSITION
from quizapp.core.errors import UserError
from quizapp.core.exam.attempts import EXAM_MODES
from quizapp.core.history.records import (
    AttemptRecord,
    BookmarkRecord,
    CardRecord,
    HistoryFile,
    ItemRecord,
    NoteRecord,
    PackStamp,
    QuestionKey,
)
from quizapp.core.marks import MAX_NOTE
from quizapp.core.scheduling import STATE_VERSION
from quizapp.core.user_files import NotJSON, loads_strict, read_user_text

FORMAT = "quizapp-history"
VERSION = 2  # 2: the profile's UUID, pack attempts named by signer; 1 is still read

MAX_FILE_BYTES = 150 * 1024 * 1024  # a file at MAX_ANSWERS is about 125 MB
MAX_ATTEMPTS = 100_000
MAX_ANSWERS = 500_000
MAX_CARDS = 100_000
MAX_MARKS = 100_000  # bookmarks, and notes, each
MAX_ITEMS_PER_ATTEMPT = 10_000
MAX_SECONDS = 7 * 86400.0  # a session's clock or one answer's time: a week is already absurd
MAX_SEED = 2**63 - 1
MAX_SETTINGS_CHARS = 20_000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)  # clocks differ between computers
LONGEST_INTERVAL = timedelta(days=36_501)  # FSRS schedules at most 100 years ahead
MODES = ("practice", "review", *EXAM_MODES)
ACCOMMODATION = (1.0, 3.0)
SLUG_CHARS = 120
ID_CHARS = 200
UUID_CHARS = 36

T = TypeVar("T")


class Damaged(Exception):
    """Names the field (`where`) and what is wrong with it."""


class _Reader:
    """Walks a decoded document; `where` is the path of the value being read, in words."""

    def __init__(self, now: datetime) -> None:
        self.latest = now + FUTURE_SLACK
        self.latest_due = now + LONGEST_INTERVAL
        self.where = "the file"

    def fail(self, key: str, problem: str) -> Damaged:
        return Damaged(f"{self.where}: {key!r} {problem}")

    def get(self, obj: Any, key: str) -> Any:
        if not isinstance(obj, dict):
            raise Damaged(f"{self.where} is not an object")
        if key not in obj:
            raise self.fail(key, "is missing")
        return obj[key]

    def text(self, obj: Any, key: str, most: int, *, optional: bool = False) -> str | None:
        value = self.get(obj, key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(key, "is not text")
        if len(value) > most:
            raise self.fail(key, f"is longer than {most} characters")
        return value

    def flag(self, obj: Any, key: str, *, optional: bool = False) -> bool | None:
        value = self.get(obj, key)
        if value is None and optional:
            return None
        if not isinstance(value, bool):
            raise self.fail(key, "is not true or false")
        return value

    def whole(self, obj: Any, key: str, low: int, high: int) -> int:
        value = self.get(obj, key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "is not a whole number")
        if not low <= value <= high:
            raise self.fail(key, f"is {_short(value)}, not a whole number from {low} to {high}")
        return value

    def number(self, obj: Any, key: str, low: float, high: float, *, optional: bool = False) -> float | None:
        value = self.get(obj, key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, "is not a number")
        if not math.isfinite(value) or not low <= value <= high:
            raise self.fail(key, f"is {_short(value)}, not a number from {_short(low)} to {_short(high)}")
        return float(value)

    def moment(self, obj: Any, key: str, *, optional: bool = False, due: bool = False) -> datetime | None:
        text = self.text(obj, key, 40, optional=optional)
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise self.fail(key, f"is {text!r}, not a date and time") from None
        if moment.tzinfo is None:
            raise self.fail(key, f"is {text!r}, a date and time without a time zone")
        try:
            moment = moment.astimezone(UTC)
        except OverflowError:
            raise self.fail(key, f"is {text!r}, outside any date quizapp keeps") from None
        latest = self.latest_due if due else self.latest
        if not EARLIEST <= moment <= latest:
            raise self.fail(key, f"is {text!r}, outside {EARLIEST:%Y-%m-%d} to {latest:%Y-%m-%d}")
        return moment

    def positions(self, obj: Any, key: str, *, optional: bool = False) -> tuple[int, ...] | None:
        value = self.get(obj, key)
        if value is None and optional:
            return None
        if not isinstance(value, list) or len(value) > MAX_POSITION + 1:
            raise self.fail(key, "is not a list of option positions")
        for p in value:
            if isinstance(p, bool) or not isinstance(p, int) or not 0 <= p <= MAX_POSITION:
                raise self.fail(key, f"holds {_short(p)}, not an option position from 0 to {MAX_POSITION}")
        if len(set(value)) != len(value):
            raise self.fail(key, "names an option twice")
        return tuple(value)

    def key(self, obj: Any) -> QuestionKey:
        value = self.get(obj, "question")
        if (not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, str) for v in value)
                or len(value[0]) > SLUG_CHARS or len(value[1]) > ID_CHARS):
            raise self.fail("question", "is not [set, id]")
        return value[0], value[1]

    def listed(self, obj: Any, key: str, most: int, what: str) -> list[Any]:
        value = self.get(obj, key)
        if not isinstance(value, list):
            raise self.fail(key, "is not a list")
        if len(value) > most:
            raise Damaged(f"it holds {len(value):,} {what}; a history file holds at most {most:,}, and no real "
                          "one comes near that")
        return value

    def each(self, values: list[Any], label: str, read: Callable[[Any], T]) -> list[T]:
        outer = self.where
        found = []
        for number, value in enumerate(values, start=1):
            self.where = f"{label} {number}" if outer == "the file" else f"{outer}, {label} {number}"
            found.append(read(value))
        self.where = outer
        return found


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "…"


def _settings(reader: _Reader, obj: Any) -> dict[str, Any]:
    value = reader.get(obj, "settings")
    if not isinstance(value, dict):
        raise reader.fail("settings", "is not an object")
    if len(repr(value)) > MAX_SETTINGS_CHARS:
        raise reader.fail("settings", "is far larger than any session's settings")
    return {k: v for k, v in value.items() if k != "pack"}  # the pack stamp is read on its own


def _pack(reader: _Reader, obj: Any) -> PackStamp | None:
    settings = obj.get("settings") if isinstance(obj, dict) else None
    stamp = settings.get("pack") if isinstance(settings, dict) else None
    if stamp is None:
        return None
    outer = reader.where
    reader.where = f"{outer}, settings.pack"
    if not isinstance(stamp, dict):
        raise Damaged(f"{reader.where} is not an object")
    mark = reader.number(stamp, "pass_mark", 0.01, 1.0, optional=True) if "pass_mark" in stamp else None
    minutes = None
    if stamp.get("minutes") is not None:
        minutes = reader.whole(stamp, "minutes", 1, 600)
    name = signer = None
    version = None
    if "name" in stamp:
        name = reader.text(stamp, "name", SLUG_CHARS)
        signer = reader.text(stamp, "signer", 64) or ""
        if signer and not all(c in "0123456789abcdef" for c in signer):
            raise reader.fail("signer", "is not a public key in hex")
        version = reader.moment(stamp, "version", optional=True)
    reader.where = outer
    return PackStamp(name, signer or "", version, mark, minutes)


def _item(reader: _Reader, obj: Any) -> ItemRecord:
    return ItemRecord(
        position=reader.whole(obj, "position", 0, MAX_ITEMS_PER_ATTEMPT - 1),
        question=reader.key(obj),
        display_order=reader.positions(obj, "display_order") or (),
        chosen=reader.positions(obj, "chosen", optional=True),
        flagged=bool(reader.flag(obj, "flagged")),
        guessed=bool(reader.flag(obj, "guessed")),
        seconds_spent=reader.number(obj, "seconds_spent", 0.0, MAX_SECONDS) or 0.0,
        correct=reader.flag(obj, "correct", optional=True),
        scored=bool(reader.flag(obj, "scored")),
        answered_at=reader.moment(obj, "answered_at", optional=True),
    )


def _attempt(reader: _Reader, obj: Any) -> AttemptRecord:
    ident = reader.text(obj, "id", UUID_CHARS)
    mode = reader.text(obj, "mode", 10)
    if mode not in MODES:
        raise reader.fail("mode", f"is {mode!r}, not one of {', '.join(MODES)}")
    started = reader.moment(obj, "started_at")
    assert ident is not None and mode is not None and started is not None
    items = reader.each(reader.listed(obj, "items", MAX_ITEMS_PER_ATTEMPT, "answers in one session"), "answer",
                        lambda o: _item(reader, o))
    if len({i.position for i in items}) != len(items):
        raise Damaged(f"{reader.where}: two answers share a position")
    return AttemptRecord(
        id=ident, mode=mode, blueprint=reader.text(obj, "blueprint", SLUG_CHARS, optional=True),
        seed=reader.whole(obj, "seed", -MAX_SEED, MAX_SEED), started_at=started,
        submitted_at=reader.moment(obj, "submitted_at", optional=True),
        elapsed_seconds=reader.number(obj, "elapsed_seconds", 0.0, MAX_SECONDS) or 0.0,
        checkpoint_at=reader.moment(obj, "checkpoint_at", optional=True),
        time_limit_seconds=reader.number(obj, "time_limit_seconds", 0.0, MAX_SECONDS, optional=True),
        strict=bool(reader.flag(obj, "strict")),
        accommodation=reader.number(obj, "accommodation", *ACCOMMODATION) or 1.0,
        current_index=reader.whole(obj, "current_index", 0, MAX_ITEMS_PER_ATTEMPT - 1),
        settings=_settings(reader, obj),
        score=reader.number(obj, "score", 0.0, 1.0, optional=True),
        items=tuple(sorted(items, key=lambda i: i.position)),
        pack=_pack(reader, obj) if mode == "pack" else None,
    )


def _card(reader: _Reader, obj: Any) -> CardRecord:
    key = reader.key(obj)
    version = obj.get("state_version", STATE_VERSION) if isinstance(obj, dict) else STATE_VERSION
    if version != STATE_VERSION:
        raise Damaged(f"{reader.where} is in format {version!r}, which this quizapp does not read")
    state = reader.get(obj, "state")
    if not isinstance(state, dict):
        raise reader.fail("state", "is not an object")
    reader.where += ", state"
    reader.whole(state, "card_id", -MAX_SEED, MAX_SEED)
    reader.whole(state, "state", 1, 3)
    if state.get("step") is not None:
        reader.whole(state, "step", 0, 100)
    if state.get("stability") is not None:
        reader.number(state, "stability", 0.0, 1e6)
    if state.get("difficulty") is not None:
        reader.number(state, "difficulty", 0.0, 11.0)
    state_due = reader.moment(state, "due", due=True)
    last_review = reader.moment(state, "last_review", optional=True)
    reader.where = reader.where.removesuffix(", state")
    due = reader.moment(obj, "due", due=True)
    assert due is not None and state_due is not None
    try:
        Card.from_dict(state)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        raise Damaged(f"{reader.where}: 'state' is not a review card fsrs reads") from None
    if last_review is not None and due < last_review:
        raise reader.fail("due", "is before the card's last review")
    return CardRecord(key, dict(state), due, last_review, STATE_VERSION)


def _bookmark(reader: _Reader, obj: Any) -> BookmarkRecord:
    created = reader.moment(obj, "created_at")
    assert created is not None
    return BookmarkRecord(reader.key(obj), created)


def _note(reader: _Reader, obj: Any) -> NoteRecord:
    text = reader.text(obj, "text", MAX_NOTE + 100)
    assert text is not None
    if not text.strip() or len(text.strip()) > MAX_NOTE:
        raise reader.fail("text", f"is empty or longer than {MAX_NOTE} characters")
    updated = reader.moment(obj, "updated_at")
    assert updated is not None
    return NoteRecord(reader.key(obj), text.strip(), updated)


def _marks(reader: _Reader, document: dict[str, Any], key: str, label: str, read: Callable[[Any], T]) -> list[T]:
    """A list of marks, which files written before bookmarks and notes do not have."""
    if document.get(key) is None:
        return []
    return reader.each(reader.listed(document, key, MAX_MARKS, key), label, read)


def parse_history(document: Any, now: datetime) -> HistoryFile:
    """Validates a decoded history document. Raises UserError (no file name) when it is not one."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserError("this is not a quizapp history file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UserError("this history file is damaged: its version is unreadable")
    if version > VERSION:
        raise UserError("this history file was made by a newer quizapp; update quizapp to import it")
    reader = _Reader(now)
    try:
        profile = reader.text(document, "profile", 200)
        profile_id = reader.text(document, "profile_id", UUID_CHARS) if version >= 2 else None
        if "exported_at" in document:
            reader.moment(document, "exported_at", optional=True)
        raw_attempts = reader.listed(document, "attempts", MAX_ATTEMPTS, "sessions")
        answers = sum(len(a["items"]) for a in raw_attempts if isinstance(a, dict) and isinstance(a.get("items"), list))
        if answers > MAX_ANSWERS:
            raise Damaged(f"it holds {answers:,} answers; a history file holds at most {MAX_ANSWERS:,}, and no real "
                          "one comes near that")
        attempts = tuple(reader.each(raw_attempts, "session", lambda o: _attempt(reader, o)))
        cards = tuple(reader.each(reader.listed(document, "review_cards", MAX_CARDS, "review cards"), "review card",
                                  lambda o: _card(reader, o)))
        bookmarks = tuple(_marks(reader, document, "bookmarks", "bookmark", lambda o: _bookmark(reader, o)))
        notes = tuple(_marks(reader, document, "notes", "note", lambda o: _note(reader, o)))
    except Damaged as exc:
        raise UserError(f"this history file is damaged or was edited ({exc}); nothing was imported") from None
    if len({a.id for a in attempts}) != len(attempts):
        raise UserError("this history file is damaged (a session appears twice); nothing was imported")
    assert profile is not None
    return HistoryFile(profile, profile_id, attempts, cards, version, bookmarks, notes)


def read_history(path: Path, now: datetime) -> HistoryFile:
    """The checked history file at `path`: a regular file (links resolved) of at most
    MAX_FILE_BYTES, read and validated in full before anything is written."""
    text = read_user_text(path, MAX_FILE_BYTES, "a quizapp history file")
    try:
        document = loads_strict(text)
    except NotJSON as exc:
        raise UserError(f"this history file is damaged ({exc.message}); nothing was imported", path,
                        exc.line) from None
    try:
        return parse_history(document, now)
    except UserError as exc:
        raise UserError(exc.message, path) from None
