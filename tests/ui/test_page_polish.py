"""Issue #20, item 9: pages open at their top, a status line says only what the last action did,
counts read "1 item" (never "1 items"), and the mock-exam chart names its exams and lets none of
its points hide another."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from quizapp.core.changes import Changes
from quizapp.core.clock import FakeClock
from quizapp.core.wording import plural, plural_word
from tests.helpers.widgets import is_shown, named, text_of
from tests.ui.test_profiles import open_form
from tests.ui.test_set_management import DATA, import_set, manage

ONE_MANY = re.compile(r"(?<![\d,.])1 (items|questions|answers|minutes|days|domains|sessions|notes|weeks|points|"
                      r"problems|sections|review questions|scored items)\b")


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def visible_texts(root: QWidget) -> list[str]:
    return [w.text() for w in root.findChildren(QWidget)
            if isinstance(w, (QLabel, QAbstractButton)) and w.isVisible() and w.text()]


def test_plural_says_one_thing_and_many_things() -> None:
    assert plural(1, "item") == "1 item" and plural(0, "item") == "0 items" and plural(2, "item") == "2 items"
    assert plural(1, "review question") == "1 review question" and plural(3, "entry") == "3 entries"
    assert plural(1200, "answer", grouped=True) == "1,200 answers"
    assert plural_word(1, "was") == "was" and plural_word(2, "was") == "were"


# -- pages open at the top ------------------------------------------------------------------------
def test_profiles_opens_with_its_heading_in_view(qtbot, window) -> None:
    window.set_text_scale(2.0)
    window.resize(800, 600)
    named(window, "Skip naming").click()
    for n in range(4):
        window.ctx.profiles.add(f"Student {n}")
    page = open_form(window, "&Manage profiles")
    settle()
    area = page.property("scrollArea")
    assert area.verticalScrollBar().maximum() > 0  # the page is taller than the window …
    assert area.verticalScrollBar().value() == 0  # … and opens at its top
    heading = next(w for w in page.findChildren(QLabel) if w.text() == "Profiles")
    assert heading.visibleRegion().boundingRect().height() == heading.height()  # the heading is whole
    window.set_text_scale(1.0)


def test_a_page_scrolled_down_opens_at_its_top_next_time(qtbot, window) -> None:
    window.resize(800, 600)
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Progress"), Qt.MouseButton.LeftButton)
    page = window.pages["progress"]
    area = page.property("scrollArea")
    settle()
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())  # the student reads to the end
    assert area.verticalScrollBar().value() > 0
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # home
    assert window.stack.currentWidget() is window.home
    qtbot.mouseClick(named(window, "Progress"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    assert area.verticalScrollBar().value() == 0


# -- status lines -----------------------------------------------------------------------------------
def test_an_old_status_does_not_linger_after_a_later_action(qtbot, window, tmp_path: Path) -> None:
    named(window, "Skip naming").click()
    import_set(qtbot, window, DATA / "vitals.gift", "vitals")
    assert text_of(window, "Import status").startswith("Imported into 'vitals'")
    field = named(window, "Import file")
    qtbot.keyClicks(field, str(DATA / "hipaa_moodle.xml"))
    qtbot.mouseClick(named(window, "Preview import"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Cancel import"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Import status") == "Import cancelled; nothing changed."

    manage(qtbot, window, "vitals")  # an unrelated action: exporting a set
    qtbot.mouseClick(named(window, "Export set"), Qt.MouseButton.LeftButton)
    out = tmp_path / "vitals.gift"
    named(window, "Export file").clear()
    qtbot.keyClicks(named(window, "Export file"), str(out))
    qtbot.mouseClick(named(window, "Save export"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Set status") == f"Exported 7 questions of vitals to {out}."
    assert not is_shown(window, "Import status")  # the cancelled import is no longer news
    texts = visible_texts(window)
    assert "Import cancelled; nothing changed." not in texts

    window.show_home()  # leaving the page ends what its statuses said
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    assert not is_shown(window, "Set status") and not is_shown(window, "Import status")


def test_profile_forms_replace_each_others_status(qtbot, window, tmp_path: Path) -> None:
    open_form(window, "&Add profile…")
    qtbot.keyClicks(named(window, "New profile name"), "Maya")
    named(window, "Switch to the new profile").setChecked(False)
    qtbot.keyClick(named(window, "New profile name"), Qt.Key.Key_Return)
    assert is_shown(window, "Add profile status")
    field = named(window, "Profile name")
    field.clear()
    qtbot.keyClicks(field, "Sam")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert is_shown(window, "Rename status")
    assert not is_shown(window, "Add profile status")


# -- counts ------------------------------------------------------------------------------------------
def test_counts_of_one_read_in_the_singular(qtbot, window, clock: FakeClock) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start mock exam"), Qt.MouseButton.LeftButton)
    named(window, "ccma-quick").setChecked(True)
    settle()
    texts = visible_texts(window)
    assert "1 item" in texts  # EKG and Cardiovascular Testing: one item on the quick exam
    assert [t for t in texts if ONE_MANY.search(t)] == []

    window.show_home()  # one answer in practice
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    practice = window.pages["practice"]
    qtbot.keyClick(practice, Qt.Key.Key_A)
    qtbot.keyClick(practice, Qt.Key.Key_Return)
    window.show_home()
    assert text_of(window, "Progress summary").startswith("1 answer so far, ")
    qtbot.mouseClick(named(window, "Progress"), Qt.MouseButton.LeftButton)
    settle()
    texts = visible_texts(window)
    assert any(t.startswith("So far: 1 answer, ") for t in texts)
    assert [t for t in texts if ONE_MANY.search(t)] == []


# -- the mock exam chart ------------------------------------------------------------------------------
@pytest.fixture
def crowded_exams(window, clock: FakeClock) -> None:
    """Three exams within minutes, all scored 0%, two of them the quick exam; a fourth days later."""
    ctx = window.ctx
    profile = ctx.profiles.current().id
    for slug, seed in (("ccma-quick", 1), ("ccma-half", 2), ("ccma-quick", 3)):
        engine, _ = ctx.exams.start(profile, slug, seed=seed)
        engine.submit()
        clock.advance(60)
    clock.advance(3 * 86_400)
    engine, _ = ctx.exams.start(profile, "ccma-quick", seed=9)
    for item in engine.state().items[:6]:
        engine.answer(item.position, [0])
    engine.submit()
    window.publish(Changes(attempts=True, answers=True))


def test_mock_chart_names_exams_and_no_point_hides_another(qtbot, window, crowded_exams) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Progress"), Qt.MouseButton.LeftButton)
    chart = window.pages["progress"].mock_chart
    legend = [entry.text.text() for entry in chart._entries]
    assert legend == ["CCMA half-length mock exam", "CCMA quick mock exam"]  # names, not slugs
    assert not any("ccma-" in text for text in visible_texts(window))
    assert "CCMA quick mock exam on " in chart.view.accessibleDescription()
    chart.view.grab()  # paints it, as the screen would
    markers = chart.view.drawn_markers
    assert len(markers) == 4
    radius = chart.view.marker_radius()
    for i, (_, a) in enumerate(markers):
        for _, b in markers[i + 1:]:
            assert (a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2 >= (2 * radius) ** 2, "two markers overlap"
    labels = chart.view.drawn_labels
    assert len(labels) == 4 and all(text.endswith("%") for text, _ in labels)
    boxes = [box for _, box in labels]
    for i, a in enumerate(boxes):
        assert a.top() >= 0 and a.bottom() <= chart.view.plot_rect().bottom()  # inside the plot, clear of dates
        for b in boxes[i + 1:]:
            assert not a.intersects(b), "two values written over each other"
