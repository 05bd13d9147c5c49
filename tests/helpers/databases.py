"""The two databases the core suite runs on, behind one interface: a template built once per
run and copied for each test (Anki's trick) — a file copy on SQLite, `CREATE DATABASE …
TEMPLATE …` on the throw-away PostgreSQL server.

A location is what `AppContext.open(..., database=location)` takes; the `data_dir` fixture also
sets QUIZAPP_DATABASE_URL to it, so code that opens the data dir alone reaches the same database.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path
from typing import Protocol

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from quizapp.core.context import AppContext
from quizapp.core.db.location import DB_NAME, DatabaseLocation, parse_database_url, sqlite_location
from tests.helpers.postgres import TestServer


def cli_args(ctx: AppContext) -> list[str]:
    """The global options that point `quizapp` at the same data dir and database as `ctx`."""
    url = ctx.db.location.url.render_as_string(hide_password=False)
    return ["--data-dir", str(ctx.data_dir), "--database", url]


class Backend(Protocol):
    name: str

    def new(self, folder: Path, label: str) -> DatabaseLocation:
        """An empty database (not yet migrated) for a template or a test."""

    def clone(self, template: DatabaseLocation, folder: Path) -> DatabaseLocation:
        """A copy of `template`, which nothing may hold open while it is copied."""

    def release(self, location: DatabaseLocation) -> None:
        """Drops a test's database (a copy of a file is left to tmp_path)."""


class SqliteBackend:
    name = "sqlite"

    def new(self, folder: Path, label: str) -> DatabaseLocation:
        folder.mkdir(parents=True, exist_ok=True)
        return sqlite_location(folder)

    def clone(self, template: DatabaseLocation, folder: Path) -> DatabaseLocation:
        assert template.sqlite_path is not None
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template.sqlite_path, folder / DB_NAME)
        return sqlite_location(folder)

    def release(self, location: DatabaseLocation) -> None:
        pass


class PostgresBackend:
    name = "postgresql"
    _numbers = itertools.count(1)

    def __init__(self, server: TestServer) -> None:
        self.server = server
        self._admin = create_engine(server.url("postgres").replace("postgresql://", "postgresql+psycopg://"),
                                    isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def _name(self, label: str) -> str:
        safe = "".join(c if c.isalnum() else "_" for c in label.lower())[:30]
        return f"q{os.getpid()}_{next(self._numbers)}_{safe}"

    def new(self, folder: Path, label: str) -> DatabaseLocation:
        folder.mkdir(parents=True, exist_ok=True)
        name = self._name(label)
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return parse_database_url(self.server.url(name))

    def clone(self, template: DatabaseLocation, folder: Path) -> DatabaseLocation:
        folder.mkdir(parents=True, exist_ok=True)
        name = self._name("copy")
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.url.database}" '
                                    "STRATEGY = FILE_COPY"))
        return parse_database_url(self.server.url(name))

    def release(self, location: DatabaseLocation) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{location.url.database}" WITH (FORCE)'))

    def dispose(self) -> None:
        self._admin.dispose()
