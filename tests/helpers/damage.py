"""Damages a database file the way a failing disk or a stray write does: one page overwritten."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

PAGE = 4096


def _settle(db_path: Path) -> None:
    """Moves everything from the WAL into the main file, so the bytes on disk are the database."""
    con = sqlite3.connect(db_path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def table_page(db_path: Path, table: str) -> int:
    """The root page of `table` (1-based), e.g. a table the command under test never reads."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    finally:
        con.close()
    assert row is not None, table
    return int(row[0])


def middle_page(db_path: Path) -> int:
    return db_path.stat().st_size // PAGE // 2 + 1


def overwrite_page(db_path: Path, page: int | None = None, seed: int = 18) -> int:
    """Overwrites one 4 KiB page (the middle one by default) with random bytes; returns its number."""
    _settle(db_path)
    page = page if page is not None else middle_page(db_path)
    with db_path.open("r+b") as f:
        f.seek((page - 1) * PAGE)
        f.write(random.Random(seed).randbytes(PAGE))
    return page
