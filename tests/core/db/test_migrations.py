"""Migrations: a linear chain, head matching the models, and upgrades that lose nothing."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
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
from quizapp.core.db.models import Base, is_full_text_object, is_full_text_table
from quizapp.core.db.types import unpack_order, unpack_set
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


def _include_name(name: str | None, type_: str, parents: dict[str, str | None]) -> bool:
    return not is_full_text_object(name, type_, parents)


def test_empty_to_head_matches_the_models(tmp_path: Path) -> None:
    """Every table but the full-text ones (no model can describe an FTS5 table), which the
    comparison must see and leave out exactly as the migration environment does."""
    db = open_database(tmp_path, FakeClock().now())
    with db.engine.connect() as connection:
        tables = {r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        diff = compare_metadata(MigrationContext.configure(connection, opts={"include_name": _include_name}),
                                Base.metadata)
        unfiltered = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.dispose()
    assert diff == []
    assert {"question_fts", "question_note_fts", "question_fts_data", "question_note_fts_config"} <= tables
    assert {d[1].name for d in unfiltered} == {t for t in tables if is_full_text_table(t)}  # and nothing else
    assert not is_full_text_table("question") and not is_full_text_table("question_note")


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
    # Tables that 0004 added.
    "INSERT INTO note (id, name, title, domain, subdomain, intro, position) VALUES (1, 'phlebotomy', 'Phlebotomy', 'Clinical Patient Care', 'Phlebotomy', '', 1)",
    "INSERT INTO note_section (id, note_id, position, heading, anchor, body, sources) VALUES (1, 1, 0, 'Order of draw', 'order-of-draw', 'Text.', '')",
    # Tables that 0006 added.
    "INSERT INTO profile_source (uuid, profile_id, linked_at) VALUES ('3f8e1c2a-0000-4000-8000-000000000001', 1, '2025-01-01 12:00:00')",
    "INSERT INTO exam_pack (id, role, name, signer, set_slug, trust, recorded_at) VALUES (1, 'imported', 'week-3', '', 'week-3', 'unsigned', '2025-01-01 12:00:00')",
    # Tables that 0007 added.
    "INSERT INTO bookmark (profile_id, question_id, created_at) VALUES (1, 1, '2025-01-01 12:00:00')",
    "INSERT INTO question_note (id, profile_id, question_id, text, updated_at) VALUES (1, 1, 1, 'Cuff first.', '2025-01-01 12:00:00')",
]


# The same rows in the shape 0005 gave the answer tables (integer attempt keys, compact items).
_ROWS_0005 = [sql for sql in _ROWS_0001 if sql.split()[2] not in ("attempt", "attempt_item", "answer_daily")] + [
    "INSERT INTO attempt (id, uuid, profile_id, mode, blueprint_id, seed, started_at, elapsed_seconds, strict, accommodation, current_index, settings) VALUES (1, 'a1', 1, 'mock', 1, 7, '2025-01-01 10:00:00', 12.5, 0, 1.5, 3, '{}')",
    "INSERT INTO attempt_item (attempt_id, position, question_id, display_order, chosen, flagged, guessed, spent_ms, correct, scored, answered_at) VALUES (1, 0, 1, 1, 1, 1, 0, 4000, 1, 1, 1735725600)",
    "INSERT INTO tally_topic (id, domain, subdomain, topic) VALUES (1, '', '', '')",
    "INSERT INTO tally_day (profile_id, day, topic_id, answered, correct) VALUES (1, 20089, 1, 1, 1)",
    "INSERT INTO tally_question (profile_id, question_id, answered, correct, spent_ms, last_at, last_correct) VALUES (1, 1, 1, 1, 4000, 1735725600, 1)",
]


def _rows(old: str) -> list[str]:
    return _ROWS_0005 if old >= "0005" else _ROWS_0001


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


# Tables 0005 reshapes: compared by what their rows mean, not byte for byte.
_RESHAPED = {"attempt", "attempt_item", "answer_daily"}


def _answers_before(db_path: Path) -> dict[tuple[str, int], tuple]:
    """Every answer row of a 0001-0003 database, by (attempt UUID, position), decoded."""
    con = sqlite3.connect(db_path)
    try:
        return {
            (attempt, position): (qid, json.loads(order), None if chosen is None else json.loads(chosen),
                                  bool(flagged), bool(guessed), round(seconds * 1000),
                                  None if correct is None else bool(correct), bool(scored),
                                  None if at is None else int(datetime.fromisoformat(at).replace(tzinfo=UTC).timestamp()))
            for attempt, position, qid, order, chosen, flagged, guessed, seconds, correct, scored, at in con.execute(
                "SELECT attempt_id, position, question_id, display_order, chosen, flagged, guessed, seconds_spent, "
                "correct, scored, answered_at FROM attempt_item")
        }
    finally:
        con.close()


def _answers_after(db_path: Path) -> dict[tuple[str, int], tuple]:
    con = sqlite3.connect(db_path)
    try:
        return {
            (uuid, position): (qid, unpack_order(order), None if chosen is None else unpack_set(chosen),
                               bool(flagged), bool(guessed), ms, None if correct is None else bool(correct),
                               bool(scored), at)
            for uuid, position, qid, order, chosen, flagged, guessed, ms, correct, scored, at in con.execute(
                "SELECT a.uuid, i.position, i.question_id, i.display_order, i.chosen, i.flagged, i.guessed, "
                "i.spent_ms, i.correct, i.scored, i.answered_at FROM attempt_item i JOIN attempt a ON a.id = i.attempt_id")
        }
    finally:
        con.close()


def _attempts(db_path: Path, key: str) -> dict[str, tuple]:
    con = sqlite3.connect(db_path)
    try:
        return {row[0]: row[1:] for row in con.execute(
            f"SELECT {key}, profile_id, mode, blueprint_id, seed, started_at, submitted_at, elapsed_seconds, "
            "checkpoint_at, time_limit_seconds, strict, accommodation, current_index, settings, score FROM attempt")}
    finally:
        con.close()


@pytest.mark.parametrize("old", migrate.REVISIONS[:-1])
def test_an_older_database_with_rows_upgrades_keeping_every_row(tmp_path: Path, old: str) -> None:
    db_path = tmp_path / DB_NAME
    _upgrade_to(db_path, old)
    con = sqlite3.connect(db_path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")
              if not is_full_text_table(r[0])]  # filled by triggers or the installer, not by rows of their own
    for sql in _rows(old):
        if _table_of(sql) in tables:
            con.execute(sql)
    con.commit()
    con.close()
    columns = _columns(db_path, tables)
    before = _dump(db_path, columns)
    assert all(before[t] for t in tables), "every table of the old schema holds a row"
    compact = old >= "0005"
    answers = _answers_after(db_path) if compact else _answers_before(db_path)
    attempts = _attempts(db_path, "uuid" if compact else "id")
    kept = {t: cols for t, cols in columns.items() if compact or t not in _RESHAPED}

    db = open_database(tmp_path, datetime(2026, 2, 1, tzinfo=UTC))
    db.dispose()
    assert migrate.current_revision(db_path) == migrate.HEAD
    assert _dump(db_path, kept) == {t: before[t] for t in kept}
    assert _answers_after(db_path) == answers
    assert _attempts(db_path, "uuid") == attempts
    con = sqlite3.connect(db_path)
    assert {row[0] for row in con.execute("SELECT state_version FROM review_card")} == {1}
    con.close()
    backups = list_backups(db_path)
    assert len(backups) == 1 and "pre-migration" in backups[0].name
    assert _dump(backups[0], columns) == before  # the backup is the pre-migration state


def test_0005_rebuilds_the_summaries_from_scored_answers_only(tmp_path: Path) -> None:
    """Answers from before 0002 count (0002 made an empty `answer_daily`); a pretest answer, an
    answer in an unsubmitted exam and a stale `answer_daily` row do not (issue #23)."""
    db_path = tmp_path / DB_NAME
    _upgrade_to(db_path, "0004")
    con = sqlite3.connect(db_path)
    for sql in _ROWS_0001[:4]:
        con.execute(sql)
    con.executescript("""
        UPDATE question SET domain = 'Clinical Patient Care', subdomain = 'Phlebotomy', topic = 'Venipuncture';
        INSERT INTO attempt (id, profile_id, mode, seed, started_at, submitted_at, elapsed_seconds, strict,
            accommodation, current_index, settings, score) VALUES
            ('p1', 1, 'practice', 1, '2026-01-20 10:00:00', NULL, 0, 0, 1, 0, '{}', NULL),
            ('m1', 1, 'mock', 2, '2026-01-21 10:00:00', '2026-01-21 11:00:00', 60, 0, 1, 0, '{}', 1.0),
            ('m2', 1, 'mock', 3, '2026-01-22 10:00:00', NULL, 60, 0, 1, 0, '{}', NULL);
        INSERT INTO attempt_item (attempt_id, position, question_id, display_order, chosen, flagged, guessed,
            seconds_spent, correct, scored, answered_at) VALUES
            ('p1', 0, 1, '[0]', '[0]', 0, 0, 4.5, 1, 1, '2026-01-20 10:01:00'),
            ('p1', 1, 1, '[0]', '[0]', 0, 0, 3.0, 0, 1, '2026-01-20 10:02:00'),
            ('m1', 0, 1, '[0]', '[0]', 0, 0, 2.0, 1, 1, '2026-01-21 10:30:00'),
            ('m1', 1, 1, '[0]', '[0]', 0, 0, 2.0, 0, 0, '2026-01-21 10:31:00'),
            ('m2', 0, 1, '[0]', '[0]', 0, 0, 2.0, 1, 1, '2026-01-22 10:31:00');
        INSERT INTO answer_daily (profile_id, question_id, day, answered, correct, seconds)
            VALUES (1, 1, '2026-01-21', 9, 9, 99.0);
    """)
    con.commit()
    con.close()

    db = open_database(tmp_path, datetime(2026, 2, 1, tzinfo=UTC))
    db.dispose()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT answered, correct, spent_ms, last_correct FROM tally_question").fetchall() == [
            (3, 2, 9500, 1)]
        days = con.execute("SELECT d.day, d.answered, d.correct, t.domain, t.subdomain, t.topic FROM tally_day d "
                           "JOIN tally_topic t ON t.id = d.topic_id ORDER BY d.day").fetchall()
    finally:
        con.close()
    place = ("Clinical Patient Care", "Phlebotomy", "Venipuncture")
    first = date(2026, 1, 20).toordinal() - date(1970, 1, 1).toordinal()
    assert days == [(first, 2, 1, *place), (first + 1, 1, 1, *place)]


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

    open_database(tmp_path, datetime(2026, 2, 1, tzinfo=UTC)).dispose()
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


def test_a_packed_option_order_of_fifteen_needs_and_gets_a_64_bit_column() -> None:
    """PostgreSQL's INTEGER is 32 bits: eight options shown in order already overflow it."""
    from sqlalchemy import BigInteger

    from quizapp.core.db.models import AttemptItem
    from quizapp.core.db.types import MAX_POSITION, pack_order

    widest = pack_order(list(range(MAX_POSITION, -1, -1)))
    assert pack_order(list(range(8))) > 2**31 - 1 and widest < 2**63
    assert isinstance(AttemptItem.__table__.c.display_order.type.impl, BigInteger)


def test_0006_names_profiles_for_good_and_keeps_each_pack_attempts_template(tmp_path: Path) -> None:
    """Every profile gets its own UUID; a pack installed before signatures becomes an unsigned
    pack named by its slug; a pack attempt keeps the pass mark and time it was taken under."""
    db_path = tmp_path / DB_NAME
    _upgrade_to(db_path, "0005")
    con = sqlite3.connect(db_path)
    for sql in (
        "INSERT INTO profile (id, name, created_at, last_used_at, named_by_user) VALUES (1, 'Ana', '2025-01-01 10:00:00', '2025-01-02 10:00:00', 1)",
        "INSERT INTO profile (id, name, created_at, last_used_at, named_by_user) VALUES (2, 'Ben', '2025-01-01 10:00:00', '2025-01-02 10:00:00', 1)",
        "INSERT INTO question_set (id, slug, name, origin_format, imported_at, enabled) VALUES (1, 'midterm-1', 'Midterm 1', 'exam-pack', '2025-03-01 10:00:00', 0)",
        "INSERT INTO blueprint (id, slug, name, minutes, counts, unscored, origin, pass_mark, question_ids, position) VALUES (1, 'midterm-1', 'Midterm 1', 20, '{}', 0, 'pack', 0.7, '[]', 1000)",
        "INSERT INTO attempt (id, uuid, profile_id, mode, blueprint_id, seed, started_at, elapsed_seconds, strict, accommodation, current_index, settings, score) VALUES (1, 'u1', 1, 'pack', 1, 7, '2025-03-02 10:00:00', 60, 0, 1, 0, '{\"auto_submitted\": false}', 0.8)",
    ):
        con.execute(sql)
    con.commit()
    con.close()
    open_database(tmp_path, datetime(2026, 2, 1, tzinfo=UTC)).dispose()
    con = sqlite3.connect(db_path)
    try:
        ids = [row[0] for row in con.execute("SELECT uuid FROM profile ORDER BY id")]
        assert len(set(ids)) == 2 and all(len(i) == 36 for i in ids)
        assert con.execute("SELECT role, name, signer, set_slug, trust, pass_mark, minutes FROM exam_pack").fetchall() == [
            ("imported", "midterm-1", "", "midterm-1", "unsigned", 0.7, 20)]
        settings = json.loads(con.execute("SELECT settings FROM attempt").fetchone()[0])
        assert settings == {"auto_submitted": False, "pack": {"pass_mark": 0.7, "minutes": 20}}
    finally:
        con.close()
