"""Writers for the formats instructors share: GIFT, Moodle XML, CSV and quizapp JSON.

Each is a pure function of QuestionData — the same values the parsers produce — so a round trip
(write, then parse) can be tested without a database, and each writes only what its parser
reads back. `render` picks the writer; `files.write_rendered` puts the result on disk atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.formats.writers.csv_sheet import write_csv
from quizapp.core.formats.writers.gift import write_gift
from quizapp.core.formats.writers.json_set import question_object, write_json
from quizapp.core.formats.writers.moodle_xml import write_moodle_xml
from quizapp.core.questions import QuestionData

EXPORT_FORMATS = ("gift", "moodle-xml", "csv", "json")

__all__ = ["EXPORT_FORMATS", "Rendered", "question_object", "render", "write_csv", "write_gift",
           "write_json", "write_moodle_xml"]


@dataclass(frozen=True)
class Rendered:
    """A file's text, and the files that go beside it (CSV images), by relative path."""

    text: str
    files: tuple[tuple[str, bytes], ...] = ()


def render(fmt: str, questions: Sequence[QuestionData], *, set_name: str = "",
           media_folder: str = "media") -> Rendered:
    """Raises ValueError for a format outside EXPORT_FORMATS (front ends offer only those)."""
    if fmt == "gift":
        return Rendered(write_gift(questions, set_name))
    if fmt == "moodle-xml":
        return Rendered(write_moodle_xml(questions, set_name))
    if fmt == "csv":
        sheet = write_csv(questions, media_folder)
        return Rendered(sheet.text, sheet.files)
    if fmt == "json":
        return Rendered(write_json(questions, set_name))
    raise ValueError(f"unknown export format {fmt!r}; choose {', '.join(EXPORT_FORMATS)}")
