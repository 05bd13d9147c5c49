"""Real question files import as Moodle imports them (issue #19).

Walks `../shared/conformance/README.md`'s table — Moodle's own importer fixtures and the
GIFT-grammar-PEG.js suite, with what Moodle makes of each file — and holds quizapp to it:

- a plain import (no `--skip-invalid`) succeeds when the table shows any multiple-choice or
  true/false question, and imports exactly the MC/TF plus missing-word count; every other
  question Moodle creates is skipped with a reason (so imported + skipped = Moodle's count);
- a file whose note says Moodle refuses it is refused, nothing written;
- a file with nothing quizapp serves is refused, naming the types it skipped.

The files are third-party data: they are read where they lie, never copied into the project.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext

ROOT = Path(__file__).resolve().parents[2]


def _conformance_dir() -> Path | None:
    """`../shared/conformance` beside the checkout (a worktree one level deeper finds it too);
    QUIZAPP_CONFORMANCE points elsewhere."""
    candidates = [os.environ.get("QUIZAPP_CONFORMANCE"), ROOT.parent / "shared" / "conformance",
                  ROOT.parent.parent / "shared" / "conformance"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "README.md").is_file():
            return Path(candidate)
    return None


CONFORMANCE = _conformance_dir()


@dataclass(frozen=True)
class Row:
    file: str
    format: str
    moodle_questions: int
    served: int  # multiple-choice and true/false, not missing-word
    missing_word: int
    note: str

    @property
    def refused(self) -> bool:
        return "refused" in self.note.lower()

    @property
    def with_skip_invalid(self) -> int | None:
        found = re.search(r"--skip-invalid`?\s+(\d+) import", self.note)
        return int(found.group(1)) if found else None


def _rows() -> list[Row]:
    if CONFORMANCE is None:
        return []
    rows = []
    for line in (CONFORMANCE / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[2].isdigit():
            rows.append(Row(cells[0], cells[1], int(cells[2]), int(cells[3]), int(cells[4]), cells[5]))
    return rows


ROWS = _rows()
pytestmark = pytest.mark.skipif(
    CONFORMANCE is None, reason="../shared/conformance is not here (Moodle's fixtures live beside the checkout)"
)


@pytest.fixture
def ctx(data_dir: Path, clock: FakeClock):
    context = AppContext.open(data_dir, clock)
    yield context
    context.close()


def test_the_table_is_read_whole() -> None:
    assert len(ROWS) == 80 and sum(r.served + r.missing_word for r in ROWS if not r.refused) == 97


@pytest.mark.parametrize("row", ROWS, ids=[r.file for r in ROWS])
def test_a_file_imports_as_moodle_imports_it(ctx: AppContext, row: Row) -> None:
    assert CONFORMANCE is not None
    path = CONFORMANCE / row.file
    preview = ctx.imports.preview(path, row.format, name="conformance")
    report, changes = ctx.imports.run(preview)
    expected = row.served + row.missing_word
    if row.refused:
        assert report.errors and not report.written and not changes, row.note
        assert all(p.line is not None for p in report.errors), "a refused file names the line"
        if row.with_skip_invalid is not None:
            again, _ = ctx.imports.run(ctx.imports.preview(path, row.format, name="conformance"), skip_invalid=True)
            assert again.written and again.imported == row.with_skip_invalid
        return
    if expected == 0:
        assert report.errors and not report.written and not changes
        message = report.errors[0].message
        kinds = {p.kind for p in preview.skipped}
        if row.moodle_questions:
            assert message.startswith("the file holds no question quizapp serves"), message
            assert kinds and all(kind in message for kind in kinds), (message, kinds)
        else:
            assert "no questions were found" in message
        return
    assert not report.errors, [(p.line, p.message) for p in report.errors]
    assert report.written and report.imported == expected
    assert report.imported + len(report.skipped) == row.moodle_questions
    assert all(p.line is not None and p.kind for p in report.skipped)
