"""Read-only tables that show all their rows (the page scrolls, not the table)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from quizapp.ui.widgets.common import clip

ROW_PADDING = 14  # pixels above and below a line of text in a row


class WrappingTable(QTableWidget):
    """A table whose first column (names: "Foundational Knowledge and Basic Science") wraps
    instead of eliding, whose other headers go onto two lines when one would not leave the names
    room, and which is always exactly as tall as its rows: at 200% text in an 800-pixel window every
    name is read whole ("Clinical Patient Care", never "Clinical Patien…")."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self._headers = tuple(headers)
        self._fitting = False
        self._total_width = 0
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalHeaderLabels(list(headers))

    def fit(self) -> None:
        """Chooses one- or two-line headers and the columns' widths for the width there is, then
        makes the table as tall as its rows. The names' column is never narrower than its longest
        word: in a window too narrow for even that, the table scrolls sideways instead."""
        if self._fitting:
            return
        self._fitting = True
        try:
            self._fit_columns()
            self.resizeRowsToContents()
            line = self.fontMetrics().height() + ROW_PADDING
            for row in range(self.rowCount()):  # never shorter than a one-line row: rows stay even
                if self.rowHeight(row) < line:
                    self.setRowHeight(row, line)
            rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
            bar = self.horizontalScrollBar()
            sideways = bar.sizeHint().height() if self._total_width > self.viewport().width() else 0
            self.setFixedHeight(self.horizontalHeader().height() + rows + sideways + 2 * self.frameWidth() + 2)
        finally:
            self._fitting = False

    def _fit_columns(self) -> None:
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        padding = 2 * metrics.averageCharWidth()
        margins = metrics.averageCharWidth() + 12  # a header section's margins, with a little to spare
        words = [w for r in range(self.rowCount()) if self.item(r, 0) is not None
                 for w in self.item(r, 0).text().split()]
        bold = header.font()
        bold.setBold(True)  # the stylesheet may set headings bold; measure as if it did
        heading = QFontMetrics(bold)
        first_needs = max(max((metrics.horizontalAdvance(w) for w in words), default=0) + padding // 2 + 6,
                          heading.horizontalAdvance(self._headers[0]) + margins)  # its heading whole, too

        def widths(labels: list[str]) -> list[int]:
            return [max(self.sizeHintForColumn(c),
                        max(heading.horizontalAdvance(part) for part in labels[c].split("\n")) + margins)
                    for c in range(1, self.columnCount())]

        available = self.viewport().width()
        labels = list(self._headers)
        if sum(widths(labels)) + first_needs > available:  # headers on two lines leave the names room
            labels = [h if c == 0 else "\n".join(h.rsplit(" ", 1)) for c, h in enumerate(self._headers)]
        if [self.horizontalHeaderItem(c).text() if self.horizontalHeaderItem(c) else ""
                for c in range(self.columnCount())] != labels:
            self.setHorizontalHeaderLabels(labels)
        header.setFixedHeight(header.sizeHint().height())
        others = widths(labels)
        first = max(first_needs, available - sum(others) - 2)  # 2: the grid line, so nothing scrolls by a pixel
        for c, width in enumerate([first, *others]):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(c, width)
        self._total_width = first + sum(others)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()


def read_only_table(headers: Sequence[str], name: str, *, wrap_names: bool = False) -> QTableWidget:
    """A table of rows to read; `wrap_names`: the first column wraps (see `WrappingTable`)."""
    table = WrappingTable(headers) if wrap_names else QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(wrap_names)
    table.setTabKeyNavigation(False)  # Tab leaves the table, as keyboard users expect
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for i in range(1, len(headers)):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]], numeric_from: int = 1) -> None:
    """Fills the table and sizes it to show every row at the current text size."""
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(clip(text, 1_000))  # one line per cell: no question needs more
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    if isinstance(table, WrappingTable):
        table.fit()
        return
    row_height = table.fontMetrics().height() + ROW_PADDING
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(row_height)
    header_height = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header_height + row_height * len(rows) + 2 * table.frameWidth() + 2)
