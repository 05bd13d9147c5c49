"""Students sharing one computer. A default profile always exists; the last used one is current.

Every answer, attempt, review card and report belongs to one profile; resetting or deleting a
profile removes all of them in one transaction, and a history file carries them to another
computer (quizapp.core.history). On a class's database a profile belongs to a class (names are
unique within it) and may be protected by a PIN, stored as a scrypt hash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import (
    Attempt,
    AttemptItem,
    Profile,
    ProfileSource,
    QuestionReport,
    ReviewCard,
    SchoolClass,
)
from quizapp.core.errors import UserError
from quizapp.core.marks import forget_marks
from quizapp.core.secrets import hash_secret, verify_secret
from quizapp.core.tallies import forget_profile

HISTORY_CHANGED = Changes(answers=True, attempts=True, review=True, reports=True, marks=True)

DEFAULT_NAME = "Default"
MAX_NAME = 40
PIN_LENGTHS = (4, 12)


class PinRefused(UserError):
    """A profile's PIN was needed and not given, or was wrong."""


class AmbiguousProfile(UserError):
    """A name that several classes use, given without a class: a usage error on the command line."""


def clean_pin(pin: str) -> str:
    cleaned = pin.strip()
    low, high = PIN_LENGTHS
    if not cleaned.isdigit() or not low <= len(cleaned) <= high:
        raise UserError(f"a PIN is {low} to {high} digits")
    return cleaned

if TYPE_CHECKING:
    from quizapp.core import history
    from quizapp.core.last_profile import LastProfile


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
    class_id: int | None = None
    has_pin: bool = False


def _info(row: Profile) -> ProfileInfo:
    return ProfileInfo(row.id, row.name, row.named_by_user, row.class_id, row.pin_hash is not None)


def ensure_default(session: Session, now: datetime) -> Profile:
    row = session.scalar(select(Profile).order_by(Profile.last_used_at.desc(), Profile.id).limit(1))
    if row is None:
        row = Profile(name=DEFAULT_NAME, created_at=now, last_used_at=now, named_by_user=False)
        session.add(row)
        session.flush()
    return row


def _clash(session: Session, name: str, except_id: int | None = None, class_id: int | None = None) -> None:
    """Names are unique within a class regardless of case, so "maya" and "Maya" are never two
    students of one class (another class may have its own Maya)."""
    same_class = Profile.class_id.is_(None) if class_id is None else Profile.class_id == class_id
    for row_id, other in session.execute(select(Profile.id, Profile.name).where(same_class)):
        if row_id != except_id and other.casefold() == name.casefold():
            raise UserError(f"another profile is already called {other!r}")


def _existing(session: Session, profile_id: int) -> Profile:
    row = session.get(Profile, profile_id)
    if row is None:
        raise UserError("that profile no longer exists")
    return row


def _mark_used(session: Session, row: Profile, now: datetime) -> None:
    """Makes `row` the newest-used profile even if the clock has gone back since another was."""
    newest = session.scalar(select(func.max(Profile.last_used_at)).where(Profile.id != row.id))
    row.last_used_at = now if newest is None or now > newest else newest + timedelta(microseconds=1)


def clear_history(session: Session, profile_id: int) -> None:
    """Deletes a profile's attempts and their items, tallies, review cards, reports, bookmarks and
    notes. Does not commit."""
    attempts = select(Attempt.id).where(Attempt.profile_id == profile_id)
    for statement in (
        delete(AttemptItem).where(AttemptItem.attempt_id.in_(attempts)),
        delete(Attempt).where(Attempt.profile_id == profile_id),
        delete(ReviewCard).where(ReviewCard.profile_id == profile_id),
        delete(QuestionReport).where(QuestionReport.profile_id == profile_id),
    ):
        session.execute(statement.execution_options(synchronize_session=False))
    forget_profile(session, profile_id)
    forget_marks(session, profile_id)


class ProfileService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock, remember: LastProfile | None = None) -> None:
        """`remember`: on a shared server, this computer's own memory of its last profile."""
        self._sessions = sessions
        self._clock = clock
        self._remember = remember

    def current(self) -> ProfileInfo:
        """The last-used profile: the database's on a computer of one's own; on a server this
        computer's (quizapp.core.last_profile), else the database's profile called Default
        outside any class, made if need be — never whoever used another lab computer last."""
        with self._sessions.begin() as session:
            if self._remember is None:
                return _info(ensure_default(session, self._clock.now()))
            remembered = self._remember.get()
            row = None if remembered is None else session.get(Profile, remembered)
            if row is None:
                row = session.scalar(select(Profile).where(Profile.class_id.is_(None), Profile.name == DEFAULT_NAME))
            if row is None:
                now = self._clock.now()
                row = Profile(name=DEFAULT_NAME, created_at=now, last_used_at=now, named_by_user=False)
                session.add(row)
                session.flush()
            return _info(row)

    def _remember_used(self, profile_id: int) -> None:
        if self._remember is not None:
            self._remember.set(profile_id)

    def by_name(self, name: str) -> ProfileInfo | None:
        with self._sessions() as session:
            row = session.scalar(select(Profile).where(Profile.name == name))
            return None if row is None else _info(row)

    def find(self, name: str, class_name: str | None = None) -> ProfileInfo | None:
        """A profile by name as a user types it: spacing and case forgiven; within `class_name`
        when given (an unknown class raises UserError). A name several classes use, without a
        class, raises AmbiguousProfile."""
        from quizapp.core.classes import find_class

        wanted = " ".join(name.split())
        with self._sessions() as session:
            query = select(Profile).order_by(Profile.id)
            if class_name is not None:
                query = query.where(Profile.class_id == find_class(session, class_name).id)
            rows = list(session.scalars(query))
            classes = {i: n for i, n in session.execute(select(SchoolClass.id, SchoolClass.name))}
        exact = [r for r in rows if r.name == wanted]
        for match in (exact, [r for r in rows if r.name.casefold() == wanted.casefold()]):
            if len(match) > 1:
                where = ", ".join(classes.get(r.class_id, "no class") if r.class_id else "no class" for r in match)
                raise AmbiguousProfile(f"several classes have a profile called {wanted!r} ({where}); "
                                       "name the class with --class")
            if match:
                return _info(match[0])
        return None

    def class_name(self, profile: ProfileInfo) -> str | None:
        if profile.class_id is None:
            return None
        with self._sessions() as session:
            row = session.get(SchoolClass, profile.class_id)
            return None if row is None else row.name

    def check_pin(self, profile_id: int, pin: str | None) -> None:
        """Raises PinRefused unless the profile has no PIN or `pin` is its PIN."""
        with self._sessions() as session:
            row = _existing(session, profile_id)
            stored = row.pin_hash
        if stored is None:
            return
        if not pin:
            raise PinRefused(f"the profile {row.name!r} is protected by a PIN")
        if not verify_secret(pin.strip(), stored):
            raise PinRefused("that is not this profile's PIN")

    def set_pin(self, profile_id: int, pin: str | None, current: str | None = None) -> tuple[ProfileInfo, Changes]:
        """Sets, changes or (with `pin` None) removes a profile's PIN; a profile that has one
        needs it given as `current` first."""
        self.check_pin(profile_id, current)
        stored = None if pin is None else hash_secret(clean_pin(pin))
        with self._sessions.begin() as session:
            row = _existing(session, profile_id)
            row.pin_hash = stored
            return _info(row), Changes(profiles=True)

    def add(self, name: str, *, switch: bool = False, class_id: int | None = None,
            pin: str | None = None) -> tuple[ProfileInfo, Changes]:
        """A new profile, made current only with `switch`, in a class when given. Names: not
        empty, at most 40 characters, unique within the class regardless of case."""
        cleaned = clean_name(name)
        pin_hash = None if pin is None else hash_secret(clean_pin(pin))
        now = self._clock.now()
        with self._sessions.begin() as session:
            ensure_default(session, now)  # the first start's profile stays the current one
            if class_id is not None and session.get(SchoolClass, class_id) is None:
                raise UserError("that class no longer exists")
            _clash(session, cleaned, class_id=class_id)
            oldest = session.scalar(select(func.min(Profile.last_used_at)))
            # Older than every other profile, so adding alone does not change the current one.
            used = now if oldest is None or now < oldest else oldest - timedelta(microseconds=1)
            row = Profile(name=cleaned, created_at=now, last_used_at=used, named_by_user=True, class_id=class_id,
                          pin_hash=pin_hash)
            session.add(row)
            session.flush()
            if switch:
                _mark_used(session, row, now)
            info = _info(row)
        if switch:
            self._remember_used(info.id)
        return info, Changes(profiles=True)

    def switch(self, profile_id: int, pin: str | None = None) -> tuple[ProfileInfo, Changes]:
        """Makes a profile the current one (the last used); a profile with a PIN needs it."""
        self.check_pin(profile_id, pin)
        with self._sessions.begin() as session:
            row = _existing(session, profile_id)
            _mark_used(session, row, self._clock.now())
            info = _info(row)
        self._remember_used(info.id)
        return info, Changes(profiles=True)

    def reset_history(self, profile_id: int) -> Changes:
        """Forgets everything a profile did, in one transaction; the GUI confirms first."""
        with self._sessions.begin() as session:
            _existing(session, profile_id)
            clear_history(session, profile_id)
        return HISTORY_CHANGED

    def delete(self, profile_id: int) -> Changes:
        """Removes a profile and its history; the last remaining profile cannot be deleted."""
        with self._sessions.begin() as session:
            row = _existing(session, profile_id)
            if (session.scalar(select(func.count(Profile.id))) or 0) <= 1:
                raise UserError("the only profile cannot be deleted; reset its history instead")
            clear_history(session, profile_id)
            session.execute(delete(ProfileSource).where(ProfileSource.profile_id == profile_id))
            session.delete(row)
        return HISTORY_CHANGED | Changes(profiles=True)

    def export_history(self, profile_id: int, path: Path) -> history.HistoryExport:
        """Writes a profile's history to `path` atomically. Changes nothing in the database."""
        from quizapp.core import history  # loaded when a history file is first used, not at start-up

        with self._sessions() as session:
            _existing(session, profile_id)
            document = history.history_document(session, profile_id, self._clock.now())
        history.write_json_atomic(path, document)
        attempts = document["attempts"]
        answers = sum(1 for a in attempts for i in a["items"] if i["chosen"])
        return history.HistoryExport(path, len(attempts), answers, len(document["review_cards"]))

    def read_history(self, path: Path) -> history.HistoryFile:
        """A history file read and checked in full (the slow part of an import); UserError if it
        is damaged, too large, from a newer quizapp, or not a regular file."""
        from quizapp.core import history

        return history.read_history(Path(path), self._clock.now())

    def merge_history(self, profile_id: int, parsed: history.HistoryFile, *, into_other_profile: bool = False,
                      progress: Callable[[int, int], None] | None = None) -> tuple[history.HistoryImport, Changes]:
        """Merges a checked history file into a profile in one transaction (see
        quizapp.core.history.merge). Raises OtherProfile, before writing anything, when the file
        is another profile's and `into_other_profile` is not given."""
        from quizapp.core import history

        with self._sessions.begin() as session:
            _existing(session, profile_id)
            report = history.merge_history(session, profile_id, parsed, self._clock.now(),
                                           into_other_profile=into_other_profile, progress=progress)
        changes = Changes(answers=True, attempts=True, review=True, marks=True) if report.changed else Changes()
        return report, changes

    def import_history(self, profile_id: int, path: Path, *, into_other_profile: bool = False,
                       progress: Callable[[int, int], None] | None = None) -> tuple[history.HistoryImport, Changes]:
        """Reads and merges a history file by session id: importing twice adds nothing. A
        damaged, newer or other profile's file raises UserError before anything is written."""
        parsed = self.read_history(path)
        return self.merge_history(profile_id, parsed, into_other_profile=into_other_profile, progress=progress)

    def rename(self, profile_id: int, name: str) -> tuple[ProfileInfo, Changes]:
        cleaned = clean_name(name)
        with self._sessions.begin() as session:
            row = _existing(session, profile_id)
            _clash(session, cleaned, profile_id, row.class_id)
            row.name = cleaned
            row.named_by_user = True
            return _info(row), Changes(profiles=True)

    def all(self) -> list[ProfileInfo]:
        with self._sessions() as session:
            return [_info(r) for r in session.scalars(select(Profile).order_by(Profile.name))]
