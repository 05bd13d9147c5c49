"""The summaries of a student's answers that every figure on screen is read from.

`tally_question` holds all-time counts per profile and question (plus the latest answer's
verdict, for "unseen first, then missed"); `tally_day` holds counts per profile, local day and
topic, for the recent windows, the weekly chart and readiness. Both are kept in the
transaction that records or re-scores an answer, with `INSERT … ON CONFLICT DO UPDATE`, so
they never disagree with the answers and concurrent writers never lose an update.

What counts: a settled, chosen, scored answer. Settled means scored by the answer path:
practice and review answers when checked, an exam's when it is submitted (`SETTLED`).
Unscored (pretest) items never reach a summary (DESIGN.md: they count in no statistic of
readiness), and neither does a blank exam item or an exam never submitted. `COUNTED` says
this once for every query that re-scores, rebuilds or moves tallies from the answers
themselves (each joins `attempt`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.orm import Session

from quizapp.core.db.models import Attempt, AttemptItem, Question, TallyDay, TallyQuestion, TallyTopic
from quizapp.core.db.upsert import dialect_insert
from quizapp.core.exam.attempts import EXAM_MODES

_EPOCH = date(1970, 1, 1).toordinal()

SETTLED: ColumnElement[bool] = and_(
    AttemptItem.chosen.is_not(None), AttemptItem.correct.is_not(None),
    or_(Attempt.mode.not_in(EXAM_MODES), Attempt.submitted_at.is_not(None)))
COUNTED: ColumnElement[bool] = and_(SETTLED, AttemptItem.scored.is_(True))


def day_number(moment: datetime | date) -> int:
    """The local day of `moment` (DESIGN.md "Time": days are local) as days since 1970-01-01."""
    local = moment.astimezone().date() if isinstance(moment, datetime) else moment
    return local.toordinal() - _EPOCH


def day_of(number: int) -> date:
    return date.fromordinal(number + _EPOCH)


@dataclass(frozen=True)
class Place:
    """Where a question sits in the test plan; what `tally_day` counts its answers under."""

    domain: str | None
    subdomain: str | None
    topic: str | None

    @classmethod
    def of(cls, question: Question) -> Place:
        return cls(question.domain, question.subdomain, question.topic)


def topic_id(session: Session, place: Place) -> int:
    """The `tally_topic` row for a place, created on first use (race-free: insert or ignore)."""
    key = {"domain": place.domain or "", "subdomain": place.subdomain or "", "topic": place.topic or ""}
    where = [getattr(TallyTopic, name) == value for name, value in key.items()]
    found = session.scalar(select(TallyTopic.id).where(*where))
    if found is None:
        session.execute(dialect_insert(session, TallyTopic.__table__).values(**key).on_conflict_do_nothing())
        found = session.scalar(select(TallyTopic.id).where(*where))
    assert found is not None
    return int(found)


def add_day(session: Session, profile_id: int, day: int, topic: int, answered: int, correct: int) -> None:
    """Adds to one `tally_day` row (negative numbers take away; a row left empty is removed)."""
    table = TallyDay.__table__
    insert = dialect_insert(session, table).values(
        profile_id=profile_id, day=day, topic_id=topic, answered=answered, correct=correct)
    session.execute(insert.on_conflict_do_update(
        index_elements=[table.c.profile_id, table.c.day, table.c.topic_id],
        set_={"answered": table.c.answered + insert.excluded.answered,
              "correct": table.c.correct + insert.excluded.correct},
    ))
    if answered < 0:
        session.execute(delete(TallyDay).where(
            TallyDay.profile_id == profile_id, TallyDay.day == day, TallyDay.topic_id == topic,
            TallyDay.answered <= 0))


def add_question(session: Session, profile_id: int, question_id: int, *, answered: int, correct: int,
                 seconds: float, at: datetime, last_correct: bool) -> None:
    """Adds to one `tally_question` row; the latest verdict is kept only if `at` is not older
    than the one stored (an imported history can bring older answers)."""
    table = TallyQuestion.__table__
    insert = dialect_insert(session, table).values(
        profile_id=profile_id, question_id=question_id, answered=answered, correct=correct,
        spent_ms=max(0.0, seconds), last_at=at, last_correct=last_correct)  # the column types encode them
    newer = insert.excluded.last_at >= table.c.last_at
    session.execute(insert.on_conflict_do_update(
        index_elements=[table.c.profile_id, table.c.question_id],
        set_={"answered": table.c.answered + insert.excluded.answered,
              "correct": table.c.correct + insert.excluded.correct,
              "spent_ms": table.c.spent_ms + insert.excluded.spent_ms,
              "last_correct": case((newer, insert.excluded.last_correct), else_=table.c.last_correct),
              "last_at": case((newer, insert.excluded.last_at), else_=table.c.last_at)},
    ))


def add_many(session: Session, profile_id: int, questions: list[tuple[int, int, int, float, datetime, bool]],
             days: list[tuple[int, int, int, int]]) -> None:
    """Adds whole batches (an imported history) with one statement each, run for many rows:
    `questions` as (question id, answered, correct, seconds, latest answer's time, its verdict),
    `days` as (day, topic id, answered, correct). The same upserts as `add_question` and
    `add_day`, without building a statement per row."""
    if questions:
        table = TallyQuestion.__table__
        insert = dialect_insert(session, table)
        newer = insert.excluded.last_at >= table.c.last_at
        statement = insert.on_conflict_do_update(
            index_elements=[table.c.profile_id, table.c.question_id],
            set_={"answered": table.c.answered + insert.excluded.answered,
                  "correct": table.c.correct + insert.excluded.correct,
                  "spent_ms": table.c.spent_ms + insert.excluded.spent_ms,
                  "last_correct": case((newer, insert.excluded.last_correct), else_=table.c.last_correct),
                  "last_at": case((newer, insert.excluded.last_at), else_=table.c.last_at)})
        session.execute(statement, [
            {"profile_id": profile_id, "question_id": q, "answered": a, "correct": c, "spent_ms": max(0.0, sec),
             "last_at": at, "last_correct": last} for q, a, c, sec, at, last in questions])
    if days:
        table = TallyDay.__table__
        insert = dialect_insert(session, table)
        statement = insert.on_conflict_do_update(
            index_elements=[table.c.profile_id, table.c.day, table.c.topic_id],
            set_={"answered": table.c.answered + insert.excluded.answered,
                  "correct": table.c.correct + insert.excluded.correct})
        session.execute(statement, [{"profile_id": profile_id, "day": d, "topic_id": t, "answered": a, "correct": c}
                                    for d, t, a, c in days])


def count_answer(session: Session, profile_id: int, question: Question, at: datetime, correct: bool,
                 seconds: float) -> None:
    """Counts one settled, scored answer in both summaries."""
    add_question(session, profile_id, question.id, answered=1, correct=int(correct), seconds=seconds, at=at,
                 last_correct=correct)
    add_day(session, profile_id, day_number(at), topic_id(session, Place.of(question)), 1, int(correct))


def recount_verdict(session: Session, profile_id: int, question: Question, at: datetime, now_correct: bool) -> None:
    """A counted answer's verdict flipped (its question was re-keyed): move one correct."""
    delta = 1 if now_correct else -1
    session.execute(update(TallyQuestion)
                    .where(TallyQuestion.profile_id == profile_id, TallyQuestion.question_id == question.id)
                    .values(correct=TallyQuestion.correct + delta)
                    .execution_options(synchronize_session=False))
    add_day(session, profile_id, day_number(at), topic_id(session, Place.of(question)), 0, delta)


def refresh_last_verdict(session: Session, profile_id: int, question_id: int) -> None:
    """Sets `last_correct` from the newest counted answer (after a re-score changed verdicts)."""
    newest = session.execute(
        select(AttemptItem.correct)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.profile_id == profile_id, AttemptItem.question_id == question_id, COUNTED)
        .order_by(AttemptItem.answered_at.desc()).limit(1)
    ).scalar()
    if newest is not None:
        session.execute(update(TallyQuestion)
                        .where(TallyQuestion.profile_id == profile_id, TallyQuestion.question_id == question_id)
                        .values(last_correct=bool(newest))
                        .execution_options(synchronize_session=False))


def _counted_by_day(session: Session, question_id: int) -> dict[tuple[int, int], list[int]]:
    """(profile, local day) -> [answered, correct] of a question's counted answers."""
    cells: dict[tuple[int, int], list[int]] = {}
    for profile_id, at, correct in session.execute(
        select(Attempt.profile_id, AttemptItem.answered_at, AttemptItem.correct)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(AttemptItem.question_id == question_id, COUNTED, AttemptItem.answered_at.is_not(None))
    ):
        assert at is not None
        cell = cells.setdefault((profile_id, day_number(at)), [0, 0])
        cell[0] += 1
        cell[1] += int(bool(correct))
    return cells


def move_question(session: Session, question: Question, old: Place) -> None:
    """A question was moved to another domain, sub-domain or topic: its answers' daily tallies
    follow it, in the caller's transaction (the all-time tallies are per question already)."""
    new = Place.of(question)
    if new == old:
        return
    cells = _counted_by_day(session, question.id)
    if not cells:
        return
    source, target = topic_id(session, old), topic_id(session, new)
    for (profile_id, day), (answered, correct) in cells.items():
        add_day(session, profile_id, day, source, -answered, -correct)
        add_day(session, profile_id, day, target, answered, correct)


def forget_profile(session: Session, profile_id: int) -> None:
    """Removes a profile's summaries (its history is being reset or deleted)."""
    for model in (TallyDay, TallyQuestion):
        session.execute(delete(model).where(model.profile_id == profile_id)
                        .execution_options(synchronize_session=False))


def totals(session: Session, profile_id: int) -> tuple[int, int]:
    """(answered, correct) over a profile's whole history, from the per-question tallies."""
    answered, correct = session.execute(
        select(func.coalesce(func.sum(TallyQuestion.answered), 0), func.coalesce(func.sum(TallyQuestion.correct), 0))
        .where(TallyQuestion.profile_id == profile_id)).one()
    return int(answered), int(correct)
