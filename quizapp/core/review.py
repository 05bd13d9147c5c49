"""Review sessions over the due cards, scheduled by FSRS per profile (see quizapp.core.scheduling).

Review sessions are attempts of mode "review" shaped like practice sessions (the same frozen
snapshots), so pages can share widgets.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from quizapp.core.answers import REVIEW
from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Attempt, AttemptItem, Question, QuestionSet, ReviewCard
from quizapp.core.errors import UserError
from quizapp.core.practice import PracticeItem, PracticeService, PracticeState, PracticeSummary
from quizapp.core.scheduling import end_of_local_day

DEFAULT_LIMIT = 50


def _servable_cards(profile_id: int, before: datetime | None) -> Select[ReviewCard]:
    query = (
        select(ReviewCard)
        .join(Question, Question.id == ReviewCard.question_id)
        .join(QuestionSet, QuestionSet.id == Question.set_id)
        .where(ReviewCard.profile_id == profile_id, Question.retired.is_(False), QuestionSet.enabled.is_(True))
    )
    return query if before is None else query.where(ReviewCard.due < before)


def due_cards_count(session: Session, profile_id: int, before: datetime) -> int:
    """Cards due before `before` whose question can still be served (not retired, set enabled)."""
    query = _servable_cards(profile_id, before).with_only_columns(func.count(ReviewCard.id))
    return int(session.scalar(query) or 0)


class ReviewService:
    """Due counts and review sessions. Answers are final once checked, as in practice."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        self._practice = PracticeService(sessions, clock)  # state/summary read any attempt alike

    def due_count(self, profile_id: int) -> int:
        """Cards due by the end of today (local), for the home page's `Start review`."""
        with self._sessions() as session:
            return due_cards_count(session, profile_id, end_of_local_day(self._clock.now()))

    def next_due(self, profile_id: int) -> datetime | None:
        """When the next servable card falls due (to say "next review on ..." when none is due)."""
        with self._sessions() as session:
            return session.scalar(_servable_cards(profile_id, None).with_only_columns(func.min(ReviewCard.due)))

    def start(self, profile_id: int, limit: int = DEFAULT_LIMIT,
              seed: int | None = None) -> tuple[PracticeState, Changes]:
        """A review session over the cards due today, the longest overdue first; options shuffled."""
        seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        rng = random.Random(seed)
        with self._sessions.begin() as session:
            now = self._clock.now()
            cards = list(session.scalars(
                _servable_cards(profile_id, end_of_local_day(now))
                .order_by(ReviewCard.due, ReviewCard.id).limit(max(1, limit))))
            if not cards:
                raise UserError("no questions are due for review today")
            questions = {q.id: q for q in session.scalars(
                select(Question).where(Question.id.in_([c.question_id for c in cards]))
                .options(selectinload(Question.choices)))}
            attempt = Attempt(uuid=str(uuid.uuid4()), profile_id=profile_id, mode=REVIEW, seed=seed,
                              started_at=now, checkpoint_at=now, settings={"feedback": True})
            for position, card in enumerate(cards):
                question = questions[card.question_id]
                order = [c.position for c in question.choices]
                if question.kind != "truefalse":
                    rng.shuffle(order)
                attempt.items.append(AttemptItem(position=position, question_id=question.id, display_order=order))
            session.add(attempt)
            session.flush()
            attempt_id = attempt.id
        return self.state(attempt_id), Changes(attempts=True)

    def state(self, attempt_id: int) -> PracticeState:
        return self._practice.state(self._checked(attempt_id))

    def check(self, attempt_id: int, position: int, chosen: Sequence[int], *, guessed: bool = False,
              seconds: float = 0.0) -> tuple[PracticeItem, Changes]:
        """Records the answer through the one answer path (tallies and the card's new
        schedule in the same transaction), and moves the session on to it."""
        item, changes = self._practice.check(self._checked(attempt_id), position, chosen, guessed=guessed,
                                             seconds=seconds)
        return item, changes | Changes(review=True)

    def go_to(self, attempt_id: int, position: int) -> Changes:
        return self._practice.go_to(self._checked(attempt_id), position)

    def finish(self, attempt_id: int) -> tuple[PracticeSummary, Changes]:
        summary, changes = self._practice.finish(self._checked(attempt_id))
        return summary, changes | Changes(review=True)

    def summary(self, attempt_id: int) -> PracticeSummary:
        return self._practice.summary(self._checked(attempt_id))

    def _checked(self, attempt_id: int) -> int:
        """The id, once it is known to be a review session of this database."""
        with self._sessions() as session:
            if session.scalar(select(Attempt.mode).where(Attempt.id == attempt_id)) != REVIEW:
                raise UserError("that review session no longer exists")
        return attempt_id

    def in_progress(self, profile_id: int) -> int | None:
        """The newest unfinished review session, to offer resuming it."""
        with self._sessions() as session:
            return session.scalar(
                select(Attempt.id)
                .where(Attempt.profile_id == profile_id, Attempt.mode == REVIEW, Attempt.submitted_at.is_(None))
                .order_by(Attempt.started_at.desc())
                .limit(1)
            )
