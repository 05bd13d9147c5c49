"""Practice: time from the key press that moves on to the next question being painted, over 100
moves (issue #3; target under 16 ms median). Run: .venv/bin/python benchmarks/bench_practice_keys.py"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from quizapp.core.clock import SystemClock
from quizapp.core.practice import PracticeRequest
from quizapp.ui.app import create_main_window

MOVES = 100


def main() -> None:
    window = create_main_window(Path(tempfile.mkdtemp(prefix="quizapp-bench-")), SystemClock())
    window.resize(1180, 800)
    window.show()
    QApplication.processEvents()
    practice = window.features[0]
    state, _ = window.ctx.practice.start(window.ctx.profiles.current().id, PracticeRequest(count=MOVES + 1, seed=1))
    practice.show_session(state)
    page = practice.page
    samples = []
    for _ in range(MOVES):
        QTest.keyClick(page, Qt.Key.Key_A)
        QTest.keyClick(page, Qt.Key.Key_Return)  # check: commits the answer
        QApplication.processEvents()
        start = time.perf_counter()
        QTest.keyClick(page, Qt.Key.Key_Return)  # next question
        window.repaint()  # paint now, synchronously
        samples.append(time.perf_counter() - start)
    samples.sort()
    print(f"key press -> next question painted: median {statistics.median(samples) * 1000:.1f} ms, "
          f"p99 {samples[int(len(samples) * 0.99) - 1] * 1000:.1f} ms over {MOVES} moves (target < 16 ms median)")
    window.close()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects: only the figures matter here
