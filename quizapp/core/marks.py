"""What a student keeps on a question: a bookmark and a note of their own ("My note").

Both belong to a profile, are committed the moment they are made, and travel in the profile's
history file (quizapp.core.history). An emptied note is deleted rather than kept blank, so "has
a note" always means there is something to read. The note's words are searchable: on SQLite,
triggers copy them into the full-text index as they are written (quizapp.core.search.index).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Bookmark, Question, QuestionNote
from quizapp.core.db.upsert import dialect_insert
from quizapp.core.errors import UserError

MAX_NOTE = 4000  # characters: room for a paragraph or a mnemonic, not a second study note
CHANGED = Changes(marks=True)


@dataclass(frozen=True)
class Marks:
    question_id: int
    bookmarked: bool = False
    note: str = ""  # "" when the student has none


@dataclass(frozen=True)
class MarkCounts:
    bookmarks: int
    notes: int


def clean_note(text: str) -> str:
    """A note as stored: trailing white space trimmed (leading indentation and inner lines
    kept as typed); UserError when too long."""
    cleaned = text.strip()
    if len(cleaned) > MAX_NOTE:
        raise UserError(f"a note has at most {MAX_NOTE} characters (this one has {len(cleaned)})")
    return cleaned


def marks_of(session: Session, profile_id: int, question_ids: Collection[int]) -> dict[int, Marks]:
    """Marks for each of `question_ids` (an unmarked question gets empty Marks)."""
    ids = list(set(question_ids))
    found = {qid: Marks(qid) for qid in ids}
    if not ids:
        return found
    marked = set(session.scalars(select(Bookmark.question_id)
                                 .where(Bookmark.profile_id == profile_id, Bookmark.question_id.in_(ids))))
    notes: dict[int, str] = {qid: text for qid, text in session.execute(
        select(QuestionNote.question_id, QuestionNote.text)
        .where(QuestionNote.profile_id == profile_id, QuestionNote.question_id.in_(ids)))}
    return {qid: Marks(qid, qid in marked, notes.get(qid, "")) for qid in ids}


def forget_marks(session: Session, profile_id: int) -> None:
    """Removes a profile's bookmarks and notes (its history is being reset or deleted)."""
    for model in (Bookmark, QuestionNote):
        session.execute(delete(model).where(model.profile_id == profile_id)
                        .execution_options(synchronize_session=False))


def _existing_question(session: Session, question_id: int) -> None:
    if session.get(Question, question_id) is None:
        raise UserError("that question no longer exists")


class MarksService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def of(self, profile_id: int, question_ids: Collection[int]) -> dict[int, Marks]:
        with self._sessions() as session:
            return marks_of(session, profile_id, question_ids)

    def get(self, profile_id: int, question_id: int) -> Marks:
        return self.of(profile_id, [question_id])[question_id]

    def set_bookmark(self, profile_id: int, question_id: int, on: bool) -> tuple[Marks, Changes]:
        """Bookmarks a question or removes its bookmark; doing it twice changes nothing more."""
        with self._sessions.begin() as session:
            _existing_question(session, question_id)
            if on:
                session.execute(dialect_insert(session, Bookmark.__table__)
                                .values(profile_id=profile_id, question_id=question_id, created_at=self._clock.now())
                                .on_conflict_do_nothing())
            else:
                session.execute(delete(Bookmark).where(Bookmark.profile_id == profile_id,
                                                       Bookmark.question_id == question_id))
            return marks_of(session, profile_id, [question_id])[question_id], CHANGED

    def toggle_bookmark(self, profile_id: int, question_id: int) -> tuple[Marks, Changes]:
        return self.set_bookmark(profile_id, question_id, not self.get(profile_id, question_id).bookmarked)

    def set_note(self, profile_id: int, question_id: int, text: str) -> tuple[Marks, Changes]:
        """Writes the student's note on a question (an empty text deletes it). Saving the
        same text again changes nothing, and says so (no Changes)."""
        cleaned = clean_note(text)
        with self._sessions.begin() as session:
            _existing_question(session, question_id)
            row = session.scalar(select(QuestionNote).where(QuestionNote.profile_id == profile_id,
                                                            QuestionNote.question_id == question_id))
            if (row.text if row else "") == cleaned:
                return marks_of(session, profile_id, [question_id])[question_id], Changes()
            if not cleaned:
                assert row is not None
                session.delete(row)
            elif row is None:
                session.add(QuestionNote(profile_id=profile_id, question_id=question_id, text=cleaned,
                                         updated_at=self._clock.now()))
            else:
                row.text, row.updated_at = cleaned, self._clock.now()
            session.flush()
            return marks_of(session, profile_id, [question_id])[question_id], CHANGED

    def counts(self, profile_id: int) -> MarkCounts:
        """How many questions the student bookmarked and wrote a note on (every set, as kept)."""
        with self._sessions() as session:
            return MarkCounts(
                int(session.scalar(select(func.count()).select_from(Bookmark)
                                   .where(Bookmark.profile_id == profile_id)) or 0),
                int(session.scalar(select(func.count()).select_from(QuestionNote)
                                   .where(QuestionNote.profile_id == profile_id)) or 0))
