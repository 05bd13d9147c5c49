"""Questions with more than eight options (Moodle has no such limit): all shown, all reachable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from tests.helpers.widgets import is_shown, named, text_of
from tests.helpers.windows import open_window

LETTERS = "ABCDEFGHIJKL"


def test_twelve_options_each_named_and_chosen_by_its_key(qtbot, ui_data_dir: Path, clock: FakeClock,
                                                         tmp_path: Path) -> None:
    source = tmp_path / "twelve.gift"
    answers = " ".join(("=" if n in (3, 10) else "~") + f"option {n}" for n in range(12))
    source.write_text(f"Which options are right? {{{answers}}}\n", encoding="utf-8")
    ctx = AppContext.open(ui_data_dir, clock)
    report, _ = ctx.imports.run(ctx.imports.preview(source))
    assert report.imported == 1
    ctx.sets.set_enabled("builtin", False)
    ctx.sets.set_enabled("essentials", False)
    ctx.close()
    window = open_window(qtbot, ui_data_dir, clock)
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    named(window, "Number of questions").setValue(1)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    for letter in LETTERS:
        assert is_shown(window, f"Answer {letter}"), letter
    assert not is_shown(window, "Answer M")
    page = window.pages["practice"]
    qtbot.keyClick(page, Qt.Key.Key_K)
    assert named(window, "Answer K").isChecked()
    qtbot.keyClick(page, Qt.Key.Key_9)
    assert named(window, "Answer I").isChecked() and not named(window, "Answer K").isChecked()
    qtbot.keyClick(page, Qt.Key.Key_L)
    qtbot.mouseClick(named(window, "Check answer"), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    feedback = page.state.items[0].feedback
    assert feedback is not None and feedback.any_key and " or " in feedback.key_text
    assert f"The correct answer is {feedback.key_text}." in text_of(window, "Correct answer")
    window.close()
