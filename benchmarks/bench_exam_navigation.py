"""How fast the exam page moves to the next question, and what a whole exam costs in memory.

Drives the real window offscreen through a `ccma-full` mock exam: for each of 180 moves it
answers the item on screen (untimed), then times one key press (N; P on the last item) until
the new question's text has been painted. Prints the median and the 99th percentile (target:
median under 16 ms, one frame at 60 Hz), and the resident memory at the start of the exam, after
all 180 moves, and once the results page is shown.

    .venv/bin/python benchmarks/bench_exam_navigation.py [--bank full|real] [--moves 180]

`--bank full` (default) builds a synthetic bank that fills ccma-full exactly (180 items), so
every run measures the same shape; `--bank real` uses the built-in bank (Start anyway when it
is short).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from quizapp.core.clock import FakeClock  # noqa: E402

ANSWER_KEYS = (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_C, Qt.Key.Key_D)


def rss_mib() -> float:
    """Resident set size now (not the peak), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


class PaintWatch(QObject):
    """Counts paint events of one widget: the question text, which changes on every move."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def full_bank(root: Path) -> Path:
    """A bank folder that fills ccma-full, scored and unscored (the test suite's builder)."""
    from tests.helpers.exam_bank import exam_bank, full_counts

    return exam_bank(root, full_counts(3))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", choices=("full", "real"), default="full")
    parser.add_argument("--moves", type=int, default=180)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    if args.bank == "full":
        os.environ["QUIZAPP_BANK_DIR"] = str(full_bank(work / "bank"))
    from quizapp.ui.app import create_main_window
    from quizapp.ui.features.exams import ExamFeature

    clock = FakeClock()
    window = create_main_window(work / "data", clock)
    window.resize(1180, 820)
    window.show()
    QApplication.processEvents()
    feature = next(f for f in window.features if isinstance(f, ExamFeature))
    feature.start_button.click()
    feature.setup.radios["ccma-full"].setChecked(True)
    feature.setup.begin_button.click()
    if feature.setup.short_panel.isVisible():
        feature.setup.start_anyway.click()
    page = feature.page
    state = page.state
    assert state is not None
    total = state.total
    watch = PaintWatch()
    page.question.stem.installEventFilter(watch)
    for _ in range(3):
        QApplication.processEvents()
    rss_start = rss_mib()

    timings: list[float] = []
    for move in range(args.moves):
        QTest.keyClick(page, ANSWER_KEYS[move % 4])
        clock.advance(30)
        QApplication.processEvents()
        before = page.state.current_index if page.state else 0
        key = Qt.Key.Key_Right if before < total - 1 else Qt.Key.Key_Left
        painted = watch.paints
        focus = QApplication.focusWidget() or page
        start = time.perf_counter()
        QTest.keyClick(focus, key, Qt.KeyboardModifier.AltModifier)
        while watch.paints == painted:  # until the new question text is on screen
            QApplication.processEvents()
        timings.append((time.perf_counter() - start) * 1000)
        assert page.state is not None and page.state.current_index != before
    rss_end = rss_mib()

    QTest.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    feature.review.submit_button.click()
    feature.review.confirm_button.click()
    for _ in range(3):
        QApplication.processEvents()
    rss_results = rss_mib()
    answered = feature.results.results.overall.total if feature.results.results else 0

    print(f"exam: ccma-full, {total} items ({args.bank} bank), {len(timings)} moves, "
          f"{answered} scored items in the results")
    print(f"key press to new question painted: median {statistics.median(timings):.2f} ms, "
          f"p99 {percentile(timings, 0.99):.2f} ms, max {max(timings):.2f} ms "
          f"(target: median < 16 ms)")
    print(f"resident memory: {rss_start:.1f} MiB at the start, {rss_end:.1f} MiB after {len(timings)} moves "
          f"({rss_end - rss_start:+.1f} MiB), {rss_results:.1f} MiB with the results shown "
          f"({rss_results - rss_start:+.1f} MiB)")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
