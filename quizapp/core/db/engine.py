"""Opens the user database: pragmas on every connection, migrations applied, one sessionmaker."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.db import migrate
from quizapp.core.errors import UserError

DB_NAME = "quizapp.sqlite"


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
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

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


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}")
    event.listen(engine, "connect", _on_connect)
    return engine


def open_database(data_dir: Path, now: datetime) -> Database:
    """Opens (creating or upgrading as needed) the database in `data_dir`.

    Raises UserError subclasses for a folder that cannot be written, a damaged file or one from
    a newer app; in each case the file on disk is left exactly as it was.
    """
    ensure_writable_dir(data_dir)
    db_path = data_dir / DB_NAME
    upgrade_needed = migrate.needs_upgrade(db_path)
    engine = make_engine(db_path)
    if upgrade_needed:
        try:
            migrate.upgrade(engine, db_path, now)
        except sqlite3.DatabaseError as exc:  # pragma: no cover - a disk failing mid-migration
            engine.dispose()
            raise UserError(f"the database could not be upgraded ({exc})", db_path) from exc
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(db_path, engine, sessions)
