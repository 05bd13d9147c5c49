"""Suite-wide set-up: offscreen Qt before anything imports it, a private data dir per test, and
the database every core test runs on: SQLite, and a throw-away PostgreSQL server.

The `backend` fixture is parametrised per test: tests in ON_BOTH (the answer path, statistics,
exams, imports, history, review, practice, bank installs, classes, question search and the
server itself) that use a database (through `data_dir`, `migrated_template` or `backend`) run
once on each, unless marked `sqlite_only` (a test of the file itself: bytes, pragmas, backups,
FTS5's own tables). Everything else —
exports and packs (the same queries, exercised through files), the CLI and the GUI — runs on
SQLite, which keeps CI within its time. Without PostgreSQL installed the server's runs are
skipped, except in CI, where QUIZAPP_REQUIRE_POSTGRES makes that a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QUIZAPP_DATA_DIR", None)
os.environ.pop("QUIZAPP_DATABASE_URL", None)

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.db.engine import open_database
from quizapp.core.db.location import ENV_VAR as DATABASE_ENV
from quizapp.core.db.location import DatabaseLocation
from tests.helpers.databases import Backend, PostgresBackend, SqliteBackend
from tests.helpers.postgres import REQUIRE_ENV, TestServer, start_server

CORE = Path(__file__).resolve().parent / "core"
ON_BOTH = tuple(CORE / name for name in (
    "answers", "stats", "exam", "test_imports.py", "profiles", "review", "practice", "bank", "classes", "db",
    "habits/test_search.py"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    path = Path(str(metafunc.definition.path))
    both = (any(path.is_relative_to(place) for place in ON_BOTH)
            and metafunc.definition.get_closest_marker("sqlite_only") is None)
    metafunc.parametrize("backend", ["sqlite", "postgresql"] if both else ["sqlite"], indirect=True,
                         scope="session")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TestServer]:
    try:
        server = start_server()
    except RuntimeError as exc:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"no PostgreSQL server for the tests: {exc}")
        pytest.skip(f"no PostgreSQL server for the tests: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """The database under test (see the module's docstring)."""
    name = getattr(request, "param", "sqlite")
    if name == "sqlite":
        yield SqliteBackend()
        return
    server = request.getfixturevalue("pg_server")
    pg = PostgresBackend(server)
    yield pg
    pg.dispose()


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the real user's data or settings."""
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory, backend: Backend) -> DatabaseLocation:
    """An empty database migrated to head once per run; tests copy it (Anki's trick)."""
    folder = tmp_path_factory.mktemp("template")
    location = backend.new(folder, "template")
    db = open_database(folder, FakeClock().now(), location)
    db.dispose()
    return location


@pytest.fixture
def database(tmp_path: Path, backend: Backend, migrated_template: DatabaseLocation,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[DatabaseLocation]:
    """This test's own migrated database, also named by QUIZAPP_DATABASE_URL when on a server."""
    location = backend.clone(migrated_template, tmp_path / "data")
    if location.is_server:
        monkeypatch.setenv(DATABASE_ENV, location.url.render_as_string(hide_password=False))
    yield location
    backend.release(location)


@pytest.fixture
def data_dir(tmp_path: Path, database: DatabaseLocation) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    yield folder
