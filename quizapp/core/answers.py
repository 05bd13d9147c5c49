"""The one way an answer is recorded, for practice, review and mock exams alike.

`record_answer` validates the position and the choices against the question (no negative or
missing position, only options the question has, exactly one unless it takes several), refuses
a closed attempt, and stores the choice. Practice and review settle an answer at once (final,
with feedback); a mock exam stores the choice, which the student may change, and settles every
item when it is submitted (`submit_exam`). Settling scores the answer (quizapp.core.scoring),
counts it in the summaries (quizapp.core.tallies) unless it is an unscored pretest item, and
schedules its review card (quizapp.core.scheduling).

Everything here runs in the caller's transaction and never commits, so an answer, its tallies,
its card and the attempt's checkpoint are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from quizapp.core.db.models import Attempt, AttemptItem, Question
from quizapp.core.errors import AttemptClosed, UserError
from quizapp.core.exam.attempts import ABANDONED, EXAM_MODES
from quizapp.core.exam.errors import ExamClosed
from quizapp.core.scheduling import note_answer
from quizapp.core.scoring import is_correct, validated_choice
from quizapp.core.tallies import SETTLED, count_answer, recount_verdict, refresh_last_verdict

PRACTICE = "practice"
REVIEW = "review"


@dataclass(frozen=True)
class Recorded:
    """What `record_answer` stored: the item (settled unless in an exam), its question, and
    whether a review card changed."""

    item: AttemptItem
    question: Question
    card_changed: bool


def ensure_open(attempt: Attempt) -> None:
    """Raises AttemptClosed (ExamClosed for an exam) unless the attempt still takes answers."""
    if attempt.mode in EXAM_MODES:
        if attempt.submitted_at is not None:
            raise ExamClosed("this exam has been submitted; a submitted exam cannot be changed")
        if (attempt.settings or {}).get(ABANDONED):
            raise ExamClosed("this exam was abandoned when a new one started; it cannot be changed")
    elif attempt.submitted_at is not None:
        raise AttemptClosed("this session has ended; start a new one to answer more questions")


def served_item(session: Session, attempt: Attempt, position: int) -> AttemptItem:
    """The attempt's item at `position` (0-based); UserError for any other number."""
    item = None
    if isinstance(position, int) and not isinstance(position, bool) and position >= 0:
        item = session.get(AttemptItem, (attempt.id, position))
    if item is None:
        raise UserError(f"there is no question {position + 1 if isinstance(position, int) else position} here")
    return item


def _question(session: Session, question_id: int) -> Question:
    question = session.scalar(
        select(Question).where(Question.id == question_id).options(selectinload(Question.choices)))
    assert question is not None, "an attempt item always points at a question"
    return question


def record_answer(session: Session, attempt: Attempt, position: int, chosen: Sequence[int], now: datetime, *,
                  guessed: bool = False, seconds: float = 0.0) -> Recorded:
    """Records a choice for the item at `position`. Does not commit.

    Practice and review: the answer is final and settled now (a second answer to the same item
    is refused). Mock exams and packs: the choice is stored and may change until submit.
    """
    ensure_open(attempt)
    item = served_item(session, attempt, position)
    question = _question(session, item.question_id)
    picked = validated_choice(question.kind, {c.position for c in question.choices}, chosen)
    if attempt.mode in EXAM_MODES:
        item.chosen, item.answered_at = list(picked), now
        return Recorded(item, question, False)
    if item.chosen is not None:
        raise UserError("this question was already answered")
    item.chosen, item.answered_at = list(picked), now
    item.guessed = guessed
    item.seconds_spent = max(0.0, seconds)
    attempt.checkpoint_at = now
    return Recorded(item, question, settle(session, attempt, item, question, now))


def clear_answer(session: Session, attempt: Attempt, position: int) -> AttemptItem:
    """Takes back an exam answer before submitting (practice answers are final)."""
    ensure_open(attempt)
    if attempt.mode not in EXAM_MODES:
        raise UserError("a checked answer is final")
    item = served_item(session, attempt, position)
    item.chosen, item.answered_at = None, None
    return item


def settle(session: Session, attempt: Attempt, item: AttemptItem, question: Question, now: datetime) -> bool:
    """Scores an item; counts a scored answer in the summaries; schedules its review card.
    A blank item is wrong but is not an answer: nothing is counted or scheduled. Returns
    whether a review card changed."""
    key = [c.position for c in question.choices if c.is_correct]
    item.correct = item.chosen is not None and is_correct(question.kind, item.chosen, key)
    if item.chosen is None:
        return False
    if item.scored:
        count_answer(session, attempt.profile_id, question, item.answered_at or now, item.correct,
                     item.seconds_spent)
    return note_answer(session, attempt.profile_id, question.id, item.correct, item.guessed, now)


def submit_exam(session: Session, attempt: Attempt, now: datetime) -> None:
    """Settles every item of an exam and stores its score over the scored items (a blank is
    wrong; unscored pretest items never count). Does not commit or close the attempt."""
    ensure_open(attempt)
    questions = {q.id: q for q in session.scalars(
        select(Question).where(Question.id.in_({i.question_id for i in attempt.items}))
        .options(selectinload(Question.choices)))}
    for item in attempt.items:
        settle(session, attempt, item, questions[item.question_id], now)
    attempt.score = attempt_score(attempt)


def attempt_score(attempt: Attempt) -> float | None:
    """The share of settled, scored items that are right (after an exam's submission every item
    is settled, a blank as wrong); None when there is none. Pretest items never count."""
    settled = [item for item in attempt.items if item.scored and item.correct is not None]
    return sum(1 for item in settled if item.correct) / len(settled) if settled else None


def rescore_question(session: Session, question: Question, now: datetime) -> int:
    """Re-scores every settled answer to a question against its current key, in the caller's
    transaction: the items, the summaries and the scores of submitted attempts follow.
    Returns how many verdicts changed. Answers not yet settled (an exam in progress) are left
    for their submission to score."""
    key = [c.position for c in question.choices if c.is_correct]
    changed = 0
    touched: set[int] = set()
    profiles: set[int] = set()
    rows = session.execute(
        select(AttemptItem, Attempt)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(AttemptItem.question_id == question.id, SETTLED)
    ).all()
    for item, attempt in rows:
        now_right = is_correct(question.kind, item.chosen or [], key)
        if item.correct == now_right:
            continue
        changed += 1
        item.correct = now_right
        touched.add(attempt.id)
        if item.scored:
            recount_verdict(session, attempt.profile_id, question, item.answered_at or now, now_right)
            profiles.add(attempt.profile_id)
    session.flush()
    for profile_id in profiles:
        refresh_last_verdict(session, profile_id, question.id)
    for attempt_id in touched:
        found = session.get(Attempt, attempt_id)
        if found is not None and found.submitted_at is not None:
            found.score = attempt_score(found)
    return changed
