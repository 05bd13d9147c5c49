"""Which questions a student can be served, and how far each has been seen, as plain rows.

Practice, mock exams and review all draw from here, so "enabled set, not retired" means the same
everywhere, and the preference for unseen, then missed questions is computed in SQL once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, or_, select, tuple_
from sqlalchemy.orm import Session

from quizapp.core.db.models import Bookmark, Choice, Question, QuestionSet, TallyQuestion


@dataclass(frozen=True)
class Candidate:
    question_id: int
    domain: str | None
    subdomain: str | None
    topic: str | None
    kind: str
    options: int
    seen: int  # scored answers by this profile
    last_wrong: bool  # the most recent of them was wrong

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
    places: Sequence[Place] | None = None,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[Candidate]:
    """The servable questions (enabled set, not retired) with this profile's history of each,
    read from `tally_question`: one row per question answered, however long the history.
    `where` narrows further (a practice mode's condition, quizapp.core.drills)."""
    options = (
        select(Choice.question_id, func.count(Choice.id).label("n")).group_by(Choice.question_id).subquery()
    )
    history = select(TallyQuestion).where(TallyQuestion.profile_id == profile_id).subquery()
    query = (
        select(
            Question.id, Question.domain, Question.subdomain, Question.topic, Question.kind,
            func.coalesce(options.c.n, 0), func.coalesce(history.c.answered, 0),
            func.coalesce(history.c.last_correct, True),
        )
        .join(QuestionSet, QuestionSet.id == Question.set_id)
        .outerjoin(options, options.c.question_id == Question.id)
        .outerjoin(history, history.c.question_id == Question.id)
        .where(QuestionSet.enabled.is_(True), Question.retired.is_(False))
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
    if places is not None:
        query = query.where(place_condition(places))
    if where:
        query = query.where(*where)
    return [Candidate(r[0], r[1], r[2], r[3], r[4], int(r[5]), int(r[6]), not r[7]) for r in session.execute(query)]


Place = tuple[str | None, str | None, str | None]  # (domain, sub-domain, topic); None where there is none


@dataclass(frozen=True)
class PlaceCount:
    """Servable questions of one set at one (domain, sub-domain, topic): what practice set-up
    counts beside each node of its tree. With a profile, also how many of them that student
    missed last time, bookmarked, and has not answered yet (what each practice mode draws)."""

    set_slug: str
    place: Place
    questions: int
    missed: int = 0
    bookmarked: int = 0
    unseen: int = 0


def place_counts(session: Session, profile_id: int | None = None) -> list[PlaceCount]:
    """Live questions of enabled sets, per set and place; a few hundred small rows. With a
    profile, one pass also counts that student's missed, bookmarked and unseen questions (one
    outer join to the per-question tallies and one to the bookmarks, both by primary key)."""
    history = select(TallyQuestion.question_id, TallyQuestion.last_correct).where(
        TallyQuestion.profile_id == (profile_id if profile_id is not None else -1)).subquery()
    marked = select(Bookmark.question_id).where(
        Bookmark.profile_id == (profile_id if profile_id is not None else -1)).subquery()
    query = (
        select(QuestionSet.slug, Question.domain, Question.subdomain, Question.topic, func.count(Question.id),
               func.sum(case((history.c.last_correct.is_(False), 1), else_=0)),
               func.count(marked.c.question_id),
               func.sum(case((history.c.question_id.is_(None), 1), else_=0)))
        .join(QuestionSet, QuestionSet.id == Question.set_id)
        .outerjoin(history, history.c.question_id == Question.id)
        .outerjoin(marked, marked.c.question_id == Question.id)
        .where(QuestionSet.enabled == True, Question.retired == False)  # noqa: E712
        .group_by(QuestionSet.slug, Question.domain, Question.subdomain, Question.topic)
    )
    return [PlaceCount(slug, (domain, subdomain, topic), int(n), int(missed or 0), int(marked_n or 0),
                       int(unseen or 0))
            for slug, domain, subdomain, topic, n, missed, marked_n, unseen in session.execute(query)]


def place_condition(places: Sequence[Place]) -> ColumnElement[bool]:
    """SQL for "the question sits at one of these places" (NULL-safe: '' stands for none)."""
    column = tuple_(func.coalesce(Question.domain, ""), func.coalesce(Question.subdomain, ""),
                    func.coalesce(Question.topic, ""))
    return column.in_([(d or "", s or "", t or "") for d, s, t in places])
