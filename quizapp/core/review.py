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

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Attempt, AttemptItem, Question, QuestionSet, ReviewCard
from quizapp.core.errors import UserError
from quizapp.core.scheduling import end_of_local_day, note_answer
from quizapp.core.practice import PracticeItem, PracticeService, PracticeState, PracticeSummary
from quizapp.core.sources import source_titles
from quizapp.core.scoring import is_correct, tally_answer
from quizapp.core.views import feedback_for, question_view

REVIEW = "review"
DEFAULT_LIMIT = 50


def _servable_cards(profile_id: int, before: datetime | None) -> Select[tuple[ReviewCard]]:
    query = (
        select(ReviewCard)
        .join(Question, Question.id == ReviewCard.question_id)
        .join(QuestionSet, QuestionSet.id == Question.set_id)
        .where(ReviewCard.profile_id == profile_id, Question.retired == False,  # noqa: E712
               QuestionSet.enabled == True)  # noqa: E712
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

    def start(self, profile_id: int, limit: int = DEFAULT_LIMIT, seed: int | None = None) -> tuple[PracticeState, Changes]:
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
            attempt = Attempt(id=str(uuid.uuid4()), profile_id=profile_id, mode=REVIEW, seed=seed,
                              started_at=now, checkpoint_at=now, settings={"feedback": True})
            for position, card in enumerate(cards):
                question = questions[card.question_id]
                order = [c.position for c in question.choices]
                if question.kind != "truefalse":
                    rng.shuffle(order)
                attempt.items.append(AttemptItem(position=position, question_id=question.id, display_order=order))
            session.add(attempt)
            attempt_id = attempt.id
        return self.state(attempt_id), Changes(attempts=True)

    def state(self, attempt_id: str) -> PracticeState:
        return self._practice.state(attempt_id)

    def check(self, attempt_id: str, position: int, chosen: Sequence[int], *, guessed: bool = False,
              seconds: float = 0.0) -> tuple[PracticeItem, Changes]:
        """Records the answer and its tally and reschedules the card, in one transaction."""
        if not chosen:
            raise UserError("choose an answer first")
        with self._sessions.begin() as session:
            attempt = session.get(Attempt, attempt_id)
            if attempt is None or attempt.mode != REVIEW:
                raise UserError("that review session no longer exists")
            if not 0 <= position < len(attempt.items):
                raise UserError("that question is not in this review session")
            item = attempt.items[position]
            if item.chosen is not None:
                raise UserError("this question was already answered")
            question = session.get(Question, item.question_id)
            assert question is not None
            now = self._clock.now()
            item.chosen = sorted(set(chosen))
            item.correct = is_correct(item.chosen, [c.position for c in question.choices if c.is_correct])
            item.guessed = guessed
            item.seconds_spent = max(0.0, seconds)
            item.answered_at = now
            attempt.checkpoint_at = now
            attempt.current_index = position
            tally_answer(session, attempt.profile_id, question.id, now, int(item.correct), 1, item.seconds_spent)
            note_answer(session, attempt.profile_id, question.id, bool(item.correct), guessed, now)
            view = question_view(question, list(item.display_order))
            feedback = feedback_for(question, view, list(item.chosen), bool(item.correct), source_titles(session))
            result = PracticeItem(item.position, view, tuple(item.chosen), guessed, feedback)
        return result, Changes(answers=True, review=True)

    def go_to(self, attempt_id: str, position: int) -> Changes:
        return self._practice.go_to(attempt_id, position)

    def finish(self, attempt_id: str) -> tuple[PracticeSummary, Changes]:
        summary, changes = self._practice.finish(attempt_id)
        return summary, changes | Changes(review=True)

    def summary(self, attempt_id: str) -> PracticeSummary:
        return self._practice.summary(attempt_id)

    def in_progress(self, profile_id: int) -> str | None:
        """The newest unfinished review session, to offer resuming it."""
        with self._sessions() as session:
            return session.scalar(
                select(Attempt.id)
                .where(Attempt.profile_id == profile_id, Attempt.mode == REVIEW, Attempt.submitted_at.is_(None))
                .order_by(Attempt.started_at.desc())
                .limit(1)
            )
