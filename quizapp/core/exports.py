"""Exporting a question set to a file an instructor can share, edit or load into Moodle.

Stored rows are turned back into the very QuestionData values the importers produce
(`sets.set_questions`), then a pure writer renders them and the file lands atomically (temp file
+ rename). Retired questions stay behind: they are not part of the set any more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.errors import UserError
from quizapp.core.formats.writers import EXPORT_FORMATS, render
from quizapp.core.formats.writers.csv_sheet import safe_name
from quizapp.core.formats.writers.files import write_atomically
from quizapp.core.questions import QuestionData
from quizapp.core.sets import find_set, set_questions

SUFFIXES = {"gift": ".gift", "moodle-xml": ".xml", "csv": ".csv", "json": ".json"}


@dataclass(frozen=True)
class ExportResult:
    set: str  # slug
    format: str
    out: Path
    questions: int
    media_files: int  # images written beside a CSV sheet


def media_folder_for(out: Path) -> str:
    """The folder a CSV's images go in: named after the sheet, so two exports never share one."""
    return safe_name(f"{out.stem}_media", "media")


class ExportService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def export(self, slug: str, fmt: str, out: Path) -> ExportResult:
        """Writes the set `slug` (`builtin` included) to `out` in `fmt`. Reads only; the file is
        complete or absent. UserError for an unknown set or format, or a path it cannot write."""
        if fmt not in EXPORT_FORMATS:
            raise UserError(f"unknown export format {fmt!r}; choose {', '.join(EXPORT_FORMATS)}")
        out = Path(out).expanduser()
        with self._sessions() as session:
            qset = find_set(session, slug)
            questions = set_questions(session, qset)
            name = qset.name
        if not questions:
            raise UserError(f"the set {slug!r} has no questions to export")
        rendered = render(fmt, questions, set_name=name, media_folder=media_folder_for(out))
        write_atomically(out, rendered.text.encode("utf-8"), rendered.files)
        return ExportResult(slug, fmt, out, len(questions), len(rendered.files))

    @staticmethod
    def suggested_name(slug: str, fmt: str) -> str:
        """A file name for the save dialog, e.g. `phlebotomy.xml`."""
        return safe_name(slug, "questions") + SUFFIXES.get(fmt, "")

    def questions(self, slug: str) -> Sequence[QuestionData]:
        """The set's questions as an export would write them (for previews and tests)."""
        with self._sessions() as session:
            return set_questions(session, find_set(session, slug))
