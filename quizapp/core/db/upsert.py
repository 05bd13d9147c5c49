"""`INSERT … ON CONFLICT DO UPDATE` for the database a session is bound to.

Summaries and review cards are added to in place by the database itself, so two writers (two
windows, or a lab's shared server) can never lose each other's update the way a read, add and
write in Python could. SQLite and PostgreSQL spell it the same; SQLAlchemy has one `insert`
per dialect, chosen here from the session's bind.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Table


def dialect_insert(session: Session, table: Table) -> Any:
    """The dialect's `insert(table)`, which has `on_conflict_do_update` and `.excluded`."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"quizapp stores data in SQLite or PostgreSQL, not {name}")
