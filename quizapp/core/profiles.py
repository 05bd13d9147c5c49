"""Students sharing one computer. A default profile always exists; the last used one is current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Profile
from quizapp.core.errors import UserError

DEFAULT_NAME = "Default"
MAX_NAME = 40


def clean_name(name: str) -> str:
    """A profile name as stored: trimmed, inner white space folded; errors say what to fix."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError("a name cannot be empty")
    if len(cleaned) > MAX_NAME:
        raise UserError(f"a name has at most {MAX_NAME} characters")
    return cleaned


@dataclass(frozen=True)
class ProfileInfo:
    id: int
    name: str
    named_by_user: bool


def _info(row: Profile) -> ProfileInfo:
    return ProfileInfo(row.id, row.name, row.named_by_user)


def ensure_default(session: Session, now: datetime) -> Profile:
    row = session.scalar(select(Profile).order_by(Profile.last_used_at.desc(), Profile.id).limit(1))
    if row is None:
        row = Profile(name=DEFAULT_NAME, created_at=now, last_used_at=now, named_by_user=False)
        session.add(row)
        session.flush()
    return row


class ProfileService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def current(self) -> ProfileInfo:
        with self._sessions.begin() as session:
            return _info(ensure_default(session, self._clock.now()))

    def by_name(self, name: str) -> ProfileInfo | None:
        with self._sessions() as session:
            row = session.scalar(select(Profile).where(Profile.name == name))
            return None if row is None else _info(row)

    def rename(self, profile_id: int, name: str) -> tuple[ProfileInfo, Changes]:
        cleaned = clean_name(name)
        with self._sessions.begin() as session:
            clash = session.scalar(select(Profile).where(Profile.name == cleaned, Profile.id != profile_id))
            if clash is not None:
                raise UserError(f"another profile is already called {cleaned!r}")
            row = session.get(Profile, profile_id)
            if row is None:
                raise UserError("that profile no longer exists")
            row.name = cleaned
            row.named_by_user = True
            return _info(row), Changes(profiles=True)

    def all(self) -> list[ProfileInfo]:
        with self._sessions() as session:
            return [_info(r) for r in session.scalars(select(Profile).order_by(Profile.name))]
