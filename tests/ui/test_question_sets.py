"""An instructor imports a file through the preview; a student practises one of its questions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.helpers.widgets import is_shown, named, text_of

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"


def _preview(qtbot, window, path: Path, name: str = "") -> None:
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    field = named(window, "Import file")
    assert field.hasFocus()
    qtbot.keyClicks(field, str(path))
    if name:
        qtbot.keyClicks(named(window, "Set name"), name)
    qtbot.mouseClick(named(window, "Preview import"), Qt.MouseButton.LeftButton)


def test_import_through_the_preview_then_practise_it(qtbot, window) -> None:
    named(window, "Skip naming").click()
    _preview(qtbot, window, DATA / "hipaa_moodle.xml", "HIPAA drills")
    summary = text_of(window, "Preview summary")
    assert "hipaa_moodle.xml — Moodle XML —" in summary and "questions ready" in summary
    assert "as a new set 'HIPAA drills'" in text_of(window, "Preview counts")
    qtbot.mouseClick(named(window, "Confirm import"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Import status").startswith("Imported into 'hipaa-drills'")
    table = named(window, "Question sets")
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "Career-guide bank", "CCMA Essentials", "HIPAA drills"]

    window.show_home()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    for name in ("Set Career-guide bank", "Set CCMA Essentials"):
        builtin = named(window, name)
        qtbot.mouseClick(builtin, Qt.MouseButton.LeftButton, pos=QPoint(8, builtin.height() // 2))
        assert not builtin.isChecked()
    named(window, "Number of questions").setValue(1)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    page = window.pages["practice"]
    assert page.state.items[0].question.question_id
    qtbot.keyClick(page, Qt.Key.Key_A)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert is_shown(window, "Result")


def test_a_broken_file_shows_its_problems_by_line_and_imports_nothing(qtbot, window) -> None:
    named(window, "Skip naming").click()
    _preview(qtbot, window, DATA / "broken.gift")
    problems = named(window, "Import problems")
    lines = [problems.item(i).text() for i in range(problems.count())]
    assert "Line 3: no option is marked correct" in lines
    assert text_of(window, "Problems heading").endswith("problems to fix")
    assert not named(window, "Confirm import").isEnabled()
    skip = named(window, "Skip invalid questions")
    qtbot.mouseClick(skip, Qt.MouseButton.LeftButton, pos=QPoint(8, skip.height() // 2))
    assert named(window, "Confirm import").isEnabled()
    QApplication.processEvents()
    assert not window.grab().isNull()
    qtbot.mouseClick(named(window, "Cancel import"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Import status") == "Import cancelled; nothing changed."
    assert [s.slug for s in window.ctx.sets.list()] == ["builtin", "essentials"]


def test_switching_a_set_off(qtbot, window) -> None:
    named(window, "Skip naming").click()
    _preview(qtbot, window, DATA / "vitals.gift")
    qtbot.mouseClick(named(window, "Confirm import"), Qt.MouseButton.LeftButton)
    toggle = named(window, "Serve set vitals")
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton, pos=QPoint(8, toggle.height() // 2))
    assert [s.enabled for s in window.ctx.sets.list() if s.slug == "vitals"] == [False]


def test_the_preview_names_each_skipped_or_adjusted_question_by_line(qtbot, window, tmp_path: Path) -> None:
    """Issue #19: a Moodle file imports, and every question left out or changed on the way is
    named by its line."""
    source = tmp_path / "moodle-ish.gift"
    source.write_text("Essay? {}\n\nWhich vein? {~basilic ~=median cubital}\n\n"
                      "Grant is buried in Grant's tomb.{F}\n\nGrant is buried in Grant's tomb.{FALSE}\n",
                      encoding="utf-8")
    named(window, "Skip naming").click()
    _preview(qtbot, window, source)
    problems = named(window, "Import problems")
    lines = [problems.item(i).text() for i in range(problems.count())]
    assert lines == [
        "Line 1: not served — an essay question (no answers to choose from)",
        "Note: line 3: answer 2 is empty (a stray ~ or = with no text) and was left out, as Moodle leaves it out",
        "Note: line 7: this question repeats the one on line 5; both are imported, as Moodle imports them",
    ]
    assert named(window, "Confirm import").isEnabled()
    qtbot.mouseClick(named(window, "Confirm import"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Import status").startswith("Imported into 'moodle-ish'")
