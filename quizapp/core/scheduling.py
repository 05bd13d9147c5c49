"""FSRS scheduling of review cards, shared by every place that records an answer.

The answer path (quizapp.core.answers) calls `note_answer` inside the transaction that records
an answer, so a card and the answer that made it are committed together. Kept apart from the review sessions
(quizapp.core.review) so that recording an answer does not depend on the review pages' code.

Scheduling choices: one 10-minute (re)learning step, so a miss comes back the same day but a
question the student has just seen explained is not asked again a minute later; no fuzzing, so
the schedule follows from the injected clock alone. "Due today" means due before the next local
midnight.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Question, ReviewCard
from quizapp.core.db.upsert import dialect_insert
from quizapp.core.errors import UserError

# The format of `review_card.state`: 1 is fsrs's `Card.to_dict()` as fsrs 5 and 6 write it.
# A new fsrs major version that changes that dict gets a new number and a migration that
# converts the stored cards; until then pyproject.toml keeps fsrs below it.
STATE_VERSION = 1
STEP = timedelta(minutes=10)
SCHEDULER = Scheduler(learning_steps=(STEP,), relearning_steps=(STEP,), enable_fuzzing=False)


def end_of_local_day(moment: datetime) -> datetime:
    """The next local midnight after `moment` (DST-safe: the naive wall time is localised)."""
    local = moment.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), time()).astimezone()


# The grades a student can give a review, in the order of their keys (1-4) and buttons.
GRADES = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)


def rating_for(correct: bool, guessed: bool) -> Rating:
    """The grade the app infers from an answer: wrong is Again, a right guess Hard, right Good
    (the student may change it on the review page: quizapp.core.review)."""
    if not correct:
        return Rating.Again
    return Rating.Hard if guessed else Rating.Good


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


class CardUnreadable(UserError):
    """A stored review card this app cannot read (damaged, or written in another format)."""


def _card(state: dict[str, Any], version: int, question_id: int, now: datetime) -> Card:
    """The stored FSRS card. An empty state is a new card, or one reset on purpose (a re-keyed
    question); anything else that cannot be read raises instead of quietly starting over,
    which would throw away what the student has learnt."""
    if not state:
        return Card(card_id=question_id, due=_utc(now))
    if version != STATE_VERSION:
        raise CardUnreadable(f"the review schedule of this question was saved in format {version}, which this "
                             f"version of quizapp does not read (it reads {STATE_VERSION}); nothing was changed")
    try:
        card = Card.from_dict(state)  # type: ignore[arg-type]
        if card.state != State.Learning and (card.stability is None or card.difficulty is None):
            raise ValueError("incomplete card")
    except (KeyError, TypeError, ValueError) as exc:
        raise CardUnreadable("the review schedule of this question is damaged; nothing was changed") from exc
    card.due = _utc(card.due)
    card.last_review = _utc(card.last_review) if card.last_review else None
    return card


def schedule(state: dict[str, Any] | None, question_id: int, rating: Rating, now: datetime,
             version: int = STATE_VERSION) -> tuple[dict[str, Any], datetime]:
    """One FSRS review at `now`: returns the new stored state (format STATE_VERSION) and due time.

    A clock that went backwards is harmless: FSRS treats a review "before" the last one as a
    same-day review, and the due time is counted from now.
    """
    card = _card(state or {}, version, question_id, now)
    card, _log = SCHEDULER.review_card(card, rating, review_datetime=_utc(now))
    return dict(card.to_dict()), card.due


def outcomes(previous: dict[str, Any], question_id: int, at: datetime) -> dict[Rating, tuple[dict[str, Any], datetime]]:
    """What each grade would have made of a card reviewed at `at` (state and due): the choices
    a student has when changing a review's grade. `previous` is the card before that review."""
    return {rating: schedule(previous, question_id, rating, at) for rating in GRADES}


def last_review(state: dict[str, Any]) -> datetime | None:
    """When a stored card was last reviewed (None for a new or reset card)."""
    try:
        value = datetime.fromisoformat(state["last_review"])
    except (KeyError, TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def note_answer(session: Session, profile_id: int, question_id: int, correct: bool, guessed: bool,
                now: datetime) -> bool:
    """Updates the review card for an answer, in the caller's transaction; True if a card changed.

    A wrong answer, or a right one marked "I guessed", creates the card when missing and
    reschedules it as Again / Hard; a right answer reschedules an existing card as Good and
    never creates one. A retired question's card is dropped instead. The card is read for
    update and written with an upsert, so two writers cannot both create it.
    """
    question = session.get(Question, question_id)
    where = (ReviewCard.profile_id == profile_id, ReviewCard.question_id == question_id)
    stored = session.execute(
        select(ReviewCard.state, ReviewCard.state_version).where(*where).with_for_update()).first()
    if question is None or question.retired:
        if stored is not None:
            session.execute(delete(ReviewCard).where(*where))
        return stored is not None
    if stored is None and correct and not guessed:
        return False
    state, due = schedule(stored.state if stored else None, question_id, rating_for(correct, guessed), now,
                          stored.state_version if stored else STATE_VERSION)
    table = ReviewCard.__table__
    insert = dialect_insert(session, table).values(
        profile_id=profile_id, question_id=question_id, state=state, state_version=STATE_VERSION, due=due,
        previous_state=dict(stored.state) if stored else {})  # so the student can change this review's grade
    session.execute(insert.on_conflict_do_update(
        index_elements=[table.c.profile_id, table.c.question_id],
        set_={"state": insert.excluded.state, "state_version": insert.excluded.state_version,
              "due": insert.excluded.due, "previous_state": insert.excluded.previous_state},
    ))
    return True
