"""Showing a question's sanitised HTML in a QLabel without it reaching for files.

A QLabel opens an `<img>`'s `src` as a local file (`@@PLUGINFILE@@/x.png`, or "" where the
sanitiser removed a remote address); images are shown by the question view as zoomable
thumbnails instead, so in the text each `<img>` becomes "[image: alt]".
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel

from quizapp.ui.widgets.common import clip

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def without_images(text: str) -> str:
    def placeholder(match: re.Match[str]) -> str:
        alt = _ALT.search(match.group(0))
        return f"[image: {html.escape(html.unescape(alt.group(2)))}]" if alt and alt.group(2).strip() else "[image]"

    return _IMG.sub(placeholder, text)


def plain_text(text: str, rich: bool) -> str:
    """What a screen reader should read for question text (clipped like the text shown)."""
    text = clip(text)
    return QTextDocumentFragment.fromHtml(without_images(text)).toPlainText() if rich else text


def show_text(target: QLabel, text: str, rich: bool) -> None:
    """Puts question text in a label: sanitised HTML as rich text (images as placeholders), else
    plain text so a stray `<` is never taken for markup. Screen readers get the plain words."""
    if rich:  # the label (widgets.common.label) clips what it shows
        target.setTextFormat(Qt.TextFormat.RichText)
        target.setText(without_images(text))
    else:
        target.setTextFormat(Qt.TextFormat.PlainText)
        target.setText(text)
    target.setAccessibleDescription(plain_text(text, rich))
