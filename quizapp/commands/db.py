"""`quizapp db check [--json]` (DESIGN.md contract): SQLite's integrity check of the database.

Reads the file only (never opens it through the app, so nothing is migrated, installed or
written): `{"ok": B, "problems": [M]}`, exit 1 when the database is damaged.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quizapp.commands.result import CommandResult
from quizapp.core.db.backup import newest_backup
from quizapp.core.db.engine import DB_NAME
from quizapp.core.db.health import check_file
from quizapp.core.db.migrate import current_revision
from quizapp.core.errors import DatabaseDamaged, Located, UserError


def check(data_dir: Path) -> CommandResult:
    db_path = data_dir / DB_NAME
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
