"""Brings a database to the schema this app knows, with a backup first; refuses a newer one.

The common case (already at head) is answered with one plain sqlite3 query and without importing
Alembic, which keeps start-up fast; Alembic is loaded only when there is work to do.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from quizapp.core.db.backup import newest_backup, take_backup
from quizapp.core.errors import DatabaseDamaged, DatabaseTooNew

# The revision chain, oldest first; a test checks it against the migration scripts.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(db_path: Path) -> str | None:
    """The database's revision, None for a new file. Raises DatabaseDamaged, also for an empty
    (0-byte) file while backups exist: that is a database that lost its contents, and starting
    afresh over it would hide the student's history and never offer the backup."""
    if not db_path.exists():
        return None
    if db_path.stat().st_size == 0:
        backup = newest_backup(db_path)
        if backup is not None:
            raise DatabaseDamaged(db_path, backup, " (the file is empty: 0 bytes)")
        return None
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseDamaged(db_path, newest_backup(db_path), " (it is not a quizapp database)")
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(db_path, newest_backup(db_path), f" ({exc})") from exc
    return None if row is None else str(row[0])


def needs_upgrade(db_path: Path) -> bool:
    revision = current_revision(db_path)
    if revision is not None and revision not in REVISIONS:
        raise DatabaseTooNew(
            f"the database was written by a newer version of quizapp (schema {revision}); "
            "update the app to open it. Nothing was changed.",
            db_path,
        )
    return revision != HEAD


def upgrade(engine: Engine, db_path: Path, now: datetime) -> Path | None:
    """Backs the database up (if it has data) and upgrades it to head. Returns the backup."""
    from alembic import command
    from alembic.config import Config

    backup = None
    if current_revision(db_path) is not None:
        backup = take_backup(db_path, now, "pre-migration")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup
