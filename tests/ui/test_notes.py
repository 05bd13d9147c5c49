"""The study notes in the window: contents, search, and "Read the note" from a rationale with Back
returning to the same question."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from quizapp.core.clock import FakeClock
from quizapp.core.datafiles import BANK_DIR_ENV
from tests.core.bank.test_builtin_sets import bank_with, ess_question
from tests.helpers.widgets import is_shown, named, text_of
from tests.helpers.windows import open_window

LAW = """---
title: Medical Law and Ethics
domain: Medical Law and Ethics
---
# Medical Law and Ethics

Laws a medical assistant works under.

## Consent
Implied consent is shown by what a patient does, such as rolling up a sleeve for a tourniquet.

Sources: A law text, https://example.org/consent
"""


@pytest.fixture
def window(qtbot, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch):
    cite = [{"source": "notes/phlebotomy.md", "locator": "Release the tourniquet within one minute"}]
    bank = bank_with(tmp_path, ess_question("ess-phleb-001"),
                     ess_question("ess-phleb-002", topic="Order of draw", citations=cite,
                                  stem="How long may a tourniquet stay on before release?"))
    (bank / "notes" / "law_ethics.md").write_text(LAW)
    monkeypatch.setenv(BANK_DIR_ENV, str(bank))
    win = open_window(qtbot, tmp_path / "data", clock)
    yield win
    win.close()


def test_the_notes_page_lists_notes_by_domain_and_opens_a_section(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Study notes"), Qt.MouseButton.LeftButton)
    assert window.windowTitle().startswith("Study notes")
    assert named(window, "Search notes").hasFocus()
    tree = named(window, "Notes contents")
    entries = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert entries == ["Clinical Patient Care", "Medical Law and Ethics"]  # the test plan's order
    law = tree.topLevelItem(1)
    assert [law.child(i).text(0) for i in range(law.childCount())] == ["Consent"]  # a note's sections
    phlebotomy = tree.topLevelItem(0).child(0)
    assert phlebotomy.text(0) == "Phlebotomy"
    assert [phlebotomy.child(i).text(0) for i in range(phlebotomy.childCount())] == ["Order of draw", "Tourniquet"]
    tree.setCurrentItem(phlebotomy.child(1))
    text = named(window, "Note text")
    assert "Release the tourniquet within one minute" in text.toPlainText()
    assert "Sources: Another manual, https://example.org/tourniquet" in text.toPlainText()
    assert text.textCursor().block().text() == "Tourniquet"  # opened at the section
    qtbot.keyClick(window.pages["notes"], Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home


def test_search_lists_matching_sections_and_opens_one(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    field = named(window, "Search notes")
    qtbot.keyClicks(field, "tourniquet")
    results = named(window, "Search results")
    assert is_shown(window, "Search results") and results.count() == 2
    texts = [results.item(i).data(Qt.ItemDataRole.AccessibleTextRole) for i in range(results.count())]
    assert texts[0].startswith("Phlebotomy, Tourniquet: Release the tourniquet")
    assert texts[1].startswith("Medical Law and Ethics, Consent:")
    assert "<b>tourniquet</b>" in results.item(0).text()  # the match is highlighted
    assert text_of(window, "Notes status") == "2 sections mention “tourniquet”."
    qtbot.keyClick(field, Qt.Key.Key_Down)  # from the field into the results: the first opens
    assert results.hasFocus() and results.currentRow() == 0
    assert named(window, "Note text").textCursor().block().text() == "Tourniquet"
    qtbot.keyClick(results, Qt.Key.Key_Down)
    assert named(window, "Note text").toPlainText().startswith("Medical Law and Ethics")
    highlighted = [s.cursor.selectedText() for s in named(window, "Note text").extraSelections()]
    assert highlighted and {h.lower() for h in highlighted} == {"tourniquet"}
    field.clear()
    qtbot.keyClicks(field, "centrifuge gel")
    assert results.count() == 0 and "No section mentions all of" in text_of(window, "Notes status")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "" and is_shown(window, "Notes contents")


def test_read_the_note_from_practice_and_back_to_the_same_question(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    named(window, "Set Career-guide bank").setChecked(False)
    named(window, "Number of questions").setValue(2)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    page = window.pages["practice"]
    stem = text_of(window, "Question text")
    qtbot.keyClick(page, Qt.Key.Key_A)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert is_shown(window, "Read the note")
    item = page.state.items[0]
    expected_anchor = "tourniquet" if "tourniquet" in stem else "order-of-draw"
    assert item.feedback.sources[0].anchor == expected_anchor
    qtbot.mouseClick(named(window, "Read the note"), Qt.MouseButton.LeftButton)
    text = named(window, "Note text")
    assert window.stack.currentWidget() is window.pages["notes"] and text.hasFocus()
    assert text.textCursor().block().text() == ("Tourniquet" if expected_anchor == "tourniquet" else "Order of draw")
    qtbot.mouseClick(named(window, "Back"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    assert text_of(window, "Question text") == stem and is_shown(window, "Result")  # exactly where it was
    assert "Study note: Phlebotomy" in text_of(window, "Source")


def test_career_guide_questions_offer_no_note(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    named(window, "Set CCMA Essentials").setChecked(False)
    named(window, "Number of questions").setValue(1)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.pages["practice"], Qt.Key.Key_A)
    qtbot.keyClick(window.pages["practice"], Qt.Key.Key_Return)
    assert is_shown(window, "Source") and not is_shown(window, "Read the note")
    QApplication.processEvents()


def test_a_shown_note_follows_the_theme_and_the_text_size(qtbot, window) -> None:
    from quizapp.ui.theme import ThemeName

    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Study notes"), Qt.MouseButton.LeftButton)
    window.pages["notes"].open_note("phlebotomy", "tourniquet")
    text = named(window, "Note text")
    before = text.document()
    window.set_theme(ThemeName.DARK)
    window.set_text_scale(1.5)
    QApplication.processEvents()
    assert text.document() is not before  # rendered again in the new colours and size
    assert text.document().defaultFont().pointSizeF() > before.defaultFont().pointSizeF()
    assert "Release the tourniquet within one minute" in text.toPlainText()
