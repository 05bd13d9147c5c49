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
