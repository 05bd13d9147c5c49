"""The questions an import would bring in, listed before the instructor confirms: each one's line
in the file, its question, its key and its domain, in a table that scrolls (a file may hold
thousands). The counts above it say how many; this says *which*, so a wrong key or a question
filed under the wrong domain is seen before anything is written."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from quizapp.core.formats.base import ParsedItem
from quizapp.core.questions import LETTERS, QuestionData
from quizapp.ui.widgets.common import clip
from quizapp.ui.widgets.rich_text import plain_text

COLUMNS = ("Line", "Question", "Key", "Domain")
VISIBLE_ROWS = 8  # rows shown before the table scrolls
SHOWN_CHARS = 200  # of a cell; the whole text is in its tooltip


def one_line(text: str) -> str:
    return " ".join(text.split())


def question_text(question: QuestionData) -> str:
    return one_line(plain_text(question.stem, question.text_format == "html"))


def key_text(question: QuestionData) -> str:
    """"B. Pediatrics", or every key of a multiple-answer question: "A. Gloves; C. Gown"."""
    rich = question.text_format == "html"
    keys = [f"{LETTERS[i]}. {one_line(plain_text(c.text, rich))}" for i, c in enumerate(question.choices)
            if c.is_correct and i < len(LETTERS)]
    return "; ".join(keys) or "no key"


def domain_text(question: QuestionData) -> str:
    return " · ".join(p for p in (question.domain, question.subdomain) if p) or "No CCMA domain"


class ImportQuestionsTable(QTableWidget):
    """`Questions to import`: read-only, one row per question, scrolling past `VISIBLE_ROWS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setAccessibleName("Questions to import")
        self.setAccessibleDescription("Each question the file holds: its line, text, key and domain")
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move within it
        self.setWordWrap(True)  # at 200% text in a small window a cell wraps rather than ending in "…"
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        for column in range(len(COLUMNS)):  # widths are set by `fit`, so rows can be measured at once
            self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)

    def show_items(self, items: Sequence[ParsedItem]) -> None:
        self.setUpdatesEnabled(False)
        try:
            self.setRowCount(len(items))
            for row, item in enumerate(items):
                q = item.question
                cells = (str(item.line), question_text(q), key_text(q), domain_text(q))
                for column, text in enumerate(cells):
                    cell = QTableWidgetItem(clip(text, SHOWN_CHARS))
                    if column:
                        cell.setToolTip(clip(text, 2_000))
                    else:
                        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.setItem(row, column, cell)
        finally:
            self.setUpdatesEnabled(True)
        self.scrollToTop()
        self.fit()

    def fit(self) -> None:
        """Key and domain get what they need up to a quarter of the width each; the question the
        rest. Rows are as tall as their wrapped text; the table shows up to `VISIBLE_ROWS` of them,
        then it scrolls."""
        header = self.horizontalHeader()
        width = self.viewport().width()
        needs = [max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) + 8 for c in range(len(COLUMNS))]
        quarter = max(80, width // 4)
        widths = [needs[0], 0, min(needs[2], quarter), min(needs[3], quarter)]
        widths[1] = max(120, width - sum(widths))
        for column, size in enumerate(widths):
            self.setColumnWidth(column, size)
        self.resizeRowsToContents()
        line = self.fontMetrics().height() + 12
        for row in range(self.rowCount()):
            self.setRowHeight(row, max(line, self.rowHeight(row)))
        shown = sum(self.rowHeight(r) for r in range(min(self.rowCount(), VISIBLE_ROWS))) or line
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + shown + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width() and self.rowCount():
            self.fit()
