"""Renders the README's screenshots offscreen from a fresh data dir (run: .venv/bin/python .ci/screenshots.py).

It drives the real window the way a student would, so the pictures show what users see.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from quizapp.core.clock import FakeClock  # noqa: E402
from quizapp.ui.app import create_main_window  # noqa: E402
from quizapp.ui.theme import ThemeName  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"


def feature(window, name: str):  # noqa: ANN001, ANN201 - a window and one of its features
    return next(f for f in window.features if type(f).__name__ == name)


def shoot(window, name: str) -> None:  # noqa: ANN001
    for _ in range(3):  # wrapped labels settle over a couple of layout passes
        QApplication.processEvents()
    OUT.mkdir(exist_ok=True)
    window.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def main() -> int:
    data = Path(tempfile.mkdtemp(prefix="quizapp-shots-"))
    window = create_main_window(data, FakeClock())
    window.set_theme(ThemeName.DARK if "--dark" in sys.argv else ThemeName.LIGHT)
    window.resize(1180, 820)
    window.show()
    window.home.skip_name.click()
    shoot(window, "home")
    feature(window, "PracticeFeature").start_button.click()
    setup = window.pages["practice_setup"]
    for i in range(setup.tree.topLevelItemCount()):
        item = setup.tree.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.AccessibleTextRole) == "Clinical Patient Care":
            item.setExpanded(True)
            item.child(4).setExpanded(True)  # Phlebotomy's topics
    shoot(window, "practice-setup")
    setup.count.setValue(5)
    setup.begin_button.click()
    practice = window.pages["practice"]
    for _ in range(2):
        QTest.keyClick(practice, Qt.Key.Key_B)
        QTest.keyClick(practice, Qt.Key.Key_Return)
        shoot(window, "practice-feedback")
        QTest.keyClick(practice, Qt.Key.Key_Return)
    notes = feature(window, "NotesFeature")
    notes.open()
    notes.page.search_field.setText("order of draw")
    notes.page.results.setCurrentRow(0)
    shoot(window, "notes")
    window.show_home()
    feature(window, "QuestionSetsFeature").open_import()
    sets = window.pages["question_sets"]
    sets.path.setText(str(Path(__file__).resolve().parent.parent / "tests" / "data" / "formats" / "broken.gift"))
    sets.preview_button.click()
    shoot(window, "import-preview")
    return 0


if __name__ == "__main__":
    sys.exit(main())
