""""Report a problem": students flag a question; instructors read the reports later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Profile, Question, QuestionReport, QuestionSet
from quizapp.core.errors import UserError

REASONS: dict[str, str] = {
    "wrong-key": "The marked answer is wrong",
    "unclear": "The question is unclear",
    "typo": "Typo or formatting",
    "other": "Something else",
}
MAX_NOTE = 2000


@dataclass(frozen=True)
class ReportView:
    set_slug: str
    question_ext_id: str
    stem: str
    reason: str
    note: str
    profile: str
    created_at: datetime


class ReportService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def submit(self, profile_id: int, question_id: int, reason: str, note: str = "") -> Changes:
        if reason not in REASONS:
            raise UserError(f"choose a reason: {', '.join(REASONS)}")
        note = note.strip()
        if reason == "other" and not note:
            raise UserError("say in a few words what is wrong")
        with self._sessions.begin() as session:
            if session.get(Question, question_id) is None:
                raise UserError("that question no longer exists")
            session.add(QuestionReport(profile_id=profile_id, question_id=question_id, reason=reason,
                                       note=note[:MAX_NOTE], created_at=self._clock.now()))
        return Changes(reports=True)

    def list(self, set_slug: str | None = None) -> list[ReportView]:
        query = (
            select(QuestionReport, Question, QuestionSet.slug, Profile.name)
            .join(Question, Question.id == QuestionReport.question_id)
            .join(QuestionSet, QuestionSet.id == Question.set_id)
            .join(Profile, Profile.id == QuestionReport.profile_id)
            .order_by(QuestionReport.created_at.desc())
        )
        if set_slug is not None:
            query = query.where(QuestionSet.slug == set_slug)
        with self._sessions() as session:
            return [
                ReportView(slug, q.ext_id, q.stem, r.reason, r.note, name, r.created_at)
                for r, q, slug, name in session.execute(query)
            ]
