"""The statistics' SQL: GROUP BYs over `answer_daily` that return a few hundred small rows.

Each function takes a session and never commits. A million answers stay in SQLite: what comes
back is one row per topic, per domain and day in the chart's window, or per mock exam.
Retired questions are not filtered out: their answers still count under their topic.
"""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import AnswerDaily, Attempt, Blueprint, Question
from quizapp.core.stats.rows import DayRow, MockRow, TopicRow

MOCK_MODES = ("mock", "pack")


def _per_question_seek() -> object:
    """A filter true of every row (answers always point at a question) that lets SQLite seek
    (profile, question, day >= X) on the primary key per question instead of reading a
    profile's whole history for a window of days."""
    return AnswerDaily.question_id.in_(select(Question.id).scalar_subquery())


def _in_window(column: object, start: str, end: str | None = None) -> object:
    condition = AnswerDaily.day >= start if end is None else AnswerDaily.day < end
    return func.coalesce(func.sum(case((condition, column), else_=0)), 0)


def topic_rows(session: Session, profile_id: int, recent_from: str, previous_from: str) -> list[TopicRow]:
    """Per (domain, subdomain, topic): all-time tallies and seconds, plus the answers on local
    days from `recent_from` on and from `previous_from` up to `recent_from` (YYYY-MM-DD).

    Aggregated per question first (streaming in primary-key order), then joined to the few
    hundred questions and grouped by topic, so no per-answer row is ever joined or sorted.
    """
    totals = (
        select(AnswerDaily.question_id.label("qid"), func.sum(AnswerDaily.answered).label("answered"),
               func.sum(AnswerDaily.correct).label("correct"), func.sum(AnswerDaily.seconds).label("seconds"))
        .where(AnswerDaily.profile_id == profile_id)
        .group_by(AnswerDaily.question_id)
        .subquery()
    )
    windows = (
        select(AnswerDaily.question_id.label("qid"),
               _in_window(AnswerDaily.answered, recent_from).label("a30"),
               _in_window(AnswerDaily.correct, recent_from).label("c30"),
               _in_window(AnswerDaily.answered, previous_from, recent_from).label("ap"),
               _in_window(AnswerDaily.correct, previous_from, recent_from).label("cp"))
        .where(AnswerDaily.profile_id == profile_id, _per_question_seek(), AnswerDaily.day >= previous_from)
        .group_by(AnswerDaily.question_id)
        .subquery()
    )
    query = (
        select(
            Question.domain, Question.subdomain, Question.topic,
            func.sum(totals.c.answered), func.sum(totals.c.correct), func.sum(totals.c.seconds),
            *(func.coalesce(func.sum(windows.c[name]), 0) for name in ("a30", "c30", "ap", "cp")),
        )
        .select_from(totals)
        .join(Question, Question.id == totals.c.qid)
        .outerjoin(windows, windows.c.qid == totals.c.qid)
        .group_by(Question.domain, Question.subdomain, Question.topic)
    )
    return [
        TopicRow(d, s, t, int(a or 0), int(c or 0), float(sec or 0.0), int(a30), int(c30), int(ap), int(cp))
        for d, s, t, a, c, sec, a30, c30, ap, cp in session.execute(query)
    ]


def day_rows(session: Session, profile_id: int, since: str) -> list[DayRow]:
    """Per domain and local day, from `since` (YYYY-MM-DD) on: the chart's weekly series."""
    query = (
        select(Question.domain, AnswerDaily.day, func.sum(AnswerDaily.answered), func.sum(AnswerDaily.correct))
        .join(Question, Question.id == AnswerDaily.question_id)
        .where(AnswerDaily.profile_id == profile_id, _per_question_seek(), AnswerDaily.day >= since)
        .group_by(Question.domain, AnswerDaily.day)
    )
    return [DayRow(d, day, int(a or 0), int(c or 0)) for d, day, a, c in session.execute(query)]


def mock_rows(session: Session, profile_id: int, limit: int = 10) -> list[MockRow]:
    """The newest submitted, scored mock exams and exam packs, newest first.

    An exam whose blueprint is not on this computer (imported history) keeps the slug it was
    exported with, from its settings.
    """
    query = (
        select(Blueprint.slug, Attempt.settings, Attempt.submitted_at, Attempt.score)
        .outerjoin(Blueprint, Blueprint.id == Attempt.blueprint_id)
        .where(Attempt.profile_id == profile_id, Attempt.mode.in_(MOCK_MODES),
               Attempt.submitted_at.is_not(None), Attempt.score.is_not(None))
        .order_by(Attempt.submitted_at.desc(), Attempt.id)
        .limit(max(0, limit))
    )
    return [
        MockRow(slug or str((settings or {}).get("blueprint_slug", "")), submitted, float(score))
        for slug, settings, submitted, score in session.execute(query)
    ]
