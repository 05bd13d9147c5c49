"""FSRS scheduling of review cards, shared by every place that records an answer.

Practice and mock exams call `note_answer` inside the transaction that records an answer, so a
card and the answer that made it are committed together. Kept apart from the review sessions
(quizapp.core.review) so that recording an answer does not depend on the review pages' code.

Scheduling choices: one 10-minute (re)learning step, so a miss comes back the same day but a
question the student has just seen explained is not asked again a minute later; no fuzzing, so
the schedule follows from the injected clock alone. "Due today" means due before the next local
midnight.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any

from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Question, ReviewCard

STEP = timedelta(minutes=10)
SCHEDULER = Scheduler(learning_steps=(STEP,), relearning_steps=(STEP,), enable_fuzzing=False)


def end_of_local_day(moment: datetime) -> datetime:
    """The next local midnight after `moment` (DST-safe: the naive wall time is localised)."""
    local = moment.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), time()).astimezone()


def rating_for(correct: bool, guessed: bool) -> Rating:
    if not correct:
        return Rating.Again
    return Rating.Hard if guessed else Rating.Good


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _card(state: dict[str, Any], question_id: int, now: datetime) -> Card:
    """The stored FSRS card, or a new one if the stored state is missing or unreadable."""
    try:
        card = Card.from_dict(state)  # type: ignore[arg-type]
        if card.state != State.Learning and (card.stability is None or card.difficulty is None):
            raise ValueError("incomplete card")
        card.due = _utc(card.due)
        card.last_review = _utc(card.last_review) if card.last_review else None
        return card
    except (KeyError, TypeError, ValueError):
        return Card(card_id=question_id, due=_utc(now))


def schedule(state: dict[str, Any] | None, question_id: int, rating: Rating, now: datetime) -> tuple[dict[str, Any], datetime]:
    """One FSRS review at `now`: returns the new stored state and due time (UTC).

    A clock that went backwards is harmless: FSRS treats a review "before" the last one as a
    same-day review, and the due time is counted from now.
    """
    card = _card(state or {}, question_id, now)
    card, _log = SCHEDULER.review_card(card, rating, review_datetime=_utc(now))
    return dict(card.to_dict()), card.due


def note_answer(session: Session, profile_id: int, question_id: int, correct: bool, guessed: bool,
                now: datetime) -> bool:
    """Updates the review card for an answer, in the caller's transaction; True if a card changed.

    A wrong answer, or a right one marked "I guessed", creates the card when missing and
    reschedules it as Again / Hard; a right answer reschedules an existing card as Good and
    never creates one. A retired question's card is dropped instead.
    """
    question = session.get(Question, question_id)
    card = session.scalar(
        select(ReviewCard).where(ReviewCard.profile_id == profile_id, ReviewCard.question_id == question_id))
    if question is None or question.retired:
        if card is not None:
            session.delete(card)
            return True
        return False
    if card is None and correct and not guessed:
        return False
    state, due = schedule(card.state if card else None, question_id, rating_for(correct, guessed), now)
    if card is None:
        session.add(ReviewCard(profile_id=profile_id, question_id=question_id, state=state, due=due))
    else:
        card.state = state
        card.due = due
    return True
