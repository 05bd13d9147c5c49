"""Which questions a student has already met in a mock exam, and when: exposure control.

A student who takes several full mock exams should meet new questions each time, the way each
sitting of the real exam is new; only when the sets run out do questions come back, those met
longest ago first. A question counts as met once it was in an exam, answered or not.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Attempt, AttemptItem
from quizapp.core.exam.attempts import MOCK, PACK_MODE

EXAM_MODES = (MOCK, PACK_MODE)


def mock_exposure(session: Session, profile_id: int, before: datetime | None = None) -> dict[int, datetime]:
    """Question id -> when this profile last met it in a mock exam or exam pack (started before
    `before`, when given). One GROUP BY over this profile's exam items."""
    query = (
        select(AttemptItem.question_id, func.max(Attempt.started_at))
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.profile_id == profile_id, Attempt.mode.in_(EXAM_MODES))
        .group_by(AttemptItem.question_id)
    )
    if before is not None:
        query = query.where(Attempt.started_at < before)
    return {int(qid): when for qid, when in session.execute(query)}
