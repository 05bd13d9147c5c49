"""Practice set-up: sets, then domains, sub-domains and topics as a tree with counts; the choice
is remembered per profile."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.widgets import named, text_of, toggle_in_tree, tree_item
from tests.ui.test_profiles import menu_action


def open_setup(qtbot, window) -> None:
    window.show_home()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)


def _count(text: str) -> int:
    return int(text.rsplit("(", 1)[1].rstrip(")"))


def test_the_tree_counts_and_narrows_the_session(qtbot, window) -> None:
    named(window, "Skip naming").click()
    open_setup(qtbot, window)
    tree = named(window, "Topics to practise")
    clinical = tree_item(tree, "Clinical Patient Care")
    subdomains = [clinical.child(i).data(0, Qt.ItemDataRole.AccessibleTextRole) for i in range(clinical.childCount())]
    assert subdomains[:2] == ["Patient Intake and Vitals", "General Patient Care"]  # the test plan's order
    phlebotomy = tree_item(tree, "Phlebotomy")
    children = (phlebotomy.child(i) for i in range(phlebotomy.childCount()))
    assert _count(phlebotomy.text(0)) == sum(_count(child.text(0)) for child in children)
    total = int(text_of(window, "Questions chosen").split()[0])
    qtbot.mouseClick(named(window, "Clear domains"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Questions chosen") == "0 questions to draw from"
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Practice set-up status") == "Choose at least one domain or topic."

    toggle_in_tree(qtbot, tree, "Phlebotomy")  # a sub-domain ticks all its topics
    assert phlebotomy.checkState(0) == Qt.CheckState.Checked
    assert clinical.checkState(0) == Qt.CheckState.PartiallyChecked
    assert text_of(window, "Questions chosen") == f"{_count(phlebotomy.text(0))} questions to draw from"
    named(window, "Number of questions").setValue(5)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    items = window.pages["practice"].state.items
    assert len(items) == 5 and {i.question.subdomain for i in items} == {"Phlebotomy"}

    open_setup(qtbot, window)  # remembered: the same tick, the same number
    tree = named(window, "Topics to practise")
    assert tree_item(tree, "Phlebotomy").checkState(0) == Qt.CheckState.Checked
    assert tree_item(tree, "Medical Law and Ethics").checkState(0) == Qt.CheckState.Unchecked
    assert named(window, "Number of questions").value() == 5
    qtbot.mouseClick(named(window, "Select all domains"), Qt.MouseButton.LeftButton)
    assert int(text_of(window, "Questions chosen").split()[0]) == total


def test_switching_a_set_off_recounts_and_keeps_the_ticks(qtbot, window) -> None:
    named(window, "Skip naming").click()
    open_setup(qtbot, window)
    tree = named(window, "Topics to practise")
    qtbot.mouseClick(named(window, "Clear domains"), Qt.MouseButton.LeftButton)
    toggle_in_tree(qtbot, tree, "Medical Law and Ethics")
    before = _count(tree_item(tree, "Medical Law and Ethics").text(0))
    named(window, "Set CCMA Essentials").setChecked(False)
    tree = named(window, "Topics to practise")
    law = tree_item(tree, "Medical Law and Ethics")
    assert law.checkState(0) == Qt.CheckState.Checked
    assert _count(law.text(0)) <= before


def test_each_profile_has_its_own_remembered_choice(qtbot, window) -> None:
    named(window, "Skip naming").click()
    window.ctx.profiles.add("Maya")
    open_setup(qtbot, window)
    tree = named(window, "Topics to practise")
    qtbot.mouseClick(named(window, "Clear domains"), Qt.MouseButton.LeftButton)
    toggle_in_tree(qtbot, tree, "Administrative Assisting")
    named(window, "Number of questions").setValue(3)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)

    menu_action(window, "Study as Maya").trigger()
    open_setup(qtbot, window)
    tree = named(window, "Topics to practise")
    assert tree_item(tree, "Medical Law and Ethics").checkState(0) == Qt.CheckState.Checked  # Maya: everything
    assert named(window, "Number of questions").value() == 10

    menu_action(window, "Study as Default").trigger()
    open_setup(qtbot, window)
    tree = named(window, "Topics to practise")
    assert tree_item(tree, "Administrative Assisting").checkState(0) == Qt.CheckState.Checked
    assert tree_item(tree, "Medical Law and Ethics").checkState(0) == Qt.CheckState.Unchecked
    assert named(window, "Number of questions").value() == 3
