"""Backups of the user database: before every migration, at most daily otherwise, newest 7 kept.

Uses SQLite's online backup API so a backup is consistent even while the app writes (WAL). A copy
counts as a backup only once SQLite's `integrity_check` has passed on it: it is written under a
temporary name and renamed into `backups/` after the check, so every `quizapp-*.sqlite` there was
verified good when it was taken. A damaged database therefore never yields a backup (the copy
fails the check), and rotation, which keeps the newest seven, can never rotate the last good one
away in favour of copies of the damage.

Restoring never overwrites anything: the backup is checked and copied beside the database first,
the damaged file (and its -wal/-shm) is moved aside under a name no other file has, and only then
is the copy renamed into place; if any step fails, everything is put back as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from quizapp.core.db.health import Health, check_file
from quizapp.core.errors import DatabaseDamaged, UserError

KEEP = 7
_SUFFIX = ".sqlite"
_PARTIAL = ".partial"
_SIDECARS = ("-wal", "-shm")
_STALE_PARTIAL_SECONDS = 24 * 3600


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    """Backups, newest first (names sort by their timestamp)."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"quizapp-*{_SUFFIX}"), reverse=True)


def newest_backup(db_path: Path) -> Path | None:
    found = list_backups(db_path)
    return found[0] if found else None


def _free_name(base: Path, suffix: str = "") -> Path:
    """`base + suffix`, or `base-2 + suffix`, `base-3 + suffix`…: the first name no file has
    (sidecars included, so a moved -wal can never land on an existing one)."""
    number = 1
    while True:
        name = base.name if number == 1 else f"{base.name}-{number}"
        candidate = base.with_name(name + suffix)
        if not any(candidate.with_name(candidate.name + side).exists() for side in ("", *_SIDECARS)):
            return candidate
        number += 1


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _move_without_overwriting(source: Path, target: Path) -> None:
    """Renames `source` to `target`, refusing (FileExistsError) if `target` exists, even if another
    process creates it meanwhile: a hard link cannot replace a file. File systems without hard
    links (FAT on a USB stick) fall back to a checked rename."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)


def _remove_stale_partials(folder: Path) -> None:
    """Half-written copies left by a process killed mid-backup (never counted as backups)."""
    limit = time.time() - _STALE_PARTIAL_SECONDS
    for partial in folder.glob(f".quizapp-*{_PARTIAL}"):
        try:
            if partial.stat().st_mtime < limit:
                partial.unlink()
        except OSError:
            pass


def take_backup(db_path: Path, now: datetime, reason: str) -> Path:
    """Copies the database into `backups/`, verifies the copy, then prunes to the newest KEEP.

    Raises DatabaseDamaged (nothing kept, no backup deleted) when the copy fails the check, and
    OSError / sqlite3.Error when the copy cannot be written (a full disk)."""
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(folder)
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    partial = folder / f".quizapp-{stamp}-{reason}.{os.getpid()}.{time.monotonic_ns()}{_PARTIAL}"
    try:
        src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A self-contained file: no -wal or -shm appears beside it when it is read.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        health = check_file(partial, full=True)
        if not health.ok:
            raise DatabaseDamaged(db_path, newest_backup(db_path),
                                  f" (its backup copy failed SQLite's integrity check: {health.problems[0]}); "
                                  "no backup was taken and the earlier ones were kept", opening=False)
        _fsync(partial)
        target = _free_name(folder / f"quizapp-{stamp}-{reason}", _SUFFIX)
        _move_without_overwriting(partial, target)
    except BaseException:
        for side in ("", *_SIDECARS, "-journal"):
            partial.with_name(partial.name + side).unlink(missing_ok=True)
        raise
    _fsync(folder)
    for old in list_backups(db_path)[KEEP:]:
        old.unlink(missing_ok=True)
    return target


def backup_if_due(db_path: Path, now: datetime) -> Path | None:
    """The daily backup: taken off the start-up path by the caller, skipped if one is from today."""
    newest = newest_backup(db_path)
    today = now.astimezone().strftime("%Y%m%d")
    if newest is not None and newest.name.startswith(f"quizapp-{today}"):
        return None
    if not db_path.exists():
        return None
    return take_backup(db_path, now, "daily")


def try_daily_backup(db_path: Path, now: datetime) -> Path | None:
    """The daily backup for a background thread: a failure (full disk, locked file) must never
    reach the student, who can do nothing about it mid-session; tomorrow's attempt tries again.
    Damage is not such a failure: it raises DatabaseDamaged for the app to show."""
    try:
        return backup_if_due(db_path, now)
    except DatabaseDamaged:
        raise
    except (OSError, sqlite3.Error):
        return None


def check_and_back_up(db_path: Path, now: datetime) -> Health:
    """The app's background work after its first paint: SQLite's integrity check of the whole
    database, then (only if it passed) the daily backup, itself verified. Returns the health
    found; a check that cannot run at all (the file vanished, it is locked) counts as not known
    and reports ok, leaving the write guard's own check in force."""
    try:
        health = check_file(db_path, full=True)
    except (OSError, sqlite3.Error):
        return Health(True)
    if not health.ok:
        return health
    try:
        try_daily_backup(db_path, now)
    except DatabaseDamaged as exc:
        return Health(False, (exc.message,))
    return health


def restore_backup(db_path: Path, backup: Path, now: datetime) -> Path:
    """Puts a backup in place and returns where the damaged file was kept (renamed, beside it,
    under a name no file had). Raises UserError — with every file exactly as it was — when the
    backup is itself damaged or any step fails."""
    try:
        health = check_file(backup, full=True)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"the backup {backup.name} cannot be read ({exc}); nothing was changed", backup) from exc
    if not health.ok:
        raise UserError(f"the backup {backup.name} is damaged too ({health.problems[0]}); nothing was changed",
                        backup)
    staged = _free_name(db_path.with_name(f".{db_path.name}.restoring"))
    moved: list[tuple[Path, Path]] = []
    try:
        shutil.copyfile(backup, staged)
        _fsync(staged)
        kept = _free_name(db_path.with_name(f"{db_path.name}.damaged-{now.astimezone():%Y%m%d-%H%M%S}"))
        for side in ("", *_SIDECARS):
            source = db_path.with_name(db_path.name + side)
            if source.exists():
                target = kept.with_name(kept.name + side)
                _move_without_overwriting(source, target)
                moved.append((source, target))
        _move_without_overwriting(staged, db_path)
    except OSError as exc:
        for source, target in reversed(moved):
            try:
                _move_without_overwriting(target, source)
            except OSError:  # pragma: no cover - the disk failing while undoing; nothing is deleted
                pass
        staged.unlink(missing_ok=True)
        raise UserError(f"the backup could not be put in place ({exc.strerror or exc}); nothing was changed",
                        db_path) from exc
    _fsync(db_path.parent)
    return kept
