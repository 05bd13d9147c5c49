"""A damaged database is never overwritten; backups are taken, pruned and restored."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.core.clock import FakeClock
from quizapp.core.db.backup import (
    KEEP,
    backup_if_due,
    backups_dir,
    check_and_back_up,
    list_backups,
    newest_backup,
    restore_backup,
    take_backup,
)
from quizapp.core.db.engine import DB_NAME, open_database
from quizapp.core.db.failures import explain
from quizapp.core.db.health import check_file, is_damage
from quizapp.core.db.models import Profile
from quizapp.core.errors import DatabaseDamaged, UserError
from quizapp.core.profiles import ensure_default
from tests.helpers.damage import overwrite_page, table_page

pytestmark = pytest.mark.sqlite_only  # the SQLite file itself: its pages, pragmas, checks and backups


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


# -- issue #18: damage inside the file, backups that rot, empty files, restores that overwrite --

def _with_profile(data: Path, clock: FakeClock) -> None:
    db = open_database(data, clock.now())
    with db.sessions.begin() as s:
        ensure_default(s, clock.now())
    db.dispose()


def test_a_damaged_page_no_read_touches_is_refused_before_the_first_write(data_dir: Path, clock: FakeClock) -> None:
    db_path = data_dir / DB_NAME
    overwrite_page(db_path, table_page(db_path, "question_report"))
    before = db_path.read_bytes()
    db = open_database(data_dir, clock.now())  # opening reads only the schema version: fine
    try:
        with db.sessions() as s:
            assert s.scalar(select(Profile.name)) is None  # reading an intact table still works
        with pytest.raises(DatabaseDamaged, match="nothing was written"):
            with db.sessions.begin() as s:
                ensure_default(s, clock.now())
        with pytest.raises(DatabaseDamaged):  # and every later write too
            with db.sessions.begin() as s:
                ensure_default(s, clock.now())
    finally:
        db.dispose()
    assert db_path.read_bytes() == before


def test_an_intact_database_is_quick_checked_once_then_written(data_dir: Path, clock: FakeClock) -> None:
    db = open_database(data_dir, clock.now())
    try:
        assert not db.guard.checked
        with db.sessions.begin() as s:
            ensure_default(s, clock.now())
        assert db.guard.checked
    finally:
        db.dispose()


def test_the_integrity_check_finds_what_reading_does_not(data_dir: Path) -> None:
    db_path = data_dir / DB_NAME
    assert check_file(db_path).ok
    overwrite_page(db_path, table_page(db_path, "question_report"))
    health = check_file(db_path)
    assert not health.ok and health.problems


def test_malformed_errors_are_recognised_however_wrapped(data_dir: Path, clock: FakeClock) -> None:
    import sqlite3

    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    db_path = data_dir / DB_NAME
    overwrite_page(db_path, table_page(db_path, "profile"))
    db = open_database(data_dir, clock.now())
    try:
        with pytest.raises(DatabaseError) as caught:
            with db.sessions() as s:
                s.execute(text("SELECT * FROM profile")).all()
    finally:
        db.dispose()
    assert is_damage(caught.value)
    assert isinstance(explain(caught.value, db_path), DatabaseDamaged)
    assert not is_damage(sqlite3.OperationalError("database is locked"))


def test_a_week_of_backups_over_a_damaged_database_keeps_the_last_good_one(tmp_path: Path, clock: FakeClock) -> None:
    _with_profile(tmp_path, clock)
    db_path = tmp_path / DB_NAME
    good = take_backup(db_path, clock.now(), "daily")
    overwrite_page(db_path, table_page(db_path, "question_report"))
    for _ in range(10):
        clock.advance(timedelta(days=1).total_seconds())
        health = check_and_back_up(db_path, clock.now())
        assert not health.ok
        with pytest.raises(DatabaseDamaged):  # the copy fails its own check too: never counted
            take_backup(db_path, clock.now(), "daily")
    assert list_backups(db_path) == [good]
    assert not [p for p in backups_dir(db_path).iterdir() if p != good]  # no half-written copies left
    assert check_file(good).ok


def test_every_kept_backup_passed_its_check_and_the_newest_is_kept(tmp_path: Path, clock: FakeClock) -> None:
    _with_profile(tmp_path, clock)
    db_path = tmp_path / DB_NAME
    taken = []
    for _ in range(KEEP + 3):
        clock.advance(timedelta(days=1).total_seconds())
        assert check_and_back_up(db_path, clock.now()).ok
        taken.append(newest_backup(db_path))
    assert list_backups(db_path) == taken[::-1][:KEEP]
    assert all(check_file(b).ok for b in list_backups(db_path))


def test_two_backups_in_the_same_second_are_both_kept(tmp_path: Path, clock: FakeClock) -> None:
    _with_profile(tmp_path, clock)
    first = take_backup(tmp_path / DB_NAME, clock.now(), "pre-migration")
    second = take_backup(tmp_path / DB_NAME, clock.now(), "pre-migration")
    assert first != second and first.exists() and second.exists()


def test_an_empty_file_with_a_backup_is_damaged_not_replaced(tmp_path: Path, clock: FakeClock) -> None:
    _with_profile(tmp_path, clock)
    backup = take_backup(tmp_path / DB_NAME, clock.now(), "daily")
    (tmp_path / DB_NAME).write_bytes(b"")
    with pytest.raises(DatabaseDamaged, match="empty") as caught:
        open_database(tmp_path, clock.now())
    assert caught.value.newest_backup == backup
    assert (tmp_path / DB_NAME).read_bytes() == b""


def test_an_empty_file_without_backups_starts_a_new_database(tmp_path: Path, clock: FakeClock) -> None:
    (tmp_path / DB_NAME).write_bytes(b"")
    open_database(tmp_path, clock.now()).dispose()
    assert check_file(tmp_path / DB_NAME).ok


def _damaged_with_backup(tmp_path: Path, clock: FakeClock) -> tuple[Path, Path]:
    _with_profile(tmp_path, clock)
    backup = take_backup(tmp_path / DB_NAME, clock.now(), "daily")
    (tmp_path / DB_NAME).write_bytes(b"garbage one")
    return tmp_path / DB_NAME, backup


def test_two_restores_in_the_same_second_overwrite_nothing(tmp_path: Path, clock: FakeClock) -> None:
    db_path, backup = _damaged_with_backup(tmp_path, clock)
    (tmp_path / f"{DB_NAME}-wal").write_bytes(b"wal one")
    first = restore_backup(db_path, backup, clock.now())
    db_path.write_bytes(b"garbage two")
    second = restore_backup(db_path, backup, clock.now())  # the same second
    assert first != second
    assert first.read_bytes() == b"garbage one" and second.read_bytes() == b"garbage two"
    assert first.with_name(first.name + "-wal").read_bytes() == b"wal one"
    assert check_file(db_path).ok


def test_a_damaged_backup_is_not_restored_and_nothing_changes(tmp_path: Path, clock: FakeClock) -> None:
    db_path, backup = _damaged_with_backup(tmp_path, clock)
    overwrite_page(backup, table_page(backup, "question_report"))
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(UserError, match="damaged too.*nothing was changed"):
        restore_backup(db_path, backup, clock.now())
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert db_path.read_bytes() == b"garbage one"


@pytest.mark.parametrize("step", ["copy", "put-in-place"])
def test_a_restore_that_fails_leaves_everything_as_it_was(tmp_path: Path, clock: FakeClock,
                                                          monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    import errno

    from quizapp.core.db import backup as backup_module

    db_path, backup = _damaged_with_backup(tmp_path, clock)
    (tmp_path / f"{DB_NAME}-wal").write_bytes(b"the wal")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    if step == "copy":
        def full_disk(*_args: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(backup_module.shutil, "copyfile", full_disk)
    else:
        real = backup_module._move_without_overwriting

        def refuse_last(source: Path, target: Path) -> None:
            if target == db_path and ".restoring" in source.name:  # the last step; undoing still works
                raise OSError(errno.EIO, "Input/output error")
            real(source, target)

        monkeypatch.setattr(backup_module, "_move_without_overwriting", refuse_last)
    with pytest.raises(UserError, match="nothing was changed"):
        restore_backup(db_path, backup, clock.now())
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_every_connection_commits_durably(data_dir: Path, clock: FakeClock) -> None:
    """The power-cut promise rests on this (README): WAL with synchronous=FULL, so a commit has
    reached the disk (fsync) before it returns, on every connection the app opens."""
    from sqlalchemy import text

    db = open_database(data_dir, clock.now())
    try:
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose()
