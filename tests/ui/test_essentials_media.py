"""A CCMA Essentials question in the window: its diagram with alt text and zoom, and its note
named as the source."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from quizapp.core.clock import FakeClock
from quizapp.core.datafiles import BANK_DIR_ENV
from tests.core.bank.test_builtin_sets import bank_with, ess_question
from tests.helpers.widgets import is_shown, named, text_of
from tests.helpers.windows import open_window

SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">
<rect x="10" y="10" width="280" height="100" fill="#cde" stroke="#123"/>
<text x="150" y="70" font-family="sans-serif" font-size="20" text-anchor="middle">1 2 3 4</text></svg>"""
ALT = "Four tubes in a row, numbered 1 to 4, caps not labelled"


@pytest.fixture
def window(qtbot, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch):
    bank = bank_with(tmp_path, ess_question("ess-phleb-001", media="media/tubes.svg", media_alt=ALT),
                     media={"tubes.svg": SVG})
    monkeypatch.setenv(BANK_DIR_ENV, str(bank))
    win = open_window(qtbot, tmp_path / "data", clock)
    yield win
    win.close()


def test_a_diagram_is_announced_by_its_alt_text_and_zooms_sharp(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    career = named(window, "Set Career-guide bank")
    career.setChecked(False)
    named(window, "Number of questions").setValue(1)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    thumb = named(window, "Zoom image tubes.svg")
    assert thumb.accessibleDescription() == ALT and ALT in thumb.toolTip()
    assert thumb.iconSize().width() == 300  # an SVG drawn at its own size, not a blank icon
    qtbot.mouseClick(thumb, Qt.MouseButton.LeftButton)
    assert is_shown(window, "Zoomed image") and text_of(window, "Image name") == ALT
    picture = named(window, "Zoomed image")
    assert picture.pixmap().width() == 300 and picture.accessibleDescription() == ALT
    named(window, "Image zoom").setValue(200)
    assert picture.pixmap().width() == 600  # redrawn at twice the size

    qtbot.mouseClick(named(window, "Answer A"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Check answer"), Qt.MouseButton.LeftButton)
    assert "Study note: Phlebotomy" in text_of(window, "Source")
    assert "notes/" not in text_of(window, "Source")


def test_tab_reaches_the_diagram_between_the_question_and_its_options(qtbot, window) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_keyboard import activate, reads_before, tab_cycle

    activate(qtbot, window)
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    named(window, "Set Career-guide bank").setChecked(False)
    named(window, "Number of questions").setValue(1)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    cycle = tab_cycle(qtbot, named(window, "Bookmark"))
    names = [w.accessibleName() for w in cycle]
    assert names[:4] == ["Bookmark", "Question text", "Zoom image tubes.svg", "Answer A"]
    for before, after in zip(cycle, cycle[1:], strict=False):
        assert reads_before(before, after), (before.accessibleName(), after.accessibleName())



def test_moving_on_leaves_no_diagram_of_the_last_question_behind(qtbot, tmp_path: Path, clock: FakeClock,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A question's images go the moment another is shown: Qt deletes a widget only later, and
    until then it could still be seen, and reached by Tab, on the next question."""
    from PySide6.QtWidgets import QApplication, QPushButton

    from tests.ui.test_keyboard import activate

    bank = bank_with(tmp_path, ess_question("ess-phleb-001", media="media/tubes.svg", media_alt=ALT),
                     ess_question("ess-phleb-002"), media={"tubes.svg": SVG})
    monkeypatch.setenv(BANK_DIR_ENV, str(bank))
    window = open_window(qtbot, tmp_path / "data", clock)
    activate(qtbot, window)
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    named(window, "Set Career-guide bank").setChecked(False)
    named(window, "Number of questions").setValue(2)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    page = window.pages["practice"]

    def shown_images() -> list[str]:
        return [b.accessibleName() for b in page.question.findChildren(QPushButton)
                if b.isVisible() and b.accessibleName().startswith("Zoom image")]

    seen = [shown_images()]
    qtbot.keyClick(page, Qt.Key.Key_A)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # the second
    seen.append(shown_images())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # back
    seen.append(shown_images())
    assert text_of(window, "Question position").startswith("Question 1 of 2")
    assert seen[0] == seen[2] and sorted([seen[0], seen[1]]) == [[], ["Zoom image tubes.svg"]]
    window.close()
