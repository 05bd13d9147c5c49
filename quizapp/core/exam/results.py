"""The score report of a submitted mock exam: percent correct overall, per domain and per
Clinical Patient Care sub-domain, time used, the trend against earlier exams, and every item.

Only scored items count; the unscored (pretest) items are listed on their own. A percentage is
never presented as the NHA's pass line: the NHA reports a scaled score, which this is not. An
exam pack's results also carry the instructor's pass mark, always labelled as the instructor's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from quizapp.core.db.models import Attempt, AttemptItem, Blueprint, Question
from quizapp.core.errors import UserError
from quizapp.core.exam.attempts import PACK_MODE
from quizapp.core.exam.blueprints import ExamBlueprint, from_row, stamped_pass_mark
from quizapp.core.exam.exposure import mock_exposure
from quizapp.core.exam.submission import AUTO_SUBMITTED
from quizapp.core.packs.template import PASS_MARK_LABEL, pass_mark_text
from quizapp.core.sources import source_titles
from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS
from quizapp.core.views import Feedback, QuestionView, feedback_for, question_view

HISTORY_LENGTH = 10
SCORE_NOTE = ("Percent correct on this practice exam. The NHA reports a scaled score from 200 to 500 "
              "(390 passes), which is not a percentage; this figure is not an NHA pass or fail.")


class ReviewFilter(Enum):
    ALL = "all"
    WRONG = "wrong"  # answered wrongly or left blank
    FLAGGED = "flagged"


@dataclass(frozen=True)
class ScoreRow:
    """One item as the per-domain scoring needs it (hand-built in tests)."""

    domain: str | None
    subdomain: str | None
    scored: bool
    correct: bool


@dataclass(frozen=True)
class ScoreLine:
    name: str
    correct: int
    total: int
    subdomains: tuple[ScoreLine, ...] = ()

    @property
    def score(self) -> float | None:
        """A fraction 0-1, None when the exam had no scored item here."""
        return None if not self.total else self.correct / self.total

    @property
    def percent(self) -> float | None:
        return None if not self.total else 100.0 * self.correct / self.total


@dataclass(frozen=True)
class ReviewItem:
    position: int
    question: QuestionView
    chosen: tuple[int, ...]
    answered: bool
    correct: bool
    flagged: bool
    scored: bool
    feedback: Feedback  # their answer and the key as letters, rationale, sources with titles
    seconds_spent: float

    @property
    def number(self) -> int:
        return self.position + 1


@dataclass(frozen=True)
class HistoryPoint:
    attempt_id: int
    submitted_at: datetime
    score: float | None


@dataclass(frozen=True)
class ExamResults:
    attempt_id: int
    blueprint: str
    blueprint_name: str
    started_at: datetime
    submitted_at: datetime
    auto_submitted: bool
    overall: ScoreLine  # scored items only
    domains: tuple[ScoreLine, ...]
    items: tuple[ReviewItem, ...]  # every item, in exam order
    time_used_seconds: float
    time_limit_seconds: float
    accommodation: float
    strict: bool
    previous_score: float | None  # this profile's previous exam of the same blueprint
    new_items: int  # items not met in an earlier mock exam of this profile
    history: tuple[HistoryPoint, ...]  # up to the last 10 of this blueprint, oldest first, this one last
    note: str = SCORE_NOTE
    pass_mark: float | None = None  # an exam pack's: the instructor's (0-1), never the NHA's
    pass_mark_label: str = PASS_MARK_LABEL

    @property
    def passed(self) -> bool | None:
        """Against the instructor's pass mark; None when there is none (every non-pack exam)."""
        if self.pass_mark is None or self.score is None:
            return None
        return self.score >= self.pass_mark - 1e-9

    @property
    def pass_mark_text(self) -> str | None:
        """"Instructor's pass mark: 70% (set by your instructor …; it is not an NHA pass mark)"."""
        if self.pass_mark is None:
            return None
        return pass_mark_text(self.pass_mark)

    @property
    def score(self) -> float | None:
        return self.overall.score

    @property
    def percent(self) -> float | None:
        return self.overall.percent

    @property
    def change(self) -> float | None:
        """Against the previous exam of this blueprint, in fraction points (0.05 = 5 points)."""
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score

    @property
    def unscored_items(self) -> tuple[ReviewItem, ...]:
        return tuple(item for item in self.items if not item.scored)

    def review(self, which: ReviewFilter = ReviewFilter.ALL) -> tuple[ReviewItem, ...]:
        if which is ReviewFilter.WRONG:
            return tuple(item for item in self.items if not item.correct)
        if which is ReviewFilter.FLAGGED:
            return tuple(item for item in self.items if item.flagged)
        return self.items


def _ordered(found: Iterable[str], preferred: Sequence[str], canonical: Sequence[str]) -> list[str]:
    names = list(dict.fromkeys([*preferred, *found]))
    rank = {n: i for i, n in enumerate([*preferred, *canonical])}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def score_lines(rows: Iterable[ScoreRow], blueprint: ExamBlueprint | None) -> tuple[ScoreLine, ...]:
    """Pure: correct / total of the scored items per domain, and per sub-domain inside Clinical
    Patient Care; every domain of the blueprint is listed, even one the bank could not supply."""
    tally: dict[str, list[int]] = {}
    sub_tally: dict[str, list[int]] = {}
    for row in rows:
        if not row.scored:
            continue
        domain = row.domain or "Unassigned"
        entry = tally.setdefault(domain, [0, 0])
        entry[0] += int(row.correct)
        entry[1] += 1
        if domain == CLINICAL and row.subdomain:
            sub = sub_tally.setdefault(row.subdomain, [0, 0])
            sub[0] += int(row.correct)
            sub[1] += 1
    wanted = list(blueprint.domains) if blueprint else []
    wanted_subs = list(blueprint.subdomains) if blueprint else []
    lines = []
    for name in _ordered(tally, wanted, CCMA_DOMAINS):
        subs: tuple[ScoreLine, ...] = ()
        if name == CLINICAL:
            subs = tuple(ScoreLine(s, *sub_tally.get(s, (0, 0)))
                         for s in _ordered(sub_tally, wanted_subs, CLINICAL_SUBDOMAINS))
        correct, total = tally.get(name, (0, 0))
        lines.append(ScoreLine(name, correct, total, subdomains=subs))
    return tuple(lines)


def _history(session: Session, attempt: Attempt) -> list[HistoryPoint]:
    assert attempt.submitted_at is not None
    rows = session.execute(
        select(Attempt.id, Attempt.submitted_at, Attempt.score)
        .where(Attempt.profile_id == attempt.profile_id, Attempt.mode == attempt.mode,
               Attempt.blueprint_id == attempt.blueprint_id, Attempt.submitted_at.is_not(None),
               Attempt.submitted_at <= attempt.submitted_at)
        .order_by(Attempt.submitted_at.desc(), Attempt.started_at.desc())
        .limit(HISTORY_LENGTH + 1)
    ).all()
    points = [HistoryPoint(i, at, score) for i, at, score in rows if i != attempt.id and at is not None]
    points = points[:HISTORY_LENGTH - 1]
    points.reverse()
    return points


def load_results(session: Session, attempt_id: int) -> ExamResults:
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.mode not in ("mock", PACK_MODE):
        raise UserError("that exam no longer exists")
    if attempt.submitted_at is None:
        raise UserError("this exam has not been submitted yet; its results come after submitting")
    blueprint_row = session.get(Blueprint, attempt.blueprint_id) if attempt.blueprint_id is not None else None
    blueprint = from_row(blueprint_row) if blueprint_row else None
    rows = list(session.scalars(
        select(AttemptItem).where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)))
    questions = {q.id: q for q in session.scalars(
        select(Question).where(Question.id.in_([r.question_id for r in rows]))
        .options(selectinload(Question.choices), selectinload(Question.media)))}
    titles = source_titles(session)
    items = []
    for row in rows:
        question = questions[row.question_id]
        view = question_view(question, list(row.display_order))
        chosen = tuple(row.chosen or ())
        correct = bool(row.correct)
        items.append(ReviewItem(row.position, view, chosen, bool(chosen), correct, row.flagged, row.scored,
                                feedback_for(question, view, list(chosen), correct, titles), row.seconds_spent))
    score_rows = [ScoreRow(i.question.domain, i.question.subdomain, i.scored, i.correct) for i in items]
    scored = [r for r in score_rows if r.scored]
    history = _history(session, attempt)
    previous = history[-1].score if history else None
    met_before = mock_exposure(session, attempt.profile_id, before=attempt.started_at)
    history.append(HistoryPoint(attempt.id, attempt.submitted_at, attempt.score))
    return ExamResults(
        attempt_id=attempt.id,
        blueprint=blueprint.slug if blueprint else "",
        blueprint_name=blueprint.name if blueprint else "Mock exam",
        started_at=attempt.started_at,
        submitted_at=attempt.submitted_at,
        auto_submitted=bool((attempt.settings or {}).get(AUTO_SUBMITTED)),
        overall=ScoreLine("Overall", sum(int(r.correct) for r in scored), len(scored)),
        domains=score_lines(score_rows, blueprint),
        items=tuple(items),
        time_used_seconds=attempt.elapsed_seconds,
        time_limit_seconds=float(attempt.time_limit_seconds or 0.0),
        accommodation=attempt.accommodation,
        strict=attempt.strict,
        previous_score=previous,
        new_items=sum(1 for r in rows if r.question_id not in met_before),
        history=tuple(history),
        pass_mark=(stamped_pass_mark(attempt.settings, blueprint.pass_mark if blueprint is not None else None)
                   if attempt.mode == PACK_MODE else None),
    )
