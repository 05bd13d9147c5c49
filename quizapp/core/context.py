"""The one object a front end holds: a data dir opened, and the services over it.

It holds no logic itself (STYLE.md: Anki's Collection); each service has one job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizapp.core.bank.service import BankService
from quizapp.core.clock import Clock, SystemClock
from quizapp.core.db.engine import Database, open_database
from quizapp.core.exam.service import ExamService
from quizapp.core.imports import ImportService
from quizapp.core.overview import OverviewService
from quizapp.core.practice import PracticeService
from quizapp.core.profiles import ProfileService
from quizapp.core.reports import ReportService
from quizapp.core.sets import SetService


@dataclass
class AppContext:
    data_dir: Path
    clock: Clock
    db: Database
    bank: BankService
    sets: SetService
    profiles: ProfileService
    practice: PracticeService
    reports: ReportService
    overview: OverviewService
    imports: ImportService
    exams: ExamService

    @classmethod
    def open(cls, data_dir: Path, clock: Clock | None = None, bank_dir: Path | None = None) -> AppContext:
        clock = clock or SystemClock()
        db = open_database(data_dir, clock.now())
        return cls(
            data_dir=data_dir,
            clock=clock,
            db=db,
            bank=BankService(db.sessions, clock, bank_dir),
            sets=SetService(db.sessions),
            profiles=ProfileService(db.sessions, clock),
            practice=PracticeService(db.sessions, clock),
            reports=ReportService(db.sessions, clock),
            overview=OverviewService(db.sessions),
            imports=ImportService(db.sessions, clock),
            exams=ExamService(db.sessions, clock),
        )

    def close(self) -> None:
        self.db.dispose()
