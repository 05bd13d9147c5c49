"""Issue #20, items 6 and 7: the window goes down to 800x600; at 200% text home's domain names are
read whole; the exam's buttons stay on screen however small the window; the navigator's first
column survives a window that shrinks from large to small."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from quizapp.ui.theme import ThemeName
from tests.helpers.widgets import named, text_of
from tests.ui.test_exam_flow import begin, exam_feature


def settle() -> None:
    for _ in range(3):  # wrapped labels and tables settle over a couple of layout passes
        QApplication.processEvents()


def on_screen(window, widget: QWidget) -> bool:
    """The whole widget is inside the window and not scrolled out of its scroll area."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    if not window.rect().contains(QRect(top_left, widget.size())):
        return False
    return widget.visibleRegion().boundingRect().size() == widget.size()


def test_the_window_can_be_as_small_as_800x600(qtbot, window) -> None:
    assert window.minimumSize().width() <= 800 and window.minimumSize().height() <= 600
    window.resize(800, 600)
    settle()
    assert window.size() == QSize(800, 600)


@pytest.mark.parametrize("size", [(1024, 640), (800, 600)])
def test_home_shows_every_domain_name_whole_at_200_percent(qtbot, window, size: tuple[int, int]) -> None:
    window.set_text_scale(2.0)
    window.resize(*size)
    named(window, "Skip naming").click()
    settle()
    table = named(window, "Progress by domain")
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "Foundational Knowledge and Basic Science" in names and "Clinical Patient Care" in names
    metrics = table.fontMetrics()
    width = table.columnWidth(0)
    for row, name in enumerate(names):
        assert max(metrics.horizontalAdvance(word) for word in name.split()) < width, name  # no word is cut
        needs = metrics.boundingRect(QRect(0, 0, width - 8, 10_000), Qt.TextFlag.TextWordWrap, name).height()
        assert table.rowHeight(row) >= needs, f"{name!r} needs {needs}px, its row has {table.rowHeight(row)}"
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    assert table.viewport().height() >= rows  # every row shows: the page scrolls, not the table
    if size == (1024, 640):  # there is room for every column beside the names: nothing scrolls sideways
        assert table.horizontalScrollBar().maximum() == 0
    window.set_text_scale(1.0)


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.DARK])
def test_exam_buttons_never_fall_below_the_fold(qtbot, window, scale: float, theme: ThemeName) -> None:
    window.set_theme(theme)
    window.set_text_scale(scale)
    window.resize(800, 600)
    begin(qtbot, window)
    page = exam_feature(window).page
    settle()
    for name in ("Previous question", "Next question", "Flag for review", "Review answers"):
        assert on_screen(window, named(window, name)), name
    if scale == 2.0:  # the question itself scrolls, above the buttons
        assert page.question_area.verticalScrollBar().maximum() > 0
    qtbot.mouseClick(named(window, "Next question"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position").startswith("Question 2 of ")
    assert page.question_area.verticalScrollBar().value() == 0  # a new question starts at its top
    qtbot.mouseClick(named(window, "Review answers"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is exam_feature(window).review
    window.set_text_scale(1.0)
    window.set_theme(ThemeName.LIGHT)


def test_short_question_keeps_its_buttons_right_below_it(qtbot, window) -> None:
    window.resize(1180, 1000)
    begin(qtbot, window)
    settle()
    options_bottom = named(window, "Answer D").mapTo(window, QPoint(0, named(window, "Answer D").height())).y()
    next_top = named(window, "Next question").mapTo(window, QPoint(0, 0)).y()
    assert 0 < next_top - options_bottom < 120  # under the options, not at the bottom of a tall window


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_navigator_first_column_is_whole_after_shrinking(qtbot, window, scale: float) -> None:
    window.set_text_scale(scale)
    window.resize(1900, 1100)
    begin(qtbot, window)
    page = exam_feature(window).page
    navigator = page.navigator
    settle()
    wide_columns = navigator._columns
    qtbot.keyClick(page, Qt.Key.Key_G)  # the navigator's focus on a cell far to the right
    for _ in range(wide_columns - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    for size in ((1500, 900), (1100, 700), (800, 600)):
        window.resize(*size)
        settle()
    viewport = navigator.area.viewport()
    assert navigator._columns < wide_columns
    assert navigator.area.horizontalScrollBar().value() == 0
    first_row = [c for c in navigator.cells if c.y() == navigator.cells[0].y()]
    assert navigator.cells[0].mapTo(viewport, QPoint(0, 0)).x() >= 0  # the left column is not cut off
    last = first_row[-1]
    assert last.mapTo(viewport, QPoint(last.width(), 0)).x() <= viewport.width()  # nor the right one
    qtbot.mouseClick(navigator.cells[0], Qt.MouseButton.LeftButton)
    assert text_of(window, "Question position").startswith("Question 1 of ")
    window.set_text_scale(1.0)


def test_a_wrapping_table_never_cuts_its_first_heading(qtbot) -> None:
    """Short names (a class's "Al", "Bo") still leave the first column room for its heading."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QTableWidgetItem

    from quizapp.ui.widgets.tables import WrappingTable

    table = WrappingTable(["Student", "Answered", "Accuracy", "Mock exams", "Best mock", "Last active"])
    qtbot.addWidget(table)
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 2)  # 200% text
    table.setFont(font)
    table.horizontalHeader().setFont(font)
    for name in ("Al", "Bo"):
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate((name, "12", "50%", "1", "70%", "2026-12-01")):
            table.setItem(row, column, QTableWidgetItem(text))
    table.resize(640, 300)
    table.fit()
    bold = QFont(table.horizontalHeader().font())
    bold.setBold(True)
    assert table.columnWidth(0) > QFontMetrics(bold).horizontalAdvance("Student")
