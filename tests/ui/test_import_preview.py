"""Issue #20, item 10: before an import is confirmed, the preview lists the questions it would
bring in (line, question, key, domain) in a table that scrolls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.helpers.widgets import is_shown, named, text_of
from tests.ui.test_question_sets import DATA, _preview


def rows_of(table) -> list[tuple[str, ...]]:
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]


def test_preview_lists_each_question_with_its_key_and_domain(qtbot, window) -> None:
    window.resize(800, 600)
    named(window, "Skip naming").click()
    _preview(qtbot, window, DATA / "vitals.gift", "Vitals")
    QApplication.processEvents()  # the page scrolls the preview, below the form, into view
    heading = named(window, "Preview summary")
    assert heading.visibleRegion().boundingRect().height() == heading.height()
    assert text_of(window, "Questions heading") == "The 7 questions to import"
    table = named(window, "Questions to import")
    rows = rows_of(table)
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == ["Line", "Question", "Key", "Domain"]
    assert len(rows) == 7
    assert rows[0] == ("7", "What is the normal resting pulse rate for an adult?", "A. 60 to 100 beats per minute",
                       "Clinical Patient Care · Patient Intake and Vitals")
    assert rows[1][1] == "Which artery is most commonly used to take an adult's pulse in the office?"  # one line
    assert rows[1][2] == "A. Radial"
    assert rows[2][2] == "A. Gloves; B. Gown"  # every key of a multiple-answer question
    # What is on screen: every row is whole (7 fit without scrolling), and each cell's text fits.
    QApplication.processEvents()
    assert table.verticalScrollBar().maximum() == 0
    for r in range(table.rowCount()):
        assert table.visualItemRect(table.item(r, 1)).bottom() <= table.viewport().height()
    # The list is what gets imported.
    qtbot.mouseClick(named(window, "Confirm import"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Import status").startswith("Imported into 'vitals': 7 new")
    assert not is_shown(window, "Questions to import")


def test_a_long_file_scrolls_inside_the_preview(qtbot, window, tmp_path: Path) -> None:
    source = tmp_path / "many.gift"
    source.write_text("\n\n".join(f"::Q{n}:: Question number {n}: which letter? {{=Right {n} ~Wrong ~Other ~None}}"
                                  for n in range(1, 41)), encoding="utf-8")
    named(window, "Skip naming").click()
    _preview(qtbot, window, source)
    table = named(window, "Questions to import")
    assert text_of(window, "Questions heading") == "The 40 questions to import"
    assert table.rowCount() == 40
    QApplication.processEvents()
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0  # it scrolls, and starts at the first question
    assert table.height() < 40 * table.rowHeight(0)
    assert rows_of(table)[0][2:] == ("A. Right 1", "No CCMA domain")
    table.setFocus()  # the keyboard reaches the last question
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = table.item(39, 1)
    assert table.currentRow() == 39 and last.text() == "Question number 40: which letter?"
    rect = table.visualItemRect(last)
    assert rect.top() >= 0 and rect.bottom() <= table.viewport().height()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))
    assert table.currentRow() == 39
    qtbot.mouseClick(named(window, "Cancel import"), Qt.MouseButton.LeftButton)
    assert not is_shown(window, "Questions to import")
