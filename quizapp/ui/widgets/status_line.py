"""The one-line outcome under a form: what happened, or what went wrong, said in words.

A problem is also marked for the stylesheet (the theme's "wrong" colour, bold), never by colour
alone, so a screen reader and a colour-blind user get the same message.

A status says what the *last* action did: saying something on a page hides every other status
line of that page ("Import cancelled; nothing changed." does not stay beside a later "Exported 12
questions…"), and leaving the page hides them all (see `Page.hideEvent`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from quizapp.ui.widgets.common import label, repolish

STATUS_PROPERTY = "statusLine"  # marks the labels `say` replaces one another on


def status_label(name: str) -> QLabel:
    """A hidden, selectable status line with an accessible name, shown by `say`."""
    status = label(role="muted", name=name, selectable=True)
    status.setProperty(STATUS_PROPERTY, True)
    status.hide()
    return status


def say(status: QLabel, text: str, problem: bool = False) -> None:
    """Shows `text` in `status`, in place of whatever another status line of the page said."""
    if text:
        for other in status_lines(_page_of(status)):
            if other is not status:
                hush(other)
    status.setText(text)
    repolish(status, "result", "wrong" if problem else "")
    status.setVisible(bool(text))


def hush(status: QLabel) -> None:
    status.clear()
    status.hide()


def hush_all(root: QWidget) -> None:
    """Hides every status line under `root` (a page being left)."""
    for status in status_lines(root):
        if status.isVisibleTo(root) or status.text():
            hush(status)


def status_lines(root: QWidget | None) -> list[QLabel]:
    if root is None:
        return []
    return [w for w in root.findChildren(QLabel) if w.property(STATUS_PROPERTY)]


def _page_of(widget: QWidget) -> QWidget | None:
    from quizapp.ui.pages.base import Page

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, Page):
        parent = parent.parentWidget()
    return parent
