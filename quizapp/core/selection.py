"""Which questions a student can be served, and how far each has been seen, as plain rows.

Practice, mock exams and review all draw from here, so "enabled set, not retired" means the same
everywhere, and the preference for unseen, then missed questions is computed in SQL once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Attempt, AttemptItem, Choice, Question, QuestionSet


@dataclass(frozen=True)
class Candidate:
    question_id: int
    domain: str | None
    subdomain: str | None
    topic: str | None
    kind: str
    options: int
    seen: int  # answers by this profile
    last_wrong: bool  # the most recent answer by this profile was wrong

    @property
    def rank(self) -> int:
        """0 unseen, 1 missed last time, 2 answered right last time."""
        if not self.seen:
            return 0
        return 1 if self.last_wrong else 2


def candidates(
    session: Session,
    profile_id: int,
    *,
    domains: Sequence[str | None] | None = None,
    set_slugs: Sequence[str] | None = None,
    topics: Sequence[str] | None = None,
    question_ids: Sequence[int] | None = None,
) -> list[Candidate]:
    options = (
        select(Choice.question_id, func.count(Choice.id).label("n")).group_by(Choice.question_id).subquery()
    )
    answered = and_(AttemptItem.correct.is_not(None), Attempt.profile_id == profile_id)
    history = (
        select(
            AttemptItem.question_id,
            func.count(AttemptItem.id).label("seen"),
            func.max(AttemptItem.answered_at).label("last_at"),
        )
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(answered)
        .group_by(AttemptItem.question_id)
        .subquery()
    )
    last_wrong = (
        select(func.max(case((AttemptItem.correct == False, 1), else_=0)))  # noqa: E712
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(answered, AttemptItem.question_id == Question.id, AttemptItem.answered_at == history.c.last_at)
        .scalar_subquery()
    )
    query = (
        select(
            Question.id, Question.domain, Question.subdomain, Question.topic, Question.kind,
            func.coalesce(options.c.n, 0), func.coalesce(history.c.seen, 0), func.coalesce(last_wrong, 0),
        )
        .join(QuestionSet, QuestionSet.id == Question.set_id)
        .outerjoin(options, options.c.question_id == Question.id)
        .outerjoin(history, history.c.question_id == Question.id)
        .where(QuestionSet.enabled == True, Question.retired == False)  # noqa: E712
        .order_by(Question.id)
    )
    if domains is not None:
        named = [d for d in domains if d is not None]
        wanted = Question.domain.in_(named)
        query = query.where(or_(wanted, Question.domain.is_(None)) if None in domains else wanted)
    if set_slugs is not None:
        query = query.where(QuestionSet.slug.in_(list(set_slugs)))
    if topics is not None:
        query = query.where(Question.topic.in_(list(topics)))
    if question_ids is not None:
        query = query.where(Question.id.in_(list(question_ids)))
    return [Candidate(r[0], r[1], r[2], r[3], r[4], int(r[5]), int(r[6]), bool(r[7])) for r in session.execute(query)]
