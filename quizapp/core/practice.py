"""Practice sessions: a chosen slice of questions, optional instant feedback, resumable.

Each check is its own transaction through quizapp.core.answers (the one way an answer is
recorded): the answer, its tallies, its review card and the session's checkpoint are committed
together the moment the student checks, so closing the window loses nothing.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from quizapp.core.answers import PRACTICE, attempt_score, record_answer
from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Attempt, AttemptItem, Question
from quizapp.core.errors import UserError
from quizapp.core.selection import Candidate, Place, PlaceCount, candidates, place_counts
from quizapp.core.sources import source_titles
from quizapp.core.views import Feedback, QuestionView, feedback_for, question_view

if TYPE_CHECKING:
    from quizapp.core.stats.shape import StatLine

MAX_QUESTIONS = 200


@dataclass(frozen=True)
class PracticeRequest:
    domains: tuple[str | None, ...] | None = None  # None: every domain; a None inside: no CCMA domain
    set_slugs: tuple[str, ...] | None = None  # None: every enabled set
    topics: tuple[str, ...] | None = None
    places: tuple[Place, ...] | None = None  # None: every place; else these (domain, sub-domain, topic)
    count: int = 10
    feedback: bool = True  # show the answer after each question
    seed: int | None = None
    mode: str = "mixed"  # a practice mode of quizapp.core.drills (missed, bookmarked, unseen, weakest, quick)
    question_ids: tuple[int, ...] | None = None  # only these (e.g. the results of a search)


@dataclass(frozen=True)
class PracticeItem:
    position: int
    question: QuestionView
    chosen: tuple[int, ...] | None
    guessed: bool
    feedback: Feedback | None  # present once checked, if the session shows feedback


@dataclass(frozen=True)
class PracticeState:
    attempt_id: int
    items: tuple[PracticeItem, ...]
    current: int
    show_feedback: bool
    finished: bool

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.chosen is not None)


@dataclass(frozen=True)
class DomainScore:
    name: str
    answered: int
    correct: int


@dataclass(frozen=True)
class PracticeSummary:
    attempt_id: int
    answered: int
    correct: int
    total: int
    domains: tuple[DomainScore, ...]
    missed: tuple[PracticeItem, ...]


def order_for_practice(pool: Sequence[Candidate], count: int, rng: random.Random) -> list[int]:
    """Unseen questions first, then missed ones, then the rest; random within each group."""
    shuffled = list(pool)
    rng.shuffle(shuffled)
    shuffled.sort(key=lambda c: c.rank)
    return [c.question_id for c in shuffled[:count]]


class PracticeService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def start(self, profile_id: int, request: PracticeRequest) -> tuple[PracticeState, Changes]:
        count = max(1, min(request.count, MAX_QUESTIONS))
        seed = request.seed if request.seed is not None else random.SystemRandom().randrange(2**31)
        rng = random.Random(seed)
        from quizapp.core import drills  # reads the statistics: loaded when a session starts, not at start-up

        with self._sessions.begin() as session:
            now = self._clock.now()
            pool = candidates(session, profile_id, domains=request.domains, set_slugs=request.set_slugs,
                              topics=request.topics, places=request.places, question_ids=request.question_ids,
                              where=drills.mode_conditions(session, profile_id, request.mode, now))
            if request.mode == drills.QUICK:
                chosen = drills.quick_order(pool, drills.due_today(session, profile_id, now),
                                            drills.weakest_topics(session, profile_id, now), rng, count)
            else:
                chosen = order_for_practice(pool, count, rng)
            if not chosen:
                raise UserError(drills.NOTHING_LEFT.get(request.mode,
                                                        "no questions match that choice; pick more domains or sets"))
            attempt = Attempt(
                uuid=str(uuid.uuid4()), profile_id=profile_id, mode=PRACTICE, seed=seed,
                started_at=now, checkpoint_at=now,
                settings={"domains": [d or "" for d in request.domains or []], "sets": list(request.set_slugs or []),
                          "topics": list(request.topics or []), "feedback": request.feedback,
                          "mode": request.mode},
            )
            questions = {q.id: q for q in session.scalars(
                select(Question).where(Question.id.in_(chosen)).options(selectinload(Question.choices)))}
            for position, qid in enumerate(chosen):
                order = [c.position for c in questions[qid].choices]
                if questions[qid].kind != "truefalse":
                    rng.shuffle(order)
                attempt.items.append(AttemptItem(position=position, question_id=qid, display_order=order))
            session.add(attempt)
            session.flush()
            attempt_id = attempt.id
        return self.state(attempt_id), Changes(attempts=True)

    def state(self, attempt_id: int) -> PracticeState:
        with self._sessions() as session:
            attempt = self._attempt(session, attempt_id)
            titles = source_titles(session)
            show = bool(attempt.settings.get("feedback", True))
            items = tuple(self._item(i, titles, show) for i in attempt.items)
            return PracticeState(attempt.id, items, attempt.current_index, show, attempt.submitted_at is not None)

    def check(self, attempt_id: int, position: int, chosen: Sequence[int], *, guessed: bool = False,
              seconds: float = 0.0) -> tuple[PracticeItem, Changes]:
        """Records an answer for good: practice answers are final once checked."""
        with self._sessions.begin() as session:
            attempt = self._attempt(session, attempt_id)
            recorded = record_answer(session, attempt, position, chosen, self._clock.now(), guessed=guessed,
                                     seconds=seconds)
            show = bool(attempt.settings.get("feedback", True))
            result = self._item(recorded.item, source_titles(session), show)
        return result, Changes(answers=True, review=recorded.card_changed)

    def go_to(self, attempt_id: int, position: int) -> Changes:
        with self._sessions.begin() as session:
            attempt = self._attempt(session, attempt_id)
            attempt.current_index = max(0, min(position, len(attempt.items) - 1))
        return Changes(answers=True)

    def finish(self, attempt_id: int) -> tuple[PracticeSummary, Changes]:
        """Ends the session (from then on it takes no answer) and sums it up."""
        with self._sessions.begin() as session:
            attempt = self._attempt(session, attempt_id)
            if attempt.submitted_at is None:
                attempt.submitted_at = self._clock.now()
                attempt.score = attempt_score(attempt)
        return self.summary(attempt_id), Changes(attempts=True)

    def summary(self, attempt_id: int) -> PracticeSummary:
        with self._sessions() as session:
            attempt = self._attempt(session, attempt_id)
            titles = source_titles(session)
            by_domain: dict[str, list[int]] = {}
            missed = []
            for item in attempt.items:
                if item.correct is None:
                    continue
                question = session.get(Question, item.question_id)
                name = question.domain if question and question.domain else "Unassigned"
                tally = by_domain.setdefault(name, [0, 0])
                tally[0] += 1
                tally[1] += int(item.correct)
                if not item.correct:
                    missed.append(self._item(item, titles, True))
            domains = tuple(DomainScore(n, a, c) for n, (a, c) in sorted(by_domain.items()))
            answered = sum(d.answered for d in domains)
            correct = sum(d.correct for d in domains)
            return PracticeSummary(attempt.id, answered, correct, len(attempt.items), domains, tuple(missed))

    def place_counts(self, profile_id: int | None = None) -> list[PlaceCount]:
        """What practice set-up can offer: questions per set and (domain, sub-domain, topic),
        and with a profile how many of them each practice mode would draw."""
        with self._sessions() as session:
            return place_counts(session, profile_id)

    def weakest_topics(self, profile_id: int) -> tuple[StatLine, ...]:
        """The three topics the Weakest topics mode draws from (the Progress page's three)."""
        from quizapp.core import drills

        with self._sessions() as session:
            return drills.weakest_topics(session, profile_id, self._clock.now())

    def in_progress(self, profile_id: int) -> int | None:
        """The newest unfinished practice session, to offer `Resume practice`."""
        with self._sessions() as session:
            return session.scalar(
                select(Attempt.id)
                .where(Attempt.profile_id == profile_id, Attempt.mode == PRACTICE, Attempt.submitted_at.is_(None))
                .order_by(Attempt.started_at.desc())
                .limit(1)
            )

    @staticmethod
    def _attempt(session: Session, attempt_id: int) -> Attempt:
        attempt = session.get(Attempt, attempt_id)
        if attempt is None:
            raise UserError("that practice session no longer exists")
        return attempt

    @staticmethod
    def _item(item: AttemptItem, titles: dict[str, str], show: bool) -> PracticeItem:
        session = Session.object_session(item)
        assert session is not None
        row = session.get(Question, item.question_id)
        assert row is not None
        view = question_view(row, list(item.display_order))
        feedback = None
        if item.chosen is not None and show:
            feedback = feedback_for(row, view, list(item.chosen), bool(item.correct), titles)
        chosen = tuple(item.chosen) if item.chosen is not None else None
        return PracticeItem(item.position, view, chosen, item.guessed, feedback)
