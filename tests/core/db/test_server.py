"""The database location (DESIGN.md contract) and the same schema on SQLite and PostgreSQL:
URLs, migrations from empty and from an older schema with rows, several apps migrating at once,
and the refusals a user can act on."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from quizapp.cli import main
from quizapp.core.clock import FakeClock
from quizapp.core.db import migrate
from quizapp.core.db.engine import open_database
from quizapp.core.db.location import BadDatabaseUrl, parse_database_url, resolve_database
from quizapp.core.db.models import Base
from quizapp.core.db.types import unpack_order
from quizapp.core.errors import DatabaseTooNew, UserError
from tests.core.db.test_migrations import _include_name
from tests.helpers.databases import Backend


def test_postgresql_urls_use_psycopg_3_and_hide_the_password() -> None:
    location = parse_database_url("postgresql://lab:secret@db.school:5433/ccma")
    assert location.is_server and location.url.drivername == "postgresql+psycopg"
    assert location.describe() == "postgresql://lab:***@db.school:5433/ccma"
    assert parse_database_url("postgres://lab@localhost/ccma").url.drivername == "postgresql+psycopg"
    sqlite = parse_database_url("sqlite:////tmp/x/quizapp.sqlite")
    assert sqlite.sqlite_path == Path("/tmp/x/quizapp.sqlite") and not sqlite.is_server


@pytest.mark.parametrize("bad", ["mysql://root@localhost/q", "postgresql://localhost", "sqlite://", "not a url"])
def test_a_database_url_quizapp_cannot_use_is_refused(bad: str) -> None:
    with pytest.raises(BadDatabaseUrl):
        parse_database_url(bad)


def test_the_option_beats_the_environment_which_beats_the_data_dir(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUIZAPP_DATABASE_URL", raising=False)
    assert resolve_database(tmp_path).sqlite_path == tmp_path / "quizapp.sqlite"
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", "postgresql://a@h/env")
    assert resolve_database(tmp_path).url.database == "env"
    assert resolve_database(tmp_path, "postgresql://a@h/option").url.database == "option"


def test_a_bad_database_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", "mysql://x/y", "sets", "--json"]) == 2
    captured = capsys.readouterr()
    assert "SQLite or PostgreSQL" in captured.err and "Traceback" not in captured.err


def test_a_server_that_cannot_be_reached_is_a_clear_message(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://nobody@127.0.0.1:9/nothing"  # port 9 (discard): nothing listens on loopback
    with pytest.raises(UserError, match="cannot use the database server postgresql://nobody@127.0.0.1:9/nothing"):
        open_database(tmp_path, FakeClock().now(), parse_database_url(url))
    assert main(["--data-dir", str(tmp_path), "--database", url, "sets", "--json"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_empty_to_head_matches_the_models_on_each_database(backend: Backend, tmp_path: Path) -> None:
    location = backend.new(tmp_path / "d", "empty")
    db = open_database(tmp_path / "d", FakeClock().now(), location)
    try:
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": _include_name}), Base.metadata)
        assert diff == []
    finally:
        db.dispose()
        backend.release(location)


@pytest.fixture
def server(backend: Backend) -> Backend:
    if backend.name != "postgresql":
        pytest.skip("a server's own behaviour")
    return backend


def test_a_server_database_holding_other_tables_is_not_written(server: Backend, tmp_path: Path) -> None:
    location = server.new(tmp_path, "foreign")
    engine = create_engine(location.url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE payroll (id integer)"))
    engine.dispose()
    try:
        with pytest.raises(UserError, match="holds tables that are not quizapp's"):
            open_database(tmp_path, FakeClock().now(), location)
    finally:
        server.release(location)


def test_a_server_database_from_a_newer_app_is_refused(server: Backend, tmp_path: Path) -> None:
    location = server.new(tmp_path, "newer")
    open_database(tmp_path, FakeClock().now(), location).dispose()
    engine = create_engine(location.url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    try:
        with pytest.raises(DatabaseTooNew):
            open_database(tmp_path, FakeClock().now(), location)
    finally:
        server.release(location)


def test_an_older_server_database_with_answers_upgrades_keeping_them(server: Backend, tmp_path: Path) -> None:
    """0004 -> head on PostgreSQL: 0005 rebuilds the answer tables next to the old ones (whose
    constraint names must step aside) and 0006 widens the packed columns to bigint."""
    location = server.new(tmp_path, "old")
    engine = create_engine(location.url)
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        for sql in (
            "INSERT INTO profile (id, name, created_at, last_used_at, named_by_user) VALUES (1, 'Ana', '2025-01-01 10:00:00', '2025-01-02 10:00:00', true)",  # noqa: E501
            "INSERT INTO question_set (id, slug, name, imported_at, enabled) VALUES (1, 'mine', 'Mine', '2025-01-01 10:00:00', true)",  # noqa: E501
            "INSERT INTO question (id, set_id, ext_id, domain, subdomain, topic, stem, text_format, kind, rationale, citations, tags, content_hash, retired, updated_at) VALUES (1, 1, 'v-1', 'Clinical Patient Care', 'Phlebotomy', 'Venipuncture', 'Stem?', 'plain', 'single', 'Why.', '[]', '[]', 'abc', false, '2025-01-01 10:00:00')",  # noqa: E501
            "INSERT INTO attempt (id, profile_id, mode, seed, started_at, submitted_at, elapsed_seconds, strict, accommodation, current_index, settings, score) VALUES ('a1', 1, 'practice', 1, '2025-01-01 10:00:00', '2025-01-01 10:05:00', 0, false, 1, 0, '{\"sets\": [\"mine\"]}', 1.0)",  # noqa: E501
            "INSERT INTO attempt_item (id, attempt_id, position, question_id, display_order, chosen, flagged, guessed, seconds_spent, correct, scored, answered_at) VALUES (1, 'a1', 0, 1, '[7, 6, 5, 4, 3, 2, 1, 0]', '[7]', false, false, 4.5, true, true, '2025-01-01 10:01:00')",  # noqa: E501
        ):
            connection.execute(text(sql))
    engine.dispose()
    db = open_database(tmp_path, FakeClock().now(), location)
    try:
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == migrate.HEAD
            uuid, settings = connection.execute(text("SELECT uuid, settings FROM attempt")).one()
            assert uuid == "a1" and settings == {"sets": ["mine"]}
            order, chosen, ms, at = connection.execute(
                text("SELECT display_order, chosen, spent_ms, answered_at FROM attempt_item")).one()
            assert unpack_order(order) == [7, 6, 5, 4, 3, 2, 1, 0] and chosen == 1 << 7 and ms == 4500
            assert at == int(datetime(2025, 1, 1, 10, 1, tzinfo=UTC).timestamp())
            assert connection.execute(text("SELECT answered, correct FROM tally_question")).one() == (1, 1)
    finally:
        db.dispose()
        server.release(location)


def test_several_apps_opening_an_empty_database_at_once_migrate_it_once(server: Backend, tmp_path: Path) -> None:
    """A lab starting at once: the migration runs under an advisory lock, once. (A new SQLite
    file is one student's on one computer: no race to run.)"""
    location = server.new(tmp_path / "d", "race")
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def open_it() -> None:
        try:
            start.wait()
            open_database(tmp_path / "d", FakeClock().now(), location).dispose()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        assert not errors, errors
        db = open_database(tmp_path / "d", FakeClock().now(), location)
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == migrate.HEAD
        db.dispose()
    finally:
        server.release(location)


def test_a_server_database_has_no_file_guard_and_no_backups(server: Backend, tmp_path: Path) -> None:
    """Issue #18's file checks and backups are SQLite's; a server's are its administrator's."""
    location = server.new(tmp_path / "d", "noguard")
    db = open_database(tmp_path / "d", FakeClock().now(), location)
    try:
        assert db.is_server and db.path is None and db.guard is None
        with db.engine.begin() as connection:  # writes go straight to the server: no PRAGMA quick_check
            connection.execute(text("UPDATE app_meta SET value = value WHERE false"))
        assert not (tmp_path / "d" / "backups").exists()
    finally:
        db.dispose()
        server.release(location)


def test_db_check_on_a_server_says_whose_job_its_storage_is(server: Backend, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    location = server.new(tmp_path / "d", "dbcheck")
    url = location.url.render_as_string(hide_password=False)
    try:
        assert main(["--data-dir", str(tmp_path / "d"), "--database", url, "db", "check"]) == 0
        out, err = capsys.readouterr()
        assert "empty database" in out + err and "pg_amcheck and pg_dump" in out + err
        assert main(["--data-dir", str(tmp_path / "d"), "--database", url, "db", "check", "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {"ok": True, "problems": []}
        open_database(tmp_path / "d", FakeClock().now(), location).dispose()
        assert main(["--data-dir", str(tmp_path / "d"), "--database", url, "db", "check"]) == 0
        out, err = capsys.readouterr()
        assert "answers and holds a quizapp database (up to date)" in out + err
        assert "PRAGMA" not in out + err and "Traceback" not in out + err
    finally:
        server.release(location)
    unreachable = "postgresql://nobody@127.0.0.1:9/nothing"
    assert main(["--data-dir", str(tmp_path / "d"), "--database", unreachable, "db", "check", "--json"]) == 1
    out, _ = capsys.readouterr()
    assert "cannot reach the database server" in json.loads(out)["error"]["message"]
