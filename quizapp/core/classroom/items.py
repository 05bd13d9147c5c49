"""Item analysis (DESIGN.md "Item statistics"): per question, how many students answered, the
share right (p), the point-biserial discrimination against the rest score, how often each
option was chosen, reports, and flags.

Each student counts once per item, by their first scored answer to it in the period. The
database picks those first answers in one GROUP BY over student and question (the same SQL on
SQLite and PostgreSQL); what reaches Python is one row per student and item
(tens of thousands for a class, never the million answers), and the statistics are pure
functions of those rows, tested with hand-built ones.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, case, func, select, type_coerce
from sqlalchemy.orm import Session

from quizapp.core.classroom.period import Period
from quizapp.core.db.models import Attempt, AttemptItem, Choice, Profile, Question, QuestionReport, QuestionSet
from quizapp.core.db.types import to_epoch

MIN_STUDENTS = 30  # statistics and flags need at least this many students
VERY_EASY, VERY_HARD, LOW_DISCRIMINATION = 0.90, 0.30, 0.15


@dataclass(frozen=True)
class FirstAnswer:
    """A student's first scored answer to a question in the period."""

    profile_id: int
    question_id: int
    correct: bool
    chosen: tuple[int, ...]  # the stored positions chosen


@dataclass(frozen=True)
class ChoiceCount:
    letter: str
    correct: bool
    chosen: int


@dataclass(frozen=True)
class ItemStats:
    question_id: int
    set_slug: str
    ext_id: str
    stem: str
    builtin: bool
    retired: bool
    answers: int  # students
    p: float | None
    discrimination: float | None
    choices: tuple[ChoiceCount, ...]
    reports: int
    flags: tuple[str, ...]


@dataclass(frozen=True)
class QuestionFacts:
    set_slug: str
    ext_id: str
    stem: str
    keys: frozenset[int]
    options: int
    builtin: bool
    retired: bool


def point_biserial(pairs: Sequence[tuple[bool, float]]) -> float | None:
    """Pearson's r between right/wrong and the rest score; None when either does not vary."""
    n = len(pairs)
    if n < 2:
        return None
    xs = [1.0 if right else 0.0 for right, _ in pairs]
    ys = [rest for _, rest in pairs]
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def analyse(answers: Iterable[FirstAnswer], facts: dict[int, QuestionFacts], reports: dict[int, int],
            min_answers: int = 1) -> list[ItemStats]:
    """The statistics of every question with at least `min_answers` students. Pure."""
    by_student: dict[int, list[FirstAnswer]] = defaultdict(list)
    by_item: dict[int, list[FirstAnswer]] = defaultdict(list)
    for answer in answers:
        if answer.question_id in facts:
            by_student[answer.profile_id].append(answer)
            by_item[answer.question_id].append(answer)
    totals = {pid: (sum(a.correct for a in rows), len(rows)) for pid, rows in by_student.items()}

    def rest(answer: FirstAnswer) -> float | None:
        right, count = totals[answer.profile_id]
        others = count - 1
        return None if others == 0 else (right - int(answer.correct)) / others

    out = []
    for qid, rows in by_item.items():
        n = len(rows)
        if n < max(1, min_answers):
            continue
        fact = facts[qid]
        counts = [0] * fact.options
        for a in rows:
            for position in a.chosen:
                if position < fact.options:
                    counts[position] += 1
        p = sum(a.correct for a in rows) / n
        scored = [(a.correct, r) for a in rows if (r := rest(a)) is not None]
        enough = n >= MIN_STUDENTS
        discrimination = point_biserial(scored) if enough else None
        flags: list[str] = []
        if enough:
            if p > VERY_EASY:
                flags.append("very-easy")
            if p < VERY_HARD:
                flags.append("very-hard")
            if discrimination is not None and discrimination < LOW_DISCRIMINATION:
                flags.append("no-discrimination")
            if _key_doubtful(rows, rest, fact):
                flags.append("check-key")
        if reports.get(qid, 0):
            flags.append("reported")
        choices = tuple(ChoiceCount(chr(ord("A") + i), i in fact.keys, counts[i]) for i in range(fact.options))
        out.append(ItemStats(qid, fact.set_slug, fact.ext_id, fact.stem, fact.builtin, fact.retired, n, p,
                             discrimination, choices, reports.get(qid, 0), tuple(flags)))
    return sorted(out, key=lambda s: (s.set_slug, s.ext_id))


def _key_doubtful(rows: list[FirstAnswer], rest: object, fact: QuestionFacts) -> bool:
    """A distractor chosen more often than the key by the top third of students by rest score."""
    ranked = sorted(((r, a) for a in rows if (r := rest(a)) is not None),  # type: ignore[operator]
                    key=lambda pair: pair[0], reverse=True)
    top = [a for _, a in ranked[: max(1, len(ranked) // 3)]] if ranked else []
    if not top:
        return False
    counts = [0] * fact.options
    for a in top:
        for position in a.chosen:
            if position < fact.options:
                counts[position] += 1
    key_count = max((counts[k] for k in fact.keys if k < fact.options), default=0)
    return any(counts[i] > key_count for i in range(fact.options) if i not in fact.keys)


_CORRECT_BIT = 1 << 15  # above every choice mask (positions 0-14)
_TIME_SHIFT = 1 << 16  # answered_at (seconds) above the verdict and the mask: < 2**50 until 2500
_POSITIONS: dict[int, tuple[int, ...]] = {}


def _positions(mask: int) -> tuple[int, ...]:
    """A stored choice mask as positions, remembered: a class's answers use a handful of masks."""
    found = _POSITIONS.get(mask)
    if found is None:
        found = _POSITIONS[mask] = tuple(p for p in range(mask.bit_length()) if mask >> p & 1)
    return found


def first_answers(session: Session, period: Period, class_id: int | None, set_slug: str | None) -> list[FirstAnswer]:
    """Each student's first scored, settled answer to each question in the period, in one
    GROUP BY: the earliest answer's time, verdict and choice packed into one integer whose
    minimum is that answer (answers in the same second: the smaller packed value). Read as plain
    integers (no ORM rows, no type per value)."""
    item = AttemptItem.__table__.c
    chosen = type_coerce(item.chosen, Integer)
    at = type_coerce(item.answered_at, Integer)
    packed = at * _TIME_SHIFT + case((item.correct.is_(True), _CORRECT_BIT), else_=0) + chosen
    query = (select(Attempt.profile_id, item.question_id, func.min(packed))
             .join(Attempt, Attempt.id == item.attempt_id)
             .where(item.scored.is_(True), item.correct.is_not(None), item.chosen.is_not(None),
                    item.answered_at.is_not(None))
             .group_by(Attempt.profile_id, item.question_id))
    if period.start is not None:
        query = query.where(at >= to_epoch(period.start))
    if period.end is not None:
        query = query.where(at < to_epoch(period.end))
    if class_id is not None:
        query = query.where(Attempt.profile_id.in_(select(Profile.id).where(Profile.class_id == class_id)))
    if set_slug is not None:
        query = query.where(item.question_id.in_(
            select(Question.id).join(QuestionSet, QuestionSet.id == Question.set_id)
            .where(QuestionSet.slug == set_slug)))
    out = []
    for p, q, value in session.connection().execute(query):
        low = value % _TIME_SHIFT
        out.append(FirstAnswer(p, q, bool(low & _CORRECT_BIT), _positions(low & (_CORRECT_BIT - 1))))
    return out


def question_facts(session: Session, question_ids: Iterable[int]) -> dict[int, QuestionFacts]:
    wanted = sorted(set(question_ids))
    facts: dict[int, QuestionFacts] = {}
    if not wanted:
        return facts
    keys: dict[int, set[int]] = defaultdict(set)
    options: dict[int, int] = defaultdict(int)
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start:start + 5000]
        for qid, position, is_correct in session.execute(
                select(Choice.question_id, Choice.position, Choice.is_correct).where(Choice.question_id.in_(chunk))):
            options[qid] = max(options[qid], position + 1)
            if is_correct:
                keys[qid].add(position)
        for qid, slug, origin, ext_id, stem, retired in session.execute(
                select(Question.id, QuestionSet.slug, QuestionSet.origin_format, Question.ext_id, Question.stem,
                       Question.retired)
                .join(QuestionSet, QuestionSet.id == Question.set_id).where(Question.id.in_(chunk))):
            facts[qid] = QuestionFacts(slug, ext_id, stem, frozenset(keys[qid]), options[qid], origin == "bank",
                                       bool(retired))
    return facts


def report_counts(session: Session, class_id: int | None) -> dict[int, int]:
    query = select(QuestionReport.question_id, func.count(QuestionReport.id)).group_by(QuestionReport.question_id)
    if class_id is not None:
        query = query.where(QuestionReport.profile_id.in_(select(Profile.id).where(Profile.class_id == class_id)))
    return {int(q): int(n) for q, n in session.execute(query)}


def item_analysis(session: Session, period: Period, class_id: int | None = None, set_slug: str | None = None,
                  min_answers: int = 1) -> list[ItemStats]:
    answers = first_answers(session, period, class_id, set_slug)
    facts = question_facts(session, (a.question_id for a in answers))
    return analyse(answers, facts, report_counts(session, class_id), min_answers)
