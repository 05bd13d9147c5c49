"""Detects clipped text: a visible label or button smaller than the text it must show."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def clipped(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not root.window():
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + 1:
                    problems.append(f"label {widget.text()[:40]!r}: needs {need}px height, has {widget.height()}")
            elif widget.sizeHint().width() > widget.width() + 1:
                problems.append(f"label {widget.text()[:40]!r}: needs {widget.sizeHint().width()}px, "
                                f"has {widget.width()}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            hint = widget.sizeHint()
            if hint.width() > widget.width() + 1 or hint.height() > widget.height() + 1:
                problems.append(f"button {widget.text()[:40]!r}: needs {hint.width()}x{hint.height()}, "
                                f"has {widget.width()}x{widget.height()}")
    return problems
