"""What went wrong when SQLite refused: damage, a full disk, a read-only file, another writer.

Front ends turn any exception into words with `explain`: a known SQLite failure becomes a
`StorageFailure` whose message says what happened and that nothing was saved, so a student or an
instructor never reads "unexpected error: OperationalError". Damage keeps its own error
(DatabaseDamaged) because it leads somewhere else: the damaged-database page or message, with
the newest backup offered.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from quizapp.core.db.backup import newest_backup
from quizapp.core.db.health import damage_detail, is_damage, sqlite_error
from quizapp.core.errors import DatabaseDamaged, UserError

_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 5, 6, 8, 10, 13, 14


class Failure(Enum):
    FULL = "full"
    READ_ONLY = "read-only"
    BUSY = "busy"
    IO = "io"


_MESSAGES = {
    Failure.FULL: "the disk is full (or the database has reached its size limit), so this was not saved; "
                  "free some space and try again",
    Failure.READ_ONLY: "the database is read-only here, so this was not saved. Reading still works; to save, "
                       "give quizapp a data folder it may write to (--data-dir or QUIZAPP_DATA_DIR)",
    Failure.BUSY: "the database is busy: another quizapp is writing to it. Nothing was saved; try again "
                  "in a moment",
    Failure.IO: "the disk reported an error, so this was not saved; check the disk (or the drive the data "
                "folder is on) and try again",
}


class StorageFailure(UserError):
    """SQLite could not write (or read) for a reason outside quizapp: nothing was saved."""

    def __init__(self, failure: Failure, path: Path | None = None) -> None:
        self.failure = failure
        super().__init__(_MESSAGES[failure], path)


def classify(exc: BaseException) -> Failure | None:
    """The kind of storage failure `exc` is, or None (not a storage failure, or damage)."""
    found = sqlite_error(exc)
    if found is None:
        return None
    code = getattr(found, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(found).lower()
    if primary == _SQLITE_FULL or "disk is full" in text or "database or disk is full" in text:
        return Failure.FULL
    if primary == _SQLITE_READONLY or "readonly database" in text or "read-only" in text:
        return Failure.READ_ONLY
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return Failure.BUSY
    if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN) or "disk i/o error" in text:
        return Failure.IO
    return None


def explain(exc: BaseException, db_path: Path | None) -> UserError | None:
    """`exc` as the UserError a front end shows (DatabaseDamaged or StorageFailure), or None when
    it is not about the database file at all (a bug: the front end's last line of defence)."""
    if isinstance(exc, UserError):
        return exc
    if is_damage(exc):
        if db_path is None:
            return UserError(f"the database is damaged ({damage_detail(exc)})")
        return DatabaseDamaged(db_path, newest_backup(db_path), f" ({damage_detail(exc)})", opening=False)
    failure = classify(exc)
    return None if failure is None else StorageFailure(failure, db_path)


class StorageWatch:
    """Hears every failure of the database file, wherever in core it happens (SQLAlchemy's
    `handle_error` on the engine: a failed write, a failed commit, a damaged page met while
    reading, the write guard's refusal), and tells its listeners in words — DatabaseDamaged or
    StorageFailure. Plain callbacks, no Qt: the window shows its banner or the damaged page, even
    for a failure inside a timer that no page's error path sees."""

    def __init__(self, db_path: Path | None) -> None:
        self.db_path = db_path  # None on a server (whose storage is its administrator's)
        self._listeners: list[Callable[[UserError], None]] = []

    def listen(self, listener: Callable[[UserError], None]) -> None:
        self._listeners.append(listener)

    def on_error(self, context: Any) -> None:
        """SQLAlchemy's handle_error hook; must never raise itself."""
        try:
            explained = explain(context.original_exception, self.db_path)
            if isinstance(explained, (DatabaseDamaged, StorageFailure)):
                for listener in list(self._listeners):
                    listener(explained)
        except Exception:  # a listener's bug must not replace the error being handled
            pass
