"""Review sessions over the due cards, scheduled by FSRS per profile (see quizapp.core.scheduling).

Review sessions are attempts of mode "review" shaped like practice sessions (the same frozen
snapshots), so pages can share widgets.

After each answer the student sees when the question comes back, and may change the grade the
app inferred (Again / Hard / Good / Easy, as in Anki): the card is then rescheduled from the
state it had before this review, at the moment of this review, so changing a grade twice is
the same as giving the second grade at once. Only the latest review of a card can be changed;
the answer's verdict (right or wrong, what the statistics count) never changes with it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Rating
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from quizapp.core.answers import REVIEW
from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Attempt, AttemptItem, Question, QuestionSet, ReviewCard
from quizapp.core.errors import UserError
from quizapp.core.practice import PracticeItem, PracticeService, PracticeState, PracticeSummary
from quizapp.core.scheduling import GRADES, end_of_local_day, last_review, outcomes, rating_for

DEFAULT_LIMIT = 50
GRADE_NAMES = {Rating.Again: "Again", Rating.Hard: "Hard", Rating.Good: "Good", Rating.Easy: "Easy"}


def comes_back(due: datetime, now: datetime) -> str:
    """When a question comes back, as a student says it: "again in 10 minutes", "again
    tomorrow", "again in 3 days". Days are local days."""
    seconds = (due - now).total_seconds()
    if seconds < 60:
        return "again now"
    if seconds < 3600:
        minutes = round(seconds / 60)
        return f"again in {minutes} minute{'s' if minutes != 1 else ''}"
    days = (due.astimezone().date() - now.astimezone().date()).days
    if days <= 0:
        hours = round(seconds / 3600)
        return f"again in {hours} hour{'s' if hours != 1 else ''}"
    if days == 1:
        return "again tomorrow"
    if days < 14:
        return f"again in {days} days"
    if days < 60:
        return f"again in {round(days / 7)} weeks"
    if days < 730:
        return f"again in {round(days / 30.44)} months"
    return f"again in {round(days / 365.25)} years"


@dataclass(frozen=True)
class GradeChoice:
    name: str  # Again | Hard | Good | Easy
    key: int  # 1-4, the key that gives it after checking
    due: datetime  # when the question would come back with this grade


@dataclass(frozen=True)
class ReviewGrade:
    """What the review page shows after an answer: when it comes back, and the grades on offer."""

    position: int
    inferred: str  # the grade the app inferred from the answer
    current: str | None  # the grade the card carries now (None: the card is not this review's any more)
    due: datetime | None  # when the question comes back (None: it has no card, e.g. retired since)
    choices: tuple[GradeChoice, ...]  # () when the grade can no longer be changed

    @property
    def changeable(self) -> bool:
        return bool(self.choices)


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


def due_between(session: Session, profile_id: int, ends: Sequence[datetime]) -> list[int]:
    """Servable cards due before `ends[0]` (overdue included), then between each end and the
    next: one pass over the profile's (profile, due) index, however many cards there are."""
    if not ends:
        return []
    buckets = [func.coalesce(func.sum(case((ReviewCard.due < ends[0], 1), else_=0)), 0)]
    buckets += [func.coalesce(func.sum(case(((ReviewCard.due >= start) & (ReviewCard.due < end), 1), else_=0)), 0)
                for start, end in zip(ends, ends[1:], strict=False)]
    row = session.execute(_servable_cards(profile_id, ends[-1]).with_only_columns(*buckets)).one()
    return [int(n) for n in row]


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

    def grade(self, attempt_id: int, position: int) -> ReviewGrade:
        """When an answered review question comes back, and the grades the student may give."""
        with self._sessions() as session:
            item, card = self._answered(session, self._checked(attempt_id), position)
            return _grade(item, card)

    def regrade(self, attempt_id: int, position: int, grade: str) -> tuple[ReviewGrade, Changes]:
        """Changes the grade of this answer's review to `grade` (Again, Hard, Good or Easy):
        the card is rescheduled as if that grade had been given then. The answer itself (right
        or wrong, and every statistic) stays as it was."""
        rating = next((r for r, name in GRADE_NAMES.items() if name.casefold() == grade.casefold()), None)
        if rating is None:
            raise UserError(f"a grade is Again, Hard, Good or Easy, not {grade!r}")
        with self._sessions.begin() as session:
            item, card = self._answered(session, self._checked(attempt_id), position)
            if card is None or not _grade(item, card).changeable:
                raise UserError("this review's grade can no longer be changed: the question has been reviewed "
                                "again since, or its schedule came from another computer")
            reviewed = last_review(card.state)
            assert card.previous_state is not None and reviewed is not None
            state, due = outcomes(card.previous_state, card.question_id, reviewed)[rating]
            card.state, card.due = state, due
            session.flush()
            return _grade(item, card), Changes(review=True)

    @staticmethod
    def _answered(session: Session, attempt_id: int, position: int) -> tuple[AttemptItem, ReviewCard | None]:
        attempt = session.get(Attempt, attempt_id)
        assert attempt is not None
        item = session.get(AttemptItem, (attempt_id, position)) if isinstance(position, int) else None
        if item is None:
            raise UserError(f"there is no question {position} in this review")
        if item.chosen is None or item.correct is None:
            raise UserError("answer this question first; its grade follows from your answer")
        card = session.scalar(select(ReviewCard).where(ReviewCard.profile_id == attempt.profile_id,
                                                       ReviewCard.question_id == item.question_id))
        return item, card

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


def _grade(item: AttemptItem, card: ReviewCard | None) -> ReviewGrade:
    """The grades on offer for an answered item. They can be changed while the card's latest
    review is this answer (its time matches the answer's, stored to the second) and the state
    before it is known."""
    inferred = GRADE_NAMES[rating_for(bool(item.correct), item.guessed)]
    if card is None:
        return ReviewGrade(item.position, inferred, None, None, ())
    reviewed = last_review(card.state)
    answered = item.answered_at
    ours = (reviewed is not None and answered is not None
            and timedelta(0) <= reviewed - answered < timedelta(seconds=1))
    if not ours or card.previous_state is None or reviewed is None:
        return ReviewGrade(item.position, inferred, None, card.due, ())
    options = outcomes(card.previous_state, card.question_id, reviewed)
    current = next((GRADE_NAMES[r] for r, (state, _due) in options.items() if state == card.state), None)
    choices = tuple(GradeChoice(GRADE_NAMES[r], key, options[r][1]) for key, r in enumerate(GRADES, 1))
    return ReviewGrade(item.position, inferred, current, card.due, choices)
