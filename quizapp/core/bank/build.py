"""`bank build`: the bank compiled to a standalone SQLite file, and installed into a user database.

Compiling is installing into an empty database, so the two can never disagree.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from quizapp.core.bank.builtin_sets import BUILTIN_SETS
from quizapp.core.bank.digest import set_installed_hash
from quizapp.core.bank.install import (
    InstallReport,
    builtin_set,
    install_blueprints,
    install_notes,
    install_questions,
    install_sources,
)
from quizapp.core.bank.load import Bank
from quizapp.core.db.models import Base
from quizapp.core.search.index import create_search_tables


def install_bank(session: Session, bank: Bank, now: datetime) -> InstallReport:
    """Installs or upgrades both built-in sets, their notes, blueprints and source titles in the
    caller's transaction; the report covers both sets (ids are `set/id` when not the first)."""
    report = InstallReport()
    for spec in BUILTIN_SETS:
        qset = builtin_set(session, spec, now)
        part = install_questions(
            session, qset, ((q.data, q.retired) for q in bank.questions_of(spec.slug)), now, retire_missing=True
        )
        report.merge(part, "" if spec is BUILTIN_SETS[0] else f"{spec.slug}/")
        qset.content_hash = bank.content_hash
    install_notes(session, bank.notes)
    install_blueprints(session, bank.blueprints)
    install_sources(session, bank.sources)
    set_installed_hash(session, bank.content_hash)
    return report


def compile_bank(bank: Bank, out: Path, now: datetime) -> InstallReport:
    """Writes the bank to `out` atomically: a temporary file, then a rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".bank-", suffix=".sqlite", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        engine = create_engine(f"sqlite:///{tmp}")
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            create_search_tables(connection)  # what migration 0007 makes beside the models' tables
        with Session(engine) as session, session.begin():
            report = install_bank(session, bank, now)
        engine.dispose()
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return report
