"""The statistics' SQL: small GROUP BYs over the answer summaries (quizapp.core.tallies).

Each function takes a session and never commits. A million answers never leave SQLite, and
are never read either: all-time figures come from `tally_question` (one row per question a
student answered), the recent windows and the weekly chart from `tally_day` (one row per
topic and day), so what is read grows with the bank and the calendar, not with the history.
Retired questions are not filtered out: their answers still count under their topic. Only
scored answers are in the summaries, so pretest items never reach a statistic.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from quizapp.core.db.models import Attempt, Blueprint, Question, TallyDay, TallyQuestion, TallyTopic
from quizapp.core.stats.rows import DayRow, MockRow, TopicRow
from quizapp.core.tallies import day_of

MOCK_MODES = ("mock", "pack")

Place = tuple[str | None, str | None, str | None]


def _none(text: str) -> str | None:
    """`tally_topic` spells "none" as an empty string (see quizapp.core.db.models.TallyTopic)."""
    return text or None


def _windowed(column: QueryableAttribute[int], start: int, end: int | None = None) -> ColumnElement[int]:
    condition = TallyDay.day >= start if end is None else TallyDay.day < end
    return func.coalesce(func.sum(case((condition, column), else_=0)), 0)


def topic_rows(session: Session, profile_id: int, recent_from: int, previous_from: int) -> list[TopicRow]:
    """Per (domain, subdomain, topic): all-time tallies and seconds, plus the answers on local
    days from `recent_from` on and from `previous_from` up to `recent_from` (day numbers, see
    quizapp.core.tallies.day_number)."""
    totals: dict[Place, tuple[int, int, float]] = {}
    for d, s, t, a, c, sec in session.execute(
        select(Question.domain, Question.subdomain, Question.topic, func.sum(TallyQuestion.answered),
               func.sum(TallyQuestion.correct), func.sum(TallyQuestion.seconds))
        .join(Question, Question.id == TallyQuestion.question_id)
        .where(TallyQuestion.profile_id == profile_id)
        .group_by(Question.domain, Question.subdomain, Question.topic)
    ):
        totals[(d, s, t)] = (int(a or 0), int(c or 0), float(sec or 0.0))  # seconds: see Milliseconds
    windows: dict[Place, tuple[int, int, int, int]] = {}
    for d, s, t, a30, c30, ap, cp in session.execute(
        select(TallyTopic.domain, TallyTopic.subdomain, TallyTopic.topic,
               _windowed(TallyDay.answered, recent_from), _windowed(TallyDay.correct, recent_from),
               _windowed(TallyDay.answered, previous_from, recent_from),
               _windowed(TallyDay.correct, previous_from, recent_from))
        .join(TallyTopic, TallyTopic.id == TallyDay.topic_id)
        .where(TallyDay.profile_id == profile_id, TallyDay.day >= previous_from)
        .group_by(TallyTopic.domain, TallyTopic.subdomain, TallyTopic.topic)
    ):
        windows[(_none(d), _none(s), _none(t))] = (int(a30), int(c30), int(ap), int(cp))
    return [
        TopicRow(*place, *totals.get(place, (0, 0, 0.0)), *windows.get(place, (0, 0, 0, 0)))
        for place in sorted(totals.keys() | windows.keys(), key=lambda p: tuple(x or "" for x in p))
        if totals.get(place, (0,))[0] or any(windows.get(place, (0,)))
    ]


def day_rows(session: Session, profile_id: int, since: int) -> list[DayRow]:
    """Per domain and local day, from day number `since` on: the chart's weekly series."""
    query = (
        select(TallyTopic.domain, TallyDay.day, func.sum(TallyDay.answered), func.sum(TallyDay.correct))
        .join(TallyTopic, TallyTopic.id == TallyDay.topic_id)
        .where(TallyDay.profile_id == profile_id, TallyDay.day >= since)
        .group_by(TallyTopic.domain, TallyDay.day)
    )
    return [DayRow(_none(d), day_of(day).isoformat(), int(a or 0), int(c or 0))
            for d, day, a, c in session.execute(query)]


def mock_rows(session: Session, profile_id: int, limit: int = 10) -> list[MockRow]:
    """The newest submitted, scored mock exams and exam packs, newest first.

    An exam whose blueprint is not on this computer (imported history) keeps the slug it was
    exported with, from its settings.
    """
    query = (
        select(Blueprint.slug, Blueprint.name, Attempt.settings, Attempt.submitted_at, Attempt.score)
        .outerjoin(Blueprint, Blueprint.id == Attempt.blueprint_id)
        .where(Attempt.profile_id == profile_id, Attempt.mode.in_(MOCK_MODES),
               Attempt.submitted_at.is_not(None), Attempt.score.is_not(None))
        .order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
        .limit(max(0, limit))
    )
    rows = []
    for slug, name, settings, submitted, score in session.execute(query):
        kept = slug or str((settings or {}).get("blueprint_slug", ""))
        rows.append(MockRow(kept, submitted, float(score), name or kept))
    return rows
