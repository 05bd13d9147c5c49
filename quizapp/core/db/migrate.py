"""Brings a database to the schema this app knows, with a backup first; refuses a newer one.

The common case (already at head) is answered with one plain query and without importing
Alembic, which keeps start-up fast; Alembic is loaded only when there is work to do. On a server,
several lab computers may start at once: the migration runs under a transaction-scoped advisory
lock, and whoever gets it second finds the work done.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine

from quizapp.core.db.backup import newest_backup, take_backup
from quizapp.core.db.location import DatabaseLocation
from quizapp.core.errors import DatabaseDamaged, DatabaseTooNew, UserError

# The revision chain, oldest first; a test checks it against the migration scripts.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
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


# pg_advisory_xact_lock key: any fixed number, the same in every quizapp version (the bank's
# is quizapp.core.bank.digest.BANK_LOCK).
MIGRATION_LOCK = 0x5155_495A_0001


def _refuse_newer(revision: str | None, where: Path | str) -> None:
    if revision is not None and revision not in REVISIONS:
        raise DatabaseTooNew(
            f"the database was written by a newer version of quizapp (schema {revision}); "
            "update the app to open it. Nothing was changed.",
            where,
        )


def needs_upgrade(db_path: Path) -> bool:
    revision = current_revision(db_path)
    _refuse_newer(revision, db_path)
    return revision != HEAD


def server_revision(connection: Connection, where: str) -> str | None:
    """A server database's revision, None for an empty one. A database that holds other
    tables but no quizapp schema is refused rather than written into."""
    if connection.scalar(text("SELECT to_regclass('alembic_version')")) is None:
        others = connection.scalar(text(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"))
        if others:
            raise UserError(f"the database {where} holds tables that are not quizapp's; give quizapp a database "
                            "of its own (CREATE DATABASE quizapp OWNER ...)")
        return None
    found = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return None if found is None else str(found)


def upgrade_server(engine: Engine, location: DatabaseLocation) -> None:
    """Brings a server database to head: checked without a lock (the common case, nothing to
    do), then upgraded under the migration lock after checking again. No file backup: a
    server's backups are its administrator's (pg_dump)."""
    where = location.describe()
    with engine.connect() as connection:
        revision = server_revision(connection, where)
    _refuse_newer(revision, where)
    if revision == HEAD:
        return
    from alembic import command
    from alembic.config import Config

    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        revision = server_revision(connection, where)
        _refuse_newer(revision, where)
        if revision == HEAD:
            return
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def upgrade(engine: Engine, db_path: Path, now: datetime) -> Path | None:
    """Backs the database up (if it has data) and upgrades it to head. Returns the backup."""
    from alembic import command
    from alembic.config import Config

    backup = None
    if current_revision(db_path) is not None:
        backup = take_backup(db_path, now, "pre-migration")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as connection:
        # SQLite changes a table by copying it; foreign keys are switched off meanwhile (outside
        # a transaction, where the pragma takes effect) and every one is checked before commit.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseDamaged(db_path, backup, f" (the upgrade left {len(broken)} broken references; "
                                          "nothing was changed)")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
    return backup
