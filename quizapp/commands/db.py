"""`quizapp db check [--json]` (DESIGN.md contract): SQLite's integrity check of the database.

Reads the file only (never opens it through the app, so nothing is migrated, installed or
written): `{"ok": B, "problems": [M]}`, exit 1 when the database is damaged. On a PostgreSQL
server the storage (its checks and its backups) is the server's administrator's: the command
says so, and checks what quizapp can — that the server answers and holds a quizapp database this
app can open — without writing anything.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quizapp.commands.result import CommandResult
from quizapp.core.db.backup import newest_backup
from quizapp.core.db.health import check_file
from quizapp.core.db.location import DatabaseLocation, resolve_database
from quizapp.core.db.migrate import current_revision
from quizapp.core.errors import DatabaseDamaged, Located, UserError


def check(data_dir: Path, location: DatabaseLocation | None = None) -> CommandResult:
    """`location` (`--database`), else QUIZAPP_DATABASE_URL, else the data dir's SQLite file."""
    location = location or resolve_database(data_dir)
    if location.sqlite_path is None:
        return check_server(location)
    return check_sqlite(location.sqlite_path)


def check_server(location: DatabaseLocation) -> CommandResult:
    """A server's own storage is beyond quizapp's reach (its administrator runs pg_amcheck and
    takes the backups); what is checked here is what the app needs: a reachable quizapp
    database whose schema this version knows."""
    from sqlalchemy.exc import DBAPIError

    from quizapp.core.db.engine import make_server_engine
    from quizapp.core.db.migrate import HEAD, REVISIONS, server_revision

    where = location.describe()
    engine = make_server_engine(location)
    try:
        with engine.connect() as connection:
            revision = server_revision(connection, where)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise UserError(f"cannot reach the database server {where} ({reason})") from exc
    finally:
        engine.dispose()
    server_job = ("its storage is checked and backed up by the server's administrator "
                  "(PostgreSQL's pg_amcheck and pg_dump), not by quizapp")
    if revision is None:
        note = f"{where} is an empty database: quizapp sets it up when it first opens it; {server_job}"
    elif revision not in REVISIONS:
        note = (f"{where} holds a quizapp database written by a newer version (schema {revision}); update "
                f"the app to open it; {server_job}")
    else:
        state = "up to date" if revision == HEAD else f"at schema {revision}, upgraded when the app opens it"
        note = f"{where} answers and holds a quizapp database ({state}); {server_job}"
    return CommandResult({"ok": True, "problems": []}, 0, [note])


def check_sqlite(db_path: Path) -> CommandResult:
    if not db_path.exists():
        return CommandResult({"ok": True, "problems": []}, 0, [f"no database yet at {db_path}: nothing to check"])
    backup = newest_backup(db_path)
    if db_path.stat().st_size == 0 and backup is None:
        return CommandResult({"ok": True, "problems": []}, 0,
                             [f"{db_path} is empty and there is no backup: quizapp starts a new database there"])
    try:
        health = check_file(db_path, full=True)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"the database cannot be read ({getattr(exc, 'strerror', None) or exc})", db_path) from exc
    problems = list(health.problems)
    if health.ok:
        try:
            current_revision(db_path)
        except DatabaseDamaged as exc:  # a sound SQLite file that is not a quizapp database
            problems.append(exc.message.split(".")[0].removeprefix("the database is damaged and cannot be opened ")
                            .strip(" ()"))
    if not problems:
        return CommandResult({"ok": True, "problems": []}, 0,
                             [f"the database is sound: SQLite's integrity check found no problem ({db_path})"])
    more = f" ({len(problems)} problems; the first shown)" if len(problems) > 1 else ""
    hint = (f" The newest backup is {backup}; restore it from the app or copy it over."
            if backup else " No backup exists yet.")
    located = Located(str(db_path), None, f"the database is damaged: {problems[0]}{more}.{hint}")
    return CommandResult({"ok": False, "problems": problems}, 1, [], [located], located)
