"""Backups of the user database: before every migration, at most daily otherwise, newest 7 kept.

Uses SQLite's online backup API so a backup is consistent even while the app writes (WAL).
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

KEEP = 7
_SUFFIX = ".sqlite"


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


def take_backup(db_path: Path, now: datetime, reason: str) -> Path:
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    target = folder / f"quizapp-{stamp}-{reason}{_SUFFIX}"
    partial = target.with_suffix(".partial")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
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
    reach the student, who can do nothing about it mid-session; tomorrow's attempt tries again."""
    try:
        return backup_if_due(db_path, now)
    except (OSError, sqlite3.Error):
        return None


def restore_backup(db_path: Path, backup: Path, now: datetime) -> Path:
    """Puts a backup in place. The damaged file is kept beside it, renamed, never overwritten."""
    kept = db_path.with_name(f"{db_path.name}.damaged-{now.astimezone():%Y%m%d-%H%M%S}")
    if db_path.exists():
        db_path.replace(kept)
    for sidecar in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + sidecar)
        if side.exists():
            side.replace(kept.with_name(kept.name + sidecar))
    shutil.copyfile(backup, db_path)
    return kept
