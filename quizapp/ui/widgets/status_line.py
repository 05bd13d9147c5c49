"""The one-line outcome under a form: what happened, or what went wrong, said in words.

A problem is also marked for the stylesheet (the theme's "wrong" colour, bold), never by colour
alone, so a screen reader and a colour-blind user get the same message.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from quizapp.ui.widgets.common import label, repolish


def status_label(name: str) -> QLabel:
    """A hidden, selectable status line with an accessible name, shown by `say`."""
    status = label(role="muted", name=name, selectable=True)
    status.hide()
    return status


def say(status: QLabel, text: str, problem: bool = False) -> None:
    status.setText(text)
    repolish(status, "result", "wrong" if problem else "")
    status.setVisible(bool(text))


def hush(status: QLabel) -> None:
    status.clear()
    status.hide()
