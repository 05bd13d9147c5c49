"""The exam facade a front end holds as `ctx.exams`: blueprints, availability, start, resume,
the exam to offer `Resume exam` for, and results. Each call is one transaction.

Only one mock exam per profile is open at a time: starting a new one abandons the old one
(kept for the record, never scored, never resumable), so the home page offers `Resume exam`
first and the set-up page says what "Begin exam" would abandon.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Attempt, Blueprint
from quizapp.core.errors import UserError
from quizapp.core.exam.attempts import EXAM_MODES, open_mock_attempts
from quizapp.core.exam.blueprints import ExamBlueprint, exam_blueprints
from quizapp.core.exam.state import BlueprintInfo, InProgressExam
from quizapp.core.exam.timing import resumed_elapsed

if TYPE_CHECKING:  # drawing, the engine, scoring and results load when an exam is first used
    from quizapp.core.exam.availability import Availability
    from quizapp.core.exam.engine import ExamEngine
    from quizapp.core.exam.results import ExamResults


def _info(b: ExamBlueprint) -> BlueprintInfo:
    return BlueprintInfo(b.slug, b.name, b.minutes, b.scored, b.unscored, b.origin,
                         tuple(b.domains.items()), tuple(b.subdomains.items()), b.pass_mark, b.signer_note, b.trusted)


class ExamService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def blueprints(self) -> list[BlueprintInfo]:
        """Built-in blueprints (ccma-full, ccma-half, ccma-quick), then instructors' ones, then
        imported exam packs (`origin == "pack"`, with the instructor's pass mark)."""
        with self._sessions() as session:
            return [_info(b) for b in exam_blueprints(session)]

    def availability(self, slug: str) -> Availability:
        """Wanted vs available per domain; UserError naming the valid slugs for an unknown one."""
        from quizapp.core.exam.availability import blueprint_availability

        with self._sessions() as session:
            return blueprint_availability(session, slug)

    def start(self, profile_id: int, slug: str, *, accommodation: float = 1.0, strict: bool = False,
              seed: int | None = None) -> tuple[ExamEngine, Changes]:
        from quizapp.core.exam.engine import ExamEngine

        return ExamEngine.start(self._sessions, self._clock, profile_id, slug,
                                accommodation=accommodation, strict=strict, seed=seed)

    def resume(self, attempt_id: int) -> tuple[ExamEngine, Changes]:
        from quizapp.core.exam.engine import ExamEngine

        return ExamEngine.resume(self._sessions, self._clock, attempt_id)

    def in_progress(self, profile_id: int) -> InProgressExam | None:
        """The unfinished mock exam to offer `Resume exam` for, if any."""
        with self._sessions() as session:
            open_ones = open_mock_attempts(session, profile_id)
            if not open_ones:
                return None
            attempt = open_ones[0]
            blueprint = session.get(Blueprint, attempt.blueprint_id) if attempt.blueprint_id is not None else None
            limit = float(attempt.time_limit_seconds or 0.0)
            elapsed = resumed_elapsed(attempt.elapsed_seconds, attempt.checkpoint_at, self._clock.now(),
                                      strict=attempt.strict, limit=limit)
            return InProgressExam(
                attempt_id=attempt.id,
                blueprint=blueprint.slug if blueprint else "",
                blueprint_name=blueprint.name if blueprint else "Mock exam",
                started_at=attempt.started_at,
                answered=sum(1 for item in attempt.items if item.chosen),
                total=len(attempt.items),
                remaining_seconds=max(0.0, limit - elapsed),
                strict=attempt.strict,
            )

    def abandon(self, attempt_id: int) -> Changes:
        """Closes an unfinished exam without scoring it: kept for the record, never resumable."""
        with self._sessions.begin() as session:
            attempt = session.get(Attempt, attempt_id)
            if attempt is None or attempt.mode not in EXAM_MODES:
                raise UserError("that exam no longer exists")
            from quizapp.core.exam.submission import abandon_attempt

            abandon_attempt(attempt, self._clock.now())
        return Changes(attempts=True)

    def results(self, attempt_id: int) -> ExamResults:
        with self._sessions() as session:
            from quizapp.core.exam.results import load_results

            return load_results(session, attempt_id)
