"""A class of students answering the small stats bank through the one answer path."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from quizapp.core.answers import record_answer
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import Attempt, AttemptItem, Question

PASSPHRASE = "correct horse battery"


def answer_all(ctx: AppContext, profile_id: int, picks: dict[str, int], clock: FakeClock, *,
               mode: str = "practice", score: float | None = None) -> int:
    """One finished session in which the profile answers each question (by ext id) with the
    choice at stored position `picks[ext_id]`."""
    with ctx.db.sessions.begin() as s:
        ids = {e: i for e, i in s.execute(select(Question.ext_id, Question.id).where(Question.ext_id.in_(list(picks))))}
        attempt = Attempt(uuid=str(uuid.uuid4()), profile_id=profile_id, mode=mode, started_at=clock.now())
        for position, ext_id in enumerate(picks):
            attempt.items.append(AttemptItem(position=position, question_id=ids[ext_id], display_order=[0, 1, 2, 3]))
        s.add(attempt)
        s.flush()
        for position, ext_id in enumerate(picks):
            record_answer(s, attempt, position, [picks[ext_id]], clock.now())
        attempt.submitted_at = clock.now()
        attempt.score = score if score is not None else sum(bool(i.correct) for i in attempt.items) / len(attempt.items)
        return attempt.id
