"""Students sharing one computer. A default profile always exists; the last used one is current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.clock import Clock
from quizapp.core.db.models import Profile

DEFAULT_NAME = "Default"


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

    def all(self) -> list[ProfileInfo]:
        with self._sessions() as session:
            return [_info(r) for r in session.scalars(select(Profile).order_by(Profile.name))]
