"""Screenshots of a mock exam: the exam page, the review screen and the results page.

Drives the real window offscreen over a fresh data dir with the real bank, the way a student
would, and saves `.ci/screenshots/exam.png`, `exam-review.png` and `exam-results.png`.

    .venv/bin/python benchmarks/shots_exam.py [--dark] [--scale 2] [--size 1024x640] [--out DIR]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _shots import open_window, screenshot_args, shoot
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from quizapp.core.clock import FakeClock
from quizapp.ui.features.exams import ExamFeature

ANSWERS = [Qt.Key.Key_B, Qt.Key.Key_A, Qt.Key.Key_D, Qt.Key.Key_C, Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_C]


def main() -> int:
    args = screenshot_args(__doc__.splitlines()[0])
    clock = FakeClock()
    window = open_window(args, clock, "quizapp-exam-shots-")
    feature = next(f for f in window.features if isinstance(f, ExamFeature))
    feature.start_button.click()
    feature.setup.radios["ccma-full"].setChecked(True)
    feature.setup.begin_button.click()
    if feature.setup.short_panel.isVisible():  # the built-in bank is honest about its gaps
        feature.setup.start_anyway.click()
    page = feature.page
    for n in range(41):
        QTest.keyClick(page, ANSWERS[n % len(ANSWERS)])
        if n in (6, 17, 30):
            QTest.keyClick(page, Qt.Key.Key_F)
        clock.advance(57)
        QTest.keyClick(page, Qt.Key.Key_N)
    QTest.keyClick(page, Qt.Key.Key_N)  # question 43: 42 stays blank
    page.countdown.fire()
    shoot(window, args.out, "exam")
    QTest.keyClick(page, Qt.Key.Key_R)
    feature.review.submit_button.click()
    shoot(window, args.out, "exam-review")
    feature.review.confirm_button.click()
    shoot(window, args.out, "exam-results")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
