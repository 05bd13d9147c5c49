"""Errors a user can act on. Front ends print these; anything else is a bug."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Located:
    """A problem named by file and line (`line` None when it concerns the whole file)."""

    file: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class UserError(Exception):
    """A problem with the user's data or files: shown as a message, exit code 1, nothing changed."""

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        self.located = Located(None if file is None else str(file), line, message)
        super().__init__(str(self.located))

    @property
    def file(self) -> str | None:
        return self.located.file

    @property
    def line(self) -> int | None:
        return self.located.line

    @property
    def message(self) -> str:
        return self.located.message


class DatabaseDamaged(UserError):
    """The database file is damaged (unreadable, or SQLite's checks fail); it is never written
    to and never overwritten. `opening`: found while opening it, else while using it."""

    def __init__(self, path: Path, newest_backup: Path | None, detail: str = "", *, opening: bool = True):
        self.path = path
        self.newest_backup = newest_backup
        hint = (
            f" The newest backup is {newest_backup}; restore it from the app or copy it over."
            if newest_backup
            else " No backup exists yet."
        )
        what = "is damaged and cannot be opened" if opening else "is damaged"
        super().__init__(f"the database {what}{detail}.{hint}", path)


class DatabaseTooNew(UserError):
    """The database was written by a newer quizapp; opening it could lose data."""


class AttemptClosed(UserError):
    """A finished session (or a submitted or abandoned exam) was asked to take an answer: what it
    recorded is final, and its stored score would go stale."""
