"""Is the database file sound? SQLite's own checks, run on a connection of their own.

`check_file` runs `PRAGMA integrity_check` (every page and index: `quizapp db check`, the app's
background check, every backup before it counts) or the cheaper `quick_check` (the guard before a
command's first write). `is_damage` recognises the errors SQLite raises when it meets a damaged
page in the middle of ordinary work ("database disk image is malformed"), however deep in
SQLAlchemy they come wrapped, so that every front end can say "damaged" instead of "unexpected".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

# SQLite's primary result codes for a file that is not (or no longer) a database.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_DAMAGE_WORDS = ("malformed", "not a database", "database corrupt")
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Health:
    ok: bool
    problems: tuple[str, ...] = ()


def sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error inside `exc` (SQLAlchemy keeps it as `.orig`), else None."""
    current: BaseException | None = exc
    for _ in range(5):
        if current is None:
            return None
        if isinstance(current, sqlite3.Error):
            return current
        current = getattr(current, "orig", None) or current.__cause__
    return None


def is_damage(exc: BaseException) -> bool:
    """True when `exc` says the database file itself is damaged (not locked, full or read-only)."""
    found = sqlite_error(exc)
    if not isinstance(found, sqlite3.DatabaseError):
        return False
    code = getattr(found, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(found).lower()
    return any(word in text for word in _DAMAGE_WORDS)


def damage_detail(exc: BaseException) -> str:
    found = sqlite_error(exc)
    return str(found if found is not None else exc)


def run_check(connection: sqlite3.Connection, *, full: bool) -> Health:
    """integrity_check (full) or quick_check on an open connection; damage raised while checking
    is itself the answer."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = connection.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return Health(False, (str(exc),))
        raise
    problems = tuple(str(row[0]) for row in rows if str(row[0]) != "ok")
    return Health(not problems, problems)


def check_file(path: Path, *, full: bool = True) -> Health:
    """Checks the SQLite file at `path` read-only (the app may be writing to it meanwhile: WAL
    gives this connection a consistent snapshot). Raises OSError/sqlite3.Error for a file that
    cannot be opened at all for reasons other than damage (missing, unreadable)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    if path.stat().st_size == 0:
        return Health(False, ("the file is empty (0 bytes)",))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return Health(False, (str(exc),))
        raise
    try:
        return run_check(connection, full=full)
    finally:
        connection.close()
