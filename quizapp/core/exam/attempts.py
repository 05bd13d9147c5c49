"""What marks an attempt as an exam, and finding the open one.

Small on purpose: the home page asks "is an exam open?" at every start, and that question should
not load the drawing, scoring and results code.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Attempt

MOCK = "mock"
PACK_MODE = "pack"
EXAM_MODES = (MOCK, PACK_MODE)
ABANDONED = "abandoned_at"  # in Attempt.settings: an exam closed unfinished, never scored


def open_mock_attempts(session: Session, profile_id: int) -> list[Attempt]:
    """Unsubmitted, not abandoned mock exams (exam packs included) of a profile, newest first
    (normally at most one)."""
    rows = session.scalars(
        select(Attempt)
        .where(Attempt.profile_id == profile_id, Attempt.mode.in_(EXAM_MODES), Attempt.submitted_at.is_(None))
        .order_by(Attempt.started_at.desc())
    )
    return [a for a in rows if not (a.settings or {}).get(ABANDONED)]
