"""Classes on a shared database, and the instructor's one passphrase (DESIGN.md).

A class has a name, a creation time and its students (profiles); it shares the database's sets
and blueprints. The instructor's views (class results, item analysis, reports) need the
database's instructor passphrase, stored only as a scrypt hash: the first class created sets it,
every later instructor action must match it.

Who this keeps out: students, from each other's profiles (PINs, quizapp.core.profiles) and from
the instructor's views. Not someone who connects to the server with the lab's credentials
directly; README says how a school that needs that gives each student a server role.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import AppMeta, Profile, SchoolClass
from quizapp.core.errors import UserError
from quizapp.core.secrets import hash_secret, verify_secret

PASSPHRASE_KEY = "instructor_passphrase"
MIN_PASSPHRASE = 8
MAX_CLASS_NAME = 60


class InstructorRefused(UserError):
    """No passphrase, or the wrong one, for an instructor's view or command."""


@dataclass(frozen=True)
class ClassInfo:
    id: int
    name: str
    created_at: datetime
    students: int


def clean_class_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError("a class needs a name")
    if len(cleaned) > MAX_CLASS_NAME:
        raise UserError(f"a class name has at most {MAX_CLASS_NAME} characters")
    return cleaned


def passphrase_is_set(session: Session) -> bool:
    return session.get(AppMeta, PASSPHRASE_KEY) is not None


# (stored hash, a salted digest of the passphrase) once scrypt has accepted it in this process:
# an instructor's page asks again at every refresh, and scrypt's cost is for guessers, not for
# the instructor already let in. A changed stored hash misses the cache.
_SALT = os.urandom(16)
_accepted: set[tuple[str, bytes]] = set()


def _digest(passphrase: str) -> bytes:
    return hmac.new(_SALT, passphrase.encode("utf-8"), hashlib.sha256).digest()


def check_instructor(session: Session, passphrase: str | None) -> None:
    """Raises InstructorRefused unless `passphrase` is the database's instructor passphrase."""
    row = session.get(AppMeta, PASSPHRASE_KEY)
    if row is None:
        raise InstructorRefused("no instructor passphrase is set for this database yet; creating the first class "
                                "sets it (quizapp class create NAME)")
    if not passphrase:
        raise InstructorRefused("this needs the instructor passphrase (--passphrase-file F or "
                                "QUIZAPP_INSTRUCTOR_PASSPHRASE)")
    key = (row.value, _digest(passphrase))
    if key in _accepted:
        return
    if not verify_secret(passphrase, row.value):
        raise InstructorRefused("that is not this database's instructor passphrase")
    _accepted.add(key)


def find_class(session: Session, name: str) -> SchoolClass:
    """A class by name (spacing and case forgiven). Raises UserError naming the classes there are."""
    wanted = " ".join(name.split()).casefold()
    rows = list(session.scalars(select(SchoolClass).order_by(SchoolClass.name)))
    for row in rows:
        if row.name.casefold() == wanted:
            return row
    known = ", ".join(r.name for r in rows) or "none yet"
    raise UserError(f"no class is called {name!r} (classes: {known})")


class ClassService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def has_passphrase(self) -> bool:
        with self._sessions() as session:
            return passphrase_is_set(session)

    def verify(self, passphrase: str | None) -> None:
        """Raises InstructorRefused unless the passphrase is right."""
        with self._sessions() as session:
            check_instructor(session, passphrase)

    def create(self, name: str, passphrase: str) -> tuple[ClassInfo, Changes]:
        """A new class. The database's first class sets the instructor passphrase (at least 8
        characters); later ones must give it."""
        cleaned = clean_class_name(name)
        with self._sessions.begin() as session:
            if passphrase_is_set(session):
                check_instructor(session, passphrase)
            else:
                if len(passphrase) < MIN_PASSPHRASE:
                    raise InstructorRefused(f"an instructor passphrase has at least {MIN_PASSPHRASE} characters")
                session.add(AppMeta(key=PASSPHRASE_KEY, value=hash_secret(passphrase)))
            for other in session.scalars(select(SchoolClass.name)):
                if other.casefold() == cleaned.casefold():
                    raise UserError(f"a class is already called {other!r}")
            row = SchoolClass(name=cleaned, created_at=self._clock.now())
            session.add(row)
            session.flush()
            return ClassInfo(row.id, row.name, row.created_at, 0), Changes(profiles=True)

    def all(self) -> list[ClassInfo]:
        """Every class with its number of students, by name. Names are not secret: a student
        picks their class from this list."""
        with self._sessions() as session:
            counts = {class_id: n for class_id, n in session.execute(
                select(Profile.class_id, func.count(Profile.id)).where(Profile.class_id.is_not(None))
                .group_by(Profile.class_id))}
            return [ClassInfo(r.id, r.name, r.created_at, int(counts.get(r.id, 0)))
                    for r in session.scalars(select(SchoolClass).order_by(SchoolClass.name))]

    def find(self, name: str) -> ClassInfo:
        with self._sessions() as session:
            row = find_class(session, name)
            students = session.scalar(select(func.count(Profile.id)).where(Profile.class_id == row.id)) or 0
            return ClassInfo(row.id, row.name, row.created_at, students)
