"""Where the database is (contract, DESIGN.md "Database location").

By default one SQLite file in the data dir. `--database URL` or `QUIZAPP_DATABASE_URL` names
another: a SQLite file (`sqlite:///path`) or a PostgreSQL server (`postgresql://user:pass@host:
port/dbname`), which is reached with psycopg 3 (the scheme is rewritten to `postgresql+psycopg`).
The data dir keeps the local settings either way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from quizapp.core.errors import UserError

ENV_VAR = "QUIZAPP_DATABASE_URL"
DB_NAME = "quizapp.sqlite"
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class BadDatabaseUrl(UserError):
    """A database URL quizapp cannot use: a usage error on the command line (exit 2)."""


@dataclass(frozen=True)
class DatabaseLocation:
    """A database to open: its SQLAlchemy URL, and the file when it is SQLite."""

    url: URL
    sqlite_path: Path | None

    @property
    def is_server(self) -> bool:
        return self.sqlite_path is None

    def describe(self) -> str:
        """What a message names the database by: the file, or the server without its password."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)


def sqlite_location(data_dir: Path) -> DatabaseLocation:
    path = data_dir / DB_NAME
    return DatabaseLocation(URL.create("sqlite", database=str(path)), path)


def parse_database_url(text: str) -> DatabaseLocation:
    """A URL as a user gives it. Raises BadDatabaseUrl, naming what is accepted."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        raise BadDatabaseUrl(f"{text!r} is not a database URL; use postgresql://user:password@host:port/database "
                             "or sqlite:///path/to/file.sqlite") from None
    if url.drivername == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BadDatabaseUrl("a sqlite:/// URL names a file, e.g. sqlite:////home/me/quizapp.sqlite")
        path = Path(url.database).expanduser()
        return DatabaseLocation(URL.create("sqlite", database=str(path)), path)
    if url.drivername in _POSTGRES_SCHEMES:
        if not url.database:
            raise BadDatabaseUrl("a postgresql:// URL names its database: postgresql://user:password@host:port/database")
        return DatabaseLocation(url.set(drivername="postgresql+psycopg"), None)
    raise BadDatabaseUrl(f"quizapp stores its data in SQLite or PostgreSQL, not {url.drivername!r}; "
                         "use postgresql://user:password@host:port/database")


def resolve_database(data_dir: Path, explicit: str | None = None) -> DatabaseLocation:
    """`--database URL`, else QUIZAPP_DATABASE_URL, else the SQLite file in the data dir."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        return parse_database_url(chosen)
    return sqlite_location(data_dir)
