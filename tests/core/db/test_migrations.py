"""Migrations: a linear chain, head matching the models, and upgrades that lose nothing."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from quizapp.core.clock import FakeClock
from quizapp.core.db import migrate
from quizapp.core.db.backup import list_backups
from quizapp.core.db.engine import DB_NAME, make_engine, open_database
from quizapp.core.db.models import Base
from quizapp.core.errors import DatabaseTooNew


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    return config


def _upgrade_to(db_path: Path, revision: str) -> None:
    engine = make_engine(db_path)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_the_revision_chain_is_linear_and_known_to_the_app() -> None:
    script = ScriptDirectory.from_config(_config())
    assert len(script.get_heads()) == 1
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == migrate.REVISIONS
    assert script.get_current_head() == migrate.HEAD


def test_empty_to_head_matches_the_models(tmp_path: Path) -> None:
    db = open_database(tmp_path, FakeClock().now())
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.dispose()
    assert diff == []


def test_wal_and_foreign_keys_are_on(tmp_path: Path) -> None:
    db = open_database(tmp_path, FakeClock().now())
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


# Rows for every table of the older schemas, written with plain SQL as an old app would.
_ROWS_0001 = [
    "INSERT INTO profile (id, name, created_at, last_used_at, named_by_user) VALUES (1, 'Ana', '2025-01-01 10:00:00', '2025-01-02 10:00:00', 1)",
    "INSERT INTO question_set (id, slug, name, imported_at, enabled) VALUES (1, 'builtin', 'Built-in', '2025-01-01 10:00:00', 1)",
    "INSERT INTO question (id, set_id, ext_id, stem, text_format, kind, rationale, citations, tags, content_hash, retired, updated_at) VALUES (1, 1, 'v-1', 'Stem?', 'plain', 'single', 'Why.', '[]', '[]', 'abc', 0, '2025-01-01 10:00:00')",
    "INSERT INTO choice (id, question_id, position, text, is_correct, feedback) VALUES (1, 1, 0, 'Yes', 1, '')",
    "INSERT INTO question_media (id, question_id, name, mime, data) VALUES (1, 1, 'a.png', 'image/png', x'89504e47')",
    "INSERT INTO blueprint (id, slug, name, minutes, counts, unscored, origin, position) VALUES (1, 'ccma-quick', 'Quick', 36, '{}', 0, 'builtin', 3)",
    "INSERT INTO attempt (id, profile_id, mode, blueprint_id, seed, started_at, elapsed_seconds, strict, accommodation, current_index, settings) VALUES ('a1', 1, 'mock', 1, 7, '2025-01-01 10:00:00', 12.5, 0, 1.5, 3, '{}')",
    "INSERT INTO attempt_item (id, attempt_id, position, question_id, display_order, chosen, flagged, guessed, seconds_spent, correct, scored) VALUES (1, 'a1', 0, 1, '[0]', '[0]', 1, 0, 4.0, 1, 1)",
    "INSERT INTO review_card (id, profile_id, question_id, state, due) VALUES (1, 1, 1, '{}', '2025-01-03 10:00:00')",
    "INSERT INTO question_report (id, profile_id, question_id, reason, note, created_at) VALUES (1, 1, 1, 'typo', 'a note', '2025-01-01 11:00:00')",
    "INSERT INTO app_meta (key, value) VALUES ('builtin_bank_hash', 'abc')",
    # Tables that 0002 added.
    "INSERT INTO source_document (file, title) VALUES ('guide.txt', 'A guide')",
    "INSERT INTO bank_change (id, set_id, ext_id, change, detail, at) VALUES (1, 1, 'v-1', 'revised', '', '2025-01-01 12:00:00')",
    "INSERT INTO answer_daily (profile_id, question_id, day, answered, correct, seconds) VALUES (1, 1, '2025-01-01', 3, 2, 41.5)",
]


def _table_of(sql: str) -> str:
    return sql.split()[2]


def _columns(db_path: Path, tables: list[str]) -> dict[str, list[str]]:
    con = sqlite3.connect(db_path)
    try:
        return {t: [row[1] for row in con.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        con.close()


def _dump(db_path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of the old schema's columns (a later migration may add columns, never lose one)."""
    con = sqlite3.connect(db_path)
    try:
        return {t: con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY 1").fetchall()
                for t, cols in columns.items()}
    finally:
        con.close()


@pytest.mark.parametrize("old", migrate.REVISIONS[:-1])
def test_an_older_database_with_rows_upgrades_keeping_every_row(tmp_path: Path, old: str) -> None:
    db_path = tmp_path / DB_NAME
    _upgrade_to(db_path, old)
    con = sqlite3.connect(db_path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")]
    for sql in _ROWS_0001:
        if _table_of(sql) in tables:
            con.execute(sql)
    con.commit()
    con.close()
    columns = _columns(db_path, tables)
    before = _dump(db_path, columns)
    assert all(before[t] for t in tables), "every table of the old schema holds a row"

    db = open_database(tmp_path, datetime(2026, 2, 1, tzinfo=timezone.utc))
    db.dispose()
    assert migrate.current_revision(db_path) == migrate.HEAD
    assert _dump(db_path, columns) == before
    backups = list_backups(db_path)
    assert len(backups) == 1 and "pre-migration" in backups[0].name
    assert _dump(backups[0], columns) == before  # the backup is the pre-migration state


def test_a_database_newer_than_the_app_is_refused_untouched(tmp_path: Path) -> None:
    db = open_database(tmp_path, FakeClock().now())
    db.dispose()
    db_path = tmp_path / DB_NAME
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version of quizapp"):
        open_database(tmp_path, FakeClock().now())
    assert db_path.read_bytes() == before


def test_nothing_to_migrate_takes_no_backup(tmp_path: Path) -> None:
    open_database(tmp_path, FakeClock().now()).dispose()
    open_database(tmp_path, FakeClock().now()).dispose()
    assert list_backups(tmp_path / DB_NAME) == []  # a new, empty database needs none


def test_0004_renames_the_builtin_set_and_moves_a_user_set_called_essentials(tmp_path: Path) -> None:
    db_path = tmp_path / DB_NAME
    _upgrade_to(db_path, "0003")
    con = sqlite3.connect(db_path)
    for sql in (
        "INSERT INTO profile (id, name, created_at, last_used_at, named_by_user) VALUES (1, 'Ana', '2025-01-01 10:00:00', '2025-01-02 10:00:00', 1)",
        "INSERT INTO question_set (id, slug, name, origin_format, imported_at, enabled) VALUES (1, 'builtin', 'Built-in CCMA bank', 'bank', '2025-01-01 10:00:00', 1)",
        "INSERT INTO question_set (id, slug, name, origin_format, imported_at, enabled) VALUES (2, 'essentials', 'My essentials', 'exam-pack', '2025-01-01 10:00:00', 0)",
        "INSERT INTO question_set (id, slug, name, origin_format, imported_at, enabled) VALUES (3, 'essentials-1', 'Taken', 'gift', '2025-01-01 10:00:00', 1)",
        "INSERT INTO question (id, set_id, ext_id, stem, text_format, kind, rationale, citations, tags, content_hash, retired, updated_at) VALUES (1, 2, 'q-1', 'Stem?', 'plain', 'single', '', '[]', '[]', 'abc', 0, '2025-01-01 10:00:00')",
        "INSERT INTO blueprint (id, slug, name, minutes, counts, unscored, origin, question_ids, position) VALUES (1, 'essentials', 'My essentials', 20, '{}', 0, 'pack', '[[\"essentials\", \"q-1\"], [\"builtin\", \"v-1\"]]', 0)",
        "INSERT INTO attempt (id, profile_id, mode, seed, started_at, elapsed_seconds, strict, accommodation, current_index, settings) VALUES ('a1', 1, 'practice', 7, '2025-01-01 10:00:00', 0, 0, 1, 0, '{\"sets\": [\"essentials\", \"builtin\"], \"feedback\": true}')",
        "INSERT INTO attempt_item (id, attempt_id, position, question_id, display_order, chosen, flagged, guessed, seconds_spent, correct, scored) VALUES (1, 'a1', 0, 1, '[0]', '[0]', 0, 0, 4.0, 1, 1)",
    ):
        con.execute(sql)
    con.commit()
    con.close()

    open_database(tmp_path, datetime(2026, 2, 1, tzinfo=timezone.utc)).dispose()
    con = sqlite3.connect(db_path)
    try:
        sets = con.execute("SELECT id, slug, name FROM question_set ORDER BY id").fetchall()
        assert sets == [(1, "builtin", "Career-guide bank"), (2, "essentials-2", "My essentials"),
                        (3, "essentials-1", "Taken")]
        assert con.execute("SELECT slug, question_ids FROM blueprint").fetchone() == (
            "essentials-2", '[["essentials-2", "q-1"], ["builtin", "v-1"]]')
        assert '"sets": ["essentials-2", "builtin"]' in con.execute("SELECT settings FROM attempt").fetchone()[0]
        assert con.execute("SELECT question_id, correct FROM attempt_item").fetchall() == [(1, 1)]
    finally:
        con.close()
