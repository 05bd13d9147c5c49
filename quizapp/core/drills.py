"""Focused practice: what each practice mode draws, and how Quick 10 picks what a student needs most.

Every mode is a condition added to the same pool of servable questions (quizapp.core.selection),
read from the summaries, never from the answers:

- New and mixed (the default): everything chosen; unseen questions first, then missed ones.
- Missed questions: answered wrong at least once and not answered right since, i.e. the latest
  answer was wrong (`tally_question.last_correct`).
- Bookmarked: the student's bookmarks.
- Not seen yet: never answered (no `tally_question` row).
- Weakest topics: the three topics with the lowest accuracy among those with at least 5
  answers — the same three the Progress page names (quizapp.core.stats.shape.weakest_topics:
  the last 30 days' accuracy where those hold 5 answers, else all-time).

Quick 10 (home) takes 10 questions from every enabled set in this order, random within each
group: questions due for review today (the longest overdue first), questions missed last time,
unseen questions from the weakest topics, any unseen question, then the rest.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Bookmark, Question, ReviewCard, TallyQuestion
from quizapp.core.errors import UserError
from quizapp.core.scheduling import end_of_local_day
from quizapp.core.selection import Candidate
from quizapp.core.stats import queries, shape
from quizapp.core.stats.shape import StatLine
from quizapp.core.tallies import day_number

MIXED, MISSED, BOOKMARKED, UNSEEN, WEAKEST, QUICK = "mixed", "missed", "bookmarked", "unseen", "weakest", "quick"
QUICK_COUNT = 10


@dataclass(frozen=True)
class Drill:
    mode: str
    name: str  # what the set-up's radio button says (and its accessible name)
    description: str


DRILLS = (
    Drill(MIXED, "New and mixed", "Questions you have not seen first, then the ones you missed, then the rest."),
    Drill(MISSED, "Missed questions", "Questions you answered wrong the last time you met them."),
    Drill(BOOKMARKED, "Bookmarked", "Questions you bookmarked (Ctrl+B on any question)."),
    Drill(UNSEEN, "Not seen yet", "Questions you have never answered."),
    Drill(WEAKEST, "Weakest topics", "The three topics with your lowest percent correct (at least 5 answers "
                                     "each), as named on the Progress page."),
)
MODES = tuple(d.mode for d in DRILLS)
NOTHING_LEFT = {
    MISSED: "you have no missed questions here: every question you answered wrong, you have since answered right",
    BOOKMARKED: "you have no bookmarked questions here; bookmark a question with Ctrl+B while you practise",
    UNSEEN: "you have answered every question here at least once",
    WEAKEST: "your weakest topics have no questions in the sets chosen",
}


def _history(profile_id: int) -> ColumnElement[bool]:
    return exists().where(TallyQuestion.profile_id == profile_id, TallyQuestion.question_id == Question.id)


def missed_condition(profile_id: int) -> ColumnElement[bool]:
    return exists().where(TallyQuestion.profile_id == profile_id, TallyQuestion.question_id == Question.id,
                          TallyQuestion.last_correct.is_(False))


def bookmarked_condition(profile_id: int) -> ColumnElement[bool]:
    return exists().where(Bookmark.profile_id == profile_id, Bookmark.question_id == Question.id)


def topic_condition(topics: Sequence[StatLine]) -> ColumnElement[bool]:
    """SQL for "the question is in one of these topics" (a topic is named within its domain)."""
    if not topics:
        return false()
    clauses = []
    for line in topics:
        domain = Question.domain.is_(None) if line.domain is None else Question.domain == line.domain
        name = "" if line.name == shape.NO_TOPIC else line.name
        clauses.append(and_(domain, func.coalesce(Question.topic, "") == name))
    return or_(*clauses)


def weakest_topics(session: Session, profile_id: int, now: datetime) -> tuple[StatLine, ...]:
    """The Progress page's three weakest topics, from the same summaries and the same rule."""
    today = now.astimezone().date()
    recent_from = today - timedelta(days=shape.RECENT_DAYS - 1)
    previous_from = recent_from - timedelta(days=shape.RECENT_DAYS)
    rows = queries.topic_rows(session, profile_id, day_number(recent_from), day_number(previous_from))
    return shape.weakest_topics(rows)


def mode_conditions(session: Session, profile_id: int, mode: str, now: datetime) -> list[ColumnElement[bool]]:
    """The pool condition of a practice mode; UserError for a mode that does not exist, or
    Weakest topics before any topic has enough answers."""
    if mode in (MIXED, QUICK):
        return []
    if mode == MISSED:
        return [missed_condition(profile_id)]
    if mode == BOOKMARKED:
        return [bookmarked_condition(profile_id)]
    if mode == UNSEEN:
        return [~_history(profile_id)]
    if mode == WEAKEST:
        topics = weakest_topics(session, profile_id, now)
        if not topics:
            raise UserError(f"your weakest topics are known once a topic has at least {shape.MIN_ANSWERS} answers; "
                            "practise a little more first")
        return [topic_condition(topics)]
    raise UserError(f"there is no practice mode {mode!r}")


def due_today(session: Session, profile_id: int, now: datetime) -> dict[int, datetime]:
    """Question id -> due time of the profile's review cards due by the end of the local day."""
    rows = session.execute(select(ReviewCard.question_id, ReviewCard.due)
                           .where(ReviewCard.profile_id == profile_id, ReviewCard.due < end_of_local_day(now)))
    return {qid: due for qid, due in rows}


def quick_order(pool: Sequence[Candidate], due: dict[int, datetime], weakest: Sequence[StatLine],
                rng: random.Random, count: int = QUICK_COUNT) -> list[int]:
    """Quick 10's rule (module docstring): due, missed, unseen in a weak topic, unseen, rest."""
    weak = {(t.domain, "" if t.name == shape.NO_TOPIC else t.name) for t in weakest}

    def group(candidate: Candidate) -> int:
        if candidate.question_id in due:
            return 0
        if candidate.seen and candidate.last_wrong:
            return 1
        if not candidate.seen and (candidate.domain, candidate.topic or "") in weak:
            return 2
        return 3 if not candidate.seen else 4

    shuffled = list(pool)
    rng.shuffle(shuffled)
    shuffled.sort(key=lambda c: (group(c), due[c.question_id].timestamp() if c.question_id in due else 0.0))
    return [c.question_id for c in shuffled[:count]]
