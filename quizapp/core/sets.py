"""Question sets as the front ends list them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.db.models import Question, QuestionSet
from quizapp.core.errors import UserError


@dataclass(frozen=True)
class SetInfo:
    slug: str
    name: str
    questions: int
    enabled: bool
    origin: str | None


class SetService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def list(self) -> list[SetInfo]:
        live = func.count(Question.id).filter(Question.retired == False)  # noqa: E712
        query = (
            select(QuestionSet, live)
            .outerjoin(Question, Question.set_id == QuestionSet.id)
            .group_by(QuestionSet.id)
            .order_by(QuestionSet.slug != "builtin", QuestionSet.name)
        )
        with self._sessions() as session:
            return [
                SetInfo(s.slug, s.name, int(n), s.enabled, s.origin_file)
                for s, n in session.execute(query)
            ]

    def set_enabled(self, slug: str, enabled: bool) -> Changes:
        """Switches a set off (its questions stop being served; history stays) or back on."""
        with self._sessions.begin() as session:
            qset = session.scalar(select(QuestionSet).where(QuestionSet.slug == slug))
            if qset is None:
                raise UserError(f"there is no question set {slug!r}")
            qset.enabled = enabled
        return Changes(bank=True)
