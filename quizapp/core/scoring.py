"""Scoring answers, and re-scoring them when the bank corrects a key.

The answer tally in `answer_daily` and each submitted attempt's score are adjusted in the same
transaction as the re-score, so statistics never disagree with the answers they summarise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import AnswerDaily, Attempt, AttemptItem


def is_correct(chosen: Sequence[int], key: Sequence[int]) -> bool:
    """All-or-nothing: a multiple-answer question is right only when exactly the key is chosen."""
    return sorted(set(chosen)) == sorted(set(key))


def local_day(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d")


def tally_answer(session: Session, profile_id: int, question_id: int, moment: datetime,
                 correct_delta: int, answered_delta: int = 1, seconds: float = 0.0) -> None:
    """Adds to the per-day summary row in the caller's transaction."""
    day = local_day(moment)
    row = session.get(AnswerDaily, (profile_id, question_id, day))
    if row is None:
        row = AnswerDaily(profile_id=profile_id, question_id=question_id, day=day,
                          answered=0, correct=0, seconds=0.0)
        session.add(row)
    row.answered += answered_delta
    row.correct += correct_delta
    row.seconds += seconds


def attempt_score(session: Session, attempt_id: str) -> float | None:
    scored, right = session.execute(
        select(func.count(AttemptItem.id), func.sum(case((AttemptItem.correct == True, 1), else_=0)))  # noqa: E712
        .where(AttemptItem.attempt_id == attempt_id, AttemptItem.scored == True)  # noqa: E712
    ).one()
    return None if not scored else (right or 0) / scored


def rescore_question(session: Session, question_id: int, key: Sequence[int], now: datetime) -> int:
    """Re-scores every answer to a question against a new key; returns how many changed."""
    changed = 0
    attempts: set[str] = set()
    rows = session.execute(
        select(AttemptItem, Attempt.profile_id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(AttemptItem.question_id == question_id, AttemptItem.chosen.is_not(None))
    ).all()
    for item, profile_id in rows:
        now_right = is_correct(item.chosen or [], key)
        if item.correct == now_right:
            continue
        changed += 1
        item.correct = now_right
        attempts.add(item.attempt_id)
        tally_answer(session, profile_id, question_id, item.answered_at or now,
                     correct_delta=1 if now_right else -1, answered_delta=0)
    session.flush()
    for attempt_id in attempts:
        attempt = session.get(Attempt, attempt_id)
        if attempt is not None and attempt.submitted_at is not None:
            attempt.score = attempt_score(session, attempt_id)
    return changed
