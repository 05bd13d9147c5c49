"""`INSERT … ON CONFLICT DO UPDATE` for the database a session is bound to.

Summaries and review cards are added to in place by the database itself, so two writers (two
windows, or a lab's shared server) can never lose each other's update the way a read, add and
write in Python could. SQLite and PostgreSQL spell it the same; SQLAlchemy has one `insert`
per dialect, chosen here from the session's bind.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import FromClause


def dialect_insert(session: Session, table: FromClause) -> Any:
    """The dialect's `insert(table)`, which has `on_conflict_do_update` and `.excluded`.

    Each dialect's module is imported when first used: a desktop start-up on SQLite never pays
    for the PostgreSQL one.
    """
    target: Any = table  # a mapped class's Table, which the dialect inserts accept
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(target)
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(target)
    raise NotImplementedError(f"quizapp stores data in SQLite or PostgreSQL, not {name}")
