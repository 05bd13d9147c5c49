""""Report a problem": students flag a question; instructors read the reports later, per set,
and take them away as a CSV sheet (written atomically, like every export)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Profile, Question, QuestionReport, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.formats.spreadsheet import escape_cell

REASONS: dict[str, str] = {
    "wrong-key": "The marked answer is wrong",
    "unclear": "The question is unclear",
    "typo": "Typo or formatting",
    "other": "Something else",
}
MAX_NOTE = 2000
CSV_COLUMNS = ("set", "question_id", "reason", "reason_text", "note", "profile", "created_at", "stem")


@dataclass(frozen=True)
class ReportView:
    set_slug: str
    question_ext_id: str
    stem: str
    reason: str
    note: str
    profile: str
    created_at: datetime

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass(frozen=True)
class ReportExport:
    out: Path
    reports: int


def reports_csv(reports: list[ReportView]) -> str:
    """Pure: the sheet's text (UTF-8 BOM and CRLF, for Excel); times in ISO 8601, local zone."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in reports:
        # Every cell, not only the student's: an imported id or stem can start like a formula too.
        writer.writerow([escape_cell(cell) for cell in (
            r.set_slug, r.question_ext_id, r.reason, r.reason_text, r.note, r.profile,
            r.created_at.astimezone().isoformat(timespec="seconds"), r.stem)])
    return "\ufeff" + buffer.getvalue()


class ReportService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def submit(self, profile_id: int, question_id: int, reason: str, note: str = "") -> Changes:
        if reason not in REASONS:
            raise UserError(f"choose a reason: {', '.join(REASONS)}")
        note = note.strip()
        if reason == "other" and not note:
            raise UserError("say in a few words what is wrong")
        with self._sessions.begin() as session:
            if session.get(Question, question_id) is None:
                raise UserError("that question no longer exists")
            session.add(QuestionReport(profile_id=profile_id, question_id=question_id, reason=reason,
                                       note=note[:MAX_NOTE], created_at=self._clock.now()))
        return Changes(reports=True)

    def list(self, set_slug: str | None = None) -> list[ReportView]:
        query = (
            select(QuestionReport, Question, QuestionSet.slug, Profile.name)
            .join(Question, Question.id == QuestionReport.question_id)
            .join(QuestionSet, QuestionSet.id == Question.set_id)
            .join(Profile, Profile.id == QuestionReport.profile_id)
            .order_by(QuestionReport.created_at.desc())
        )
        if set_slug is not None:
            query = query.where(QuestionSet.slug == set_slug)
        with self._sessions() as session:
            return [
                ReportView(slug, q.ext_id, q.stem, r.reason, r.note, name, r.created_at)
                for r, q, slug, name in session.execute(query)
            ]

    def export_csv(self, out: Path, set_slug: str | None = None) -> ReportExport:
        """Every report (on one set's questions, if given), newest first, as a CSV file."""
        reports = self.list(set_slug)
        out = Path(out).expanduser()
        from quizapp.core.formats.writers.files import write_atomically  # the writers load on demand

        write_atomically(out, reports_csv(reports).encode("utf-8"))
        return ReportExport(out, len(reports))
