"""Question sets: what is loaded, managing each set, importing a file with a preview, exam packs.

The import is two steps on one page: the preview (counts, kinds, domains, every problem with its
line) and then the import itself, which core commits all at once or not at all. An exam pack comes
in through the same preview, which then names its exam, time and the instructor's pass mark.
Managing a set (browse, reports, export, rename, remove) lives in `widgets.set_actions`, the
restore list in `widgets.removed_sets`; browsing and the pack editor are pages of their own,
opened through this page's signals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QTableWidgetItem,
    QWidget,
)

from quizapp.core.changes import Changes
from quizapp.core.context import AppContext
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page
from quizapp.ui.widgets.import_questions import ImportQuestionsTable
from quizapp.ui.widgets.removed_sets import RemovedSets
from quizapp.ui.widgets.set_actions import SetActions, display_names, origin_text
from quizapp.ui.widgets.status_line import hush, say, status_label
from quizapp.ui.widgets.tables import fill_table, read_only_table

if TYPE_CHECKING:  # the importers load when the first file is previewed, not at start-up
    from quizapp.core.imports import ImportPreview

FORMATS = (("Detect from the file", None), ("Moodle GIFT", "gift"), ("Aiken", "aiken"),
           ("Moodle XML", "moodle-xml"), ("CSV", "csv"), ("quizapp JSON", "json"))
KIND_NAMES = {"single": "single answer", "multiple": "multiple answer", "truefalse": "true/false"}
FILE_FILTER = "Question files (*.gift *.txt *.xml *.csv *.json);;All files (*)"



class QuestionSetsPage(Page):
    title = "Question sets"
    browse_requested = Signal(str)  # a set's slug: open the set browser on its questions
    reports_requested = Signal(str)  # … on its students' reports
    new_pack_requested = Signal()

    def __init__(self, ctx: AppContext, publish: Callable[[Changes], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._publish = publish
        self._preview: ImportPreview | None = None
        self._dialog: QFileDialog | None = None
        column = scroll_page(self)
        column.addWidget(label("Question sets", role="title"))
        column.addWidget(label("The built-in bank and the sets you import. A set switched off is not served in "
                               "practice, review or mock exams; its answers stay in your history.", role="muted"))

        self.table = read_only_table(("Set", "From", "Questions", "Reports", "Served"), "Question sets")
        self.table.setToolTip("Select a set to manage it below")
        column.addWidget(self.table)
        self.actions = SetActions(ctx.sets, ctx.exports, publish)
        column.addWidget(self.actions)

        box, layout = card()
        layout.addWidget(label("Import a question set", role="subtitle"))
        layout.addWidget(label("Moodle GIFT, Aiken, Moodle XML, CSV or quizapp JSON. You see a preview first; "
                               "nothing changes until you confirm.", role="muted"))
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName("Import file")
        self.path.setPlaceholderText("Path to the file")
        self.browse = button("Browse…", "Browse for a file", tip="Choose the file to import")
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.format = QComboBox()
        self.format.setAccessibleName("Import format")
        for text, code in FORMATS:
            self.format.addItem(text, code)
        self.name = QLineEdit()
        self.name.setAccessibleName("Set name")
        self.name.setPlaceholderText("Set name (default: the file's name)")
        row.addWidget(self.format)
        row.addWidget(self.name, 1)
        layout.addLayout(row)
        self.preview_button = button("Preview import", tip="Read the file and show what it holds (Enter)",
                                     primary=True)
        layout.addWidget(self.preview_button, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addWidget(box)

        self.preview_box, preview_layout = card("banner")
        self.preview_title = label(role="subtitle", name="Preview summary", selectable=True)
        self.preview_counts = label(name="Preview counts", selectable=True)
        self.preview_domains = label(name="Preview domains", selectable=True)
        self.questions_title = label(role="subtitle", name="Questions heading")
        self.questions = ImportQuestionsTable()
        self.problems_title = label(role="subtitle", name="Problems heading")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Import problems")
        self.problems.setWordWrap(True)
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.skip_invalid = QCheckBox("Import the valid questions and leave out the ones with problems")
        self.skip_invalid.setAccessibleName("Skip invalid questions")
        actions = QHBoxLayout()
        self.confirm = button("Import", "Confirm import", tip="Import these questions", primary=True)
        self.cancel = button("Cancel", "Cancel import")
        actions.addWidget(self.confirm)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        for widget in (self.preview_title, self.preview_counts, self.preview_domains, self.questions_title,
                       self.questions, self.problems_title, self.problems, self.skip_invalid):
            preview_layout.addWidget(widget)
        preview_layout.addLayout(actions)
        self.preview_box.hide()
        column.addWidget(self.preview_box)
        self.status = status_label("Import status")
        column.addWidget(self.status)

        box, layout = card()
        layout.addWidget(label("Exam packs for a class", role="subtitle"))
        layout.addWidget(label("Define an exam — name, time, items per domain or per set, and your own pass mark — "
                               "and export it as one file. Students import it with Import question set and take "
                               "it like a mock exam.", role="muted"))
        self.new_pack = button("New exam pack", tip="Open the exam pack template editor", primary=True)
        layout.addWidget(self.new_pack, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addWidget(box)
        self.removed = RemovedSets(ctx.sets, publish)
        column.addWidget(self.removed)
        column.addStretch(1)

        self.browse.clicked.connect(self._on_browse)
        self.preview_button.clicked.connect(self._on_preview)
        self.path.returnPressed.connect(self._on_preview)
        self.confirm.clicked.connect(self._on_confirm)
        self.cancel.clicked.connect(self._on_cancel)
        self.skip_invalid.toggled.connect(self._update_confirm)
        self.new_pack.clicked.connect(self.new_pack_requested)
        self.actions.browse_requested.connect(self.browse_requested)
        self.actions.reports_requested.connect(self.reports_requested)
        self.actions.chosen.connect(self._on_set_managed)
        self.table.currentCellChanged.connect(self._on_row_selected)
        self._toggles: dict[str, QCheckBox] = {}
        self._slugs: list[str] = []

    def cares_about(self, changes: Changes) -> bool:
        return changes.bank or changes.reports

    def refresh(self) -> None:
        self._stale = False
        sets = self._ctx.sets.list()
        names = display_names(sets)
        reports: dict[str, int] = {}
        for report in self._ctx.reports.list():
            reports[report.set_slug] = reports.get(report.set_slug, 0) + 1
        for row in range(self.table.rowCount()):
            holder = self.table.cellWidget(row, 4)
            if holder is not None:
                self.table.removeCellWidget(row, 4)  # deleted later, not at once: hide it meanwhile
                holder.hide()
        self._toggles.clear()
        self._slugs = [s.slug for s in sets]
        self.table.blockSignals(True)
        fill_table(self.table, [(names[s.slug], origin_text(s), str(s.questions), str(reports.get(s.slug, 0)), "")
                                for s in sets], numeric_from=2)
        for r in range(self.table.rowCount()):
            for c in (0, 1):
                self.table.item(r, c).setToolTip(self.table.item(r, c).text())
        self.table.blockSignals(False)
        self._size_columns()
        self.actions.show_sets(sets, names)
        self._select_row(self.actions.slug)
        self.removed.show_removed(self._ctx.sets.removed())
        for r, qset in enumerate(sets):
            toggle = QCheckBox("Served")
            toggle.setAccessibleName(f"Serve set {names[qset.slug]}")
            toggle.setChecked(qset.enabled)
            toggle.toggled.connect(lambda on, slug=qset.slug: self._on_toggle(slug, on))
            holder = QWidget()
            inner = QHBoxLayout(holder)
            inner.setContentsMargins(8, 0, 8, 0)
            inner.addWidget(toggle)
            self.table.setCellWidget(r, 4, holder)
            self._toggles[qset.slug] = toggle
            self.table.setItem(r, 4, QTableWidgetItem(""))

    def start_import(self) -> None:
        """Opened from home's `Import question set`: focus goes to the file field."""
        self.refresh()
        area = self.property("scrollArea")
        if area is not None:
            area.ensureWidgetVisible(self.path)
        self.path.setFocus()

    def _size_columns(self) -> None:
        """"From" gets what its text needs, up to a quarter of the table, so a set's name keeps
        the room (at 200% a long file name would otherwise squeeze it to "Bui…")."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        need = max(self.table.sizeHintForColumn(1), header.sectionSizeHint(1)) + 8
        self.table.setColumnWidth(1, min(need, max(80, self.table.viewport().width() // 4)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._size_columns()

    def manage(self, slug: str) -> None:
        """Chooses the set the "Manage a set" card acts on (as selecting its row does)."""
        self.actions.select(slug)

    def _select_row(self, slug: str) -> None:
        if slug in self._slugs and self.table.currentRow() != self._slugs.index(slug):
            self.table.blockSignals(True)
            self.table.selectRow(self._slugs.index(slug))
            self.table.blockSignals(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        """Esc closes the open form of "Manage a set", else cancels a shown import preview."""
        if event.key() == Qt.Key.Key_Escape:
            if self.actions.close_forms():
                self.actions.choice.setFocus()
                return
            if self.preview_box.isVisible():
                self._on_cancel()
                return
        super().keyPressEvent(event)

    # -- slots ---------------------------------------------------------------------------------
    def _on_browse(self) -> None:
        dialog = QFileDialog(self, "Choose a question file", str(Path.home()), FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self._on_file_chosen)
        dialog.open()  # window-modal sheet, not a blocking exec(): the app's event loop runs on
        self._dialog = dialog

    def _on_file_chosen(self, path: str) -> None:
        self.path.setText(path)
        self._on_preview()

    def _on_preview(self) -> None:
        text = self.path.text().strip()
        if not text:
            say(self.status, "Enter or browse for the file to import.", problem=True)
            return
        preview = self._ctx.imports.preview(Path(text).expanduser(), self.format.currentData(),
                                            self.name.text().strip() or None)
        self._preview = preview
        hush(self.status)
        self._show_preview(preview)

    def _show_preview(self, p: ImportPreview) -> None:
        fmt = next((t for t, c in FORMATS if c == p.format), p.format)
        kinds = ", ".join(f"{n} {KIND_NAMES.get(k, k)}" for k, n in sorted(p.kinds.items()))
        self.preview_title.setText(f"{p.file.name} — {fmt} — {plural(len(p.items), 'question')} "
                                   f"ready{(': ' + kinds) if kinds else ''}")
        into = f"into the existing set '{p.name}'" if p.existing_set else f"as a new set '{p.name}'"
        self.preview_counts.setText(f"Importing {into}: {p.new} new, {p.updated} updated, {p.unchanged} unchanged, "
                                    f"{len(p.skipped)} not served (e.g. essay questions).")
        domains = ", ".join(f"{name} ({n})" for name, n in sorted(p.domains.items()))
        topics = ", ".join(f"{name} ({n})" for name, n in sorted(p.topics.items())[:12])
        pack = p.pack
        self.preview_domains.setText(
            f"Exam pack: {pack.name} — {plural(pack.questions, 'question')}, {pack.minutes} minutes.\n"
            f"{pack.pass_mark_text}.\n{pack.note}\nTaking it: Start mock exam, then choose {pack.name}." if pack else
            f"Domains: {domains or '—'}\nTopics: {topics or '—'}")
        self.questions_title.setText(f"The {plural(len(p.items), 'question')} to import" if p.items
                                     else "No question can be imported")
        self.questions.show_items(p.items)
        self.questions.setVisible(bool(p.items))
        self.problems.clear()
        for problem in p.errors:
            self.problems.addItem(f"Line {problem.line}: {problem.message}" if problem.line else problem.message)
        for problem in p.skipped:
            where = f"Line {problem.line}" if problem.line else "File"
            self.problems.addItem(f"{where}: not served — {problem.message}")
        for warning in p.warnings:
            if pack is None or warning != pack.note:  # said above already
                self.problems.addItem(f"Note: {warning}")
        count = self.problems.count()
        self.problems_title.setText(f"{plural(len(p.errors), 'problem')} to fix" if p.errors
                                    else "Notes" if count else "No problems found")
        self.problems.setVisible(count > 0)
        self.problems.setFixedHeight(min(10, max(count, 1)) * (self.problems.fontMetrics().height() + 8) + 8)
        self.skip_invalid.setChecked(False)
        self.skip_invalid.setVisible(bool(p.errors) and bool(p.items))
        self.preview_box.show()
        self._update_confirm()
        (self.confirm if self.confirm.isEnabled() else self.cancel).setFocus()
        area = self.property("scrollArea")
        if area is not None:  # the preview opens below the form: bring it into view once laid out
            QTimer.singleShot(0, area, lambda: self._reveal_preview(area))

    def _reveal_preview(self, area: QScrollArea) -> None:
        """Scrolls the whole preview into view, or its top when it is taller than the window."""
        area.widget().layout().activate()  # the new rows' sizes, before measuring where the box is
        if self.preview_box.height() <= area.viewport().height():
            area.ensureWidgetVisible(self.preview_box, 0, 0)
        else:
            bar = area.verticalScrollBar()
            bar.setValue(min(bar.maximum(), self.preview_box.mapTo(area.widget(), QPoint(0, 0)).y()))

    def _update_confirm(self) -> None:
        p = self._preview
        self.confirm.setEnabled(p is not None and p.can_import(self.skip_invalid.isChecked()))

    def _on_confirm(self) -> None:
        if self._preview is None:
            return
        preview, skip = self._preview, self.skip_invalid.isChecked()
        outcome = call_core(lambda: self._ctx.imports.run(preview, skip_invalid=skip),
                            lambda message: say(self.status, f"Nothing was imported: {message}", problem=True))
        if outcome is REFUSED:
            return
        report, changes = outcome
        if not report.written:
            first = report.errors[0] if report.errors else None
            detail = (f" Line {first.line}: {first.message}" if first and first.line
                      else f" {first.message}" if first else "")
            say(self.status, "Nothing was imported." + detail, problem=True)
            return
        self.preview_box.hide()
        self._preview = None
        self.path.clear()
        self.name.clear()
        say(self.status, f"Imported into '{report.slug}': {report.imported} new, {report.updated} updated, "
                            f"{report.unchanged} unchanged, {len(report.skipped)} left out."
                            + (f" The exam {report.pack.name} is now offered under Start mock exam."
                               if report.pack else ""))
        self._publish(changes)  # redraws the table of sets

    def _on_cancel(self) -> None:
        self._preview = None
        self.preview_box.hide()
        say(self.status, "Import cancelled; nothing changed.")
        self.path.setFocus()

    def _on_toggle(self, slug: str, on: bool) -> None:
        changes = call_core(lambda: self._ctx.sets.set_enabled(slug, on),
                            lambda message: say(self.status, message, problem=True))
        if changes is REFUSED:
            self.refresh()  # not saved: the check box shows the stored state again
            return
        self._publish(changes)

    def _on_row_selected(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        if 0 <= row < len(self._slugs):
            self.actions.select(self._slugs[row])

    def _on_set_managed(self, slug: str) -> None:
        self._select_row(slug)
