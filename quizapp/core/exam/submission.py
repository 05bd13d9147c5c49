"""Submitting a mock exam: score every item, tally the answers, close the attempt. One transaction.

Mock answers reach the statistics only here (practice tallies as it goes), so an exam that is
never submitted never counts; once submitted the attempt is final.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Attempt, Choice
from quizapp.core.exam.attempts import ABANDONED
from quizapp.core.exam.errors import ExamClosed
from quizapp.core.scheduling import note_answer
from quizapp.core.scoring import is_correct, tally_answer

AUTO_SUBMITTED = "auto_submitted"
WARNED = "warned"


def ensure_open(attempt: Attempt) -> None:
    if attempt.submitted_at is not None:
        raise ExamClosed("this exam has been submitted; a submitted exam cannot be changed")
    if (attempt.settings or {}).get(ABANDONED):
        raise ExamClosed("this exam was abandoned when a new one started; it cannot be changed")


def submit_attempt(session: Session, attempt: Attempt, now: datetime, elapsed: float, *, auto: bool) -> None:
    """Scores all-or-nothing, sets `correct` on every item (a blank is wrong), tallies each
    answered item into `answer_daily`, and stores the score over scored items. Does not commit."""
    ensure_open(attempt)
    question_ids = [item.question_id for item in attempt.items]
    keys: dict[int, list[int]] = defaultdict(list)
    for question_id, position in session.execute(
        select(Choice.question_id, Choice.position)
        .where(Choice.question_id.in_(question_ids), Choice.is_correct == True)  # noqa: E712
    ):
        keys[question_id].append(position)
    for item in attempt.items:
        answered = bool(item.chosen)
        item.correct = answered and is_correct(item.chosen or [], keys[item.question_id])
        if answered:
            tally_answer(session, attempt.profile_id, item.question_id, item.answered_at or now,
                         correct_delta=int(item.correct), seconds=item.seconds_spent)
            note_answer(session, attempt.profile_id, item.question_id, bool(item.correct), False, now)
    attempt.elapsed_seconds = elapsed
    attempt.checkpoint_at = now
    attempt.submitted_at = now
    attempt.settings = {**(attempt.settings or {}), AUTO_SUBMITTED: auto}
    # From the items in hand (they are not flushed yet, so a query would not see them).
    scored = [item for item in attempt.items if item.scored]
    attempt.score = sum(1 for item in scored if item.correct) / len(scored) if scored else None


def abandon_attempt(attempt: Attempt, now: datetime) -> None:
    """Closes an unfinished exam without scoring it: kept for the record, never resumable,
    never in the score history."""
    ensure_open(attempt)
    attempt.settings = {**(attempt.settings or {}), ABANDONED: now.isoformat()}

