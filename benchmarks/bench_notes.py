"""Study notes: searching all notes as the student types, and opening a note at a section, in the
running window (issue #17; targets: search < 30 ms, open at a section < 100 ms).
Run: .venv/bin/python benchmarks/bench_notes.py"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from quizapp.core.clock import SystemClock
from quizapp.ui.app import create_main_window
from quizapp.ui.features.notes import NotesFeature

QUERIES = ["order", "order of draw", "tourniquet", "blood pressure", "hipaa", "minimum necessary", "lead v1",
           "hand hygiene", "medicare part b", "consent", "z-track", "urine", "insulin", "wave scheduling"]


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"median {statistics.median(samples) * 1000:.1f} ms, max {samples[-1] * 1000:.1f} ms"


def main() -> None:
    window = create_main_window(Path(tempfile.mkdtemp(prefix="quizapp-bench-")), SystemClock())
    window.resize(1180, 800)
    window.show()
    feature = window.feature(NotesFeature)
    feature.open()
    page = feature.page
    QApplication.processEvents()
    notes = page._notes
    sections = sum(len(n.sections) for n in notes.values())
    words = sum(len(s.body.split()) for n in notes.values() for s in n.sections)

    typing = []
    for query in QUERIES:  # keystroke by keystroke, as typed into `Search notes`
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            page.search_field.setText(query[:end])
            window.repaint()
            typing.append(time.perf_counter() - start)
    page.search_field.clear()

    first, again = [], []
    targets = [(n.name, s.anchor) for n in notes.values() for s in n.sections]
    for name, anchor in targets[::3]:
        for samples, forget in ((first, True), (again, False)):
            page.open_note(*targets[0]) if targets[0][0] != name else page.open_note(*targets[-1])
            if forget:
                page._documents.pop(name, None)
            start = time.perf_counter()
            page.open_note(name, anchor)
            window.repaint()
            samples.append(time.perf_counter() - start)

    print(f"{len(notes)} notes, {sections} sections, {words:,} words")
    print(f"search as you type (result list painted), {len(typing)} keystrokes: {_ms(typing)} (target < 30 ms)")
    print(f"open a note at a section, first time (Markdown rendered, painted), {len(first)} opens: "
          f"{_ms(first)} (target < 100 ms)")
    print(f"open a note at a section again (already rendered), {len(again)} opens: {_ms(again)}")
    window.close()


if __name__ == "__main__":
    main()
