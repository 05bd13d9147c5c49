"""An instructor manages sets on the Question sets page: rename, remove (history stays), restore,
export to every format and back, browse and search, and read and export students' reports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QTableWidget

from quizapp.core.changes import Changes
from tests.helpers.layout import clipped
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"


def import_set(qtbot, window, path: Path, name: str) -> None:
    """Through the page, as an instructor would: home's button, the preview, then Import."""
    window.show_home()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    field = named(window, "Import file")
    field.clear()
    qtbot.keyClicks(field, str(path))
    named(window, "Set name").clear()
    qtbot.keyClicks(named(window, "Set name"), name)
    qtbot.mouseClick(named(window, "Preview import"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Confirm import"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Import status").startswith("Imported into"), text_of(window, "Import status")


def click_row(qtbot, table: QTableWidget, row: int) -> None:
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def manage(qtbot, window, set_name: str) -> None:
    """Selects the set's row in the table, which the "Manage a set" card follows."""
    table = named(window, "Question sets")
    rows = [table.item(r, 0).text() for r in range(table.rowCount())]
    click_row(qtbot, table, rows.index(set_name))
    assert named(window, "Set to manage").currentText() == set_name


def practise_one_from(qtbot, window, set_label: str) -> tuple[str, int]:
    """Answers one question of the imported set in practice; (attempt id, question id)."""
    window.show_home()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    builtin = named(window, "Set Career-guide bank")
    qtbot.mouseClick(builtin, Qt.MouseButton.LeftButton, pos=QPoint(8, builtin.height() // 2))
    assert not builtin.isChecked() and named(window, f"Set {set_label}").isChecked()
    named(window, "Number of questions").setValue(1)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    page = window.pages["practice"]
    qtbot.keyClick(page, Qt.Key.Key_A)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert is_shown(window, "Result")
    state = page.state
    return state.attempt_id, state.items[0].question.question_id


def test_rename_and_remove_keep_history(qtbot, window) -> None:
    named(window, "Skip naming").click()
    import_set(qtbot, window, DATA / "vitals.gift", "Vitals drills")
    attempt_id, question_id = practise_one_from(qtbot, window, "Vitals drills")
    ctx = window.ctx
    profile = ctx.profiles.current().id
    before = ctx.stats.progress(profile)
    assert before.overall.answered == 1

    window.show_home()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    manage(qtbot, window, "Vitals drills")
    assert "Vitals drills: 7 questions, served." in text_of(window, "Set summary")

    qtbot.mouseClick(named(window, "Rename set"), Qt.MouseButton.LeftButton)
    field = named(window, "New set name")
    assert field.hasFocus() and field.text() == "Vitals drills"
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert text_of(window, "Set status") == "Cannot rename: a set's name cannot be empty."
    assert named(window, "Set status").property("result") == "wrong"
    assert [s.name for s in ctx.sets.list() if s.slug == "vitals-drills"] == ["Vitals drills"]
    qtbot.keyClicks(field, "Vital signs, week 2")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert text_of(window, "Set status") == "Vitals drills is now called Vital signs, week 2."
    assert not is_shown(window, "New set name")
    table = named(window, "Question sets")
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "Career-guide bank", "CCMA Essentials", "Vital signs, week 2"]
    assert is_shown(window, "Serve set Vital signs, week 2")
    assert [s.name for s in ctx.sets.list() if s.slug == "vitals-drills"] == ["Vital signs, week 2"]

    qtbot.mouseClick(named(window, "Remove set"), Qt.MouseButton.LeftButton)
    warning = text_of(window, "Confirm remove warning")
    assert "Its questions stop being served; students' history stays." in warning
    assert named(window, "Cancel remove").hasFocus() and named(window, "Cancel remove").text() == "Cancel"
    qtbot.mouseClick(named(window, "Cancel remove"), Qt.MouseButton.LeftButton)
    assert not is_shown(window, "Confirm remove") and "vitals-drills" in [s.slug for s in ctx.sets.list()]
    qtbot.mouseClick(named(window, "Remove set"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Confirm remove"), Qt.MouseButton.LeftButton)

    assert text_of(window, "Set status").startswith("Removed Vital signs, week 2.")
    assert [s.slug for s in ctx.sets.list()] == ["builtin", "essentials"]
    assert [s.slug for s in ctx.sets.removed()] == ["vitals-drills"]
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["Career-guide bank", "CCMA Essentials"]
    assert is_shown(window, "Restore set Vital signs, week 2")
    # History stays: the statistics still count the answer, the attempt still points at the question.
    after = ctx.stats.progress(profile)
    assert after.overall.answered == before.overall.answered == 1
    assert after.overall.correct == before.overall.correct
    assert [(d.name, d.line.answered) for d in after.domains] == [(d.name, d.line.answered) for d in before.domains]
    state = ctx.practice.state(attempt_id)
    assert state.items[0].question.question_id == question_id and state.items[0].chosen is not None
    # …and the questions are no longer served.
    window.show_home()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    assert not is_shown(window, "Set Vital signs, week 2")

    window.show_home()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Restore set Vital signs, week 2"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Restore status") == "Restored Vital signs, week 2; its questions are served again."
    assert [(s.slug, s.enabled) for s in ctx.sets.list()] == [("builtin", True), ("essentials", True),
                                                              ("vitals-drills", True)]
    assert ctx.stats.progress(profile).overall.answered == 1


def test_the_builtin_sets_can_be_exported_and_browsed_but_not_renamed_or_removed(qtbot, window) -> None:
    named(window, "Skip naming").click()
    import_set(qtbot, window, DATA / "vitals.gift", "vitals")
    for builtin in ("Career-guide bank", "CCMA Essentials"):
        manage(qtbot, window, builtin)
        assert not named(window, "Rename set").isEnabled() and not named(window, "Remove set").isEnabled()
        for name in ("Browse questions", "Student reports", "Export set"):
            assert named(window, name).isEnabled(), name
        assert text_of(window, "Set summary").endswith("From quizapp.")
    manage(qtbot, window, "vitals")
    assert named(window, "Rename set").isEnabled() and named(window, "Remove set").isEnabled()
    # The combo chooses too, and the table follows it.
    combo = named(window, "Set to manage")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentText() == "CCMA Essentials"
    assert named(window, "Question sets").currentRow() == 1


SUFFIXES = {"GIFT (Moodle)": ".gift", "Moodle XML": ".xml", "CSV spreadsheet": ".csv", "quizapp JSON": ".json"}


def test_export_to_every_format_and_import_it_back(qtbot, window, tmp_path: Path) -> None:
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    named(window, "Skip naming").click()
    import_set(qtbot, window, DATA / "vitals.gift", "vitals")
    manage(qtbot, window, "vitals")
    qtbot.mouseClick(named(window, "Export set"), Qt.MouseButton.LeftButton)
    field = named(window, "Export file")
    assert field.text() == str(Path.home() / "vitals.gift")  # core's suggested name, in the home folder
    field.clear()
    qtbot.keyClicks(field, str(tmp_path / "vitals.gift"))
    written = []
    for index, (label, suffix) in enumerate(SUFFIXES.items()):
        if index:
            qtbot.mouseClick(named(window, "Export set"), Qt.MouseButton.LeftButton)
        combo = named(window, "Export format")
        combo.setCurrentIndex(combo.findText(label))
        out = tmp_path / f"vitals{suffix}"
        assert named(window, "Export file").text() == str(out)  # the name follows the format, in the last folder
        assert text_of(window, "Export format note")
        qtbot.mouseClick(named(window, "Save export"), Qt.MouseButton.LeftButton)
        assert text_of(window, "Set status") == f"Exported 7 questions of vitals to {out}."
        assert out.is_file() and not is_shown(window, "Save export")
        written.append(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)  # no temp files left
    for out in written:
        import_set(qtbot, window, out, f"back {out.suffix[1:]}")
    counts = {s.slug: s.questions for s in window.ctx.sets.list()}
    assert counts["back-gift"] == counts["back-xml"] == counts["back-csv"] == counts["back-json"] == 7


def test_an_unwritable_path_shows_an_inline_error_and_writes_nothing(qtbot, window, tmp_path: Path) -> None:
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    manage(qtbot, window, "Career-guide bank")
    qtbot.mouseClick(named(window, "Export set"), Qt.MouseButton.LeftButton)
    field = named(window, "Export file")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for bad, reason in ((tmp_path / "no-such-folder" / "bank.gift", "the folder does not exist"),
                        (blocker / "bank.gift", "part of the path is a file, not a folder"),
                        (tmp_path, "a folder has that name")):
        field.clear()
        qtbot.keyClicks(field, str(bad))
        qtbot.keyClick(field, Qt.Key.Key_Return)
        status = text_of(window, "Set status")
        assert status.startswith("Nothing was exported: cannot write the export here") and reason in status, status
        assert named(window, "Set status").property("result") == "wrong"
        assert is_shown(window, "Save export")  # the form stays open to fix the path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    field.clear()
    qtbot.mouseClick(named(window, "Save export"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Set status").startswith("Type the path of the file to write")


def test_browse_and_search_show_the_key_and_rationale(qtbot, window) -> None:
    named(window, "Skip naming").click()
    import_set(qtbot, window, DATA / "vitals.gift", "Vitals drills")
    manage(qtbot, window, "Vitals drills")
    qtbot.mouseClick(named(window, "Browse questions"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Browsed set") == "Questions in Vitals drills"
    search = named(window, "Search questions")
    assert search.hasFocus()
    assert text_of(window, "Search results") == "Showing 1–7 of 7."
    qtbot.keyClicks(search, "pulse")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert text_of(window, "Search results") == "2 questions match “pulse”."
    table = named(window, "Questions in set")
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["VIT-001", "VIT-002"]
    assert [table.item(0, c).text() for c in range(4)] == [
        "VIT-001", "Pulse", "Patient Intake and Vitals", "What is the normal resting pulse rate for an adult?"]
    assert text_of(window, "Selected question").startswith("VIT-001 — single answer")
    assert text_of(window, "Option A") == "A.  60 to 100 beats per minute   ✓ key"
    assert named(window, "Option A").property("result") == "correct"
    assert "✓" not in text_of(window, "Option B")
    assert text_of(window, "Feedback on option B") == "      Feedback: That range is bradycardia in most adults."
    assert text_of(window, "Question rationale") == "A normal adult resting pulse is 60 to 100 beats per minute."
    assert "vital_signs.pdf" in text_of(window, "Question sources")

    click_row(qtbot, table, 1)
    assert text_of(window, "Selected question").startswith("VIT-002")
    assert text_of(window, "Selected question text").startswith("Which artery is most commonly used")
    assert text_of(window, "Option A").endswith("Radial   ✓ key")

    search.clear()
    qtbot.keyClicks(search, "no such words")
    qtbot.mouseClick(named(window, "Run search"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Search results") == "No question matches “no such words”."
    assert table.rowCount() == 0
    qtbot.mouseClick(named(window, "Clear search"), Qt.MouseButton.LeftButton)
    assert table.rowCount() == 7
    assert duplicate_names(window) == {} and unnamed_controls(window) == []

    qtbot.keyClick(window.pages["set_browser"], Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.pages["question_sets"]
    assert named(window, "Set to manage").currentText() == "Vitals drills"


def test_browsing_the_builtin_bank_pages_through_it(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Browse questions"), Qt.MouseButton.LeftButton)
    total = window.ctx.sets.list()[0].questions
    assert text_of(window, "Search results") == f"Showing 1–50 of {total}."
    assert not named(window, "Previous page").isEnabled()
    qtbot.mouseClick(named(window, "Next page"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Search results") == f"Showing 51–100 of {total}."
    table = named(window, "Questions in set")
    assert table.rowCount() == 50 and table.currentRow() == 0
    assert text_of(window, "Selected question").startswith(table.item(0, 0).text())
    assert "No sources were given" not in text_of(window, "Question sources")
    qtbot.mouseClick(named(window, "Previous page"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Search results") == f"Showing 1–50 of {total}."


def test_reports_are_listed_and_exported_as_csv(qtbot, window, tmp_path: Path) -> None:
    named(window, "Skip naming").click()
    import_set(qtbot, window, DATA / "vitals.gift", "Vitals drills")
    ctx = window.ctx
    profile = ctx.profiles.current().id
    page = ctx.sets.browse("vitals-drills", "artery")
    question = page.items[0]
    window.publish(ctx.reports.submit(profile, question.question_id, "wrong-key", "=Brachial is right?"))
    window.publish(ctx.reports.submit(profile, question.question_id, "typo"))
    table = named(window, "Question sets")
    row = [table.item(r, 0).text() for r in range(table.rowCount())].index("Vitals drills")
    assert table.item(row, 3).text() == "2" and table.item(0, 3).text() == "0"

    manage(qtbot, window, "Vitals drills")
    qtbot.mouseClick(named(window, "Student reports"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Reports heading") == "Student reports (2)"
    reports = named(window, "Student reports")
    assert reports.hasFocus()
    rows = [[reports.item(r, c).text() for c in range(4)] for r in range(reports.rowCount())]
    assert sorted(rows) == sorted([["VIT-002", "The marked answer is wrong", "=Brachial is right?", "Default"],
                                   ["VIT-002", "Typo or formatting", "—", "Default"]])
    assert reports.item(0, 4).text() == ctx.clock.now().astimezone().strftime("%Y-%m-%d %H:%M")
    click_row(qtbot, reports, 0)
    assert text_of(window, "Selected question").startswith("VIT-002")
    assert "2 student reports" in text_of(window, "Question details")

    field = named(window, "Reports CSV file")
    assert field.text() == str(Path.home() / "vitals-drills-reports.csv")
    field.clear()
    out = tmp_path / "reports.csv"
    qtbot.keyClicks(field, str(out))
    qtbot.mouseClick(named(window, "Export reports as CSV"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Reports status") == f"Saved 2 reports to {out}."
    with out.open(encoding="utf-8-sig", newline="") as stream:
        sheet = list(csv.DictReader(stream))
    assert sorted(r["reason"] for r in sheet) == ["typo", "wrong-key"]
    assert {r["question_id"] for r in sheet} == {"VIT-002"}
    assert "'=Brachial is right?" in [r["note"] for r in sheet]  # a formula-like note stays inert

    field.clear()
    qtbot.keyClicks(field, str(tmp_path / "missing" / "reports.csv"))
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert text_of(window, "Reports status").startswith("Nothing was exported:")
    assert not (tmp_path / "missing").exists()


def test_a_set_without_reports_says_so(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Student reports"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Reports heading") == "Student reports (0)"
    assert not is_shown(window, "Student reports")
    assert named(window, "Reports CSV file").hasFocus()
    window.publish(Changes(reports=True))  # a page redraw with nothing new changes nothing
    assert text_of(window, "Reports heading") == "Student reports (0)"


def _sets_page_with_forms(qtbot, window) -> None:
    import_set(qtbot, window, DATA / "vitals.gift", "Vital signs: pulse, respiration, blood pressure and more")
    import_set(qtbot, window, DATA / "hipaa_moodle.xml", "HIPAA")
    window.publish(window.ctx.sets.remove("hipaa"))
    manage(qtbot, window, "Vital signs: pulse, respiration, blood pressure and more")
    qtbot.mouseClick(named(window, "Export set"), Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_clipped_text_and_unique_names_at_1024x640(qtbot, window, scale: float) -> None:
    named(window, "Skip naming").click()
    window.set_text_scale(scale)
    window.resize(1024, 640)
    _sets_page_with_forms(qtbot, window)
    checks = []
    QApplication.processEvents()
    checks.append(("sets + export", clipped(window), duplicate_names(window), unnamed_controls(window)))
    qtbot.mouseClick(named(window, "Remove set"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    checks.append(("sets + remove", clipped(window), duplicate_names(window), unnamed_controls(window)))
    qtbot.mouseClick(named(window, "Rename set"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    checks.append(("sets + rename", clipped(window), duplicate_names(window), unnamed_controls(window)))
    qtbot.mouseClick(named(window, "Browse questions"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    checks.append(("browser", clipped(window), duplicate_names(window), unnamed_controls(window)))
    window.set_text_scale(1.0)
    assert [c for c in checks if c[1] or c[2] or c[3]] == []


def test_keyboard_only_use_of_the_set_actions(qtbot, window) -> None:
    named(window, "Skip naming").click()
    import_set(qtbot, window, DATA / "vitals.gift", "vitals")
    manage(qtbot, window, "vitals")
    combo = named(window, "Set to manage")
    combo.setFocus()
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().accessibleName())
    assert seen[:5] == ["Browse questions", "Student reports", "Export set", "Rename set", "Remove set"]
    assert all(named(window, name).toolTip() for name in seen[:5])
    export = named(window, "Export set")
    export.setFocus()
    qtbot.keyClick(export, Qt.Key.Key_Space)
    assert named(window, "Export format").hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not is_shown(window, "Save export") and combo.hasFocus()
    remove = named(window, "Remove set")
    remove.setFocus()
    qtbot.keyClick(remove, Qt.Key.Key_Space)
    assert named(window, "Cancel remove").hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # Cancel: the safe default
    assert not is_shown(window, "Confirm remove") and "vitals" in [s.slug for s in window.ctx.sets.list()]


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note about any new top-level
def test_browse_for_the_export_file_never_blocks(qtbot, window, tmp_path: Path) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Export set"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Browse for export file"), Qt.MouseButton.LeftButton)  # returns at once
    [dialog] = [d for d in window.findChildren(QFileDialog) if d.isVisible()]
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.selectedFiles()[0].endswith("builtin.gift")
    chosen = tmp_path / "chosen.gift"
    dialog.selectFile(str(chosen))
    dialog.accept()
    assert named(window, "Export file").text() == str(chosen)
    qtbot.mouseClick(named(window, "Save export"), Qt.MouseButton.LeftButton)
    assert chosen.is_file()


def test_html_questions_show_without_loading_their_images_as_files(qtbot, window) -> None:
    named(window, "Skip naming").click()
    import_set(qtbot, window, DATA / "hipaa_moodle.xml", "HIPAA")
    manage(qtbot, window, "HIPAA")
    qtbot.mouseClick(named(window, "Browse questions"), Qt.MouseButton.LeftButton)
    search = named(window, "Search questions")
    qtbot.keyClicks(search, "tourniquets")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    QApplication.processEvents()  # paints the rich text: a Qt warning here would fail the test
    stem = named(window, "Selected question text")
    assert stem.textFormat() == Qt.TextFormat.RichText
    assert "<img" not in stem.text() and "[image: tourniquet] [image]" in stem.text()
    assert "Images: tourniquet.png" in text_of(window, "Question details")
    assert "multiple answer" in text_of(window, "Selected question")
