"""Finding widgets the way a screen reader (and a student) would: by accessible name."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def visible_named(root: QWidget) -> dict[str, list[QWidget]]:
    found: dict[str, list[QWidget]] = {}
    for widget in root.findChildren(QWidget):
        name = widget.accessibleName()
        if name and widget.isVisible():
            found.setdefault(name, []).append(widget)
    return found


def named(root: QWidget, name: str) -> QWidget:
    """The one visible widget with this accessible name (fails if none or several)."""
    matches = visible_named(root).get(name, [])
    assert len(matches) == 1, f"{len(matches)} visible widgets named {name!r}"
    return matches[0]


def is_shown(root: QWidget, name: str) -> bool:
    return bool(visible_named(root).get(name))


def text_of(root: QWidget, name: str) -> str:
    widget = named(root, name)
    assert isinstance(widget, (QLabel, QAbstractButton)), type(widget)
    return widget.text()


def duplicate_names(root: QWidget) -> dict[str, int]:
    return {name: len(ws) for name, ws in visible_named(root).items() if len(ws) > 1}


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible controls a user acts on that a screen reader could not name."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox)
    missing = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, kinds) and widget.isVisible() and not widget.accessibleName():
            if widget.parent() is not None and widget.parent().inherits("QAbstractSpinBox"):
                continue
            missing.append(f"{type(widget).__name__}({getattr(widget, 'text', lambda: '')()!r})")
    return missing


def tree_item(tree, name: str):
    """The item a screen reader announces as `name` (its accessible text), searched at every depth."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    iterator = QTreeWidgetItemIterator(tree)
    found = []
    while iterator.value():
        item = iterator.value()
        if item.data(0, Qt.ItemDataRole.AccessibleTextRole) == name:
            found.append(item)
        iterator += 1
    assert len(found) == 1, f"{len(found)} tree items named {name!r}"
    return found[0]


def toggle_in_tree(qtbot, tree, name: str) -> None:
    """Ticks or clears the entry `name` the way a keyboard user does: select it, press Space."""
    from PySide6.QtCore import Qt

    item = tree_item(tree, name)
    tree.setFocus()
    tree.setCurrentItem(item)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
