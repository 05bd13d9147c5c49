"""A damaged database is never overwritten; backups are taken, pruned and restored."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.core.clock import FakeClock
from quizapp.core.db.backup import KEEP, backup_if_due, list_backups, newest_backup, restore_backup, take_backup
from quizapp.core.db.engine import DB_NAME, open_database
from quizapp.core.db.models import Profile
from quizapp.core.errors import DatabaseDamaged, UserError
from quizapp.core.profiles import ensure_default


def test_a_garbage_file_is_reported_with_the_newest_backup_and_left_alone(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(tmp_path, clock.now())
    db.dispose()
    backup = take_backup(tmp_path / DB_NAME, clock.now(), "daily")
    damaged = b"this is not a database" * 100
    (tmp_path / DB_NAME).write_bytes(damaged)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(tmp_path, clock.now())
    assert caught.value.newest_backup == backup
    assert str(backup) in str(caught.value)
    assert (tmp_path / DB_NAME).read_bytes() == damaged


def test_a_foreign_sqlite_file_is_not_taken_for_ours(tmp_path: Path, clock: FakeClock) -> None:
    import sqlite3

    con = sqlite3.connect(tmp_path / DB_NAME)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseDamaged, match="not a quizapp database"):
        open_database(tmp_path, clock.now())


def test_restore_keeps_the_damaged_file_beside_it(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(tmp_path, clock.now())
    with db.sessions.begin() as s:
        ensure_default(s, clock.now())
    db.dispose()
    backup = take_backup(tmp_path / DB_NAME, clock.now(), "daily")
    (tmp_path / DB_NAME).write_bytes(b"garbage")
    kept = restore_backup(tmp_path / DB_NAME, backup, clock.now())
    assert kept.read_bytes() == b"garbage"
    db = open_database(tmp_path, clock.now())
    with db.sessions() as s:
        assert s.scalar(select(Profile.name)) == "Default"
    db.dispose()


def test_backups_are_daily_and_the_newest_seven_are_kept(tmp_path: Path, clock: FakeClock) -> None:
    open_database(tmp_path, clock.now()).dispose()
    db_path = tmp_path / DB_NAME
    assert backup_if_due(db_path, clock.now()) is not None
    assert backup_if_due(db_path, clock.now()) is None  # one a day
    for _ in range(10):
        clock.advance(timedelta(days=1).total_seconds())
        backup_if_due(db_path, clock.now())
    assert len(list_backups(db_path)) == KEEP
    assert newest_backup(db_path) == list_backups(db_path)[0]


def test_a_data_dir_that_cannot_be_written(tmp_path: Path, clock: FakeClock) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="cannot create the data folder"):
        open_database(blocker / "data", clock.now())


def test_answers_persist_across_reopen(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(tmp_path, clock.now())
    with db.sessions.begin() as s:
        ensure_default(s, clock.now()).name = "Maya"
    db.dispose()
    db = open_database(tmp_path, clock.now())
    with db.sessions() as s:
        assert s.scalar(select(Profile.name)) == "Maya"
    db.dispose()
