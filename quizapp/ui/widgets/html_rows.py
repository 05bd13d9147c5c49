"""Search results drawn as rich text in a list: the words searched for in bold, wrapped to the
list's width (the study notes' search and `Search questions` both use it)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QTextDocument
from PySide6.QtWidgets import QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem


def marked_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` escaped, with each (start, end) span in bold; overlapping spans are skipped."""
    last, out = 0, []
    for start, end in spans:
        if start < last:
            continue
        out += [html.escape(text[last:start]), f"<b>{html.escape(text[start:end])}</b>"]
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


class HtmlRowDelegate(QStyledItemDelegate):
    """Draws a search result's HTML (the matched words in bold) inside a list row."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        """The row's text laid out at the width the row really has, in painting and sizing alike."""
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(index.data(Qt.ItemDataRole.DisplayRole) or "")
        document.setTextWidth(max(50, self._view.viewport().width() - 12))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        style = option.widget.style() if option.widget else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = text
        painter.save()
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = option.palette.ColorRole.HighlightedText if selected else option.palette.ColorRole.Text
        context.palette.setColor(option.palette.ColorRole.Text, option.palette.color(role))
        context.clip = QRectF(0, 0, option.rect.width() - 12, option.rect.height() - 8)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt naming
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.textWidth()) + 12, int(document.size().height()) + 8)
