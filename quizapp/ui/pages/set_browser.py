"""Browsing one question set: search its questions, read any of them in full, and see the
problems students reported on them — with a CSV export of those reports.

It renders what core returns (`SetService.browse` pages of 50, `SetService.question`,
`ReportService.list`); searching and paging are core's, so a 10,000-question set stays quick.
Opened from the Question sets page (`Browse questions`, `Student reports`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLineEdit, QTableWidget, QWidget

from quizapp.core.changes import Changes
from quizapp.core.reports import ReportService, ReportView
from quizapp.core.sets import PAGE, QuestionSummary, SetService
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page
from quizapp.ui.widgets.file_field import SaveFileRow
from quizapp.ui.widgets.question_detail import QuestionDetailView
from quizapp.ui.widgets.status_line import hush, say, status_label
from quizapp.ui.widgets.tables import fill_table, read_only_table

VISIBLE_ROWS = 8  # the question list scrolls inside itself, so the detail stays close by


def _stem_line(text: str) -> str:
    return " ".join(text.split())


def _scrolling(table: QTableWidget, rows: int) -> None:
    """Gives a table room for `rows` rows at the current text size and lets it scroll the rest."""
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    row_height = table.fontMetrics().height() + 14
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + row_height * rows + 2 * table.frameWidth() + 2)


class SetBrowserPage(Page):
    title = "Browse a question set"
    back = Signal()

    def __init__(self, sets: SetService, reports: ReportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sets = sets
        self._reports = reports
        self._slug = ""
        self._search = ""
        self._offset = 0
        self._items: tuple[QuestionSummary, ...] = ()
        self._report_rows: list[ReportView] = []
        self._shown_ext_id: str | None = None
        column = scroll_page(self)
        row = QHBoxLayout()
        self.back_button = button("Back to question sets", tip="Return to the Question sets page (Esc)")
        row.addWidget(self.back_button)
        row.addStretch(1)
        column.addLayout(row)
        self.heading = label(role="title", name="Browsed set")
        column.addWidget(self.heading)
        self.summary = label(role="muted", name="Browsed set summary", selectable=True)
        column.addWidget(self.summary)
        column.addWidget(self._build_questions())
        self.detail = QuestionDetailView()
        column.addWidget(self.detail)
        column.addWidget(self._build_reports())
        column.addStretch(1)
        self.back_button.clicked.connect(self.back)

    # -- building ------------------------------------------------------------------------------
    def _build_questions(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Questions", role="subtitle"))
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setAccessibleName("Search questions")
        self.search.setPlaceholderText("Words from the question, an option, the topic or the id")
        self.search.setToolTip("Every word must match (Enter to search)")
        self.search_button = button("Search", "Run search", tip="Search the set (Enter)", primary=True)
        self.clear_button = button("Show all", "Clear search", tip="List every question of the set again")
        row.addWidget(self.search, 1)
        row.addWidget(self.search_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self.results = label(name="Search results")
        layout.addWidget(self.results)
        self.table = read_only_table(("ID", "Topic", "Domain", "Question"), "Questions in set")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setToolTip("Select a question to read it in full below")
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.previous_page = button("Previous page", tip=f"The {PAGE} questions before these")
        self.next_page = button("Next page", tip=f"The next {PAGE} questions")
        row.addWidget(self.previous_page)
        row.addWidget(self.next_page)
        row.addStretch(1)
        layout.addLayout(row)
        self.search.returnPressed.connect(self._on_search)
        self.search_button.clicked.connect(self._on_search)
        self.clear_button.clicked.connect(self._on_clear_search)
        self.previous_page.clicked.connect(lambda: self._on_page(-PAGE))
        self.next_page.clicked.connect(lambda: self._on_page(PAGE))
        self.table.currentCellChanged.connect(self._on_question_selected)
        return box

    def _build_reports(self) -> QWidget:
        self.reports_box, layout = card()
        self.reports_title = label(role="subtitle", name="Reports heading")
        layout.addWidget(self.reports_title)
        layout.addWidget(label("What students flagged with Report a problem, newest first. Select a report to "
                               "read its question above.", role="muted"))
        self.reports_table = read_only_table(("Question", "Reason", "Note", "Profile", "Date"), "Student reports")
        header = self.reports_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.reports_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.reports_table)
        self.no_reports = label("No student has reported a problem with this set's questions.", role="muted")
        layout.addWidget(self.no_reports)
        self.export_reports = button("Export reports as CSV", tip="Write these reports to a CSV file (Enter)")
        self.reports_file = SaveFileRow("Reports CSV file", "Browse for reports file", "Export reports to",
                                        action=self.export_reports)
        self.reports_file.file_filter = "CSV files (*.csv)"
        layout.addWidget(self.reports_file)
        self.reports_status = status_label("Reports status")
        layout.addWidget(self.reports_status)
        self.export_reports.clicked.connect(self._on_export_reports)
        self.reports_file.field.returnPressed.connect(self._on_export_reports)
        self.reports_table.currentCellChanged.connect(self._on_report_selected)
        return self.reports_box

    # -- showing -------------------------------------------------------------------------------
    @property
    def slug(self) -> str:
        """The set on show ("" before one is opened)."""
        return self._slug

    def show_set(self, slug: str, section: str = "questions") -> None:
        """Opens the set at its first page of questions; `section` "reports" puts the keyboard
        (and the scroll position) on its reports instead."""
        if slug != self._slug:
            self._shown_ext_id = None
            hush(self.reports_status)
            self.reports_file.field.clear()
        self._slug, self._search, self._offset = slug, "", 0
        self.search.clear()
        self.refresh()
        self.reports_file.suggest(f"{slug}-reports.csv")
        area = self.property("scrollArea")
        target = self.reports_table if section == "reports" else self.search
        if section == "reports" and not self._report_rows:
            target = self.reports_file.field
        if area is not None:
            area.ensureWidgetVisible(self.reports_box if section == "reports" else self.heading)
        target.setFocus()

    def cares_about(self, changes: Changes) -> bool:
        return changes.bank or changes.reports

    def refresh(self) -> None:
        self._stale = False
        if not self._slug:
            return
        info = next((s for s in self._sets.list() if s.slug == self._slug), None)
        if info is None:
            self.heading.setText("This set is no longer here")
            self.summary.setText("It was removed. Restore it on the Question sets page to browse it again.")
            self._fill_questions(())
            self.results.setText("")
            self.detail.clear("")
            self._fill_reports([])
            return
        self.heading.setText(f"Questions in {info.name}")
        served = "served" if info.enabled else "switched off"
        self.summary.setText(f"{info.questions} question{'' if info.questions == 1 else 's'}, {served}. "
                             f"Short name: {info.slug}.")
        self._load_page()
        self._fill_reports(self._reports.list(self._slug))

    def _load_page(self) -> None:
        page = self._sets.browse(self._slug, self._search, offset=self._offset, limit=PAGE)
        if page.total and page.offset >= page.total:  # the last page emptied (questions retired)
            self._offset = max(0, (page.total - 1) // PAGE * PAGE)
            page = self._sets.browse(self._slug, self._search, offset=self._offset, limit=PAGE)
        self._fill_questions(page.items)
        first, last = page.offset + 1, page.offset + len(page.items)
        if self._search:
            found = f"{page.total} question{'' if page.total == 1 else 's'} match “{self._search}”"
            self.results.setText(f"{found}: showing {first}–{last}." if page.total > PAGE
                                 else f"{found}." if page.total else f"No question matches “{self._search}”.")
        else:
            self.results.setText(f"Showing {first}–{last} of {page.total}." if page.total else
                                 "This set has no questions.")
        self.previous_page.setEnabled(page.offset > 0)
        self.next_page.setEnabled(last < page.total)
        ids = [item.ext_id for item in page.items]
        if self._shown_ext_id in ids:
            self._select_question(ids.index(self._shown_ext_id))
        elif ids:
            self._select_question(0)
        else:
            self._shown_ext_id = None
            self.detail.clear("No question to show." if self._search else "")

    def _fill_questions(self, items: tuple[QuestionSummary, ...]) -> None:
        self._items = items
        self.table.blockSignals(True)
        fill_table(self.table, [(q.ext_id, q.topic or "—", q.subdomain or q.domain or "No CCMA domain",
                                 _stem_line(q.stem)) for q in items], numeric_from=99)
        for r, _ in enumerate(items):
            for c in range(4):
                self.table.item(r, c).setToolTip(self.table.item(r, c).text()[:400])
        self._size_tables()
        self.table.blockSignals(False)

    def _fill_reports(self, reports: list[ReportView]) -> None:
        self._report_rows = reports
        self.reports_title.setText(f"Student reports ({len(reports)})")
        self.reports_table.blockSignals(True)
        fill_table(self.reports_table, [
            (r.question_ext_id, r.reason_text, _stem_line(r.note) or "—", r.profile,
             r.created_at.astimezone().strftime("%Y-%m-%d %H:%M")) for r in reports], numeric_from=99)
        for row, r in enumerate(reports):
            self.reports_table.item(row, 2).setToolTip(r.note)
            self.reports_table.item(row, 0).setToolTip(_stem_line(r.stem)[:400])
        self.reports_table.blockSignals(False)
        self.reports_table.setVisible(bool(reports))
        self.no_reports.setVisible(not reports)
        self._size_tables()

    def _size_tables(self) -> None:
        _scrolling(self.table, max(1, min(len(self._items), VISIBLE_ROWS)))
        _scrolling(self.reports_table, max(1, min(len(self._report_rows), VISIBLE_ROWS)))
        self._size_columns()

    def _size_columns(self) -> None:
        """Topic and domain get what their text needs, up to a quarter of the table each; the
        question takes the rest (a cut cell ends in "…" and shows in full as a tooltip)."""
        cap = max(80, self.table.viewport().width() // 4)
        for column in (1, 2):
            need = max(self.table.sizeHintForColumn(column), self.table.horizontalHeader().sectionSizeHint(column))
            self.table.setColumnWidth(column, min(cap, need + 8))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._size_columns()

    def _select_question(self, row: int) -> None:
        self.table.blockSignals(True)
        self.table.selectRow(row)
        self.table.blockSignals(False)
        self._show_question(self._items[row].ext_id)

    def _show_question(self, ext_id: str) -> None:
        def refused(message: str) -> None:
            self._shown_ext_id = None
            self.detail.clear(f"Cannot show {ext_id}: {message}.")
        detail = call_core(lambda: self._sets.question(self._slug, ext_id), refused)
        if detail is REFUSED:
            return
        self._shown_ext_id = ext_id
        self.detail.show_detail(detail)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        """A new text size changes the row height: re-measure the tables."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self._slug:
            self._size_tables()
        super().changeEvent(event)

    # -- slots ---------------------------------------------------------------------------------
    def _on_search(self) -> None:
        self._search, self._offset = " ".join(self.search.text().split()), 0
        self._shown_ext_id = None
        self._load_page()

    def _on_clear_search(self) -> None:
        self.search.clear()
        self._on_search()
        self.search.setFocus()

    def _on_page(self, step: int) -> None:
        self._offset = max(0, self._offset + step)
        self._shown_ext_id = None
        self._load_page()
        self.table.setFocus()

    def _on_question_selected(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        if 0 <= row < len(self._items):
            self._show_question(self._items[row].ext_id)

    def _on_report_selected(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        if not 0 <= row < len(self._report_rows):
            return
        ext_id = self._report_rows[row].question_ext_id
        ids = [item.ext_id for item in self._items]
        if ext_id in ids:
            self.table.blockSignals(True)
            self.table.selectRow(ids.index(ext_id))
            self.table.blockSignals(False)
        else:
            self.table.clearSelection()
        self._show_question(ext_id)

    def _on_export_reports(self) -> None:
        out = self.reports_file.path()
        if out is None:
            say(self.reports_status, "Type the path of the CSV file to write, or choose it with Browse….", True)
            return
        def refused(message: str) -> None:
            say(self.reports_status, f"Nothing was exported: {message}.", problem=True)
            self.reports_file.field.setFocus()
        result = call_core(lambda: self._reports.export_csv(out, self._slug), refused)
        if result is REFUSED:
            return
        self.reports_file.remember(result.out)
        say(self.reports_status, f"Saved {result.reports} report{'' if result.reports == 1 else 's'} to {result.out}.")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)
