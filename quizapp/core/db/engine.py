"""Opens the user database: pragmas on every connection, migrations applied, one sessionmaker.

SQLite (the default, a file in the data dir) or a PostgreSQL server (quizapp.core.db.location);
the same models, migrations and services run on both.

Never writing to a damaged database (DESIGN.md): a `WriteGuard` watches every statement the
engine sends, and before the first one that writes it runs SQLite's `quick_check` on that very
connection; a damaged file raises DatabaseDamaged and nothing is written. Once a check has passed
(the guard's own, or the app's background integrity check) writes go through unchecked. A server
checks its own storage, so a server database has no guard.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.db import migrate
from quizapp.core.db.backup import newest_backup
from quizapp.core.db.failures import StorageWatch
from quizapp.core.db.health import Health, damage_detail, is_damage, run_check
from quizapp.core.db.location import DB_NAME, DatabaseLocation, resolve_database, sqlite_location
from quizapp.core.errors import DatabaseDamaged, UserError

__all__ = ["DB_NAME", "Database", "WriteGuard", "make_engine", "open_database"]

_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class WriteGuard:
    """Checks the database once before its first write; refuses every write once it is damaged."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = threading.Lock()
        self._state: Health | None = None  # None: not checked yet

    @property
    def checked(self) -> bool:
        return self._state is not None

    def record(self, health: Health) -> None:
        """The result of a check run elsewhere (the app's background integrity check)."""
        with self._lock:
            if self._state is None or not health.ok:
                self._state = health

    def _refuse(self, health: Health) -> DatabaseDamaged:
        return DatabaseDamaged(self.db_path, newest_backup(self.db_path),
                               f" ({health.problems[0]}); nothing was written", opening=False)

    def before_cursor_execute(self, _conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if self._state is not None and self._state.ok:
            return
        if not _WRITES.match(statement):
            return
        with self._lock:
            if self._state is None:
                self._state = run_check(cursor.connection, full=False)
            state = self._state
        if not state.ok:
            raise self._refuse(state)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL: a commit survives a power cut, which is the promise made about answers.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@dataclass
class Database:
    path: Path | None  # the SQLite file; None on a server, whose backups are the server's job
    engine: Engine
    sessions: sessionmaker[Session]
    location: DatabaseLocation
    watch: StorageWatch
    guard: WriteGuard | None = None  # SQLite only: a server checks its own storage

    @property
    def is_server(self) -> bool:
        return self.location.is_server

    def dispose(self) -> None:
        self.engine.dispose()


def ensure_writable_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the data folder ({exc.strerror})", data_dir) from exc
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise UserError(
            "the data folder is not writable; choose another with --data-dir or QUIZAPP_DATA_DIR",
            data_dir,
        )


def make_engine(db_path: Path, guard: WriteGuard | None = None, watch: StorageWatch | None = None) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}")
    event.listen(engine, "connect", _on_connect)
    guard = guard or WriteGuard(db_path)
    event.listen(engine, "before_cursor_execute", guard.before_cursor_execute)
    if watch is not None:
        event.listen(engine, "handle_error", watch.on_error)
    return engine


def make_server_engine(location: DatabaseLocation, watch: StorageWatch | None = None) -> Engine:
    """A PostgreSQL engine: a small pool (one app is one student), connections checked before
    use (a lab's server restarts overnight), and the app named in the server's activity view."""
    engine = create_engine(location.url, pool_size=3, max_overflow=5, pool_pre_ping=True,
                           connect_args={"connect_timeout": 10, "application_name": "quizapp"})
    if watch is not None:
        event.listen(engine, "handle_error", watch.on_error)
    return engine


def open_database(data_dir: Path, now: datetime, location: DatabaseLocation | None = None) -> Database:
    """Opens (creating or upgrading as needed) the database: `location`, else the one the
    environment names (QUIZAPP_DATABASE_URL), else the SQLite file in `data_dir`.

    Raises UserError subclasses for a folder that cannot be written, a damaged file, a server
    that cannot be reached or a database from a newer app; in each case nothing is changed.
    """
    ensure_writable_dir(data_dir)  # local settings live there whichever database is used
    location = location or resolve_database(data_dir)
    if location.is_server:
        return _open_server(location, now)
    db_path = location.sqlite_path
    assert db_path is not None
    if db_path != sqlite_location(data_dir).sqlite_path:
        ensure_writable_dir(db_path.parent)
    upgrade_needed = migrate.needs_upgrade(db_path)
    guard, watch = WriteGuard(db_path), StorageWatch(db_path)
    engine = make_engine(db_path, guard, watch)
    if upgrade_needed:
        try:
            migrate.upgrade(engine, db_path, now)
        except DatabaseDamaged:
            engine.dispose()
            raise
        except (sqlite3.Error, DBAPIError) as exc:  # pragma: no cover - a disk failing mid-migration
            engine.dispose()
            if is_damage(exc):
                raise DatabaseDamaged(db_path, newest_backup(db_path), f" ({damage_detail(exc)})") from exc
            raise UserError(f"the database could not be upgraded ({damage_detail(exc)})", db_path) from exc
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(db_path, engine, sessions, location, watch, guard)


def _open_server(location: DatabaseLocation, now: datetime) -> Database:
    watch = StorageWatch(None)
    engine = make_server_engine(location, watch)
    try:
        migrate.upgrade_server(engine, location)
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise UserError(f"cannot use the database server {location.describe()} ({reason})") from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(None, engine, sessionmaker(engine, expire_on_commit=False), location, watch)
