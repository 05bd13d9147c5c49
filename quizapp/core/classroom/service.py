"""The instructor's views as one service: every call checks the instructor passphrase first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.classes import check_instructor, find_class
from quizapp.core.classroom.items import ItemStats, item_analysis
from quizapp.core.classroom.period import Period
from quizapp.core.classroom.results import StudentResult, class_results
from quizapp.core.clock import Clock
from quizapp.core.db.models import Profile, Question, QuestionSet, SchoolClass
from quizapp.core.errors import UserError

if TYPE_CHECKING:  # statistics load when a report is first made
    from quizapp.core.stats import Progress


ALL_TIME = Period()


@dataclass(frozen=True)
class ClassReport:
    class_name: str | None  # None: every student in the database
    period: Period
    made_at: datetime
    students: tuple[StudentResult, ...]
    items: tuple[ItemStats, ...]


@dataclass(frozen=True)
class StudentReport:
    profile: str
    class_name: str | None
    made_at: datetime
    progress: Progress


class InstructorService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def _class_id(self, session: Session, class_name: str | None) -> int | None:
        return None if class_name is None else find_class(session, class_name).id

    def results(self, passphrase: str | None, class_name: str | None = None,
                period: Period = ALL_TIME) -> list[StudentResult]:
        with self._sessions() as session:
            check_instructor(session, passphrase)
            return class_results(session, self._class_id(session, class_name), period)

    def items(self, passphrase: str | None, *, set_slug: str | None = None, class_name: str | None = None,
              period: Period = ALL_TIME, min_answers: int = 1) -> list[ItemStats]:
        with self._sessions() as session:
            check_instructor(session, passphrase)
            known = select(QuestionSet.id).where(QuestionSet.slug == set_slug)
            if set_slug is not None and session.scalar(known) is None:
                raise UserError(f"no question set {set_slug!r} (see `quizapp sets`)")
            return item_analysis(session, period, self._class_id(session, class_name), set_slug, min_answers)

    def retire(self, passphrase: str | None, question_id: int) -> Changes:
        """Retires a question of an imported set (hidden from new practice and exams; its answers
        stay). A built-in question is corrected by the bank's next version, not here."""
        with self._sessions.begin() as session:
            check_instructor(session, passphrase)
            row = session.get(Question, question_id)
            if row is None:
                raise UserError("that question no longer exists")
            if row.question_set.origin_format == "bank":
                raise UserError("built-in questions are corrected in the next version of the bank; report it instead")
            row.retired = True
            row.updated_at = self._clock.now()
        return Changes(bank=True)

    def class_report(self, passphrase: str | None, class_name: str | None = None,
                     period: Period = ALL_TIME) -> ClassReport:
        with self._sessions() as session:
            check_instructor(session, passphrase)
            class_id = self._class_id(session, class_name)
            name = None if class_id is None else session.get(SchoolClass, class_id).name  # type: ignore[union-attr]
            students = class_results(session, class_id, period)
            items = item_analysis(session, period, class_id)
        return ClassReport(name, period, self._clock.now(), tuple(students), tuple(items))

    def student_report(self, passphrase: str | None, profile_id: int) -> StudentReport:
        from quizapp.core.stats import StatsService

        with self._sessions() as session:
            check_instructor(session, passphrase)
            row = session.get(Profile, profile_id)
            if row is None:
                raise UserError("that profile no longer exists")
            name = row.name
            cls = None if row.class_id is None else session.get(SchoolClass, row.class_id)
            class_name = None if cls is None else cls.name
        progress = StatsService(self._sessions, self._clock).progress(profile_id)
        return StudentReport(name, class_name, self._clock.now(), progress)
