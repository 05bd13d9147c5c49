"""Submitting a mock exam: settle every item, close the attempt. One transaction.

Mock answers reach the statistics only here (practice tallies as it goes), so an exam that is
never submitted never counts; once submitted the attempt is final. Scoring, tallies and review
cards are the answer path's (quizapp.core.answers.submit_exam).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from quizapp.core.answers import ensure_open, submit_exam
from quizapp.core.db.models import Attempt
from quizapp.core.exam.attempts import ABANDONED

AUTO_SUBMITTED = "auto_submitted"
WARNED = "warned"


def submit_attempt(session: Session, attempt: Attempt, now: datetime, elapsed: float, *, auto: bool) -> None:
    """Scores all-or-nothing over the scored items (a blank is wrong), counts each scored answer
    in the summaries, schedules review, and closes the attempt. Does not commit."""
    submit_exam(session, attempt, now)
    attempt.elapsed_seconds = elapsed
    attempt.checkpoint_at = now
    attempt.submitted_at = now
    attempt.settings = {**(attempt.settings or {}), AUTO_SUBMITTED: auto}


def abandon_attempt(attempt: Attempt, now: datetime) -> None:
    """Closes an unfinished exam without scoring it: kept for the record, never resumable,
    never in the score history."""
    ensure_open(attempt)
    attempt.settings = {**(attempt.settings or {}), ABANDONED: now.isoformat()}
