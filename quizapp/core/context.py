"""The one object a front end holds: a data dir opened, and the services over it.

It holds no logic itself (STYLE.md: Anki's Collection); each service has one job. Services are
built on first use, so start-up pays only for what the home page needs (importers, exams and
statistics load their modules when a page first asks for them).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.core.bank.service import BankService
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.db.engine import Database, open_database
from quizapp.core.db.location import DatabaseLocation
from quizapp.core.overview import OverviewService
from quizapp.core.practice import PracticeService
from quizapp.core.profiles import ProfileService
from quizapp.core.sets import SetService

if TYPE_CHECKING:
    from quizapp.core.classes import ClassService
    from quizapp.core.classroom.service import InstructorService
    from quizapp.core.exam.service import ExamService
    from quizapp.core.exports import ExportService
    from quizapp.core.goals import GoalService
    from quizapp.core.imports import ImportService
    from quizapp.core.marks import MarksService
    from quizapp.core.notes import NoteService
    from quizapp.core.packs.service import PackService
    from quizapp.core.reports import ReportService
    from quizapp.core.review import ReviewService
    from quizapp.core.search.service import SearchService
    from quizapp.core.stats import StatsService


class AppContext:
    def __init__(self, data_dir: Path, clock: Clock, db: Database, bank_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.clock = clock
        self.db = db
        self._bank_dir = bank_dir

    @classmethod
    def open(cls, data_dir: Path, clock: Clock | None = None, bank_dir: Path | None = None,
             database: DatabaseLocation | None = None) -> AppContext:
        """The data dir's services over `database`, else the database QUIZAPP_DATABASE_URL
        names, else the SQLite file in the data dir (DESIGN.md, Database location)."""
        clock = clock or SystemClock()
        return cls(data_dir, clock, open_database(data_dir, clock.now(), database), bank_dir)

    def close(self) -> None:
        self.db.dispose()

    @cached_property
    def bank(self) -> BankService:
        return BankService(self.db.sessions, self.clock, self._bank_dir)

    @cached_property
    def sets(self) -> SetService:
        return SetService(self.db.sessions)

    @cached_property
    def profiles(self) -> ProfileService:
        if self.db.is_server:  # a lab computer remembers its own last profile, not the server's
            from quizapp.core.last_profile import LastProfile

            return ProfileService(self.db.sessions, self.clock, LastProfile(self.data_dir, self.db.location.describe()))
        return ProfileService(self.db.sessions, self.clock)

    @cached_property
    def notes(self) -> NoteService:
        from quizapp.core.notes import NoteService

        return NoteService(self.db.sessions)

    @cached_property
    def practice(self) -> PracticeService:
        return PracticeService(self.db.sessions, self.clock)

    @cached_property
    def overview(self) -> OverviewService:
        return OverviewService(self.db.sessions)

    @cached_property
    def reports(self) -> ReportService:
        from quizapp.core.reports import ReportService

        return ReportService(self.db.sessions, self.clock)

    @cached_property
    def imports(self) -> ImportService:
        from quizapp.core.imports import ImportService

        return ImportService(self.db.sessions, self.clock)

    @cached_property
    def exams(self) -> ExamService:
        from quizapp.core.exam.service import ExamService

        return ExamService(self.db.sessions, self.clock)

    @cached_property
    def stats(self) -> StatsService:
        from quizapp.core.stats import StatsService

        return StatsService(self.db.sessions, self.clock)

    @cached_property
    def review(self) -> ReviewService:
        from quizapp.core.review import ReviewService

        return ReviewService(self.db.sessions, self.clock)

    @cached_property
    def exports(self) -> ExportService:
        from quizapp.core.exports import ExportService

        return ExportService(self.db.sessions)

    @cached_property
    def classes(self) -> ClassService:
        from quizapp.core.classes import ClassService

        return ClassService(self.db.sessions, self.clock)

    @cached_property
    def instructor(self) -> InstructorService:
        from quizapp.core.classroom.service import InstructorService

        return InstructorService(self.db.sessions, self.clock)

    @cached_property
    def packs(self) -> PackService:
        from quizapp.core.packs.service import PackService

        return PackService(self.db.sessions, self.clock, self.data_dir)

    @cached_property
    def marks(self) -> MarksService:
        from quizapp.core.marks import MarksService

        return MarksService(self.db.sessions, self.clock)

    @cached_property
    def goals(self) -> GoalService:
        from quizapp.core.goals import GoalService

        return GoalService(self.db.sessions, self.clock)

    @cached_property
    def search(self) -> SearchService:
        from quizapp.core.search.service import SearchService

        return SearchService(self.db.sessions)
